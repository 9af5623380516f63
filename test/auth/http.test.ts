import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_SECRET, signToken } from '../../src/auth/tokens.js';
import { listen } from '../../src/gateway.js';
import { createTestGateway, sampleProducts, UPSERT, type TestGateway } from '../support/gateway.js';

const SECRET = 'http-test-secret-long-enough-0123456789abcdef';
const STOREFRONT_KEY = 'storefront-key-abcdefghijklmnop';

describe('authentication over HTTP', () => {
  let t: TestGateway;
  let server: Awaited<ReturnType<typeof listen>>;
  const post = async (body: unknown, authorization?: string) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as { data?: any; errors?: { message: string; extensions: { code: string } }[] } };
  };
  const token = (role: 'SHOPPER' | 'STOREFRONT' | 'MERCHANDISER' | 'ADMIN', subject: string | null = null, expiresIn?: string) =>
    signToken(SECRET, { role, subject }, { expiresIn });

  beforeAll(async () => {
    t = await createTestGateway({ env: { PORT: '0', VITRINE_AUTH_SECRET: SECRET, VITRINE_API_KEYS: `${STOREFRONT_KEY}=STOREFRONT:web-shop` } });
    await t.ok(UPSERT, { products: sampleProducts });
    server = await listen(t.gateway);
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it('serves the public catalog and the anonymous page without a token', async () => {
    const { status, body } = await post({ query: '{ products(first: 1) { totalCount } homeRows(rows: 1, itemsPerRow: 2) { personalized } }' });
    expect(status).toBe(200);
    expect(body).toEqual({ data: { products: { totalCount: 5 }, homeRows: { personalized: false } } });
  });

  it('asks for a token where one is needed, field by field, without failing the public fields', async () => {
    const { status, body } = await post({ query: '{ products(first: 1) { totalCount } user(id: "s-1") { id } }' });
    expect(status).toBe(200);
    expect(body.data).toEqual({ products: { totalCount: 5 }, user: null });
    expect(body.errors).toEqual([expect.objectContaining({ message: 'Query.user needs a token: send "Authorization: Bearer <token>".', extensions: { code: 'UNAUTHENTICATED' } })]);
  });

  it('answers a token that cannot be trusted with 401 UNAUTHENTICATED and runs nothing', async () => {
    const forged = await signToken(DEVELOPMENT_SECRET, { role: 'ADMIN', subject: null });
    const expired = await token('ADMIN', null, '-1s');
    const write = { query: UPSERT, variables: { products: [{ ...sampleProducts[0], id: 'sneaked-in' }] } };
    for (const authorization of [`Bearer ${forged}`, `Bearer ${expired}`, 'Bearer not-a-token', 'Basic YWRtaW46YWRtaW4=']) {
      const { status, headers, body } = await post(write, authorization);
      expect(status, authorization).toBe(401);
      expect(headers.get('www-authenticate')).toBe('Bearer');
      expect(body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(body.data).toBeUndefined();
    }
    expect((await post(write, `Bearer ${expired}`)).body.errors?.[0].message).toContain('expired');
    expect(await t.db.prisma.product.count({ where: { id: 'sneaked-in' } })).toBe(0);
  });

  it('lets each verified role do its work, and no more', async () => {
    const admin = `Bearer ${await token('ADMIN')}`;
    expect((await post({ query: '{ users(first: 1) { totalCount } }' }, admin)).body.errors).toBeUndefined();

    const events = { query: 'mutation ($events: [InteractionInput!]!) { recordInteractions(events: $events) { accepted } }', variables: { events: [{ userId: 's-http', productId: 'tote-1', type: 'CLICK' }] } };
    const storefront = `Bearer ${STOREFRONT_KEY}`;
    expect((await post(events, storefront)).body.data).toEqual({ recordInteractions: { accepted: 1 } });
    const denied = await post({ query: '{ users(first: 1) { totalCount } }' }, storefront);
    expect(denied.status).toBe(200);
    expect(denied.body.errors?.[0]).toMatchObject({ message: 'The STOREFRONT role may not use Query.users.', extensions: { code: 'FORBIDDEN' } });

    const shopper = `Bearer ${await token('SHOPPER', 's-http')}`;
    const own = await post({ query: '{ user(id: "s-http") { id recentInteractions(first: 5) { type } } }' }, shopper);
    expect(own.body.data).toEqual({ user: { id: 's-http', recentInteractions: [{ type: 'CLICK' }] } });
    const other = await post({ query: '{ user(id: "s-someone-else") { id } }' }, shopper);
    expect(other.body).toEqual({ data: { user: null }, errors: [expect.objectContaining({ extensions: { code: 'FORBIDDEN' } })] });
  });

  it('keeps the playground reachable without a token', async () => {
    const response = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
  });
});
