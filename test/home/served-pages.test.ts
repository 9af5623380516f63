import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentProgress } from '../../src/cli/progress.js';
import { decodeImpression } from '../../src/realtime/impressions.js';
import { ServedPages, shopperStateKey, type RankedUnder } from '../../src/home/served-pages.js';
import { seedDemo } from '../../src/seed/run.js';
import { createTestGateway, RECORD, type TestGateway } from '../support/gateway.js';

const HOME = `query Home($userId: ID, $context: ContextInput) {
  homeRows(userId: $userId, context: $context, rows: 3, itemsPerRow: 6) {
    pageId rows { id pageInfo { endCursor } items { product { id } } }
  }
}`;
const ROW = `query Row($id: ID!, $userId: ID, $context: ContextInput, $first: Int, $after: String) {
  row(id: $id, userId: $userId, context: $context, first: $first, after: $after, rows: 3, itemsPerRow: 6) {
    items { position impressionId product { id } }
  }
}`;
const SAVE_RULE = `mutation Save($input: MerchandisingRuleInput!) { saveMerchandisingRule(input: $input) { id } }`;

interface Page {
  pageId: string;
  rows: { id: string; pageInfo: { endCursor: string }; items: { product: { id: string } }[] }[];
}
interface RowSlice {
  items: { position: number; impressionId: string; product: { id: string } }[];
}

const evening = { device: 'MOBILE', occasion: 'EVENING', region: 'Milan', localTime: '20:30' };
const USER = 's-00003';

describe('row() continues the page the shopper was served', () => {
  let t: TestGateway;
  const home = async (userId: string | null = USER) => (await t.ok<{ homeRows: Page }>(HOME, { userId, context: evening })).homeRows;
  const row = async (id: string, first: number, after: string | null, userId: string | null = USER) =>
    (await t.ok<{ row: RowSlice }>(ROW, { id, userId, context: evening, first, after })).row;
  const pageOf = (slice: RowSlice) => decodeImpression(slice.items[0]!.impressionId)!.pageId;
  const ids = (slice: RowSlice) => slice.items.map((item) => item.product.id);

  beforeAll(async () => {
    t = await createTestGateway();
    await seedDemo(t.db.prisma, { seed: 5, now: new Date(), scale: { products: 160, shoppers: 40, interactions: 1_500 }, imagesDir: null, progress: silentProgress });
    await t.gateway.home.init();
  });
  afterAll(() => t.close());

  it('ranks exactly as served although other shoppers moved popularity meanwhile, while a new page view ranks afresh', async () => {
    const served = await home();
    // A row ranked two pages deep (the small catalog leaves some rows shorter).
    const slices = await Promise.all(served.rows.map((r) => row(r.id, 12, null)));
    const at = slices.findIndex((slice) => slice.items.length === 12);
    expect(at).toBeGreaterThanOrEqual(0);
    const first = served.rows[at];
    const twoPages = slices[at]!;
    expect(slices.map(pageOf)).toEqual(served.rows.map(() => served.pageId));
    expect(ids(twoPages).slice(0, 6)).toEqual(first!.items.map((item) => item.product.id));

    // Everyone else buys the row's last product: popularity, and with it a fresh ranking, moves.
    const last = ids(twoPages)[11]!;
    const others = Array.from({ length: 30 }, (_, i) => `s-${String(10 + i).padStart(5, '0')}`);
    await t.ok(RECORD, { events: others.flatMap((userId) => [{ userId, productId: last, type: 'PURCHASE', context: { region: 'Milan' } }]) });

    const deeper = await row(first!.id, 6, first!.pageInfo.endCursor);
    expect(pageOf(deeper)).toBe(served.pageId);
    expect(deeper.items.map((item) => item.position)).toEqual([7, 8, 9, 10, 11, 12]);
    expect(ids(deeper)).toEqual(ids(twoPages).slice(6));

    const fresh = await home();
    expect(fresh.pageId).not.toBe(served.pageId);
    const freshRow = await row(first!.id, 12, null);
    expect(pageOf(freshRow)).toBe(fresh.pageId);
    expect(ids(freshRow)).not.toEqual(ids(twoPages));
  });

  it("ranks afresh after the shopper's own event: the page learns from each click", async () => {
    const served = await home();
    const [first] = served.rows;
    expect(pageOf(await row(first!.id, 3, null))).toBe(served.pageId);
    await t.ok(RECORD, { events: [{ userId: USER, productId: first!.items[2]!.product.id, type: 'CLICK' }] });
    expect(pageOf(await row(first!.id, 3, null))).not.toBe(served.pageId);
  });

  it('ranks afresh once a merchandising rule changes, and the rule shows in the row', async () => {
    const served = await home();
    const [first] = served.rows;
    const before = await row(first!.id, 12, null);
    expect(pageOf(before)).toBe(served.pageId);
    const excluded = ids(before)[8]!;
    await t.ok(SAVE_RULE, { input: { name: 'Hold back one product', rule: { type: 'EXCLUDE', select: { productIds: [excluded] } } } });
    const after = await row(first!.id, 12, null);
    expect(pageOf(after)).not.toBe(served.pageId);
    expect(ids(after)).not.toContain(excluded);
  });

  it('keeps pages apart per shopper and per request shape', async () => {
    const mine = await home();
    const theirs = await home('s-00004');
    expect(pageOf(await row(mine.rows[0]!.id, 3, null))).toBe(mine.pageId);
    expect(pageOf(await row(theirs.rows[0]!.id, 3, null, 's-00004'))).toBe(theirs.pageId);
    const otherContext = (await t.ok<{ row: RowSlice | null }>(ROW, { id: mine.rows[0]!.id, userId: USER, context: { ...evening, device: 'DESKTOP' }, first: 3, after: null })).row;
    if (otherContext) expect(pageOf(otherContext)).not.toBe(mine.pageId);
  });

  it('forgets an erased shopper', async () => {
    const served = await home();
    t.gateway.home.forgetShoppers([USER]);
    expect(pageOf(await row(served.rows[0]!.id, 3, null))).not.toBe(served.pageId);
  });
});

describe('ServedPages', () => {
  const under: RankedUnder = { shopperState: 'a', generation: 1, modelVersionId: 7, variant: null };
  const page = (items: number) => ({ rows: [{ items: Array.from({ length: items }, (_, i) => i) }] });

  it('gives a page back only under the same shopper state, generation, model and variant, within its age', () => {
    const pages = new ServedPages<ReturnType<typeof page>>({ ttlMs: 60_000 });
    const served = page(10);
    pages.remember('s-1', 'req', served, under, 1_000);
    expect(pages.recall('s-1', 'req', under, 2_000, 60_000)).toBe(served);
    expect(pages.recall('s-1', 'other', under, 2_000, 60_000)).toBeNull();
    expect(pages.recall('s-2', 'req', under, 2_000, 60_000)).toBeNull();
    for (const changed of [{ shopperState: 'b' }, { generation: 2 }, { modelVersionId: 8 }, { modelVersionId: null }, { variant: 'x|b' }]) {
      expect(pages.recall('s-1', 'req', { ...under, ...changed }, 2_000, 60_000), JSON.stringify(changed)).toBeNull();
    }
    expect(pages.recall('s-1', 'req', under, 61_001, 60_000)).toBeNull();
    expect(pages.stats).toEqual({ hits: 1, misses: 8 });
    pages.forget('s-1');
    expect(pages.recall('s-1', 'req', under, 2_000, 60_000)).toBeNull();
  });

  it('keeps several request shapes per shopper, and stays within its byte cap by dropping the least recent shoppers', () => {
    const pages = new ServedPages<ReturnType<typeof page>>({ maxBytes: 200_000 });
    pages.remember('s-1', 'a', page(120), under, 0);
    pages.remember('s-1', 'b', page(120), under, 0);
    expect(pages.recall('s-1', 'a', under, 0)).not.toBeNull();
    expect(pages.recall('s-1', 'b', under, 0)).not.toBeNull();
    for (let i = 2; i <= 8; i++) pages.remember(`s-${i}`, 'a', page(120), under, 0);
    expect(pages.recall('s-1', 'a', under, 0)).toBeNull();
    expect(pages.recall('s-8', 'a', under, 0)).not.toBeNull();
  });

  it("fingerprints the shopper's record and every event of the history", () => {
    const shopper = { id: 's', region: null, favouriteBrands: [], favouriteCategories: [], sizes: [], priceBand: { min: null, max: null, currency: null }, consent: { personalization: true, purchaseHistory: true, aspirationalBrowsing: false }, createdAt: new Date(0), updatedAt: new Date(5) };
    const history = [
      { userId: 's', productId: 'p-2', type: 'CLICK' as const, occurredAt: new Date(20) },
      { userId: 's', productId: 'p-1', type: 'VIEW' as const, occurredAt: new Date(10) },
    ];
    const key = shopperStateKey(shopper, history);
    expect(shopperStateKey(shopper, history.map((event) => ({ ...event })))).toBe(key);
    expect(shopperStateKey(shopper, [history[0]!, { ...history[1]!, type: 'PURCHASE' }])).not.toBe(key);
    expect(shopperStateKey(shopper, history.slice(0, 1))).not.toBe(key);
    expect(shopperStateKey({ ...shopper, consent: { ...shopper.consent, aspirationalBrowsing: true } }, history)).not.toBe(key);
    expect(shopperStateKey({ ...shopper, updatedAt: new Date(6) }, history)).not.toBe(key);
    expect(shopperStateKey(null, history)).not.toBe(key);
  });
});
