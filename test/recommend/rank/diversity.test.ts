import { describe, expect, it } from 'vitest';
import { diversify, itemSimilarity, spreadSlots } from '../../../src/recommend/rank/diversity.js';
import { DEFAULT_RANKING_CONFIG, type RankingConfig } from '../../../src/recommend/rank/ranking-config.js';
import type { ScoredCandidate } from '../../../src/recommend/rank/score.js';
import type { ItemInfo, RankedItem } from '../../../src/recommend/types.js';
import { catalogOf, item, randomUnit, seeded, unit } from './fixtures.js';

const loose: RankingConfig = { ...DEFAULT_RANKING_CONFIG, diversity: { lambda: 0.6, maxPerBrand: 100, maxPerCategory: 100 }, serendipityShare: 0 };
const nobody = { brandIds: new Set<string>(), categories: new Set<string>() };

function scoredOf(entries: [string, number][]): ScoredCandidate[] {
  return entries.map(([productId, score]) => ({
    productId,
    score,
    breakdown: { relevance: score, popularity: 0, freshness: 0, context: 0, rules: 0 },
    reason: { code: 'TOP_PICK' },
  }));
}

function meanPairwise(row: readonly RankedItem[], vectors: ReadonlyMap<string, Float32Array>, byId: (id: string) => ItemInfo): number {
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < row.length; i++)
    for (let j = i + 1; j < row.length; j++) {
      sum += itemSimilarity(byId(row[i].productId), byId(row[j].productId), vectors.get(row[i].productId), vectors.get(row[j].productId));
      pairs++;
    }
  return sum / pairs;
}

describe('diversify', () => {
  // Ten near-copies of one look score highest; ten distinct looks score a little lower.
  const items = Array.from({ length: 20 }, (_, i) => item(`p${String(i).padStart(2, '0')}`, { brandId: `brand-${i}`, category: `cat-${i}` }));
  const catalog = catalogOf(items);
  const vectors = new Map(items.map((it, i) => [it.id, i < 10 ? unit(0, 1, i * 0.02) : unit(i)]));
  const scored = scoredOf(items.map((it, i) => [it.id, i < 10 ? 0.9 - i * 0.005 : 0.8 - (i - 10) * 0.005]));
  const byId = (id: string) => catalog.get(id)!;

  it('spreads a row of near-duplicates better than plain top-k', () => {
    const topK = scored.slice(0, 6).map((s) => ({ ...s, serendipitous: false }));
    const mmr = diversify(scored, 6, { config: loose, catalog, vectors, usual: nobody, personalized: false });
    expect(mmr).toHaveLength(6);
    expect(mmr[0].productId).toBe('p00');
    const nearCopies = mmr.filter((r) => Number(r.productId.slice(1)) < 10).length;
    expect(nearCopies).toBeLessThan(6);
    expect(meanPairwise(mmr, vectors, byId)).toBeLessThan(meanPairwise(topK, vectors, byId) - 0.3);
  });

  it('with λ = 1 keeps the plain score order', () => {
    const pure = diversify(scored, 6, { config: { ...loose, diversity: { ...loose.diversity, lambda: 1 } }, catalog, vectors, usual: nobody, personalized: false });
    expect(pure.map((r) => r.productId)).toEqual(scored.slice(0, 6).map((s) => s.productId));
  });

  it('falls back to brand/category/colour overlap without vectors', () => {
    const a = item('a', { brandId: 'x', category: 'tote', colour: 'black' });
    expect(itemSimilarity(a, item('b', { brandId: 'x', category: 'tote', colour: 'black' }))).toBeCloseTo(1, 12);
    expect(itemSimilarity(a, item('c', { brandId: 'x', category: 'pump', colour: 'red' }))).toBeCloseTo(0.5, 12);
    expect(itemSimilarity(a, item('d', { brandId: 'y', category: 'tote', colour: 'black' }))).toBeCloseTo(0.5, 12);
    expect(itemSimilarity(a, item('e', { brandId: 'y', category: 'pump', colour: 'red' }))).toBe(0);

    const same = Array.from({ length: 4 }, (_, i) => item(`s${i}`, { brandId: 'x', category: 'tote', colour: 'black' }));
    const other = Array.from({ length: 4 }, (_, i) => item(`o${i}`, { brandId: `y${i}`, category: `c${i}`, colour: `k${i}` }));
    const attributeCatalog = catalogOf([...same, ...other]);
    const rows = scoredOf([...same.map((it, i): [string, number] => [it.id, 0.9 - i * 0.01]), ...other.map((it, i): [string, number] => [it.id, 0.86 - i * 0.01])]);
    const row = diversify(rows, 4, { config: loose, catalog: attributeCatalog, vectors: new Map(), usual: nobody, personalized: false });
    // λ = 0.6 on min–max normalised scores: s1 (0.857·0.6 − 0.4·1) loses to o0 and o1, beats o2.
    expect(row.map((r) => r.productId)).toEqual(['s0', 'o0', 'o1', 's1']);
  });

  it('holds the caps per brand and per category', () => {
    const many = Array.from({ length: 30 }, (_, i) => item(`m${String(i).padStart(2, '0')}`, { brandId: `brand-${i % 3}`, category: `cat-${i % 5}` }));
    const manyCatalog = catalogOf(many);
    const random = seeded(7);
    const manyVectors = new Map(many.map((it) => [it.id, randomUnit(random)]));
    const config: RankingConfig = { ...loose, diversity: { lambda: 0.7, maxPerBrand: 3, maxPerCategory: 2 } };
    const row = diversify(scoredOf(many.map((it, i) => [it.id, 1 - i / 100])), 9, { config, catalog: manyCatalog, vectors: manyVectors, usual: nobody, personalized: false });
    expect(row).toHaveLength(9);
    const count = (key: (it: ItemInfo) => string) => {
      const counts = new Map<string, number>();
      for (const r of row) counts.set(key(manyCatalog.get(r.productId)!), (counts.get(key(manyCatalog.get(r.productId)!)) ?? 0) + 1);
      return Math.max(...counts.values());
    };
    expect(count((it) => it.brandId)).toBeLessThanOrEqual(3);
    expect(count((it) => it.category)).toBeLessThanOrEqual(2);
  });

  it('relaxes the caps only when the pool cannot fill the row otherwise', () => {
    const oneBrand = Array.from({ length: 6 }, (_, i) => item(`b${i}`, { brandId: 'solo', category: `cat-${i}` }));
    const other = item('z', { brandId: 'other', category: 'cat-z' });
    const soloCatalog = catalogOf([...oneBrand, other]);
    const config: RankingConfig = { ...loose, diversity: { lambda: 0.7, maxPerBrand: 2, maxPerCategory: 10 } };
    const row = diversify(scoredOf([...oneBrand.map((it, i): [string, number] => [it.id, 0.9 - i * 0.01]), ['z', 0.1]]), 5, {
      config,
      catalog: soloCatalog,
      vectors: new Map(),
      usual: nobody,
      personalized: false,
    });
    expect(row).toHaveLength(5);
    // Within the caps first: two of the brand, then the other brand, then the relaxed picks.
    expect(row.slice(0, 3).map((r) => r.productId)).toEqual(['b0', 'b1', 'z']);
  });

  describe('serendipity', () => {
    const usualBrands = Array.from({ length: 30 }, (_, i) => item(`u${String(i).padStart(2, '0')}`, { brandId: `loved-${i % 6}`, category: i % 2 ? 'tote' : 'pump' }));
    const outside = [
      item('x1', { brandId: 'new-1', category: 'scarf' }),
      item('x2', { brandId: 'new-2', category: 'belt' }),
      item('x3', { brandId: 'new-3', category: 'tote' }), // usual category: not serendipitous
      item('x4', { brandId: 'loved-1', category: 'ring' }), // usual brand: not serendipitous
    ];
    const all = [...usualBrands, ...outside];
    const serendipityCatalog = catalogOf(all);
    const random = seeded(3);
    const sVectors = new Map(all.map((it) => [it.id, randomUnit(random)]));
    const scores = scoredOf([
      ...usualBrands.map((it, i): [string, number] => [it.id, 0.9 - i * 0.005]),
      ['x3', 0.5],
      ['x4', 0.45],
      ['x2', 0.3],
      ['x1', 0.2],
    ]);
    const usual = { brandIds: new Set(['loved-0', 'loved-1', 'loved-2', 'loved-3', 'loved-4', 'loved-5']), categories: new Set(['tote', 'pump']) };
    const config: RankingConfig = { ...DEFAULT_RANKING_CONFIG, serendipityShare: 0.1, diversity: { lambda: 0.75, maxPerBrand: 4, maxPerCategory: 20 } };

    it('gives ceil(k·share) spread-out slots to the best items outside the usual brands and categories', () => {
      const row = diversify(scores, 20, { config, catalog: serendipityCatalog, vectors: sVectors, usual, personalized: true });
      expect(row).toHaveLength(20);
      const marked = row.flatMap((r, slot) => (r.serendipitous ? [{ slot, r }] : []));
      expect(marked.map((m) => m.slot)).toEqual([...spreadSlots(20, 0.1)]);
      expect(marked.map((m) => m.r.productId)).toEqual(['x2', 'x1']);
      expect(marked.map((m) => m.r.reason)).toEqual([
        { code: 'SERENDIPITY', category: 'belt' },
        { code: 'SERENDIPITY', category: 'scarf' },
      ]);
    });

    it('spreads the slots through the row instead of putting them at the end', () => {
      expect([...spreadSlots(20, 0.1)]).toEqual([5, 15]);
      expect([...spreadSlots(20, 0.25)]).toEqual([2, 6, 10, 14, 18]);
      expect([...spreadSlots(6, 0.1)]).toEqual([3]);
      expect(spreadSlots(20, 0).size).toBe(0);
    });

    it('gives no slot away when the row is not personalised', () => {
      const row = diversify(scores, 20, { config, catalog: serendipityCatalog, vectors: sVectors, usual, personalized: false });
      expect(row.some((r) => r.serendipitous || r.reason.code === 'SERENDIPITY')).toBe(false);
    });

    it('fills the slot normally when nothing lies outside the usual brands and categories', () => {
      const inside = scores.filter((s) => !['x1', 'x2'].includes(s.productId));
      const row = diversify(inside, 20, { config, catalog: serendipityCatalog, vectors: sVectors, usual, personalized: true });
      expect(row).toHaveLength(20);
      expect(row.some((r) => r.serendipitous)).toBe(false);
    });
  });

  it('never repeats a product, returns at most k items and skips products missing from the catalog', () => {
    const doubled = [...scored, ...scored, ...scoredOf([['ghost', 5]])];
    const row = diversify(doubled, 50, { config: loose, catalog, vectors, usual: nobody, personalized: false });
    expect(row).toHaveLength(20);
    expect(new Set(row.map((r) => r.productId)).size).toBe(row.length);
    expect(row.some((r) => r.productId === 'ghost')).toBe(false);
    expect(diversify(scored, 0, { config: loose, catalog, vectors, usual: nobody, personalized: false })).toEqual([]);
  });

  it('is deterministic whatever the input order', () => {
    const input = { config: DEFAULT_RANKING_CONFIG, catalog, vectors, usual: { brandIds: new Set(['brand-0']), categories: new Set(['cat-0']) }, personalized: true };
    const first = diversify(scored, 10, input);
    const shuffled = [...scored].sort((a, b) => (a.productId < b.productId ? 1 : -1));
    expect(diversify(shuffled, 10, input)).toEqual(first);
    expect(diversify(scored, 10, input)).toEqual(first);
  });

  it('picks 60 of 300 candidates in well under a millisecond', () => {
    const random = seeded(11);
    const big = Array.from({ length: 300 }, (_, i) => item(`q${i}`, { brandId: `brand-${i % 25}`, category: `cat-${i % 12}`, colour: `c${i % 7}` }));
    const bigCatalog = catalogOf(big);
    const bigVectors = new Map(big.map((it) => [it.id, randomUnit(random)]));
    const bigScored = scoredOf(big.map((it) => [it.id, random()])).sort((a, b) => b.score - a.score);
    const input = { config: DEFAULT_RANKING_CONFIG, catalog: bigCatalog, vectors: bigVectors, usual: { brandIds: new Set(['brand-1']), categories: new Set(['cat-1']) }, personalized: true };
    for (let i = 0; i < 50; i++) diversify(bigScored, 60, input);
    const runs = 200;
    const started = performance.now();
    for (let i = 0; i < runs; i++) diversify(bigScored, 60, input);
    const perCall = (performance.now() - started) / runs;
    // Well under 1 ms on an idle core; the bound leaves room for a loaded, shared machine.
    expect(perCall).toBeLessThan(2);
  });
});
