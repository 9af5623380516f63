import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { createTestDatabase, testBackend, type TestDatabase } from '../support/database.js';
import { ADMIN, RECORD, sampleProducts, UPSERT } from '../support/gateway.js';
import { graphqlOver, startServe, startServeAfterCrash } from '../support/serve-process.js';

const BATCH = 50;
const WRITERS = 4;
/** Acknowledged batches to wait for before the kill. */
const ACKED_BEFORE_KILL = 40;

describe(`kill -9 of vitrine serve during recordInteractions (${testBackend})`, () => {
  let dataDir: string;
  let db: TestDatabase | undefined;
  let env: Record<string, string>;
  let token: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'vitrine-kill-'));
    if (testBackend === 'postgres') {
      db = await createTestDatabase();
      await db.sql.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    }
    env = { VITRINE_DATA_DIR: dataDir, VITRINE_AUTO_SEED: 'false', VITRINE_RATE_LIMIT: '0', VITRINE_MODEL_POLL_MS: '0', ...(db?.url ? { DATABASE_URL: db.url } : {}) };
    token = await signToken(loadConfig(env).auth.secret, ADMIN);
  });
  afterAll(async () => {
    await db?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged batch: after a restart each one is present, and resending it adds nothing', async () => {
    const first = await startServe(env);
    expect((await graphqlOver(first.url, token, UPSERT, { products: sampleProducts })).body.errors).toBeUndefined();

    const acknowledged: string[][] = [];
    let attempted = 0;
    let killed = false;
    const writer = async (w: number) => {
      for (let n = 0; !killed; n++) {
        const ids = Array.from({ length: BATCH }, (_, i) => `kill-${w}-${n}-${i}`);
        const events = ids.map((eventId, i) => ({ eventId, userId: `s-kill-${(w * 7 + i) % 23}`, productId: sampleProducts[i % sampleProducts.length].id, type: 'VIEW' }));
        attempted++;
        try {
          const { status, body } = await graphqlOver(first.url, token, RECORD, { events });
          if (status === 200 && !body.errors && body.data?.recordInteractions.accepted === BATCH) acknowledged.push(ids);
        } catch {
          return; // the connection died with the process: this batch is unacknowledged
        }
      }
    };
    const writing = Array.from({ length: WRITERS }, (_, w) => writer(w));
    while (acknowledged.length < ACKED_BEFORE_KILL) await new Promise((resolve) => setTimeout(resolve, 5));
    first.child.kill('SIGKILL');
    killed = true;
    expect(await first.exited).toBeNull();
    await Promise.all(writing);
    const acked = acknowledged.flat();
    expect(attempted).toBeGreaterThan(acknowledged.length);

    const second = await startServeAfterCrash(env);
    for (const ids of acknowledged) {
      const events = ids.map((eventId, i) => ({ eventId, userId: 's-retry', productId: sampleProducts[i % sampleProducts.length].id, type: 'VIEW' }));
      const { body } = await graphqlOver(second.url, token, RECORD, { events });
      expect(body.data?.recordInteractions, 'a resent acknowledged batch is all duplicates').toMatchObject({ accepted: BATCH, duplicates: BATCH });
    }
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const reopened = await openDatabase(db?.url ? { databaseUrl: db.url } : { dataDir });
    try {
      const [{ n }] = await reopened.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM interactions WHERE event_id = ANY($1::text[])', [acked]);
      expect(n).toBe(acked.length);
    } finally {
      await reopened.close();
    }
  }, 240_000);
});
