import hnswlib from 'hnswlib-node';
import type { Neighbour, VectorIndex } from './vector-index.js';

export interface HnswOptions {
  /** Graph degree: more links, better recall, more memory. */
  m?: number;
  efConstruction?: number;
  /** Candidate list size while searching; raised to k when k is larger. */
  efSearch?: number;
  seed?: number;
}

/** Approximate search (hnswlib's HNSW graph) for catalogs where a full scan costs too much. */
export class HnswIndex implements VectorIndex {
  readonly kind = 'hnsw';
  private readonly graph: hnswlib.HierarchicalNSW;
  private readonly labels = new Map<string, number>();
  private readonly idsByLabel = new Map<number, string>();
  private readonly vectors = new Map<string, Float32Array>();
  private nextLabel = 0;
  private capacity: number;
  private readonly efSearch: number;

  constructor(
    readonly dimension: number,
    capacity = 1024,
    options: HnswOptions = {},
  ) {
    this.capacity = Math.max(capacity, 16);
    this.efSearch = options.efSearch ?? 128;
    this.graph = new hnswlib.HierarchicalNSW('ip', dimension);
    this.graph.initIndex(this.capacity, options.m ?? 16, options.efConstruction ?? 200, options.seed ?? 100);
  }

  get size(): number {
    return this.labels.size;
  }

  has(id: string): boolean {
    return this.labels.has(id);
  }

  upsert(id: string, vector: Float32Array): void {
    if (vector.length !== this.dimension) throw new Error(`vector of ${vector.length} dimensions given to a ${this.dimension}-d index`);
    this.remove(id);
    if (this.nextLabel >= this.capacity) {
      this.capacity *= 2;
      this.graph.resizeIndex(this.capacity);
    }
    const label = this.nextLabel++;
    // hnswlib-node takes plain arrays only.
    this.graph.addPoint(Array.from(vector), label);
    this.labels.set(id, label);
    this.idsByLabel.set(label, id);
    this.vectors.set(id, Float32Array.from(vector));
  }

  remove(id: string): void {
    const label = this.labels.get(id);
    if (label === undefined) return;
    this.graph.markDelete(label);
    this.labels.delete(id);
    this.idsByLabel.delete(label);
    this.vectors.delete(id);
  }

  vector(id: string): Float32Array | undefined {
    // The stored array itself (ranking reads hundreds per page); callers must not write to it.
    return this.vectors.get(id);
  }

  search(query: Float32Array, k: number, exclude?: (id: string) => boolean): Neighbour[] {
    const wanted = Math.min(k, this.size);
    if (wanted === 0) return [];
    this.graph.setEf(Math.max(this.efSearch, wanted));
    const filter = exclude ? (label: number) => !exclude(this.idsByLabel.get(label)!) : undefined;
    const { neighbors, distances } = this.graph.searchKnn(Array.from(query), wanted, filter);
    // hnswlib's inner-product "distance" is 1 - dot.
    return neighbors.map((label, i) => ({ id: this.idsByLabel.get(label)!, score: 1 - distances[i] }));
  }
}
