import { describe, expect, it } from 'vitest';
import { daySeries, experimentResults, type VariantAggregate } from '../../src/experiments/results.js';
import { compareMeans, compareProportions, wilson } from '../../src/experiments/statistics.js';

const none = { n: 0, sum: 0, sumSquares: 0 };
const aggregate = (key: string, over: Partial<VariantAggregate>): VariantAggregate => ({
  key,
  shoppers: 0,
  pages: 0,
  impressions: 0,
  clickedImpressions: 0,
  shoppersAddingToCart: 0,
  shoppersPurchasing: 0,
  revenue: none,
  netRevenue: none,
  interactions: 0,
  discoveries: 0,
  categoriesPerPage: none,
  brandsPerPage: none,
  ...over,
});

describe('experimentResults', () => {
  const control = aggregate('control', {
    shoppers: 200, impressions: 1_000, clickedImpressions: 50, shoppersAddingToCart: 30, shoppersPurchasing: 10,
    revenue: { n: 200, sum: 5_000, sumSquares: 2_000_000 }, netRevenue: { n: 200, sum: 4_000, sumSquares: 1_500_000 }, interactions: 400, discoveries: 100,
    categoriesPerPage: { n: 4, sum: 12, sumSquares: 38 }, brandsPerPage: { n: 4, sum: 16, sumSquares: 66 },
  });
  const variant = aggregate('b', {
    shoppers: 210, impressions: 1_100, clickedImpressions: 80, shoppersAddingToCart: 50, shoppersPurchasing: 12,
    revenue: { n: 210, sum: 6_300, sumSquares: 2_400_000 }, netRevenue: { n: 210, sum: 4_200, sumSquares: 1_700_000 }, interactions: 420, discoveries: 150,
    categoriesPerPage: { n: 3, sum: 15, sumSquares: 77 }, brandsPerPage: { n: 3, sum: 12, sumSquares: 50 },
  });
  const [c, b] = experimentResults([control, variant]);

  it('gives the control its estimates and no comparison', () => {
    expect(c.key).toBe('control');
    expect(c.ctr).toEqual({ ...wilson({ successes: 50, trials: 1_000 }), vsControl: null });
    expect(c.addToCartRate.value).toBe(0.15);
    expect(c.revenuePerShopper.value).toBe(25);
    expect(c.netRevenuePerShopper.value).toBe(20);
    expect(c.categoriesPerPage.value).toBe(3);
  });

  it('compares every other variant with the control: rates by z-test, means by Welch', () => {
    expect(b.clicks).toBe(80);
    expect(b.ctr.vsControl).toEqual(compareProportions({ successes: 50, trials: 1_000 }, { successes: 80, trials: 1_100 }));
    expect(b.addToCartRate.vsControl).toEqual(compareProportions({ successes: 30, trials: 200 }, { successes: 50, trials: 210 }));
    expect(b.purchaseRate.vsControl).toEqual(compareProportions({ successes: 10, trials: 200 }, { successes: 12, trials: 210 }));
    expect(b.discovery.vsControl).toEqual(compareProportions({ successes: 100, trials: 400 }, { successes: 150, trials: 420 }));
    expect(b.revenuePerShopper.vsControl).toEqual(compareMeans(control.revenue, variant.revenue));
    expect(b.netRevenuePerShopper.vsControl).toEqual(compareMeans(control.netRevenue, variant.netRevenue));
    expect(b.brandsPerPage.vsControl).toEqual(compareMeans(control.brandsPerPage, variant.brandsPerPage));
    expect(b.addToCartRate.vsControl!.significant).toBe(true);
  });

  it('reports a variant nobody saw yet without intervals or comparisons', () => {
    const [, empty] = experimentResults([control, aggregate('c', {})]);
    expect(empty.ctr).toEqual({ value: 0, low: null, high: null, vsControl: null });
    expect(empty.revenuePerShopper).toEqual({ value: 0, low: null, high: null, vsControl: null });
  });
});

describe('daySeries', () => {
  it('adds each day\'s CTR with its interval', () => {
    expect(daySeries([{ day: '2026-11-20', exposures: 3, impressions: 10, clicks: 3 }])).toEqual([
      { day: '2026-11-20', exposures: 3, impressions: 10, clicks: 3, ctr: wilson({ successes: 3, trials: 10 }) },
    ]);
  });
});
