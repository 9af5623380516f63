import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import { createGateway, listen, type Gateway } from '../../src/gateway.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { adminRedis, testRedisPrefix, testRedisUrl } from '../support/redis.js';
import { createReplica } from '../support/taste-world.js';

type Server = Awaited<ReturnType<typeof listen>>;

const query = (server: Server, token?: string) =>
  fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: '{ products(first: 1) { totalCount } }' }),
  });

describe.skipIf(!testRedisUrl)(`a rate limit shared by two gateways through Redis (${testRedisUrl ?? 'none: set VITRINE_TEST_REDIS_URL'})`, () => {
  const prefix = testRedisPrefix();
  let one: TestGateway;
  let two: Awaited<ReturnType<typeof createReplica>>;
  let servers: Server[] = [];
  let admin: Redis;

  beforeAll(async () => {
    one = await createTestGateway({ env: { PORT: '0', VITRINE_RATE_LIMIT: '4', VITRINE_RATE_LIMIT_WINDOW_MS: '60000', VITRINE_REDIS_URL: testRedisUrl!, VITRINE_REDIS_PREFIX: prefix } });
    two = await createReplica(one);
    servers = [await listen(one.gateway), await listen(two.gateway)];
    admin = adminRedis(testRedisUrl!);
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await two?.close();
    await one?.close();
    if (admin) {
      const keys = await admin.keys(`${prefix}*`);
      if (keys.length) await admin.del(...keys);
      admin.disconnect();
    }
  });

  it('lets 4 requests of a token through across both gateways, then answers 429 RATE_LIMITED on either', async () => {
    const secret = one.gateway.config.auth.secret;
    const [token, otherToken] = await Promise.all([signToken(secret, { role: 'STOREFRONT', subject: 'shop-a' }), signToken(secret, { role: 'STOREFRONT', subject: 'shop-b' })]);
    const [first, second] = servers as [Server, Server];
    const statuses: number[] = [];
    for (const server of [first, second, first, second]) statuses.push((await query(server, token)).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    for (const server of [first, second]) {
      const limited = await query(server, token);
      expect(limited.status).toBe(429);
      expect(await limited.json()).toMatchObject({ errors: [{ message: expect.stringMatching(/limit is 4 per 60 s/), extensions: { code: 'RATE_LIMITED' } }] });
    }
    expect((await query(second, otherToken)).status).toBe(200);
    // Counters live under the deployment's prefix, keyed by the token's hash, never the token.
    const keys = await admin.keys(`${prefix}rl:*`);
    expect(keys).toHaveLength(2);
    expect(keys.every((key) => /^.*rl:token:[0-9a-f]{64}$/.test(key))).toBe(true);
  });

  it('is ready with Redis connected, and says so in /healthz and /metrics', async () => {
    const ready = await fetch(`${servers[1]!.url}/readyz`);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { redis: 'ok' } });
    expect(await (await fetch(`${servers[0]!.url}/healthz`)).json()).toMatchObject({ status: 'ok', changeBus: { transport: 'redis', connected: true, rateLimitStore: 'connected' } });
    expect(await (await fetch(`${servers[0]!.url}/metrics`)).text()).toMatch(/^vitrine_change_bus_connected\{transport="redis"\} 1$/m);
  });
});

describe('a gateway whose Redis does not answer', () => {
  let db: TestDatabase;
  let gateway: Gateway;
  let server: Server;
  const logged: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    // Nothing listens on port 1 of the loopback: connections are refused at once.
    const config = loadConfig({ VITRINE_DATA_DIR: '/nonexistent-test-data', PORT: '0', VITRINE_RATE_LIMIT: '4', VITRINE_REDIS_URL: 'redis://127.0.0.1:1', VITRINE_REDIS_PREFIX: testRedisPrefix() });
    gateway = await createGateway(config, db, { log: (message) => logged.push(message) });
    server = await listen(gateway);
  });
  afterAll(async () => {
    await server?.close();
    await gateway?.stop();
    await db?.close();
  });

  it('serves requests without the shared limit (fail open) and logs a warning, not a 500 each', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await query(server)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    // One warning for the burst: they are at most one per 30 s.
    expect(logged.filter((m) => m.includes('error from store'))).toHaveLength(1);
    expect(logged.find((m) => m.includes('error from store'))).toMatch(/^warn: express-rate-limit: error from store, allowing request without rate-limiting/);
  });

  it('is not ready (it would not hear the other gateways) and says why; /healthz reports the connections', async () => {
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'not-ready', checks: { database: 'ok', migrations: 'ok', catalog: 'ok', redis: 'change bus not connected to Redis; reconnecting' } });
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'degraded', changeBus: { transport: 'redis', connected: false, rateLimitStore: 'reconnecting' } });
    expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(/^vitrine_change_bus_connected\{transport="redis"\} 0$/m);
  });
});
