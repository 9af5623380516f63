/*
 * Offline ranking metrics over plain arrays: one ranked list of item indices per user and the
 * user's held-out items. Pure functions, no tensors, so any recommender (the two-tower model,
 * a baseline, a SQL query) is scored the same way.
 */

/**
 * Indices of the k highest scores, best first, skipping `exclude` (e.g. the user's training
 * items). Ties go to the lower index so results are deterministic.
 */
export function topK(scores: ArrayLike<number>, k: number, exclude?: ReadonlySet<number>): number[] {
  const best: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (exclude?.has(i)) continue;
    const score = scores[i]!;
    if (best.length === k && score <= scores[best[k - 1]!]!) continue;
    let position = best.length === k ? k - 1 : best.length;
    while (position > 0 && scores[best[position - 1]!]! < score) position--;
    best.splice(position, 0, i);
    if (best.length > k) best.pop();
  }
  return best;
}

export interface RankingMetrics {
  k: number;
  users: number;
  /** Mean over users of |hits| / |held-out|. */
  recall: number;
  /** Mean over users of DCG / ideal DCG with binary relevance. */
  ndcg: number;
  /** Share of users with at least one hit. */
  hitRate: number;
  /**
   * Hits over all held-out interactions (micro average); TFRS's
   * "factorized_top_k/top_k_categorical_accuracy" when nothing is filtered.
   */
  accuracy: number;
  /** Share of the catalog that appears in at least one list. */
  coverage: number;
  /** Mean self-information −log2 p(item) of recommended items: higher = less obvious. */
  novelty: number;
}

export interface RankingInput {
  /** Per user, recommended item indices, best first (at least k long when possible). */
  rankings: readonly (readonly number[])[];
  /** Per user, held-out item indices; users with none are skipped. */
  heldOut: readonly (readonly number[])[];
  k: number;
  catalogSize: number;
  /**
   * Per item, the share of users who interacted with it in training (for novelty). Items never
   * seen get half a user's share so unseen recommendations score as very novel, not infinite.
   */
  popularity?: ArrayLike<number>;
  userCount?: number;
}

export function rankingMetrics({ rankings, heldOut, k, catalogSize, popularity, userCount }: RankingInput): RankingMetrics {
  let users = 0;
  let recall = 0;
  let ndcg = 0;
  let hitUsers = 0;
  let hits = 0;
  let relevantTotal = 0;
  let noveltySum = 0;
  let noveltyCount = 0;
  const shown = new Set<number>();
  const floor = 0.5 / Math.max(1, userCount ?? 1);
  heldOut.forEach((relevantList, u) => {
    const top = (rankings[u] ?? []).slice(0, k);
    for (const item of top) {
      shown.add(item);
      if (popularity) {
        noveltySum += -Math.log2(Math.max(popularity[item] ?? 0, floor));
        noveltyCount++;
      }
    }
    if (relevantList.length === 0) return;
    const relevant = new Set(relevantList);
    users++;
    let userHits = 0;
    let dcg = 0;
    top.forEach((item, rank) => {
      if (!relevant.has(item)) return;
      userHits++;
      dcg += 1 / Math.log2(rank + 2);
    });
    let ideal = 0;
    for (let rank = 0; rank < Math.min(relevant.size, k); rank++) ideal += 1 / Math.log2(rank + 2);
    recall += userHits / relevant.size;
    ndcg += dcg / ideal;
    hits += userHits;
    relevantTotal += relevant.size;
    if (userHits > 0) hitUsers++;
  });
  return {
    k,
    users,
    recall: users ? recall / users : 0,
    ndcg: users ? ndcg / users : 0,
    hitRate: users ? hitUsers / users : 0,
    accuracy: relevantTotal ? hits / relevantTotal : 0,
    coverage: catalogSize ? shown.size / catalogSize : 0,
    novelty: noveltyCount ? noveltySum / noveltyCount : 0,
  };
}

/** Per item, the share of users with at least one interaction with it. */
export function itemPopularity(userItems: readonly (readonly number[])[], catalogSize: number): Float64Array {
  const counts = new Float64Array(catalogSize);
  for (const items of userItems) for (const item of new Set(items)) counts[item]!++;
  const users = Math.max(1, userItems.length);
  return counts.map((count) => count / users);
}

/**
 * Rankings from a dense users × items score matrix (row-major). With `exclude`, each user's
 * known items are skipped: the "filtered" protocol. Without, they compete like any other item.
 */
export function rankFromScores(
  scores: Float32Array,
  users: number,
  items: number,
  k: number,
  exclude?: readonly (readonly number[])[],
): number[][] {
  const rankings: number[][] = [];
  for (let u = 0; u < users; u++) {
    const row = scores.subarray(u * items, (u + 1) * items);
    rankings.push(topK(row, k, exclude ? new Set(exclude[u]) : undefined));
  }
  return rankings;
}
