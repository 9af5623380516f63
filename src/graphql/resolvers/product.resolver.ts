import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { validateProductFilter } from '../../catalog/product-filter.js';
import { upsertProducts } from '../../catalog/upsert-products.js';
import type { Product as ProductRecord } from '../../catalog/types.js';
import { assertNoProblems } from '../../errors.js';
import type { GraphQLContext } from '../context.js';
import { loadPresent } from '../loaders.js';
import { decodeCursor, pageSize, toConnection } from '../pagination.js';
import { Brand, Product } from '../types/catalog.js';
import { Collection } from '../types/collection.js';
import { connectionTypes, type Connection } from '../types/connection.js';
import { ProductFilter, ProductInput } from '../types/inputs.js';
import { pagedComplexity } from '../limits.js';

export const { ConnectionType: ProductConnection } = connectionTypes(Product, 'Product');

@ObjectType()
export class UpsertProductsPayload {
  @Field(() => Int)
  created!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => [Product], { description: 'The written products, in input order.' })
  products!: ProductRecord[];
}

@Resolver(() => Product)
export class ProductResolver {
  @Query(() => Product, { nullable: true, description: 'A product by its catalog id.' })
  product(@Arg('id', () => ID) id: string, @Ctx() { loaders }: GraphQLContext) {
    return loaders.product.load(id);
  }

  @Query(() => ProductConnection, { description: 'The catalog, in id order, page by page.', complexity: pagedComplexity })
  async products(
    @Ctx() { repos, loaders }: GraphQLContext,
    @Arg('first', () => Int, { nullable: true, description: '1 to 100, default 20.' }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('filter', () => ProductFilter, { nullable: true }) filter?: ProductFilter | null,
  ): Promise<Connection<ProductRecord>> {
    const size = pageSize(first);
    const afterId = decodeCursor('product', after);
    assertNoProblems(validateProductFilter(filter));
    const rows = await repos.products.page({ first: size, afterId, filter });
    for (const row of rows) loaders.product.prime(row.id, row);
    return toConnection('product', rows, size, afterId !== undefined, () => repos.products.count(filter));
  }

  @FieldResolver(() => Brand)
  brand(@Root() product: ProductRecord, @Ctx() { loaders }: GraphQLContext) {
    return loaders.brandNow(product.brandId);
  }

  @FieldResolver(() => Boolean, { description: 'IN_STOCK or LOW_STOCK.' })
  inStock(@Root() product: ProductRecord) {
    return product.stockStatus === 'IN_STOCK' || product.stockStatus === 'LOW_STOCK';
  }

  @FieldResolver(() => [Collection], { description: 'Collections that feature or pin this product.' })
  async collections(@Root() product: ProductRecord, @Ctx() { loaders }: GraphQLContext) {
    const entries = await loaders.productCollectionEntries.load(product.id);
    return loadPresent(loaders.collection, entries.map((e) => e.collectionId));
  }

  @Mutation(() => UpsertProductsPayload, {
    description: 'Creates or replaces up to 1,000 products by id; a batch with any invalid product writes nothing. New products are embedded at once (cold start).',
  })
  async upsertProducts(
    @Arg('products', () => [ProductInput]) products: ProductInput[],
    @Ctx() { repos, relevance, home, changes }: GraphQLContext,
  ): Promise<UpsertProductsPayload> {
    const result = await upsertProducts(repos.products, products);
    // New and changed products get image features and an embedding before the feed is acknowledged.
    await relevance.productsChanged(result.ids);
    await home.productsChanged(result.ids);
    await changes.productsChanged(result.ids);
    const written = new Map((await repos.products.findByIds(result.ids)).map((p) => [p.id, p]));
    return { created: result.created, updated: result.updated, products: result.ids.map((id) => written.get(id)!) };
  }
}

@Resolver(() => ProductConnection)
export class ProductConnectionResolver {
  @FieldResolver(() => Int, { description: 'Products matching the filter, across all pages.' })
  totalCount(@Root() connection: Connection<ProductRecord>) {
    return connection.countTotal();
  }
}
