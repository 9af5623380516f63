import { GraphQLError } from 'graphql';

/**
 * No token, or one that cannot be trusted (bad signature, expired, unknown key). A token rejected
 * before execution answers HTTP 401; a field that needs a token answers in GraphQL's usual 200 with
 * an error on that field, so the other fields of the operation still resolve.
 */
export function unauthenticated(message: string, options: { httpStatus?: number } = {}): GraphQLError {
  const http = options.httpStatus ? { http: { status: options.httpStatus } } : {};
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', ...http } });
}

/** A valid token whose role or subject does not cover the operation. */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}
