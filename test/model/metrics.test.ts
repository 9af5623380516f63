import { describe, expect, it } from 'vitest';
import { itemKnnRankings, popularityRankings } from '../../src/model/eval/baselines.js';
import { itemPopularity, rankFromScores, rankingMetrics, topK } from '../../src/model/eval/metrics.js';
import { itemsByUser, leaveLastOut, randomSplit, type Rating } from '../../src/model/eval/protocols.js';

describe('topK', () => {
  it('returns the best indices first, ties to the lower index, skipping excluded ones', () => {
    expect(topK([0.1, 0.9, 0.5, 0.9, 0.3], 3)).toEqual([1, 3, 2]);
    expect(topK([0.1, 0.9, 0.5, 0.9, 0.3], 3, new Set([1]))).toEqual([3, 2, 4]);
    expect(topK([2, 1], 5)).toEqual([0, 1]);
  });
});

describe('rankingMetrics on a hand-computed example', () => {
  // User 0: ranked [3, 1, 4], held out {1, 4, 9}: hits at ranks 1 and 2 (0-based).
  // User 1: ranked [0, 2, 5], held out {7}: no hit. User 2: no held-out items, skipped.
  const rankings = [
    [3, 1, 4],
    [0, 2, 5],
    [6, 7, 8],
  ];
  const heldOut = [[1, 4, 9], [7], []];
  const popularity = [0.5, 0.25, 1, 0.5, 0.125, 0, 0.5, 0.5, 0.5, 0.5];
  const metrics = rankingMetrics({ rankings, heldOut, k: 3, catalogSize: 10, popularity, userCount: 4 });

  it('averages recall, NDCG and hit rate over users with held-out items', () => {
    expect(metrics.users).toBe(2);
    expect(metrics.recall).toBeCloseTo((2 / 3 + 0) / 2, 10);
    const dcg = 1 / Math.log2(3) + 1 / Math.log2(4);
    const ideal = 1 + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(metrics.ndcg).toBeCloseTo(dcg / ideal / 2, 10);
    expect(metrics.hitRate).toBe(0.5);
    expect(metrics.accuracy).toBeCloseTo(2 / 4, 10);
  });

  it('measures coverage over all lists and novelty as mean self-information', () => {
    expect(metrics.coverage).toBe(9 / 10);
    // Item 5 was never seen: it counts with half a user's share (0.5 / 4).
    const information = [3, 1, 4, 0, 2, 5, 6, 7, 8].map((i) => -Math.log2(Math.max(popularity[i]!, 0.125)));
    expect(metrics.novelty).toBeCloseTo(information.reduce((a, b) => a + b) / 9, 10);
  });

  it('ranks from a score matrix with and without filtering known items', () => {
    const scores = Float32Array.from([0.9, 0.1, 0.5, 0.2, 0.8, 0.3]);
    expect(rankFromScores(scores, 2, 3, 2)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(rankFromScores(scores, 2, 3, 2, [[0], []])).toEqual([
      [2, 1],
      [1, 2],
    ]);
  });
});

describe('baselines', () => {
  const userItems = [[0, 1], [0, 1, 2], [0, 3], [3]];

  it('popularity recommends the most-interacted items', () => {
    expect(itemPopularity(userItems, 4)).toEqual(Float64Array.from([0.75, 0.5, 0.25, 0.5]));
    expect(popularityRankings(userItems, 4, 2, false)[3]).toEqual([0, 1]);
    expect(popularityRankings(userItems, 4, 2, true)[3]).toEqual([0, 1]);
    expect(popularityRankings(userItems, 4, 2, true)[0]).toEqual([3, 2]);
  });

  it('item-kNN recommends items co-interacted with the user’s items', () => {
    // User 3 has item 3; item 3 co-occurs only with item 0 (user 2).
    expect(itemKnnRankings(userItems, 4, 1, true)[3]).toEqual([0]);
    // User 0 has {0, 1}: item 2 co-occurs with both (user 1), item 3 only with 0.
    expect(itemKnnRankings(userItems, 4, 2, true)[0]).toEqual([2, 3]);
  });
});

describe('protocols', () => {
  const ratings: Rating[] = [
    { user: 0, item: 0, time: 1 },
    { user: 0, item: 1, time: 5 },
    { user: 0, item: 2, time: 3 },
    { user: 1, item: 2, time: 2 },
    { user: 2, item: 0, time: 4 },
    { user: 2, item: 3, time: 4 },
  ];

  it('leave-last-out holds out each user’s latest rating, ties broken by item', () => {
    const { train, test } = leaveLastOut(ratings);
    expect(test).toEqual([ratings[1], ratings[5]]);
    expect(train).toHaveLength(4);
    expect(itemsByUser(test, 3)).toEqual([[1], [], [3]]);
  });

  it('random split is seeded and partitions the ratings', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({ user: i % 7, item: i, time: i }));
    const a = randomSplit(many, 0.2, 3);
    expect(a.test).toHaveLength(200);
    expect(new Set([...a.train, ...a.test]).size).toBe(1000);
    expect(randomSplit(many, 0.2, 3).test).toEqual(a.test);
    expect(randomSplit(many, 0.2, 4).test).not.toEqual(a.test);
  });
});
