import type { SessionAffinity } from '../session.js';
import type { Candidate, ItemInfo, Reason, RequestContext, ScoreBreakdown, ShopperProfile, Signals } from '../types.js';
import { contextMatch } from './context-match.js';
import type { RankingConfig, RankingWeights } from './ranking-config.js';
import { isOutOfStock } from './stock.js';

export interface ScoredCandidate {
  productId: string;
  score: number;
  breakdown: ScoreBreakdown;
  reason: Reason;
}

export interface ScoringInput {
  profile: ShopperProfile;
  context: RequestContext;
  signals: Signals;
  config: RankingConfig;
  /** item vectors for the candidates (absent when no model serves) */
  vectors: ReadonlyMap<string, Float32Array>;
}

const DAY_MS = 86_400_000;

/**
 * Scores candidates, best first (ties by product id, so equal inputs give equal rows).
 *
 * Each part is in [0, 1]:
 * - relevance: when personalised and both vectors exist, cosine(shopper vector, item vector) — for
 *   "because you viewed X" rows averaged with the item's similarity to X, which is what the row
 *   promises — rescaled min–max over the row's candidates. A shopper's cosines to a row's items
 *   span a narrow band (often ±0.1), so the raw value would barely move the score next to
 *   popularity, which spans [0, 1]; rescaling lets the configured weight mean what it says.
 *   Otherwise, and for recently viewed items (whose relevance is the shopper's own recency),
 *   the source's own score (trending, editorial order…). When this session has a
 *   direction of its own (`profile.sessionTaste`), relevance is (1 − s)·that for the long-term
 *   vector + s·that for the session's, both rescaled over the row, so the session's share means
 *   what it says for every candidate. When the session leans towards some categories
 *   (`profile.sessionAffinity`, personalised pages only), relevance is then
 *   (1 − share)·that + share·affinity of the item's category, so a category the shopper just
 *   discovered rises even where the embeddings do not tell it apart;
 * - popularity: `signals.popularity` in the request's region (else the shopper's, else global);
 * - freshness: 0.5^(days since launch / freshnessHalfLifeDays), 1 for launches not yet reached;
 * - context: see `contextMatch`.
 * score = Σ weight·part (rules add to it later), times `outOfStockFactor` for out-of-stock items
 * when the configuration demotes them, and times (1 − rotation rate) for each time the shopper
 * was shown the item and did not engage (`profile.shownWithoutEngagement`). Candidates missing from the catalog are left out; a
 * product proposed twice keeps its best-scoring proposal.
 */
export function scoreCandidates(candidates: readonly Candidate[], input: ScoringInput): ScoredCandidate[] {
  const { profile, context, signals, config, vectors } = input;
  const region = context.region ?? profile.region ?? null;
  const now = context.now.getTime();
  const relevance = personalRelevance(candidates, profile, vectors);
  const session = profile.personalized ? profile.sessionAffinity : null;
  const best = new Map<string, ScoredCandidate>();
  for (const [index, candidate] of candidates.entries()) {
    const item = signals.catalog.get(candidate.productId);
    if (!item) continue;
    const breakdown: ScoreBreakdown = {
      relevance: withSession(relevance(index) ?? clamp01(candidate.sourceScore), item.category, session),
      popularity: clamp01(signals.popularity(item.id, region)),
      freshness: freshness(item, now, config.freshnessHalfLifeDays),
      context: contextMatch(item, context),
      rules: 0,
    };
    let score = weightedSum(breakdown, config.weights);
    if (config.outOfStock === 'demote' && isOutOfStock(item)) score *= config.outOfStockFactor;
    const ignored = profile.shownWithoutEngagement?.get(item.id);
    if (ignored) score *= (1 - config.rotation.rate) ** ignored;
    const earlier = best.get(item.id);
    if (!earlier || score > earlier.score) best.set(item.id, { productId: item.id, score, breakdown, reason: candidate.reason });
  }
  return [...best.values()].sort(byScoreThenId);
}

/**
 * Each candidate's personal relevance in [0, 1], by index; undefined where it has none (not
 * personalised, or the item has no vector).
 */
function personalRelevance(candidates: readonly Candidate[], profile: ShopperProfile, vectors: ReadonlyMap<string, Float32Array>): (index: number) => number | undefined {
  const taste = profile.personalized ? profile.sessionTaste : null;
  if (!taste) {
    const raw = rawRelevance(candidates, profile.personalized ? profile.vector : null, vectors);
    return (index) => (raw.values[index] === undefined ? undefined : raw.scale(raw.values[index]!));
  }
  const longTerm = rawRelevance(candidates, taste.longTerm, vectors);
  const session = rawRelevance(candidates, taste.vector, vectors);
  return (index) => {
    const value = longTerm.values[index];
    return value === undefined ? undefined : (1 - taste.share) * longTerm.scale(value) + taste.share * session.scale(session.values[index]!);
  };
}

/** Relevance to one vector before rescaling (undefined where a vector is missing), and its rescaling. */
function rawRelevance(candidates: readonly Candidate[], shopperVector: Float32Array | null, vectors: ReadonlyMap<string, Float32Array>) {
  const values: (number | undefined)[] = new Array(candidates.length);
  let min = Infinity;
  let max = -Infinity;
  if (shopperVector) {
    candidates.forEach((candidate, i) => {
      const itemVector = vectors.get(candidate.productId);
      // The shopper's own recency is the relevance of what they looked at lately.
      if (!itemVector || candidate.reason.code === 'RECENTLY_VIEWED') return;
      let value = clamp(dot(shopperVector, itemVector), -1, 1);
      if (candidate.reason.code === 'BECAUSE_YOU') value = (value + (2 * clamp01(candidate.sourceScore) - 1)) / 2;
      values[i] = value;
      if (value < min) min = value;
      if (value > max) max = value;
    });
  }
  const span = max - min;
  return { values, scale: (value: number) => (span > 1e-9 ? (value - min) / span : 1) };
}

function withSession(relevance: number, category: string, session: SessionAffinity | null | undefined): number {
  if (!session || session.share <= 0) return relevance;
  return (1 - session.share) * relevance + session.share * (session.categories.get(category) ?? 0);
}

/** Σ weight·part over the four model parts, plus the rules adjustment. */
export function weightedSum(breakdown: ScoreBreakdown, weights: RankingWeights): number {
  return (
    weights.relevance * breakdown.relevance +
    weights.popularity * breakdown.popularity +
    weights.freshness * breakdown.freshness +
    weights.context * breakdown.context +
    breakdown.rules
  );
}

export function freshness(item: ItemInfo, now: number, halfLifeDays: number): number {
  const ageDays = (now - item.launchedAt) / DAY_MS;
  if (ageDays <= 0) return 1;
  return Math.pow(0.5, ageDays / halfLifeDays);
}

export function byScoreThenId(a: { score: number; productId: string }, b: { score: number; productId: string }): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0;
}

export function dot(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[i] * b[i];
  return sum;
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? clamp(value, 0, 1) : 0;
}
