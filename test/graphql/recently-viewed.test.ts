import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, RECORD, type TestGateway } from '../support/gateway.js';
import { loadTasteWorld, productId } from '../support/taste-world.js';

const HOME = `query Home($userId: ID) {
  homeRows(userId: $userId, rows: 3, itemsPerRow: 8, rankingConfig: "continue-shopping") {
    rows { kind title reason items { product { id } reason reasonCode } }
  }
}`;

interface Page {
  rows: { kind: string; title: string; reason: string; items: { product: { id: string }; reason: string; reasonCode: string }[] }[];
}

describe('the recently viewed row', () => {
  let t: TestGateway;
  const page = async (userId: string | null) => (await t.ok<{ homeRows: Page }>(HOME, { userId })).homeRows;
  const recentRow = async (userId: string | null) => (await page(userId)).rows.find((r) => r.kind === 'RECENTLY_VIEWED');
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

  beforeAll(async () => {
    t = await createTestGateway();
    await loadTasteWorld(t);
    // Recency alone orders the row: other parts would mix popularity and freshness in.
    await t.ok(`mutation { saveRankingConfig(name: "continue-shopping", config: {
      rows: ["RECENTLY_VIEWED", "TRENDING_IN_REGION", "POPULAR"], weights: { relevance: 1, popularity: 0, freshness: 0, context: 0 } }) { version } }`);
    // Its purchase sets a price band: browsing above it shows only with aspirational consent (src/privacy/consent.ts).
    await t.ok(`mutation { setConsent(userId: "rv-1", consent: { aspirationalBrowsing: true }) { id } }`);
    const viewed = [0, 1, 2, 3, 4, 5].map((taste) => productId(taste, taste + 1));
    await t.ok(RECORD, {
      events: [
        ...viewed.map((id, i) => ({ userId: 'rv-1', productId: id, type: i % 2 ? 'CLICK' : 'VIEW', occurredAt: minutesAgo(60 - i) })),
        { userId: 'rv-1', productId: viewed[1], type: 'PURCHASE', occurredAt: minutesAgo(30) },
        { userId: 'rv-1', productId: viewed[3], type: 'SKIP', occurredAt: minutesAgo(20) },
      ],
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows what the shopper looked at and has not bought or turned down since, newest first', async () => {
    const row = await recentRow('rv-1');
    expect(row).toMatchObject({ title: 'Recently viewed', reason: 'Pick up where you left off' });
    expect(row!.items.map((i) => i.product.id)).toEqual([productId(5, 6), productId(4, 5), productId(2, 3), productId(0, 1)]);
    expect(row!.items.every((i) => i.reasonCode === 'RECENTLY_VIEWED' && i.reason === 'You looked at this recently')).toBe(true);
  });

  it('moves a product to the front when it is looked at again', async () => {
    await t.ok(RECORD, { events: [{ userId: 'rv-1', productId: productId(0, 1), type: 'WISHLIST' }] });
    expect((await recentRow('rv-1'))!.items.map((i) => i.product.id)).toEqual([productId(0, 1), productId(5, 6), productId(4, 5), productId(2, 3)]);
  });

  it('is not offered to anonymous visitors or to shoppers who opted out of personalization', async () => {
    expect(await recentRow(null)).toBeUndefined();
    await t.ok(`mutation { setConsent(userId: "rv-1", consent: { personalization: false }) { id } }`);
    const optedOut = await page('rv-1');
    expect(optedOut.rows.map((r) => r.kind)).not.toContain('RECENTLY_VIEWED');
    expect(optedOut.rows.length).toBeGreaterThan(0);
  });
});
