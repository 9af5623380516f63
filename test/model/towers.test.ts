import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/model/backend.js';
import { FeatureSpace, hashedWords, hourBucket, priceBucket, recencyDecay } from '../../src/model/features.js';
import { TwoTowerModel } from '../../src/model/towers.js';
import { plantedWorld } from './planted.js';

describe('features', () => {
  const world = plantedWorld({ itemsPerCluster: 3, usersPerCluster: 2, perUser: 3 });
  const space = FeatureSpace.fit(world.items, world.users);

  it('maps unknown vocabulary values to the out-of-vocabulary bucket with zero weight', () => {
    expect(space.brands.index('Maison Noir')).toBeGreaterThan(0);
    expect(space.brands.index('Unheard Of')).toBe(0);
    const [known, unknown] = [world.items[0]!, { ...world.items[0]!, id: 'new', brand: 'Unheard Of' }];
    const bags = space.encodeItems([known, unknown]);
    const slots = space.itemLayout.slotCount;
    const brandSlot = space.itemLayout.slotOffsets[space.itemLayout.group('brand')]!;
    const idSlot = space.itemLayout.slotOffsets[space.itemLayout.group('id')]!;
    expect(bags.weights[brandSlot]).toBe(1);
    expect(bags.weights[slots + brandSlot]).toBe(0);
    expect(bags.weights[slots + idSlot]).toBe(0);
  });

  it('buckets prices by log scale, hours by part of day, and decays by recency', () => {
    expect(priceBucket(undefined)).toBe(0);
    expect(priceBucket(100)).toBe(priceBucket(150));
    expect(priceBucket(1000)).toBeGreaterThan(priceBucket(150));
    expect(hourBucket(23)).toBe(hourBucket(20));
    expect(hourBucket(-1)).toBe(hourBucket(23));
    expect(recencyDecay(14)).toBeCloseTo(0.5);
    expect(hashedWords('Silk silk GOWN', 4096, 8)).toEqual(hashedWords('gown silk silk', 4096, 8).reverse());
  });

  it('puts rejections in their own pool and drops events on unknown items', () => {
    const bags = space.encodeUsers([
      {
        id: 'someone',
        recent: [
          { itemIndex: 0, type: 'PURCHASE', ageDays: 0 },
          { itemIndex: 1, type: 'RETURN', ageDays: 14 },
          { itemId: 'not-in-catalog', type: 'PURCHASE', ageDays: 0 },
        ],
      },
    ]);
    const layout = space.userLayout;
    const liked = layout.slotOffsets[layout.group('liked')]!;
    const rejected = layout.slotOffsets[layout.group('rejected')]!;
    expect(bags.weights[liked]).toBe(5);
    expect(bags.weights[liked + 1]).toBe(0);
    expect(bags.weights[rejected]).toBeCloseTo(1.5);
  });
  it('shows a training example the history from when the user came to its target item, or all of it, never the target', () => {
    const user = {
      id: 'someone',
      recent: [
        { itemIndex: 0, type: 'PURCHASE' as const, ageDays: 10 },
        { itemIndex: 1, type: 'PURCHASE' as const, ageDays: 4 },
        { itemIndex: 2, type: 'PURCHASE' as const, ageDays: 4 },
        { itemIndex: 3, type: 'PURCHASE' as const, ageDays: 0 },
        { itemIndex: 1, type: 'VIEW' as const, ageDays: 0 },
      ],
    };
    const layout = space.userLayout;
    const liked = layout.slotOffsets[layout.group('liked')]!;
    const likedRows = layout.rowOffsets[layout.group('liked')]!;
    const historyOf = (bags: { indices: Int32Array; weights: Float32Array }, n: number) => {
      const history = new Map<number, number>();
      for (let s = liked; s < liked + space.json.options.historyLength; s++) {
        const slot = n * layout.slotCount + s;
        if (bags.weights[slot]! > 0) history.set(bags.indices[slot]! - likedRows - 1, bags.weights[slot]!);
      }
      return history;
    };
    const timelines = [space.timeline(user)];
    // Target item 1 (first bought 4 days ago): the same-day item 2 and the older item 0 remain,
    // aged from that day; the later item 3 and every event on item 1 are hidden.
    const bags = space.encodeUsersAt([user], timelines, { user: [0, 0, 0], item: [1, 9999, 1], asOfItem: [true, true, false] });
    const atItem1 = historyOf(bags, 0);
    expect([...atItem1.keys()].sort()).toEqual([0, 2]);
    expect(atItem1.get(2)).toBeCloseTo(5);
    expect(atItem1.get(0)).toBeCloseTo(5 * recencyDecay(6));
    // An item missing from the history leaves all of it visible, as encodeUsers does.
    const whole = historyOf(space.encodeUsers([user]), 0);
    expect(historyOf(bags, 1)).toEqual(whole);
    expect([...whole.keys()].sort()).toEqual([0, 1, 2, 3]);
    // Without the cut, the whole history shows, still without the target.
    const withoutItem1 = historyOf(bags, 2);
    expect([...withoutItem1.keys()].sort()).toEqual([0, 2, 3]);
    expect(withoutItem1.get(0)).toBe(whole.get(0));
  });
});

describe('towers', () => {
  beforeAll(async () => {
    await selectBackend();
  });

  it('embed users and items as unit-length 64-d rows, including unseen ones', () => {
    const world = plantedWorld({ itemsPerCluster: 5, usersPerCluster: 3 });
    const model = new TwoTowerModel(FeatureSpace.fit(world.items, world.users));
    const items = model.embedItems([...world.items, { id: 'brand-new', title: 'mystery' }, { id: 'bare' }]);
    const users = model.embedUsers([...world.users, { id: 'anonymous' }]);
    expect(items).toHaveLength((world.items.length + 2) * 64);
    expect(users).toHaveLength((world.users.length + 1) * 64);
    for (const [vectors, count] of [
      [items, world.items.length + 2],
      [users, world.users.length + 1],
    ] as const) {
      for (let row = 0; row < count; row++) {
        const norm = Math.hypot(...vectors.subarray(row * 64, (row + 1) * 64));
        expect(norm).toBeCloseTo(1, 4);
      }
    }
    model.dispose();
  });
});
