import { compareMeans, compareProportions, meanEstimate, wilson, type Comparison, type Estimate, type Moments, type Proportion } from './statistics.js';

/** What the database aggregates for one variant (see ExperimentRepository.aggregates). */
export interface VariantAggregate {
  key: string;
  /** Exposed shoppers: the unit of the per-shopper rates. */
  shoppers: number;
  pages: number;
  impressions: number;
  /** Impressions that received an attributed click. */
  clickedImpressions: number;
  /** Shoppers with an ADD_TO_CART after their first exposure. */
  shoppersAddingToCart: number;
  /** Shoppers with a PURCHASE after their first exposure. */
  shoppersPurchasing: number;
  /** Revenue per exposed shopper (0 for those who bought nothing). */
  revenue: Moments;
  /** The same, less the value of returns of those purchases. */
  netRevenue: Moments;
  /** Engagement interactions after first exposure, and those on a product new to the shopper. */
  interactions: number;
  discoveries: number;
  /** Distinct categories and brands per page shown. */
  categoriesPerPage: Moments;
  brandsPerPage: Moments;
}

export interface Metric extends Estimate {
  /** Null for the control itself, or when either side has too little data. */
  vsControl: Comparison | null;
}

export interface VariantResult {
  key: string;
  shoppers: number;
  pages: number;
  impressions: number;
  clicks: number;
  ctr: Metric;
  addToCartRate: Metric;
  purchaseRate: Metric;
  revenuePerShopper: Metric;
  netRevenuePerShopper: Metric;
  discovery: Metric;
  categoriesPerPage: Metric;
  brandsPerPage: Metric;
}

type RateOf = (v: VariantAggregate) => Proportion;
type MeanOf = (v: VariantAggregate) => Moments;

const RATES = {
  ctr: (v) => ({ successes: v.clickedImpressions, trials: v.impressions }),
  addToCartRate: (v) => ({ successes: v.shoppersAddingToCart, trials: v.shoppers }),
  purchaseRate: (v) => ({ successes: v.shoppersPurchasing, trials: v.shoppers }),
  discovery: (v) => ({ successes: v.discoveries, trials: v.interactions }),
} satisfies Record<string, RateOf>;

const MEANS = {
  revenuePerShopper: (v) => v.revenue,
  netRevenuePerShopper: (v) => v.netRevenue,
  categoriesPerPage: (v) => v.categoriesPerPage,
  brandsPerPage: (v) => v.brandsPerPage,
} satisfies Record<string, MeanOf>;

/**
 * Every metric of every variant with its 95 % interval, and each non-control variant against the
 * control (the first): two-proportion z-tests for rates, Welch t-tests for means.
 */
export function experimentResults(variants: readonly VariantAggregate[]): VariantResult[] {
  const [control] = variants;
  return variants.map((variant, index) => {
    const compared = index > 0;
    const rate = (of: RateOf): Metric => ({ ...wilson(of(variant)), vsControl: compared ? compareProportions(of(control), of(variant)) : null });
    const average = (of: MeanOf): Metric => ({ ...meanEstimate(of(variant)), vsControl: compared ? compareMeans(of(control), of(variant)) : null });
    return {
      key: variant.key,
      shoppers: variant.shoppers,
      pages: variant.pages,
      impressions: variant.impressions,
      clicks: variant.clickedImpressions,
      ctr: rate(RATES.ctr),
      addToCartRate: rate(RATES.addToCartRate),
      purchaseRate: rate(RATES.purchaseRate),
      revenuePerShopper: average(MEANS.revenuePerShopper),
      netRevenuePerShopper: average(MEANS.netRevenuePerShopper),
      discovery: rate(RATES.discovery),
      categoriesPerPage: average(MEANS.categoriesPerPage),
      brandsPerPage: average(MEANS.brandsPerPage),
    };
  });
}

/** One variant's day, for the dashboard's charts (UTC days). */
export interface DayAggregate {
  /** YYYY-MM-DD. */
  day: string;
  /** Shoppers first exposed that day. */
  exposures: number;
  impressions: number;
  /** Impressions of that day's attributed clicks. */
  clicks: number;
}

export interface DayResult extends DayAggregate {
  ctr: Estimate;
}

export function daySeries(days: readonly DayAggregate[]): DayResult[] {
  return days.map((day) => ({ ...day, ctr: wilson({ successes: day.clicks, trials: day.impressions }) }));
}
