import { describe, expect, it } from 'vitest';
import { topPicks } from '../../../src/recommend/sources/top-picks.js';
import { along, anonymous, contextOf, item, shopper, signalsOf } from './fixture.js';

const items = ['a', 'b', 'c', 'd'].map((id) => item(id));
const vectors = new Map([
  ['a', along(0, 0.1)],
  ['b', along(0, 0.5)],
  ['c', along(0, 1)],
  ['d', along(5)],
]);
const signals = signalsOf({ items, vectors });

describe('topPicks', () => {
  it('proposes the nearest items to the shopper, closest first, skipping excluded ones', async () => {
    const picks = await topPicks({ profile: shopper(along(0)), context: contextOf(), signals, limit: 3, exclude: new Set(['b']) });
    expect(picks.map((c) => c.productId)).toEqual(['a', 'c', 'd']);
    expect(picks.every((c) => c.reason.code === 'TOP_PICK')).toBe(true);
    expect(picks[0].sourceScore).toBeGreaterThan(picks[1].sourceScore);
    expect(picks[2].sourceScore).toBeCloseTo(0.5); // orthogonal: cosine 0
  });

  it("gives the session's own direction its share of the candidates, naming the category it leans to", async () => {
    const world = signalsOf({
      items: [...items, item('g1', { category: 'glove' }), item('g2', { category: 'glove' }), item('s1', { category: 'scarf' })],
      vectors: new Map([...vectors, ['g1', along(9)], ['g2', along(9, 0.2)], ['s1', along(9, 0.9)]]),
    });
    const profile = shopper(along(0), {
      sessionTaste: { longTerm: along(0), vector: along(9), share: 0.5 },
      sessionAffinity: { categories: new Map([['glove', 1]]), share: 0.3 },
    });
    const picks = await topPicks({ profile, context: contextOf(), signals: world, limit: 6, exclude: new Set(['g2']) });
    // Three (6 × 0.5) nearest to the session, then the shopper's own nearest not already proposed.
    expect(picks.map((c) => c.productId)).toEqual(['g1', 's1', 'a', 'b', 'c', 'd']);
    expect(picks.map((c) => c.reason)).toEqual([
      { code: 'IN_SESSION', category: 'glove' },
      { code: 'IN_SESSION', category: null },
      { code: 'IN_SESSION', category: null },
      ...Array(3).fill({ code: 'TOP_PICK' }),
    ]);
  });

  it('proposes nothing when the page is not personalised', async () => {
    expect(await topPicks({ profile: anonymous(), context: contextOf(), signals, limit: 3, exclude: new Set() })).toEqual([]);
    const optedOut = shopper(along(0), { personalized: false });
    expect(await topPicks({ profile: optedOut, context: contextOf(), signals, limit: 3, exclude: new Set() })).toEqual([]);
  });
});
