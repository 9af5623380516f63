import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDatabase, type Database } from '../../src/db/client.js';
import { createTestDatabase, testBackend } from './database.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Runs `vitrine <args>`; resolves with exit code and output whether it succeeds or not. */
export async function vitrine(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(root, 'bin/vitrine.js'), ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', VITRINE_PROGRESS: '0', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Where `vitrine` commands of a test work: a data folder, and a database of its own on PostgreSQL runs. */
export interface CliWorkspace {
  dataDir: string;
  /** The environment that points a command at this workspace. */
  env(): Record<string, string>;
  /** The test's own connection to the workspace's database (closed before a command opens an embedded one). */
  open(): Promise<Database>;
  close(): Promise<void>;
}

export async function cliWorkspace(name: string): Promise<CliWorkspace> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `vitrine-${name}-`));
  const server = testBackend === 'postgres' ? await createTestDatabase() : undefined;
  return {
    dataDir,
    env: () => ({ VITRINE_DATA_DIR: dataDir, ...(server?.url ? { DATABASE_URL: server.url } : {}) }),
    open: () => (server?.url ? openDatabase({ databaseUrl: server.url }) : openDatabase({ dataDir })),
    async close() {
      await server?.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
