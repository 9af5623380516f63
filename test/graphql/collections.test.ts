import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, sampleProducts, UPSERT, type TestGateway } from '../support/gateway.js';

describe('collections', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await createTestGateway();
    await t.ok(UPSERT, { products: sampleProducts });
    const icons = await t.db.prisma.collection.create({ data: { slug: 'icons', title: 'The icons', kind: 'EDITORIAL', position: 1 } });
    await t.db.prisma.collectionEntry.createMany({
      data: [
        { collectionId: icons.id, productId: 'tote-2', role: 'MEMBER', position: 2 },
        { collectionId: icons.id, productId: 'tote-1', role: 'MEMBER', position: 1 },
        { collectionId: icons.id, productId: 'scarf-1', role: 'MEMBER', position: 3 },
        { collectionId: icons.id, productId: 'coat-1', role: 'PIN', position: 2 },
        { collectionId: icons.id, productId: 'loafer-1', role: 'EXCLUSION' },
      ],
    });
    await t.db.prisma.collection.create({
      data: { slug: 'evening-milan', title: 'Evening in Milan', kind: 'RULE_BASED', position: 0, rule: { when: { occasions: ['EVENING'], regions: ['Milan'] }, match: { categories: ['tote'] } } },
    });
  });
  afterAll(() => t.close());

  it('lists collections in display order with their rules', async () => {
    const { collections } = await t.ok(`{ collections { slug kind rule } }`);
    expect(collections).toEqual([
      { slug: 'evening-milan', kind: 'RULE_BASED', rule: { when: { occasions: ['EVENING'], regions: ['Milan'] }, match: { categories: ['tote'] } } },
      { slug: 'icons', kind: 'EDITORIAL', rule: null },
    ]);
  });

  it('shows an editorial collection in member order with pins at their slot and exclusions apart', async () => {
    const { collection } = await t.ok(`{ collection(slug: "icons") {
      title products { id } pins { position product { id } } exclusions { id }
    } }`);
    expect(collection.products.map((p: { id: string }) => p.id)).toEqual(['tote-1', 'coat-1', 'tote-2', 'scarf-1']);
    expect(collection.pins).toEqual([{ position: 2, product: { id: 'coat-1' } }]);
    expect(collection.exclusions).toEqual([{ id: 'loafer-1' }]);
  });

  it('links products back to the collections that feature them', async () => {
    const { product } = await t.ok(`{ product(id: "coat-1") { collections { slug } } }`);
    expect(product.collections).toEqual([{ slug: 'icons' }]);
    const excluded = await t.ok(`{ product(id: "loafer-1") { collections { slug } } }`);
    expect(excluded.product.collections).toEqual([]);
  });

  it('returns null for an unknown slug', async () => {
    expect(await t.ok(`{ collection(slug: "nope") { id } }`)).toEqual({ collection: null });
  });
});
