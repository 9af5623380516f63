import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authenticator } from '../../src/auth/tokens.js';
import type { Database } from '../../src/db/client.js';
import { cliWorkspace, vitrine, type CliWorkspace } from '../support/cli.js';

const SECRET = 'cli-test-secret-long-enough-0123456789abcdef';

describe('vitrine token', () => {
  it('prints a token the gateway accepts for that role and subject', async () => {
    const { code, stdout } = await vitrine(['token', '--role', 'shopper', '--subject', 's-00042', '--expires', '1h'], { VITRINE_AUTH_SECRET: SECRET });
    expect(code).toBe(0);
    const principal = await new Authenticator({ secret: SECRET, apiKeys: [] }).authenticate(`Bearer ${stdout.trim()}`);
    expect(principal).toEqual({ role: 'SHOPPER', subject: 's-00042' });
  });

  it('refuses a shopper token without a subject', async () => {
    expect(await vitrine(['token', '--role', 'SHOPPER'], {})).toMatchObject({ code: 1, stderr: expect.stringContaining('needs the shopper id') });
  });

  it('refuses to sign in production without a secret of its own', async () => {
    expect(await vitrine(['token', '--role', 'ADMIN'], { NODE_ENV: 'production' })).toMatchObject({ code: 1, stderr: expect.stringContaining('VITRINE_AUTH_SECRET') });
  });
});

describe('vitrine retention', () => {
  let workspace: CliWorkspace;
  const env = () => workspace.env();
  const open = () => workspace.open();
  const count = async (db: Database) =>
    (await db.sql.query<{ n: number }>(`SELECT (SELECT count(*) FROM interactions) + (SELECT COALESCE(SUM(cardinality(product_ids)), 0) FROM impressions) AS n`)).map((r) => Number(r.n))[0];

  beforeAll(async () => {
    workspace = await cliWorkspace('retention');
    const db = await open();
    try {
      await db.sql.query(`INSERT INTO brands (id, slug, name) VALUES ('b-1', 'b-1', 'B')`);
      await db.sql.query(`INSERT INTO products (id, title, brand_id, category, colour, material, price, currency, updated_at) VALUES ('p-1', 'A bag', 'b-1', 'tote', 'black', 'leather', 100, 'EUR', now())`);
      await db.sql.query(`INSERT INTO users (id, updated_at) VALUES ('s-1', now())`);
      for (const age of [400, 100, 10, 0]) {
        await db.sql.query(`INSERT INTO interactions (user_id, product_id, type, occurred_at) VALUES ('s-1', 'p-1', 'VIEW', now() - ($1 || ' days')::interval)`, [String(age)]);
        await db.sql.query(
          `INSERT INTO impressions (page_id, user_id, row_id, row_kind, first_position, product_ids, shown_at) VALUES ($1, 's-1', 'r', 'POPULAR', 1, '{p-1}', now() - ($2 || ' days')::interval)`,
          [`page-${age}`, String(age)],
        );
      }
    } finally {
      await db.close();
    }
  });
  afterAll(async () => {
    await workspace?.close();
  });

  it('counts with --dry-run, then deletes raw events older than the period, and nothing newer', async () => {
    const dry = await vitrine(['retention', '--days', '30', '--dry-run'], env());
    expect(dry).toMatchObject({ code: 0, stderr: expect.stringContaining('would delete 2 interactions and 2 impressions older than 30 days') });
    let db = await open();
    expect(await count(db)).toBe(8);
    await db.close();

    const run = await vitrine(['retention'], { ...env(), VITRINE_EVENT_RETENTION_DAYS: '30' });
    expect(run).toMatchObject({ code: 0, stderr: expect.stringContaining('deleted 2 interactions and 2 impressions older than 30 days') });
    db = await open();
    try {
      expect(await count(db)).toBe(4);
      const ages = await db.sql.query<{ days: number }>(`SELECT extract(day from now() - occurred_at)::int AS days FROM interactions ORDER BY occurred_at`);
      expect(ages.map((a) => a.days)).toEqual([10, 0]);
    } finally {
      await db.close();
    }
  });

  it('says what to do without a retention period', async () => {
    expect(await vitrine(['retention'], env())).toMatchObject({ code: 1, stderr: expect.stringContaining('pass --days <n> or set VITRINE_EVENT_RETENTION_DAYS') });
  });
});
