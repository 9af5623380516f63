import type { RawExecutor } from './insert-interactions.js';

/** A run of consecutive items of one row as a storefront was shown them (one homeRows row, or one `row` page). */
export interface ImpressionSlice {
  pageId: string;
  /** null for an anonymous visitor. */
  userId: string | null;
  rowId: string;
  rowKind: string;
  /** 1-based position in the row of the first product; the others follow it. */
  firstPosition: number;
  /** In position order; never empty. */
  productIds: readonly string[];
  /** Parallel to productIds: the bandit arm behind each slot; null when no slot had one. */
  arms: readonly (string | null)[] | null;
  experimentId: string | null;
  variant: string | null;
  segment: string | null;
  shownAt: Date;
}

/** How many items a batch of slices holds. */
export const itemsOf = (slices: readonly ImpressionSlice[]): number => slices.reduce((n, slice) => n + slice.productIds.length, 0);

/**
 * A text[] literal. unnest() flattens a two-dimensional parameter and PostgreSQL arrays must be
 * rectangular, so each slice's list travels as one literal and is cast back per row. Every element
 * is quoted (ids may hold commas, braces or quotes); a null element is the bare NULL.
 */
export function textArrayLiteral(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
}

// The same unnest bulk insert as interactions (see insert-interactions.ts): a fixed number of
// parameters per batch. A slice already stored (a retried flush whose commit went through) is skipped.
const COLUMNS: Array<[column: string, cast: string, value: (slice: ImpressionSlice) => unknown]> = [
  ['page_id', 'text[]', (s) => s.pageId],
  ['user_id', 'text[]', (s) => s.userId],
  ['row_id', 'text[]', (s) => s.rowId],
  ['row_kind', 'text[]', (s) => s.rowKind],
  ['first_position', 'integer[]', (s) => s.firstPosition],
  ['product_ids', 'text[]', (s) => textArrayLiteral(s.productIds)],
  ['arms', 'text[]', (s) => (s.arms ? textArrayLiteral(s.arms) : null)],
  ['experiment_id', 'text[]', (s) => s.experimentId],
  ['variant', 'text[]', (s) => s.variant],
  ['segment', 'text[]', (s) => s.segment],
  ['shown_at', 'text[]::timestamp(3)[]', (s) => s.shownAt.toISOString()],
];
const LISTS = new Set(['product_ids', 'arms']);

const INSERT = `INSERT INTO impressions (${COLUMNS.map(([c]) => c).join(', ')})
SELECT ${COLUMNS.map(([c]) => (LISTS.has(c) ? `${c}::text[]` : c)).join(', ')}
FROM unnest(${COLUMNS.map(([, cast], i) => `$${i + 1}::${cast}`).join(', ')}) AS s(${COLUMNS.map(([c]) => c).join(', ')})
ON CONFLICT (page_id, row_id, first_position) DO NOTHING`;

/** Inserts slices in one statement; returns how many slices were new. */
export async function insertImpressions(db: RawExecutor, slices: readonly ImpressionSlice[]): Promise<number> {
  if (slices.length === 0) return 0;
  return db.$executeRawUnsafe(INSERT, ...COLUMNS.map(([, , value]) => slices.map(value)));
}
