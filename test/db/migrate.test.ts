import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigration, handWrittenIndexes, keepHandWrittenIndexes } from '../../scripts/create-migration.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { applyMigrations, readMigrations } from '../../src/db/migrate.js';
import { createTestDatabase, databaseUrlFor, postgresAdminUrl, testBackend, type TestDatabase } from '../support/database.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const migrationsDir = path.join(repoRoot, 'prisma/migrations');
const SLICES_MIGRATION = '20261126145242_impression_slices';

async function migrationFolders(dir = migrationsDir): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

/** A scratch copy of the migrations folder that a test may break. */
async function copyOfMigrations(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrine-migrations-'));
  await fs.cp(migrationsDir, dir, { recursive: true });
  return dir;
}

describe(`migrations on ${testBackend}`, () => {
  let db: TestDatabase;
  const scratch: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.close();
    await Promise.all(scratch.map((dir) => fs.rm(dir, { recursive: true, force: true })));
  });

  async function scratchMigrations(): Promise<string> {
    const dir = await copyOfMigrations();
    scratch.push(dir);
    return dir;
  }

  it('creates every table of the schema, with a 64-dimension vector column', async () => {
    const tables = await db.sql.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(['_prisma_migrations', 'brands', 'collection_entries', 'collections', 'interactions', 'products', 'users']),
    );
    const [embedding] = await db.sql.query<{ type: string }>(
      `SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute
       WHERE attrelid = 'products'::regclass AND attname = 'embedding'`,
    );
    expect(embedding?.type).toBe('vector(64)');
  });

  it('records every migration as Prisma does, with the sha256 of its migration.sql', async () => {
    const rows = await db.sql.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      applied_steps_count: number;
    }>('SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM _prisma_migrations ORDER BY started_at');
    const folders = await migrationFolders();
    expect(folders.length).toBeGreaterThanOrEqual(2);
    expect(rows.map((row) => row.migration_name)).toEqual(folders);
    for (const row of rows) {
      const bytes = await fs.readFile(path.join(migrationsDir, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("creates _prisma_migrations with the columns of Prisma's schema engine", async () => {
    const columns = await db.sql.query(
      `SELECT column_name, data_type, character_maximum_length AS length, is_nullable, column_default
       FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'character varying', length: 36, is_nullable: 'NO', column_default: null },
      { column_name: 'checksum', data_type: 'character varying', length: 64, is_nullable: 'NO', column_default: null },
      { column_name: 'finished_at', data_type: 'timestamp with time zone', length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'migration_name', data_type: 'character varying', length: 255, is_nullable: 'NO', column_default: null },
      { column_name: 'logs', data_type: 'text', length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', length: null, is_nullable: 'YES', column_default: null },
      { column_name: 'started_at', data_type: 'timestamp with time zone', length: null, is_nullable: 'NO', column_default: 'now()' },
      { column_name: 'applied_steps_count', data_type: 'integer', length: null, is_nullable: 'NO', column_default: '0' },
    ]);
  });

  it('creates the HNSW cosine index on product embeddings', async () => {
    const indexes = await db.sql.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE tablename = 'products'");
    const hnsw = indexes.map((row) => row.indexdef).filter((def) => /USING hnsw/.test(def));
    expect(hnsw).toHaveLength(1);
    expect(hnsw[0]).toMatch(/\(embedding vector_cosine_ops\)/);
  });

  it('applies nothing when the database is up to date', async () => {
    const before = await db.sql.query<{ count: number }>('SELECT count(*)::int AS count FROM _prisma_migrations');
    await expect(applyMigrations(db.sql)).resolves.toEqual({ applied: [] });
    const after = await db.sql.query<{ count: number }>('SELECT count(*)::int AS count FROM _prisma_migrations');
    expect(after).toEqual(before);
  });

  it('refuses a migration edited after it was applied', async () => {
    const dir = await scratchMigrations();
    const [first] = await migrationFolders(dir);
    await fs.appendFile(path.join(dir, first!, 'migration.sql'), '\n-- edited afterwards\n');
    await expect(applyMigrations(db.sql, { migrationsDir: dir })).rejects.toThrow(
      new RegExp(`Migration ${first} was modified after it was applied \\(checksum mismatch\\)`),
    );
  });

  it('refuses a database that has migrations the folder does not', async () => {
    const dir = await scratchMigrations();
    const folders = await migrationFolders(dir);
    const last = folders[folders.length - 1]!;
    await fs.rm(path.join(dir, last), { recursive: true });
    await expect(applyMigrations(db.sql, { migrationsDir: dir })).rejects.toThrow(`not in the migrations folder: ${last}`);
  });

  it('refuses to continue after a failed attempt recorded in the history', async () => {
    await db.sql.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs) VALUES ('failed-attempt', $1, '29990101000000_broken', 'boom')`,
      ['0'.repeat(64)],
    );
    try {
      await expect(applyMigrations(db.sql)).rejects.toThrow(/Migration 29990101000000_broken failed in an earlier attempt/);
    } finally {
      await db.sql.query("DELETE FROM _prisma_migrations WHERE id = 'failed-attempt'");
    }
  });

  it('rolls a failing migration back entirely and records nothing', async () => {
    const dir = await scratchMigrations();
    await fs.mkdir(path.join(dir, '29990101000000_half_broken'));
    await fs.writeFile(
      path.join(dir, '29990101000000_half_broken', 'migration.sql'),
      'CREATE TABLE "half_done" ("id" TEXT);\nALTER TABLE "no_such_table" ADD COLUMN "x" TEXT;\n',
    );
    await expect(applyMigrations(db.sql, { migrationsDir: dir })).rejects.toThrow(
      /Migration 29990101000000_half_broken failed and was rolled back: .*no_such_table/,
    );
    const leftovers = await db.sql.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'");
    expect(leftovers).toEqual([]);
    const recorded = await db.sql.query("SELECT 1 FROM _prisma_migrations WHERE migration_name = '29990101000000_half_broken'");
    expect(recorded).toEqual([]);
  });
});

describe(`the impression_slices migration on ${testBackend}`, () => {
  const name = `vitrine_test_slices_${process.pid}`;
  let db: Database;
  let before: string;

  beforeAll(async () => {
    if (testBackend === 'postgres') {
      const admin = new pg.Client({ connectionString: postgresAdminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
    }
    db = await openDatabase(testBackend === 'postgres' ? { databaseUrl: databaseUrlFor(name), migrate: false } : { dataDir: null, migrate: false });
    // The history up to, not including, the slices migration.
    before = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrine-migrations-before-'));
    for (const folder of (await migrationFolders()).filter((f) => f < SLICES_MIGRATION)) {
      await fs.cp(path.join(migrationsDir, folder), path.join(before, folder), { recursive: true });
    }
  });

  afterAll(async () => {
    await db?.close();
    await fs.rm(before, { recursive: true, force: true });
    if (testBackend === 'postgres') {
      const admin = new pg.Client({ connectionString: postgresAdminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('converts per-item impressions into slices of consecutive positions, losing nothing', async () => {
    await applyMigrations(db.sql, { migrationsDir: before });
    const first = '2026-11-20 10:00:00';
    const later = '2026-11-20 10:05:00';
    // [page, user, row, kind, position, product, experiment, variant, arm, segment, shown_at]
    const old: (string | number | null)[][] = [
      // A homeRows row: one run of positions 1–3, one slice.
      ['page-a', 's-1', 'top-picks', 'TOP_PICKS', 1, 'p-1', null, null, 'TOP_PICKS', 'MOBILE/evening', first],
      ['page-a', 's-1', 'top-picks', 'TOP_PICKS', 2, 'p-2', null, null, 'explore', 'MOBILE/evening', first],
      ['page-a', 's-1', 'top-picks', 'TOP_PICKS', 3, 'p-3', null, null, 'TOP_PICKS', 'MOBILE/evening', first],
      // Shown later under the same page and row: a slice of its own.
      ['page-a', 's-1', 'top-picks', 'TOP_PICKS', 4, 'p-4', null, null, 'TOP_PICKS', 'MOBILE/evening', later],
      // A gap in positions splits a run.
      ['page-a', 's-1', 'popular', 'POPULAR', 1, 'p-5', null, null, 'POPULAR', 'MOBILE/evening', first],
      ['page-a', 's-1', 'popular', 'POPULAR', 2, 'p-6', null, null, 'POPULAR', 'MOBILE/evening', first],
      ['page-a', 's-1', 'popular', 'POPULAR', 5, 'p-7', null, null, 'POPULAR', 'MOBILE/evening', first],
      // An anonymous visitor in an experiment, without bandit arms.
      ['page-b', null, 'popular', 'POPULAR', 1, 'p-1', 'exp-1', 'treatment', null, null, first],
      ['page-b', null, 'popular', 'POPULAR', 2, 'p-8', 'exp-1', 'treatment', null, null, first],
    ];
    for (const row of old) {
      await db.sql.query(
        `INSERT INTO impressions (page_id, user_id, row_id, row_kind, position, product_id, experiment_id, variant, arm, segment, shown_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::timestamp)`,
        row,
      );
    }
    const { applied } = await applyMigrations(db.sql);
    expect(applied[0]).toBe(SLICES_MIGRATION);

    const slices = await db.sql.query(
      `SELECT page_id, user_id, row_id, first_position, product_ids, arms, experiment_id, variant FROM impressions ORDER BY page_id, row_id, first_position`,
    );
    expect(slices).toEqual([
      { page_id: 'page-a', user_id: 's-1', row_id: 'popular', first_position: 1, product_ids: ['p-5', 'p-6'], arms: ['POPULAR', 'POPULAR'], experiment_id: null, variant: null },
      { page_id: 'page-a', user_id: 's-1', row_id: 'popular', first_position: 5, product_ids: ['p-7'], arms: ['POPULAR'], experiment_id: null, variant: null },
      { page_id: 'page-a', user_id: 's-1', row_id: 'top-picks', first_position: 1, product_ids: ['p-1', 'p-2', 'p-3'], arms: ['TOP_PICKS', 'explore', 'TOP_PICKS'], experiment_id: null, variant: null },
      { page_id: 'page-a', user_id: 's-1', row_id: 'top-picks', first_position: 4, product_ids: ['p-4'], arms: ['TOP_PICKS'], experiment_id: null, variant: null },
      { page_id: 'page-b', user_id: null, row_id: 'popular', first_position: 1, product_ids: ['p-1', 'p-8'], arms: null, experiment_id: 'exp-1', variant: 'treatment' },
    ]);
    // Item by item, the slices hold exactly what the old rows did.
    const items = await db.sql.query<Record<string, unknown>>(
      `SELECT page_id, user_id, row_id, row_kind, (first_position + s.ord - 1)::int AS position, s.product_id, experiment_id, variant, arms[s.ord] AS arm, segment,
              to_char(shown_at, 'YYYY-MM-DD HH24:MI:SS') AS shown_at
       FROM impressions CROSS JOIN LATERAL unnest(product_ids) WITH ORDINALITY AS s(product_id, ord)
       ORDER BY page_id, row_id, position`,
    );
    const columns = ['page_id', 'user_id', 'row_id', 'row_kind', 'position', 'product_id', 'experiment_id', 'variant', 'arm', 'segment', 'shown_at'];
    const expected = old
      .map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])))
      .sort((a, b) => String(a.page_id).localeCompare(String(b.page_id)) || String(a.row_id).localeCompare(String(b.row_id)) || Number(a.position) - Number(b.position));
    expect(items).toEqual(expected);
    const leftovers = await db.sql.query(`SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'impressions%' AND table_schema = current_schema()`);
    expect(leftovers).toEqual([{ table_name: 'impressions' }]);
  });
});

describe.skipIf(testBackend !== 'postgres')('migrations on PostgreSQL from two processes at once', () => {
  const name = `vitrine_test_race_${process.pid}`;

  afterAll(async () => {
    const admin = new pg.Client({ connectionString: postgresAdminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('applies each migration exactly once', async () => {
    const admin = new pg.Client({ connectionString: postgresAdminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const gateways = await Promise.all([1, 2].map(() => openDatabase({ databaseUrl: databaseUrlFor(name), migrate: false })));
    try {
      const results = await Promise.all(gateways.map((gateway) => applyMigrations(gateway.sql)));
      const folders = await migrationFolders();
      expect(results.map((result) => result.applied).sort((a, b) => a.length - b.length)).toEqual([[], folders]);
    } finally {
      await Promise.all(gateways.map((gateway) => gateway.close()));
    }
  });
});

describe.skipIf(testBackend !== 'pglite')('scripts/create-migration.ts', () => {
  it('finds no difference between the committed migrations and prisma/schema.prisma', async () => {
    const dir = await copyOfMigrations();
    try {
      const created = await createMigration('drift_check', { migrationsDir: dir });
      expect(created, 'schema.prisma changed without a migration: run npm run migration:create -- <name>').toEqual({
        name: null,
        script: null,
      });
      expect(await migrationFolders(dir)).toEqual(await migrationFolders());
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps the hand-written HNSW index out of generated diffs, and nothing else', async () => {
    const indexes = handWrittenIndexes(await readMigrations(migrationsDir));
    expect([...indexes]).toEqual(['products_embedding_hnsw']);
    const diff =
      '-- DropIndex\nDROP INDEX "products_embedding_hnsw";\n\n-- DropIndex\nDROP INDEX "products_colour_idx";\n\n' +
      '-- AlterTable\nALTER TABLE "products" ADD COLUMN     "subtitle" TEXT;\n';
    expect(keepHandWrittenIndexes(diff, indexes)).toBe(
      '-- DropIndex\nDROP INDEX "products_colour_idx";\n\n-- AlterTable\nALTER TABLE "products" ADD COLUMN     "subtitle" TEXT;\n',
    );
    expect(keepHandWrittenIndexes('-- DropIndex\nDROP INDEX "products_embedding_hnsw";\n', indexes)).toBe('');
  });
});
