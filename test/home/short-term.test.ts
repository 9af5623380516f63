import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import { silentProgress } from '../../src/cli/progress.js';
import { consentFilter } from '../../src/privacy/consent.js';
import { DEFAULT_NEAR_DUPLICATES } from '../../src/recommend/near-duplicates.js';
import { runTrainingJob } from '../../src/relevance/train-job.js';
import { seedDemo } from '../../src/seed/run.js';
import { createTestGateway, RECORD, type TestGateway } from '../support/gateway.js';

const HOME = `query Home($userId: ID, $context: ContextInput) {
  homeRows(userId: $userId, context: $context, rows: 6, itemsPerRow: 20) {
    personalized rows { id kind items { product { id } } }
  }
}`;

interface Page {
  personalized: boolean;
  rows: { id: string; kind: string; items: { product: { id: string } }[] }[];
}

const STOREFRONT: Principal = { role: 'STOREFRONT', subject: 'test-storefront' };
const evening = { device: 'MOBILE', occasion: 'EVENING', region: 'Milan', localTime: '20:30' };

describe("a shopper's page adapts to this session's events", () => {
  let t: TestGateway;
  let artifactsRoot: string;
  const home = async (userId: string): Promise<Page> => (await t.ok<{ homeRows: Page }>(HOME, { userId, context: evening }, { as: STOREFRONT })).homeRows;
  const record = (events: Record<string, unknown>[]) => t.ok(RECORD, { events }, { as: STOREFRONT });
  const categoryOf = (id: string) => t.gateway.home.catalog.get(id)!.category;
  const topPicks = (page: Page) => page.rows.find((r) => r.kind === 'TOP_PICKS')!.items.map((i) => i.product.id);
  const visible = (page: Page) => page.rows.flatMap((r) => r.items.map((i) => i.product.id));
  const consentingShoppers = async () =>
    (await t.db.prisma.user.findMany({ where: { consentPersonalization: true, consentPurchaseHistory: true }, orderBy: { id: 'asc' }, select: { id: true } })).map((u) => u.id);

  beforeAll(async () => {
    artifactsRoot = await mkdtemp(path.join(os.tmpdir(), 'vitrine-session-'));
    t = await createTestGateway();
    await seedDemo(t.db.prisma, { seed: 7, now: new Date(), scale: { products: 400, shoppers: 80, interactions: 8_000 }, imagesDir: null, progress: silentProgress });
    await t.gateway.home.init();
    await runTrainingJob(t.gateway.repos, t.gateway.relevance, {
      artifactsRoot,
      activate: true,
      train: { epochs: 3, batchSize: 256, seed: 3 },
      progress: silentProgress,
    });
  });
  afterAll(async () => {
    await t.close();
    await rm(artifactsRoot, { recursive: true, force: true });
  });

  it('ranks a category the shopper never touched higher right after three clicks on it', async () => {
    let checked = 0;
    for (const userId of (await consentingShoppers()).slice(10)) {
      const history = await t.db.prisma.interaction.findMany({ where: { userId }, select: { productId: true } });
      const touched = new Set(history.map((e) => categoryOf(e.productId)));
      const before = await home(userId);
      expect(before.personalized).toBe(true);
      const shownBefore = topPicks(before).map(categoryOf);
      const items = t.gateway.home.catalog.newestFirst();
      // Without aspirational consent, browsing above the shopper's budget is not used (src/privacy/consent.ts):
      // the clicks are on items whose clicks personalisation may use.
      const state = await t.gateway.home.shoppers.get(userId);
      const usable = consentFilter(state.shopper, state.history, (id) => t.gateway.home.catalog.get(id)?.price);
      const clickable = (i: (typeof items)[number]) => i.stockStatus === 'IN_STOCK' && usable({ productId: i.id, type: 'CLICK', occurredAt: new Date() });
      const target = [...new Set(items.map((i) => i.category))].find(
        (c) => !touched.has(c) && !shownBefore.includes(c) && items.filter((i) => i.category === c && clickable(i)).length >= 3,
      );
      // A shopper who has touched or been offered every affordable category has nothing to show here.
      if (!target) continue;

      const clicked = items.filter((i) => i.category === target && clickable(i)).slice(0, 3);
      await record(clicked.map((p) => ({ userId, productId: p.id, type: 'CLICK' })));

      const shownAfter = topPicks(await home(userId)).map(categoryOf);
      // Absent before; now in the first half of top picks (diversity caps decide how many more follow).
      expect(shownAfter.filter((c) => c === target).length, `${userId}: ${target} in ${shownAfter.join(', ')}`).toBeGreaterThanOrEqual(1);
      expect(shownAfter.indexOf(target)).toBeLessThan(10);
      if (++checked === 3) break;
    }
    expect(checked, 'three shoppers with a category they never touched, were not offered and can afford').toBe(3);
  });

  it('takes a dismissed product and its near-duplicates off the very next page', async () => {
    const [userId] = (await consentingShoppers()).slice(20);
    const before = await home(userId);
    const shown = visible(before);
    const active = t.gateway.relevance.current!;
    const catalog = t.gateway.home.catalog;
    // Near-duplicates as documented: same category, and among the closest items in embedding
    // space above the threshold, or the same brand and colour.
    const nearDuplicates = async (id: string) => {
      const item = catalog.get(id)!;
      const close = (await active.items.nearest((await active.items.get(id))!, DEFAULT_NEAR_DUPLICATES.perItem, new Set([id])))
        .filter((n) => n.score >= DEFAULT_NEAR_DUPLICATES.threshold && catalog.get(n.id)?.category === item.category)
        .map((n) => n.id);
      const twins = catalog
        .newestFirst()
        .filter((o) => o.id !== id && o.category === item.category && o.brandId === item.brandId && o.colour.toLowerCase() === item.colour.toLowerCase())
        .slice(0, DEFAULT_NEAR_DUPLICATES.perItem)
        .map((o) => o.id);
      return new Set([...close, ...twins]);
    };
    // A victim with a near-duplicate on the page, so that the test shows both leaving.
    let victim: string | undefined;
    let duplicates = new Set<string>();
    for (const id of shown) {
      duplicates = await nearDuplicates(id);
      if (shown.some((other) => duplicates.has(other))) {
        victim = id;
        break;
      }
    }
    expect(victim).toBeDefined();

    await record([{ userId, productId: victim, type: 'DISMISS' }]);
    const after = visible(await home(userId));
    expect(after).not.toContain(victim);
    for (const id of duplicates) expect(after, `near-duplicate ${id} of ${victim}`).not.toContain(id);
  });
});
