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

/**
 * The pool as parallel arrays, indexed by position in best-score-first order: the pick loop
 * runs n·k times per row and must not chase objects, hash strings or allocate.
 */
interface Pool {
  size: number;
  scored: ScoredCandidate[];
  items: ItemInfo[];
  /** Score min–max normalised over the pool, so λ trades like against like (similarity is in [0, 1]). */
  value: Float64Array;
  /** Brand, category and colour as small integers (equal ids ⇔ equal strings). */
  brand: Int32Array;
  category: Int32Array;
  colour: Int32Array;
  brands: number;
  categories: number;
  /** Candidate vectors, one row of `stride` numbers each; `length` −1 = no vector. */
  vectors: Float64Array;
  length: Int32Array;
  stride: number;
  outsideUsual: Uint8Array;
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
 * that bound falls below the best value found. An entry's running max similarity covers the
 * picks it was compared with so far, so it only ever underestimates the true one; it is brought
 * up to date only while the entry could still win. The latest pick of the entry's own category
 * (its likeliest near-duplicate) is tried first, and the update stops at the first pick that
 * makes the entry lose: its value can only fall as picks are added, so the other comparisons
 * can wait until it is a contender again. None of this changes which entry wins — every
 * shortcut only skips entries that provably could not — and the tests hold it pick for pick
 * against the plain implementation.
 */
export function diversify(scored: readonly ScoredCandidate[], k: number, input: DiversityInput): RankedItem[] {
  const { config, catalog, vectors, usual, personalized } = input;
  if (k <= 0 || scored.length === 0) return [];
  const pool = buildPool(scored, catalog, vectors, usual);
  const n = pool.size;
  if (n === 0) return [];
  const { value, brand, category, outsideUsual } = pool;
  const lambda = config.diversity.lambda;
  const novelty = 1 - lambda;
  const target = Math.min(k, n);
  const picks = new Int32Array(target);
  const serendipitous = new Uint8Array(target);
  let picked = 0;
  const maxSimilarity = new Float64Array(n);
  /** How many of the picks (in order) each entry's max similarity covers… */
  const seen = new Int32Array(n);
  /** …besides the one pick it was last probed against (−1: none). */
  const probed = new Int32Array(n).fill(-1);
  /** The latest pick of each category: the likeliest near-duplicate of an entry of that category. */
  const latestOfCategory = new Int32Array(pool.categories).fill(-1);
  const taken = new Uint8Array(n);
  const perBrand = new Int32Array(pool.brands);
  const perCategory = new Int32Array(pool.categories);
  const serendipitySlots =
    personalized && (usual.brandIds.size > 0 || usual.categories.size > 0) ? spreadSlots(k, config.serendipityShare, target) : new Set<number>();
  let slack = 0;

  const pick = (outsideOnly: boolean): number => {
    const brandCap = config.diversity.maxPerBrand + slack;
    const categoryCap = config.diversity.maxPerCategory + slack;
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < n; i++) {
      const bound = lambda * value[i];
      if (bound < bestValue) break;
      if (taken[i] || (outsideOnly && !outsideUsual[i])) continue;
      if (perBrand[brand[i]] >= brandCap || perCategory[category[i]] >= categoryCap) continue;
      let similarity = maxSimilarity[i];
      if (bound - novelty * similarity <= bestValue) continue;
      const probe = latestOfCategory[category[i]];
      if (probe >= seen[i] && probe !== probed[i]) {
        probed[i] = probe;
        const next = similarityAt(pool, i, picks[probe]);
        if (next > similarity) {
          maxSimilarity[i] = similarity = next;
          if (bound - novelty * similarity <= bestValue) continue;
        }
      }
      let upTo = seen[i];
      while (upTo < picked) {
        const next = similarityAt(pool, i, picks[upTo++]);
        if (next > similarity) {
          similarity = next;
          if (bound - novelty * similarity <= bestValue) break;
        }
      }
      seen[i] = upTo;
      maxSimilarity[i] = similarity;
      if (upTo < picked) continue;
      const mmr = bound - novelty * similarity;
      if (mmr > bestValue) {
        bestValue = mmr;
        best = i;
      }
    }
    return best;
  };

  while (picked < target) {
    const wantsSerendipity = serendipitySlots.has(picked);
    let chosen = wantsSerendipity ? pick(true) : -1;
    if (chosen < 0) chosen = pick(false);
    if (chosen < 0) {
      slack++;
      continue;
    }
    taken[chosen] = 1;
    serendipitous[picked] = wantsSerendipity && outsideUsual[chosen] ? 1 : 0;
    latestOfCategory[category[chosen]] = picked;
    picks[picked++] = chosen;
    perBrand[brand[chosen]]++;
    perCategory[category[chosen]]++;
  }
  const row: RankedItem[] = new Array(target);
  for (let slot = 0; slot < target; slot++) {
    const { productId, score, breakdown, reason } = pool.scored[picks[slot]];
    const marked = serendipitous[slot] === 1;
    row[slot] = {
      productId,
      score,
      breakdown,
      reason: marked ? { code: 'SERENDIPITY', category: pool.items[picks[slot]].category } : reason,
      serendipitous: marked,
    };
  }
  return row;
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

/**
 * `itemSimilarity` of two pool entries, from the pool's arrays. The sum runs in the same order
 * as `dot` and float32 → float64 is exact, so the result is the same number to the last bit
 * (unrolled, and over float64 copies, because this loop is where a row's time goes).
 */
function similarityAt(pool: Pool, a: number, b: number): number {
  const lengthA = pool.length[a];
  const lengthB = pool.length[b];
  if (lengthA >= 0 && lengthB >= 0) {
    const matrix = pool.vectors;
    let at = a * pool.stride;
    let bt = b * pool.stride;
    const end = at + (lengthA < lengthB ? lengthA : lengthB);
    let cosine = 0;
    for (; at + 3 < end; at += 4, bt += 4) {
      cosine += matrix[at] * matrix[bt];
      cosine += matrix[at + 1] * matrix[bt + 1];
      cosine += matrix[at + 2] * matrix[bt + 2];
      cosine += matrix[at + 3] * matrix[bt + 3];
    }
    for (; at < end; at++, bt++) cosine += matrix[at] * matrix[bt];
    return cosine > 0 ? Math.min(cosine, 1) : 0;
  }
  return (pool.brand[a] === pool.brand[b] ? 0.5 : 0) + (pool.category[a] === pool.category[b] ? 0.3 : 0) + (pool.colour[a] === pool.colour[b] ? 0.2 : 0);
}

function buildPool(
  scored: readonly ScoredCandidate[],
  catalog: CatalogView,
  vectors: ReadonlyMap<string, Float32Array>,
  usual: DiversityInput['usual'],
): Pool {
  const seen = new Set<string>();
  // Scoring hands over its candidates already in this order; sort only when they are not.
  const ordered = isSorted(scored) ? scored : [...scored].sort(byScoreThenId);
  const kept: ScoredCandidate[] = [];
  const items: ItemInfo[] = [];
  const found: (Float32Array | undefined)[] = [];
  let stride = 0;
  let max = -Infinity;
  let min = Infinity;
  for (const candidate of ordered) {
    if (seen.has(candidate.productId)) continue;
    const item = catalog.get(candidate.productId);
    if (!item) continue;
    seen.add(candidate.productId);
    if (candidate.score > max) max = candidate.score;
    if (candidate.score < min) min = candidate.score;
    const vector = vectors.get(candidate.productId);
    if (vector && vector.length > stride) stride = vector.length;
    kept.push(candidate);
    items.push(item);
    found.push(vector);
  }
  const size = kept.length;
  const range = max - min;
  const value = new Float64Array(size);
  const matrix = new Float64Array(size * stride);
  const length = new Int32Array(size).fill(-1);
  const outsideUsual = new Uint8Array(size);
  const brand = new Int32Array(size);
  const category = new Int32Array(size);
  const colour = new Int32Array(size);
  const brandIds = new Map<string, number>();
  const categories = new Map<string, number>();
  const colours = new Map<string, number>();
  const intern = (ids: Map<string, number>, key: string) => {
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  };
  for (let i = 0; i < size; i++) {
    const item = items[i];
    value[i] = range > 0 ? (kept[i].score - min) / range : 1;
    const vector = found[i];
    if (vector) {
      // An element loop: TypedArray.set between float32 and float64 arrays takes a slow path.
      for (let d = 0, at = i * stride; d < vector.length; d++, at++) matrix[at] = vector[d];
      length[i] = vector.length;
    }
    outsideUsual[i] = !usual.brandIds.has(item.brandId) && !usual.categories.has(item.category) ? 1 : 0;
    brand[i] = intern(brandIds, item.brandId);
    category[i] = intern(categories, item.category);
    colour[i] = intern(colours, item.colour);
  }
  return { size, scored: kept, items, value, brand, category, colour, brands: brandIds.size, categories: categories.size, vectors: matrix, length, stride, outsideUsual };
}

function isSorted(scored: readonly ScoredCandidate[]): boolean {
  for (let i = 1; i < scored.length; i++) if (byScoreThenId(scored[i - 1], scored[i]) > 0) return false;
  return true;
}
