import { describe, expect, it } from 'vitest';
import { collectionApplies, collectionCandidates, indexCollections, matchesProduct } from '../../src/recommend/collections.js';
import { catalogOf, collection, contextOf, DAY_MS, item, NOW, random } from './sources/fixture.js';

describe('matchesProduct', () => {
  const bag = item('x', { category: 'clutch', colour: 'black', material: 'suede', brandId: 'b1', price: 900, tags: ['gift', 'evening'] });

  it('needs one listed value of every listed condition', () => {
    expect(matchesProduct({}, bag)).toBe(true);
    expect(matchesProduct({ categories: ['clutch', 'pump'], colours: ['black'] }, bag)).toBe(true);
    expect(matchesProduct({ categories: ['clutch'], colours: ['ivory'] }, bag)).toBe(false);
    expect(matchesProduct({ materials: ['suede'], brands: ['b2'] }, bag)).toBe(false);
    expect(matchesProduct({ brands: ['b1'], priceMin: 900, priceMax: 900 }, bag)).toBe(true);
    expect(matchesProduct({ priceMax: 899 }, bag)).toBe(false);
    expect(matchesProduct({ priceMin: 901 }, bag)).toBe(false);
  });

  it('matches any listed tag', () => {
    expect(matchesProduct({ tags: ['travel', 'gift'] }, bag)).toBe(true);
    expect(matchesProduct({ tags: ['travel'] }, bag)).toBe(false);
  });
});

describe('collectionApplies', () => {
  const evening = collection({ slug: 'e', kind: 'RULE_BASED', rule: { when: { occasions: ['EVENING'], regions: ['Milan'] }, match: {} } });

  it('needs every listed condition of the rule to match the request', () => {
    expect(collectionApplies(evening, contextOf({ occasion: 'EVENING', region: 'Milan' }))).toBe(true);
    expect(collectionApplies(evening, contextOf({ occasion: 'EVENING', region: 'Paris' }))).toBe(false);
    expect(collectionApplies(evening, contextOf({ region: 'Milan' }))).toBe(false);
  });

  it('needs the collection active and within its dates', () => {
    const context = contextOf({ occasion: 'EVENING', region: 'Milan' });
    expect(collectionApplies({ ...evening, active: false }, context)).toBe(false);
    expect(collectionApplies({ ...evening, startsAt: new Date(NOW.getTime() + DAY_MS) }, context)).toBe(false);
    expect(collectionApplies({ ...evening, endsAt: NOW }, context)).toBe(false);
    expect(collectionApplies({ ...evening, startsAt: NOW, endsAt: new Date(NOW.getTime() + 1) }, context)).toBe(true);
    expect(collectionApplies(collection({ slug: 'edit' }), contextOf())).toBe(true);
    expect(collectionApplies(collection({ slug: 'broken', kind: 'RULE_BASED', rule: null }), contextOf())).toBe(false);
  });
});

describe('indexCollections and collectionCandidates', () => {
  const next = random(7);
  const colours = ['black', 'ivory', 'scarlet'];
  const items = Array.from({ length: 300 }, (_, i) =>
    item(`p${i}`, { colour: colours[Math.floor(next() * 3)], price: Math.round(next() * 3000), launchedAt: NOW.getTime() - Math.floor(next() * 400) * DAY_MS }),
  );
  const catalog = catalogOf(items);
  const rule = collection({ slug: 'r', title: 'Black under 1000', kind: 'RULE_BASED', rule: { when: {}, match: { colours: ['black'], priceMax: 1000 } }, exclusions: new Set(['p3']) });

  it('precomputes the same matches, in the same order, as a scan of the catalog', () => {
    const [indexed] = indexCollections([rule], catalog);
    const scanned = catalog.newestFirst().filter((i) => i.colour === 'black' && i.price <= 1000 && i.id !== 'p3').map((i) => i.id);
    expect(indexed.matched).toEqual(scanned);
    expect(collectionCandidates(indexed, catalog, 20)).toEqual(collectionCandidates(rule, catalog, 20));
    expect(collectionCandidates(indexed, catalog, 20).map((c) => c.productId)).toEqual(scanned.slice(0, 20));
  });

  it('orders matches as told, and leaves editorial collections alone', () => {
    const edit = collection({ slug: 'edit', members: ['p1'] });
    const [indexed, untouched] = indexCollections([rule, edit], catalog, (a, b) => b.price - a.price || a.id.localeCompare(b.id));
    const prices = indexed.matched!.map((id) => catalog.get(id)!.price);
    expect(prices).toEqual(prices.slice().sort((a, b) => b - a));
    expect(untouched).toBe(edit);
  });

  it('scores earlier members higher and names the collection', () => {
    const candidates = collectionCandidates(collection({ slug: 'edit', title: 'The Edit', members: ['p5', 'p1', 'p9'] }), catalog, 10);
    expect(candidates.map((c) => c.productId)).toEqual(['p5', 'p1', 'p9']);
    expect(candidates[0].sourceScore).toBeGreaterThan(candidates[2].sourceScore);
    expect(candidates[0].reason).toEqual({ code: 'COLLECTION', title: 'The Edit' });
  });
});
