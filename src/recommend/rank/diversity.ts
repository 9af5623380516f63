import type { CatalogView, ItemInfo, RankedItem } from '../types.js';
import type { RankingConfig } from './ranking-config.js';
import { byScoreThenId, dot, type ScoredCandidate } from './score.js';

export interface DiversityInput {
  config: RankingConfig;
  catalog: CatalogView;
  vectors: ReadonlyMap<string, Float32Array>;
  /** brands/categories the shopper usually engages with (for serendipity); empty sets when anonymous */
  usual: { brandIds: ReadonlySet<string>; categories: ReadonlySet<string> };
  personalized: boolean;
}

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

/**
 * Picks at most k items, in row order, by greedy maximal marginal relevance:
 * next = argmax λ·score' − (1 − λ)·max similarity to the items already picked, with score'
 * the min–max normalised score and similarity the cosine of item vectors (negative = 0), or,
 * when either vector is missing, 0.5 for the same brand + 0.3 same category + 0.2 same colour.
 *
 * Caps: at most `maxPerBrand` items of a brand and `maxPerCategory` of a category. When the
 * pool cannot fill k within the caps, both caps are raised by one at a time (not dropped),
 * because a full row that repeats a brand serves the shopper better than a half-empty one.
 *
 * Serendipity (personalised rows only): ceil(k·serendipityShare) slots spread evenly through
 * the row (centred in equal stretches, never the first slot of a longer row) go to the best
 * MMR pick whose brand is not one of the shopper's usual brands AND whose category is not one
 * of the usual categories; such picks are marked `serendipitous` with a SERENDIPITY reason.
 * Without such a candidate the slot is filled normally. With no usual brands or categories
 * known, nothing is "outside" them and no slot is reserved.
 *
 * Cost: similarities are computed lazily. Because similarity is ≥ 0, λ·score' bounds an entry's
 * MMR value, and entries are visited best score first, so each pick stops scanning as soon as
 * that bound falls below the best value found; an entry's similarity is only brought up to date
 * (against the picks made since it was last looked at) when it could still win.
 */
export function diversify(scored: readonly ScoredCandidate[], k: number, input: DiversityInput): RankedItem[] {
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

/**
 * 0-based slots for serendipitous picks: `count` = ceil(k·share) slots, each centred in one of
 * `count` equal stretches of the row (k = 20, share 0.1 → slots 5 and 15), within the row's
 * real length.
 */
export function spreadSlots(k: number, share: number, length = k): Set<number> {
  const slots = new Set<number>();
  if (!(share > 0) || k <= 0) return slots;
  const count = Math.min(k, Math.ceil(k * share));
  for (let j = 0; j < count; j++) {
    const slot = Math.min(length - 1, Math.max(k > 1 ? 1 : 0, Math.floor(((j + 0.5) * k) / count)));
    slots.add(slot);
  }
  return slots;
}

/** Similarity in [0, 1] of two items: cosine of vectors, or attribute overlap without them. */
export function itemSimilarity(a: ItemInfo, b: ItemInfo, va?: Float32Array, vb?: Float32Array): number {
  if (va && vb) {
    const cosine = dot(va, vb);
    return cosine > 0 ? Math.min(cosine, 1) : 0;
  }
  return (a.brandId === b.brandId ? 0.5 : 0) + (a.category === b.category ? 0.3 : 0) + (a.colour === b.colour ? 0.2 : 0);
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
