import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, sampleProducts, UPSERT, type TestGateway } from '../support/gateway.js';

const PAGE = `query Page($first: Int, $after: String, $filter: ProductFilter) {
  products(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
    edges { cursor node { id } }
    nodes { id price inStock brand { slug } }
  }
}`;

describe('products', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await createTestGateway();
    await t.ok(UPSERT, { products: sampleProducts });
  });
  afterAll(() => t.close());

  const productCount = () => t.db.prisma.product.count();

  it('creates products and their brands, then updates by id', async () => {
    const data = await t.ok(UPSERT, { products: [{ ...sampleProducts[0], price: 2500, title: 'The Saffiano tote, revised' }, { ...sampleProducts[1], id: 'tote-3' }] });
    expect(data.upsertProducts).toMatchObject({ created: 1, updated: 1 });
    expect(data.upsertProducts.products.map((p: { id: string }) => p.id)).toEqual(['tote-1', 'tote-3']);
    expect(data.upsertProducts.products[0].brand).toEqual({ name: 'Maison Vérane', slug: 'maison-verane' });
    const { product } = await t.ok(`{ product(id: "tote-1") { title price currency season tags stockStatus inStock } }`);
    expect(product).toEqual({ title: 'The Saffiano tote, revised', price: 2500, currency: 'EUR', season: 'AUTUMN', tags: ['icon'], stockStatus: 'IN_STOCK', inStock: true });
    await t.db.prisma.product.delete({ where: { id: 'tote-3' } });
    await t.ok(UPSERT, { products: [sampleProducts[0]] });
  });

  it('returns null for an unknown product id', async () => {
    expect(await t.ok(`{ product(id: "nope") { id } }`)).toEqual({ product: null });
  });

  it('pages through the catalog with cursors, without gaps or overlaps', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { products }: { products: any } = await t.ok(PAGE, { first: 2, after });
      expect(products.totalCount).toBe(5);
      expect(products.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(products.nodes.map((n: { id: string }) => n.id));
      expect(products.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...products.nodes.map((n: { id: string }) => n.id));
      pages++;
      if (!products.pageInfo.hasNextPage) break;
      after = products.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([...sampleProducts.map((p) => p.id)].sort());
  });

  it.each([
    [{ brands: ['Maison Vérane'] }, ['tote-1', 'tote-2']],
    [{ brands: ['castellane'] }, ['coat-1', 'loafer-1']],
    [{ categories: ['tote'], colours: ['black'] }, ['tote-1']],
    [{ minPrice: 500, maxPrice: 1000 }, ['loafer-1', 'tote-2']],
    [{ seasons: ['WINTER', 'SPRING'] }, ['coat-1', 'scarf-1']],
    [{ inStock: true }, ['coat-1', 'scarf-1', 'tote-1', 'tote-2']],
    [{ inStock: false }, ['loafer-1']],
  ])('filters by %j', async (filter, expected) => {
    const { products } = await t.ok(PAGE, { first: 50, filter });
    expect(products.nodes.map((n: { id: string }) => n.id)).toEqual(expected);
    expect(products.totalCount).toBe(expected.length);
  });

  describe('rejects bad input with a coded, readable error and writes nothing', () => {
    it.each([
      ['a negative price', { ...sampleProducts[0], id: 'new-1', price: -5 }, 'products[0].price: must be zero or more, got -5'],
      ['an absurd price', { ...sampleProducts[0], id: 'new-1', price: 1e12 }, 'above the 10000000 limit'],
      ['a lower-case currency', { ...sampleProducts[0], id: 'new-1', currency: 'eur' }, 'products[0].currency: "eur" is not an ISO 4217 code'],
      ['a blank title', { ...sampleProducts[0], id: 'new-1', title: '  ' }, 'products[0].title: must be non-blank text'],
      ['a bad image URL', { ...sampleProducts[0], id: 'new-1', imageUrl: 'javascript:alert(1)' }, 'products[0].imageUrl'],
    ])('%s', async (_label, bad, message) => {
      const before = await productCount();
      const result = await t.run(UPSERT, { products: [{ ...sampleProducts[1], id: 'good-1' }, bad] });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toContain(message.replace('products[0]', 'products[1]'));
      expect(result.errors?.[0].extensions).toMatchObject({ index: 1 });
      expect(await productCount()).toBe(before);
    });

    it('a wrong enum value', async () => {
      const result = await t.run(UPSERT, { products: [{ ...sampleProducts[0], season: 'MONSOON' }] });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toMatch(/MONSOON.*Season|Season.*MONSOON/s);
    });

    it('an empty batch and a batch of 1,001', async () => {
      const empty = await t.run(UPSERT, { products: [] });
      expect(empty.errors?.[0]).toMatchObject({ message: expect.stringContaining('the batch is empty'), extensions: { code: 'BAD_USER_INPUT' } });
      const many = Array.from({ length: 1001 }, (_, i) => ({ ...sampleProducts[0], id: `bulk-${i}` }));
      const tooMany = await t.run(UPSERT, { products: many });
      expect(tooMany.errors?.[0]).toMatchObject({ message: expect.stringContaining('limit is 1000'), extensions: { code: 'BAD_USER_INPUT' } });
      expect(await productCount()).toBe(5);
    });

    it('the same id twice in one batch', async () => {
      const result = await t.run(UPSERT, { products: [{ ...sampleProducts[0], id: 'dup' }, { ...sampleProducts[1], id: 'dup' }] });
      expect(result.errors?.[0].message).toContain('products[1].id: "dup" appears twice');
      expect(await productCount()).toBe(5);
    });

    it.each([
      ['not base64', 'not a cursor!'],
      ['a cursor of another list', Buffer.from('user:s-1').toString('base64url')],
      ['empty payload', Buffer.from('product:').toString('base64url')],
    ])('a malformed cursor: %s', async (_label, after) => {
      const result = await t.run(PAGE, { first: 2, after });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toContain('is not a valid product cursor');
    });

    it.each([0, -1, 101])('first: %i', async (first) => {
      const result = await t.run(PAGE, { first });
      expect(result.errors?.[0]).toMatchObject({ message: `first: must be between 1 and 100, got ${first}`, extensions: { code: 'BAD_USER_INPUT' } });
    });

    it('an inverted or negative price range', async () => {
      const inverted = await t.run(PAGE, { filter: { minPrice: 900, maxPrice: 100 } });
      expect(inverted.errors?.[0]).toMatchObject({ message: 'filter.minPrice: 900 is above maxPrice 100', extensions: { code: 'BAD_USER_INPUT' } });
      const negative = await t.run(PAGE, { filter: { minPrice: -1 } });
      expect(negative.errors?.[0].message).toBe('filter.minPrice: must be zero or more, got -1');
    });
  });
});
