import type { InteractionType } from '../generated/prisma/enums.js';

/** An imported interaction, in the shape the bulk insert takes. */
export interface InteractionRow {
  eventId: string;
  userId: string;
  productId: string;
  type: InteractionType;
  rating?: number;
  quantity?: number;
  /** Decimal string, so no binary float sits between the file and the decimal column. */
  unitPrice?: string;
  occurredAt: Date;
  region?: string | null;
}

/** Runs one SQL statement with positional parameters: a Prisma client or transaction. */
export interface RawExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

// One INSERT … SELECT FROM unnest(arrays) per batch: eight parameters whatever the batch size,
// about eight times faster than createMany's multi-row VALUES on PGlite (5,000 rows: 0.4 s vs
// 3.3 s), and the same statement runs on PostgreSQL. Timestamps travel as ISO text because a
// `timestamp` column stores Prisma's UTC wall time and ignores the trailing "Z".
const INSERT_INTERACTIONS = `
INSERT INTO "interactions" ("event_id", "user_id", "product_id", "type", "rating", "quantity", "unit_price", "occurred_at", "region")
SELECT * FROM unnest(
  $1::text[], $2::text[], $3::text[], $4::text[]::"InteractionType"[], $5::double precision[],
  $6::integer[], $7::text[]::numeric[], $8::text[]::timestamp(3)[], $9::text[]
)
ON CONFLICT ("event_id") DO NOTHING`;

/** Inserts interactions, skipping event ids already stored; returns how many were new. */
export async function insertInteractions(db: RawExecutor, rows: InteractionRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  return db.$executeRawUnsafe(
    INSERT_INTERACTIONS,
    rows.map((row) => row.eventId),
    rows.map((row) => row.userId),
    rows.map((row) => row.productId),
    rows.map((row) => row.type),
    rows.map((row) => row.rating ?? null),
    rows.map((row) => row.quantity ?? null),
    rows.map((row) => row.unitPrice ?? null),
    rows.map((row) => row.occurredAt.toISOString()),
    rows.map((row) => row.region ?? null),
  );
}
