import { GraphQLError, type GraphQLFormattedError } from 'graphql';
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
  if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR' && isDatabaseUnavailable(original)) {
    // The driver's message names hosts and ports; the caller only needs to know to retry.
    return {
      ...formatted,
      message: 'The database is unavailable right now; retry shortly (a recordInteractions batch is safe to resend with the same eventIds).',
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    };
  }
  if (isArgumentCoercionError(original, formatted)) return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
  if (!(original instanceof InputError)) return formatted;
  const [first] = original.problems;
  return {
    ...formatted,
    message: original.message,
    extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT', index: first.index, field: first.field, problems: original.problems },
  };
}

/**
 * graphql-js checks some arguments only while executing (an explicit null variable for a
 * non-null argument with a default, for instance) and raises a plain GraphQLError that Apollo
 * would report as an internal error; it is the caller's input that is wrong.
 */
function isArgumentCoercionError(original: unknown, formatted: GraphQLFormattedError): boolean {
  return (
    formatted.extensions?.code === 'INTERNAL_SERVER_ERROR' &&
    original instanceof GraphQLError &&
    original.originalError === undefined &&
    /^Argument "[^"]+" (of (non-null|required) type|has invalid value)/.test(original.message)
  );
}

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);
const UNAVAILABLE_MESSAGE = /Connection terminated|database system is (starting up|shutting down|not yet accepting connections|in recovery mode)|terminating connection due to administrator command|Can't reach database server|connect ECONNREFUSED/i;

/** A lost or refused database connection (server restarting, failing over), seen through wrappers. */
function isDatabaseUnavailable(error: unknown): boolean {
  let current = error as { code?: unknown; message?: unknown; cause?: unknown; originalError?: unknown } | undefined;
  for (let depth = 0; current && depth < 6; depth++) {
    if (typeof current.code === 'string' && UNAVAILABLE_CODES.has(current.code)) return true;
    if (typeof current.message === 'string' && UNAVAILABLE_MESSAGE.test(current.message)) return true;
    current = (current.cause ?? current.originalError) as typeof current;
  }
  return false;
}
