import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { Shopper } from '../../catalog/types.js';
import { seesEveryShopper } from '../../auth/policy.js';
import type { GraphQLContext } from '../context.js';
import { pagedComplexity } from '../limits.js';
import { decodeCursor, MAX_PAGE_SIZE, pageSize, toConnection } from '../pagination.js';
import { connectionTypes, type Connection } from '../types/connection.js';
import { Interaction, ShopperPreferences, User } from '../types/shopper.js';

export const { ConnectionType: UserConnection } = connectionTypes(User, 'User');

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true, description: 'A shopper by the storefront\'s id.' })
  user(@Arg('id', () => ID) id: string, @Ctx() { loaders }: GraphQLContext) {
    return loaders.shopper.load(id);
  }

  @Query(() => UserConnection, {
    description: 'Shoppers in id order: every shopper for an admin, those who consented to personalization for a merchandiser.',
    complexity: pagedComplexity,
  })
  async users(
    @Ctx() { repos, loaders, principal }: GraphQLContext,
    @Arg('first', () => Int, { nullable: true, description: '1 to 100, default 20.' }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<Shopper>> {
    const size = pageSize(first);
    const afterId = decodeCursor('user', after);
    const consentingOnly = !seesEveryShopper(principal);
    const rows = await repos.shoppers.page({ first: size, afterId, consentingOnly });
    for (const row of rows) loaders.shopper.prime(row.id, row);
    return toConnection('user', rows, size, afterId !== undefined, () => repos.shoppers.count({ consentingOnly }));
  }

  @FieldResolver(() => ShopperPreferences)
  preferences(@Root() shopper: Shopper): ShopperPreferences {
    const { favouriteBrands, favouriteCategories, sizes, priceBand } = shopper;
    return { favouriteBrands, favouriteCategories, sizes, priceBand };
  }

  @FieldResolver(() => [Interaction], { description: 'Newest first.', complexity: pagedComplexity })
  recentInteractions(
    @Root() shopper: Shopper,
    @Ctx() { loaders }: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 20, description: `1 to ${MAX_PAGE_SIZE}.` }) first: number,
  ) {
    return loaders.recentInteractions(pageSize(first)).load(shopper.id);
  }
}

@Resolver(() => UserConnection)
export class UserConnectionResolver {
  @FieldResolver(() => Int, { description: 'Number of shoppers.' })
  totalCount(@Root() connection: Connection<Shopper>) {
    return connection.countTotal();
  }
}
