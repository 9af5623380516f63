import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { mergeShoppers } from '../../realtime/merge-shoppers.js';
import type { GraphQLContext } from '../context.js';
import { MergeResult } from '../types/shopper-merge.js';
import { User } from '../types/shopper.js';

@Resolver(() => MergeResult)
export class ShopperMergeResolver {
  @Mutation(() => MergeResult, {
    description:
      "When an anonymous visitor signs in: folds fromId's interactions, impressions and experiment exposures into intoId in one transaction and deletes fromId; intoId's next page reflects them. Calling again fails with BAD_USER_INPUT (fromId no longer exists) and changes nothing.",
  })
  async mergeShoppers(@Arg('fromId', () => ID) fromId: string, @Arg('intoId', () => ID) intoId: string, @Ctx() { repos, home, changes }: GraphQLContext): Promise<MergeResult> {
    const counts = await mergeShoppers(repos.shoppers, fromId, intoId);
    // Before the answer: the known shopper's next page, here or on another replica, reads the merged history.
    home.forgetShoppers([fromId, intoId]);
    await changes.shoppersForgotten([fromId, intoId]);
    return {
      fromId,
      intoId,
      movedInteractions: counts.interactions,
      movedImpressions: counts.impressions,
      movedExposures: counts.exposures,
      droppedExposures: counts.droppedExposures,
    };
  }

  @FieldResolver(() => User, { description: 'The known shopper after the merge.' })
  shopper(@Root() result: MergeResult, @Ctx() { loaders }: GraphQLContext) {
    return loaders.shopper.load(result.intoId);
  }
}
