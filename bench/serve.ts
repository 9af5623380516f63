/*
 * Serving benchmark: a catalog of BENCH_PRODUCTS products and BENCH_SHOPPERS shoppers with a
 * trained model, served by `vitrine serve` in its own process (the embedded database by default,
 * PostgreSQL with BENCH_DATABASE_URL); autocannon drives `homeRows` (6 rows × 20 items, varied
 * shoppers and contexts) over real HTTP, next to a trivial query on the same server.
 * Prints p50/p99 latency and requests/s and writes bench/results/serve.json.
 *
 * Run: node --import @swc-node/register/esm-register bench/serve.ts
 * The data folder (bench/.data/…) is kept between runs; delete it to rebuild.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { defaultProgress } from '../src/cli/progress.js';
import { openDatabase } from '../src/db/client.js';
import { createRepositories } from '../src/db/repositories/index.js';
import { createImageReader } from '../src/relevance/product-images.js';
import { RelevanceService } from '../src/relevance/relevance-service.js';
import { runTrainingJob } from '../src/relevance/train-job.js';
import { seedDemo } from '../src/seed/run.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const products = env('BENCH_PRODUCTS', 20_000);
const shoppers = env('BENCH_SHOPPERS', 10_000);
const interactions = env('BENCH_INTERACTIONS', 200_000);
const duration = env('BENCH_DURATION', 20);
const connections = env('BENCH_CONNECTIONS', 16);
const databaseUrl = process.env.BENCH_DATABASE_URL;
const dataDir = path.join(root, 'bench/.data', `serve-${products}-${shoppers}`);
const port = env('BENCH_PORT', 4555);

async function prepare(): Promise<void> {
  const db = await openDatabase({ databaseUrl, dataDir });
  try {
    if ((await db.prisma.product.count()) > 0 && (await db.prisma.modelVersion.count({ where: { status: 'ACTIVE' } })) > 0) return;
    console.error(`preparing ${products} products, ${shoppers} shoppers, ${interactions} interactions and a model in ${databaseUrl ?? dataDir}`);
    await seedDemo(db.prisma, { seed: 11, scale: { products, shoppers, interactions }, imagesDir: null, reset: true, progress: defaultProgress() });
    const repos = createRepositories(db.prisma);
    const relevance = new RelevanceService(repos, { readImage: createImageReader({ imagesDir: path.join(dataDir, 'images') }) });
    await runTrainingJob(repos, relevance, { artifactsRoot: path.join(dataDir, 'models'), activate: true, train: { epochs: 3, seed: 11 }, progress: defaultProgress() });
  } finally {
    await db.close();
  }
}

function startServer() {
  const child = spawn(process.execPath, [path.join(root, 'bin/vitrine.js'), 'serve'], {
    env: { ...process.env, VITRINE_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', VITRINE_AUTO_SEED: 'false', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

async function waitForHealth(url: string): Promise<Record<string, unknown>> {
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return (await response.json()) as Record<string, unknown>;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the server did not become healthy');
}

const CONTEXTS = [
  { device: 'MOBILE', occasion: 'EVENING', region: 'Milan', localTime: '20:30' },
  { device: 'DESKTOP', occasion: 'WORK', region: 'Paris', localTime: '09:10' },
  { device: 'APP', occasion: 'GIFT', region: 'Tokyo', localTime: '13:45' },
  { device: 'TABLET', region: 'New York', localTime: '22:05' },
];

const HOME = `query Home($userId: ID, $context: ContextInput) {
  homeRows(userId: $userId, context: $context, rows: 6, itemsPerRow: 20) {
    rows { id title items { score reason impressionId product { id title price brand { name } } } }
  }
}`;

function load(url: string, title: string, body: () => string): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}/graphql`,
        title,
        connections,
        duration,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    autocannon.track(instance, { renderProgressBar: process.stderr.isTTY, renderResultsTable: false });
  });
}

function summary(result: autocannon.Result) {
  return {
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    requests: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

await prepare();
const server = startServer();
const url = `http://127.0.0.1:${port}`;
try {
  const health = await waitForHealth(url);
  let n = 0;
  const homeBody = () => {
    n++;
    const userId = n % 10 === 0 ? null : `s-${String(1 + ((n * 7919) % shoppers)).padStart(5, '0')}`;
    return JSON.stringify({ query: HOME, variables: { userId, context: CONTEXTS[n % CONTEXTS.length] } });
  };
  // Warm-up: JIT, caches of active shoppers, the first model calls.
  await load(url, 'warm-up', homeBody).catch(() => undefined);
  const trivial = summary(await load(url, 'trivial query', () => JSON.stringify({ query: '{ __typename }' })));
  const home = summary(await load(url, 'homeRows 6×20', homeBody));
  const result = {
    generatedAt: new Date().toISOString(),
    command: 'node --import @swc-node/register/esm-register bench/serve.ts',
    machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    setup: { products, shoppers, interactions, database: databaseUrl ? 'postgres' : 'pglite', connections, durationSeconds: duration, model: health.model },
    trivial,
    homeRows: home,
  };
  await mkdir(path.join(root, 'bench/results'), { recursive: true });
  await writeFile(path.join(root, 'bench/results/serve.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`trivial query: ${trivial.requestsPerSecond} req/s, p50 ${trivial.latencyMs.p50} ms, p99 ${trivial.latencyMs.p99} ms`);
  console.log(`homeRows 6×20: ${home.requestsPerSecond} pages/s, p50 ${home.latencyMs.p50} ms, p99 ${home.latencyMs.p99} ms (errors ${home.errors}, non-2xx ${home.non2xx})`);
} finally {
  server.kill('SIGTERM');
}
if (!existsSync(path.join(root, 'bench/results/serve.json'))) process.exitCode = 1;
