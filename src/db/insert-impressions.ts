import type { RawExecutor } from './insert-interactions.js';

/** One item as a storefront was shown it. */
export interface ImpressionRow {
  pageId: string;
  /** null for an anonymous visitor. */
  userId: string | null;
  rowId: string;
  rowKind: string;
  /** 1-based position in the row. */
  position: number;
  productId: string;
  experimentId: string | null;
  variant: string | null;
  arm: string | null;
  segment: string | null;
  shownAt: Date;
}

// The same unnest bulk insert as interactions (see insert-interactions.ts): a fixed number of
// parameters per batch. A slot already stored (a retried flush whose commit went through) is skipped.
const COLUMNS: Array<[column: string, cast: string, value: (row: ImpressionRow) => unknown]> = [
  ['page_id', 'text[]', (r) => r.pageId],
  ['user_id', 'text[]', (r) => r.userId],
  ['row_id', 'text[]', (r) => r.rowId],
  ['row_kind', 'text[]', (r) => r.rowKind],
  ['position', 'integer[]', (r) => r.position],
  ['product_id', 'text[]', (r) => r.productId],
  ['experiment_id', 'text[]', (r) => r.experimentId],
  ['variant', 'text[]', (r) => r.variant],
  ['arm', 'text[]', (r) => r.arm],
  ['segment', 'text[]', (r) => r.segment],
  ['shown_at', 'text[]::timestamp(3)[]', (r) => r.shownAt.toISOString()],
];

const INSERT = `INSERT INTO impressions (${COLUMNS.map(([c]) => c).join(', ')})
SELECT * FROM unnest(${COLUMNS.map(([, cast], i) => `$${i + 1}::${cast}`).join(', ')})
ON CONFLICT (page_id, row_id, position) DO NOTHING`;

/** Inserts impressions in one statement; returns how many were new. */
export async function insertImpressions(db: RawExecutor, rows: readonly ImpressionRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  return db.$executeRawUnsafe(INSERT, ...COLUMNS.map(([, , value]) => rows.map(value)));
}
