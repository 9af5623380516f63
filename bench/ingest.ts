/*
 * Ingestion benchmark: `vitrine serve` in its own process (the embedded database by default,
 * PostgreSQL with BENCH_DATABASE_URL) over a seeded catalog with a trained model; autocannon sends
 * `recordInteractions` batches of BENCH_BATCH events (default 100) over HTTP, each batch one
 * transaction acknowledged after its commit. Prints events/s and p50/p99 per batch, then how long
 * an event takes to affect `homeRows`: a shopper dismisses the first product of their page and
 * the page is asked for again until it is gone. Writes bench/results/ingest.json.
 *
 * Run: node --import @swc-node/register/esm-register bench/ingest.ts
 * The data folder (bench/.data/…) is kept between runs (events accumulate); delete it to rebuild.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { driveGraphQL, prepareServingData, startServer, storefrontHeaders, waitForHealth } from './serving-fixture.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const products = env('BENCH_PRODUCTS', 2_000);
const shoppers = env('BENCH_SHOPPERS', 1_000);
const interactions = env('BENCH_INTERACTIONS', 50_000);
const batch = env('BENCH_BATCH', 100);
const duration = env('BENCH_DURATION', 20);
const connections = env('BENCH_CONNECTIONS', 8);
const trials = env('BENCH_FRESHNESS_TRIALS', 30);
const databaseUrl = process.env.BENCH_DATABASE_URL;
const dataDir = path.join(root, 'bench/.data', `ingest-${products}-${shoppers}`);
const port = env('BENCH_PORT', 4556);
const url = `http://127.0.0.1:${port}`;
// A storefront records events and reads pages for any shopper (the server runs with the development secret).
const headers = await storefrontHeaders();

const TYPES = ['VIEW', 'VIEW', 'VIEW', 'CLICK', 'CLICK', 'WISHLIST', 'ADD_TO_CART', 'PURCHASE', 'SKIP'] as const;
const REGIONS = ['Milan', 'Paris', 'Tokyo', 'New York', null] as const;
const productId = (n: number) => `p-${String(1 + (n % products)).padStart(5, '0')}`;
const shopperId = (n: number) => `s-${String(1 + (n % shoppers)).padStart(5, '0')}`;

const data = { dataDir, databaseUrl };
const prepare = () => prepareServingData(data, { seed: 13, scale: { products, shoppers, interactions }, train: { epochs: 3 } });


const RECORD = `mutation Record($events: [InteractionInput!]!) { recordInteractions(events: $events) { accepted duplicates } }`;
const HOME = `query Home($userId: ID) { homeRows(userId: $userId, rows: 6, itemsPerRow: 20) { rows { items { product { id } } } } }`;

async function graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

let sequence = 0;
let rejected = 0;
/** A batch of varied events with fresh event ids, so every one is written (none is a retry). */
function batchBody(): string {
  const run = randomUUID().slice(0, 8);
  const events = Array.from({ length: batch }, (_, i) => {
    const n = sequence++;
    const region = REGIONS[n % REGIONS.length];
    return {
      eventId: `bench-${run}-${i}`,
      userId: shopperId(n * 7),
      productId: productId((n * 7919) % products),
      type: TYPES[n % TYPES.length],
      ...(region ? { context: { region, device: 'MOBILE' } } : {}),
    };
  });
  return JSON.stringify({ query: RECORD, variables: { events } });
}

const load = (title: string, seconds: number) =>
  driveGraphQL({
    url,
    title,
    connections,
    seconds,
    headers,
    body: batchBody,
    // GraphQL reports refusals in a 200 response; count them as failed batches.
    onResponse: (_status, body) => {
      if (body.includes('"errors"')) rejected++;
    },
  });

/** Milliseconds from sending a DISMISS to the first home page without the dismissed product. */
async function freshness(trial: number): Promise<number> {
  const userId = shopperId(trial * 31 + 5);
  const page = await graphql<{ homeRows: { rows: { items: { product: { id: string } }[] }[] } }>(HOME, { userId });
  const dismissed = page.homeRows.rows.flatMap((r) => r.items)[0]!.product.id;
  const started = performance.now();
  await graphql(RECORD, { events: [{ userId, productId: dismissed, type: 'DISMISS' }] });
  for (;;) {
    const next = await graphql<typeof page>(HOME, { userId });
    if (!next.homeRows.rows.some((r) => r.items.some((i) => i.product.id === dismissed))) return performance.now() - started;
    if (performance.now() - started > 10_000) throw new Error(`a dismissed product was still shown after 10 s (shopper ${userId})`);
  }
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

await prepare();
const server = startServer(data, port);
try {
  const health = await waitForHealth(url, server);
  await graphql(RECORD, { events: JSON.parse(batchBody()).variables.events });
  await load('warm-up', 5);
  rejected = 0;
  const result = await load(`recordInteractions × ${batch}`, duration);
  const batches = result.requests.total;
  const failed = result.non2xx + result.errors + rejected;
  const ingest = {
    eventsPerSecond: Math.round(((batches - failed) * batch) / duration),
    batchesPerSecond: Math.round(result.requests.average),
    batchLatencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    batches,
    failed,
  };
  const seen: number[] = [];
  for (let trial = 0; trial < trials; trial++) seen.push(await freshness(trial));
  seen.sort((a, b) => a - b);
  const toHome = { trials, p50Ms: +quantile(seen, 0.5).toFixed(1), p99Ms: +quantile(seen, 0.99).toFixed(1), maxMs: +seen.at(-1)!.toFixed(1) };
  const report = {
    generatedAt: new Date().toISOString(),
    command: 'node --import @swc-node/register/esm-register bench/ingest.ts',
    machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    setup: { products, shoppers, seededInteractions: interactions, database: databaseUrl ? 'postgres' : 'pglite', batch, connections, durationSeconds: duration, model: health.model },
    ingest,
    eventToHomeRows: toHome,
  };
  await mkdir(path.join(root, 'bench/results'), { recursive: true });
  await writeFile(path.join(root, 'bench/results/ingest.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`recordInteractions, batches of ${batch}: ${ingest.eventsPerSecond} events/s, per batch p50 ${ingest.batchLatencyMs.p50} ms, p99 ${ingest.batchLatencyMs.p99} ms (failed ${failed})`);
  console.log(`event → homeRows: p50 ${toHome.p50Ms} ms, p99 ${toHome.p99Ms} ms, max ${toHome.maxMs} ms over ${trials} dismissals`);
} finally {
  server.kill('SIGTERM');
}
