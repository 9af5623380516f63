import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { StoredInteraction } from '../../catalog/types.js';
import { recordInteractions } from '../../realtime/record-interactions.js';
import type { GraphQLContext } from '../context.js';
import { Product } from '../types/catalog.js';
import { InteractionInput } from '../types/inputs.js';
import { Interaction, RecordInteractionsPayload, User } from '../types/shopper.js';

@Resolver(() => Interaction)
export class InteractionResolver {
  @FieldResolver(() => Product, { nullable: true, description: 'Null only if the product was removed since.' })
  product(@Root() interaction: StoredInteraction, @Ctx() { loaders }: GraphQLContext) {
    return loaders.product.load(interaction.productId);
  }

  @FieldResolver(() => User, { nullable: true })
  user(@Root() interaction: StoredInteraction, @Ctx() { loaders }: GraphQLContext) {
    return loaders.shopper.load(interaction.userId);
  }

  @Mutation(() => RecordInteractionsPayload, {
    description: 'Records 1 to 1,000 events, all or nothing: one invalid event rejects the batch (BAD_USER_INPUT naming its index and field).',
  })
  async recordInteractions(@Arg('events', () => [InteractionInput]) events: InteractionInput[], @Ctx() { ingest, config, home, metrics, changes }: GraphQLContext) {
    const { result, stored } = await recordInteractions(ingest, events, { autoCreateShoppers: config.autoCreateShoppers });
    // After the commit and before the answer: the shopper's next page already reflects these events.
    home.interactionsRecorded(stored);
    // Here and not in interactionsRecorded, which also replays other replicas' events: each event credits its bandit arm once.
    home.feedback?.interactionsRecorded(stored);
    await changes.interactionsRecorded(stored);
    metrics?.eventsIngested(result.accepted - result.duplicates);
    return result;
  }
}
