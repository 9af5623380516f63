import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { createGateway, listen, type Gateway } from '../../src/gateway.js';
import { testBackend } from '../support/database.js';
import { ADMIN, RECORD, sampleProducts, UPSERT } from '../support/gateway.js';
import { createOwnPostgres, type OwnPostgres } from '../support/own-postgres.js';
import { graphqlOver } from '../support/serve-process.js';

const WRITERS = 3;
const BATCHES_PER_WRITER = 40;
const BATCH = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(testBackend === 'postgres')('PostgreSQL restarted under load', () => {
  let postgres: OwnPostgres;
  let db: Database;
  let gateway: Gateway;
  let server: Awaited<ReturnType<typeof listen>>;
  let token: string;

  beforeAll(async () => {
    postgres = await createOwnPostgres();
    db = await openDatabase({ databaseUrl: postgres.url });
    const config = loadConfig({ VITRINE_DATA_DIR: '/nonexistent-test-data', DATABASE_URL: postgres.url, PORT: '0', LOG_LEVEL: 'silent', VITRINE_RATE_LIMIT: '0', VITRINE_MODEL_POLL_MS: '500' });
    gateway = await createGateway(config, db);
    server = await listen(gateway);
    token = await signToken(config.auth.secret, ADMIN);
    expect((await graphqlOver(server.url, token, UPSERT, { products: sampleProducts })).body.errors).toBeUndefined();
  });
  afterAll(async () => {
    await server?.close();
    await gateway?.stop();
    await db?.close();
    await postgres?.destroy();
  });

  it('reports not-ready while the database is down, recovers by itself, and loses no acknowledged event', async () => {
    const readiness: { at: number; status: number }[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const response = await fetch(`${server.url}/readyz`);
        readiness.push({ at: Date.now(), status: response.status });
        await response.arrayBuffer();
        await sleep(100);
      }
    })();

    const acknowledged: string[] = [];
    const codesWhileDown = new Set<string>();
    let attempts = 0;
    // A client that retries an unacknowledged batch with the same eventIds until it is acknowledged.
    const writer = async (w: number) => {
      for (let n = 0; n < BATCHES_PER_WRITER; n++) {
        const ids = Array.from({ length: BATCH }, (_, i) => `pg-${w}-${n}-${i}`);
        const events = ids.map((eventId, i) => ({ eventId, userId: `s-pg-${(w + i) % 11}`, productId: sampleProducts[i % sampleProducts.length].id, type: 'CLICK' }));
        for (;;) {
          attempts++;
          try {
            const { status, body } = await graphqlOver(server.url, token, RECORD, { events });
            if (status === 200 && !body.errors && body.data?.recordInteractions.accepted === BATCH) break;
            for (const error of body.errors ?? []) codesWhileDown.add(String(error.extensions?.code));
          } catch {
            codesWhileDown.add('(connection error)');
          }
          await sleep(100);
        }
        acknowledged.push(...ids);
        await sleep(20);
      }
    };
    const writing = Array.from({ length: WRITERS }, (_, w) => writer(w));

    while (acknowledged.length < 10 * BATCH) await sleep(10);
    const downAt = Date.now();
    await postgres.stop('immediate');
    while (!readiness.some((r) => r.at > downAt && r.status === 503)) await sleep(50);
    const readyzDown = await fetch(`${server.url}/readyz`);
    expect(readyzDown.status).toBe(503);
    expect(await readyzDown.json()).toMatchObject({ status: 'not-ready', checks: { database: expect.stringMatching(/^unreachable/) } });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(503);
    const ackedWhileDown = acknowledged.length;
    await sleep(1_500);
    expect(acknowledged.length, 'nothing is acknowledged while the database is down').toBe(ackedWhileDown);

    const upAt = Date.now();
    await postgres.start();
    while (!readiness.some((r) => r.at > upAt && r.status === 200)) {
      expect(Date.now() - upAt, 'ready again within 30 s').toBeLessThan(30_000);
      await sleep(50);
    }
    await Promise.all(writing);
    polling = false;
    await poller;

    expect(acknowledged).toHaveLength(WRITERS * BATCHES_PER_WRITER * BATCH);
    expect(attempts).toBeGreaterThan(WRITERS * BATCHES_PER_WRITER);
    // The driver's messages (hosts, ports) stay inside; callers get one code that says "retry".
    expect(codesWhileDown).toEqual(new Set(['SERVICE_UNAVAILABLE']));
    const [{ n, distinct }] = await db.sql.query<{ n: number; distinct: number }>(
      "SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct FROM interactions WHERE event_id LIKE 'pg-%'",
    );
    expect({ n, distinct }).toEqual({ n: acknowledged.length, distinct: acknowledged.length });
  }, 180_000);
});
