import type { RequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import { sendError } from '../server/error-response.js';
import type { Principal } from './principal.js';
import type { Authenticator } from './tokens.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** The verified caller (null: anonymous); set by `authenticateRequests`. */
    principal?: Principal | null;
    /** Why the Authorization header was not accepted; answered by `rejectUnauthenticated`. */
    authFailure?: string;
  }
}

/**
 * Reads `Authorization: Bearer ...` into `req.principal`. A header that is present but not valid
 * is only noted here and answered by `rejectUnauthenticated`, so that the rate limiter between
 * the two counts such guesses against the caller's address.
 */
export function authenticateRequests(authenticator: Authenticator): RequestHandler {
  return async (req, _res, next) => {
    try {
      req.principal = await authenticator.authenticate(req.headers.authorization);
    } catch (error) {
      if (!(error instanceof GraphQLError)) return next(error);
      req.principal = null;
      req.authFailure = error.message;
    }
    next();
  };
}

/** Answers a request whose token was rejected: HTTP 401, UNAUTHENTICATED, nothing executed. */
export function rejectUnauthenticated(onRejected?: () => void): RequestHandler {
  return (req, res, next) => {
    if (req.authFailure === undefined) return next();
    onRejected?.();
    res.setHeader('www-authenticate', 'Bearer');
    sendError(res, 401, 'UNAUTHENTICATED', req.authFailure);
  };
}
