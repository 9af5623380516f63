import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlRunner, SqlSessionRunner } from './client.js';

/**
 * Applies Prisma-format migrations (`prisma/migrations/<ts>_<name>/migration.sql`) and records
 * them exactly as Prisma Migrate does, so `prisma migrate deploy/status` agree with this
 * database wherever the native engine is available.
 */

// src/db/migrate.ts and dist/src/db/migrate.js both sit in <root>/[dist/]src/db.
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.basename(path.resolve(here, '../../')) === 'dist' ? path.resolve(here, '../../..') : path.resolve(here, '../..');
export const defaultMigrationsDir = path.join(repoRoot, 'prisma/migrations');

/** Prisma Migrate's own advisory lock key: vitrine and `prisma migrate deploy` never run at once. */
const migrationLockKey = 72707369;

/** The table as Prisma's schema engine creates it on PostgreSQL, column for column. */
const createMigrationsTable = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

export interface MigrationFile {
  name: string;
  script: string;
  checksum: string;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | string | null;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Lowercase sha256 hex of the raw script, as Prisma stores it. */
export function migrationChecksum(script: string | Buffer): string {
  return createHash('sha256').update(script).digest('hex');
}

/**
 * Prisma also accepts a script whose line endings git converted, and checksums written by old
 * engine versions without zero padding; refusing those would disagree with `prisma migrate`.
 */
function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replace(/\r\n/g, '\n'), script.replace(/\r?\n/g, '\r\n')];
  return variants.some((variant) => {
    const digest = createHash('sha256').update(variant).digest();
    const padded = digest.toString('hex');
    const unpadded = [...digest].map((byte) => byte.toString(16)).join('');
    return checksum === padded || checksum === unpadded;
  });
}

export async function readMigrations(migrationsDir: string = defaultMigrationsDir): Promise<MigrationFile[]> {
  const entries = await fs.readdir(migrationsDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new MigrationError(`No migrations folder at ${migrationsDir}`);
    throw error;
  });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(migrationsDir, name, 'migration.sql');
      const bytes = await fs.readFile(file).catch(() => {
        throw new MigrationError(`Migration ${name} has no migration.sql (${file})`);
      });
      return { name, script: bytes.toString('utf8'), checksum: migrationChecksum(bytes) };
    }),
  );
}

export async function applyMigrations(
  sql: SqlSessionRunner,
  options: { migrationsDir?: string } = {},
): Promise<{ applied: string[] }> {
  const migrations = await readMigrations(options.migrationsDir);
  // A session-level lock needs one connection for lock, work and unlock; a second gateway
  // starting at the same moment waits here, then finds nothing left to apply.
  return sql.withSession(async (session) => {
    await session.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
    try {
      await session.exec(createMigrationsTable);
      const recorded = await session.query<AppliedRow>(
        'SELECT migration_name, checksum, finished_at FROM _prisma_migrations WHERE rolled_back_at IS NULL ORDER BY started_at',
      );
      const pending = checkHistory(migrations, recorded);
      for (const migration of pending) await applyOne(session, migration);
      return { applied: pending.map((migration) => migration.name) };
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]);
    }
  });
}

/** Refuses a history that does not continue the folder, and returns what is left to apply. */
function checkHistory(migrations: MigrationFile[], recorded: AppliedRow[]): MigrationFile[] {
  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  const failed = recorded.filter((row) => row.finished_at === null);
  if (failed.length > 0) {
    const names = failed.map((row) => row.migration_name).join(', ');
    throw new MigrationError(
      `Migration ${names} failed in an earlier attempt and may be partly applied. Repair the database, ` +
        `then mark it resolved (prisma migrate resolve --rolled-back <name>, or set rolled_back_at in _prisma_migrations) before migrating again.`,
    );
  }
  const missing = recorded.filter((row) => !byName.has(row.migration_name)).map((row) => row.migration_name);
  if (missing.length > 0) {
    throw new MigrationError(
      `The database has migrations that are not in the migrations folder: ${missing.join(', ')}. ` +
        `It was migrated by a newer or different version of vitrine; refusing to continue.`,
    );
  }
  const edited = recorded
    .filter((row) => !scriptMatchesChecksum(byName.get(row.migration_name)!.script, row.checksum))
    .map((row) => row.migration_name);
  if (edited.length > 0) {
    throw new MigrationError(
      `Migration ${edited.join(', ')} was modified after it was applied (checksum mismatch). ` +
        `Applied migrations must not change: restore the original migration.sql and put the change in a new migration.`,
    );
  }
  const applied = new Set(recorded.map((row) => row.migration_name));
  return migrations.filter((migration) => !applied.has(migration.name));
}

/**
 * One migration, one transaction: the script and its history row commit together, so a failed
 * script leaves neither a half-applied schema nor a row to resolve by hand.
 */
async function applyOne(session: SqlRunner, migration: MigrationFile): Promise<void> {
  await session.exec('BEGIN');
  try {
    await session.exec(migration.script);
    // now() is the transaction's start, which is when the migration started.
    await session.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await session.exec('COMMIT');
  } catch (error) {
    await session.exec('ROLLBACK');
    throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`, { cause: error });
  }
}
