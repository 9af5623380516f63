import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { GraphQLFormattedError } from 'graphql';
import type { Principal } from '../../src/auth/principal.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { createTestDatabase, type TestDatabase } from './database.js';

/** Who an in-process operation runs as: ADMIN unless a test says otherwise; null is anonymous. */
export interface RunOptions {
  as?: Principal | null;
}

export const ADMIN: Principal = { role: 'ADMIN', subject: 'test-admin' };

export interface TestGateway {
  gateway: Gateway;
  db: TestDatabase;
  /** Runs an operation in-process through Apollo's full pipeline (limits, plugins, errors, access policy). */
  run<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, options?: RunOptions): Promise<{ data?: T | null; errors?: readonly GraphQLFormattedError[] }>;
  /** Like run, but fails the test on any error and returns data. */
  ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, options?: RunOptions): Promise<T>;
  close(): Promise<void>;
}

export async function createTestGateway(
  options: { env?: Record<string, string>; onQuery?: (sql: string) => void } = {},
): Promise<TestGateway> {
  const db = await createTestDatabase({ onQuery: options.onQuery });
  const config: Config = loadConfig({ VITRINE_DATA_DIR: '/nonexistent-test-data', LOG_LEVEL: 'silent', ...options.env });
  const gateway = await createGateway(config, db);
  const run: TestGateway['run'] = async (query, variables, runOptions = {}) => {
    const principal = runOptions.as === undefined ? ADMIN : runOptions.as;
    const response = await gateway.apollo.executeOperation({ query, variables }, { contextValue: gateway.context(principal) });
    assert(response.body.kind === 'single');
    return response.body.singleResult as never;
  };
  return {
    gateway,
    db,
    run,
    async ok(query, variables, runOptions) {
      const result = await run(query, variables, runOptions);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
      return result.data as never;
    },
    async close() {
      await gateway.stop();
      await db.close();
    },
  };
}

/** A small, hand-made catalog for API tests (the demo seed is tested on its own). */
/**
 * A gateway for tests that train and switch models: model files go to a data folder of its own,
 * removed on close, and it switches models only when told (no polling of the registry).
 */
export async function createModelTestGateway(name: string): Promise<TestGateway> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `vitrine-${name}-`));
  const t = await createTestGateway({ env: { VITRINE_MODEL_POLL_MS: '0', VITRINE_DATA_DIR: dataDir } });
  return {
    ...t,
    async close() {
      await t.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const sampleProducts = [
  { id: 'tote-1', title: 'The Saffiano leather tote', brand: 'Maison Vérane', category: 'tote', colour: 'black', material: 'saffiano leather', price: 2450, currency: 'EUR', season: 'AUTUMN', tags: ['icon'] },
  { id: 'tote-2', title: 'The canvas tote', brand: 'Maison Vérane', category: 'tote', colour: 'beige', material: 'canvas', price: 890, currency: 'EUR', season: 'SUMMER' },
  { id: 'loafer-1', title: 'The horsebit loafer', brand: 'Castellane', category: 'loafer', colour: 'burgundy', material: 'calfskin', price: 790, currency: 'EUR', season: 'ALL_SEASON', stockStatus: 'OUT_OF_STOCK' },
  { id: 'scarf-1', title: 'The silk twill scarf', brand: 'Atelier Noor', category: 'scarf', colour: 'blue', material: 'silk twill', price: 420, currency: 'EUR', season: 'SPRING' },
  { id: 'coat-1', title: 'The double-faced cashmere coat', brand: 'Castellane', category: 'coat', colour: 'camel', material: 'cashmere', price: 4900, currency: 'EUR', season: 'WINTER', stockStatus: 'LOW_STOCK' },
];

export const UPSERT = `mutation Upsert($products: [ProductInput!]!) {
  upsertProducts(products: $products) { created updated products { id brand { name slug } } }
}`;

export const RECORD = `mutation Record($events: [InteractionInput!]!) {
  recordInteractions(events: $events) { accepted duplicates createdShoppers }
}`;
