import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_SECRET, signToken } from '../../src/auth/tokens.js';
import { createTestDatabase, testBackend, type TestDatabase } from '../support/database.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Starts `vitrine serve` as `npm start` does and resolves with its URL once it listens. */
function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/vitrine.js'), 'serve'], {
    cwd: root,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', VITRINE_PROGRESS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk) => stderr.push(String(chunk)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr.join('')}`)), 150_000);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr.join('')}`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const url = /"url":"(http:[^"]+)\/graphql"/.exec(line)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    });
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/** As the documented development ADMIN token: the server runs without a secret of its own. */
async function graphql(url: string, query: string) {
  const admin = await signToken(DEVELOPMENT_SECRET, { role: 'ADMIN', subject: null });
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: JSON.stringify({ query }) });
  return (await response.json()) as { data: Record<string, any> };
}

describe('vitrine serve (npm start)', () => {
  let dataDir: string;
  let db: TestDatabase | undefined;
  const env = () => ({ VITRINE_DATA_DIR: dataDir, VITRINE_DEMO_SCALE: '0.02', ...(db?.url ? { DATABASE_URL: db.url } : {}) });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'vitrine-serve-'));
    // On PostgreSQL the server gets its own fresh database; PGlite lives in the data folder.
    if (testBackend === 'postgres') {
      db = await createTestDatabase();
      await db.sql.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    }
  });
  afterAll(async () => {
    await db?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('migrates and seeds an empty database, serves, stops cleanly, and keeps the data on restart', async () => {
    const first = await startServer(env());
    const health = await (await fetch(`${first.url}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', database: testBackend });
    const { data } = await graphql(first.url, '{ products(first: 1) { totalCount nodes { id imageUrl } } users(first: 1) { totalCount } collections { slug } }');
    expect(data.products.totalCount).toBe(40);
    expect(data.users.totalCount).toBe(20);
    expect(data.collections.length).toBeGreaterThan(0);
    const image = await fetch(`${first.url}${data.products.nodes[0].imageUrl}`);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(await stop(first.child)).toBe(0);

    const second = await startServer(env());
    const again = await graphql(second.url, '{ products(first: 1) { totalCount } }');
    expect(again.data.products.totalCount).toBe(40);
    expect(await stop(second.child)).toBe(0);
  });
});
