import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { postgresAdminUrl } from './database.js';

/**
 * Runs once before the `postgres` test project: the server must answer, and it must offer
 * pgvector, which the first migration needs. Failing here gives one clear message instead of
 * every database test failing on its own.
 */
export default async function setup(): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${redacted(postgresAdminUrl)} (${(error as Error).message}).\n` +
        `Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n` +
        `or point VITRINE_TEST_PG_URL at a server (a superuser URL: tests create and drop databases).`,
    );
  }
  try {
    const { rows } = await client.query("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'");
    if (rows.length > 0) return;
  } finally {
    await client.end();
  }
  const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/ensure-pgvector.sh');
  try {
    await promisify(execFile)(script, [postgresAdminUrl], { timeout: 600_000 });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`pgvector is not installed on ${redacted(postgresAdminUrl)} and ${script} could not install it:\n${stderr ?? error}`);
  }
}

function redacted(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
