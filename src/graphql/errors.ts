import { GraphQLError } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import { InputError } from '../errors.js';

/**
 * Turns the core's InputError into GraphQL's BAD_USER_INPUT, keeping every problem (index,
 * field, message) in the extensions so tools can point at the offending event or field.
 */
export const mapDomainErrors: MiddlewareFn = async (_, next) => {
  try {
    return await next();
  } catch (error) {
    if (error instanceof InputError) {
      const [first] = error.problems;
      throw new GraphQLError(error.message, {
        extensions: { code: 'BAD_USER_INPUT', index: first.index, field: first.field, problems: error.problems },
      });
    }
    throw error;
  }
};
