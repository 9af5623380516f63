import { beforeAll, describe, expect, it } from 'vitest';
import { priceBandOf, productIdFor } from '../../src/seed/catalog.js';
import { matchesRule } from '../../src/seed/collections.js';
import { generateDemo, type DemoData } from '../../src/seed/demo.js';
import { Random } from '../../src/seed/random.js';
import { historyDays } from '../../src/seed/shoppers.js';
import { dot } from '../../src/seed/taste.js';
import { categories, colours, maisons, materials, occasions, seasons, tierPriceFactor } from '../../src/seed/vocabulary.js';

const now = new Date('2025-06-01T12:00:00Z');
const DAY = 86_400_000;
const small = { products: 300, shoppers: 120, interactions: 8_000 };

describe('demo generation is deterministic', () => {
  it('gives byte-identical data for the same seed and reference date', () => {
    const a = JSON.stringify(generateDemo({ seed: 7, now, scale: small }));
    const b = JSON.stringify(generateDemo({ seed: 7, now, scale: small }));
    expect(a).toBe(b);
  });

  it('gives different data for a different seed', () => {
    const a = generateDemo({ seed: 7, now, scale: small });
    const b = generateDemo({ seed: 8, now, scale: small });
    expect(a.products.map((p) => p.title)).not.toEqual(b.products.map((p) => p.title));
    expect(a.shoppers.map((s) => s.region)).not.toEqual(b.shoppers.map((s) => s.region));
    expect(a.interactions.map((i) => i.productId)).not.toEqual(b.interactions.map((i) => i.productId));
    expect(a.interactions[0].eventId).not.toBe(b.interactions[0].eventId);
  });

  it('places the history relative to the reference date, not the clock', () => {
    const later = new Date(now.getTime() + 30 * DAY);
    const a = generateDemo({ seed: 7, now, scale: small });
    const b = generateDemo({ seed: 7, now: later, scale: small });
    expect(b.products[0].launchDate.getTime() - a.products[0].launchDate.getTime()).toBe(30 * DAY);
    expect(b.products.map((p) => p.title)).toEqual(a.products.map((p) => p.title));
  });

  it('seeded random streams repeat, differ by seed and stay in range', () => {
    const stream = (seed: number) => {
      const random = new Random(seed);
      return Array.from({ length: 1_000 }, () => random.int(1, 6));
    };
    expect(stream(1)).toEqual(stream(1));
    expect(stream(1)).not.toEqual(stream(2));
    expect(new Set(stream(1))).toEqual(new Set([1, 2, 3, 4, 5, 6]));
  });
});

describe('vocabulary', () => {
  it('has at least 30 invented maisons with tier and country, none a real trademark', () => {
    expect(maisons.length).toBeGreaterThanOrEqual(30);
    expect(new Set(maisons.map((m) => m.name)).size).toBe(maisons.length);
    for (const maison of maisons) {
      expect(Object.keys(tierPriceFactor)).toContain(maison.tier);
      expect(maison.country).not.toBe('');
    }
    const realHouses = /prada|gucci|herm[eè]s|chanel|dior|vuitton|fendi|celine|bottega|balenciaga|valentino|versace|burberry|loewe|cartier|rolex|saint laurent|givenchy|miu miu|tiffany|bulgari|armani|ferragamo|tod's|chlo[eé]/i;
    expect(maisons.filter((m) => realHouses.test(m.name))).toEqual([]);
  });

  it('only refers to materials and colours it defines, and every pairing has a colour', () => {
    const materialNames = new Set(materials.map((m) => m.name));
    const colourNames = new Set(colours.map((c) => c.name));
    for (const category of categories) {
      for (const name of category.materials) {
        expect(materialNames.has(name), `${category.name}: ${name}`).toBe(true);
        const material = materials.find((m) => m.name === name)!;
        const palette = (material.colours ?? [...colourNames]).filter((c) => !category.colours || category.colours.includes(c));
        expect(palette.length, `${category.name} in ${name}`).toBeGreaterThan(0);
      }
      for (const colour of category.colours ?? []) expect(colourNames.has(colour)).toBe(true);
    }
    for (const material of materials) for (const colour of material.colours ?? []) expect(colourNames.has(colour)).toBe(true);
  });
});

describe('demo data at default scale', () => {
  let data: DemoData;
  beforeAll(() => {
    data = generateDemo({ seed: 42, now });
  });

  it('meets the minimum sizes', () => {
    expect(data.brands.length).toBeGreaterThanOrEqual(30);
    expect(data.products.length).toBeGreaterThanOrEqual(2_000);
    expect(data.shoppers.length).toBeGreaterThanOrEqual(1_000);
    expect(data.interactions.length).toBeGreaterThanOrEqual(100_000);
    expect(data.collections.length).toBeGreaterThanOrEqual(6);
  });

  it('uses stable, readable ids', () => {
    expect(data.brands.every((b) => b.id === `brand-${b.slug}` && /^[a-z0-9-]+$/.test(b.slug))).toBe(true);
    expect(data.products[0].id).toBe('p-00001');
    expect(data.products.map((p) => p.id)).toEqual(data.products.map((_, i) => productIdFor(i)));
    expect(data.shoppers[999].id).toBe('s-01000');
    expect(new Set(data.interactions.map((i) => i.eventId)).size).toBe(data.interactions.length);
  });

  it('covers every category, colour, material, season, stock status and price band', () => {
    const used = (pick: (p: DemoData['products'][number]) => string) => new Set(data.products.map(pick));
    expect(used((p) => p.category)).toEqual(new Set(categories.map((c) => c.name)));
    expect(used((p) => p.colour)).toEqual(new Set(colours.map((c) => c.name)));
    expect(used((p) => p.material)).toEqual(new Set(materials.map((m) => m.name)));
    expect(used((p) => p.season)).toEqual(new Set(seasons));
    expect(used((p) => p.stockStatus)).toEqual(new Set(['IN_STOCK', 'LOW_STOCK', 'OUT_OF_STOCK', 'PREORDER', 'DISCONTINUED']));
    expect(used((p) => priceBandOf(p.price))).toEqual(new Set(['entry', 'core', 'statement', 'investment']));
    expect(new Set(data.products.map((p) => p.brandId)).size).toBe(data.brands.length);
  });

  it('prices by brand tier: within a category, higher tiers cost more', () => {
    const tierOf = new Map(data.brands.map((b) => [b.id, b.tier]));
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const medianFor = (tier: string) =>
      median(data.products.filter((p) => p.category === 'tote' && tierOf.get(p.brandId) === tier).map((p) => p.price));
    expect(medianFor('haute')).toBeGreaterThan(medianFor('luxury'));
    expect(medianFor('luxury')).toBeGreaterThan(medianFor('premium'));
    expect(medianFor('premium')).toBeGreaterThan(medianFor('contemporary'));
    const watches = median(data.products.filter((p) => p.category === 'watch').map((p) => p.price));
    const scarves = median(data.products.filter((p) => p.category === 'silk scarf').map((p) => p.price));
    expect(watches).toBeGreaterThan(scarves * 4);
  });

  it('spreads launches over two years with some upcoming, and pre-orders exactly the upcoming ones', () => {
    const ages = data.products.map((p) => (now.getTime() - p.launchDate.getTime()) / DAY);
    expect(Math.max(...ages)).toBeGreaterThan(600);
    expect(Math.max(...ages)).toBeLessThanOrEqual(731);
    const upcoming = data.products.filter((p) => p.launchDate > now);
    expect(upcoming.length).toBeGreaterThan(40);
    expect(upcoming.every((p) => p.stockStatus === 'PREORDER' && p.tags.includes('coming-soon'))).toBe(true);
    expect(data.products.filter((p) => p.stockStatus === 'PREORDER').length).toBe(upcoming.length);
  });

  it('writes real-sounding titles and one-to-three-sentence descriptions', () => {
    for (const p of data.products) {
      expect(p.title.startsWith('The ')).toBe(true);
      expect(p.title).toContain(p.category);
      expect(p.title).toContain(p.material);
      // Split after a word's full stop, so "Ashgrove & Co." stays inside its sentence.
      const sentences = p.description.split(/(?<=[a-z]{3}\.)\s+(?=[A-Z])/);
      expect(sentences.length).toBeGreaterThanOrEqual(1);
      expect(sentences.length).toBeLessThanOrEqual(3);
    }
    expect(data.products.some((p) => p.title.includes(` in ${p.colour}`))).toBe(true);
    expect(new Set(data.products.map((p) => p.title)).size).toBeGreaterThan(1_500);
  });

  it('gives shoppers regions, coherent explicit preferences and mixed consent', () => {
    const regionsUsed = new Set(data.shoppers.map((s) => s.region));
    for (const city of ['Milan', 'Paris', 'London', 'New York', 'Tokyo', 'Dubai']) expect(regionsUsed.has(city)).toBe(true);
    const brandIds = new Set(data.brands.map((b) => b.id));
    const categoryNames = new Set(categories.map((c) => c.name));
    for (const s of data.shoppers) {
      expect(s.favouriteBrands.every((id) => brandIds.has(id))).toBe(true);
      expect(s.favouriteCategories.every((name) => categoryNames.has(name))).toBe(true);
      if (s.priceBandMin !== null) expect(s.priceBandMin).toBeLessThan(s.priceBandMax!);
      expect(s.sizes.length).toBeGreaterThanOrEqual(2);
    }
    const share = (flag: (s: DemoData['shoppers'][number]) => boolean) => data.shoppers.filter(flag).length / data.shoppers.length;
    expect(share((s) => s.consentPersonalization)).toBeGreaterThan(0.8);
    expect(share((s) => s.consentAspirational)).toBeLessThan(0.6);
    expect(share((s) => s.consentAspirational)).toBeGreaterThan(0.1);
    expect(share((s) => s.favouriteBrands.length > 0)).toBeGreaterThan(0.5);
  });

  it('records a plausible funnel with context over the past 180 days', () => {
    const counts = new Map<string, number>();
    for (const i of data.interactions) counts.set(i.type, (counts.get(i.type) ?? 0) + 1);
    for (const type of ['VIEW', 'CLICK', 'DWELL', 'WISHLIST', 'ADD_TO_CART', 'PURCHASE', 'SKIP', 'DISMISS', 'RETURN']) {
      expect(counts.get(type), type).toBeGreaterThan(0);
    }
    expect(counts.get('VIEW')!).toBeGreaterThan(counts.get('CLICK')!);
    expect(counts.get('CLICK')!).toBeGreaterThan(counts.get('ADD_TO_CART')!);
    expect(counts.get('ADD_TO_CART')!).toBeGreaterThan(counts.get('PURCHASE')!);
    expect(counts.get('PURCHASE')!).toBeGreaterThan(counts.get('RETURN')!);

    const productById = new Map(data.products.map((p) => [p.id, p]));
    const shopperById = new Map(data.shoppers.map((s) => [s.id, s]));
    const start = now.getTime() - historyDays * DAY;
    const carted = new Set<string>();
    const bought = new Set<string>();
    const problems: string[] = [];
    let previous = 0;
    // One assertion at the end: a hundred thousand expect() calls would dominate the test time.
    const check = (ok: boolean, what: string, event: { eventId: string }) => {
      if (!ok && problems.length < 10) problems.push(`${event.eventId}: ${what}`);
    };
    for (const event of data.interactions) {
      const time = event.occurredAt.getTime();
      const product = productById.get(event.productId)!;
      const shopper = shopperById.get(event.userId)!;
      check(time >= previous, 'out of time order', event);
      previous = time;
      check(time >= start && time < now.getTime(), 'outside the history window', event);
      check(time >= product.launchDate.getTime(), 'before the product launched', event);
      check(time >= shopper.createdAt.getTime(), 'before the shopper joined', event);
      check(/^([01]\d|2[0-3]):[0-5]\d$/.test(event.localTime), 'bad local time', event);
      check(event.region === shopper.region, 'region differs from the shopper', event);
      const key = `${event.userId}/${event.productId}`;
      if (event.type === 'ADD_TO_CART') carted.add(key);
      if (event.type === 'PURCHASE' || event.type === 'RETURN') {
        check(event.quantity !== null && event.quantity >= 1 && event.unitPrice === product.price, 'purchase without quantity or price', event);
        check(event.type === 'PURCHASE' ? carted.has(key) : bought.has(key), `${event.type} without the step before it`, event);
        if (event.type === 'PURCHASE') bought.add(key);
      } else {
        check(event.quantity === null && event.unitPrice === null, 'quantity on a non-purchase', event);
      }
      check((event.dwellMs === null) === (event.type !== 'DWELL'), 'dwell time only on DWELL', event);
    }
    expect(problems).toEqual([]);
    const occasionsSeen = new Set(data.interactions.map((i) => i.occasion));
    expect(occasionsSeen).toEqual(new Set([null, ...occasions]));
    expect(new Set(data.interactions.map((i) => i.device)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(data.interactions.map((i) => i.season))).toEqual(new Set(['SPRING', 'SUMMER', 'AUTUMN', 'WINTER']));
  });

  it('carries a latent-taste signal: engagement concentrates on products close to each taste', () => {
    const productById = new Map(data.products.map((p) => [p.id, p]));
    const shopperById = new Map(data.shoppers.map((s) => [s.id, s]));
    const affinity = (userId: string, productId: string) => dot(shopperById.get(userId)!.taste, productById.get(productId)!.taste);
    const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;

    const observed = mean(data.interactions.map((i) => affinity(i.userId, i.productId)));
    // Same shoppers and same product popularity, but products dealt out at random.
    const shuffled = new Random(99).shuffle(data.interactions.map((i) => i.productId));
    const baseline = mean(data.interactions.map((i, k) => affinity(i.userId, shuffled[k])));
    expect(observed - baseline).toBeGreaterThan(0.2);

    const byType = (type: string) => mean(data.interactions.filter((i) => i.type === type).map((i) => affinity(i.userId, i.productId)));
    expect(byType('PURCHASE')).toBeGreaterThan(byType('VIEW'));
    expect(byType('SKIP')).toBeLessThan(byType('CLICK'));
  });

  it('builds editorial collections with ordered members and a pin, and rule-based ones with context rules', () => {
    const productById = new Map(data.products.map((p) => [p.id, p]));
    const editorial = data.collections.filter((c) => c.kind === 'EDITORIAL');
    const ruleBased = data.collections.filter((c) => c.kind === 'RULE_BASED');
    expect(editorial.length).toBeGreaterThanOrEqual(3);
    expect(ruleBased.map((c) => c.title)).toEqual(expect.arrayContaining(['Evening in Milan', 'Rainy-day leathers', 'Summer wedding guest']));
    expect(new Set(data.collections.map((c) => c.slug)).size).toBe(data.collections.length);
    for (const collection of data.collections) {
      const ids = collection.entries.map((e) => e.productId);
      expect(new Set(ids).size, collection.slug).toBe(ids.length);
      expect(ids.every((id) => productById.has(id))).toBe(true);
      expect(collection.entries.filter((e) => e.role === 'PIN').length, collection.slug).toBe(1);
    }
    for (const collection of editorial) {
      const members = collection.entries.filter((e) => e.role === 'MEMBER');
      expect(members.length).toBeGreaterThanOrEqual(10);
      expect(members.map((m) => m.position)).toEqual(members.map((_, i) => i + 1));
      expect(collection.rule).toBeNull();
    }
    for (const collection of ruleBased) {
      expect(Object.keys(collection.rule!.when).length).toBeGreaterThan(0);
      expect(Object.keys(collection.rule!.match).length).toBeGreaterThan(0);
      for (const entry of collection.entries.filter((e) => e.role !== 'MEMBER')) {
        expect(matchesRule(productById.get(entry.productId)!, collection.rule!.match), collection.slug).toBe(true);
      }
    }
    const milan = ruleBased.find((c) => c.title === 'Evening in Milan')!;
    expect(milan.rule!.when).toMatchObject({ occasions: ['EVENING'], regions: ['Milan'] });
    expect(data.products.filter((p) => matchesRule(p, milan.rule!.match)).length).toBeGreaterThan(10);
  });
});
