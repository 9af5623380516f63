import { describe, expect, it } from 'vitest';
import { ArmStats, posterior, success, trial } from '../../../src/recommend/bandit/arm-stats.js';
import { betaSampler, seedOf } from '../../../src/recommend/bandit/beta-sampler.js';
import { thompsonOrder } from '../../../src/recommend/bandit/row-order.js';
import { segmentOf } from '../../../src/recommend/bandit/segment.js';

/** Bernoulli outcomes from their own seeded stream, so that clicks do not share draws with the bandit. */
function coin(seed: number): (p: number) => boolean {
  const uniform = betaSampler(seed);
  return (p) => uniform(1, 1) < p;
}

/**
 * Pulls the arm the bandit puts first, `rounds` times; the pulled arm is shown (a trial) and is
 * clicked with its click rate (a success). Returns the arm pulled in each round.
 */
function simulate(rates: Record<string, number>, rounds: number, seed: number, segment = 'MOBILE/evening'): { pulls: string[]; stats: ArmStats } {
  const arms = Object.keys(rates);
  const stats = new ArmStats();
  const sample = betaSampler(seed);
  const click = coin(seed + 1);
  const pulls: string[] = [];
  for (let round = 0; round < rounds; round++) {
    const [arm] = thompsonOrder(arms, (a) => stats.get(segment, a), sample);
    pulls.push(arm);
    stats.add(segment, arm, trial());
    if (click(rates[arm])) stats.add(segment, arm, success());
  }
  return { pulls, stats };
}

describe('Beta sampling', () => {
  it('repeats exactly with a seed and draws within (0, 1) near the posterior mean', () => {
    const a = betaSampler(7);
    const b = betaSampler(7);
    const draws = Array.from({ length: 2_000 }, () => a(3, 7));
    expect(Array.from({ length: 2_000 }, () => b(3, 7))).toEqual(draws);
    expect(draws.every((x) => x > 0 && x < 1)).toBe(true);
    expect(draws.reduce((s, x) => s + x, 0) / draws.length).toBeCloseTo(0.3, 1);
    expect(betaSampler(8)(3, 7)).not.toBe(betaSampler(7)(3, 7));
  });

  it('turns request keys into stable 32-bit seeds', () => {
    expect(seedOf('default|s-1|MOBILE/evening|42')).toBe(seedOf('default|s-1|MOBILE/evening|42'));
    expect(seedOf('default|s-1|MOBILE/evening|42')).not.toBe(seedOf('default|s-2|MOBILE/evening|42'));
    expect(Number.isInteger(seedOf('x')) && seedOf('x') >= 0 && seedOf('x') < 2 ** 32).toBe(true);
  });
});

describe('arm evidence', () => {
  it('counts a shown trial as a failure until it succeeds, and adds deltas in any order', () => {
    const stats = new ArmStats();
    stats.add('s', 'TOP_PICKS', trial());
    stats.add('s', 'TOP_PICKS', trial());
    stats.add('s', 'TOP_PICKS', success());
    expect(stats.get('s', 'TOP_PICKS')).toEqual({ successes: 1, failures: 1 });
    expect(posterior(stats.get('s', 'TOP_PICKS'))).toEqual({ alpha: 2, beta: 2 });
    // A success that reached the totals before its trial never makes a negative count.
    expect(posterior({ successes: 1, failures: -1 })).toEqual({ alpha: 2, beta: 1 });

    const replicaA = ArmStats.of([{ segment: 's', arm: 'POPULAR', successes: 2, failures: 5 }]);
    replicaA.addAll(ArmStats.of([{ segment: 's', arm: 'POPULAR', successes: 1, failures: -1 }]));
    expect(replicaA.get('s', 'POPULAR')).toEqual({ successes: 3, failures: 4 });
    expect(replicaA.get('other', 'POPULAR')).toEqual({ successes: 0, failures: 0 });
  });

  it('segments requests by device and time of day', () => {
    expect(segmentOf({ device: 'MOBILE', timeOfDay: 'evening' })).toBe('MOBILE/evening');
    expect(segmentOf({ device: null, timeOfDay: 'morning' })).toBe('ANY/morning');
  });
});

describe('Thompson sampling of row order', () => {
  it('keeps the configured order as the prior: without evidence the first row leads most often', () => {
    const sample = betaSampler(3);
    const firsts = Array.from({ length: 2_000 }, () => thompsonOrder(['A', 'B', 'C', 'D'], () => ({ successes: 0, failures: 0 }), sample)[0]);
    const share = (arm: string) => firsts.filter((f) => f === arm).length / firsts.length;
    expect(share('A')).toBeGreaterThan(share('B'));
    expect(share('B')).toBeGreaterThan(share('D'));
    // ... but every row still gets its chance at the top.
    expect(share('D')).toBeGreaterThan(0.05);
  });

  it('is a permutation of the configured rows, identical for the same seed', () => {
    const counts = () => ({ successes: 3, failures: 30 });
    const order = thompsonOrder(['A', 'B', 'C'], counts, betaSampler(11));
    expect([...order].sort()).toEqual(['A', 'B', 'C']);
    expect(thompsonOrder(['A', 'B', 'C'], counts, betaSampler(11))).toEqual(order);
  });

  it('converges to the arm with the higher click rate, against the prior', () => {
    // B is configured last (the prior favours A) but is clicked twice as often.
    const { pulls, stats } = simulate({ A: 0.05, B: 0.1 }, 6_000, 2024);
    const late = pulls.slice(-1_000);
    expect(late.filter((arm) => arm === 'B').length / late.length).toBeGreaterThanOrEqual(0.9);
    expect(stats.get('MOBILE/evening', 'B').successes + stats.get('MOBILE/evening', 'B').failures).toBeGreaterThan(4_000);
  });

  it('converges for many seeds and three arms', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const late = simulate({ A: 0.04, B: 0.12, C: 0.06 }, 5_000, seed).pulls.slice(-1_000);
      expect(late.filter((arm) => arm === 'B').length / late.length, `seed ${seed}`).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('learns each segment on its own', () => {
    const stats = new ArmStats();
    const sample = betaSampler(9);
    const click = coin(10);
    const rates: Record<string, Record<string, number>> = { 'MOBILE/evening': { A: 0.02, B: 0.2 }, 'DESKTOP/morning': { A: 0.2, B: 0.02 } };
    const late: Record<string, string[]> = { 'MOBILE/evening': [], 'DESKTOP/morning': [] };
    for (let round = 0; round < 4_000; round++) {
      const segment = round % 2 === 0 ? 'MOBILE/evening' : 'DESKTOP/morning';
      const [arm] = thompsonOrder(['A', 'B'], (a) => stats.get(segment, a), sample);
      stats.add(segment, arm, trial());
      if (click(rates[segment][arm])) stats.add(segment, arm, success());
      if (round >= 3_000) late[segment].push(arm);
    }
    expect(late['MOBILE/evening'].filter((a) => a === 'B').length / 500).toBeGreaterThanOrEqual(0.9);
    expect(late['DESKTOP/morning'].filter((a) => a === 'A').length / 500).toBeGreaterThanOrEqual(0.9);
  });
});
