import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_REGIONAL_ITEMS } from '../../src/recommend/sources/trending.js';
import { createTestGateway, RECORD, type TestGateway } from '../support/gateway.js';
import { createReplica, HOME, loadTasteWorld, productId, productsOn, shopperId, within, type Page } from '../support/taste-world.js';

const SAVE_RULE = `mutation Save($input: MerchandisingRuleInput!) { saveMerchandisingRule(input: $input) { id } }`;
const TRAIN = `mutation { trainModel(activate: true, epochs: 4, batchSize: 64, seed: 5) { id state } }`;
const JOB = `{ trainingJob { id state activated versionId decision } }`;

/** Within a second on PostgreSQL (LISTEN/NOTIFY); the embedded database's in-process bus is faster still. */
const PROPAGATION_MS = 1_000;

describe('two gateways on one database', () => {
  let one: TestGateway;
  let two: Awaited<ReturnType<typeof createReplica>>;
  const pageOnTwo = async (variables: Record<string, unknown>) => (await two.ok<{ homeRows: Page }>(HOME, variables)).homeRows;

  beforeAll(async () => {
    one = await createTestGateway({ env: { VITRINE_MODEL_POLL_MS: '0' } });
    await loadTasteWorld(one);
    two = await createReplica(one);
  });
  afterAll(async () => {
    await two?.close();
    await one?.close();
  });

  it("moves the other gateway's popularity: a burst of purchases on one makes the product trend on the other", async () => {
    const hot = productId(5, 29);
    const before = await pageOnTwo({ userId: null });
    const trending = before.rows.find((r) => r.kind === 'TRENDING_IN_REGION');
    expect(trending?.items.length).toBeGreaterThan(0);
    expect(trending!.items[0]!.product.id).not.toBe(hot);
    const events = Array.from({ length: 40 }, (_, i) => ({ userId: `buyer-${i}`, productId: hot, type: 'PURCHASE' }));
    await one.ok(RECORD, { events });
    await within(PROPAGATION_MS, async () => (await pageOnTwo({ userId: null })).rows.find((r) => r.kind === 'TRENDING_IN_REGION')?.items[0]?.product.id === hot);
  });

  it("updates the other gateway's cached shopper state: a product dismissed on one leaves the page on the other", async () => {
    const userId = shopperId(2, 3);
    const shown = productsOn(await pageOnTwo({ userId }));
    const dismissed = shown[0]!;
    await one.ok(RECORD, { events: [{ userId, productId: dismissed, type: 'DISMISS' }] });
    await within(PROPAGATION_MS, async () => !productsOn(await pageOnTwo({ userId })).includes(dismissed));
  });

  it('applies a merchandising rule saved on one gateway on the other', async () => {
    const page = productsOn(await pageOnTwo({ userId: null }));
    const excluded = page[0]!;
    await one.ok(SAVE_RULE, { input: { name: 'Withdrawn', rule: { type: 'EXCLUDE', select: { productIds: [excluded] } } } });
    await within(PROPAGATION_MS, async () => !productsOn(await pageOnTwo({ userId: null })).includes(excluded));
  });

  it("counts an event without a region in its shopper's region: on the recording gateway, on the other and on one started afterwards", async () => {
    const userId = shopperId(3, 0);
    const product = productId(3, 7);
    await one.db.prisma.user.update({ where: { id: userId }, data: { region: 'Lisbon' } });
    const TRENDING = `query Home($context: ContextInput) { homeRows(context: $context, rows: 6, itemsPerRow: 8) { rows { kind items { product { id } reason } } } }`;
    type Trending = { homeRows: { rows: { kind: string; items: { product: { id: string }; reason: string }[] }[] } };
    /** The leading product of the trending row when it is Lisbon's own trend (its reason names the region), else null. */
    const trendingInLisbon = (data: Trending) => {
      const first = data.homeRows.rows.find((r) => r.kind === 'TRENDING_IN_REGION')?.items[0];
      return first?.reason.includes('Lisbon') ? first.product.id : null;
    };
    const lisbon = { context: { region: 'Lisbon' } };
    // Nothing happened in Lisbon yet: its trending row is the global one.
    expect(trendingInLisbon(await one.ok<Trending>(TRENDING, lisbon))).toBeNull();
    // Enough products seen in Lisbon for a regional trend (MIN_REGIONAL_ITEMS), one of them bought.
    const seen = Array.from({ length: MIN_REGIONAL_ITEMS }, (_, i) => ({ userId, productId: productId(0, i), type: 'VIEW' }));
    await one.ok(RECORD, { events: [...seen, ...Array.from({ length: 3 }, () => ({ userId, productId: product, type: 'PURCHASE' }))] });
    expect(trendingInLisbon(await one.ok<Trending>(TRENDING, lisbon))).toBe(product);
    await within(PROPAGATION_MS, async () => trendingInLisbon(await two.ok<Trending>(TRENDING, lisbon)) === product);
    const three = await createReplica(one);
    try {
      expect(trendingInLisbon(await three.ok<Trending>(TRENDING, lisbon))).toBe(product);
    } finally {
      await three.close();
    }
  });

  it('serves a model activated by one gateway on the other', async () => {
    expect(two.gateway.relevance.status().state).toBe('none');
    await one.ok(TRAIN);
    await one.gateway.training.idle();
    const { trainingJob } = await one.ok(JOB);
    expect(trainingJob).toMatchObject({ state: 'SUCCEEDED', activated: true });
    await within(PROPAGATION_MS, async () => {
      const status = two.gateway.relevance.status();
      return status.state === 'active' && status.versionId === trainingJob.versionId;
    });
    expect((await pageOnTwo({ userId: shopperId(1, 1) })).personalized).toBe(true);
  });
});
