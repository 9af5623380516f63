import { LRUCache } from 'lru-cache';
import type { Shopper, StoredInteraction } from '../catalog/types.js';

/** What ranking needs of a past event. */
export type RecentEvent = Pick<StoredInteraction, 'userId' | 'productId' | 'type' | 'occurredAt'>;

export interface ShopperState {
  shopper: Shopper | null;
  /** Newest first, at most `historyLength` events. */
  history: RecentEvent[];
}

export interface ShopperStateLoader {
  shoppers(ids: readonly string[]): Promise<Shopper[]>;
  histories(ids: readonly string[], limit: number): Promise<Map<string, RecentEvent[]>>;
}

/**
 * What a cached shopper costs in the heap, rounded up from bench/memory.ts (about 1.6 KB for the
 * shopper and 230 B per event): the cache is capped by it as well as by count, so shoppers with
 * long histories cannot outgrow the memory planned for it.
 */
const SHOPPER_BYTES = 1_700;
const EVENT_BYTES = 240;
export const DEFAULT_SHOPPER_CACHE_BYTES = 256 * 2 ** 20;

export function shopperStateBytes(state: ShopperState): number {
  return SHOPPER_BYTES + EVENT_BYTES * state.history.length;
}

/**
 * Recent state of active shoppers, kept in memory so a home page costs no database round trip.
 * Events recorded through this process are appended before the mutation returns, so the next
 * page already reflects them; entries expire so that changes made elsewhere (another replica, an
 * import) show up within `ttlMs`.
 */
export class ShopperStateCache {
  private readonly cache: LRUCache<string, ShopperState>;
  /** Lookups, for the metrics. */
  readonly stats = { hits: 0, misses: 0 };

  constructor(
    private readonly loader: ShopperStateLoader,
    private readonly options: { max?: number; maxBytes?: number; ttlMs?: number; historyLength: number },
  ) {
    this.cache = new LRUCache({
      max: options.max ?? 50_000,
      maxSize: options.maxBytes ?? DEFAULT_SHOPPER_CACHE_BYTES,
      sizeCalculation: shopperStateBytes,
      ttl: options.ttlMs ?? 60_000,
    });
  }

  async get(userId: string): Promise<ShopperState> {
    const cached = this.cache.get(userId);
    if (cached) {
      this.stats.hits++;
      return cached;
    }
    this.stats.misses++;
    const [shoppers, histories] = await Promise.all([this.loader.shoppers([userId]), this.loader.histories([userId], this.options.historyLength)]);
    const state = { shopper: shoppers[0] ?? null, history: histories.get(userId) ?? [] };
    this.cache.set(userId, state);
    return state;
  }

  /** Adds just-recorded events to the cached histories (newest first). */
  record(events: readonly RecentEvent[]): void {
    for (const event of events) {
      const state = this.cache.get(event.userId);
      if (!state) continue;
      const history = [event, ...state.history].sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime()).slice(0, this.options.historyLength);
      // A new state object, so the cache re-counts its size; the entry still expires on its first schedule.
      this.cache.set(event.userId, { shopper: state.shopper, history }, { noUpdateTTL: true });
    }
  }

  /** The cached state, if any, without loading it or refreshing its recency (for data exports). */
  peek(userId: string): ShopperState | undefined {
    return this.cache.peek(userId);
  }

  forget(userId: string): void {
    this.cache.delete(userId);
  }

  clear(): void {
    this.cache.clear();
  }
}
