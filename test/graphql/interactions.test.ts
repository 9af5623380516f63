import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, RECORD, sampleProducts, UPSERT, type TestGateway } from '../support/gateway.js';

const RECENT = `query Recent($id: ID!, $first: Int!) {
  user(id: $id) {
    id
    recentInteractions(first: $first) { type dwellMs occurredAt eventId context { device occasion localTime region } product { id brand { name } } user { id } }
  }
}`;

describe('recordInteractions', () => {
  let t: TestGateway;
  const counts = async () => ({ interactions: await t.db.prisma.interaction.count(), users: await t.db.prisma.user.count() });

  beforeAll(async () => {
    t = await createTestGateway();
    await t.ok(UPSERT, { products: sampleProducts });
  });
  afterAll(() => t.close());

  it('records a batch, creating unknown shoppers, and shows it newest first', async () => {
    const events = [
      { userId: 'anna', productId: 'tote-1', type: 'VIEW', occurredAt: '2026-01-01T10:00:00Z', context: { device: 'MOBILE', region: 'Milan', localTime: '11:00' } },
      { userId: 'anna', productId: 'tote-1', type: 'DWELL', dwellMs: 5400, occurredAt: '2026-01-01T10:01:00Z' },
      { userId: 'anna', productId: 'scarf-1', type: 'WISHLIST', occurredAt: '2026-01-01T10:02:00Z', context: { occasion: 'GIFT' } },
      { userId: 'bruno', productId: 'coat-1', type: 'PURCHASE', quantity: 1, unitPrice: 4900, occurredAt: '2026-01-02T09:00:00Z' },
    ];
    const { recordInteractions } = await t.ok(RECORD, { events });
    expect(recordInteractions).toEqual({ accepted: 4, duplicates: 0, createdShoppers: 2 });
    const { user } = await t.ok(RECENT, { id: 'anna', first: 2 });
    expect(user.recentInteractions.map((i: { type: string }) => i.type)).toEqual(['WISHLIST', 'DWELL']);
    expect(user.recentInteractions[0]).toMatchObject({ product: { id: 'scarf-1', brand: { name: 'Atelier Noor' } }, user: { id: 'anna' }, context: { occasion: 'GIFT' } });
    expect(user.recentInteractions[1].dwellMs).toBe(5400);
    const all = await t.ok(RECENT, { id: 'anna', first: 10 });
    expect(all.user.recentInteractions.at(-1).context).toEqual({ device: 'MOBILE', occasion: null, localTime: '11:00', region: 'Milan' });
  });

  it('stores an event id once, so storefront retries are safe', async () => {
    const before = await counts();
    const event = { eventId: 'evt-42', userId: 'anna', productId: 'tote-2', type: 'CLICK' };
    expect((await t.ok(RECORD, { events: [event] })).recordInteractions).toEqual({ accepted: 1, duplicates: 0, createdShoppers: 0 });
    expect((await t.ok(RECORD, { events: [event] })).recordInteractions).toEqual({ accepted: 1, duplicates: 1, createdShoppers: 0 });
    expect((await counts()).interactions).toBe(before.interactions + 1);
  });

  it('counts a retried event once in the shopper state and popularity that pages are ranked from', async () => {
    const { home } = t.gateway;
    const historyLength = async () => (await home.shoppers.get('anna')).history.length;
    const before = await historyLength();
    const popularity = () => home.signals().popularity('coat-1', null);
    await t.ok(RECORD, { events: [{ eventId: 'evt-once', userId: 'anna', productId: 'coat-1', type: 'PURCHASE' }] });
    const afterFirst = { history: await historyLength(), popularity: popularity() };
    expect(afterFirst.history).toBe(before + 1);
    const retry = [{ eventId: 'evt-once', userId: 'anna', productId: 'coat-1', type: 'PURCHASE' }, { userId: 'anna', productId: 'tote-1', type: 'VIEW' }];
    expect((await t.ok(RECORD, { events: retry })).recordInteractions).toEqual({ accepted: 2, duplicates: 1, createdShoppers: 0 });
    expect(await historyLength()).toBe(afterFirst.history + 1);
    expect((await home.shoppers.get('anna')).history.filter((e) => e.productId === 'coat-1' && e.type === 'PURCHASE')).toHaveLength(1);
    expect(popularity()).toBe(afterFirst.popularity);
  });

  describe('rejects the whole batch, naming index and field, and writes nothing', () => {
    const good = { userId: 'carla', productId: 'tote-1', type: 'VIEW' };
    it.each([
      ['an unknown product', { ...good, productId: 'ghost' }, 'productId', 'events[1].productId: unknown product "ghost"'],
      ['DWELL without dwellMs', { ...good, type: 'DWELL' }, 'dwellMs', 'events[1].dwellMs: is required for DWELL events'],
      ['a negative dwell', { ...good, type: 'DWELL', dwellMs: -3 }, 'dwellMs', 'events[1].dwellMs: must be a whole number'],
      ['a future timestamp', { ...good, occurredAt: '2999-01-01T00:00:00Z' }, 'occurredAt', 'events[1].occurredAt: is in the future'],
      ['a quantity on a VIEW', { ...good, quantity: 2 }, 'quantity', 'events[1].quantity: only applies to ADD_TO_CART, PURCHASE and RETURN'],
      ['a malformed local time', { ...good, context: { localTime: '25:99' } }, 'context.localTime', 'events[1].context.localTime: "25:99" is not a 24-hour'],
      ['an empty shopper id', { ...good, userId: '' }, 'userId', 'events[1].userId: must be a non-empty string'],
    ])('%s', async (_label, bad, field, message) => {
      const before = await counts();
      const result = await t.run(RECORD, { events: [good, bad, good] });
      expect(result.errors).toHaveLength(1);
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', index: 1, field });
      expect(result.errors?.[0].message).toContain(message);
      expect(result.data).toBeNull();
      expect(await counts()).toEqual(before);
    });

    it('reports every problem, not just the first', async () => {
      const result = await t.run(RECORD, { events: [{ ...good, productId: 'x' }, good, { ...good, productId: 'y' }] });
      const problems = result.errors?.[0].extensions?.problems as { index: number; field: string }[];
      expect(problems.map((p) => [p.index, p.field])).toEqual([[0, 'productId'], [2, 'productId']]);
      expect(result.errors?.[0].message).toContain('(and 1 more problem)');
    });

    it('a wrong enum value', async () => {
      const before = await counts();
      const result = await t.run(RECORD, { events: [{ ...good, type: 'LIKE' }] });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toContain('Value "LIKE" does not exist in "InteractionType" enum');
      expect(await counts()).toEqual(before);
    });

    it('an empty batch and a batch of 1,001', async () => {
      const before = await counts();
      const empty = await t.run(RECORD, { events: [] });
      expect(empty.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'events' }, message: expect.stringContaining('empty') });
      const tooMany = await t.run(RECORD, { events: Array.from({ length: 1001 }, () => good) });
      expect(tooMany.errors?.[0].message).toContain('the batch has 1001 events; the limit is 1000');
      expect(await counts()).toEqual(before);
    });

    it('an event id repeated inside one batch', async () => {
      const result = await t.run(RECORD, { events: [{ ...good, eventId: 'e1' }, { ...good, eventId: 'e1' }] });
      expect(result.errors?.[0].message).toContain('events[1].eventId: "e1" is used twice in this batch (also at index 0)');
    });
  });

  it('accepts a full batch of 1,000 events in one transaction', async () => {
    const before = await counts();
    const events = Array.from({ length: 1000 }, (_, i) => ({ userId: `bulk-${i % 50}`, productId: sampleProducts[i % 5].id, type: 'VIEW' }));
    expect((await t.ok(RECORD, { events })).recordInteractions).toEqual({ accepted: 1000, duplicates: 0, createdShoppers: 50 });
    expect(await counts()).toEqual({ interactions: before.interactions + 1000, users: before.users + 50 });
  });
});

describe('recordInteractions with shopper auto-creation disabled', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await createTestGateway({ env: { VITRINE_AUTO_CREATE_SHOPPERS: 'false' } });
    await t.ok(UPSERT, { products: sampleProducts });
    await t.db.prisma.user.create({ data: { id: 'known' } });
  });
  afterAll(() => t.close());

  it('accepts known shoppers and rejects unknown ones', async () => {
    expect((await t.ok(RECORD, { events: [{ userId: 'known', productId: 'tote-1', type: 'VIEW' }] })).recordInteractions.accepted).toBe(1);
    const result = await t.run(RECORD, { events: [{ userId: 'stranger', productId: 'tote-1', type: 'VIEW' }] });
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', index: 0, field: 'userId' } });
    expect(result.errors?.[0].message).toContain('automatic shopper creation is disabled');
    expect(await t.db.prisma.user.count()).toBe(1);
  });
});
