import type { InteractionEvent } from '../realtime/events.js';
import { decodeImpression } from '../realtime/impressions.js';
import type { InteractionStore } from '../realtime/record-interactions.js';
import type { SqlRunner } from './client.js';
import { insertInteractionsCreatingShoppers, type InteractionRow } from './insert-interactions.js';

/** Where and under which strategy the item was shown, from the event's impression id (validated before). */
function attributionOf(impressionId: string | null | undefined) {
  const ref = impressionId ? decodeImpression(impressionId) : null;
  return ref && { pageId: ref.pageId, rowId: ref.rowId, position: ref.position, experimentId: ref.experimentId, variant: ref.variant, arm: ref.arm };
}

export function interactionRows(events: readonly InteractionEvent[], now: Date): InteractionRow[] {
  return events.map((e) => ({ ...e, ...e.context, ...attributionOf(e.impressionId), occurredAt: e.occurredAt ?? now }));
}

/**
 * The ingestion path's storage on the raw connection: at most two round trips per batch and
 * usually one. Products are checked against the in-memory catalog first (only ids it does not
 * know, e.g. created by another replica a moment ago, are looked up), and shoppers and events are
 * written in one statement. Through Prisma the same statement cost a third more (bench/ingest.ts).
 */
export function sqlInteractionStore(sql: SqlRunner, knownProduct: (id: string) => boolean): InteractionStore {
  const existing = async (table: 'products' | 'users', ids: readonly string[]) => {
    const rows = await sql.query<{ id: string }>(`SELECT id FROM ${table} WHERE id = ANY($1::text[])`, [[...new Set(ids)]]);
    return new Set(rows.map((r) => r.id));
  };
  return {
    async existingProductIds(ids) {
      const unknown = ids.filter((id) => !knownProduct(id));
      const found = unknown.length ? await existing('products', unknown) : new Set<string>();
      return new Set(ids.filter((id) => found.has(id) || knownProduct(id)));
    },
    existingShopperIds: (ids) => existing('users', ids),
    writeBatch(events, options) {
      const shopperIds = options.createShoppers ? [...new Set(events.map((e) => e.userId))] : [];
      return insertInteractionsCreatingShoppers({ $queryRawUnsafe: (query, ...values) => sql.query(query, values) as never }, interactionRows(events, options.now), shopperIds, options.now);
    },
  };
}
