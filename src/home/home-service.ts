import { randomUUID } from 'node:crypto';
import { InputError } from '../errors.js';
import type { Repositories } from '../db/repositories/index.js';
import type { InteractionEvent } from '../realtime/events.js';
import type { Shopper } from '../catalog/types.js';
import { consentedHistory, type ConsentedEvent } from '../privacy/consent.js';
import { ANONYMOUS_PROFILE } from '../recommend/anonymous.js';
import { indexCollections } from '../recommend/collections.js';
import { localHour, requestContext, type ContextInput } from '../recommend/context.js';
import { DecayedPopularity, POPULARITY_WEIGHTS } from '../recommend/popularity.js';
import { DEFAULT_RANKING_CONFIG, type RankingConfig } from '../recommend/rank/ranking-config.js';
import { composeHomePage, type HomeRow } from '../recommend/rows/compose.js';
import type { StoredRule } from '../recommend/rules/types.js';
import type { CollectionDefinition, RequestContext, ShopperProfile, Signals } from '../recommend/types.js';
import type { RelevanceService } from '../relevance/relevance-service.js';
import { ShopperStateCache, type ShopperStateLoader } from '../realtime/shopper-state.js';
import { CatalogCache } from './catalog-cache.js';
import { shopperProfile } from './profile.js';

export const DEFAULT_CONFIG_NAME = 'default';
/**
 * Rows are ranked two pages deep: enough for a "see more" without re-ranking, while ranking to
 * 60 items tripled the CPU of a page (bench/compose.ts). `row()` pages within this depth.
 */
const PAGES_RANKED_PER_ROW = 2;
const HISTORY_LENGTH = 50;

export interface HomePageRequest {
  userId: string | null;
  context: ContextInput | null;
  rows: number;
  itemsPerRow: number;
  /** Ranking configuration name; the newest version of it is used. */
  configName?: string;
  now?: Date;
}

export interface HomePageResult {
  /** Identifies this rendering; impression ids derive from it. */
  pageId: string;
  profile: ShopperProfile;
  context: RequestContext;
  config: { name: string; version: number };
  rows: HomeRow[];
}

/**
 * Gateway side of home rows: keeps what ranking reads on every request in memory (catalog,
 * decayed popularity, collections, rules, configurations, recent shopper state), builds the
 * shopper's profile, and asks the recommendation core to compose the page.
 */
export class HomeService {
  readonly catalog: CatalogCache;
  readonly shoppers: ShopperStateCache;
  private popularity: DecayedPopularity;
  private collections: CollectionDefinition[] = [];
  private rules: StoredRule[] = [];
  private readonly configs = new Map<string, { version: number; config: RankingConfig }>();
  private readonly userVectors = new WeakMap<object, Map<string, Float32Array | null>>();

  constructor(
    private readonly repos: Repositories,
    private readonly relevance: RelevanceService,
    stateLoader: ShopperStateLoader = {
      shoppers: (ids) => repos.shoppers.findByIds(ids),
      histories: (ids, limit) => repos.interactions.recentByShoppers(ids, limit),
    },
  ) {
    this.catalog = new CatalogCache(repos);
    this.popularity = new DecayedPopularity(DEFAULT_RANKING_CONFIG.popularityHalfLifeDays);
    this.shoppers = new ShopperStateCache(stateLoader, { historyLength: HISTORY_LENGTH });
  }

  async init(now = new Date()): Promise<void> {
    await this.catalog.load();
    await Promise.all([this.loadPopularity(now), this.reloadCollections(), this.reloadRules()]);
  }

  /** Recent interactions, aggregated by day, replayed into a fresh decayed-popularity table. */
  private async loadPopularity(now: Date): Promise<void> {
    const halfLife = (await this.config(DEFAULT_CONFIG_NAME)).config.popularityHalfLifeDays;
    const popularity = new DecayedPopularity(halfLife, now);
    for (const row of await this.repos.interactions.popularitySince(halfLife * 6, now)) {
      popularity.add(row.productId, row.region, (POPULARITY_WEIGHTS[row.type] ?? 0) * row.n, row.day);
    }
    this.popularity = popularity;
  }

  async reloadCollections(): Promise<void> {
    this.collections = indexCollections(await this.repos.collections.definitions(), this.catalog);
  }

  async reloadRules(): Promise<void> {
    this.rules = await this.repos.merchandising.rules();
  }

  /**
   * The newest version of a ranking configuration. "default" is the built-in configuration until
   * a version of it is saved; any other name must have been saved.
   */
  async config(name: string): Promise<{ version: number; config: RankingConfig }> {
    let entry = this.configs.get(name);
    if (!entry) {
      const stored = await this.repos.merchandising.latestConfig(name);
      if (!stored && name !== DEFAULT_CONFIG_NAME) {
        throw new InputError([{ field: 'rankingConfig', message: `no ranking configuration is named "${name}"; save one with saveRankingConfig or leave it out` }]);
      }
      entry = stored ? { version: stored.version, config: { ...DEFAULT_RANKING_CONFIG, ...stored.config } } : { version: 0, config: DEFAULT_RANKING_CONFIG };
      this.configs.set(name, entry);
    }
    return entry;
  }

  forgetConfig(name: string): void {
    this.configs.delete(name);
  }

  /** New or changed products: refresh the in-memory catalog and the rule-based collections. */
  async productsChanged(ids: readonly string[]): Promise<void> {
    await this.catalog.refresh(ids);
    this.collections = indexCollections(this.collections, this.catalog);
  }

  /** Just-recorded events: popularity and the shoppers' recent state move at once. */
  interactionsRecorded(events: readonly InteractionEvent[], now = new Date()): void {
    for (const event of events) {
      this.popularity.add(event.productId, event.context?.region ?? null, POPULARITY_WEIGHTS[event.type] ?? 0, event.occurredAt ?? now);
    }
    this.shoppers.record(events.map((e) => ({ userId: e.userId, productId: e.productId, type: e.type, occurredAt: e.occurredAt ?? now })));
  }

  signals(): Signals {
    const active = this.relevance.current;
    return {
      catalog: this.catalog,
      nearest: async (vector, k, exclude) => (active ? active.items.nearest(vector, k, exclude) : []),
      itemVector: async (id) => (active ? active.items.get(id) : undefined),
      popularity: (id, region) => this.popularity.score(id, region),
      trending: (region, k) => this.popularity.top(region, k),
      collections: this.collections,
    };
  }

  async profile(userId: string | null, context: ContextInput | null, now: Date): Promise<ShopperProfile> {
    if (!userId) return ANONYMOUS_PROFILE;
    const { shopper, history } = await this.shoppers.get(userId);
    const consented = consentedHistory(shopper, history);
    const personal = shopper?.consent.personalization !== false;
    const vector = personal ? this.userVector(userId, shopper, history, consented, context, now) : null;
    return shopperProfile({ userId, shopper, history: consented, vector });
  }

  /**
   * The user tower costs a few milliseconds per call, and a returning shopper asks again in the
   * same context. Vectors are kept per history array: recording an event replaces the array, so
   * the next page computes a fresh vector, as does a model switch (its version is in the key).
   * Within a context part of the day, recency moves too little to matter.
   */
  private userVector(
    userId: string,
    shopper: Shopper | null,
    history: readonly object[],
    consented: ConsentedEvent[],
    context: ContextInput | null,
    now: Date,
  ): Float32Array | null {
    const hour = context?.localTime ? localHour(context.localTime) : null;
    const key = [this.relevance.current?.version.id, context?.device, context?.occasion, context?.season, hour === null ? '' : Math.floor(hour / 4)].join('|');
    let byContext = this.userVectors.get(history);
    if (!byContext) this.userVectors.set(history, (byContext = new Map()));
    let vector = byContext.get(key);
    if (vector === undefined) {
      vector = this.relevance.userVector(userId, shopper, consented, context, now);
      byContext.set(key, vector);
    }
    return vector;
  }

  async homePage(request: HomePageRequest): Promise<HomePageResult> {
    const now = request.now ?? new Date();
    const configName = request.configName ?? DEFAULT_CONFIG_NAME;
    const [profile, { version, config }] = await Promise.all([this.profile(request.userId, request.context, now), this.config(configName)]);
    const context = requestContext(request.context, now, profile.region);
    const rows = await composeHomePage({
      profile,
      context,
      signals: this.signals(),
      config,
      rules: this.rules,
      rows: request.rows,
      itemsPerRow: request.itemsPerRow,
      depth: request.itemsPerRow * PAGES_RANKED_PER_ROW,
    });
    return { pageId: randomUUID(), profile, context, config: { name: configName, version }, rows };
  }
}
