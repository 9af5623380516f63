import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { pagedComplexity } from '../limits.js';
import { pageSize } from '../pagination.js';
import { Product } from '../types/catalog.js';
import { ContextInput } from '../types/inputs.js';
import { ScoredProduct } from '../types/relevance.js';

@Resolver(() => ScoredProduct)
export class RelevanceResolver {
  @Query(() => [ScoredProduct], {
    description: "Products nearest to the shopper's taste in this context (two-tower model); popular products when no model serves or the shopper opted out.",
    complexity: pagedComplexity,
  })
  recommendations(
    @Arg('userId', () => ID) userId: string,
    @Ctx() { relevance, home }: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('context', () => ContextInput, { nullable: true }) context?: ContextInput | null,
  ) {
    return relevance.recommend(userId, pageSize(first), context ?? null, undefined, (id) => home.catalog.get(id)?.price);
  }

  @Query(() => [ScoredProduct], { nullable: true, description: 'Products whose embeddings are nearest to this one; null for an unknown product.', complexity: pagedComplexity })
  similarProducts(
    @Arg('productId', () => ID) productId: string,
    @Ctx() { relevance }: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
  ) {
    return relevance.similar(productId, pageSize(first));
  }

  @FieldResolver(() => Product)
  product(@Root() scored: ScoredProduct, @Ctx() { loaders }: GraphQLContext) {
    return loaders.product.load(scored.productId);
  }
}
