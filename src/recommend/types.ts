/**
 * The recommendation core's vocabulary: plain data in, plain data out. Nothing here knows about
 * GraphQL, Prisma or HTTP; the gateway translates its records into these shapes.
 */
import type { Neighbour } from '../index/vector-index.js';
import type { Device, InteractionType, Occasion, Season } from '../realtime/events.js';
import type { StockStatus } from '../catalog/product-feed.js';
import type { SessionAffinity, SessionTaste } from './session.js';

export type TimeOfDay = 'morning' | 'afternoon' | 'evening' | 'night';

/** A product as ranking sees it (kept in memory for the whole catalog). */
export interface ItemInfo {
  id: string;
  title: string;
  brandId: string;
  brandName: string;
  category: string;
  colour: string;
  material: string;
  price: number;
  currency: string;
  season: Season;
  /** Epoch milliseconds. */
  launchedAt: number;
  stockStatus: StockStatus;
  tags: readonly string[];
}

/** The request being answered. `now` is explicit so that ranking is reproducible in tests. */
export interface RequestContext {
  now: Date;
  device?: Device | null;
  occasion?: Occasion | null;
  season?: Season | null;
  /** Region (city or market) of the request; falls back to the shopper's home region. */
  region?: string | null;
  /** Derived from the shopper's local "HH:MM" when given, else from `now` in UTC. */
  timeOfDay: TimeOfDay;
  referrer?: string | null;
}

export interface HistoryEvent {
  productId: string;
  type: InteractionType;
  occurredAt: Date;
}

/** Everything known about the shopper that ranking may use (already filtered by consent). */
export interface ShopperProfile {
  /** null for an anonymous visitor. */
  userId: string | null;
  /** false: anonymous, opted out of personalization, or no model — non-personalised page. */
  personalized: boolean;
  region: string | null;
  favouriteBrandIds: readonly string[];
  favouriteCategories: readonly string[];
  /** Stated price band, if any. */
  statedPriceBand: { min: number | null; max: number | null } | null;
  /** Recent events, newest first (purchases removed when purchase-history consent is withheld). */
  history: readonly HistoryEvent[];
  /** Last purchase time per product (for repurchase windows); empty without consent. */
  purchasedAt: ReadonlyMap<string, Date>;
  /** Products the shopper dismissed: never shown again. */
  dismissed: ReadonlySet<string>;
  /** The user tower's vector in this context, blended with this session's; null when not personalised. */
  vector: Float32Array | null;
  /** Categories this session leans towards (src/recommend/session.ts); absent when none. */
  sessionAffinity?: SessionAffinity | null;
  /** This session's own direction and its share of relevance; absent when the session says nothing. */
  sessionTaste?: SessionTaste | null;
  /** Products shown to the shopper without engagement since, and how often (rotation); absent when rotation is off. */
  shownWithoutEngagement?: ReadonlyMap<string, number>;
  /** Whether browsing of out-of-budget items may shape recommendations (consent). */
  aspirationalConsent: boolean;
}

/** Why an item is proposed; rendered into words by the explanation module. */
export type Reason =
  | { code: 'TOP_PICK' }
  | { code: 'BECAUSE_YOU'; verb: 'viewed' | 'wishlisted' | 'bought' | 'added to bag'; anchorTitle: string; anchorId: string }
  | { code: 'TRENDING'; region: string | null }
  | { code: 'NEW_FOR_YOU'; brandLoved: boolean }
  | { code: 'NEW_ARRIVAL' }
  | { code: 'COLLECTION'; title: string }
  | { code: 'POPULAR' }
  | { code: 'SERENDIPITY'; category: string }
  /** An exploration slot: a rarely shown item of the row's source (`isNew`: launched recently). */
  | { code: 'EXPLORE'; isNew: boolean }
  /** Looked at lately and neither bought nor turned down since. */
  | { code: 'RECENTLY_VIEWED' }
  /** Proposed for this session's own direction; `category` when it is one the session leans to. */
  | { code: 'IN_SESSION'; category: string | null }
  | { code: 'PINNED' };

/** One proposal of one source. `sourceScore` is the source's own strength in [0, 1]. */
export interface Candidate {
  productId: string;
  sourceScore: number;
  reason: Reason;
}

/** Each part in [0, 1] before weighting; `rules` is the merchandising adjustment (may be < 0). */
export interface ScoreBreakdown {
  relevance: number;
  popularity: number;
  freshness: number;
  context: number;
  rules: number;
}

export interface RankedItem {
  productId: string;
  score: number;
  breakdown: ScoreBreakdown;
  reason: Reason;
  /** Set when the slot was given to exploration outside the shopper's usual brands/categories. */
  serendipitous: boolean;
}

/** What sources and rankers may ask of the system; implemented by the gateway. */
export interface Signals {
  catalog: CatalogView;
  /** Nearest items to a vector (two-tower space); empty when no model serves. */
  nearest(vector: Float32Array, k: number, exclude?: ReadonlySet<string>): Promise<Neighbour[]>;
  /** Item embedding, when a model serves. */
  itemVector(productId: string): Promise<Float32Array | undefined>;
  /** Time-decayed popularity in [0, 1] (1 = most popular) in a region, or globally with null. */
  popularity(productId: string, region: string | null): number;
  /** Most popular items in a region (or globally with null), best first, score in [0, 1]. */
  trending(region: string | null, k: number): { productId: string; score: number }[];
  collections: readonly CollectionDefinition[];
}

export interface CatalogView {
  get(productId: string): ItemInfo | undefined;
  /** Every item, newest launch first. */
  newestFirst(): readonly ItemInfo[];
  size: number;
}

export interface CollectionRule {
  /** The request must match one listed value of every listed condition. */
  when: {
    occasions?: Occasion[];
    seasons?: Season[];
    timesOfDay?: TimeOfDay[];
    devices?: Device[];
    regions?: string[];
  };
  /** A product must match one listed value of every listed condition; brands are brand ids. */
  match: {
    categories?: string[];
    colours?: string[];
    materials?: string[];
    brands?: string[];
    priceMin?: number;
    priceMax?: number;
    tags?: string[];
  };
}

export interface CollectionDefinition {
  id: string;
  slug: string;
  title: string;
  kind: 'EDITORIAL' | 'RULE_BASED';
  rule: CollectionRule | null;
  /** Editorial members in order. */
  members: readonly string[];
  /**
   * Rule-based: the products matching the rule, best first, precomputed by `indexCollections`
   * (matching a 20k catalog on every request would be too slow).
   */
  matched?: readonly string[];
  /** 1-based slots. */
  pins: readonly { productId: string; position: number }[];
  exclusions: ReadonlySet<string>;
  position: number;
  active: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
}
