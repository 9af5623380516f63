import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentProgress } from '../../src/cli/progress.js';
import { createGateway } from '../../src/gateway.js';
import { sqlBanditStore } from '../../src/home/bandit-store.js';
import { loadConfig } from '../../src/config.js';
import { decodeImpression, encodeImpression } from '../../src/realtime/impressions.js';
import { examination } from '../../src/recommend/bandit/examination.js';
import type { RowKind } from '../../src/recommend/rank/ranking-config.js';
import { seedDemo } from '../../src/seed/run.js';
import { createTestGateway, RECORD, type TestGateway } from '../support/gateway.js';

const HOME = `query Home($userId: ID, $context: ContextInput, $rows: Int, $itemsPerRow: Int, $preview: Boolean) {
  homeRows(userId: $userId, context: $context, rows: $rows, itemsPerRow: $itemsPerRow, preview: $preview) {
    pageId
    rows { id kind pageInfo { endCursor } items { position reasonCode impressionId product { id } } }
  }
}`;
const ROW = `query Row($id: ID!, $userId: ID, $context: ContextInput, $first: Int, $after: String, $rows: Int, $itemsPerRow: Int) {
  row(id: $id, userId: $userId, context: $context, first: $first, after: $after, rows: $rows, itemsPerRow: $itemsPerRow) {
    id items { position impressionId product { id } }
  }
}`;
const SAVE_CONFIG = `mutation Save($config: JSONObject!) { saveRankingConfig(name: "default", config: $config) { version } }`;

interface Page {
  pageId: string;
  rows: { id: string; kind: string; pageInfo: { endCursor: string }; items: { position: number; reasonCode: string; impressionId: string; product: { id: string } }[] }[];
}

const evening = { device: 'MOBILE', occasion: 'EVENING', region: 'Milan', localTime: '20:30' };
const SEGMENT = 'MOBILE/evening';
const USER = 's-00001';

async function seeded(): Promise<TestGateway> {
  const t = await createTestGateway();
  await seedDemo(t.db.prisma, { seed: 5, now: new Date(), scale: { products: 160, shoppers: 20, interactions: 1_500 }, imagesDir: null, progress: silentProgress });
  await t.gateway.home.init();
  return t;
}

async function homePage(t: TestGateway, variables: Record<string, unknown> = {}): Promise<Page> {
  return (await t.ok<{ homeRows: Page }>(HOME, { userId: USER, context: evening, rows: 3, itemsPerRow: 6, ...variables })).homeRows;
}

/** A page's stored impressions, one per item. */
async function impressionsOf(t: TestGateway, pageId: string) {
  return t.db.sql.query<Record<string, unknown>>(
    `SELECT user_id, row_id, row_kind, first_position + s.ord::int - 1 AS position, s.product_id, arms[s.ord] AS arm, segment, experiment_id, variant
     FROM impressions CROSS JOIN LATERAL unnest(product_ids) WITH ORDINALITY AS s(product_id, ord)
     WHERE page_id = $1 ORDER BY row_id, position`,
    [pageId],
  );
}

describe('impressions and attribution', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await seeded();
  });
  afterAll(() => t.close());

  it('records every visible item of a page with its row, position, arm and segment, without a database write on the request', async () => {
    const page = await homePage(t);
    expect(page.rows).toHaveLength(3);
    // Queued in memory: the page did not wait for the write.
    expect(t.gateway.feedback).toBeDefined();
    await t.gateway.feedback.flush();
    const stored = await impressionsOf(t, page.pageId);
    const expected = page.rows
      .flatMap((row) => row.items.map((item) => ({ user_id: USER, row_id: row.id, row_kind: row.kind, position: item.position, product_id: item.product.id, arm: row.kind, segment: SEGMENT, experiment_id: null, variant: null })))
      .sort((a, b) => a.row_id.localeCompare(b.row_id) || a.position - b.position);
    expect(stored).toEqual(expected);
    // Each id says where it was shown, without a database read.
    const ref = decodeImpression(page.rows[1].items[2].impressionId)!;
    expect(ref).toMatchObject({ pageId: page.pageId, rowId: page.rows[1].id, position: 3, arm: page.rows[1].kind, segment: SEGMENT, experimentId: null, variant: null });
  });

  it('stores a page as one slice per row, holding the row\'s products in the order shown', async () => {
    const page = await homePage(t, { rows: 4, itemsPerRow: 7 });
    await t.gateway.feedback.flush();
    const slices = await t.db.sql.query<{ row_id: string; row_kind: string; first_position: number; product_ids: string[]; arms: string[] }>(
      `SELECT row_id, row_kind, first_position, product_ids, arms FROM impressions WHERE page_id = $1 ORDER BY row_id`,
      [page.pageId],
    );
    const expected = page.rows
      .map((row) => ({ row_id: row.id, row_kind: row.kind, first_position: 1, product_ids: row.items.map((item) => item.product.id), arms: row.items.map((item) => (item.reasonCode === 'EXPLORE' ? 'explore' : row.kind)) }))
      .sort((a, b) => a.row_id.localeCompare(b.row_id));
    expect(slices).toEqual(expected);
    expect(slices).toHaveLength(4);
    expect(slices.some((s) => s.product_ids.length === 7)).toBe(true);
  });

  it('records nothing for a merchandiser preview, yet ranks the same page a shopper gets', async () => {
    const served = await homePage(t);
    const preview = await homePage(t, { preview: true });
    await t.gateway.feedback.flush();
    expect(await impressionsOf(t, preview.pageId)).toEqual([]);
    expect((await impressionsOf(t, served.pageId)).length).toBe(served.rows.reduce((n, row) => n + row.items.length, 0));
    const ids = (page: Page) => page.rows.map((row) => [row.id, row.items.map((item) => item.product.id)]);
    expect(ids(preview)).toEqual(ids(served));
  });

  it('records the deeper items a row query shows, at their positions in the row, as part of the page they continue', async () => {
    const page = await homePage(t);
    const [row] = page.rows;
    const deeper = (
      await t.ok<{ row: { items: { position: number; impressionId: string; product: { id: string } }[] } }>(ROW, {
        id: row.id,
        userId: USER,
        context: evening,
        first: 3,
        after: row.pageInfo.endCursor,
        rows: 3,
        itemsPerRow: 6,
      })
    ).row;
    await t.gateway.feedback.flush();
    expect(deeper.items.map((i) => i.position)).toEqual([7, 8, 9]);
    expect(deeper.items.map((i) => decodeImpression(i.impressionId)!.pageId)).toEqual([page.pageId, page.pageId, page.pageId]);
    const stored = (await impressionsOf(t, page.pageId)).filter((r) => r.row_id === row.id && Number(r.position) > 6);
    expect(stored.map((r) => [r.row_id, r.position, r.product_id])).toEqual(deeper.items.map((i) => [row.id, i.position, i.product.id]));
  });

  it('attributes interactions that carry an impression id to page, row, position and arm', async () => {
    const page = await homePage(t);
    const row = page.rows[1];
    const item = row.items[2];
    await t.ok(RECORD, { events: [{ eventId: 'attr-1', userId: USER, productId: item.product.id, type: 'CLICK', impressionId: item.impressionId }, { eventId: 'attr-2', userId: USER, productId: item.product.id, type: 'VIEW' }] });
    const [clicked] = await t.db.sql.query(`SELECT impression_id, page_id, row_id, position, arm, experiment_id, variant FROM interactions WHERE event_id = 'attr-1'`);
    expect(clicked).toEqual({ impression_id: item.impressionId, page_id: page.pageId, row_id: row.id, position: 3, arm: row.kind, experiment_id: null, variant: null });
    const [unattributed] = await t.db.sql.query(`SELECT page_id, row_id, position, arm FROM interactions WHERE event_id = 'attr-2'`);
    expect(unattributed).toEqual({ page_id: null, row_id: null, position: null, arm: null });
  });

  it('rejects an impression id it did not issue, naming the event, and writes nothing', async () => {
    const before = await t.gateway.repos.interactions.countAll();
    const page = await homePage(t);
    const valid = page.rows[0].items[0];
    const forged = Buffer.from(JSON.stringify(['page', 'row', 1]), 'utf8').toString('base64url');
    const result = await t.run(RECORD, {
      events: [
        { userId: USER, productId: valid.product.id, type: 'CLICK', impressionId: valid.impressionId },
        { userId: USER, productId: valid.product.id, type: 'CLICK', impressionId: 'not-an-impression' },
        { userId: USER, productId: valid.product.id, type: 'CLICK', impressionId: forged },
      ],
    });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toMatch(/events\[1\]\.impressionId: is not an impression id given by homeRows or row/);
    const problems = result.errors?.[0].extensions?.problems as { index: number; field: string }[];
    expect(problems.map((p) => [p.index, p.field])).toEqual([
      [1, 'impressionId'],
      [2, 'impressionId'],
    ]);
    expect(await t.gateway.repos.interactions.countAll()).toBe(before);
  });

  it('orders rows by the segment\'s evidence once rowOrder is on, and keeps the configured order when it is off', async () => {
    const configured = (await homePage(t)).rows.map((row) => row.kind);
    expect(configured[0]).not.toBe('NEW_ARRIVALS_FOR_YOU');
    // Another replica's evidence: new arrivals are clicked half the time in this segment, other rows almost never.
    const arms = ['TOP_PICKS', 'BECAUSE_YOU_VIEWED', 'CONTEXTUAL_COLLECTION', 'TRENDING_IN_REGION', 'EDITORIAL_COLLECTION', 'POPULAR'];
    await sqlBanditStore(t.db.sql).addArms([
      { segment: SEGMENT, arm: 'NEW_ARRIVALS_FOR_YOU', successes: 500, failures: 500 },
      ...arms.map((arm) => ({ segment: SEGMENT, arm, successes: 0, failures: 1_000 })),
    ]);
    await t.gateway.feedback.sync();
    expect((await homePage(t)).rows.map((row) => row.kind)).toEqual(configured);

    await t.ok(SAVE_CONFIG, { config: { bandit: { rowOrder: true, explorationShare: 0 } } });
    const ordered = await homePage(t);
    expect(ordered.rows[0].kind).toBe('NEW_ARRIVALS_FOR_YOU');
    // Its impressions say which arm the row was.
    expect(decodeImpression(ordered.rows[0].items[0].impressionId)).toMatchObject({ arm: 'NEW_ARRIVALS_FOR_YOU', segment: SEGMENT });
    await t.ok(SAVE_CONFIG, { config: { bandit: { rowOrder: false, explorationShare: 0 } } });
  });

  it('encodes ids that survive the round trip and keep within the accepted length', () => {
    const ref = { pageId: crypto.randomUUID(), rowId: 'because-you-viewed:p-00042', position: 12, arm: 'BECAUSE_YOU_VIEWED', segment: 'TABLET/afternoon', experimentId: crypto.randomUUID(), variant: 'treatment', rowRank: 3 };
    expect(decodeImpression(encodeImpression(ref))).toEqual(ref);
    expect(encodeImpression(ref).length).toBeLessThan(1_024);
    // Ids made before the row's rank was recorded (version 1) still attribute, without a rank.
    const before = Buffer.from(JSON.stringify([1, ref.pageId, ref.rowId, 12, 'BECAUSE_YOU_VIEWED', 'TABLET/afternoon'])).toString('base64url');
    expect(decodeImpression(before)).toEqual({ ...ref, experimentId: null, variant: null, rowRank: null });
    for (const rowRank of [0, 1.5, 'first']) expect(decodeImpression(Buffer.from(JSON.stringify([2, 'p', 'r', 1, null, null, null, null, rowRank])).toString('base64url')), String(rowRank)).toBeNull();
  });
});

describe('a clean shutdown', () => {
  it('writes the impressions still queued before the gateway stops', async () => {
    const t = await seeded();
    try {
      const page = await homePage(t);
      const shown = page.rows.reduce((n, row) => n + row.items.length, 0);
      expect(t.gateway.feedback.stats().queued).toBe(shown);
      await t.gateway.stop();
      expect(await impressionsOf(t, page.pageId)).toHaveLength(shown);
      expect(t.gateway.feedback.stats()).toMatchObject({ queued: 0, dropped: 0 });
    } finally {
      await t.db.close();
    }
  });
});

describe('bandit state', () => {
  it('learns from shown rows and attributed clicks, persists, and is reloaded by a second gateway on the database', async () => {
    const t = await seeded();
    try {
      await t.ok(SAVE_CONFIG, { config: { bandit: { rowOrder: true, explorationShare: 0.2 } } });
      const page = await homePage(t);
      const explored = page.rows.flatMap((row) => row.items.filter((item) => item.reasonCode === 'EXPLORE'));
      expect(explored.length).toBeGreaterThan(0);
      const clickedRow = page.rows.find((row) => row.items.some((item) => item.reasonCode !== 'EXPLORE'))!;
      const clicked = clickedRow.items.find((item) => item.reasonCode !== 'EXPLORE')!;
      // A click and an add to bag on the same slot are one success of its row; a purchase of an explored item one of exploration.
      await t.ok(RECORD, {
        events: [
          { userId: USER, productId: clicked.product.id, type: 'CLICK', impressionId: clicked.impressionId },
          { userId: USER, productId: clicked.product.id, type: 'ADD_TO_CART', quantity: 1, impressionId: clicked.impressionId },
          { userId: USER, productId: explored[0].product.id, type: 'CLICK', impressionId: explored[0].impressionId },
          { userId: USER, productId: explored[0].product.id, type: 'SKIP', impressionId: explored[0].impressionId },
        ],
      });
      const feedback = t.gateway.feedback;
      // A row at rank r is examination(r) of a trial (position bias); exploration slots count as their row.
      const expected = new Map<string, { successes: number; failures: number }>();
      page.rows.forEach((row, i) => expected.set(row.kind, { successes: row === clickedRow ? 1 : 0, failures: row === clickedRow ? 0 : examination(i + 1) }));
      const rankOf = (item: (typeof explored)[number]) => page.rows.findIndex((row) => row.items.includes(item)) + 1;
      const exploreTrials = explored.reduce((sum, item) => sum + examination(rankOf(item)), 0);
      expected.set('explore', { successes: 1, failures: exploreTrials - examination(rankOf(explored[0])) });
      const close = (counts: { successes: number; failures: number }) => ({ successes: counts.successes, failures: Number(counts.failures.toFixed(9)) });
      for (const [arm, counts] of expected) expect(close(feedback.counts(SEGMENT, arm)), arm).toEqual(close(counts));

      await t.gateway.stop();
      const stored = await t.db.sql.query<{ arm: string; successes: number; failures: number }>(`SELECT arm, successes, failures FROM bandit_arms WHERE segment = $1`, [SEGMENT]);
      expect(new Map(stored.map((r) => [r.arm, close(r)]))).toEqual(new Map([...expected].map(([arm, counts]) => [arm, close(counts)])));

      const second = await createGateway(loadConfig({ VITRINE_DATA_DIR: '/nonexistent-test-data', LOG_LEVEL: 'silent' }), t.db);
      try {
        for (const [arm, counts] of expected) expect(close(second.feedback.counts(SEGMENT, arm)), arm).toEqual(close(counts));
        // Exposure counts come back from the impressions table.
        expect(second.feedback.exposure(clicked.product.id)).toEqual({ shown: 1, successes: 1 });
      } finally {
        await second.stop();
      }
    } finally {
      await t.db.close();
    }
  });

  it('is shared by replicas: each adds its evidence atomically and reads the others\'', async () => {
    const t = await seeded();
    const config = loadConfig({ VITRINE_DATA_DIR: '/nonexistent-test-data', LOG_LEVEL: 'silent' });
    const replica = await createGateway(config, t.db);
    try {
      const page = await homePage(t);
      const arm = page.rows[0].kind;
      const local = t.gateway.feedback.counts(SEGMENT, arm);
      expect(local).toEqual({ successes: 0, failures: 1 });
      // The other replica shows the same kind of row to someone else, who clicks it.
      const shown = { productId: page.rows[0].items[0].product.id, score: 1, breakdown: { relevance: 0, popularity: 0, freshness: 0, context: 0, rules: 0 }, reason: { code: 'POPULAR' as const }, serendipitous: false };
      const [impressionId] = replica.feedback.shown({ pageId: 'page-on-replica', userId: 's-00002', segment: SEGMENT, experiment: null }, { id: page.rows[0].id, kind: arm as RowKind, rank: 1 }, 0, [shown], { trial: true });
      replica.feedback.interactionsRecorded([{ userId: 's-00002', productId: shown.productId, type: 'CLICK', impressionId }]);
      // Both write at once; neither overwrites the other's evidence.
      await Promise.all([t.gateway.feedback.sync(), replica.feedback.sync()]);
      await Promise.all([t.gateway.feedback.sync(), replica.feedback.sync()]);
      const both = { successes: 1, failures: 1 };
      expect(t.gateway.feedback.counts(SEGMENT, arm)).toEqual(both);
      expect(replica.feedback.counts(SEGMENT, arm)).toEqual(both);
    } finally {
      await replica.stop();
      await t.close();
    }
  });
});
