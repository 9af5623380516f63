import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeInPayloads, MAX_PAYLOAD_BYTES, type ChangeMessage } from '../../src/sync/messages.js';

describe('change messages', () => {
  it('round-trip every kind with their origin', () => {
    const messages: ChangeMessage[] = [
      { kind: 'interactions', events: [{ userId: 's-1', productId: 'p-1', type: 'CLICK', region: 'Milan', occurredAt: 1_780_000_000_000 }] },
      { kind: 'model-activated', versionId: 7 },
      { kind: 'products-changed', productIds: ['p-1', 'p-2'] },
      { kind: 'merchandising-changed', part: 'configs', name: 'summer' },
      { kind: 'merchandising-changed', part: 'rules' },
      { kind: 'shoppers-forgotten', shopperIds: ['anon-1'] },
    ];
    for (const message of messages) {
      const [payload] = encodeInPayloads('gateway-a', message);
      expect(decodeMessage(payload!)).toEqual({ origin: 'gateway-a', message });
    }
  });

  it("split a batch of 1,000 events into payloads under PostgreSQL's NOTIFY limit, losing none", () => {
    const events = Array.from({ length: 1_000 }, (_, i) => ({
      userId: `shopper-${i % 97}`,
      productId: `product-${String(i).padStart(6, '0')}`,
      type: 'ADD_TO_CART' as const,
      region: i % 2 ? 'New York' : null,
      occurredAt: 1_780_000_000_000 + i,
    }));
    const payloads = encodeInPayloads('gateway-a', { kind: 'interactions', events });
    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    const received = payloads.flatMap((p) => {
      const decoded = decodeMessage(p)!;
      return decoded.message.kind === 'interactions' ? decoded.message.events : [];
    });
    expect(received).toEqual(events);
  });

  it('ignore payloads they do not understand', () => {
    expect(decodeMessage('not json')).toBeNull();
    expect(decodeMessage(JSON.stringify({ o: 'x', k: 'z' }))).toBeNull();
    expect(decodeMessage(JSON.stringify({ k: 'm', v: 1 }))).toBeNull();
    expect(decodeMessage(JSON.stringify({ o: 'x', k: 'r', part: 'everything' }))).toBeNull();
  });
});
