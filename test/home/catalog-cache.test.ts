import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PopularityAggregate } from '../../src/db/repositories/interactions.js';
import { CatalogCache } from '../../src/home/catalog-cache.js';
import { createTestGateway, RECORD, sampleProducts, UPSERT, type TestGateway } from '../support/gateway.js';

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const all: T[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}

const byKey = (a: PopularityAggregate, b: PopularityAggregate) =>
  `${a.productId}|${a.region}|${a.type}|${a.day.toISOString()}`.localeCompare(`${b.productId}|${b.region}|${b.type}|${b.day.toISOString()}`);

describe('catalog and popularity read in pages', () => {
  let t: TestGateway;
  const now = new Date('2026-11-20T12:00:00Z');

  beforeAll(async () => {
    t = await createTestGateway();
    await t.ok(UPSERT, { products: sampleProducts });
    const at = (day: number) => new Date(now.getTime() - day * 86_400_000).toISOString();
    await t.ok(RECORD, {
      events: [
        { userId: 's-1', productId: 'tote-1', type: 'CLICK', occurredAt: at(1), context: { region: 'Milan' } },
        { userId: 's-1', productId: 'tote-1', type: 'CLICK', occurredAt: at(1), context: { region: 'Milan' } },
        { userId: 's-2', productId: 'tote-1', type: 'PURCHASE', occurredAt: at(2) },
        { userId: 's-2', productId: 'scarf-1', type: 'VIEW', occurredAt: at(3), context: { region: 'Paris' } },
        { userId: 's-2', productId: 'coat-1', type: 'WISHLIST', occurredAt: at(1) },
        { userId: 's-2', productId: 'coat-1', type: 'DISMISS', occurredAt: at(1) },
        { userId: 's-1', productId: 'loafer-1', type: 'CLICK', occurredAt: at(400) },
      ],
    });
  });
  afterAll(() => t.close());

  it('pages the catalog by id with every product once, brand names included and visual features left out', async () => {
    const { products } = t.gateway.repos;
    const pages = await collect(products.catalogPages(2));
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    const whole = await products.withBrandNames();
    expect(pages.flat()).toEqual(whole.map(({ visualFeatures: _visual, ...product }) => product));
  });

  it('keeps one record per product that answers both ranking and queries exactly as the database does', async () => {
    const cache = new CatalogCache(t.gateway.repos);
    await cache.load();
    const stored = await t.gateway.repos.products.findByIds(sampleProducts.map((p) => p.id));
    expect(cache.size).toBe(sampleProducts.length);
    for (const product of stored) {
      expect(cache.product(product.id)).toEqual(product);
      expect(cache.get(product.id)).toMatchObject({ id: product.id, brandId: product.brandId, category: product.category, price: product.price, launchedAt: product.launchDate.getTime(), stockStatus: product.stockStatus, tags: product.tags });
    }
    expect(cache.get('tote-1')?.brandName).toBe('Maison Vérane');
    expect(cache.product('nope')).toBeUndefined();
    // Products of one brand share one copy of what they repeat.
    expect(cache.get('tote-1')!.brandId).toBe(cache.get('tote-2')!.brandId);
  });

  it('aggregates recent positive interactions per product, region, type and day, the same whatever the page size', async () => {
    const { interactions } = t.gateway.repos;
    const paged = await collect(interactions.popularitySince(30, now, 2));
    const whole = await collect(interactions.popularitySince(30, now));
    expect(paged.length).toBeGreaterThan(1);
    expect(whole).toHaveLength(1);
    const day = (days: number) => new Date(Date.UTC(2026, 10, 20 - days));
    const expected: PopularityAggregate[] = [
      { productId: 'coat-1', region: null, type: 'WISHLIST', day: day(1), n: 1 },
      { productId: 'scarf-1', region: 'Paris', type: 'VIEW', day: day(3), n: 1 },
      { productId: 'tote-1', region: 'Milan', type: 'CLICK', day: day(1), n: 2 },
      { productId: 'tote-1', region: null, type: 'PURCHASE', day: day(2), n: 1 },
    ];
    expect(paged.flat().sort(byKey)).toEqual(expected);
    expect(whole.flat().sort(byKey)).toEqual(expected);
  });
});
