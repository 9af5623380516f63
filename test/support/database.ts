import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/client.js';

/** The server that hosts the per-run test databases (this machine kind runs one on 5432). */
export const postgresAdminUrl = process.env.VITRINE_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export const testBackend = (process.env.VITRINE_TEST_DB ?? 'pglite') as 'pglite' | 'postgres';

export function databaseUrlFor(name: string): string {
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestDatabase extends Database {
  /** Connection string for PostgreSQL runs (a second process can open the same database). */
  url?: string;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or a new database on the
 * PostgreSQL server that is dropped again on close.
 */
export async function createTestDatabase(options: { onQuery?: (sql: string) => void } = {}): Promise<TestDatabase> {
  if (testBackend === 'pglite') return openDatabase({ dataDir: null, onQuery: options.onQuery });
  const name = `vitrine_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrlFor(name);
  const db = await openDatabase({ databaseUrl: url, onQuery: options.onQuery });
  return {
    ...db,
    url,
    async close() {
      await db.close();
      const dropper = new pg.Client({ connectionString: postgresAdminUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
