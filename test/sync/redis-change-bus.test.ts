import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChangeListener } from '../../src/sync/change-bus.js';
import type { ChangeMessage } from '../../src/sync/messages.js';
import { publishOverRedis, RedisChangeBus } from '../../src/sync/redis-change-bus.js';
import { adminRedis, killConnection, testRedisPrefix, testRedisUrl } from '../support/redis.js';

/** Bounds the waits for delivery over a local Redis; not a latency requirement. */
const DELIVERY_MS = 5_000;

class Recorder implements ChangeListener {
  readonly messages: ChangeMessage[] = [];
  resyncs = 0;
  async message(message: ChangeMessage) {
    this.messages.push(message);
  }
  async resync() {
    this.resyncs++;
  }
}

describe.skipIf(!testRedisUrl)(`RedisChangeBus on a real Redis (${testRedisUrl ?? 'none: set VITRINE_TEST_REDIS_URL'})`, () => {
  const settings = { url: testRedisUrl!, prefix: testRedisPrefix() };
  const one = new RedisChangeBus(settings);
  const two = new RedisChangeBus(settings);
  const heardByOne = new Recorder();
  const heardByTwo = new Recorder();
  let admin: Redis;

  beforeAll(async () => {
    one.subscribe(heardByOne);
    two.subscribe(heardByTwo);
    await Promise.all([one.start(), two.start()]);
    admin = adminRedis(settings.url);
  });
  afterAll(async () => {
    await Promise.all([one.close(), two.close()]);
    admin?.disconnect();
  });

  it('delivers a message to the other process and never back to its sender', async () => {
    expect([one.connected, two.connected]).toEqual([true, true]);
    await one.publish({ kind: 'model-activated', versionId: 7 });
    await vi.waitFor(() => expect(heardByTwo.messages).toHaveLength(1), { timeout: DELIVERY_MS });
    // Redis delivers to each subscriber in publishing order: had one heard its own message, it
    // would have done so before hearing two's, published later.
    await two.publish({ kind: 'merchandising-changed', part: 'rules' });
    await vi.waitFor(() => expect(heardByOne.messages).toHaveLength(1), { timeout: DELIVERY_MS });
    expect(heardByTwo.messages).toEqual([{ kind: 'model-activated', versionId: 7 }]);
    expect(heardByOne.messages).toEqual([{ kind: 'merchandising-changed', part: 'rules' }]);
    heardByOne.messages.length = heardByTwo.messages.length = 0;
  });

  it('carries a batch of 1,000 events whole', async () => {
    const events = Array.from({ length: 1_000 }, (_, i) => ({ userId: `s-${i}`, productId: `p-${i % 37}`, type: 'CLICK' as const, region: i % 2 ? 'Milan' : null, occurredAt: 1_700_000_000_000 + i }));
    await one.publish({ kind: 'interactions', events });
    await vi.waitFor(() => expect(heardByTwo.messages.flatMap((m) => (m.kind === 'interactions' ? m.events : []))).toHaveLength(1_000), { timeout: DELIVERY_MS });
    expect(heardByTwo.messages.flatMap((m) => (m.kind === 'interactions' ? m.events : []))).toEqual(events);
    heardByTwo.messages.length = 0;
  });

  it('resubscribes after its connection is cut, resynchronises (messages may have been lost) and hears what follows', async () => {
    expect([heardByOne.resyncs, heardByTwo.resyncs]).toEqual([0, 0]);
    await killConnection(admin, `vitrine-sub-${two.origin}`);
    await vi.waitFor(() => expect(heardByTwo.resyncs).toBe(1), { timeout: DELIVERY_MS });
    expect(two.connected).toBe(true);
    await one.publish({ kind: 'products-changed', productIds: ['p-1', 'p-2'] });
    await vi.waitFor(() => expect(heardByTwo.messages).toEqual([{ kind: 'products-changed', productIds: ['p-1', 'p-2'] }]), { timeout: DELIVERY_MS });
    expect(heardByOne.resyncs).toBe(0);
    heardByTwo.messages.length = 0;
  });

  it('takes a change published by a job process that does not listen (vitrine train)', async () => {
    await publishOverRedis(settings, { kind: 'model-activated', versionId: 8 });
    await vi.waitFor(() => expect([heardByOne.messages, heardByTwo.messages]).toEqual([[{ kind: 'model-activated', versionId: 8 }], [{ kind: 'model-activated', versionId: 8 }]]), { timeout: DELIVERY_MS });
    heardByOne.messages.length = heardByTwo.messages.length = 0;
  });

  it('keeps to its prefix: buses of another deployment on the same Redis and these never hear each other', async () => {
    const otherPrefix = testRedisPrefix();
    const [other, otherPeer] = [new RedisChangeBus({ url: settings.url, prefix: otherPrefix }), new RedisChangeBus({ url: settings.url, prefix: otherPrefix })];
    const heardByOther = new Recorder();
    other.subscribe(heardByOther);
    await Promise.all([other.start(), otherPeer.start()]);
    try {
      const mine = (id: string): ChangeMessage => ({ kind: 'shoppers-forgotten', shopperIds: [id] });
      await otherPeer.publish(mine('theirs-1'));
      await one.publish(mine('ours-1'));
      await otherPeer.publish(mine('theirs-2'));
      // Each subscriber hears in publishing order: by the time the last message arrives, any stray one would have too.
      await vi.waitFor(() => expect(heardByOther.messages).toHaveLength(2), { timeout: DELIVERY_MS });
      await vi.waitFor(() => expect(heardByTwo.messages).toHaveLength(1), { timeout: DELIVERY_MS });
      await one.publish(mine('ours-2'));
      await vi.waitFor(() => expect(heardByTwo.messages).toHaveLength(2), { timeout: DELIVERY_MS });
      expect(heardByOther.messages).toEqual([mine('theirs-1'), mine('theirs-2')]);
      expect(heardByTwo.messages).toEqual([mine('ours-1'), mine('ours-2')]);
    } finally {
      await Promise.all([other.close(), otherPeer.close()]);
    }
  });
});

describe('RedisChangeBus without a Redis to reach', () => {
  it('starts anyway, says so, reports itself disconnected and closes without leaving a retry running', async () => {
    const warnings: string[] = [];
    // Nothing listens on port 1 of the loopback: connections are refused at once.
    const bus = new RedisChangeBus({ url: 'redis://127.0.0.1:1', prefix: testRedisPrefix() }, (message) => warnings.push(message));
    await bus.start();
    expect(bus.connected).toBe(false);
    expect(warnings).toContain('warn: change bus: Redis is unreachable at start-up; serving, and resynchronising once it answers');
    await expect(bus.publish({ kind: 'model-activated', versionId: 1 })).rejects.toThrow();
    await bus.close();
  });
});
