import { describe, expect, it } from 'vitest';
import { ShopperStateCache, shopperStateBytes, type RecentEvent, type ShopperStateLoader } from '../../src/realtime/shopper-state.js';

/** Shoppers whose stored history is `events[id]` long (no database: the cache's own accounting is under test). */
function loaderWith(events: Record<string, number>): ShopperStateLoader {
  const history = (userId: string, n: number): RecentEvent[] =>
    Array.from({ length: n }, (_, i) => ({ userId, productId: `p-${i}`, type: 'VIEW', occurredAt: new Date(Date.UTC(2026, 10, 1, 0, n - i)) }));
  return {
    async shoppers() {
      return [];
    },
    async histories(ids, limit) {
      return new Map(ids.map((id) => [id, history(id, Math.min(limit, events[id] ?? 0))]));
    },
  };
}

const cost = (events: number) => shopperStateBytes({ shopper: null, history: new Array(events) });

describe('ShopperStateCache memory cap', () => {
  it('keeps the most recently used shoppers that fit the byte budget, whatever the count cap', async () => {
    const cache = new ShopperStateCache(loaderWith({ a: 50, b: 50, c: 50, d: 50 }), { historyLength: 50, max: 1_000, maxBytes: 3 * cost(50) });
    for (const id of ['a', 'b', 'c', 'd']) expect((await cache.get(id)).history).toHaveLength(50);
    expect(['a', 'b', 'c', 'd'].map((id) => cache.peek(id) !== undefined)).toEqual([false, true, true, true]);
  });

  it('holds more shoppers with short histories in the same budget', async () => {
    const cache = new ShopperStateCache(loaderWith({}), { historyLength: 50, max: 1_000, maxBytes: 3 * cost(50) });
    const ids = Array.from({ length: 40 }, (_, i) => `s-${i}`);
    for (const id of ids) await cache.get(id);
    expect(ids.filter((id) => cache.peek(id) !== undefined)).toHaveLength(Math.floor((3 * cost(50)) / cost(0)));
  });

  it('re-counts a shopper whose recorded events grow the history, evicting the least recently used', async () => {
    const cache = new ShopperStateCache(loaderWith({ a: 0, b: 0 }), { historyLength: 50, maxBytes: cost(0) + cost(3) });
    await cache.get('a');
    await cache.get('b');
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 0, minute));
    cache.record([1, 2].map((m) => ({ userId: 'b', productId: `q-${m}`, type: 'CLICK', occurredAt: at(m) })));
    expect(cache.peek('a')).toBeDefined();
    cache.record([{ userId: 'b', productId: 'q-3', type: 'CLICK', occurredAt: at(3) }, { userId: 'b', productId: 'q-4', type: 'CLICK', occurredAt: at(4) }]);
    expect(cache.peek('a')).toBeUndefined();
    expect(cache.peek('b')?.history.map((e) => e.productId)).toEqual(['q-4', 'q-3', 'q-2', 'q-1']);
  });
});
