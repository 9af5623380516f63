import type { SqlRunner } from '../db/client.js';
import { readMigrations } from '../db/migrate.js';
import type { ReadinessReport } from './http.js';

export interface ReadinessSources {
  sql: Pick<SqlRunner, 'query'>;
  catalogLoaded: () => boolean;
  /** Further services traffic needs (Redis), each 'ok' or what is wrong. */
  services?: Record<string, () => string>;
  /** A database that does not answer within this time counts as down (default 2 s). */
  timeoutMs?: number;
  migrationsDir?: string;
}

/**
 * Whether a load balancer should send traffic here: the database answers, every migration this
 * build ships is applied (a replica of an older schema must not serve), the catalog is in
 * memory, and the other services it needs answer.
 */
export function readinessCheck(sources: ReadinessSources): () => Promise<ReadinessReport> {
  let shipped: Promise<string[]> | undefined;
  const timeoutMs = sources.timeoutMs ?? 2_000;
  return async () => {
    const checks: Record<string, string> = { database: 'ok', migrations: 'ok', catalog: sources.catalogLoaded() ? 'ok' : 'not loaded yet' };
    for (const [name, check] of Object.entries(sources.services ?? {})) checks[name] = check();
    try {
      shipped ??= readMigrations(sources.migrationsDir).then((files) => files.map((f) => f.name));
      const rows = await withTimeout(
        sources.sql.query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL'),
        timeoutMs,
      );
      const applied = new Set(rows.map((r) => r.migration_name));
      const pending = (await shipped).filter((name) => !applied.has(name));
      if (pending.length) checks.migrations = `${pending.length} pending: ${pending.join(', ')}`;
    } catch (error) {
      checks.database = `unreachable: ${(error as Error).message}`;
      checks.migrations = 'unknown';
    }
    return { ready: Object.values(checks).every((c) => c === 'ok'), checks };
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
