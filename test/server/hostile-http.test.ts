import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.js';
import { listen } from '../../src/gateway.js';
import { createTestGateway, sampleProducts, UPSERT, type TestGateway } from '../support/gateway.js';

type Body = { errors?: { message: string; extensions: Record<string, unknown> }[]; data?: unknown };

describe('hostile HTTP input', () => {
  let t: TestGateway;
  let server: Awaited<ReturnType<typeof listen>>;
  let admin: string;
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  beforeAll(async () => {
    t = await createTestGateway({ env: { PORT: '0', VITRINE_MAX_ALIASES: '5', VITRINE_MAX_BATCH: '3', VITRINE_RATE_LIMIT: '0' } });
    await t.ok(UPSERT, { products: sampleProducts });
    server = await listen(t.gateway);
    admin = await signToken(t.gateway.config.auth.secret, { role: 'ADMIN', subject: 'ops' });
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });

  it('rejects a document with more aliases than allowed, before running it', async () => {
    const fields = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: product(id: "tote-1") { id }`).join(' ');
    expect((await t.run(`{ ${fields(5)} }`)).errors).toBeUndefined();
    const response = await post({ query: `{ ${fields(6)} }` });
    expect(response.status).toBe(400);
    const body = (await response.json()) as Body;
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([{ message: expect.stringContaining('6 aliases; the limit is 5'), extensions: { code: 'TOO_MANY_ALIASES', aliases: 6, maxAliases: 5 } }]);
  });

  it('runs a batch of operations up to the limit and refuses a larger one with BATCH_TOO_LARGE', async () => {
    const op = { query: '{ product(id: "tote-1") { id } }' };
    const ok = await post([op, op, op]);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual(Array.from({ length: 3 }, () => ({ data: { product: { id: 'tote-1' } } })));

    const tooMany = await post([op, op, op, op]);
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toEqual({ errors: [{ message: expect.stringContaining('4 operations; the limit is 3'), extensions: { code: 'BATCH_TOO_LARGE', size: 4, maxBatch: 3 } }] });

    const empty = await post([]);
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as Body).errors?.[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('keeps a failed mutation in a batch from writing while the other operations answer', async () => {
    const before = await t.db.prisma.product.count();
    const response = await post([
      { query: UPSERT, variables: { products: [{ ...sampleProducts[0], id: 'new-1', price: -5 }] } },
      { query: '{ products(first: 1) { totalCount } }' },
    ]);
    const [rejected, read] = (await response.json()) as Body[];
    expect(rejected.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(read).toEqual({ data: { products: { totalCount: before } } });
    expect(await t.db.prisma.product.count()).toBe(before);
  });

  describe('CSRF prevention', () => {
    it('refuses a simple GET request (no preflight) that a foreign page could send', async () => {
      const response = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ products(first: 1) { totalCount } }')}`);
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/CSRF/);
    });

    it('refuses a form-encoded or text/plain POST, which browsers send cross-site without asking', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${admin}` }, body: JSON.stringify({ query: UPSERT, variables: { products: [{ ...sampleProducts[0], id: 'csrf-1' }] } }) });
        expect(response.status, type).toBe(400);
      }
      expect(await t.db.prisma.product.findUnique({ where: { id: 'csrf-1' } })).toBeNull();
    });

    it('accepts a GET query that carries a preflight-forcing header', async () => {
      const response = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ products(first: 1) { totalCount } }')}`, { headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${admin}` } });
      expect(response.status).toBe(200);
    });
  });
});

describe('rate limits per token', () => {
  let t: TestGateway;
  let server: Awaited<ReturnType<typeof listen>>;
  const query = (authorization?: string) =>
    fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization: `Bearer ${authorization}` } : {}) },
      body: JSON.stringify({ query: '{ products(first: 1) { totalCount } }' }),
    });

  beforeAll(async () => {
    t = await createTestGateway({ env: { PORT: '0', VITRINE_RATE_LIMIT: '4', VITRINE_RATE_LIMIT_WINDOW_MS: '60000' } });
    server = await listen(t.gateway);
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });

  it('gives each verified token its own budget and answers 429 RATE_LIMITED with Retry-After beyond it', async () => {
    const secret = t.gateway.config.auth.secret;
    const [first, second] = await Promise.all([
      signToken(secret, { role: 'STOREFRONT', subject: 'shop-a' }),
      signToken(secret, { role: 'STOREFRONT', subject: 'shop-b' }),
    ]);
    for (let i = 0; i < 4; i++) expect((await query(first)).status).toBe(200);
    const limited = await query(first);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await limited.json()).toEqual({
      errors: [{ message: expect.stringMatching(/limit is 4 per 60 s.*Retry after \d+ s/), extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter } }],
    });
    expect((await query(second)).status).toBe(200);
  });

  it('counts callers without a verified token by address, so made-up tokens earn no fresh budget', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await query()).status);
    for (let i = 0; i < 3; i++) statuses.push((await query(`made.up.token-${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 401, 429, 429]);
  });
});

describe('shutdown with a client that never finishes its request', () => {
  it('cuts connections still open after the drain timeout instead of waiting forever', async () => {
    const t = await createTestGateway({ env: { PORT: '0' } });
    const server = await listen(t.gateway);
    const { port } = new URL(server.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    // Headers started, never finished: the connection is busy, not idle.
    socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n');
    const ended = new Promise((resolve) => socket.once('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await server.close(300);
    await ended;
    expect(Date.now() - started).toBeLessThan(5_000);
    await t.close();
  });
});
