import { describe, expect, it } from 'vitest';
import { becauseYouViewed } from '../../../src/recommend/sources/because-you-viewed.js';
import type { HistoryEvent } from '../../../src/recommend/types.js';
import { along, anonymous, contextOf, item, NOW, shopper, signalsOf } from './fixture.js';

const items = [
  item('tote', { title: 'Saffiano tote' }),
  item('tote-twin'),
  item('tote-cousin'),
  item('scarf', { title: 'Silk scarf' }),
  item('scarf-twin'),
  item('no-vector', { title: 'Unembedded bag' }),
];
const vectors = new Map([
  ['tote', along(0)],
  ['tote-twin', along(0, 0.2)],
  ['tote-cousin', along(0, 0.6)],
  ['scarf', along(10)],
  ['scarf-twin', along(10, 0.2)],
]);
const signals = signalsOf({ items, vectors });
const at = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000);
const event = (productId: string, type: HistoryEvent['type'], minutesAgo: number): HistoryEvent => ({ productId, type, occurredAt: at(minutesAgo) });
const run = (history: HistoryEvent[], options: { dismissed?: string[]; exclude?: string[] } = {}) =>
  becauseYouViewed({
    profile: shopper(along(3), { history, dismissed: new Set(options.dismissed) }),
    context: contextOf(),
    signals,
    limit: 2,
    exclude: new Set(options.exclude),
  });

describe('becauseYouViewed', () => {
  it('anchors on the latest positive event and names it, never proposing the anchor itself', async () => {
    const found = await run([event('scarf', 'SKIP', 1), event('tote', 'VIEW', 2), event('scarf', 'VIEW', 3)]);
    expect(found?.anchor.id).toBe('tote');
    expect(found?.candidates.map((c) => c.productId)).toEqual(['tote-twin', 'tote-cousin']);
    expect(found?.reason).toEqual({ code: 'BECAUSE_YOU', verb: 'viewed', anchorTitle: 'Saffiano tote', anchorId: 'tote' });
    expect(found?.candidates.every((c) => c.reason === found.reason)).toBe(true);
  });

  it('says what the shopper did with the anchor', async () => {
    expect((await run([event('scarf', 'WISHLIST', 1)]))?.reason).toMatchObject({ verb: 'wishlisted', anchorTitle: 'Silk scarf' });
    expect((await run([event('scarf', 'ADD_TO_CART', 1)]))?.reason).toMatchObject({ verb: 'added to bag' });
    expect((await run([event('scarf', 'PURCHASE', 1)]))?.reason).toMatchObject({ verb: 'bought' });
    expect((await run([event('scarf', 'DWELL', 1)]))?.reason).toMatchObject({ verb: 'viewed' });
  });

  it('skips products without a vector and dismissed ones', async () => {
    const found = await run([event('no-vector', 'WISHLIST', 1), event('tote', 'VIEW', 2), event('scarf', 'CLICK', 3)], { dismissed: ['tote'] });
    expect(found?.anchor.id).toBe('scarf');
  });

  it('leaves out excluded products', async () => {
    const found = await run([event('tote', 'VIEW', 1)], { exclude: ['tote-twin'] });
    expect(found?.candidates.map((c) => c.productId)).toEqual(['tote-cousin', 'scarf']);
  });

  it('gives no row without a positive event, or when the page is not personalised', async () => {
    expect(await run([event('tote', 'DISMISS', 1), event('scarf', 'RETURN', 2)])).toBeNull();
    const history = [event('tote', 'VIEW', 1)];
    expect(await becauseYouViewed({ profile: anonymous({ history }), context: contextOf(), signals, limit: 2, exclude: new Set() })).toBeNull();
  });
});
