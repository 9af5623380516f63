import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { InputError } from '../errors.js';

/**
 * Turns the core's InputError into GraphQL's BAD_USER_INPUT, keeping every problem (index,
 * field, message) in the extensions so tools can point at the offending event or field. Done
 * once per error in Apollo's formatter rather than as a middleware around every field, which
 * would cost on each of the thousands of fields of a home page.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (!(original instanceof InputError)) return formatted;
  const [first] = original.problems;
  return {
    ...formatted,
    message: original.message,
    extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT', index: first.index, field: first.field, problems: original.problems },
  };
}
