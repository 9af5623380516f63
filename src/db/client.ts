import fs from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';
import { applyMigrations } from './migrate.js';
import { startPgliteThread } from './pglite-thread.js';

/** Raw SQL access beside Prisma: migrations, vectors and administrative scripts. */
export interface SqlRunner {
  /** Runs a whole multi-statement script with the simple query protocol. */
  exec(script: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface SqlSessionRunner extends SqlRunner {
  /** Runs `fn` on one dedicated connection (needed for session-level advisory locks). */
  withSession<T>(fn: (session: SqlRunner) => Promise<T>): Promise<T>;
}

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  kind: DatabaseKind;
  /** The PostgreSQL server's URL (absent on the embedded database), for dedicated connections such as LISTEN. */
  url?: string;
  prisma: PrismaClient;
  sql: SqlSessionRunner;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL URL; when absent the embedded PGlite database is used. */
  databaseUrl?: string;
  /** PGlite data folder; `null` keeps the embedded database in memory (tests). */
  dataDir?: string | null;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** Called with the text of every SQL statement Prisma sends (query counting, debugging). */
  onQuery?: (sql: string) => void;
  /**
   * Where the embedded database runs: in a worker thread of its own (the default for a data
   * folder, so queries never block the gateway's thread) or in this thread (the default in
   * memory, where tests open hundreds of short-lived databases). VITRINE_PGLITE_THREAD overrides.
   */
  pgliteThread?: 'worker' | 'inline';
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const db = options.databaseUrl
    ? openPostgres(options.databaseUrl, options.onQuery)
    : await openPglite(options.dataDir ?? null, pgliteThreadOf(options), options.onQuery);
  if (options.migrate !== false) {
    try {
      await applyMigrations(db.sql);
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  return db;
}

function prismaWithLogging(adapter: SqlDriverAdapterFactory, onQuery?: (sql: string) => void): PrismaClient {
  if (!onQuery) return new PrismaClient({ adapter });
  const client = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] as const });
  client.$on('query', (event) => onQuery(event.query));
  return client as unknown as PrismaClient;
}

const LOCK_FILE = '.vitrine.lock';

/** Whether another live process holds the embedded database in `dataDir`. */
export async function dataDirInUse(dataDir: string): Promise<boolean> {
  try {
    return await lockfile.check(dataDir, { lockfilePath: path.join(dataDir, LOCK_FILE), stale: 15_000 });
  } catch {
    return false;
  }
}

/** PGlite is single-process: a second process on the same folder would corrupt it. */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await fs.mkdir(dataDir, { recursive: true });
  try {
    return await lockfile.lock(dataDir, { lockfilePath: path.join(dataDir, LOCK_FILE), stale: 15_000, update: 5_000 });
  } catch (error) {
    if ((error as { code?: string }).code !== 'ELOCKED') throw error;
    throw new Error(
      `The data folder ${dataDir} is in use by another vitrine process (the embedded database allows one). Stop that process, or set DATABASE_URL to share a PostgreSQL server.`,
    );
  }
}

function pgliteThreadOf(options: OpenDatabaseOptions): 'worker' | 'inline' {
  const fromEnv = process.env.VITRINE_PGLITE_THREAD;
  if (fromEnv !== undefined && fromEnv !== '' && fromEnv !== 'worker' && fromEnv !== 'inline') {
    throw new Error(`VITRINE_PGLITE_THREAD must be "worker" or "inline", got "${fromEnv}"`);
  }
  return options.pgliteThread ?? (fromEnv as 'worker' | 'inline' | undefined || undefined) ?? (options.dataDir ? 'worker' : 'inline');
}

async function openPglite(dataDir: string | null, thread: 'worker' | 'inline', onQuery?: (sql: string) => void): Promise<Database> {
  const unlock = dataDir ? await lockDataDir(dataDir) : async () => {};
  if (thread === 'worker') {
    try {
      return await openPgliteThread(dataDir, unlock, onQuery);
    } catch (error) {
      await unlock();
      throw error;
    }
  }
  // PGlite ignores options given after an undefined data folder; 'memory://' is the explicit form.
  const pglite = new PGlite(dataDir ?? 'memory://', { extensions: { vector } });
  try {
    await pglite.waitReady;
  } catch (error) {
    await unlock();
    throw error;
  }
  const runner: SqlRunner = {
    async exec(script) {
      await pglite.exec(script);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      return (await pglite.query<T>(sql, params)).rows;
    },
  };
  return embeddedDatabase(prismaWithLogging(new PrismaPGlite(pglite), onQuery), runner, async () => {
    // Node keeps running until a PGlite with a data folder is closed.
    if (!pglite.closed) await pglite.close();
    await unlock();
  });
}

/** The embedded database in its own thread, reached with the same driver as a PostgreSQL server. */
async function openPgliteThread(dataDir: string | null, unlock: () => Promise<void>, onQuery?: (sql: string) => void): Promise<Database> {
  const thread = await startPgliteThread(dataDir);
  // One connection, as PGlite has one session: calls queue in the pool as they queued in PGlite.
  const pool = new pg.Pool({ ...thread.connection, max: 1 });
  pool.on('error', () => undefined);
  return embeddedDatabase(prismaWithLogging(new PrismaPg(pool), onQuery), sqlRunnerOn(pool), async () => {
    await pool.end();
    await thread.close();
    await unlock();
  });
}

/**
 * The embedded database has a single session (PGlite's one connection, or the one pooled
 * connection to its thread), so every call already runs in one session. `release` frees what
 * is left once Prisma has disconnected.
 */
function embeddedDatabase(prisma: PrismaClient, runner: SqlRunner, release: () => Promise<void>): Database {
  return {
    kind: 'pglite',
    prisma,
    sql: { ...runner, withSession: (fn) => fn(runner) },
    async close() {
      await prisma.$disconnect();
      await release();
    },
  };
}

function sqlRunnerOn(client: pg.Pool | pg.PoolClient): SqlRunner {
  return {
    async exec(script) {
      await client.query(script);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as T[];
    },
  };
}

function openPostgres(url: string, onQuery?: (sql: string) => void): Database {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client losing its server (restart, failover) must not crash the process.
  pool.on('error', () => undefined);
  const prisma = prismaWithLogging(new PrismaPg(pool), onQuery);
  return {
    kind: 'postgres',
    url,
    prisma,
    sql: {
      ...sqlRunnerOn(pool),
      async withSession(fn) {
        const client = await pool.connect();
        try {
          return await fn(sqlRunnerOn(client));
        } finally {
          client.release();
        }
      },
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
