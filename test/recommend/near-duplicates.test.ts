import { describe, expect, it } from 'vitest';
import { hiddenByDismissals } from '../../src/recommend/near-duplicates.js';
import { along, item, signalsOf } from './sources/fixture.js';

describe('hiddenByDismissals', () => {
  const items = [
    item('bag', { category: 'tote', brandId: 'vera', colour: 'black' }),
    item('bag-twin', { category: 'tote', brandId: 'vera', colour: 'Black' }),
    item('bag-lookalike', { category: 'tote', brandId: 'noor', colour: 'red' }),
    item('bag-other-colour', { category: 'tote', brandId: 'vera', colour: 'red' }),
    item('belt-close-in-space', { category: 'belt', brandId: 'vera', colour: 'black' }),
    item('far-tote', { category: 'tote', brandId: 'noor', colour: 'blue' }),
  ];

  it('hides the dismissed product, its close same-category neighbours and its brand/colour twins', async () => {
    const vectors = new Map([
      ['bag', along(0)],
      ['bag-twin', along(0, 0.9)],
      ['bag-lookalike', along(0, 0.2)],
      ['bag-other-colour', along(0, 0.8)],
      ['belt-close-in-space', along(0, 0.1)],
      ['far-tote', along(7)],
    ]);
    const hidden = await hiddenByDismissals(new Set(['bag']), signalsOf({ items, vectors }), { threshold: 0.9, perItem: 5 });
    // bag-twin is far in space (cos ≈ 0.74) but the same brand, category and colour.
    expect([...hidden].sort()).toEqual(['bag', 'bag-lookalike', 'bag-twin']);
  });

  it('without a model, hides brand + category + colour twins only', async () => {
    const hidden = await hiddenByDismissals(new Set(['bag']), signalsOf({ items }));
    expect([...hidden].sort()).toEqual(['bag', 'bag-twin']);
  });

  it('hides at most perItem near-duplicates per dismissal', async () => {
    const many = [item('d', { brandId: 'x' }), ...Array.from({ length: 9 }, (_, i) => item(`twin-${i}`, { brandId: 'x', launchedAt: i }))];
    const hidden = await hiddenByDismissals(new Set(['d']), signalsOf({ items: many }), { threshold: 0.9, perItem: 3 });
    expect([...hidden].sort()).toEqual(['d', 'twin-6', 'twin-7', 'twin-8']);
  });

  it('gives each of two dismissed twins its own perItem, newest first, and follows a changed catalog', async () => {
    const many = [item('d1', { brandId: 'x', launchedAt: 100 }), item('d2', { brandId: 'x', launchedAt: 101 }), ...Array.from({ length: 9 }, (_, i) => item(`twin-${i}`, { brandId: 'x', launchedAt: i }))];
    const hidden = await hiddenByDismissals(new Set(['d1', 'd2']), signalsOf({ items: many }), { threshold: 0.9, perItem: 2 });
    expect([...hidden].sort()).toEqual(['d1', 'd2', 'twin-5', 'twin-6', 'twin-7', 'twin-8']);
    const withNewTwin = [...many, item('twin-new', { brandId: 'x', launchedAt: 50 })];
    const after = await hiddenByDismissals(new Set(['d1', 'd2']), signalsOf({ items: withNewTwin }), { threshold: 0.9, perItem: 2 });
    expect([...after].sort()).toEqual(['d1', 'd2', 'twin-6', 'twin-7', 'twin-8', 'twin-new']);
  });

  it('hides nothing without dismissals', async () => {
    expect((await hiddenByDismissals(new Set(), signalsOf({ items }))).size).toBe(0);
  });
});
