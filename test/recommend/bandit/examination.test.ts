import { describe, expect, it } from 'vitest';
import { ArmStats, success, trial } from '../../../src/recommend/bandit/arm-stats.js';
import { examination } from '../../../src/recommend/bandit/examination.js';
import { SeededRandom } from '../../../src/model/random.js';

describe('examination', () => {
  it('is 1 for the top row and falls with rank as DCG discounts', () => {
    expect(examination(1)).toBe(1);
    expect(examination(3)).toBe(0.5);
    expect(examination(7)).toBeCloseTo(1 / 3, 12);
    for (let rank = 1; rank < 12; rank++) expect(examination(rank + 1)).toBeLessThan(examination(rank));
  });

  it('lets equally appealing rows look equal wherever they are shown, where counting every shown row as a trial blames the low ones', () => {
    // Position-based clicks: a row at rank r is looked at with probability examination(r), then clicked with probability 0.2.
    const appeal = 0.2;
    const random = new SeededRandom(11);
    const weighted = new ArmStats();
    const unweighted = new ArmStats();
    for (let page = 0; page < 20_000; page++) {
      for (let rank = 1; rank <= 6; rank++) {
        const arm = `row-${rank}`;
        weighted.add('s', arm, trial(examination(rank)));
        unweighted.add('s', arm, trial());
        if (random.next() < examination(rank) * appeal) {
          weighted.add('s', arm, success(examination(rank)));
          unweighted.add('s', arm, success());
        }
      }
    }
    const rate = (stats: ArmStats, rank: number) => {
      const { successes, failures } = stats.get('s', `row-${rank}`);
      return successes / (successes + failures);
    };
    for (let rank = 1; rank <= 6; rank++) expect(rate(weighted, rank), `rank ${rank}`).toBeCloseTo(appeal, 1);
    expect(rate(unweighted, 6)).toBeLessThan(0.1);
    expect(rate(unweighted, 1) - rate(unweighted, 6)).toBeGreaterThan(0.1);
  });
});
