import { describe, expect, it } from 'vitest';
import { isEligible, repurchaseWindowDays } from '../../../src/recommend/rank/eligibility.js';
import { DEFAULT_RANKING_CONFIG, type RankingConfig } from '../../../src/recommend/rank/ranking-config.js';
import { DAY, item, NOW, profile } from './fixtures.js';

const config: RankingConfig = { ...DEFAULT_RANKING_CONFIG, repurchaseWindowDays: { default: 180, byCategory: { fragrance: 45 } } };

describe('isEligible', () => {
  it('refuses dismissed items', () => {
    const tote = item('p1');
    expect(isEligible(tote, profile(), config, NOW)).toBe(true);
    expect(isEligible(tote, profile({ dismissed: new Set(['p1']) }), config, NOW)).toBe(false);
  });

  it.each([
    ['fragrance', 44, false],
    ['fragrance', 46, true],
    ['tote', 46, false],
    ['tote', 179, false],
    ['tote', 181, true],
  ])('a %s bought %i days ago is eligible: %s', (category, daysAgo, expected) => {
    const bought = profile({ purchasedAt: new Map([['p1', new Date(NOW.getTime() - daysAgo * DAY)]]) });
    expect(isEligible(item('p1', { category }), bought, config, NOW)).toBe(expected);
  });

  it('reads the window for a category by its name only, never from the object prototype', () => {
    expect(repurchaseWindowDays('constructor', config)).toBe(180);
    expect(repurchaseWindowDays('Fragrance', config)).toBe(45);
  });

  it.each(['OUT_OF_STOCK', 'DISCONTINUED'] as const)('drops %s items only when the configuration drops them', (stockStatus) => {
    const gone = item('p1', { stockStatus });
    expect(isEligible(gone, profile(), { ...config, outOfStock: 'drop' }, NOW)).toBe(false);
    expect(isEligible(gone, profile(), { ...config, outOfStock: 'demote' }, NOW)).toBe(true);
  });

  it('keeps low-stock and pre-order items even when dropping out-of-stock ones', () => {
    const drop = { ...config, outOfStock: 'drop' as const };
    expect(isEligible(item('p1', { stockStatus: 'LOW_STOCK' }), profile(), drop, NOW)).toBe(true);
    expect(isEligible(item('p1', { stockStatus: 'PREORDER' }), profile(), drop, NOW)).toBe(true);
  });
});
