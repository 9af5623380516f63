import { describe, expect, it } from 'vitest';
import { popular, popularCategories } from '../../../src/recommend/sources/popular.js';
import { trending } from '../../../src/recommend/sources/trending.js';
import { anonymous, contextOf, item, signalsOf } from './fixture.js';

const ids = Array.from({ length: 30 }, (_, i) => `p${String(i).padStart(2, '0')}`);
/** p00 is a scarf, then every third product a belt, the rest totes. */
const categoryOf = (i: number) => (i === 0 ? 'silk scarf' : i % 3 === 0 ? 'belt' : 'tote');
const signals = signalsOf({
  items: ids.map((id, i) => item(id, { category: categoryOf(i) })),
  popularity: { global: ids, Milan: ids.slice().reverse(), Oslo: ids.slice(0, 3) },
});
const input = (region: string | null, profileRegion: string | null = null, exclude: string[] = []) => ({
  profile: anonymous({ region: profileRegion }),
  context: contextOf({ region }),
  signals,
  limit: 10,
  exclude: new Set(exclude),
});

describe('trending', () => {
  it("follows the request's region and names it", async () => {
    const found = await trending(input('Milan'), 5);
    expect(found.region).toBe('Milan');
    expect(found.candidates.map((c) => c.productId)).toEqual(ids.slice().reverse().slice(0, 10));
    expect(found.candidates[0].reason).toEqual({ code: 'TRENDING', region: 'Milan' });
  });

  it("uses the shopper's home region when the request has none", async () => {
    expect((await trending(input(null, 'Milan'), 5)).region).toBe('Milan');
  });

  it('falls back to the global trend, named as such, when the region has too little data', async () => {
    const found = await trending(input('Oslo'), 5);
    expect(found.region).toBeNull();
    expect(found.candidates.map((c) => c.productId)).toEqual(ids.slice(0, 10));
    expect(found.candidates[0].reason).toEqual({ code: 'TRENDING', region: null });
    expect((await trending(input('Atlantis'), 5)).region).toBeNull();
  });

  it('leaves out excluded products and still proposes as many as asked', async () => {
    const found = await trending(input(null, null, ['p00', 'p02']), 5);
    expect(found.candidates.map((c) => c.productId)).toEqual(ids.filter((id) => id !== 'p00' && id !== 'p02').slice(0, 10));
  });
});

describe('popular', () => {
  it('proposes global bestsellers with the POPULAR reason', async () => {
    const candidates = await popular(input('Milan', null, ['p01']));
    expect(candidates.map((c) => c.productId)).toEqual(ids.filter((id) => id !== 'p01').slice(0, 10));
    expect(candidates.every((c) => c.reason.code === 'POPULAR')).toBe(true);
    expect(candidates[0].sourceScore).toBe(1);
  });
});

describe('popular in a category', () => {
  it('ranks categories by their best seller and proposes the bestsellers of one', async () => {
    expect(popularCategories(signals)).toEqual(['silk scarf', 'tote', 'belt']);
    const belts = await popular(input(null, null, ['p03']), 'belt');
    expect(belts.map((c) => c.productId)).toEqual(['p06', 'p09', 'p12', 'p15', 'p18', 'p21', 'p24', 'p27']);
  });
});
