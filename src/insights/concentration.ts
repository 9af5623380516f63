/**
 * How evenly impressions spread over a catalog, from a histogram of impression counts
 * ("k products were shown n times each"). A histogram keeps the database's answer small (one
 * row per distinct count, not per product) and still gives exact figures, because products with
 * equal counts are interchangeable in a Lorenz curve.
 */

export interface CountBucket {
  /** Impressions of each product in the bucket (> 0). */
  count: number;
  /** Number of products shown exactly `count` times. */
  products: number;
}

export interface LorenzPoint {
  /** Share of the catalog, least shown products first, in [0, 1]. */
  catalogShare: number;
  /** Share of all impressions those products received, in [0, 1]. */
  impressionShare: number;
}

export interface Concentration {
  catalogSize: number;
  productsShown: number;
  impressions: number;
  /** productsShown / catalogSize. */
  coverage: number;
  /** Gini coefficient of impressions over the whole catalog (never-shown products count as 0); null without impressions. */
  gini: number | null;
  /** Share of impressions that went to the most shown `topFraction` of the catalog; null without impressions. */
  topShare: number | null;
  lorenz: LorenzPoint[];
}

export interface ConcentrationOptions {
  /** Default 0.1: the top decile. */
  topFraction?: number;
  /** Lorenz curve points after the origin; default 20 (every 5 % of the catalog). */
  lorenzSteps?: number;
}

export function concentration(buckets: readonly CountBucket[], catalogSize: number, options: ConcentrationOptions = {}): Concentration {
  const topFraction = options.topFraction ?? 0.1;
  const steps = options.lorenzSteps ?? 20;
  const shown = buckets.filter((b) => b.count > 0 && b.products > 0).sort((a, b) => a.count - b.count);
  const productsShown = shown.reduce((sum, b) => sum + b.products, 0);
  if (productsShown > catalogSize) throw new RangeError(`${productsShown} products shown but the catalog has only ${catalogSize}`);
  const impressions = shown.reduce((sum, b) => sum + b.count * b.products, 0);
  const n = catalogSize;
  const never = n - productsShown;

  // Sum of the k least shown products' impressions; k may be fractional (linear within a bucket).
  const lowest = (k: number): number => {
    let left = Math.max(0, k - never);
    let sum = 0;
    for (const b of shown) {
      if (left <= 0) break;
      const take = Math.min(left, b.products);
      sum += take * b.count;
      left -= take;
    }
    return sum;
  };

  let gini: number | null = null;
  if (impressions > 0) {
    // Gini = Σ (2i − n − 1)·x_i / (n·Σx) over ascending x; a bucket of m equal values after
    // a smaller ones contributes x·m·(2a + m − n).
    let before = never;
    let weighted = 0;
    for (const b of shown) {
      weighted += b.count * b.products * (2 * before + b.products - n);
      before += b.products;
    }
    gini = weighted / (n * impressions);
  }

  const lorenz: LorenzPoint[] = [];
  for (let step = 0; step <= steps; step++) {
    const catalogShare = step / steps;
    lorenz.push({ catalogShare, impressionShare: impressions > 0 ? lowest(catalogShare * n) / impressions : 0 });
  }

  return {
    catalogSize: n,
    productsShown,
    impressions,
    coverage: n > 0 ? productsShown / n : 0,
    gini,
    topShare: impressions > 0 ? (impressions - lowest(n - topFraction * n)) / impressions : null,
    lorenz,
  };
}
