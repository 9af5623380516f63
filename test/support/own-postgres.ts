import { execFile } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const BIN = process.env.VITRINE_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of a test's own, in a temporary folder on a free port, that the test may
 * stop, crash and restart (the shared server on 5432 is never touched). PostgreSQL refuses to
 * run as root, so when the tests run as root the cluster runs as the `postgres` user.
 */
export interface OwnPostgres {
  url: string;
  start(): Promise<void>;
  /** `immediate` is a crash: no checkpoint, recovery from the WAL at the next start. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function runAs(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid), gid: Number(gid) };
}

export async function createOwnPostgres(database = 'vitrine'): Promise<OwnPostgres> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vitrine-own-pg-'));
  const user = await runAs();
  if (user.uid !== undefined) await chown(dir, user.uid, user.gid!);
  const data = path.join(dir, 'data');
  const port = await freePort();
  const options = { ...user, cwd: dir, timeout: 120_000 };
  await run(path.join(BIN, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8'], options);
  const pgCtl = (...args: string[]) => run(path.join(BIN, 'pg_ctl'), ['-D', data, ...args], options);
  const start = async () => {
    await pgCtl('start', '-w', '-l', path.join(dir, 'server.log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on`);
  };
  await start();
  const admin = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/${database}`,
    start,
    async stop(mode = 'fast') {
      await pgCtl('stop', '-w', '-m', mode);
    },
    async destroy() {
      await pgCtl('stop', '-w', '-m', 'immediate').catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
