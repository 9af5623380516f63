import { describe, expect, it } from 'vitest';
import { newArrivals } from '../../../src/recommend/sources/new-arrivals.js';
import { along, anonymous, contextOf, DAY_MS, item, NOW, shopper, signalsOf } from './fixture.js';

const daysAgo = (days: number) => NOW.getTime() - days * DAY_MS;
const items = [
  item('old', { launchedAt: daysAgo(90) }),
  item('week-old', { launchedAt: daysAgo(7), brandId: 'loved' }),
  item('month-old', { launchedAt: daysAgo(30) }),
  item('yesterday', { launchedAt: daysAgo(1) }),
  item('preorder', { launchedAt: daysAgo(-20), stockStatus: 'PREORDER' }),
  item('unannounced', { launchedAt: daysAgo(-20) }),
];
const vectors = new Map([
  ['week-old', along(0)],
  ['month-old', along(0, 0.1)],
  ['yesterday', along(9)],
  ['preorder', along(20)],
]);
const signals = signalsOf({ items, vectors });
const options = { halfLifeDays: 45, lovedBrandIds: new Set(['loved']) };

describe('newArrivals', () => {
  it('proposes recent and pre-order launches, newest first, to a non-personalised page', async () => {
    const candidates = await newArrivals({ profile: anonymous(), context: contextOf(), signals, limit: 10, exclude: new Set(['month-old']) }, options);
    expect(candidates.map((c) => c.productId)).toEqual(['preorder', 'yesterday', 'week-old']);
    expect(candidates.every((c) => c.reason.code === 'NEW_ARRIVAL')).toBe(true);
    expect(candidates[0].sourceScore).toBe(1);
  });

  it('ranks by freshness × relevance for the shopper and says when the brand is loved', async () => {
    const candidates = await newArrivals({ profile: shopper(along(0)), context: contextOf(), signals, limit: 10, exclude: new Set() }, options);
    // week-old and month-old are close to the shopper; yesterday and preorder are orthogonal (relevance 0.5).
    expect(candidates.map((c) => c.productId)).toEqual(['week-old', 'month-old', 'preorder', 'yesterday']);
    expect(candidates[0].reason).toEqual({ code: 'NEW_FOR_YOU', brandLoved: true });
    expect(candidates[1].reason).toEqual({ code: 'NEW_FOR_YOU', brandLoved: false });
  });

  it('honours a shorter window and the limit', async () => {
    const candidates = await newArrivals({ profile: anonymous(), context: contextOf(), signals, limit: 1, exclude: new Set() }, { ...options, windowDays: 10 });
    expect(candidates.map((c) => c.productId)).toEqual(['preorder']);
  });
});
