import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { CollectionPinResolver, CollectionResolver } from './resolvers/collection.resolver.js';
import { HomeResolver, RankedItemResolver } from './resolvers/home.resolver.js';
import { InteractionResolver } from './resolvers/interaction.resolver.js';
import { MerchandisingResolver } from './resolvers/merchandising.resolver.js';
import { ProductConnectionResolver, ProductResolver } from './resolvers/product.resolver.js';
import { RelevanceResolver } from './resolvers/relevance.resolver.js';
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
      InteractionResolver,
      CollectionResolver,
      CollectionPinResolver,
      RelevanceResolver,
      HomeResolver,
      RankedItemResolver,
      MerchandisingResolver,
    ],
    // Input is checked by the core's validators, which know the business rules.
    validate: false,
  });
  return built;
}
