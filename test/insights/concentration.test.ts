import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { concentration } from '../../src/insights/concentration.js';
import { exposureWindow } from '../../src/insights/exposure-report.js';

/** Gini straight from its definition over every pair of products, for comparison. */
function pairwiseGini(counts: number[]): number {
  const n = counts.length;
  const total = counts.reduce((a, b) => a + b, 0);
  let diff = 0;
  for (const a of counts) for (const b of counts) diff += Math.abs(a - b);
  return diff / (2 * n * total);
}

describe('exposure concentration', () => {
  it('gives hand-computed figures for a small catalog', () => {
    // Catalog of 5: counts 0, 0, 1, 1, 3.
    const c = concentration([{ count: 1, products: 2 }, { count: 3, products: 1 }], 5);
    expect(c).toMatchObject({ catalogSize: 5, productsShown: 3, impressions: 5, coverage: 0.6 });
    expect(c.gini).toBeCloseTo(14 / 25, 12);
    // The top 10 % is half a product: half of the most shown product's 3 impressions.
    expect(c.topShare).toBeCloseTo(0.3, 12);
    expect(c.lorenz).toHaveLength(21);
    expect(c.lorenz[0]).toEqual({ catalogShare: 0, impressionShare: 0 });
    expect(c.lorenz[8]).toEqual({ catalogShare: 0.4, impressionShare: 0 });
    expect(c.lorenz[12].impressionShare).toBeCloseTo(0.2, 12);
    expect(c.lorenz[16].impressionShare).toBeCloseTo(0.4, 12);
    expect(c.lorenz[20]).toEqual({ catalogShare: 1, impressionShare: 1 });
  });

  it('is 0 for perfectly even exposure and near 1 when one product takes everything', () => {
    expect(concentration([{ count: 7, products: 10 }], 10).gini).toBeCloseTo(0, 12);
    const one = concentration([{ count: 50, products: 1 }], 1000);
    expect(one.gini).toBeCloseTo(999 / 1000, 12);
    expect(one.topShare).toBe(1);
  });

  it('reports no Gini or top share without impressions, and rejects more products than the catalog holds', () => {
    expect(concentration([], 4)).toMatchObject({ impressions: 0, coverage: 0, gini: null, topShare: null });
    expect(() => concentration([{ count: 1, products: 5 }], 4)).toThrow(/only 4/);
  });

  it('matches the pairwise definition of the Gini coefficient on any histogram', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 20 }), { minLength: 1, maxLength: 60 }), (counts) => {
        const histogram = new Map<number, number>();
        for (const c of counts) if (c > 0) histogram.set(c, (histogram.get(c) ?? 0) + 1);
        const result = concentration([...histogram].map(([count, products]) => ({ count, products })), counts.length);
        if (counts.every((c) => c === 0)) return result.gini === null;
        expect(result.gini).toBeCloseTo(pairwiseGini(counts), 9);
        for (let i = 1; i < result.lorenz.length; i++) expect(result.lorenz[i].impressionShare).toBeGreaterThanOrEqual(result.lorenz[i - 1].impressionShare - 1e-12);
        return true;
      }),
    );
  });
});

describe('exposure window', () => {
  const now = new Date('2026-03-10T12:00:00Z');

  it('defaults to the last 30 days and accepts days or an explicit from', () => {
    expect(exposureWindow({}, now)).toEqual({ from: new Date('2026-02-08T12:00:00Z'), to: now });
    expect(exposureWindow({ days: 7 }, now).from).toEqual(new Date('2026-03-03T12:00:00Z'));
    const from = new Date('2026-03-01T00:00:00Z');
    expect(exposureWindow({ from, days: 9999 }, now)).toEqual({ from, to: now });
  });

  it('rejects empty, inverted and overlong windows with actionable messages', () => {
    expect(() => exposureWindow({ days: 0 }, now)).toThrow(InputError);
    expect(() => exposureWindow({ days: 0 }, now)).toThrow('days: must be a whole number of days from 1 to 366, got 0');
    expect(() => exposureWindow({ from: now, to: now })).toThrow(/from: must be before to/);
    expect(() => exposureWindow({ from: new Date('2024-01-01T00:00:00Z') }, now)).toThrow(/at most 366 days/);
  });
});
