import { assertNoProblems } from '../errors.js';
import type { InteractionEvent } from './events.js';
import { validateEvents } from './validate-events.js';

/** What the ingestion path needs from storage. */
export interface InteractionStore {
  existingProductIds(ids: readonly string[]): Promise<Set<string>>;
  existingShopperIds(ids: readonly string[]): Promise<Set<string>>;
  writeBatch(
    events: readonly InteractionEvent[],
    options: { createShoppers: boolean; now: Date },
  ): Promise<{ inserted: number; createdShoppers: number; insertedEventIds: ReadonlySet<string>; shopperRegions: ReadonlyMap<string, string> }>;
}

export interface RecordResult {
  accepted: number;
  /** Events whose eventId had been recorded before (retries); accepted but not stored twice. */
  duplicates: number;
  createdShoppers: number;
}

export interface Recorded {
  result: RecordResult;
  /**
   * The events stored now: retries of stored event ids left out, so in-memory state counts each
   * event once. An event without a region carries its shopper's profile region, as the popularity
   * read at start-up counts it (src/db/repositories/interactions.ts), so that live and restarted
   * gateways agree.
   */
  stored: InteractionEvent[];
}

/**
 * Validates a whole batch, then writes it in one transaction: one bad event rejects the batch
 * with an InputError naming its index and field, and nothing is written.
 */
export async function recordInteractions(
  store: InteractionStore,
  events: readonly InteractionEvent[],
  options: { autoCreateShoppers: boolean; now?: Date },
): Promise<Recorded> {
  const now = options.now ?? new Date();
  const knownProductIds = events.length ? await store.existingProductIds(events.map((e) => e.productId)) : new Set<string>();
  const knownUserIds = options.autoCreateShoppers || !events.length ? undefined : await store.existingShopperIds(events.map((e) => e.userId));
  assertNoProblems(validateEvents(events, { now, knownProductIds, knownUserIds }), 'events');
  const { inserted, createdShoppers, insertedEventIds, shopperRegions } = await store.writeBatch(events, { createShoppers: options.autoCreateShoppers, now });
  const stored = events
    .filter((e) => e.eventId == null || insertedEventIds.has(e.eventId))
    .map((e) => {
      const region = e.context?.region ? undefined : shopperRegions.get(e.userId);
      return region ? { ...e, context: { ...e.context, region } } : e;
    });
  return { result: { accepted: events.length, duplicates: events.length - inserted, createdShoppers }, stored };
}
