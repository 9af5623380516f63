import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeTrainingSnapshot } from '../../src/relevance/training-snapshot.js';
import { createTestGateway, sampleProducts, UPSERT, type TestGateway } from '../support/gateway.js';

/** Prices: tote-1 2450, tote-2 890, loafer-1 790, scarf-1 420, coat-1 4900. */
const SHOPPERS = [
  { id: 'all-in', personalization: true, purchaseHistory: true, aspirational: true, events: [['tote-1', 'PURCHASE'], ['coat-1', 'VIEW']] },
  { id: 'no-personal', personalization: false, purchaseHistory: true, aspirational: true, events: [['tote-2', 'VIEW'], ['scarf-1', 'PURCHASE']] },
  { id: 'no-purchases', personalization: true, purchaseHistory: false, aspirational: true, events: [['scarf-1', 'PURCHASE'], ['tote-2', 'VIEW'], ['loafer-1', 'RETURN']] },
  // Budget 890 (the tote bought): the coat's views are out of budget, the scarf's are not.
  { id: 'no-dreams', personalization: true, purchaseHistory: true, aspirational: false, events: [['tote-2', 'PURCHASE'], ['coat-1', 'VIEW'], ['coat-1', 'WISHLIST'], ['scarf-1', 'CLICK']] },
] as const;

describe('training snapshot honours consent', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await createTestGateway();
    await t.ok(UPSERT, { products: sampleProducts });
    for (const s of SHOPPERS) {
      await t.db.sql.query(
        `INSERT INTO users (id, consent_personalization, consent_purchase_history, consent_aspirational, updated_at) VALUES ($1, $2, $3, $4, now())`,
        [s.id, s.personalization, s.purchaseHistory, s.aspirational],
      );
      for (const [i, [productId, type]] of s.events.entries()) {
        await t.db.sql.query(`INSERT INTO interactions (user_id, product_id, type, occurred_at) VALUES ($1, $2, $3::"InteractionType", now() - ($4 || ' minutes')::interval)`, [
          s.id,
          productId,
          type,
          String(60 - i),
        ]);
      }
    }
  });
  afterAll(() => t?.close());

  it('learns only from what each shopper allows', async () => {
    const snapshot = await takeTrainingSnapshot(t.gateway.repos);
    const { users, items, interactions } = snapshot.data;
    const pairs = interactions.map((p) => `${users[p.user].id} ${items[p.item].id}`).sort();
    const histories = Object.fromEntries(users.map((u) => [u.id, (u.recent ?? []).map((r) => `${r.type} ${r.itemId}`)]));

    expect(users.map((u) => u.id).sort(), 'no personalization consent: not learned from at all').toEqual(['all-in', 'no-dreams', 'no-purchases']);
    expect(pairs).toEqual(['all-in coat-1', 'all-in tote-1', 'no-dreams scarf-1', 'no-dreams tote-2', 'no-purchases tote-2']);
    expect(histories['no-purchases'], 'no purchases or returns without purchase-history consent').toEqual(['VIEW tote-2']);
    expect(histories['no-dreams'], 'no out-of-budget browsing without aspirational consent').toEqual(['PURCHASE tote-2', 'CLICK scarf-1']);
    expect(histories['all-in']).toEqual(['PURCHASE tote-1', 'VIEW coat-1']);
  });
});
