import { createHash, createSecretKey, type KeyObject } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';
import { unauthenticated } from './errors.js';
import { isRole, ROLES, type Principal, type Role } from './principal.js';

/**
 * Signs tokens when no secret is configured outside production. It is published in the README on
 * purpose: anyone can mint tokens with it, which is what a local demo needs and why production
 * refuses to start with it.
 */
export const DEVELOPMENT_SECRET = 'vitrine-development-secret-public-never-use-in-production';
export const MIN_SECRET_LENGTH = 32;
const ISSUER = 'vitrine';
const ALGORITHM = 'HS256';

export interface ApiKey extends Principal {
  key: string;
}

export interface AuthSettings {
  /** HS256 secret for JSON Web Tokens. */
  secret: string;
  /** Static keys for services that cannot mint tokens; sent as `Bearer <key>`. */
  apiKeys: readonly ApiKey[];
}

const encode = (secret: string) => new TextEncoder().encode(secret);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * A signed token for `principal`. Without `expiresIn` the token has no issue or expiry time, so
 * the same role and subject always give the same token (the README lists the development ones).
 */
export async function signToken(secret: string, principal: Principal, options: { expiresIn?: string } = {}): Promise<string> {
  const jwt = new SignJWT({ role: principal.role }).setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' }).setIssuer(ISSUER);
  if (principal.subject) jwt.setSubject(principal.subject);
  if (options.expiresIn) jwt.setIssuedAt().setExpirationTime(options.expiresIn);
  return jwt.sign(encode(secret));
}

/** Problems with a principal a token is about to be issued for (empty when fine). */
export function principalProblems(role: string, subject: string | null | undefined): string[] {
  if (!isRole(role)) return [`unknown role "${role}": use one of ${ROLES.join(', ')}`];
  if (role === 'SHOPPER' && !subject) return ['a SHOPPER token needs the shopper id as its subject'];
  if (subject != null && (subject.length === 0 || subject.length > 128)) return ['the subject must be 1 to 128 characters'];
  return [];
}

/**
 * Turns an Authorization header into a principal: null without a header (an anonymous caller),
 * UNAUTHENTICATED (HTTP 401) for anything present but untrustworthy. Messages say what to fix and
 * nothing about which keys or subjects exist.
 */
export class Authenticator {
  private readonly key: KeyObject;
  private readonly apiKeys: Map<string, Principal>;
  /**
   * Tokens already verified, with their expiry: a storefront sends the same token on every request,
   * and verifying it again costs more than composing part of a page. Keyed by the whole token, so
   * only the exact signed bytes verified before are trusted.
   */
  private readonly verified = new LRUCache<string, { principal: Principal; expiresMs: number }>({ max: 10_000 });

  constructor(settings: AuthSettings) {
    // A key object made once: given raw bytes, jose imports a WebCrypto key on every verification.
    this.key = createSecretKey(encode(settings.secret));
    // Looked up by digest, so comparing a guess never runs over the stored key's bytes.
    this.apiKeys = new Map(settings.apiKeys.map(({ key, role, subject }) => [sha256(key), { role, subject }]));
  }

  async authenticate(authorization: string | undefined): Promise<Principal | null> {
    if (authorization === undefined || authorization.trim() === '') return null;
    const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(authorization);
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>".', { httpStatus: 401 });
    const token = match[1];
    const keyed = this.apiKeys.get(sha256(token));
    if (keyed) return keyed;
    const known = this.verified.get(token);
    if (known && Date.now() < known.expiresMs) return known.principal;
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.key, { algorithms: [ALGORITHM], issuer: ISSUER }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw unauthenticated('The token has expired; ask for a new one.', { httpStatus: 401 });
      throw unauthenticated('The token is not valid: it is malformed, or was not signed by this gateway.', { httpStatus: 401 });
    }
    const subject = typeof payload.sub === 'string' ? payload.sub : null;
    if (principalProblems(String(payload.role), subject).length > 0) {
      throw unauthenticated('The token does not name a known role (and, for SHOPPER, a subject).', { httpStatus: 401 });
    }
    const principal: Principal = { role: payload.role as Role, subject };
    this.verified.set(token, { principal, expiresMs: typeof payload.exp === 'number' ? payload.exp * 1000 : Number.POSITIVE_INFINITY });
    return principal;
  }
}

/**
 * Parses VITRINE_API_KEYS: comma-separated `key=ROLE` or `key=ROLE:subject` entries. Returns the
 * keys and every problem found (without echoing the keys themselves).
 */
export function parseApiKeys(text: string | undefined): { keys: ApiKey[]; problems: string[] } {
  const keys: ApiKey[] = [];
  const problems: string[] = [];
  const entries = (text ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  entries.forEach((entry, i) => {
    const equals = entry.indexOf('=');
    const key = equals > 0 ? entry.slice(0, equals) : '';
    const [role = '', ...rest] = equals > 0 ? entry.slice(equals + 1).split(':') : [];
    const subject = rest.length ? rest.join(':') : null;
    const where = `entry ${i + 1}`;
    if (!key) return problems.push(`${where}: expected key=ROLE or key=ROLE:subject`);
    if (key.length < MIN_SECRET_LENGTH / 2) problems.push(`${where}: the key must be at least ${MIN_SECRET_LENGTH / 2} characters`);
    for (const p of principalProblems(role, subject)) problems.push(`${where}: ${p}`);
    keys.push({ key, role: role as Role, subject });
  });
  return { keys, problems };
}
