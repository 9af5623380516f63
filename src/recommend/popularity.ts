const DAY_MS = 86_400_000;
/** Decay is applied in steps of 1/64 of a half-life (about 1 %), each step's factor held in 16 bits. */
const STEPS_PER_HALF_LIFE = 64;
const STEP_FACTORS = Array.from({ length: STEPS_PER_HALF_LIFE }, (_, j) => Math.round(2 ** (16 + j / STEPS_PER_HALF_LIFE)));
/** Up to this many products changed since a region's ranking was read, each is moved into place; more are merged in at once. */
const MOVES_PER_READ = 32;

interface RankedEntry {
  productId: string;
  value: number;
}

/**
 * A region's ranking (raw values, best first, ties by product id) and the products whose value
 * changed since it was last brought up to date, with their value in it.
 */
interface RankedView {
  list: RankedEntry[];
  changed: Map<string, number>;
  /** The list's first entries with scores in [0, 1], as `top` returns them, until the list changes. */
  scored: { productId: string; score: number }[];
}

/** Whether `a` ranks above `b`. */
const ahead = (a: RankedEntry, b: RankedEntry) => a.value > b.value || (a.value === b.value && a.productId < b.productId);

/** The first index of a list ranked best first whose entry does not rank above `entry`. */
function firstNotAhead(list: readonly RankedEntry[], entry: RankedEntry): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ahead(list[middle]!, entry)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Time-decayed popularity per region, updated event by event. Scores are kept relative to an
 * origin time (an event at time t adds w·2^((t − origin)/halfLife)), so adding an event is O(1)
 * and decay never needs a sweep; reading divides by the region's maximum, so the common factor
 * cancels out.
 *
 * Replicas must rank alike although each started at its own time, one hearing events one by one
 * and another summing them per day from the database. So an event's amount is an integer times a
 * power of two: the integer depends only on the event (weight × the factor of its decay step,
 * counted from 1970), the power of two on the origin, which is rounded to a whole half-life. Sums
 * of such amounts (weights are whole numbers) are exact in any order or grouping, and two origins
 * only scale every amount by an exact power of two, which the division by the maximum removes bit
 * for bit.
 */
export class DecayedPopularity {
  /** Per region: scores by product and their maximum, together so that a read is two lookups. */
  private readonly byRegion = new Map<string, { scores: Map<string, number>; max: number }>();
  /**
   * Sorted views per region, kept up to date by moving the products that changed: with events
   * arriving between every two pages, sorting the whole region again for each page cost more
   * than the rest of the page at 200,000 products.
   */
  private readonly ranked = new Map<string, RankedView>();
  /** Whole half-lives from 1970 to the origin. */
  private readonly originHalfLives: number;

  /** @param halfLifeDays days for an interaction's weight to halve */
  constructor(
    private readonly halfLifeDays: number,
    origin: Date = new Date(),
  ) {
    this.originHalfLives = Math.floor(origin.getTime() / (halfLifeDays * DAY_MS));
  }

  /** The pseudo-region holding every event, used as the global fallback. */
  static readonly GLOBAL = '*';

  add(productId: string, region: string | null, weight: number, at: Date): void {
    const step = Math.round((at.getTime() / (this.halfLifeDays * DAY_MS)) * STEPS_PER_HALF_LIFE);
    const halfLives = Math.floor(step / STEPS_PER_HALF_LIFE);
    const amount = weight * STEP_FACTORS[step - halfLives * STEPS_PER_HALF_LIFE]! * 2 ** (halfLives - this.originHalfLives);
    if (!Number.isFinite(amount) || amount === 0) return;
    this.bump(DecayedPopularity.GLOBAL, productId, amount);
    if (region) this.bump(region, productId, amount);
  }

  /** In [0, 1]: 1 for the region's most popular product, 0 when unseen there. */
  score(productId: string, region: string | null): number {
    const table = (region ? this.byRegion.get(region) : undefined) ?? this.byRegion.get(DecayedPopularity.GLOBAL);
    if (!table) return 0;
    const max = table.max;
    return max > 0 ? Math.max(0, (table.scores.get(productId) ?? 0) / max) : 0;
  }

  /** Number of products with any signal in a region. */
  breadth(region: string | null): number {
    return this.byRegion.get(region ?? DecayedPopularity.GLOBAL)?.scores.size ?? 0;
  }

  /** The `k` most popular products of a region, best first, with scores in [0, 1]. */
  top(region: string | null, k: number): { productId: string; score: number }[] {
    const key = region ?? DecayedPopularity.GLOBAL;
    const max = this.byRegion.get(key)?.max ?? 0;
    const view = this.rankedView(key);
    const { list, scored } = view;
    // Only a max change moves every score, and it comes with a changed product, which resets `scored`.
    for (let i = scored.length; i < Math.min(k, list.length); i++) scored.push({ productId: list[i]!.productId, score: max > 0 ? list[i]!.value / max : 0 });
    return scored.slice(0, k);
  }

  private rankedView(key: string): RankedView {
    const scores = this.byRegion.get(key)?.scores;
    let view = this.ranked.get(key);
    if (!view) {
      const list = [...(scores ?? [])].filter(([, value]) => value > 0).map(([productId, value]) => ({ productId, value }));
      this.ranked.set(key, (view = { list: list.sort((a, b) => (ahead(a, b) ? -1 : 1)), changed: new Map(), scored: [] }));
      return view;
    }
    if (view.changed.size === 0 || !scores) return view;
    if (view.changed.size <= MOVES_PER_READ) {
      for (const [productId, was] of view.changed) {
        if (was > 0) view.list.splice(firstNotAhead(view.list, { productId, value: was }), 1);
        const entry = { productId, value: scores.get(productId) ?? 0 };
        if (entry.value > 0) view.list.splice(firstNotAhead(view.list, entry), 0, entry);
      }
    } else {
      const moved = [...view.changed.keys()].map((productId) => ({ productId, value: scores.get(productId) ?? 0 })).filter((entry) => entry.value > 0);
      view.list = mergeRanked(
        view.list.filter((entry) => !view.changed.has(entry.productId)),
        moved.sort((a, b) => (ahead(a, b) ? -1 : 1)),
      );
    }
    view.changed.clear();
    view.scored = [];
    return view;
  }

  regions(): string[] {
    return [...this.byRegion.keys()].filter((r) => r !== DecayedPopularity.GLOBAL);
  }

  private bump(region: string, productId: string, amount: number) {
    let table = this.byRegion.get(region);
    if (!table) this.byRegion.set(region, (table = { scores: new Map(), max: 0 }));
    const was = table.scores.get(productId) ?? 0;
    const value = was + amount;
    table.scores.set(productId, value);
    if (value > table.max) table.max = value;
    // The sorted view moves the product on its next read.
    const view = this.ranked.get(region);
    if (view && !view.changed.has(productId)) view.changed.set(productId, was);
  }
}

/** Two lists ranked best first, as one. */
function mergeRanked(a: readonly RankedEntry[], b: readonly RankedEntry[]): RankedEntry[] {
  const merged: RankedEntry[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let at = 0;
  while (i < a.length && j < b.length) merged[at++] = ahead(b[j]!, a[i]!) ? b[j++]! : a[i++]!;
  while (i < a.length) merged[at++] = a[i++]!;
  while (j < b.length) merged[at++] = b[j++]!;
  return merged;
}

/** How much each interaction type says about a product's appeal (negatives count for nothing). */
export const POPULARITY_WEIGHTS: Readonly<Record<string, number>> = {
  VIEW: 1,
  CLICK: 2,
  DWELL: 2,
  WISHLIST: 4,
  ADD_TO_CART: 5,
  PURCHASE: 8,
  SKIP: 0,
  DISMISS: 0,
  RETURN: 0,
};
