import { describe, expect, it } from 'vitest';
import { diversify } from '../../../src/recommend/rank/diversity.js';
import { DEFAULT_RANKING_CONFIG, type RankingConfig } from '../../../src/recommend/rank/ranking-config.js';
import type { ScoredCandidate } from '../../../src/recommend/rank/score.js';
import type { ItemInfo } from '../../../src/recommend/types.js';
import { referenceDiversify } from './diversity-reference.js';
import { catalogOf, item, randomUnit, seeded } from './fixtures.js';

/** A pool shaped like a real row's: clustered vectors, few brands, tied and repeated scores. */
function poolOf(seed: number, size: number, vectorShare: number) {
  const random = seeded(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const centres = Array.from({ length: 4 }, () => randomUnit(random));
  const items: ItemInfo[] = Array.from({ length: size }, (_, i) =>
    item(`i${String(i).padStart(3, '0')}`, { brandId: `brand-${pick(8)}`, category: `cat-${pick(5)}`, colour: `colour-${pick(3)}` }),
  );
  const vectors = new Map<string, Float32Array>();
  for (const it of items) {
    if (random() >= vectorShare) continue;
    const centre = centres[pick(centres.length)];
    const v = centre.map((x) => x + (random() - 0.5) * 0.4);
    const norm = Math.hypot(...v);
    vectors.set(it.id, v.map((x) => x / norm));
  }
  const scored: ScoredCandidate[] = items.map((it) => {
    // Coarse scores so that ties (broken by product id) are common.
    const score = Math.round(random() * 40) / 40;
    return { productId: it.id, score, breakdown: { relevance: score, popularity: 0, freshness: 0, context: 0, rules: 0 }, reason: { code: 'TOP_PICK' } };
  });
  // A product proposed twice, and one the catalog does not know.
  scored.push({ ...scored[3], score: scored[3].score / 2 }, { ...scored[0], productId: 'ghost' });
  return { catalog: catalogOf(items), vectors, scored };
}

describe('diversify matches its reference implementation pick for pick', () => {
  const lambdas = [0, 0.3, 0.5, 0.75, 1];
  const caps: [number, number][] = [
    [3, 4],
    [1, 1],
    [100, 100],
  ];
  const vectorShares = [1, 0.7, 0];

  it.each(vectorShares)('with %s of the candidates carrying a vector', (vectorShare) => {
    let compared = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const { catalog, vectors, scored } = poolOf(seed * 31 + vectorShare * 7, 40 + seed * 37, vectorShare);
      for (const lambda of lambdas)
        for (const [maxPerBrand, maxPerCategory] of caps)
          for (const k of [1, 7, 20, 60, 400]) {
            const config: RankingConfig = { ...DEFAULT_RANKING_CONFIG, serendipityShare: 0.15, diversity: { lambda, maxPerBrand, maxPerCategory } };
            const usual = seed % 2 ? { brandIds: new Set(['brand-0', 'brand-1']), categories: new Set(['cat-0']) } : { brandIds: new Set<string>(), categories: new Set<string>() };
            const input = { config, catalog, vectors, usual, personalized: seed % 3 !== 0 };
            expect(diversify(scored, k, input)).toEqual(referenceDiversify(scored, k, input));
            compared++;
          }
    }
    expect(compared).toBe(6 * lambdas.length * caps.length * 5);
  });
});
