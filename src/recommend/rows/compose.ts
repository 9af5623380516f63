/**
 * Home page composition: rows in the configured order, each from its candidate source through
 * eligibility, de-duplication across the page, scoring, diversity and merchandising rules.
 * The page is deterministic for the same input, so that paging a row (`pageRow`) over a
 * recomposed page continues the ranking the shopper saw.
 */
import { fillExplorationSlots, type ExplorationInput } from '../bandit/exploration.js';
import { pluralCategory, rowHeading } from '../explain.js';
import { diversify } from '../rank/diversity.js';
import { isEligible } from '../rank/eligibility.js';
import type { RankingConfig, RowKind } from '../rank/ranking-config.js';
import { scoreCandidates, type ScoredCandidate } from '../rank/score.js';
import { applyRules } from '../rules/apply.js';
import type { StoredRule } from '../rules/types.js';
import { becauseYouViewed } from '../sources/because-you-viewed.js';
import { contextualCollectionCandidates, contextualCollections } from '../sources/contextual-collections.js';
import { editorialCollectionCandidates, editorialCollections } from '../sources/editorial-collections.js';
import { newArrivals } from '../sources/new-arrivals.js';
import { popular, popularCategories } from '../sources/popular.js';
import type { SourceInput } from '../sources/source.js';
import { recentlyViewed } from '../sources/recently-viewed.js';
import { topPicks } from '../sources/top-picks.js';
import { trending } from '../sources/trending.js';
import type { Candidate, CollectionDefinition, RankedItem, Reason, RequestContext, ShopperProfile, Signals } from '../types.js';
import { lovedBrandsOf, usualOf, type Usual } from './usual.js';

export { pageRow, type RowPage } from './pagination.js';
export { usualOf } from './usual.js';

/** The ranking steps composition runs; a parameter so that a page can be composed with another ranking. */
export interface Ranking {
  isEligible: typeof isEligible;
  scoreCandidates: typeof scoreCandidates;
  diversify: typeof diversify;
  applyRules: typeof applyRules;
}

export interface ComposeInput {
  profile: ShopperProfile;
  context: RequestContext;
  signals: Signals;
  config: RankingConfig;
  rules: readonly StoredRule[];
  /** Rows wanted on the page. */
  rows: number;
  /** Items visible in each row; deeper items are reached by paging the row. */
  itemsPerRow: number;
  /** Items ranked per row (what paging can reach); default max(itemsPerRow, 60). */
  depth?: number;
  /**
   * Exploration slots in every row (before merchandising rules, which keep the last word); none
   * when absent. Products launched within the freshness half-life count as new.
   */
  exploration?: Omit<ExplorationInput, 'visible' | 'isNew'>;
}

export interface HomeRow {
  /** Stable and meaningful: top-picks, because-you-viewed:<id>, trending:<region|global>, new-arrivals, collection:<slug>, popular. */
  id: string;
  kind: RowKind;
  title: string;
  reason: string;
  /** The full ranked list to the page's depth; the first itemsPerRow are the visible part. */
  items: RankedItem[];
}

/** Kinds that fill a page when the configured ones run dry: all of them work without personalisation. */
export const FILL_KINDS: readonly RowKind[] = ['CONTEXTUAL_COLLECTION', 'TRENDING_IN_REGION', 'NEW_ARRIVALS_FOR_YOU', 'EDITORIAL_COLLECTION', 'POPULAR'];

/** A row with fewer items than this (or than itemsPerRow, when smaller) is not worth showing. */
export const MIN_ROW_ITEMS = 4;

/** Candidates drawn per row, as a multiple of the row's depth (eligibility, de-duplication and diversity thin them). */
const CANDIDATES_PER_SLOT = 4;

interface SourcedRow {
  id: string;
  reason: Reason;
  /** When the row's kind and reason do not say enough. */
  title?: string;
  candidates: Candidate[];
  /** Collection pins, 1-based slots. */
  pins?: readonly { productId: string; position: number }[];
}

/** One row a kind could give; built lazily because each row depends on the rows before it. */
interface RowPlan {
  kind: RowKind;
  build: (source: SourceInput) => Promise<SourcedRow | null>;
}

type Build = RowPlan['build'];

function collectionRow(collection: CollectionDefinition, candidatesOf: typeof contextualCollectionCandidates): Build {
  return async (source) => ({
    id: `collection:${collection.slug}`,
    reason: { code: 'COLLECTION', title: collection.title },
    candidates: await candidatesOf(collection, source),
    pins: collection.pins,
  });
}

function* buildsOf(kind: RowKind, input: ComposeInput, lovedBrandIds: ReadonlySet<string>): Generator<Build> {
  const { signals, context, config } = input;
  switch (kind) {
    case 'TOP_PICKS':
      yield async (source) => ({ id: 'top-picks', reason: { code: 'TOP_PICK' }, candidates: await topPicks(source) });
      return;
    case 'BECAUSE_YOU_VIEWED':
      yield async (source) => {
        const found = await becauseYouViewed(source);
        return found && { id: `because-you-viewed:${found.anchor.id}`, reason: found.reason, candidates: found.candidates };
      };
      return;
    case 'RECENTLY_VIEWED':
      yield async (source) => ({ id: 'recently-viewed', reason: { code: 'RECENTLY_VIEWED' }, candidates: recentlyViewed(source) });
      return;
    case 'TRENDING_IN_REGION':
      yield async (source) => {
        const found = await trending(source);
        return { id: `trending:${found.region ?? 'global'}`, reason: { code: 'TRENDING', region: found.region }, candidates: found.candidates };
      };
      return;
    case 'NEW_ARRIVALS_FOR_YOU':
      yield async (source) => ({
        id: 'new-arrivals',
        reason: source.profile.personalized && source.profile.vector ? { code: 'NEW_FOR_YOU', brandLoved: false } : { code: 'NEW_ARRIVAL' },
        candidates: await newArrivals(source, { halfLifeDays: config.freshnessHalfLifeDays, lovedBrandIds }),
      });
      return;
    case 'CONTEXTUAL_COLLECTION':
      yield* contextualCollections(signals.collections, context).map((c) => collectionRow(c, contextualCollectionCandidates));
      return;
    case 'EDITORIAL_COLLECTION':
      yield* editorialCollections(signals.collections, context).map((c) => collectionRow(c, editorialCollectionCandidates));
      return;
    case 'POPULAR':
      yield async (source) => ({ id: 'popular', reason: { code: 'POPULAR' }, candidates: await popular(source) });
      // Listing the categories reads the whole popularity ranking: only when the global row was not enough.
      for (const category of popularCategories(signals))
        yield async (source) => ({
          id: `popular:${category}`,
          reason: { code: 'POPULAR' },
          title: `Popular in ${pluralCategory(category)}`,
          candidates: await popular(source, category),
        });
      return;
  }
}

/**
 * The order in which rows are tried: the first row of each configured kind, then the further
 * rows of configured kinds (more collections), then the fill kinds the configuration left out.
 * Lazy, because the last resorts cost more and most pages never reach them.
 */
function* rowPlans(input: ComposeInput, lovedBrandIds: ReadonlySet<string>): Generator<RowPlan> {
  function* plansOf(kind: RowKind): Generator<RowPlan> {
    for (const build of buildsOf(kind, input, lovedBrandIds)) yield { kind, build };
  }
  const configured = [...new Set(input.config.rows)];
  const plans = configured.map(plansOf);
  for (const kindPlans of plans) {
    const first = kindPlans.next();
    if (!first.done) yield first.value;
  }
  for (const kindPlans of plans) yield* kindPlans;
  for (const kind of FILL_KINDS) if (!configured.includes(kind)) yield* plansOf(kind);
}

/**
 * Item vectors fetched once per page, however many rows ask for them. Vectors already in hand
 * are kept as values too, so that a row whose candidates were all seen before (sources fetch
 * many of them) waits on no promise at all.
 */
function withVectorMemo(signals: Signals): { signals: Signals; vectorsOf: (candidates: readonly Candidate[]) => Promise<Map<string, Float32Array>> } {
  const memo = new Map<string, Promise<Float32Array | undefined>>();
  const known = new Map<string, Float32Array | undefined>();
  const itemVector = (productId: string) => {
    let vector = memo.get(productId);
    if (!vector) {
      memo.set(productId, (vector = signals.itemVector(productId)));
      void vector.then((found) => known.set(productId, found), () => undefined);
    }
    return vector;
  };
  const memoised: Signals = {
    catalog: signals.catalog,
    collections: signals.collections,
    nearest: (vector, k, exclude) => signals.nearest(vector, k, exclude),
    popularity: (productId, region) => signals.popularity(productId, region),
    trending: (region, k) => signals.trending(region, k),
    itemVector,
  };
  const vectorsOf = async (candidates: readonly Candidate[]) => {
    const missing: Promise<Float32Array | undefined>[] = [];
    for (const { productId } of candidates) if (!known.has(productId)) missing.push(itemVector(productId));
    if (missing.length > 0) await Promise.all(missing);
    const vectors = new Map<string, Float32Array>();
    for (const { productId } of candidates) {
      const vector = known.get(productId);
      if (vector) vectors.set(productId, vector);
    }
    return vectors;
  };
  return { signals: memoised, vectorsOf };
}

function asRanked(scored: ScoredCandidate, reason: Reason = scored.reason): RankedItem {
  return { productId: scored.productId, score: scored.score, breakdown: scored.breakdown, reason, serendipitous: false };
}

/** Holds each collection pin at its slot (when it survived eligibility and de-duplication). */
function placePins(items: RankedItem[], pins: readonly { productId: string; position: number }[], scored: readonly ScoredCandidate[], depth: number): RankedItem[] {
  if (pins.length === 0) return items;
  const byId = new Map(scored.map((s) => [s.productId, s]));
  const placed = items.slice();
  for (const pin of [...pins].sort((a, b) => a.position - b.position)) {
    const candidate = byId.get(pin.productId);
    if (!candidate) continue;
    const at = placed.findIndex((item) => item.productId === pin.productId);
    if (at >= 0) placed.splice(at, 1);
    placed.splice(Math.min(pin.position - 1, placed.length), 0, asRanked(candidate, { code: 'PINNED' }));
  }
  return placed.slice(0, depth);
}

export const STANDARD_RANKING: Ranking = { isEligible, scoreCandidates, diversify, applyRules };

/** Rows of ranked products for one home page view: `input.rows` of them whenever the catalog allows. */
export async function composeHomePage(input: ComposeInput, ranking: Ranking = STANDARD_RANKING): Promise<HomeRow[]> {
  const { profile, context, config, rules, itemsPerRow } = input;
  const { signals, vectorsOf } = withVectorMemo(input.signals);
  const catalog = signals.catalog;
  const depth = input.depth ?? Math.max(itemsPerRow, 60);
  const minItems = Math.min(itemsPerRow, MIN_ROW_ITEMS);
  const usual: Usual = profile.personalized ? usualOf(profile, catalog) : { brandIds: new Set(), categories: new Set() };
  const onPage = new Set<string>();
  const excluded = new Set<string>(profile.dismissed);
  const source: SourceInput = { profile, context, signals, limit: depth * CANDIDATES_PER_SLOT, exclude: excluded };
  const page: HomeRow[] = [];
  const newSince = context.now.getTime() - config.freshnessHalfLifeDays * 86_400_000;
  const exploration: ExplorationInput | undefined = input.exploration && {
    ...input.exploration,
    visible: itemsPerRow,
    isNew: (productId) => (catalog.get(productId)?.launchedAt ?? -Infinity) >= newSince,
  };

  if (input.rows <= 0) return page;
  for (const plan of rowPlans(input, lovedBrandsOf(profile, catalog))) {
    const sourced = await plan.build(source);
    if (!sourced || page.some((row) => row.id === sourced.id)) continue;
    const seen = new Set<string>();
    const candidates = sourced.candidates.filter((c) => {
      const item = catalog.get(c.productId);
      if (!item || seen.has(c.productId) || excluded.has(c.productId)) return false;
      seen.add(c.productId);
      return ranking.isEligible(item, profile, config, context.now);
    });
    if (candidates.length < minItems) continue;

    const vectors = await vectorsOf(candidates);

    const { kind } = plan;
    const scored = ranking.scoreCandidates(candidates, { profile, context, signals, config, vectors });
    const diverse = ranking.diversify(scored, depth, { config, catalog, vectors, usual, personalized: profile.personalized });
    const pinned = placePins(diverse, sourced.pins ?? [], scored, depth);
    const explored = exploration ? fillExplorationSlots(pinned, scored, exploration) : pinned;
    const items = ranking
      .applyRules({ id: sourced.id, kind }, explored, { rules, catalog, profile, context, onPage })
      // Rules may pin products; none may repeat one already visible higher on the page.
      .filter((item) => !onPage.has(item.productId));
    if (items.length < minItems) continue;

    const heading = rowHeading(kind, sourced.reason);
    page.push({ id: sourced.id, kind, title: sourced.title ?? heading.title, reason: heading.reason, items });
    for (const item of items.slice(0, itemsPerRow)) {
      onPage.add(item.productId);
      excluded.add(item.productId);
    }
    if (page.length >= input.rows) break;
  }
  return page;
}
