import type { Device, InteractionType, Occasion, Season } from '../realtime/events.js';

/** An interaction in the shape the bulk insert takes; absent fields are stored as NULL. */
export interface InteractionRow {
  /** Idempotency key; rows whose key is already stored are skipped. */
  eventId?: string | null;
  userId: string;
  productId: string;
  type: InteractionType;
  occurredAt: Date;
  dwellMs?: number | null;
  rating?: number | null;
  quantity?: number | null;
  /** A number, or a decimal string so no binary float sits between a file and the column. */
  unitPrice?: number | string | null;
  device?: Device | null;
  occasion?: Occasion | null;
  season?: Season | null;
  region?: string | null;
  localTime?: string | null;
  referrer?: string | null;
  impressionId?: string | null;
}

/** Runs one SQL statement with positional parameters: a Prisma client or transaction. */
export interface RawExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

// One INSERT … SELECT FROM unnest(arrays): a fixed number of parameters whatever the batch size,
// and several times faster than Prisma's createMany, whose client-side work dominated large
// batches (5,000 rows: 0.4 s vs 3.3 s on PGlite). Timestamps travel as ISO text because a
// `timestamp` column holds Prisma's UTC wall time and the cast ignores the trailing "Z".
const COLUMNS: Array<[column: string, cast: string, value: (row: InteractionRow) => unknown]> = [
  ['event_id', 'text[]', (r) => r.eventId ?? null],
  ['user_id', 'text[]', (r) => r.userId],
  ['product_id', 'text[]', (r) => r.productId],
  ['type', 'text[]::"InteractionType"[]', (r) => r.type],
  ['dwell_ms', 'integer[]', (r) => r.dwellMs ?? null],
  ['rating', 'double precision[]', (r) => r.rating ?? null],
  ['quantity', 'integer[]', (r) => r.quantity ?? null],
  ['unit_price', 'text[]::numeric[]', (r) => (r.unitPrice == null ? null : String(r.unitPrice))],
  ['occurred_at', 'text[]::timestamp(3)[]', (r) => r.occurredAt.toISOString()],
  ['device', 'text[]::"Device"[]', (r) => r.device ?? null],
  ['occasion', 'text[]::"Occasion"[]', (r) => r.occasion ?? null],
  ['season', 'text[]::"Season"[]', (r) => r.season ?? null],
  ['region', 'text[]', (r) => r.region ?? null],
  ['local_time', 'text[]', (r) => r.localTime ?? null],
  ['referrer', 'text[]', (r) => r.referrer ?? null],
  ['impression_id', 'text[]', (r) => r.impressionId ?? null],
];

const INSERT = `INSERT INTO interactions (${COLUMNS.map(([c]) => c).join(', ')})
SELECT * FROM unnest(${COLUMNS.map(([, cast], i) => `$${i + 1}::${cast}`).join(', ')})
ON CONFLICT (event_id) DO NOTHING`;

/** Inserts interactions in one statement, skipping stored event ids; returns how many were new. */
export async function insertInteractions(db: RawExecutor, rows: readonly InteractionRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  return db.$executeRawUnsafe(INSERT, ...COLUMNS.map(([, , value]) => rows.map(value)));
}
