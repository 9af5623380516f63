import { describe, expect, it } from 'vitest';
import { createVectorIndex } from '../../src/index/create-index.js';
import { ExactIndex } from '../../src/index/exact-index.js';
import { HnswIndex } from '../../src/index/hnsw-index.js';
import type { VectorIndex } from '../../src/index/vector-index.js';
import { SeededRandom } from '../../src/model/random.js';

/** Deterministic unit vectors (mulberry32). */
function randomUnitVectors(count: number, dimension: number, seed: number): Float32Array[] {
  const generator = new SeededRandom(seed);
  const next = () => generator.next() - 0.5;
  return Array.from({ length: count }, () => {
    const v = Float32Array.from({ length: dimension }, next);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

function bruteForce(vectors: Float32Array[], query: Float32Array, k: number): string[] {
  return vectors
    .map((v, i) => ({ id: `v${i}`, score: v.reduce((s, x, j) => s + x * query[j], 0) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k)
    .map((n) => n.id);
}

const fill = (index: VectorIndex, vectors: Float32Array[]) => vectors.forEach((v, i) => index.upsert(`v${i}`, v));

describe.each([
  ['exact', (dim: number) => new ExactIndex(dim, 4)],
  ['hnsw', (dim: number) => new HnswIndex(dim, 16)],
])('%s index', (_name, make) => {
  it('finds the nearest vectors, best first, with cosine scores', () => {
    const vectors = randomUnitVectors(300, 16, 1);
    const index = make(16);
    fill(index, vectors);
    const query = vectors[7];
    const result = index.search(query, 5);
    expect(result[0]).toMatchObject({ id: 'v7' });
    expect(result[0].score).toBeCloseTo(1, 5);
    expect(result.map((n) => n.id)).toEqual(bruteForce(vectors, query, 5));
    for (let i = 1; i < result.length; i++) expect(result[i].score).toBeLessThanOrEqual(result[i - 1].score);
  });

  it('replaces, removes and excludes', () => {
    const vectors = randomUnitVectors(50, 8, 2);
    const index = make(8);
    fill(index, vectors);
    expect(index.size).toBe(50);
    index.upsert('v3', vectors[10]);
    expect(index.size).toBe(50);
    expect(Array.from(index.vector('v3')!)).toEqual(Array.from(vectors[10]));
    const twins = index.search(vectors[10], 2).map((n) => n.id).sort();
    expect(twins).toEqual(['v10', 'v3']);
    index.remove('v10');
    expect(index.has('v10')).toBe(false);
    expect(index.search(vectors[10], 1)[0].id).toBe('v3');
    expect(index.search(vectors[10], 3, (id) => id === 'v3').map((n) => n.id)).not.toContain('v3');
    expect(() => index.upsert('bad', new Float32Array(3))).toThrow(/3 dimensions given to a 8-d index/);
  });
});

describe('HNSW against exact search', () => {
  it('keeps recall@10 above 0.95 on 5,000 random 64-d vectors', () => {
    const vectors = randomUnitVectors(5000, 64, 3);
    const hnsw = createVectorIndex(64, 5000, { hnswThreshold: 1000 });
    const exact = createVectorIndex(64, 5000, { hnswThreshold: 10_000 });
    expect([hnsw.kind, exact.kind]).toEqual(['hnsw', 'exact']);
    fill(hnsw, vectors);
    fill(exact, vectors);
    const queries = randomUnitVectors(100, 64, 4);
    let hits = 0;
    for (const q of queries) {
      const truth = new Set(exact.search(q, 10).map((n) => n.id));
      hits += hnsw.search(q, 10).filter((n) => truth.has(n.id)).length;
    }
    expect(hits / (queries.length * 10)).toBeGreaterThan(0.95);
  });
});
