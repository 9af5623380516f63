import { beforeAll, describe, expect, it } from 'vitest';
import { silentProgress } from '../../src/cli/progress.js';
import { evaluate, METHODS, usersWithHistory, type EvaluationReport } from '../../src/model/eval/evaluate.js';
import { leaveLastNewOut, type Rating } from '../../src/model/eval/protocols.js';
import { formatEvaluationTable } from '../../src/model/eval/report.js';
import { SeededRandom } from '../../src/model/random.js';
import { plantedWorld } from './planted.js';

const DAY = 86_400;
const world = plantedWorld({ itemsPerCluster: 30, usersPerCluster: 20, perUser: 12 });
const random = new SeededRandom(5);

/**
 * Each shopper's planted items one day apart in random order; every third shopper then re-orders
 * their first item after everything else, the retail pattern leave-last-out must not hold out.
 */
const ratings: Rating[] = world.users.flatMap((_user, user) => {
  const items = [...world.train, ...world.test].filter((i) => i.user === user).map((i) => i.item);
  random.shuffle(items);
  const own = items.map((item, day) => ({ user, item, time: day * DAY }));
  return user % 3 === 0 ? [...own, { user, item: items[0]!, time: 100 * DAY }] : own;
});
// Only static features: the history must come from each protocol's training ratings.
const users = world.users.map(({ id, context }) => ({ id, context }));
const dataset = { ratings, items: world.items, users };

describe('leave-last-out with repeats', () => {
  const split = leaveLastNewOut(ratings);

  it('holds out, per user, the item first reached last, and nothing of it stays in training', () => {
    expect(split.test).toHaveLength(world.users.length);
    expect(new Set(split.test.map((r) => r.user)).size).toBe(world.users.length);
    for (const held of split.test) {
      const own = ratings.filter((r) => r.user === held.user && r.time < 100 * DAY);
      const lastNew = own.reduce((a, b) => (b.time > a.time ? b : a));
      expect(held).toEqual(lastNew);
      expect(split.train.some((r) => r.user === held.user && r.item === held.item)).toBe(false);
    }
  });

  it('drops re-orders made after the held-out moment instead of training on them', () => {
    const reorders = ratings.filter((r) => r.time === 100 * DAY);
    expect(split.dropped).toBe(reorders.length);
    expect(split.train.some((r) => r.time === 100 * DAY)).toBe(false);
    expect(split.train.length + split.test.length + split.dropped).toBe(ratings.length);
  });

  it('does not test users with a single distinct item, and keeps their ratings for training', () => {
    const loner: Rating[] = [
      { user: 0, item: 3, time: 1 },
      { user: 0, item: 3, time: 2 },
      { user: 1, item: 4, time: 1 },
      { user: 1, item: 5, time: 1 },
    ];
    const small = leaveLastNewOut(loner);
    expect(small.test).toEqual([{ user: 1, item: 5, time: 1 }]);
    expect(small.train).toEqual([loner[0], loner[1], loner[2]]);
  });

  it('builds histories from training ratings only', () => {
    const withHistory = usersWithHistory(users, split.train);
    for (const held of split.test) {
      const history = withHistory[held.user]!.recent!.map((event) => event.itemIndex);
      expect(history).not.toContain(held.item);
      expect(history.length).toBe(split.train.filter((r) => r.user === held.user).length);
    }
  });
});

describe('evaluate on planted clusters', () => {
  let report: EvaluationReport;

  beforeAll(async () => {
    report = await evaluate(dataset, {
      protocols: ['random-split', 'leave-last-out'],
      k: [10, 5],
      seed: 3,
      train: { epochs: 6, batchSize: 64, learningRate: 0.01, patience: 3 },
      progress: silentProgress,
    });
  });

  it('reports every method, variant and cut-off the protocols ask for', () => {
    expect(report.k).toEqual([5, 10]);
    expect(report.dataset).toEqual({ users: users.length, items: world.items.length, ratings: ratings.length });
    expect(report.protocols.map((p) => p.protocol)).toEqual(['random-split', 'leave-last-out']);
    const [randomSplit, leaveLastOut] = report.protocols;
    expect(randomSplit!.variants).toEqual(['unfiltered', 'filtered']);
    expect(leaveLastOut!.variants).toEqual(['filtered']);
    for (const protocol of report.protocols) {
      expect(Object.keys(protocol.methods).sort()).toEqual([...METHODS].sort());
      for (const method of METHODS) {
        expect(Object.keys(protocol.methods[method])).toEqual(protocol.variants);
        for (const variant of protocol.variants) {
          const byK = protocol.methods[method][variant]!;
          expect(Object.keys(byK)).toEqual(['5', '10']);
          expect(byK['10']!.users).toBe(protocol.split.testUsers);
          expect(byK['10']!.recall).toBeGreaterThanOrEqual(byK['5']!.recall);
        }
      }
      expect(protocol.training.examplesPerSecond).toBeGreaterThan(0);
    }
    expect(Object.keys(randomSplit!.tfrsTop100Accuracy!).sort()).toEqual([...METHODS].sort());
    expect(leaveLastOut!.tfrsTop100Accuracy).toBeUndefined();
    expect(['tensorflow', 'wasm', 'cpu']).toContain(report.backend);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('splits at random 80/20 under protocol (a)', () => {
    const { split } = report.protocols[0]!;
    expect(split.testRatings).toBe(Math.round(0.2 * ratings.length));
    expect(split.trainRatings + split.testRatings).toBe(ratings.length);
  });

  it('holds out one item per eligible user under protocol (b)', () => {
    const { split } = report.protocols[1]!;
    expect(split.testUsers).toBe(world.users.length);
    expect(split.testRatings).toBe(world.users.length);
  });

  it('beats popularity on planted taste clusters', () => {
    for (const protocol of report.protocols) {
      const filtered = (method: 'twoTower' | 'popularity') => protocol.methods[method].filtered!['10']!;
      expect(filtered('twoTower').ndcg).toBeGreaterThan(1.5 * filtered('popularity').ndcg);
      expect(filtered('twoTower').recall).toBeGreaterThan(filtered('popularity').recall);
    }
  });

  it('formats a Markdown table per protocol', () => {
    const table = formatEvaluationTable(report);
    expect(table).toContain('### random-split');
    expect(table).toContain('### leave-last-out');
    const rows = table.split('\n').filter((line) => /^\| (two-tower|popularity|item-kNN) \|/.test(line));
    // (a): 2 variants × 2 cut-offs × 3 methods; (b): 1 × 2 × 3.
    expect(rows).toHaveLength(12 + 6);
    expect(table).toMatch(/Top-100 accuracy .*two-tower [01]\.\d{4}/);
  });
});
