import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigration, handWrittenIndexes, keepHandWrittenIndexes } from '../../scripts/create-migration.js';
import { openDatabase } from '../../src/db/client.js';
import { applyMigrations, readMigrations } from '../../src/db/migrate.js';
import { createTestDatabase, databaseUrlFor, postgresAdminUrl, testBackend, type TestDatabase } from '../support/database.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const migrationsDir = path.join(repoRoot, 'prisma/migrations');

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
