import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import type { RelevanceStatus } from '../../src/relevance/relevance-service.js';
import { createTestDatabase, testBackend, type TestDatabase } from '../support/database.js';
import { ADMIN, RECORD, type TestGateway } from '../support/gateway.js';
import { testRedisPrefix, testRedisUrl } from '../support/redis.js';
import { graphqlOver, startServe, type ServeProcess } from '../support/serve-process.js';
import { HOME, loadTasteWorld, productId, productsOn, shopperId, within, type Page } from '../support/taste-world.js';

const SAVE_RULE = `mutation Save($input: MerchandisingRuleInput!) { saveMerchandisingRule(input: $input) { id } }`;
const TRAIN = `mutation { trainModel(activate: true, epochs: 4, batchSize: 64, seed: 5) { id state } }`;
const JOB = `{ trainingJob { id state activated versionId decision } }`;

/** The bound: a change made through one replica shows on the other within a second. */
const PROPAGATION_MS = 1_000;
/** Training runs in the process's worker; this only bounds the wait for it to finish. */
const TRAINING_MS = 120_000;

const trending = (page: Page) => page.rows.find((r) => r.kind === 'TRENDING_IN_REGION')?.items[0]?.product.id;

/** Pages compared between the processes: anonymous, and shoppers with and without a context. */
const VIEWS = [
  { userId: null },
  { userId: shopperId(2, 3), context: { device: 'MOBILE', occasion: 'EVENING', region: 'Milan', localTime: '20:30' } },
  { userId: shopperId(1, 1), context: { device: 'DESKTOP', region: 'Paris', localTime: '09:15' } },
];

/** The same checks over each change bus; the Redis one only where a Redis answers (see test/support/redis.ts). */
const BUSES = [
  { bus: 'postgres', env: (): Record<string, string> => ({}) },
  // A prefix of its own: other test runs on the same Redis publish on other channels.
  ...(testRedisUrl ? [{ bus: 'redis', env: (): Record<string, string> => ({ VITRINE_REDIS_URL: testRedisUrl!, VITRINE_REDIS_PREFIX: testRedisPrefix() }) }] : []),
];

// The embedded database belongs to one process (a lock on its folder): replicas need PostgreSQL.
describe.skipIf(testBackend !== 'postgres').each(BUSES)('two vitrine serve processes on one PostgreSQL database, changes over $bus (PostgreSQL only: PGlite is locked to one process)', ({ bus, env: busEnv }) => {
  let db: TestDatabase;
  let dataDir: string;
  let one: ServeProcess | undefined;
  let two: ServeProcess | undefined;
  let token: string;
  const delays: Record<string, number> = {};

  const ok = async <T = Record<string, any>>(server: ServeProcess, query: string, variables?: Record<string, unknown>): Promise<T> => {
    const { status, body } = await graphqlOver(server.url, token, query, variables);
    if (status !== 200 || body.errors?.length || !body.data) throw new Error(`HTTP ${status}: ${JSON.stringify(body.errors)}`);
    return body.data as T;
  };
  const pageOn = async (server: ServeProcess, variables: Record<string, unknown>) => (await ok<{ homeRows: Page }>(server, HOME, variables)).homeRows;
  const pageOnTwo = (variables: Record<string, unknown>) => pageOn(two!, variables);
  /** Consistent answers: both processes give the same page for each view (asked at the same moment). */
  const samePages = async () => {
    let differing: { view: (typeof VIEWS)[number]; pages: Page[] }[] = [];
    try {
      await within(PROPAGATION_MS, async () => {
        const pages = await Promise.all(VIEWS.map((view) => Promise.all([pageOn(one!, view), pageOn(two!, view)])));
        differing = VIEWS.map((view, i) => ({ view, pages: pages[i]! })).filter(({ pages: [first, second] }) => JSON.stringify(first) !== JSON.stringify(second));
        return differing.length === 0;
      });
    } catch (error) {
      throw new Error(`${(error as Error).message}; the pages that still differ (process 1, process 2): ${JSON.stringify(differing)}`);
    }
  };
  const healthOf = async (server: ServeProcess) => (await (await fetch(`${server.url}/healthz`)).json()) as { changeBus: { transport: string; connected: boolean } };
  const modelOn = async (server: ServeProcess) => ((await (await fetch(`${server.url}/healthz`)).json()) as { model: RelevanceStatus }).model;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'vitrine-replicas-'));
    // No model polling: whatever reaches the other process must come over the change bus.
    // One data folder: both processes are on this machine and read the same model artifacts.
    const env = { DATABASE_URL: db.url!, VITRINE_DATA_DIR: dataDir, VITRINE_AUTO_SEED: 'false', VITRINE_MODEL_POLL_MS: '0', VITRINE_RATE_LIMIT: '0', ...busEnv() };
    token = await signToken(loadConfig(env).auth.secret, ADMIN);
    one = await startServe(env);
    await loadTasteWorld({ ok: ((query, variables) => ok(one!, query, variables)) as TestGateway['ok'] });
    // Started after the catalog exists, as a replica joining a running deployment would be.
    two = await startServe(env);
  }, 300_000);
  afterAll(async () => {
    for (const server of [two, one]) {
      server?.child.kill('SIGTERM');
      await server?.exited;
    }
    await db?.close();
    await rm(dataDir, { recursive: true, force: true });
    console.log(`observed propagation between the processes over ${bus} (ms): ${JSON.stringify(delays)}`);
  });

  it(`both processes hear each other over ${bus} and answer alike to begin with`, async () => {
    for (const server of [one!, two!]) expect((await healthOf(server)).changeBus).toMatchObject({ transport: bus, connected: true });
    await samePages();
  });

  it('a burst of purchases on process 1 makes the product trend on process 2', async () => {
    const hot = productId(5, 29);
    expect(trending(await pageOnTwo({ userId: null }))).toBeDefined();
    expect(trending(await pageOnTwo({ userId: null }))).not.toBe(hot);
    const events = Array.from({ length: 40 }, (_, i) => ({ userId: `buyer-${i}`, productId: hot, type: 'PURCHASE' }));
    await ok(one!, RECORD, { events });
    delays.purchases = await within(PROPAGATION_MS, async () => trending(await pageOnTwo({ userId: null })) === hot);
    await samePages();
  });

  it("a product dismissed on process 1 leaves the shopper's page on process 2", async () => {
    const userId = shopperId(2, 3);
    const dismissed = productsOn(await pageOnTwo({ userId }))[0]!;
    await ok(one!, RECORD, { events: [{ userId, productId: dismissed, type: 'DISMISS' }] });
    delays.dismiss = await within(PROPAGATION_MS, async () => !productsOn(await pageOnTwo({ userId })).includes(dismissed));
    await samePages();
  });

  it('a merchandising rule saved on process 1 applies on process 2', async () => {
    const excluded = productsOn(await pageOnTwo({ userId: null }))[0]!;
    await ok(one!, SAVE_RULE, { input: { name: 'Withdrawn', rule: { type: 'EXCLUDE', select: { productIds: [excluded] } } } });
    delays.rule = await within(PROPAGATION_MS, async () => !productsOn(await pageOnTwo({ userId: null })).includes(excluded));
    await samePages();
  });

  it('a model activated by trainModel on process 1 serves on process 2 within a second of its activation', async () => {
    expect((await modelOn(two!)).state).toBe('none');
    expect((await pageOnTwo({ userId: shopperId(1, 1) })).personalized).toBe(false);
    await ok(one!, TRAIN);
    // Both processes' /healthz are watched together: the delay runs from the moment process 1 serves the version.
    let activeOnOne: number | undefined;
    let versionId: number | undefined;
    await within(TRAINING_MS, async () => {
      const [first, second] = await Promise.all([modelOn(one!), modelOn(two!)]);
      if (first.state === 'active' && activeOnOne === undefined) [activeOnOne, versionId] = [Date.now(), first.versionId];
      return activeOnOne !== undefined && second.state === 'active' && second.versionId === versionId;
    });
    delays.model = Date.now() - activeOnOne!;
    expect(delays.model).toBeLessThan(PROPAGATION_MS);
    const { trainingJob } = await ok(one!, JOB);
    expect(trainingJob).toMatchObject({ state: 'SUCCEEDED', activated: true, versionId });
    expect((await pageOnTwo({ userId: shopperId(1, 1) })).personalized).toBe(true);
    await samePages();
  }, TRAINING_MS + 30_000);
});
