/** A seeded catalog of a few hundred products with vectors, popularity and collections, for page composition tests. */
import { indexCollections } from '../../../src/recommend/collections.js';
import type { CollectionDefinition, ItemInfo } from '../../../src/recommend/types.js';
import { catalogOf, collection, DAY_MS, item, normalise, NOW, random, signalsOf } from '../sources/fixture.js';

const categories = ['tote', 'clutch', 'pump', 'sneaker', 'silk scarf', 'earrings', 'blazer', 'belt', 'watch', 'sunglasses'];
const colours = ['black', 'ivory', 'camel', 'burgundy', 'scarlet', 'yellow gold'];
const materials = ['calfskin', 'suede', 'cashmere', 'silk twill'];

export function buildWorld(size = 400, seed = 11) {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  // Products of one category lean the same way, so that neighbours share a category more often than not.
  const categoryAxis = new Map(categories.map((c, i) => [c, normalise(Array.from({ length: 64 }, (_, d) => (d === i * 6 ? 3 : 0) + next() - 0.5))]));
  const items: ItemInfo[] = [];
  const vectors = new Map<string, Float32Array>();
  for (let i = 0; i < size; i++) {
    const category = pick(categories);
    const brand = Math.floor(next() * 12);
    const upcoming = next() < 0.03;
    const product = item(`p${String(i).padStart(3, '0')}`, {
      title: `${pick(['Lune', 'Brera', 'Capri', 'Orsay'])} ${category}`,
      brandId: `brand-${brand}`,
      brandName: `Brand ${brand}`,
      category,
      colour: pick(colours),
      material: pick(materials),
      price: 200 + Math.round(next() * 4000),
      launchedAt: NOW.getTime() + (upcoming ? 20 : -Math.floor(next() * 300)) * DAY_MS,
      stockStatus: upcoming ? 'PREORDER' : next() < 0.05 ? 'OUT_OF_STOCK' : 'IN_STOCK',
    });
    items.push(product);
    const axis = categoryAxis.get(category)!;
    vectors.set(product.id, normalise(axis.map((x) => x + (next() - 0.5) * 0.6)));
  }
  const shuffled = (ids: string[]) => ids.map((id) => ({ id, key: next() })).sort((a, b) => a.key - b.key).map((e) => e.id);
  const ids = items.map((i) => i.id);
  const popularity = { global: shuffled(ids), Milan: shuffled(ids).slice(0, 150), Oslo: ids.slice(0, 5) };

  const definitions: CollectionDefinition[] = [
    collection({
      slug: 'evening-in-milan',
      title: 'Evening in Milan',
      kind: 'RULE_BASED',
      position: 4,
      rule: {
        when: { occasions: ['EVENING'], timesOfDay: ['evening', 'night'], regions: ['Milan'] },
        match: { categories: ['clutch', 'pump', 'earrings'], colours: ['black', 'burgundy', 'scarlet', 'yellow gold'] },
      },
    }),
    collection({ slug: 'winter-cashmere', title: 'Winter cashmere', kind: 'RULE_BASED', position: 5, rule: { when: { seasons: ['WINTER'] }, match: { materials: ['cashmere'] } } }),
    collection({ slug: 'the-icons', title: 'The Icons', position: 0, members: ids.filter((_, i) => i % 7 === 0), pins: [{ productId: 'p398', position: 1 }] }),
    collection({ slug: 'gift-edit', title: 'The Gift Edit', position: 1, members: ids.filter((_, i) => i % 5 === 1) }),
  ];
  const catalog = catalogOf(items);
  const collections = indexCollections(definitions, catalog);
  return { items, vectors, popularity, collections, signals: signalsOf({ items, vectors, popularity, collections }) };
}
