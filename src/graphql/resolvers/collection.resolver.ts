import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { arrangeCollection } from '../../catalog/arrange-collection.js';
import type { Collection as CollectionRecord } from '../../catalog/types.js';
import type { GraphQLContext } from '../context.js';
import { loadPresent } from '../loaders.js';
import { pagedComplexity } from '../limits.js';
import { pageSize } from '../pagination.js';
import { Product } from '../types/catalog.js';
import { Collection, CollectionPin } from '../types/collection.js';

@Resolver(() => Collection)
export class CollectionResolver {
  @Query(() => [Collection], { description: 'All collections, in display order.' })
  collections(@Ctx() { repos }: GraphQLContext) {
    return repos.collections.all();
  }

  @Query(() => Collection, { nullable: true })
  collection(@Arg('slug', () => String) slug: string, @Ctx() { repos }: GraphQLContext) {
    return repos.collections.bySlug(slug);
  }

  @FieldResolver(() => [CollectionPin], { description: 'Products held at fixed slots.' })
  async pins(@Root() collection: CollectionRecord, @Ctx() { loaders }: GraphQLContext) {
    const entries = await loaders.collectionEntries.load(collection.id);
    return entries.filter((e) => e.role === 'PIN').map((e) => ({ position: e.position ?? 1, productId: e.productId }));
  }

  @FieldResolver(() => [Product], { description: 'Products never shown in this collection.' })
  async exclusions(@Root() collection: CollectionRecord, @Ctx() { loaders }: GraphQLContext) {
    const entries = await loaders.collectionEntries.load(collection.id);
    return loadPresent(loaders.product, entries.filter((e) => e.role === 'EXCLUSION').map((e) => e.productId));
  }

  @FieldResolver(() => [Product], {
    description: 'Hand-picked members in order with pins at their slots. Rule-based collections are filled by ranking (homeRows).',
    complexity: pagedComplexity,
  })
  async products(
    @Root() collection: CollectionRecord,
    @Ctx() { loaders }: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
  ) {
    const entries = await loaders.collectionEntries.load(collection.id);
    const ids = arrangeCollection(entries).slice(0, pageSize(first));
    return loadPresent(loaders.product, ids);
  }
}

@Resolver(() => CollectionPin)
export class CollectionPinResolver {
  @FieldResolver(() => Product)
  product(@Root() pin: CollectionPin, @Ctx() { loaders }: GraphQLContext) {
    return loaders.product.load(pin.productId);
  }
}
