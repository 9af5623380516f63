/*
 * What every benchmark shares: where results go, the machine they ran on, the PostgreSQL server
 * they may use, and the server process's memory.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { repoRoot } from './datasets.js';

export { repoRoot };
/** bench/results, or BENCH_RESULTS_DIR (the suite's quick mode keeps its figures apart). */
export const resultsDir = path.resolve(process.env.BENCH_RESULTS_DIR ?? path.join(repoRoot, 'bench/results'));

/** A superuser URL on the PostgreSQL server benchmarks create their databases on. */
export const postgresAdminUrl = process.env.BENCH_PG_ADMIN_URL ?? process.env.VITRINE_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export const envNumber = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name}=${raw} is not a number`);
  return value;
};

/** "20k", "1M": sizes as they appear in file names and tables. */
export function sizeLabel(n: number): string {
  if (n >= 1_000_000 && n % 100_000 === 0) return `${n / 1_000_000}M`;
  if (n >= 1_000 && n % 1_000 === 0) return `${n / 1_000}k`;
  return String(n);
}

export interface MachineDetails {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  loadAverage: number[];
}

export function machineDetails(): MachineDetails {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** The server's version string, or null when it does not answer. */
export async function postgresVersion(url = postgresAdminUrl): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ version: string; vector: string | null }>(
      "SELECT current_setting('server_version') AS version, (SELECT default_version FROM pg_available_extensions WHERE name = 'vector') AS vector",
    );
    return `PostgreSQL ${rows[0].version}${rows[0].vector ? ` with pgvector ${rows[0].vector}` : ' without pgvector'}`;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A database on the benchmark server, created when missing and kept between runs (like
 * bench/.data), so a second run skips seeding. Returns its URL.
 */
export async function ensureDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Writes bench/results/<name>.json and returns its path. */
export async function writeResult(name: string, result: unknown): Promise<string> {
  await mkdir(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/**
 * Resident memory of a process in MiB from /proc/<pid>/status: `VmHWM` is the peak since it
 * started, `VmRSS` the current figure. Null where /proc does not exist (not Linux).
 */
export function processMemory(pid: number): { rssMiB: number; peakRssMiB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: Math.round(kib('VmRSS') / 1024), peakRssMiB: Math.round(kib('VmHWM') / 1024) };
  } catch {
    return null;
  }
}

/**
 * CPU time a process has used so far, split into its main thread and all its other threads
 * (database worker, garbage collector helpers, libuv pool), in milliseconds. On a machine shared
 * with other work, CPU time per request is steadier than requests per second.
 */
export function threadCpuMs(pid: number): { mainThread: number; otherThreads: number } | null {
  try {
    const ticksPerMs = clockTicksPerSecond() / 1000;
    let mainThread = 0;
    let otherThreads = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(fields[11]) + Number(fields[12])) / ticksPerMs;
      if (Number(tid) === pid) mainThread += ms;
      else otherThreads += ms;
    }
    return { mainThread, otherThreads };
  } catch {
    return null;
  }
}

let clockTicks: number | undefined;
/** USER_HZ, the unit of /proc's thread times: 100 on nearly every Linux, but not promised. */
function clockTicksPerSecond(): number {
  return (clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()));
}

/** The git commit the figures belong to, marked when the tree has uncommitted changes. */
export function gitRevision(): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repoRoot, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}+changes` : head;
  } catch {
    return null;
  }
}
