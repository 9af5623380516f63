import { describe, expect, it } from 'vitest';
import { DEFAULT_RANKING_CONFIG } from '../../../src/recommend/rank/ranking-config.js';
import { isRankingConfig, validateRankingConfig } from '../../../src/recommend/rank/validate-config.js';

const base = structuredClone(DEFAULT_RANKING_CONFIG);
const withChange = (change: (c: Record<string, any>) => void) => {
  const config = structuredClone(base) as Record<string, any>;
  change(config);
  return config;
};

describe('validateRankingConfig', () => {
  it('accepts the default configuration', () => {
    expect(validateRankingConfig(DEFAULT_RANKING_CONFIG)).toEqual([]);
    expect(isRankingConfig(DEFAULT_RANKING_CONFIG)).toBe(true);
  });

  it.each<[string, (c: Record<string, any>) => void, string, RegExp]>([
    ['a negative weight', (c) => (c.weights.relevance = -0.1), 'config.weights.relevance', /must be a number from 0 to 100, got -0.1/],
    ['all weights 0', (c) => (c.weights = { relevance: 0, popularity: 0, freshness: 0, context: 0 }), 'config.weights', /are all 0/],
    ['a missing weight', (c) => delete c.weights.context, 'config.weights.context', /got nothing/],
    ['an unknown weight', (c) => (c.weights.recency = 0.1), 'config.weights.recency', /is not a field of the weights/],
    ['an unknown stock policy', (c) => (c.outOfStock = 'hide'), 'config.outOfStock', /must be one of drop, demote, got "hide"/],
    ['a factor above 1', (c) => (c.outOfStockFactor = 1.2), 'config.outOfStockFactor', /must be a number from 0 to 1, got 1.2/],
    ['a negative repurchase window', (c) => (c.repurchaseWindowDays.byCategory.fragrance = -3), 'config.repurchaseWindowDays.byCategory.fragrance', /got -3/],
    ['a zero half-life', (c) => (c.freshnessHalfLifeDays = 0), 'config.freshnessHalfLifeDays', /must be a number above 0 and at most 3650, got 0/],
    ['a negative popularity half-life', (c) => (c.popularityHalfLifeDays = -1), 'config.popularityHalfLifeDays', /got -1/],
    ['lambda above 1', (c) => (c.diversity.lambda = 1.5), 'config.diversity.lambda', /must be a number from 0 to 1/],
    ['a brand cap of 0', (c) => (c.diversity.maxPerBrand = 0), 'config.diversity.maxPerBrand', /must be a whole number from 1 to 100, got 0/],
    ['a fractional category cap', (c) => (c.diversity.maxPerCategory = 2.5), 'config.diversity.maxPerCategory', /got 2.5/],
    ['a serendipity share above half', (c) => (c.serendipityShare = 0.6), 'config.serendipityShare', /must be a number from 0 to 0.5, got 0.6/],
    ['no rows', (c) => (c.rows = []), 'config.rows', /lists no row kinds/],
    ['an unknown row', (c) => (c.rows = ['TOP_PICKS', 'BESTSELLERS']), 'config.rows[1]', /must be one of TOP_PICKS/],
    ['a repeated row', (c) => (c.rows = ['TOP_PICKS', 'TOP_PICKS']), 'config.rows[1]', /repeats "TOP_PICKS"/],
    ['an unknown top-level field', (c) => (c.serendipity = 0.1), 'config.serendipity', /did you mean "serendipityShare"\?/],
    ['an exploration share above 0.5', (c) => (c.bandit.explorationShare = 0.8), 'config.bandit.explorationShare', /must be a number from 0 to 0.5, got 0.8/],
    ['a row order that is not a flag', (c) => (c.bandit.rowOrder = 'yes'), 'config.bandit.rowOrder', /must be true or false, got "yes"/],
    ['an unknown bandit setting', (c) => (c.bandit.epsilon = 0.1), 'config.bandit.epsilon', /is not a field of the bandit settings/],
    ['a rotation rate of 1 (hiding every ignored product)', (c) => (c.rotation.rate = 1), 'config.rotation.rate', /must be a number from 0 to 0.9, got 1/],
    ['a rotation over no time', (c) => (c.rotation.hours = 0), 'config.rotation.hours', /must be a number above 0 and at most 2160, got 0/],
    ['an unknown rotation setting', (c) => (c.rotation.days = 3), 'config.rotation.days', /is not a field of the rotation settings/],
  ])('refuses %s', (_name, change, field, message) => {
    const problems = validateRankingConfig(withChange(change));
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe(field);
    expect(problems[0].message).toMatch(message);
  });

  it('refuses a value that is not an object', () => {
    expect(validateRankingConfig(null)).toEqual([{ field: 'config', message: expect.stringMatching(/must be an object.*got null/) }]);
    expect(isRankingConfig('x')).toBe(false);
  });
});
