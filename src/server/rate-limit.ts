import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import { sendError } from './error-response.js';

export interface RateLimitOptions {
  /** Requests per window per caller; 0 turns the limiter off. */
  max: number;
  windowMs: number;
  /**
   * The token of a caller whose authentication succeeded (see src/auth/http.ts). A token
   * that was not verified must not earn its own budget, or rotating made-up tokens would
   * bypass the limit, so unverified callers are counted by address.
   */
  verifiedToken?: (req: Request) => string | undefined;
  onLimited?: () => void;
  /** Where hits are counted: this process's memory unless a store shared by every gateway is given. */
  store?: Store;
  /** Receives the shared store's failures (at most one warning per STORE_WARNING_INTERVAL_MS). */
  log?: (message: string, details?: Record<string, unknown>) => void;
}

const STORE_WARNING_INTERVAL_MS = 30_000;

/** The bearer token of a request whose authentication middleware attached a principal. */
export function verifiedBearerToken(req: Request): string | undefined {
  if (!req.principal) return undefined;
  return /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.headers.authorization ?? '')?.[1];
}

/** Requests per caller: one budget per verified token (by its hash, never the token), else per IP. */
export function rateLimiter(options: RateLimitOptions): RequestHandler {
  if (options.max === 0) return (_req, _res, next) => next();
  const tokenOf = options.verifiedToken ?? verifiedBearerToken;
  return rateLimit({
    ...(options.store ? { store: options.store, ...failOpen(options.log) } : {}),
    windowMs: options.windowMs,
    limit: options.max,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => {
      const token = tokenOf(req);
      return token ? `token:${createHash('sha256').update(token).digest('hex')}` : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
    },
    handler: (req, res) => {
      options.onLimited?.();
      const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const retryAfterSeconds = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : Math.ceil(options.windowMs / 1000);
      res.setHeader('retry-after', String(retryAfterSeconds));
      sendError(res, 429, 'RATE_LIMITED', `Too many requests: the limit is ${options.max} per ${options.windowMs / 1000} s for each token or address. Retry after ${retryAfterSeconds} s.`, {
        retryAfterSeconds,
      });
    },
  });
}

/**
 * A shared store that does not answer (Redis down) must not turn every request into an error:
 * requests are served without the limit while it lasts, and a warning says so.
 */
function failOpen(log: RateLimitOptions['log'] = () => undefined) {
  let lastWarning = -Infinity;
  let unreported = 0;
  const warn = (error: unknown, message?: string) => {
    unreported++;
    if (Date.now() - lastWarning < STORE_WARNING_INTERVAL_MS) return;
    // express-rate-limit's message says what happened, e.g. "error from store, allowing request without rate-limiting".
    log(`warn: ${message ?? 'express-rate-limit: store error'}`, { error: error instanceof Error ? error.message : String(error), occurrences: unreported });
    lastWarning = Date.now();
    unreported = 0;
  };
  return { passOnStoreError: true, logger: { error: warn, warn } };
}
