import { defaultFieldResolver, isObjectType, type GraphQLFieldConfig, type GraphQLField, type GraphQLSchema } from 'graphql';
import type { Shopper } from '../catalog/types.js';
import type { GraphQLContext } from '../graphql/context.js';
import { forbidden } from './errors.js';
import { authorize, maySeeShopper, type FieldPolicy } from './policy.js';

type AnyField = GraphQLField<unknown, GraphQLContext> & Pick<GraphQLFieldConfig<unknown, GraphQLContext>, 'resolve'>;

/**
 * Puts every root field of `schema` behind `policy`, and a shopper's details behind
 * `maySeeShopper` wherever a User is reached. Only these fields are wrapped: everything else is
 * reached through a root field, and wrapping the thousands of fields of a home page would cost on
 * every request. Introspection (__schema, __type) is not a root field here and stays open, so the
 * playground and code generators work.
 */
export function enforcePolicy(schema: GraphQLSchema, policy: Readonly<Record<string, FieldPolicy>>): GraphQLSchema {
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!type) continue;
    for (const field of Object.values(type.getFields()) as AnyField[]) {
      const resolve = field.resolve ?? defaultFieldResolver;
      const coordinate = `${type.name}.${field.name}`;
      field.resolve = async (source, args: Record<string, unknown>, context, info) => {
        const allowed = await authorize(policy, { field: coordinate, principal: context.principal, args, context });
        return resolve(source, allowed, context, info);
      };
    }
  }
  const user = schema.getType('User');
  if (isObjectType(user)) {
    for (const field of Object.values(user.getFields()) as AnyField[]) {
      if (field.name === 'id') continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (shopper, args, context, info) => {
        if (!maySeeShopper(context.principal, shopper as Shopper)) throw forbidden('This shopper\'s details are not available to this token; only the id is.');
        return resolve(shopper, args, context, info);
      };
    }
  }
  return schema;
}
