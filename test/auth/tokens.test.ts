import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Authenticator, DEVELOPMENT_SECRET, signToken } from '../../src/auth/tokens.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const authenticator = new Authenticator({ secret: SECRET, apiKeys: [{ key: 'storefront-key-0123456789', role: 'STOREFRONT', subject: 'web' }] });
const bearer = (token: string) => `Bearer ${token}`;
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** What authenticate throws, as { code, message }. */
async function rejection(header: string) {
  try {
    await authenticator.authenticate(header);
  } catch (error) {
    const e = error as { message: string; extensions: { code: string; http?: { status: number } } };
    return { code: e.extensions.code, status: e.extensions.http?.status, message: e.message };
  }
  throw new Error(`accepted: ${header}`);
}

describe('tokens', () => {
  it('turns a signed token into its principal, and no header into an anonymous caller', async () => {
    expect(await authenticator.authenticate(bearer(await signToken(SECRET, { role: 'SHOPPER', subject: 's-1' })))).toEqual({ role: 'SHOPPER', subject: 's-1' });
    expect(await authenticator.authenticate(bearer(await signToken(SECRET, { role: 'ADMIN', subject: null }, { expiresIn: '5m' })))).toEqual({ role: 'ADMIN', subject: null });
    expect(await authenticator.authenticate(undefined)).toBeNull();
  });

  it('accepts a configured API key as its principal', async () => {
    expect(await authenticator.authenticate(bearer('storefront-key-0123456789'))).toEqual({ role: 'STOREFRONT', subject: 'web' });
  });

  it('gives the same development token for the same role every time (the README lists them)', async () => {
    const a = await signToken(DEVELOPMENT_SECRET, { role: 'MERCHANDISER', subject: null });
    expect(await signToken(DEVELOPMENT_SECRET, { role: 'MERCHANDISER', subject: null })).toBe(a);
  });

  it('lists development tokens in the README that sign in as the roles they are listed under', async () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const listed = [...readme.matchAll(/^(ADMIN|MERCHANDISER|STOREFRONT|SHOPPER(?: (\S+))?)\s+(eyJ\S+)$/gm)];
    expect(listed.map((m) => m[1].split(' ')[0])).toEqual(['ADMIN', 'MERCHANDISER', 'STOREFRONT', 'SHOPPER']);
    const development = new Authenticator({ secret: DEVELOPMENT_SECRET, apiKeys: [] });
    for (const [, label, subject, token] of listed) {
      expect(await development.authenticate(bearer(token)), label).toEqual({ role: label.split(' ')[0], subject: subject ?? null });
    }
  });

  it('rejects forged, expired, unsigned and malformed tokens with UNAUTHENTICATED (HTTP 401)', async () => {
    const forged = await signToken('another-secret-that-is-long-enough-0123456789', { role: 'ADMIN', subject: null });
    expect(await rejection(bearer(forged))).toMatchObject({ code: 'UNAUTHENTICATED', status: 401, message: expect.stringContaining('not signed by this gateway') });

    const past = Math.floor(Date.now() / 1000) - 3600;
    const expiredPayload = base64url({ role: 'ADMIN', iss: 'vitrine', iat: past - 60, exp: past });
    const header = base64url({ alg: 'HS256', typ: 'JWT' });
    const signature = createHmac('sha256', SECRET).update(`${header}.${expiredPayload}`).digest('base64url');
    expect(await rejection(bearer(`${header}.${expiredPayload}.${signature}`))).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('expired') });

    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ role: 'ADMIN', iss: 'vitrine' })}.`;
    expect(await rejection(bearer(unsigned))).toMatchObject({ code: 'UNAUTHENTICATED' });

    expect(await rejection('Basic dXNlcjpwYXNz')).toMatchObject({ code: 'UNAUTHENTICATED', message: 'The Authorization header must be "Bearer <token>".' });
    expect(await rejection(bearer('not-a-token'))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('rejects a well-signed token without a known role, or a SHOPPER token without a subject', async () => {
    const sign = (payload: Record<string, unknown>) => {
      const head = base64url({ alg: 'HS256', typ: 'JWT' });
      const body = base64url({ iss: 'vitrine', ...payload });
      return `${head}.${body}.${createHmac('sha256', SECRET).update(`${head}.${body}`).digest('base64url')}`;
    };
    expect(await authenticator.authenticate(bearer(sign({ role: 'ADMIN' })))).toEqual({ role: 'ADMIN', subject: null });
    expect(await rejection(bearer(sign({ role: 'ROOT' })))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await rejection(bearer(sign({ role: 'SHOPPER' })))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await rejection(bearer(sign({ role: 'ADMIN', iss: 'someone-else' })))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  describe('a token verified before', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('is still refused once it has expired', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const token = await signToken(SECRET, { role: 'MERCHANDISER', subject: null }, { expiresIn: '1m' });
      expect(await authenticator.authenticate(bearer(token))).toEqual({ role: 'MERCHANDISER', subject: null });
      vi.setSystemTime(Date.now() + 61_000);
      expect(await rejection(bearer(token))).toMatchObject({ code: 'UNAUTHENTICATED', message: 'The token has expired; ask for a new one.' });
    });

    it('vouches for those exact bytes only: the same token with another payload is refused', async () => {
      const token = await signToken(SECRET, { role: 'SHOPPER', subject: 's-1' });
      expect(await authenticator.authenticate(bearer(token))).toEqual({ role: 'SHOPPER', subject: 's-1' });
      const [head, , signature] = token.split('.');
      const forged = `${head}.${base64url({ iss: 'vitrine', role: 'ADMIN' })}.${signature}`;
      expect(await rejection(bearer(forged))).toMatchObject({ code: 'UNAUTHENTICATED' });
    });
  });
});
