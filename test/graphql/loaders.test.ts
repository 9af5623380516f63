import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoaders } from '../../src/graphql/loaders.js';
import { createTestGateway, RECORD, UPSERT, type TestGateway } from '../support/gateway.js';

const PRODUCTS_WITH_RELATIONS = `query ($first: Int!) {
  products(first: $first) {
    nodes { id brand { name } collections { slug pins { product { id brand { name } } } } }
  }
}`;

const USERS_WITH_HISTORY = `query ($first: Int!) {
  users(first: $first) {
    nodes { id recentInteractions(first: 5) { type product { id brand { name } collections { slug } } } }
  }
}`;

describe('DataLoader batching', () => {
  let t: TestGateway;
  let queries: string[] = [];

  beforeAll(async () => {
    t = await createTestGateway({ onQuery: (sql) => queries.push(sql) });
    const products = Array.from({ length: 120 }, (_, i) => ({
      id: `p-${String(i).padStart(3, '0')}`,
      title: `Product ${i}`,
      brand: `Brand ${i % 12}`,
      category: 'bag',
      colour: 'black',
      material: 'leather',
      price: 100 + i,
      currency: 'EUR',
    }));
    await t.ok(UPSERT, { products });
    const editorial = await t.db.prisma.collection.create({ data: { slug: 'icons', title: 'Icons', kind: 'EDITORIAL' } });
    const rules = await t.db.prisma.collection.create({ data: { slug: 'evening', title: 'Evening', kind: 'RULE_BASED', rule: { when: { occasions: ['EVENING'] } } } });
    await t.db.prisma.collectionEntry.createMany({
      data: products.flatMap((p, i) => [
        { collectionId: editorial.id, productId: p.id, role: 'MEMBER' as const, position: i },
        ...(i % 3 === 0 ? [{ collectionId: rules.id, productId: p.id, role: 'PIN' as const, position: 1 + (i % 7) }] : []),
      ]),
    });
    const events = Array.from({ length: 600 }, (_, i) => ({ userId: `u-${String(i % 60).padStart(2, '0')}`, productId: products[(i * 7) % 120].id, type: 'VIEW' }));
    await t.ok(RECORD, { events });
  });
  afterAll(() => t.close());

  async function countQueries(query: string, first: number) {
    queries = [];
    const data = await t.ok(query, { first });
    return { count: queries.length, data };
  }

  it('loads a page of products with brands, collections and pins in a constant number of queries', async () => {
    const small = await countQueries(PRODUCTS_WITH_RELATIONS, 20);
    const large = await countQueries(PRODUCTS_WITH_RELATIONS, 50);
    expect(large.data.products.nodes).toHaveLength(50);
    expect(large.data.products.nodes.every((n: { collections: unknown[] }) => n.collections.length >= 1)).toBe(true);
    expect(large.count).toBe(small.count);
    // page, brands, entries of products, collections, entries of collections, pinned products, their brands
    expect(large.count).toBeLessThanOrEqual(8);
  });

  it('loads shoppers with their recent interactions and products in a constant number of queries', async () => {
    const small = await countQueries(USERS_WITH_HISTORY, 3);
    const large = await countQueries(USERS_WITH_HISTORY, 50);
    expect(large.data.users.nodes).toHaveLength(50);
    expect(large.data.users.nodes.every((u: { recentInteractions: unknown[] }) => u.recentInteractions.length === 5)).toBe(true);
    expect(large.count).toBe(small.count);
    expect(large.count).toBeLessThanOrEqual(8);
  });

  it('answers products and brands from the serving catalog synchronously, and loads the others', async () => {
    const loaders = createLoaders(t.gateway.repos, t.gateway.home.catalog);
    const cached = loaders.productNow('p-007');
    expect(cached).not.toBeInstanceOf(Promise);
    expect(cached).toMatchObject({ id: 'p-007', title: 'Product 7', price: 107 });
    const brand = loaders.brandNow((cached as { brandId: string }).brandId);
    expect(brand).toMatchObject({ name: 'Brand 7' });
    // Written behind the gateway's back: not in its memory, so the loader reads the database.
    await t.db.prisma.product.create({
      data: { id: 'p-direct', title: 'Direct', brandId: (cached as { brandId: string }).brandId, category: 'bag', colour: 'black', material: 'leather', price: 90, currency: 'EUR' },
    });
    queries = [];
    const loaded = loaders.productNow('p-direct');
    expect(loaded).toBeInstanceOf(Promise);
    expect(await loaded).toMatchObject({ id: 'p-direct', title: 'Direct' });
    expect(queries.length).toBeGreaterThan(0);
    expect(await loaders.productNow('p-missing')).toBeNull();
  });

  it('serves a home page without a query for its products or brands', async () => {
    await t.ok('query { homeRows(rows: 2, itemsPerRow: 5) { rows { id } } }');
    queries = [];
    const data = await t.ok('query { homeRows(rows: 2, itemsPerRow: 5) { rows { items { product { id title brand { name } } } } } }');
    const items = data.homeRows.rows.flatMap((row: { items: unknown[] }) => row.items);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item: { product: { brand: { name: string } } }) => item.product.brand.name.startsWith('Brand '))).toBe(true);
    expect(queries.filter((sql) => /FROM\s+("public"\.)?"?(products|brands)"?\s/i.test(sql))).toEqual([]);
  });
});
