/**
 * The first, straightforward implementation of `diversify` (one object per candidate, Maps for
 * the caps), kept as the oracle that the optimised one must match pick for pick.
 */
import { itemSimilarity, spreadSlots, type DiversityInput } from '../../../src/recommend/rank/diversity.js';
import { byScoreThenId, type ScoredCandidate } from '../../../src/recommend/rank/score.js';
import type { CatalogView, ItemInfo, RankedItem } from '../../../src/recommend/types.js';

interface Entry {
  scored: ScoredCandidate;
  item: ItemInfo;
  vector: Float32Array | undefined;
  /** Score min–max normalised over the pool, so λ trades like against like (similarity is in [0, 1]). */
  value: number;
  outsideUsual: boolean;
  /** Highest similarity to the first `seen` picks. */
  maxSimilarity: number;
  seen: number;
  taken: boolean;
  serendipitous: boolean;
}

export function referenceDiversify(scored: readonly ScoredCandidate[], k: number, input: DiversityInput): RankedItem[] {
  const { config, catalog, vectors, usual, personalized } = input;
  if (k <= 0 || scored.length === 0) return [];
  const entries = buildEntries(scored, catalog, vectors, usual);
  if (entries.length === 0) return [];
  const lambda = config.diversity.lambda;
  const picks: Entry[] = [];
  const perBrand = new Map<string, number>();
  const perCategory = new Map<string, number>();
  const target = Math.min(k, entries.length);
  const serendipitySlots =
    personalized && (usual.brandIds.size > 0 || usual.categories.size > 0) ? spreadSlots(k, config.serendipityShare, target) : new Set<number>();
  let slack = 0;

  const pick = (outsideOnly: boolean): Entry | undefined => {
    const brandCap = config.diversity.maxPerBrand + slack;
    const categoryCap = config.diversity.maxPerCategory + slack;
    let best: Entry | undefined;
    let bestValue = -Infinity;
    for (const entry of entries) {
      if (lambda * entry.value < bestValue) break;
      if (entry.taken || (outsideOnly && !entry.outsideUsual)) continue;
      if ((perBrand.get(entry.item.brandId) ?? 0) >= brandCap || (perCategory.get(entry.item.category) ?? 0) >= categoryCap) continue;
      if (lambda * entry.value - (1 - lambda) * entry.maxSimilarity <= bestValue) continue;
      for (; entry.seen < picks.length; entry.seen++) {
        const similarity = similarityOf(entry, picks[entry.seen]);
        if (similarity > entry.maxSimilarity) entry.maxSimilarity = similarity;
      }
      const value = lambda * entry.value - (1 - lambda) * entry.maxSimilarity;
      if (value > bestValue) {
        bestValue = value;
        best = entry;
      }
    }
    return best;
  };

  while (picks.length < target) {
    const slot = picks.length;
    const wantsSerendipity = serendipitySlots.has(slot);
    const chosen = (wantsSerendipity ? pick(true) : undefined) ?? pick(false);
    if (!chosen) {
      slack++;
      continue;
    }
    chosen.taken = true;
    chosen.serendipitous = wantsSerendipity && chosen.outsideUsual;
    picks.push(chosen);
    perBrand.set(chosen.item.brandId, (perBrand.get(chosen.item.brandId) ?? 0) + 1);
    perCategory.set(chosen.item.category, (perCategory.get(chosen.item.category) ?? 0) + 1);
  }
  return picks.map((entry) => ({
    productId: entry.scored.productId,
    score: entry.scored.score,
    breakdown: entry.scored.breakdown,
    reason: entry.serendipitous ? { code: 'SERENDIPITY', category: entry.item.category } : entry.scored.reason,
    serendipitous: entry.serendipitous,
  }));
}

function similarityOf(a: Entry, b: Entry): number {
  return itemSimilarity(a.item, b.item, a.vector, b.vector);
}

function buildEntries(
  scored: readonly ScoredCandidate[],
  catalog: CatalogView,
  vectors: ReadonlyMap<string, Float32Array>,
  usual: DiversityInput['usual'],
): Entry[] {
  const seen = new Set<string>();
  const ordered = [...scored].sort(byScoreThenId);
  const entries: Entry[] = [];
  let max = -Infinity;
  let min = Infinity;
  for (const candidate of ordered) {
    if (seen.has(candidate.productId)) continue;
    const item = catalog.get(candidate.productId);
    if (!item) continue;
    seen.add(candidate.productId);
    if (candidate.score > max) max = candidate.score;
    if (candidate.score < min) min = candidate.score;
    entries.push({
      scored: candidate,
      item,
      vector: vectors.get(candidate.productId),
      value: 0,
      outsideUsual: !usual.brandIds.has(item.brandId) && !usual.categories.has(item.category),
      maxSimilarity: 0,
      seen: 0,
      taken: false,
      serendipitous: false,
    });
  }
  const range = max - min;
  for (const entry of entries) entry.value = range > 0 ? (entry.scored.score - min) / range : 1;
  return entries;
}
