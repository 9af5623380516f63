import { describe, expect, it } from 'vitest';
import { generateDemo, type DemoData } from '../../src/seed/demo.js';
import { Random } from '../../src/seed/random.js';
import { dot } from '../../src/seed/taste.js';

const now = new Date('2025-06-01T12:00:00Z');
const scale = { products: 600, shoppers: 150, interactions: 9_000 };

/** Mean taste affinity of the recorded events minus that of the same events with products dealt at random. */
function tasteLift(data: DemoData): number {
  const productById = new Map(data.products.map((p) => [p.id, p]));
  const shopperById = new Map(data.shoppers.map((s) => [s.id, s]));
  const affinity = (userId: string, productId: string) => dot(shopperById.get(userId)!.taste, productById.get(productId)!.taste);
  const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
  const shuffled = new Random(99).shuffle(data.interactions.map((i) => i.productId));
  return mean(data.interactions.map((i) => affinity(i.userId, i.productId))) - mean(data.interactions.map((i, k) => affinity(i.userId, shuffled[k])));
}

describe('interaction generation with a candidate pool', () => {
  it('leaves catalogs no larger than the pool exactly as the full softmax makes them', () => {
    const full = JSON.stringify(generateDemo({ seed: 5, now, scale, candidatePool: Number.MAX_SAFE_INTEGER }));
    expect(JSON.stringify(generateDemo({ seed: 5, now, scale, candidatePool: scale.products }))).toBe(full);
    expect(JSON.stringify(generateDemo({ seed: 5, now, scale }))).toBe(full);
  });

  it('keeps the latent-taste signal and reaches the whole catalog when each shopper sees a sample', () => {
    const pooled = generateDemo({ seed: 5, now, scale, candidatePool: 60 });
    const full = generateDemo({ seed: 5, now, scale });
    expect(pooled.interactions).toHaveLength(scale.interactions);
    expect(pooled.interactions.map((i) => i.productId)).not.toEqual(full.interactions.map((i) => i.productId));
    expect(tasteLift(pooled)).toBeGreaterThan(0.2);
    expect(tasteLift(pooled)).toBeGreaterThan(tasteLift(full) / 2);
    // Pools differ between shoppers, so together they cover far more than one pool.
    expect(new Set(pooled.interactions.map((i) => i.productId)).size).toBeGreaterThan(scale.products * 0.8);
    expect(JSON.stringify(generateDemo({ seed: 5, now, scale, candidatePool: 60 }))).toBe(JSON.stringify(pooled));
  });
});
