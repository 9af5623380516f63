import { describe, expect, it } from 'vitest';
import { RECENTLY_VIEWED_DAYS, recentlyViewed } from '../../../src/recommend/sources/recently-viewed.js';
import type { HistoryEvent } from '../../../src/recommend/types.js';
import { anonymous, contextOf, DAY_MS, item, NOW, signalsOf } from './fixture.js';

const signals = signalsOf({ items: ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => item(id)) });
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);
const event = (productId: string, type: HistoryEvent['type'], days: number): HistoryEvent => ({ productId, type, occurredAt: daysAgo(days) });
const candidatesFor = (history: HistoryEvent[], options: { limit?: number; exclude?: string[]; dismissed?: string[]; purchased?: string[] } = {}) =>
  recentlyViewed({
    profile: anonymous({
      userId: 'u1',
      history,
      dismissed: new Set(options.dismissed ?? []),
      purchasedAt: new Map((options.purchased ?? []).map((id) => [id, daysAgo(100)])),
    }),
    context: contextOf(),
    signals,
    limit: options.limit ?? 10,
    exclude: new Set(options.exclude ?? []),
  });

describe('recentlyViewed', () => {
  it('proposes what the shopper engaged with, newest first, each product once, scored by recency', () => {
    const found = candidatesFor([event('a', 'VIEW', 0.1), event('b', 'WISHLIST', 0.5), event('a', 'CLICK', 1), event('c', 'ADD_TO_CART', 2), event('d', 'DWELL', 3)]);
    expect(found.map((c) => c.productId)).toEqual(['a', 'b', 'c', 'd']);
    expect(found.map((c) => c.sourceScore)).toEqual([1, 0.75, 0.5, 0.25]);
    expect(found.every((c) => c.reason.code === 'RECENTLY_VIEWED')).toBe(true);
  });

  it('leaves out products bought, skipped, dismissed or returned since, and those bought or dismissed at any time', () => {
    const history = [event('a', 'PURCHASE', 0.1), event('b', 'SKIP', 0.2), event('c', 'RETURN', 0.3), event('a', 'VIEW', 1), event('b', 'VIEW', 1), event('c', 'VIEW', 1), event('d', 'VIEW', 1), event('e', 'VIEW', 1), event('f', 'VIEW', 1)];
    expect(candidatesFor(history, { dismissed: ['d'], purchased: ['e'] }).map((c) => c.productId)).toEqual(['f']);
  });

  it(`stops at the limit and at ${RECENTLY_VIEWED_DAYS} days, skips excluded and unknown products`, () => {
    const history = [event('zz-unknown', 'VIEW', 0), event('a', 'VIEW', 1), event('b', 'VIEW', 2), event('c', 'VIEW', 3), event('d', 'VIEW', RECENTLY_VIEWED_DAYS + 1)];
    expect(candidatesFor(history, { exclude: ['a'] }).map((c) => c.productId)).toEqual(['b', 'c']);
    expect(candidatesFor(history, { limit: 2 }).map((c) => c.productId)).toEqual(['a', 'b']);
  });

  it('proposes nothing without history (anonymous or opted-out visitors)', () => {
    expect(candidatesFor([])).toEqual([]);
  });
});
