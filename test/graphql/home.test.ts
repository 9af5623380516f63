import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentProgress } from '../../src/cli/progress.js';
import { runTrainingJob } from '../../src/relevance/train-job.js';
import { seedDemo } from '../../src/seed/run.js';
import { createTestGateway, RECORD, type TestGateway } from '../support/gateway.js';

const HOME = `query Home($userId: ID, $context: ContextInput, $rows: Int, $itemsPerRow: Int, $rankingConfig: String) {
  homeRows(userId: $userId, context: $context, rows: $rows, itemsPerRow: $itemsPerRow, rankingConfig: $rankingConfig) {
    pageId personalized rankingConfig { name version }
    rows {
      id kind title reason
      pageInfo { hasNextPage endCursor }
      items { position score reason reasonCode serendipitous impressionId breakdown { relevance popularity freshness context rules } product { id stockStatus brand { id } } }
    }
  }
}`;

const ROW = `query Row($id: ID!, $userId: ID, $context: ContextInput, $first: Int, $after: String) {
  row(id: $id, userId: $userId, context: $context, first: $first, after: $after) {
    id pageInfo { hasNextPage endCursor } items { position product { id } }
  }
}`;

const SAVE_RULE = `mutation Save($input: MerchandisingRuleInput!) { saveMerchandisingRule(input: $input) { id name rule active } }`;

interface Item {
  position: number;
  score: number;
  reason: string;
  reasonCode: string;
  serendipitous: boolean;
  impressionId: string;
  breakdown: Record<string, number>;
  product: { id: string; stockStatus: string; brand: { id: string } };
}
interface Row {
  id: string;
  kind: string;
  title: string;
  reason: string;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  items: Item[];
}
interface Page {
  pageId: string;
  personalized: boolean;
  rankingConfig: { name: string; version: number };
  rows: Row[];
}

const evening = { device: 'MOBILE', occasion: 'EVENING', region: 'Milan', localTime: '20:30' };
const morning = { device: 'DESKTOP', occasion: 'WORK', region: 'Milan', localTime: '08:15' };

describe('homeRows', () => {
  let t: TestGateway;
  let artifactsRoot: string;
  const home = async (variables: Record<string, unknown>): Promise<Page> => (await t.ok<{ homeRows: Page }>(HOME, variables)).homeRows;
  const visibleIds = (page: Page) => page.rows.flatMap((r) => r.items.map((i) => i.product.id));

  beforeAll(async () => {
    artifactsRoot = await mkdtemp(path.join(os.tmpdir(), 'vitrine-home-'));
    t = await createTestGateway();
    await seedDemo(t.db.prisma, { seed: 7, now: new Date(), scale: { products: 400, shoppers: 80, interactions: 8_000 }, imagesDir: null, progress: silentProgress });
    await t.gateway.home.init();
  });
  afterAll(async () => {
    await t.close();
    await rm(artifactsRoot, { recursive: true, force: true });
  });

  describe('without a trained model', () => {
    it('gives a known shopper a full non-personalised page, never an error', async () => {
      const page = await home({ userId: 's-00001', context: evening, rows: 6, itemsPerRow: 8 });
      expect(page.personalized).toBe(false);
      expect(page.rows).toHaveLength(6);
      expect(page.rows.map((r) => r.kind)).not.toContain('TOP_PICKS');
      for (const row of page.rows) expect(row.items.length).toBeGreaterThanOrEqual(4);
    });
  });

  describe('with a trained model', () => {
    beforeAll(async () => {
      await runTrainingJob(t.gateway.repos, t.gateway.relevance, {
        artifactsRoot,
        activate: true,
        train: { epochs: 3, batchSize: 256, seed: 3 },
        progress: silentProgress,
      });
    });

    it('personalises the page with explained, scored, unique items', async () => {
      const page = await home({ userId: 's-00002', context: evening, rows: 6, itemsPerRow: 10 });
      expect(page.personalized).toBe(true);
      expect(page.rankingConfig).toEqual({ name: 'default', version: 0 });
      expect(page.rows).toHaveLength(6);
      expect(page.rows[0].kind).toBe('TOP_PICKS');
      const ids = visibleIds(page);
      expect(new Set(ids).size).toBe(ids.length);
      const impressions = page.rows.flatMap((r) => r.items.map((i) => i.impressionId));
      expect(new Set(impressions).size).toBe(impressions.length);
      for (const row of page.rows) {
        expect(row.items.map((i) => i.position)).toEqual(row.items.map((_, i) => i + 1));
        for (const item of row.items) {
          expect(item.reason.length).toBeGreaterThan(5);
          for (const part of ['relevance', 'popularity', 'freshness', 'context']) {
            expect(item.breakdown[part]).toBeGreaterThanOrEqual(0);
            expect(item.breakdown[part]).toBeLessThanOrEqual(1);
          }
        }
      }
    });

    it('names the product a "because you viewed" row comes from, from the shopper\'s own history', async () => {
      const page = await home({ userId: 's-00003', context: evening, rows: 6, itemsPerRow: 6 });
      const row = page.rows.find((r) => r.kind === 'BECAUSE_YOU_VIEWED');
      expect(row).toBeDefined();
      const anchorId = row!.id.split(':')[1];
      const history = await t.db.prisma.interaction.findMany({ where: { userId: 's-00003', productId: anchorId } });
      expect(history.length).toBeGreaterThan(0);
      const anchor = await t.db.prisma.product.findUniqueOrThrow({ where: { id: anchorId } });
      expect(row!.title.toLowerCase()).toContain(anchor.title.replace(/^The /, '').toLowerCase());
      expect(row!.items.map((i) => i.product.id)).not.toContain(anchorId);
    });

    it('follows the context: the evening-in-Milan collection appears in the evening only', async () => {
      const night = await home({ userId: 's-00004', context: evening, rows: 8, itemsPerRow: 6 });
      const day = await home({ userId: 's-00004', context: morning, rows: 8, itemsPerRow: 6 });
      expect(night.rows.map((r) => r.id)).toContain('collection:evening-in-milan');
      expect(day.rows.map((r) => r.id)).not.toContain('collection:evening-in-milan');
    });

    it('pages deeper into a row with the same ranking, without gaps or overlaps', async () => {
      const page = await home({ userId: 's-00005', context: evening, rows: 6, itemsPerRow: 20 });
      const top = page.rows[0];
      const first = (await t.ok(ROW, { id: top.id, userId: 's-00005', context: evening, first: 20 })).row;
      expect(first.items.map((i: Item) => i.product.id)).toEqual(top.items.map((i) => i.product.id));
      expect(first.pageInfo.endCursor).toBe(top.pageInfo.endCursor);
      const next = (await t.ok(ROW, { id: top.id, userId: 's-00005', context: evening, first: 20, after: top.pageInfo.endCursor })).row;
      expect(next.items.length).toBeGreaterThan(0);
      expect(next.items[0].position).toBe(21);
      const seen = new Set(top.items.map((i) => i.product.id));
      for (const item of next.items) expect(seen.has(item.product.id)).toBe(false);
      expect((await t.ok(ROW, { id: 'no-such-row', userId: 's-00005', context: evening })).row).toBeNull();
    });

    it("reuses a shopper's vector in the same context and recomputes it after new events", async () => {
      const now = new Date();
      const { id } = await t.db.prisma.user.findFirstOrThrow({ where: { consentPersonalization: true, id: { gte: 's-00010' } }, orderBy: { id: 'asc' } });
      const first = await t.gateway.home.profile(id, evening as never, now);
      expect(first.vector).not.toBeNull();
      const again = await t.gateway.home.profile(id, evening as never, now);
      expect(again.vector).toBe(first.vector);
      const elsewhere = await t.gateway.home.profile(id, morning as never, now);
      expect(elsewhere.vector).not.toBe(first.vector);
      const products = await t.db.prisma.product.findMany({ select: { id: true }, orderBy: { id: 'desc' }, take: 3 });
      await t.ok(RECORD, { events: products.map((p) => ({ userId: id, productId: p.id, type: 'WISHLIST' })) });
      const after = await t.gateway.home.profile(id, evening as never, now);
      expect(Array.from(after.vector!)).not.toEqual(Array.from(first.vector!));
    });

    it('drops a dismissed product from the very next page', async () => {
      const before = await home({ userId: 's-00006', context: evening, rows: 6, itemsPerRow: 10 });
      const victim = before.rows[0].items[0].product.id;
      await t.ok(RECORD, { events: [{ userId: 's-00006', productId: victim, type: 'DISMISS' }] });
      const after = await home({ userId: 's-00006', context: evening, rows: 6, itemsPerRow: 10 });
      expect(visibleIds(after)).not.toContain(victim);
    });

    it('applies a merchandising rule from the next request on, and stops when it is deleted', async () => {
      const before = await home({ userId: 's-00007', context: evening, rows: 6, itemsPerRow: 10 });
      const shown = new Set(visibleIds(before));
      const pinned = (await t.db.prisma.product.findMany({ select: { id: true }, orderBy: { id: 'desc' }, take: 50 })).map((p) => p.id).find((id) => !shown.has(id))!;
      const saved = await t.ok(SAVE_RULE, { input: { name: 'Hero of the week', rule: { type: 'PIN', productId: pinned, position: 2, scope: { rowKinds: ['TOP_PICKS'] } } } });
      const withPin = await home({ userId: 's-00007', context: evening, rows: 6, itemsPerRow: 10 });
      expect(withPin.rows[0].items[1]).toMatchObject({ product: { id: pinned }, reasonCode: 'PINNED', reason: 'Our pick' });

      const excludedBrand = withPin.rows[1].items[0].product.brand.id;
      await t.ok(SAVE_RULE, { input: { name: 'Pause a brand', rule: { type: 'EXCLUDE', select: { brandIds: [excludedBrand] } } } });
      const withoutBrand = await home({ userId: 's-00007', context: evening, rows: 6, itemsPerRow: 10 });
      expect(withoutBrand.rows.flatMap((r) => r.items.map((i) => i.product.brand.id))).not.toContain(excludedBrand);

      expect((await t.ok(`mutation { deleteMerchandisingRule(id: "${saved.saveMerchandisingRule.id}") }`)).deleteMerchandisingRule).toBe(true);
      const unpinned = await home({ userId: 's-00007', context: evening, rows: 6, itemsPerRow: 10 });
      expect(unpinned.rows[0].items.map((i) => i.product.id)).not.toContain(pinned);
    });

    it('ranks with a named configuration saved by a merchandiser', async () => {
      const saved = await t.ok(`mutation { saveRankingConfig(name: "popular-first", config: { weights: { relevance: 0, popularity: 1, freshness: 0, context: 0 } }, note: "test") { name version config } }`);
      expect(saved.saveRankingConfig).toMatchObject({ name: 'popular-first', version: 1, config: { weights: { popularity: 1, relevance: 0 }, outOfStock: 'demote' } });
      const page = await home({ userId: 's-00008', context: evening, rows: 3, itemsPerRow: 10, rankingConfig: 'popular-first' });
      expect(page.rankingConfig).toEqual({ name: 'popular-first', version: 1 });
      // The default configuration demotes out-of-stock items (× 0.3) before rules add their part.
      const stockFactor = (item: Item) => (['OUT_OF_STOCK', 'DISCONTINUED'].includes(item.product.stockStatus) ? 0.3 : 1);
      for (const item of page.rows[0].items.filter((i) => i.reasonCode !== 'PINNED' && !i.serendipitous)) {
        expect(item.score).toBeCloseTo(item.breakdown.popularity * stockFactor(item) + item.breakdown.rules, 5);
      }
      const again = await t.ok(`mutation { saveRankingConfig(name: "popular-first", config: { serendipityShare: 0 }) { version } }`);
      expect(again.saveRankingConfig.version).toBe(2);
    });

    it('gives a shopper who opted out of personalization a non-personalised page', async () => {
      await t.db.prisma.user.update({ where: { id: 's-00009' }, data: { consentPersonalization: false } });
      t.gateway.home.shoppers.forget('s-00009');
      const page = await home({ userId: 's-00009', context: evening, rows: 6, itemsPerRow: 6 });
      expect(page.personalized).toBe(false);
      expect(page.rows.map((r) => r.kind)).not.toContain('BECAUSE_YOU_VIEWED');
    });

    it('gives an anonymous visitor a full page', async () => {
      const page = await home({ context: evening, rows: 6, itemsPerRow: 12 });
      expect(page.personalized).toBe(false);
      expect(page.rows).toHaveLength(6);
      const ids = visibleIds(page);
      expect(new Set(ids).size).toBe(ids.length);
    });
  });

  describe('rejects bad input with a coded, readable error', () => {
    it.each([
      [{ rows: 0 }, 'rows: must be between 1 and 12, got 0'],
      [{ itemsPerRow: 51 }, 'itemsPerRow: must be between 1 and 50, got 51'],
      [{ context: { localTime: '7pm' } }, 'context.localTime: "7pm" is not a 24-hour "HH:MM" time'],
      [{ rankingConfig: 'nope' }, 'rankingConfig: no ranking configuration is named "nope"'],
    ])('%j', async (variables, message) => {
      const result = await t.run(HOME, variables);
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toContain(message);
    });

    it.each([
      [{ type: 'PIN', productId: 'p-00001', position: 0 }, 'rule.position: must be a whole number from 1 to 100, got 0'],
      [{ type: 'BOOST', select: {}, amount: 0.2 }, 'rule.select'],
      [{ type: 'TELEPORT' }, 'rule.type: must be one of PIN, EXCLUDE'],
      [{ type: 'PIN', productId: 'ghost', position: 1 }, 'rule.productId: unknown product "ghost"'],
    ])('an invalid rule %j', async (rule, message) => {
      const before = await t.db.prisma.merchandisingRule.count();
      const result = await t.run(SAVE_RULE, { input: { name: 'Bad', rule } });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toContain(message);
      expect(await t.db.prisma.merchandisingRule.count()).toBe(before);
    });

    it('an invalid ranking configuration', async () => {
      const result = await t.run(`mutation { saveRankingConfig(name: "Bad Name", config: { weights: { relevance: -1 }, rows: ["NOPE"] }) { version } }`);
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const fields = (result.errors?.[0].extensions?.problems as { field: string }[]).map((p) => p.field);
      expect(fields).toEqual(expect.arrayContaining(['name', 'config.weights.relevance', 'config.rows[0]']));
    });

    it('an invalid collection rule', async () => {
      const result = await t.run(`mutation { upsertCollection(input: { slug: "broken", title: "Broken", kind: RULE_BASED, rule: { when: { occasions: ["PICNIC"] }, match: {} } }) { id } }`);
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const fields = (result.errors?.[0].extensions?.problems as { field: string }[]).map((p) => p.field);
      expect(fields).toEqual(expect.arrayContaining(['rule.when.occasions[0]', 'rule.match']));
      expect(await t.db.prisma.collection.count({ where: { slug: 'broken' } })).toBe(0);
    });
  });
});
