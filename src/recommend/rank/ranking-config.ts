/**
 * A named, versioned ranking configuration: how the parts of a score are weighted and how a
 * page is shaped. Stored as JSON, edited by merchandisers, validated before it is saved.
 */

/** Every kind of row, for validating stored configurations and rule scopes. */
export const ROW_KINDS = [
  'TOP_PICKS',
  'BECAUSE_YOU_VIEWED',
  // Not in the default rows: a storefront that shows its own history row would show it twice.
  'RECENTLY_VIEWED',
  'TRENDING_IN_REGION',
  'NEW_ARRIVALS_FOR_YOU',
  'CONTEXTUAL_COLLECTION',
  'EDITORIAL_COLLECTION',
  // Global popularity: the last resort that fills a page when the other kinds run dry.
  'POPULAR',
] as const;

export type RowKind = (typeof ROW_KINDS)[number];

export interface RankingWeights {
  relevance: number;
  popularity: number;
  freshness: number;
  context: number;
}

export interface RankingConfig {
  weights: RankingWeights;
  /** Out-of-stock items: left out, or kept with their score multiplied by `outOfStockFactor`. */
  outOfStock: 'drop' | 'demote';
  outOfStockFactor: number;
  /** Days after a purchase before a product of that category may be proposed again. */
  repurchaseWindowDays: { default: number; byCategory: Record<string, number> };
  /** Days over which freshness decays by half from a product's launch. */
  freshnessHalfLifeDays: number;
  /** Days over which an interaction's weight in popularity decays by half. */
  popularityHalfLifeDays: number;
  diversity: {
    /** Maximal marginal relevance trade-off: 1 = pure score, 0 = pure novelty. */
    lambda: number;
    maxPerBrand: number;
    maxPerCategory: number;
  };
  /** Share of each personalised row's slots given to relevant items outside the usual brands and categories. */
  serendipityShare: number;
  /** Row kinds in default order: the bandit's prior when it orders rows, the order itself otherwise. */
  rows: RowKind[];
  bandit: BanditSettings;
  rotation: RotationSettings;
}

/**
 * Rotation (Recombee's term): a product shown to a shopper who did not engage with it scores
 * `(1 − rate)` times less for each such showing in the last `hours`, so a returning shopper
 * is not shown the same ignored products again and again. Showings in the current 15-minute draw
 * window do not count yet, so that paging deeper into a row continues the page the shopper saw.
 */
export interface RotationSettings {
  rate: number;
  hours: number;
}

export interface BanditSettings {
  /** Thompson sampling orders the configured rows per context segment. */
  rowOrder: boolean;
  /** Share of each row's visible slots given to under-exposed items (new products first). */
  explorationShare: number;
}

export const DEFAULT_RANKING_CONFIG: RankingConfig = {
  weights: { relevance: 0.55, popularity: 0.2, freshness: 0.1, context: 0.15 },
  outOfStock: 'demote',
  outOfStockFactor: 0.3,
  repurchaseWindowDays: { default: 180, byCategory: { fragrance: 45, beauty: 45, socks: 60 } },
  freshnessHalfLifeDays: 45,
  popularityHalfLifeDays: 14,
  diversity: { lambda: 0.75, maxPerBrand: 3, maxPerCategory: 4 },
  serendipityShare: 0.1,
  rows: ['TOP_PICKS', 'BECAUSE_YOU_VIEWED', 'CONTEXTUAL_COLLECTION', 'TRENDING_IN_REGION', 'NEW_ARRIVALS_FOR_YOU', 'EDITORIAL_COLLECTION'],
  // Off until a merchandiser turns them on (or an experiment tests them): pages stay as configured.
  bandit: { rowOrder: false, explorationShare: 0 },
  // Off by default: it reads the shopper's recent impressions for every page.
  rotation: { rate: 0, hours: 72 },
};
