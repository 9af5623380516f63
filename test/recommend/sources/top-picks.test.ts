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

  it('proposes nothing when the page is not personalised', async () => {
    expect(await topPicks({ profile: anonymous(), context: contextOf(), signals, limit: 3, exclude: new Set() })).toEqual([]);
    const optedOut = shopper(along(0), { personalized: false });
    expect(await topPicks({ profile: optedOut, context: contextOf(), signals, limit: 3, exclude: new Set() })).toEqual([]);
  });
});
