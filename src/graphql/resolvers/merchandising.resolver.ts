import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { Collection } from '../types/collection.js';
import { CollectionEntryRoleEnum, CollectionInput, MerchandisingRuleInput, MerchandisingRuleRecord, RankingConfigVersion, type CollectionEntryRole } from '../types/merchandising.js';

@Resolver()
export class MerchandisingResolver {
  @Query(() => [RankingConfigVersion], { description: 'Saved ranking configurations, newest version first.' })
  rankingConfigs(@Ctx() { repos }: GraphQLContext, @Arg('name', () => String, { nullable: true }) name?: string | null) {
    return repos.merchandising.configVersions(name ?? undefined);
  }

  @Mutation(() => RankingConfigVersion, {
    description: 'Saves a new version of a named ranking configuration; fields left out keep the default. Used from the next request on.',
  })
  saveRankingConfig(
    @Arg('name', () => String) name: string,
    @Arg('config', () => GraphQLJSONObject) config: Record<string, unknown>,
    @Ctx() { merchandising }: GraphQLContext,
    @Arg('note', () => String, { nullable: true }) note?: string | null,
  ) {
    return merchandising.saveRankingConfig(name, config, note ?? null);
  }

  @Query(() => [MerchandisingRuleRecord])
  merchandisingRules(@Ctx() { repos }: GraphQLContext) {
    return repos.merchandising.rules();
  }

  @Mutation(() => MerchandisingRuleRecord, { description: 'Creates or replaces a rule after validating it; applies from the next request on.' })
  saveMerchandisingRule(@Arg('input', () => MerchandisingRuleInput) input: MerchandisingRuleInput, @Ctx() { merchandising }: GraphQLContext) {
    return merchandising.saveRule(input);
  }

  @Mutation(() => Boolean, { description: 'true when a rule was deleted.' })
  deleteMerchandisingRule(@Arg('id', () => ID) id: string, @Ctx() { merchandising }: GraphQLContext) {
    return merchandising.deleteRule(id);
  }

  @Mutation(() => Collection, { description: 'Creates or updates a collection by slug.' })
  upsertCollection(@Arg('input', () => CollectionInput) input: CollectionInput, @Ctx() { merchandising }: GraphQLContext) {
    return merchandising.upsertCollection(input);
  }

  @Mutation(() => Collection, { description: 'Adds a product to a collection as a member, pins it at a slot, or excludes it.' })
  setCollectionEntry(
    @Arg('collection', () => String, { description: 'Collection slug.' }) collection: string,
    @Arg('productId', () => ID) productId: string,
    @Arg('role', () => CollectionEntryRoleEnum) role: CollectionEntryRole,
    @Ctx() { merchandising }: GraphQLContext,
    @Arg('position', () => Int, { nullable: true, description: 'Slot for a PIN (1-based), order for a MEMBER.' }) position?: number | null,
  ) {
    return merchandising.setCollectionEntry(collection, productId, role, position ?? null);
  }

  @Mutation(() => Collection, { description: 'Removes a product\'s membership, pin or exclusion.' })
  removeCollectionEntry(
    @Arg('collection', () => String) collection: string,
    @Arg('productId', () => ID) productId: string,
    @Ctx() { merchandising }: GraphQLContext,
  ) {
    return merchandising.removeCollectionEntry(collection, productId);
  }
}
