import { topK } from './metrics.js';

/*
 * Reference recommenders any learned model must beat. Both take per-user lists of training
 * item indices and return, per user, the top-k item indices, optionally skipping known items.
 */

/** Everyone gets the most-interacted items. */
export function popularityRankings(
  userItems: readonly (readonly number[])[],
  catalogSize: number,
  k: number,
  filterKnown: boolean,
): number[][] {
  const counts = new Float64Array(catalogSize);
  for (const items of userItems) for (const item of items) counts[item]!++;
  return userItems.map((items) => topK(counts, k, filterKnown ? new Set(items) : undefined));
}

/**
 * Item-kNN: score(u, j) = Σ over u's items i of cosine(i, j), cosine taken between item columns
 * of the binary user × item matrix (|users(i) ∩ users(j)| / √(|users(i)|·|users(j)|)).
 */
export function itemKnnRankings(
  userItems: readonly (readonly number[])[],
  catalogSize: number,
  k: number,
  filterKnown: boolean,
): number[][] {
  const distinct = userItems.map((items) => [...new Set(items)]);
  const degree = new Float64Array(catalogSize);
  for (const items of distinct) for (const item of items) degree[item]!++;
  const coCounts = new Float32Array(catalogSize * catalogSize);
  for (const items of distinct) {
    for (const a of items) for (const b of items) if (a !== b) coCounts[a * catalogSize + b]!++;
  }
  for (let a = 0; a < catalogSize; a++) {
    for (let b = 0; b < catalogSize; b++) {
      const shared = coCounts[a * catalogSize + b]!;
      if (shared > 0) coCounts[a * catalogSize + b] = shared / Math.sqrt(degree[a]! * degree[b]!);
    }
  }
  const scores = new Float64Array(catalogSize);
  return distinct.map((items) => {
    scores.fill(0);
    for (const item of items) {
      const row = coCounts.subarray(item * catalogSize, (item + 1) * catalogSize);
      for (let j = 0; j < catalogSize; j++) scores[j]! += row[j]!;
    }
    return topK(scores, k, filterKnown ? new Set(items) : undefined);
  });
}
