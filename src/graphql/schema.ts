import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { enforcePolicy } from '../auth/enforce.js';
import { POLICY } from '../auth/policy.js';
import { CollectionPinResolver, CollectionResolver } from './resolvers/collection.resolver.js';
import { ExperimentResolver } from './resolvers/experiment.resolver.js';
import { HomeResolver } from './resolvers/home.resolver.js';
import { InsightsResolver } from './resolvers/insights.resolver.js';
import { InteractionResolver } from './resolvers/interaction.resolver.js';
import { MerchandisingResolver } from './resolvers/merchandising.resolver.js';
import { PrivacyResolver } from './resolvers/privacy.resolver.js';
import { ProductConnectionResolver, ProductResolver } from './resolvers/product.resolver.js';
import { RelevanceResolver } from './resolvers/relevance.resolver.js';
import { TrainingResolver } from './resolvers/training.resolver.js';
import { ShopperMergeResolver } from './resolvers/shopper-merge.resolver.js';
import { UserConnectionResolver, UserResolver } from './resolvers/user.resolver.js';

let built: Promise<GraphQLSchema> | undefined;

/** The GraphQL schema: built once per process (type-graphql's metadata is global anyway). */
export function buildVitrineSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: [
      ProductResolver,
      ProductConnectionResolver,
      UserResolver,
      UserConnectionResolver,
      ShopperMergeResolver,
      InteractionResolver,
      CollectionResolver,
      CollectionPinResolver,
      RelevanceResolver,
      TrainingResolver,
      HomeResolver,
      MerchandisingResolver,
      ExperimentResolver,
      InsightsResolver,
      PrivacyResolver,
    ],
    // Input is checked by the core's validators, which know the business rules.
    validate: false,
  }).then((schema) => enforcePolicy(schema, POLICY));
  return built;
}
