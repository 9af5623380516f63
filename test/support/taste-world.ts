import assert from 'node:assert/strict';
import { openDatabase } from '../../src/db/client.js';
import { createGateway } from '../../src/gateway.js';
import { ADMIN, RECORD, UPSERT, type TestGateway } from './gateway.js';

/** Six tastes, each a brand + category + colour; every shopper loves one of them. */
export const TASTES = [
  { brand: 'Maison Vérane', category: 'tote', colour: 'red', material: 'calfskin' },
  { brand: 'Castellane', category: 'loafer', colour: 'black', material: 'suede' },
  { brand: 'Atelier Noor', category: 'scarf', colour: 'blue', material: 'silk twill' },
  { brand: 'Ashgrove', category: 'coat', colour: 'camel', material: 'cashmere' },
  { brand: 'Vireo', category: 'necklace', colour: 'gold', material: 'gold-plated brass' },
  { brand: 'Orsini', category: 'sneaker', colour: 'white', material: 'nappa' },
];
const PER_TASTE = 30;
const SHOPPERS_PER_TASTE = 15;
const EVENTS_PER_SHOPPER = 12;

export const productId = (taste: number, i: number) => `t${taste}-p${String(i).padStart(2, '0')}`;
export const shopperId = (taste: number, i: number) => `t${taste}-s${String(i).padStart(2, '0')}`;

/**
 * A catalog of 180 products and 90 shoppers with clear tastes: enough to train a model in seconds.
 * `at` dates a shopper's k-th event (default: the last minutes before now).
 */
export async function loadTasteWorld(
  t: Pick<TestGateway, 'ok'>,
  at: (k: number) => Date = (k) => new Date(Date.now() - (EVENTS_PER_SHOPPER - k) * 60_000),
): Promise<void> {
  const products = TASTES.flatMap((taste, ti) =>
    Array.from({ length: PER_TASTE }, (_, i) => ({
      id: productId(ti, i),
      title: `${taste.brand} ${taste.category} number ${i}`,
      price: 300 + ti * 400 + i * 7,
      currency: 'EUR',
      ...taste,
    })),
  );
  // Small feeds: each is one transaction, and image features make a product's upsert slow.
  for (let i = 0; i < products.length; i += 30) await t.ok(UPSERT, { products: products.slice(i, i + 30) });
  const events = TASTES.flatMap((_, ti) =>
    Array.from({ length: SHOPPERS_PER_TASTE }, (_, s) =>
      Array.from({ length: EVENTS_PER_SHOPPER }, (_, k) => ({
        userId: shopperId(ti, s),
        productId: productId(ti, (s * 5 + k) % PER_TASTE),
        type: k % 4 === 0 ? 'WISHLIST' : 'CLICK',
        occurredAt: at(k).toISOString(),
      })),
    ).flat(),
  );
  for (let i = 0; i < events.length; i += 1000) await t.ok(RECORD, { events: events.slice(i, i + 1000) });
}

export const HOME = `query Home($userId: ID, $context: ContextInput) {
  homeRows(userId: $userId, context: $context, rows: 6, itemsPerRow: 8) {
    personalized
    rows { kind items { product { id } } }
  }
}`;

export interface Page {
  personalized: boolean;
  rows: { kind: string; items: { product: { id: string } }[] }[];
}

export const productsOn = (page: Page) => page.rows.flatMap((r) => r.items.map((i) => i.product.id));

/** Polls `check` until it holds or `withinMs` passes; resolves with the time it took. */
export async function within(withinMs: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > withinMs) throw new Error(`not seen within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A second gateway on the same database: its own connections (pool and LISTEN) on PostgreSQL,
 * as another replica would have; the same embedded database otherwise (one process only).
 */
export async function createReplica(first: TestGateway): Promise<Pick<TestGateway, 'gateway' | 'ok' | 'close'>> {
  const db = first.db.url ? await openDatabase({ databaseUrl: first.db.url, migrate: false }) : first.db;
  const gateway = await createGateway(first.gateway.config, db);
  const ok: TestGateway['ok'] = async (query, variables) => {
    const response = await gateway.apollo.executeOperation({ query, variables }, { contextValue: gateway.context(ADMIN) });
    assert(response.body.kind === 'single');
    const result = response.body.singleResult;
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
    return result.data as never;
  };
  return {
    gateway,
    ok,
    async close() {
      await gateway.stop();
      if (db !== first.db) await db.close();
    },
  };
}
