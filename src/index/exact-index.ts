import { TopK } from './top-k.js';
import { dot, type Neighbour, type VectorIndex } from './vector-index.js';

/** Scans every vector: exact, and the fastest choice for small catalogs. */
export class ExactIndex implements VectorIndex {
  readonly kind = 'exact';
  private matrix: Float32Array;
  private ids: string[] = [];
  private readonly rows = new Map<string, number>();

  constructor(
    readonly dimension: number,
    capacity = 1024,
  ) {
    this.matrix = new Float32Array(Math.max(capacity, 1) * dimension);
  }

  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  upsert(id: string, vector: Float32Array): void {
    if (vector.length !== this.dimension) throw new Error(`vector of ${vector.length} dimensions given to a ${this.dimension}-d index`);
    let row = this.rows.get(id);
    if (row === undefined) {
      row = this.ids.length;
      if ((row + 1) * this.dimension > this.matrix.length) {
        const grown = new Float32Array(this.matrix.length * 2);
        grown.set(this.matrix);
        this.matrix = grown;
      }
      this.ids.push(id);
      this.rows.set(id, row);
    }
    this.matrix.set(vector, row * this.dimension);
  }

  remove(id: string): void {
    const row = this.rows.get(id);
    if (row === undefined) return;
    // Move the last row into the hole so the matrix stays dense.
    const last = this.ids.length - 1;
    if (row !== last) {
      const lastId = this.ids[last];
      this.matrix.copyWithin(row * this.dimension, last * this.dimension, (last + 1) * this.dimension);
      this.ids[row] = lastId;
      this.rows.set(lastId, row);
    }
    this.ids.pop();
    this.rows.delete(id);
  }

  vector(id: string): Float32Array | undefined {
    const row = this.rows.get(id);
    // A view, not a copy: ranking reads hundreds of vectors per page. Callers must not write to it,
    // and it may change if the id is later upserted or another row is removed.
    return row === undefined ? undefined : this.matrix.subarray(row * this.dimension, (row + 1) * this.dimension);
  }

  search(query: Float32Array, k: number, exclude?: (id: string) => boolean): Neighbour[] {
    const top = new TopK<string>(k);
    for (let row = 0; row < this.ids.length; row++) {
      const score = dot(query, this.matrix, row * this.dimension);
      if (score <= top.threshold) continue;
      const id = this.ids[row];
      if (exclude?.(id)) continue;
      top.push(id, score);
    }
    return top.sorted().map(({ item, score }) => ({ id: item, score }));
  }
}
