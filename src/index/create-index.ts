import { ExactIndex } from './exact-index.js';
import { HnswIndex, type HnswOptions } from './hnsw-index.js';
import type { VectorIndex } from './vector-index.js';

/**
 * Below this many vectors a full scan answers in well under a millisecond (64-d), and exact
 * results are free; above it HNSW keeps query time flat as the catalog grows.
 */
export const DEFAULT_HNSW_THRESHOLD = 20_000;

export function createVectorIndex(dimension: number, expectedSize: number, options: HnswOptions & { hnswThreshold?: number } = {}): VectorIndex {
  const threshold = options.hnswThreshold ?? DEFAULT_HNSW_THRESHOLD;
  return expectedSize >= threshold ? new HnswIndex(dimension, expectedSize, options) : new ExactIndex(dimension, expectedSize);
}
