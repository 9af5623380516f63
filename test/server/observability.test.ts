import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import { createGateway, listen, type Gateway } from '../../src/gateway.js';
import { createLogger } from '../../src/logger.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { RECORD, sampleProducts, UPSERT } from '../support/gateway.js';

const METRICS_TOKEN = 'scrape-token-0123456789';

describe('observability: readiness, metrics and request logs', () => {
  let db: TestDatabase;
  let gateway: Gateway;
  let server: Awaited<ReturnType<typeof listen>>;
  let admin: string;
  const lines: string[] = [];
  const logs = () => lines.map((line) => JSON.parse(line) as Record<string, any>);

  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, ...headers }, body: JSON.stringify(body) });
    return { response, body: (await response.json()) as { data?: any; errors?: { extensions: { code: string } }[] } };
  };
  const metrics = async () => (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  /** The value of one sample line, e.g. `vitrine_errors_total{code="BAD_USER_INPUT"}`. */
  const sample = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig({ VITRINE_DATA_DIR: '/nonexistent-test-data', PORT: '0', LOG_LEVEL: 'info', VITRINE_METRICS_TOKEN: METRICS_TOKEN, VITRINE_RATE_LIMIT: '0' });
    gateway = await createGateway(config, db, { logger: createLogger('info', { write: (line: string) => void lines.push(line) }) });
    server = await listen(gateway);
    admin = await signToken(config.auth.secret, { role: 'ADMIN', subject: 'ops' });
    expect((await post({ query: UPSERT, variables: { products: sampleProducts } })).body.errors).toBeUndefined();
  });
  afterAll(async () => {
    await server.close();
    await gateway.stop();
    await db.close();
  });

  describe('/readyz', () => {
    it('is ready when the database answers, every migration is applied and the catalog is loaded', async () => {
      const response = await fetch(`${server.url}/readyz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok', catalog: 'ok' } });
    });

    it('is not ready while a migration this build ships is missing from the database', async () => {
      const [last] = await db.sql.query<{ id: string; migration_name: string }>('SELECT id, migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1');
      await db.sql.query('UPDATE _prisma_migrations SET rolled_back_at = now() WHERE id = $1', [last.id]);
      try {
        const response = await fetch(`${server.url}/readyz`);
        expect(response.status).toBe(503);
        expect(await response.json()).toEqual({ status: 'not-ready', checks: { database: 'ok', migrations: `1 pending: ${last.migration_name}`, catalog: 'ok' } });
      } finally {
        await db.sql.query('UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE id = $1', [last.id]);
      }
    });
  });

  describe('/metrics', () => {
    it('needs the configured scrape token', async () => {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer scrape-token-0123456780' } })).status).toBe(401);
      const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    });

    it('times operations by name, counts errors by code and events ingested', async () => {
      const before = await metrics();
      const count = (text: string, series: string) => sample(text, series) ?? 0;
      for (let i = 0; i < 3; i++) expect((await post({ query: 'query CatalogPage { products(first: 2) { nodes { id } } }', operationName: 'CatalogPage' })).body.errors).toBeUndefined();
      const events = [
        { eventId: 'obs-1', userId: 's-obs', productId: 'tote-1', type: 'CLICK' },
        { eventId: 'obs-2', userId: 's-obs', productId: 'scarf-1', type: 'VIEW' },
      ];
      expect((await post({ query: RECORD, variables: { events } })).body.errors).toBeUndefined();
      expect((await post({ query: RECORD, variables: { events } })).body.data.recordInteractions.duplicates).toBe(2);
      expect((await post({ query: RECORD, variables: { events: [{ userId: 's-obs', productId: 'nope', type: 'CLICK' }] } })).body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect((await post({ query: '{ products(first: 1) { nodes { nope } } }' })).body.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');

      const after = await metrics();
      const histogram = 'vitrine_graphql_request_duration_seconds_count{operation="CatalogPage",type="query"}';
      expect(count(after, histogram) - count(before, histogram)).toBe(3);
      expect(after).toMatch(/vitrine_graphql_request_duration_seconds_bucket\{le="0.005",operation="CatalogPage",type="query"\}/);
      expect(count(after, 'vitrine_graphql_request_duration_seconds_count{operation="Record",type="mutation"}')).toBeGreaterThanOrEqual(3);
      expect(count(after, 'vitrine_errors_total{code="BAD_USER_INPUT"}') - count(before, 'vitrine_errors_total{code="BAD_USER_INPUT"}')).toBe(1);
      expect(count(after, 'vitrine_errors_total{code="GRAPHQL_VALIDATION_FAILED"}') - count(before, 'vitrine_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBe(1);
      // The retry added nothing: only the two new events count.
      expect(count(after, 'vitrine_events_ingested_total') - count(before, 'vitrine_events_ingested_total')).toBe(2);
    });

    it('counts errors answered outside GraphQL too (malformed JSON, unauthenticated)', async () => {
      const before = await metrics();
      await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
      const after = await metrics();
      expect((sample(after, 'vitrine_errors_total{code="BAD_REQUEST"}') ?? 0) - (sample(before, 'vitrine_errors_total{code="BAD_REQUEST"}') ?? 0)).toBe(1);
    });

    it('reports the model state and backend, cache lookups and process metrics', async () => {
      await post({ query: 'query Home { homeRows(userId: "s-obs", rows: 2, itemsPerRow: 3) { rows { id } } }' });
      await post({ query: 'query Home { homeRows(userId: "s-obs", rows: 2, itemsPerRow: 3) { rows { id } } }' });
      const text = await metrics();
      expect(text).toMatch(/^vitrine_model_info\{state="none",version="none",backend="[a-z]+"\} 1$/m);
      expect(sample(text, 'vitrine_cache_lookups_total{cache="catalog",result="hit"}')).toBeGreaterThan(0);
      expect(sample(text, 'vitrine_cache_lookups_total{cache="shopper_state",result="miss"}')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'vitrine_cache_lookups_total{cache="shopper_state",result="hit"}')).toBeGreaterThanOrEqual(1);
      expect(text).toMatch(/^vitrine_cache_lookups_total\{cache="user_vectors",result="hit"\} \d+$/m);
      expect(text).toMatch(/^process_cpu_seconds_total \d/m);
      expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    });

    it('keeps client-chosen operation names from growing the label set without bound', async () => {
      for (let i = 0; i < 210; i++) await post({ query: `query Probe${i} { __typename }`, operationName: `Probe${i}` });
      const text = await metrics();
      const probes = new Set([...text.matchAll(/operation="(Probe\d+)"/g)].map((m) => m[1]));
      expect(probes.size).toBeLessThanOrEqual(200);
      expect(text).toContain('operation="(other)"');
    });
  });

  describe('request logs', () => {
    it('log every request with its id, echo a caller-given id and invent one otherwise', async () => {
      const given = await post({ query: '{ __typename }' }, { 'x-request-id': 'req-abc.123' });
      expect(given.response.headers.get('x-request-id')).toBe('req-abc.123');
      const invented = await post({ query: '{ __typename }' }, { 'x-request-id': 'bad id with spaces\u00e9' });
      const id = invented.response.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const entries = logs().filter((l) => l.req);
      expect(entries.find((l) => l.req.id === 'req-abc.123')).toMatchObject({ level: 30, service: 'vitrine', req: { method: 'POST', path: '/graphql' }, res: { statusCode: 200 }, responseTime: expect.any(Number) });
      expect(entries.some((l) => l.req.id === id)).toBe(true);
    });

    it('never log tokens, headers, bodies, query strings or personal data', async () => {
      lines.length = 0;
      const secretShopper = 'shopper-jane.doe@example.com';
      await post({ query: RECORD, variables: { events: [{ userId: secretShopper, productId: 'tote-1', type: 'CLICK' }] } }, { cookie: 'session=cookie-secret' });
      await post({ query: `{ user(id: "${secretShopper}") { id } }` });
      await fetch(`${server.url}/graphql?query=${encodeURIComponent(`{ user(id: "${secretShopper}") { id } }`)}`, { headers: { authorization: 'Bearer forged.token.value', 'apollo-require-preflight': '1' } });
      await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      const text = lines.join('');
      expect(lines.length).toBeGreaterThanOrEqual(4);
      for (const secret of [admin, METRICS_TOKEN, 'forged.token.value', 'cookie-secret', secretShopper, 'jane', 'authorization', 'Bearer']) {
        expect(text, secret).not.toContain(secret);
      }
    });

    it('redact secrets that code passes to the logger as details', () => {
      const captured: string[] = [];
      const logger = createLogger('info', { write: (line: string) => void captured.push(line) });
      logger.info({ authorization: 'Bearer abc', request: { token: 'tok-1', headers: { cookie: 'c=1' } }, user: { email: 'a@b.c' } }, 'details');
      expect(captured.join('')).not.toMatch(/abc|tok-1|c=1|a@b\.c/);
      expect(JSON.parse(captured[0])).toMatchObject({ authorization: '[redacted]', request: { token: '[redacted]', headers: { cookie: '[redacted]' } }, user: { email: '[redacted]' } });
    });
  });
});
