import { describe, expect, it } from 'vitest';
import { applyTreatment } from '../../src/experiments/treatment.js';
import { DEFAULT_RANKING_CONFIG } from '../../src/recommend/rank/ranking-config.js';

describe('applyTreatment', () => {
  it('replaces the row order and lays bandit settings over the configuration\'s', () => {
    const config = { ...DEFAULT_RANKING_CONFIG, bandit: { rowOrder: true, explorationShare: 0.05 } };
    const served = applyTreatment(config, { rows: ['POPULAR', 'TOP_PICKS'], bandit: { explorationShare: 0.2 } });
    expect(served.rows).toEqual(['POPULAR', 'TOP_PICKS']);
    expect(served.bandit).toEqual({ rowOrder: true, explorationShare: 0.2 });
    expect(served.weights).toBe(config.weights);
    expect(config.rows).toEqual(DEFAULT_RANKING_CONFIG.rows);
  });

  it('serves the configuration itself for an empty treatment', () => {
    expect(applyTreatment(DEFAULT_RANKING_CONFIG, {})).toBe(DEFAULT_RANKING_CONFIG);
    expect(applyTreatment(DEFAULT_RANKING_CONFIG, { bandit: {} })).toBe(DEFAULT_RANKING_CONFIG);
  });
});
