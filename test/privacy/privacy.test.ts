import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import { PrivacyStore } from '../../src/db/privacy-store.js';
import { DAY_MS, type ShopperChange } from '../../src/privacy/privacy-service.js';
import { startRetentionJob } from '../../src/privacy/retention-job.js';
import { createTestGateway, RECORD, sampleProducts, UPSERT, type TestGateway } from '../support/gateway.js';

const ME = 's-private-1';
const OTHER = 's-keep';
const asMe: { as: Principal } = { as: { role: 'SHOPPER', subject: ME } };
const asMerchandiser: { as: Principal } = { as: { role: 'MERCHANDISER', subject: 'm' } };
const EXPERIMENT = '11111111-1111-4111-8111-111111111111';

const HOME = `query ($userId: ID) { homeRows(userId: $userId, rows: 2, itemsPerRow: 3) { personalized rows { items { product { id } } } } }`;
const EXPORT = `query ($userId: ID) {
  exportMyData(userId: $userId) {
    userId exportedAt
    profile { id region consent { personalization purchaseHistory aspirationalBrowsing } }
    interactions { eventId type product { id } }
    impressions { pageId rowId position productId experimentId variant }
    experimentExposures { experimentId variant pages }
    inMemory { cached recentEvents }
  }
}`;
const ERASE = `mutation ($id: ID) { eraseShopper(id: $id) { userId profileDeleted interactions impressions experimentExposures } }`;
const SET_CONSENT = `mutation ($userId: ID, $consent: ConsentInput!) { setConsent(userId: $userId, consent: $consent) { id consent { personalization purchaseHistory aspirationalBrowsing } } }`;

describe('privacy: consent, export, erasure, retention', () => {
  let t: TestGateway;
  const changes: [readonly string[], ShopperChange][] = [];

  const events = (userId: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({ eventId: `${userId}-e${i}`, userId, productId: sampleProducts[i % sampleProducts.length].id, type: i % 3 === 0 ? 'PURCHASE' : 'VIEW' }));

  /** `n` items shown to the shopper, stored as the recorder does: row slices, of two items here. */
  let pagesAdded = 0;
  async function addImpressions(userId: string, n: number, shownAt = 'now()') {
    const pageId = `added-${userId}-${++pagesAdded}`;
    for (let first = 0; first < n; first += 2) {
      const products = sampleProducts.slice(first % 4, (first % 4) + Math.min(2, n - first)).map((p) => p.id);
      await t.db.sql.query(
        `INSERT INTO impressions (page_id, user_id, row_id, row_kind, first_position, product_ids, arms, experiment_id, variant, shown_at)
         VALUES ($1, $2, 'popular', 'POPULAR', $3, $4::text[], $5::text[], $6, 'control', ${shownAt})`,
        [pageId, userId, first + 1, products, products.map(() => 'POPULAR'), EXPERIMENT],
      );
    }
  }
  const itemsHeldBy = async (userId: string) =>
    (await t.db.sql.query<{ n: number }>(`SELECT COALESCE(SUM(cardinality(product_ids)), 0)::int n FROM impressions WHERE user_id = $1`, [userId]))[0].n;

  beforeAll(async () => {
    t = await createTestGateway();
    t.gateway.privacy.onShoppersChanged((ids, change) => void changes.push([ids, change]));
    await t.ok(UPSERT, { products: sampleProducts });
    await t.ok(RECORD, { events: [...events(ME, 6), ...events(OTHER, 4)] });
    await t.db.sql.query(`INSERT INTO experiments (id, name, salt, status, updated_at) VALUES ($1, 'privacy-probe', 'salt', 'RUNNING', now())`, [EXPERIMENT]);
    for (const userId of [ME, OTHER]) {
      await t.db.sql.query(
        `INSERT INTO experiment_exposures (experiment_id, user_id, variant, first_exposed_at, last_exposed_at, pages) VALUES ($1, $2, 'control', now(), now(), 3)`,
        [EXPERIMENT, userId],
      );
      await addImpressions(userId, 3);
    }
  });
  afterAll(() => t?.close());

  it('setConsent: a shopper changes their own consent, and the next page and previews follow it at once', async () => {
    await t.ok(HOME, {}, asMe);
    expect(t.gateway.home.shoppers.peek(ME)).toBeDefined();
    expect((await t.gateway.home.profile(ME, null, new Date())).history.length).toBeGreaterThan(0);
    await t.ok(HOME, { userId: ME }, asMerchandiser);

    const { setConsent } = await t.ok(SET_CONSENT, { consent: { personalization: false } }, asMe);
    expect(setConsent).toEqual({ id: ME, consent: { personalization: false, purchaseHistory: true, aspirationalBrowsing: false } });
    expect(t.gateway.home.shoppers.peek(ME), 'cached state forgotten').toBeUndefined();
    expect(changes).toContainEqual([[ME], 'consent']);
    const profile = await t.gateway.home.profile(ME, null, new Date());
    expect(profile).toMatchObject({ personalized: false, history: [] });
    const preview = await t.run(HOME, { userId: ME }, asMerchandiser);
    expect(preview.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const nothing = await t.run(SET_CONSENT, { consent: {} }, asMe);
    expect(nothing.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('at least one of') });
    await t.ok(SET_CONSENT, { userId: ME, consent: { personalization: true, aspirationalBrowsing: true } });
    expect((await t.gateway.home.profile(ME, null, new Date())).history.length).toBeGreaterThan(0);
  });

  it('exportMyData returns everything held about the shopper, and nothing about anyone else', async () => {
    await t.ok(HOME, {}, asMe);
    const { exportMyData } = await t.ok(EXPORT, {}, asMe);
    expect(exportMyData.userId).toBe(ME);
    expect(exportMyData.profile).toEqual({ id: ME, region: null, consent: { personalization: true, purchaseHistory: true, aspirationalBrowsing: true } });
    expect(exportMyData.interactions.map((i: { eventId: string }) => i.eventId)).toEqual(events(ME, 6).map((e) => e.eventId));
    // One entry per item shown, whatever the slices it is stored in, with its own position.
    expect(exportMyData.impressions).toHaveLength(await itemsHeldBy(ME));
    expect(exportMyData.impressions.filter((i: { pageId: string }) => i.pageId.startsWith(`added-${ME}-`))).toEqual(
      [0, 1, 2].map((i) => ({ pageId: expect.stringMatching(`^added-${ME}-`), rowId: 'popular', position: i + 1, productId: sampleProducts[i].id, experimentId: EXPERIMENT, variant: 'control' })),
    );
    expect(exportMyData.experimentExposures).toEqual([{ experimentId: EXPERIMENT, variant: 'control', pages: 3 }]);
    expect(exportMyData.inMemory).toEqual({ cached: true, recentEvents: 6 });
    expect(JSON.stringify(exportMyData)).not.toContain(OTHER);

    const other = await t.ok(EXPORT, { userId: OTHER });
    expect(other.exportMyData.interactions).toHaveLength(4);
  });

  it('eraseShopper deletes every row naming the shopper, in every table, and what this process holds of them', async () => {
    await t.ok(HOME, {}, asMe);
    const otherBefore = await t.ok(EXPORT, { userId: OTHER });
    await t.gateway.feedback.flush();
    const held = await itemsHeldBy(ME);
    expect(held).toBeGreaterThan(3);
    const { eraseShopper } = await t.ok(ERASE, {}, asMe);
    // Impressions are counted in items shown.
    expect(eraseShopper).toEqual({ userId: ME, profileDeleted: true, interactions: 6, impressions: held, experimentExposures: 1 });

    // Anything still queued in memory is written now: it must not bring the shopper back.
    await t.gateway.feedback.flush();
    await t.gateway.experiments.flush();
    const columns = await t.db.sql.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'character')
         AND table_name <> '_prisma_migrations'`,
    );
    expect(columns.map((c) => `${c.table_name}.${c.column_name}`)).toEqual(expect.arrayContaining(['users.id', 'interactions.user_id', 'impressions.user_id', 'experiment_exposures.user_id']));
    for (const { table_name, column_name } of columns) {
      const [{ n }] = await t.db.sql.query<{ n: number }>(`SELECT count(*)::int n FROM "${table_name}" WHERE "${column_name}" = $1`, [ME]);
      expect(n, `${table_name}.${column_name} still names the erased shopper`).toBe(0);
    }
    expect(t.gateway.home.shoppers.peek(ME)).toBeUndefined();
    expect(changes).toContainEqual([[ME], 'erased']);
    expect(await t.ok(EXPORT, { userId: OTHER }), 'other shoppers keep their data').toEqual({ exportMyData: { ...otherBefore.exportMyData, exportedAt: expect.any(String), inMemory: expect.any(Object) } });

    // Erasing again is harmless: nothing is held any more.
    expect((await t.ok(ERASE, { id: ME })).eraseShopper).toEqual({ userId: ME, profileDeleted: false, interactions: 0, impressions: 0, experimentExposures: 0 });
    const after = (await t.ok(EXPORT, { userId: ME })).exportMyData;
    expect(after).toMatchObject({ profile: null, interactions: [], impressions: [], experimentExposures: [], inMemory: { cached: false } });
  });

  describe('retention', () => {
    const OLD = `now() - interval '40 days'`;
    const counts = async () =>
      (
        await t.db.sql.query<{ old: number; recent: number; kind: string }>(
          `SELECT 'interactions' kind, count(*) FILTER (WHERE occurred_at < now() - interval '30 days')::int old, count(*) FILTER (WHERE occurred_at >= now() - interval '30 days')::int recent FROM interactions
           UNION ALL SELECT 'impressions', COALESCE(SUM(cardinality(product_ids)) FILTER (WHERE shown_at < now() - interval '30 days'), 0)::int,
                                           COALESCE(SUM(cardinality(product_ids)) FILTER (WHERE shown_at >= now() - interval '30 days'), 0)::int FROM impressions`,
        )
      ).reduce((all, r) => ({ ...all, [r.kind]: { old: r.old, recent: r.recent } }), {} as Record<string, { old: number; recent: number }>);
    async function addOldEvents(n: number) {
      for (let i = 0; i < n; i++) {
        await t.db.sql.query(`INSERT INTO interactions (user_id, product_id, type, occurred_at) VALUES ($1, 'tote-2', 'VIEW', ${OLD})`, [OTHER]);
      }
      await addImpressions(OTHER, n, OLD);
    }

    it('deletes raw interactions and impressions older than the period, in batches, and nothing newer', async () => {
      await addOldEvents(5);
      const before = await counts();
      expect(before.interactions.old).toBe(5);
      expect(before.impressions.old).toBe(5);
      const batches: number[] = [];
      const deleted = await new PrivacyStore(t.db.prisma).deleteEventsBefore(new Date(Date.now() - 30 * DAY_MS), {
        batchSize: 2,
        onBatch: (n) => batches.push(n.interactions + n.impressions),
      });
      expect(deleted).toEqual({ interactions: 5, impressions: 5 });
      // Interactions 2 + 2 + 1; impressions in slices (2 + 2 + 1 items): two slices, then one.
      expect(batches).toHaveLength(5);
      expect(batches.slice(0, 3)).toEqual([2, 4, 5]);
      expect(batches.at(-1)).toBe(10);
      expect(await counts()).toEqual({ interactions: { old: 0, recent: before.interactions.recent }, impressions: { old: 0, recent: before.impressions.recent } });
    });

    it('runs as a periodic job in the serving process: at start, then at every tick', async () => {
      await addOldEvents(2);
      const job = startRetentionJob(t.gateway.privacy, 30, { intervalMs: 200 });
      try {
        expect(await job.run()).toBeDefined();
        expect((await counts()).interactions.old).toBe(0);
        await addOldEvents(3);
        const deadline = Date.now() + 10_000;
        while ((await counts()).interactions.old > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        expect(await counts()).toMatchObject({ interactions: { old: 0 }, impressions: { old: 0 } });
      } finally {
        await job.stop();
      }
    });
  });
});
