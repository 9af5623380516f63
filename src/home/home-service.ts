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
import { encodeImpression } from '../realtime/impressions.js';
import type { StoredRule } from '../recommend/rules/types.js';
import type { CollectionDefinition, RankedItem, RequestContext, ShopperProfile, Signals } from '../recommend/types.js';
import type { ActiveModel, RelevanceService } from '../relevance/relevance-service.js';
import { ShopperStateCache, type ShopperStateLoader } from '../realtime/shopper-state.js';
import { applyTreatment } from '../experiments/treatment.js';
import { CatalogCache } from './catalog-cache.js';
import { DRAW_WINDOW_MS, impressionRefs, type FeedbackLoop, type ShownRow } from './feedback-loop.js';
import type { ExperimentService } from './experiment-service.js';
import { shopperProfile } from './profile.js';
import { ShortTermSignals } from './short-term.js';
import { ServedPages, shopperStateKey, type RankedUnder } from './served-pages.js';

export const DEFAULT_CONFIG_NAME = 'default';
/**
 * Rows are ranked two pages deep: enough for a "see more" without re-ranking, while ranking to
 * 60 items tripled the CPU of a page (bench/compose.ts). `row()` pages within this depth.
 */
const PAGES_RANKED_PER_ROW = 2;
/** Impressions reach the database within seconds (the recorder's batches, retries): older ones are all there. */
const IMPRESSIONS_SETTLED_MS = 60_000;
const HOUR_MS = 3_600_000;
const HISTORY_LENGTH = 50;

export interface HomePageRequest {
  userId: string | null;
  context: ContextInput | null;
  rows: number;
  itemsPerRow: number;
  /** Ranking configuration name; the newest version of it is used. */
  configName?: string;
  /** A merchandiser's look at the page: ranked as served, but nothing is recorded. */
  preview?: boolean;
  now?: Date;
}

/** A request's shape apart from the shopper: its context (keys sorted), rows, items per row and configuration. */
function servedRequestKey(request: HomePageRequest): string {
  const context = request.context ? Object.entries(request.context).filter(([, value]) => value !== undefined && value !== null).sort(([a], [b]) => (a < b ? -1 : 1)) : [];
  return JSON.stringify([context, request.rows, request.itemsPerRow, request.configName ?? null]);
}

/** The part of a profile a served page keeps: who it was for. */
function whoFor(profile: ShopperProfile): ShopperProfile {
  return { ...ANONYMOUS_PROFILE, userId: profile.userId, personalized: profile.personalized, region: profile.region };
}

/** The UTC day an event falls on, as `date_trunc('day', occurred_at)` gives it. */
const startOfDay = (at: Date) => new Date(at.getTime() - (at.getTime() % 86_400_000));

export interface HomePageResult {
  /** Identifies this rendering; impression ids derive from it. */
  pageId: string;
  /** The model version the whole page was ranked with (null: none served). */
  modelVersionId: number | null;
  profile: ShopperProfile;
  context: RequestContext;
  config: { name: string; version: number };
  rows: HomeRow[];
  /** The experiment variant the page was served under; null outside experiments and for previews. */
  experiment: { id: string; name: string; variant: string } | null;
  /** The bandits' context segment (null without a feedback loop). */
  segment: string | null;
  /** A merchandiser's preview: nothing about it is recorded. */
  preview: boolean;
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
  private experiments: Pick<ExperimentService, 'assign' | 'exposed'> | null = null;
  /** Impressions and bandits; without it pages keep the configured order and nothing is recorded. */
  feedback: FeedbackLoop | null = null;
  /** Reuse of user-tower vectors, for the metrics. */
  readonly userVectorStats = { hits: 0, misses: 0 };
  private readonly shortTerm = new ShortTermSignals();
  /** Rotation's showings per shopper history (replaced on every event) and window. */
  private readonly shownMemo = new WeakMap<object, { key: string; shown: Promise<ReadonlyMap<string, number>> }>();
  /** Pages served, for `continuedPage`. */
  readonly served = new ServedPages<HomePageResult>();
  /** Moves whenever the catalog, rules, collections or a configuration change: served pages are then stale. */
  private generation = 0;

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
    for await (const page of this.repos.interactions.popularitySince(halfLife * 6, now)) {
      for (const row of page) popularity.add(row.productId, row.region, (POPULARITY_WEIGHTS[row.type] ?? 0) * row.n, row.day);
    }
    this.popularity = popularity;
  }

  async reloadCollections(): Promise<void> {
    this.collections = indexCollections(await this.repos.collections.definitions(), this.catalog);
    this.generation++;
  }

  async reloadRules(): Promise<void> {
    this.rules = await this.repos.merchandising.rules();
    this.generation++;
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

  /** Drops a cached configuration (all of them without a name); the next request reads it anew. */
  forgetConfig(name?: string): void {
    if (name === undefined) this.configs.clear();
    else this.configs.delete(name);
    this.generation++;
  }

  /** New or changed products: refresh the in-memory catalog and the rule-based collections. */
  async productsChanged(ids: readonly string[]): Promise<void> {
    await this.catalog.refresh(ids);
    this.collections = indexCollections(this.collections, this.catalog);
    this.generation++;
  }

  /** Just-recorded events: popularity and the shoppers' recent state move at once. */
  interactionsRecorded(events: readonly InteractionEvent[], now = new Date()): void {
    for (const event of events) {
      // Dated by day, as loadPopularity reads them: a replica started later then ranks exactly
      // as one that saw the events live (exact times would break its ties differently).
      this.popularity.add(event.productId, event.context?.region ?? null, POPULARITY_WEIGHTS[event.type] ?? 0, startOfDay(event.occurredAt ?? now));
    }
    this.shoppers.record(events.map((e) => ({ userId: e.userId, productId: e.productId, type: e.type, occurredAt: e.occurredAt ?? now })));
  }

  /** What ranking reads; `active` is the model one request captured, so it never mixes two. */
  signals(active: ActiveModel | null = this.relevance.current): Signals {
    return {
      catalog: this.catalog,
      nearest: async (vector, k, exclude) => (active ? active.items.nearest(vector, k, exclude) : []),
      itemVector: async (id) => (active ? active.items.get(id) : undefined),
      popularity: (id, region) => this.popularity.score(id, region),
      trending: (region, k) => this.popularity.top(region, k),
      collections: this.collections,
    };
  }

  async profile(userId: string | null, context: ContextInput | null, now: Date, active: ActiveModel | null = this.relevance.current): Promise<ShopperProfile> {
    if (!userId) return ANONYMOUS_PROFILE;
    const { shopper, history } = await this.shoppers.get(userId);
    const consented = consentedHistory(shopper, history, (id) => this.catalog.get(id)?.price);
    const personal = shopper?.consent.personalization !== false;
    const longTerm = personal ? this.userVector(userId, shopper, history, consented, context, now, active) : null;
    // This session's clicks and rejections move the vector at once; the tower learns them at the next training.
    const signals = this.signals(active);
    const [session, hidden] = await Promise.all([
      longTerm && this.shortTerm.session(longTerm, consented, now, signals),
      this.shortTerm.hiddenBy(history, signals, active?.version.id),
    ]);
    return shopperProfile({ userId, shopper, history: consented, vector: session ? session.vector : null, sessionAffinity: session?.affinity, sessionTaste: session?.taste, hidden });
  }

  /** Serves running experiments' variants to the shoppers they assign, and logs their exposures. */
  useExperiments(experiments: Pick<ExperimentService, 'assign' | 'exposed'>): void {
    this.experiments = experiments;
  }

  /**
   * Drops what this process keeps of these shoppers (recent history, and with it their memoised
   * vectors), so their next page reads them afresh: after a merge, an erasure, or a change made
   * by another replica.
   */
  forgetShoppers(ids: readonly string[]): void {
    for (const id of ids) {
      this.shoppers.forget(id);
      this.served.forget(id);
    }
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
    active: ActiveModel | null,
  ): Float32Array | null {
    const hour = context?.localTime ? localHour(context.localTime) : null;
    const key = [active?.version.id, context?.device, context?.occasion, context?.season, hour === null ? '' : Math.floor(hour / 4)].join('|');
    let byContext = this.userVectors.get(history);
    if (!byContext) this.userVectors.set(history, (byContext = new Map()));
    let vector = byContext.get(key);
    if (vector !== undefined) this.userVectorStats.hits++;
    else {
      this.userVectorStats.misses++;
      vector = this.relevance.userVector(userId, shopper, consented, context, now, active);
      byContext.set(key, vector);
    }
    return vector;
  }

  /**
   * What rotation discounts (RankingConfig.rotation): the shopper's showings without engagement
   * in the configured hours up to the current draw window, read once per window and history, from
   * the database so that replicas agree. None when rotation is off, for anonymous visitors, and for
   * shoppers who opted out of personalization (their history does not shape the page).
   */
  private async shownWithoutEngagement(userId: string | null, config: RankingConfig, now: Date): Promise<ReadonlyMap<string, number> | undefined> {
    const { rate, hours } = config.rotation;
    if (!userId || !(rate > 0)) return undefined;
    const { shopper, history } = await this.shoppers.get(userId);
    if (shopper?.consent.personalization === false) return undefined;
    const windowStart = Math.floor(now.getTime() / DRAW_WINDOW_MS) * DRAW_WINDOW_MS;
    const key = `${windowStart}|${hours}`;
    const memo = this.shownMemo.get(history);
    if (memo?.key === key) return memo.shown;
    const shown = this.repos.exposure.shownWithoutEngagement(userId, { from: new Date(windowStart - hours * HOUR_MS), to: new Date(windowStart - IMPRESSIONS_SETTLED_MS) });
    this.shownMemo.set(history, { key, shown });
    shown.catch(() => this.shownMemo.delete(history));
    return shown;
  }

  /** What a page for this request would be ranked under now (see RankedUnder). */
  private async rankedUnder(request: HomePageRequest, assignment: ReturnType<ExperimentService['assign']>, active: ActiveModel | null): Promise<RankedUnder> {
    const state = request.userId ? await this.shoppers.get(request.userId) : null;
    return {
      shopperState: state ? shopperStateKey(state.shopper, state.history) : '',
      generation: this.generation,
      modelVersionId: active?.version.id ?? null,
      variant: assignment ? `${assignment.experimentId}|${assignment.variant}` : null,
    };
  }

  /** The experiment assignment of a request: an explicit configuration is a merchandiser's preview, which never joins one. */
  private assignment(request: HomePageRequest) {
    return request.configName === undefined && request.userId ? (this.experiments?.assign(request.userId) ?? null) : null;
  }

  /**
   * The page this request was last served, when nothing it was ranked under has changed since
   * (and it is younger than SERVED_PAGE_TTL_MS), else a freshly ranked one: what paging a row
   * continues. Previews are always ranked afresh. Of the profile, a served page keeps only whom
   * it was for (the rest is the shopper's state, which the cache holds once).
   */
  async continuedPage(request: HomePageRequest): Promise<HomePageResult> {
    if (request.preview) return this.homePage(request);
    const assignment = this.assignment(request);
    const active = this.relevance.current;
    const under = await this.rankedUnder(request, assignment, active);
    const key = servedRequestKey(request);
    return this.served.recall(request.userId ?? '', key, under, (request.now ?? new Date()).getTime()) ?? this.rankPage(request, assignment, active, { key, under });
  }

  async homePage(request: HomePageRequest): Promise<HomePageResult> {
    const assignment = this.assignment(request);
    // Captured once: a model activated meanwhile serves the next request, never half of this one.
    const active = this.relevance.current;
    // Taken before ranking: a change that lands meanwhile makes the page stale, never the reverse.
    const keep = request.preview ? null : { key: servedRequestKey(request), under: await this.rankedUnder(request, assignment, active) };
    return this.rankPage(request, assignment, active, keep);
  }

  /** Ranks a page, and keeps it for `continuedPage` as `keep` says (never for previews). */
  private async rankPage(
    request: HomePageRequest,
    assignment: ReturnType<ExperimentService['assign']>,
    active: ActiveModel | null,
    keep: { key: string; under: RankedUnder } | null,
  ): Promise<HomePageResult> {
    const now = request.now ?? new Date();
    const configName = request.configName ?? assignment?.treatment.rankingConfig ?? DEFAULT_CONFIG_NAME;
    const [personal, { version, config: saved }] = await Promise.all([this.profile(request.userId, request.context, now, active), this.config(configName)]);
    const config = assignment ? applyTreatment(saved, assignment.treatment) : saved;
    const shown = await this.shownWithoutEngagement(request.userId, config, now);
    const profile = shown ? { ...personal, shownWithoutEngagement: shown } : personal;
    const context = requestContext(request.context, now, profile.region);
    const plan = this.feedback?.plan(config, context, `${configName}|${request.userId ?? ''}`);
    const rows = await composeHomePage({
      profile,
      context,
      signals: this.signals(active),
      config: plan?.config ?? config,
      exploration: plan?.exploration,
      rules: this.rules,
      rows: request.rows,
      itemsPerRow: request.itemsPerRow,
      depth: request.itemsPerRow * PAGES_RANKED_PER_ROW,
    });
    if (assignment && !request.preview) this.experiments?.exposed(assignment, now);
    const experiment = assignment && { id: assignment.experimentId, name: assignment.name, variant: assignment.variant };
    const page: HomePageResult = { pageId: randomUUID(), profile, context, config: { name: configName, version }, modelVersionId: active?.version.id ?? null, rows, experiment, segment: plan?.segment ?? null, preview: request.preview ?? false };
    if (keep) this.served.remember(request.userId ?? '', keep.key, { ...page, profile: whoFor(profile) }, keep.under, now.getTime());
    return page;
  }

  /**
   * Impression ids of the items of a row slice a storefront is shown, recorded in the background
   * for attribution and the bandits. `trial`: a new page (homeRows), not a deeper page of a row.
   */
  shown(page: HomePageResult, row: HomeRow, start: number, items: readonly RankedItem[], options: { trial: boolean; record: boolean }): string[] {
    const shownPage = { pageId: page.pageId, userId: page.profile.userId, segment: page.segment, experiment: page.experiment };
    const shownRow: ShownRow = { id: row.id, kind: row.kind, rank: page.rows.indexOf(row) + 1 };
    return this.feedback && options.record
      ? this.feedback.shown(shownPage, shownRow, start, items, options)
      : impressionRefs(shownPage, shownRow, start, items).map(encodeImpression);
  }
}
