/** Nearest-neighbour search over L2-normalised vectors; scores are inner products (cosine). */

export interface Neighbour {
  id: string;
  score: number;
}

export interface VectorIndex {
  readonly kind: 'exact' | 'hnsw';
  readonly dimension: number;
  readonly size: number;
  /** Adds a vector, or replaces the vector stored under `id`. */
  upsert(id: string, vector: Float32Array): void;
  remove(id: string): void;
  has(id: string): boolean;
  /** The stored vector, without copying: read it at once, never write to it. */
  vector(id: string): Float32Array | undefined;
  /** The `k` most similar vectors, best first, skipping ids for which `exclude` is true. */
  search(query: Float32Array, k: number, exclude?: (id: string) => boolean): Neighbour[];
}

export function dot(a: Float32Array, b: Float32Array, offset = 0): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[offset + i];
  return sum;
}
