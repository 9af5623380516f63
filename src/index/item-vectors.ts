import type { Neighbour, VectorIndex } from './vector-index.js';

/**
 * Item embeddings as the serving path uses them, wherever they live: in process (exact scan or
 * HNSW) or in PostgreSQL's pgvector column. Async because the database variant is.
 */
export interface ItemVectors {
  readonly kind: 'exact' | 'hnsw' | 'pgvector';
  /** Number of items with a vector. */
  size(): Promise<number>;
  get(id: string): Promise<Float32Array | undefined>;
  /** Records new or changed vectors (the database copy is written separately, by the caller). */
  put(ids: readonly string[], vectors: Float32Array, dimension: number): Promise<void>;
  nearest(query: Float32Array, k: number, exclude?: ReadonlySet<string>): Promise<Neighbour[]>;
}

/** Adapts an in-process index. */
export function inMemoryItemVectors(index: VectorIndex): ItemVectors {
  return {
    kind: index.kind,
    size: async () => index.size,
    get: async (id) => index.vector(id),
    async put(ids, vectors, dimension) {
      ids.forEach((id, i) => index.upsert(id, vectors.subarray(i * dimension, (i + 1) * dimension)));
    },
    nearest: async (query, k, exclude) => index.search(query, k, exclude?.size ? (id) => exclude.has(id) : undefined),
  };
}
