import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { createTestDatabase, testBackend, type TestDatabase } from '../support/database.js';
import { ADMIN } from '../support/gateway.js';
import { startServe } from '../support/serve-process.js';

const HOME = `query ($userId: ID) { homeRows(userId: $userId, rows: 6, itemsPerRow: 20) { pageId rows { items { impressionId product { id } } } } }`;
const REQUESTS = 40;

describe(`graceful shutdown of vitrine serve (${testBackend})`, () => {
  let dataDir: string;
  let db: TestDatabase | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'vitrine-drain-'));
    if (testBackend === 'postgres') {
      db = await createTestDatabase();
      await db.sql.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    }
    env = { VITRINE_DATA_DIR: dataDir, VITRINE_DEMO_SCALE: '0.05', VITRINE_RATE_LIMIT: '0', ...(db?.url ? { DATABASE_URL: db.url } : {}) };
  });
  afterAll(async () => {
    await db?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('on SIGTERM finishes the home pages in flight, refuses new connections, writes their impressions and exits 0', async () => {
    const server = await startServe(env);
    const token = await signToken(loadConfig(env).auth.secret, ADMIN);
    let signalledAt = Infinity;
    const requests = Array.from({ length: REQUESTS }, async (_, i) => {
      try {
        const response = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': `drain-${i}` },
          body: JSON.stringify({ query: HOME, variables: { userId: `s-${String((i % 40) + 1).padStart(5, '0')}` } }),
        });
        const body = (await response.json()) as { data?: { homeRows: { pageId: string; rows: { items: unknown[] }[] } }; errors?: unknown };
        return { id: `drain-${i}`, status: response.status, body, at: Date.now() };
      } catch (error) {
        return { id: `drain-${i}`, refused: String((error as { cause?: { code?: string } }).cause?.code ?? error) };
      }
    });
    // Signal as soon as the first page is answered: the others are queued or being ranked.
    await Promise.race(requests);
    signalledAt = Date.now();
    server.child.kill('SIGTERM');
    const results = await Promise.all(requests);
    expect(await server.exited).toBe(0);

    const answered = results.filter((r): r is Extract<(typeof results)[number], { status: number }> => 'status' in r);
    const logged = server.stdout.filter((l) => l.includes('"req":')).map((l) => JSON.parse(l) as { req: { id: string }; res: { statusCode: number }; msg: string });
    // A connection still in the listen backlog when the listener closes is reset: the server never
    // saw that request (it is not in its log), so a client may retry it safely.
    const refused = results.filter((r): r is Extract<(typeof results)[number], { refused: string }> => 'refused' in r);
    for (const r of refused) {
      expect(['ECONNREFUSED', 'ECONNRESET']).toContain(r.refused);
      expect(logged.some((l) => l.req.id === r.id)).toBe(false);
    }
    expect(logged.map((l) => `${l.req.id} ${l.msg}`).sort()).toEqual(answered.map((r) => `${r.id} POST /graphql 200`).sort());
    expect(answered.every((r) => r.status === 200 && !r.body.errors && r.body.data)).toBe(true);
    expect(answered.filter((r) => r.at! > signalledAt).length, 'requests in flight at the signal were answered').toBeGreaterThan(0);
    expect(server.stdout.some((line) => line.includes('shutting down'))).toBe(true);

    const pages = answered.map((r) => r.body.data!.homeRows);
    const shown = pages.reduce((sum, page) => sum + page.rows.reduce((n, row) => n + row.items.length, 0), 0);
    const reopened = await openDatabase(db?.url ? { databaseUrl: db.url } : { dataDir });
    try {
      const [{ n }] = await reopened.sql.query<{ n: number }>('SELECT COALESCE(SUM(cardinality(product_ids)), 0)::int AS n FROM impressions WHERE page_id = ANY($1::text[])', [pages.map((p) => p.pageId)]);
      expect(n, 'every item shown has its impression stored').toBe(shown);
    } finally {
      await reopened.close();
    }
  }, 240_000);
});
