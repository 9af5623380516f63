/*
 * Serving benchmark: a catalog of BENCH_PRODUCTS products and BENCH_SHOPPERS shoppers with a
 * trained model, served by `vitrine serve` in its own process; autocannon drives `homeRows`
 * (6 rows × 20 items, varied shoppers and contexts) over real HTTP, next to a trivial query on
 * the same server. Prints p50/p99 latency, requests/s and the server's peak resident memory
 * (VmHWM), and writes bench/results/serve-<products>-<database>.json. Two more runs follow the
 * saturated one: `row()` paging deeper into the top-picks row of pages just served (what a
 * storefront asks when a shopper scrolls a row; the gateway continues the served page), and
 * `homeRows` one request at a time at half the saturated rate: the latency of a page itself,
 * without the queueing of a saturated server (autocannon sends a rate-limited second's requests
 * together, so several connections at a rate would measure its bursts instead); then `homeRows`
 * saturated again while a storefront records BENCH_EVENTS_PER_SECOND events (views, in batches
 * of 5 from other shoppers), as a live store does: popularity then moves between pages. Last, the
 * serving stack's own ceiling for a page of this size: the six rows of pages just served, asked
 * in one request of six `row()` fields, which the gateway answers from the pages it keeps — the
 * same 120 items through the same HTTP, GraphQL, impression and JSON work, without ranking.
 *
 * Run: node --import @swc-node/register/esm-register bench/serve.ts
 * Env: BENCH_PRODUCTS (20000), BENCH_SHOPPERS (10000), BENCH_INTERACTIONS (200000),
 *      BENCH_DATABASE=pglite|postgres (postgres: a database this bench creates on
 *      BENCH_PG_ADMIN_URL, default postgresql://postgres@127.0.0.1:5432/postgres),
 *      BENCH_DATABASE_URL (an existing database instead), BENCH_VECTOR_SEARCH=memory|pgvector,
 *      BENCH_EPOCHS (3), BENCH_DURATION seconds per run (20), BENCH_CONNECTIONS (16), BENCH_PORT,
 *      BENCH_SERVER_NODE_ARGS (node options of the gateway, e.g. "--max-old-space-size=1024").
 * The data (bench/.data/… or the bench database) is kept between runs; delete it to rebuild.
 */
import path from 'node:path';
import autocannon from 'autocannon';
import { cursorAt } from '../src/recommend/rows/pagination.js';
import { productIdFor } from '../src/seed/catalog.js';
import { shopperIdFor } from '../src/seed/shoppers.js';
import { cacheLookups, driveGraphQL, prepareServingData, startServer, storefrontHeaders, waitForHealth } from './serving-fixture.js';
import { ensureDatabase, envNumber, gitRevision, machineDetails, postgresVersion, processMemory, repoRoot, sizeLabel, threadCpuMs, writeResult } from './support.js';

const products = envNumber('BENCH_PRODUCTS', 20_000);
const shoppers = envNumber('BENCH_SHOPPERS', 10_000);
const interactions = envNumber('BENCH_INTERACTIONS', 200_000);
const epochs = envNumber('BENCH_EPOCHS', 3);
const duration = envNumber('BENCH_DURATION', 20);
const connections = envNumber('BENCH_CONNECTIONS', 16);
const port = envNumber('BENCH_PORT', 4555);
const eventsPerSecond = envNumber('BENCH_EVENTS_PER_SECOND', 50);
const database = process.env.BENCH_DATABASE_URL || process.env.BENCH_DATABASE === 'postgres' ? 'postgres' : 'pglite';
const vectorSearch = process.env.BENCH_VECTOR_SEARCH === 'pgvector' ? 'pgvector' : 'memory';
const scaleKey = `${products}-${shoppers}-${interactions}`;
// One folder per database: a gateway prunes model folders its own database does not know, so a
// folder shared by the embedded and the PostgreSQL data set would lose the other's model files.
const dataDir = path.join(repoRoot, 'bench/.data', `serve-${scaleKey}${database === 'postgres' ? '-postgres' : ''}`);
const databaseUrl = process.env.BENCH_DATABASE_URL || (database === 'postgres' ? await ensureDatabase(`vitrine_bench_serve_${scaleKey.replaceAll('-', '_')}`) : undefined);
const resultName = `serve-${sizeLabel(products)}-${database}${vectorSearch === 'pgvector' ? '-pgvector' : ''}`;
const data = { dataDir, databaseUrl };
const headers = await storefrontHeaders();

/**
 * Above 50,000 products training skips its validation split: ranking every validation shopper
 * against the whole catalog is billions of dot products, minutes the serving bench does not need.
 */
const prepare = () =>
  prepareServingData(data, { seed: 11, scale: { products, shoppers, interactions }, train: { epochs, ...(products > 50_000 ? { validationFraction: 0 } : {}) } });

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

/** The same page, only its row ids: what the ceiling run asks for in its `row()` fields. */
const HOME_ROW_IDS = `query HomeRowIds($userId: ID, $context: ContextInput) { homeRows(userId: $userId, context: $context, rows: 6, itemsPerRow: 20) { rows { id } } }`;

const ROW = `query Row($userId: ID, $context: ContextInput, $after: String) {
  row(id: "top-picks", userId: $userId, context: $context, rows: 6, itemsPerRow: 20, first: 20, after: $after) {
    id items { score reason impressionId product { id title price brand { name } } }
  }
}`;

/** Six `row()` fields, first 20 items each: a whole 6×20 page's items, continued from the page served. */
const SIX_ROWS = `query SixRows($userId: ID, $context: ContextInput, ${[0, 1, 2, 3, 4, 5].map((i) => `$r${i}: ID!`).join(', ')}) {
${[0, 1, 2, 3, 4, 5]
  .map((i) => `  r${i}: row(id: $r${i}, userId: $userId, context: $context, rows: 6, itemsPerRow: 20, first: 20) { id items { score reason impressionId product { id title price brand { name } } } }`)
  .join('\n')}
}`;

/** Pages whose row ids the ceiling run asks for: ranked one at a time before it, then kept by the gateway. */
const CEILING_PAGES = 300;

const RECORD = `mutation Record($events: [InteractionInput!]!) { recordInteractions(events: $events) { accepted } }`;
const EVENTS_PER_BATCH = 5;

/** Pages the row run continues: about the last 20 s of pages at today's rate, well within the gateway's served-page memory. */
const LATEST_SERVED = 1_000;

const load = (url: string, title: string, body: () => string, seconds = duration, pace?: { connections: number; overallRate: number }) =>
  driveGraphQL({ url, title, connections, seconds, headers, body, ...pace });

type ThreadCpu = ReturnType<typeof threadCpuMs>;

/** CPU ms per request of the server's main thread (or its other threads) between two readings. */
const cpuMsPer = (before: ThreadCpu, after: ThreadCpu, requests: number, part: 'mainThread' | 'otherThreads' = 'mainThread') =>
  before && after && requests > 0 ? Math.round(((after[part] - before[part]) / requests) * 100) / 100 : null;

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
const server = startServer(data, port, { VITRINE_VECTOR_SEARCH: vectorSearch });
const url = `http://127.0.0.1:${port}`;
try {
  const health = await waitForHealth(url, server);
  const afterStart = processMemory(server.pid!);
  let n = 0;
  const asked = new Set<string>();
  /** The latest pages served to known shoppers, which the row run pages deeper into. */
  const served: { userId: string; context: (typeof CONTEXTS)[number] }[] = [];
  const homeBody = () => {
    n++;
    // One page in ten is anonymous; the others spread over every shopper.
    const userId = n % 10 === 0 ? null : shopperIdFor((n * 7919) % shoppers);
    const context = CONTEXTS[n % CONTEXTS.length]!;
    if (userId) {
      asked.add(userId);
      served.push({ userId, context });
      if (served.length > 2 * LATEST_SERVED) served.splice(0, LATEST_SERVED);
    }
    return JSON.stringify({ query: HOME, variables: { userId, context } });
  };
  // Warm-up: JIT, caches of active shoppers, the first model calls.
  await load(url, 'warm-up', homeBody, Math.min(duration, 10)).catch(() => undefined);
  const trivial = summary(await load(url, 'trivial query', () => JSON.stringify({ query: '{ __typename }' })));
  const cpuBefore = threadCpuMs(server.pid!);
  const home = summary(await load(url, 'homeRows 6×20', homeBody));
  const cpuAfter = threadCpuMs(server.pid!);
  // The main thread's time per page bounds throughput when cores are free: 1000 / it pages/s.
  const cpuMsPerPage = { mainThread: cpuMsPer(cpuBefore, cpuAfter, home.requests), otherThreads: cpuMsPer(cpuBefore, cpuAfter, home.requests, 'otherThreads') };
  // Deeper pages of rows just served: the second page of top picks, for the latest shoppers.
  const recent = served.slice(-LATEST_SERVED);
  let r = 0;
  const rowBody = () => JSON.stringify({ query: ROW, variables: { ...recent[r++ % recent.length]!, after: cursorAt(19) } });
  const lookupsBefore = await cacheLookups(url, 'served_pages');
  const rowCpuBefore = threadCpuMs(server.pid!);
  const rows = summary(await load(url, 'row() page 2', rowBody));
  const rowCpuAfter = threadCpuMs(server.pid!);
  const lookupsAfter = await cacheLookups(url, 'served_pages');
  const continued = lookupsAfter.hits - lookupsBefore.hits;
  const recomposed = lookupsAfter.misses - lookupsBefore.misses;
  const rowCpuMs = cpuMsPer(rowCpuBefore, rowCpuAfter, rows.requests);
  const rowPaging = { ...rows, cpuMsPerRequest: rowCpuMs, continuedShare: continued + recomposed > 0 ? Math.round((continued / (continued + recomposed)) * 1000) / 1000 : null };
  const halfRate = Math.max(1, Math.round(home.requestsPerSecond / 2));
  const steady = { overallRate: halfRate, connections: 1, ...summary(await load(url, `homeRows one at a time, ${halfRate} pages/s`, homeBody, duration, { connections: 1, overallRate: halfRate })) };
  let e = 0;
  const eventsBody = () =>
    JSON.stringify({
      query: RECORD,
      variables: {
        events: Array.from({ length: EVENTS_PER_BATCH }, () => {
          e++;
          return { userId: shopperIdFor((e * 104_729) % shoppers), productId: productIdFor((e * 7_907) % products), type: 'VIEW', context: CONTEXTS[e % CONTEXTS.length] };
        }),
      },
    });
  const liveCpuBefore = threadCpuMs(server.pid!);
  const [livePages, liveEvents] = await Promise.all([
    load(url, 'homeRows while events arrive', homeBody),
    // Several batches in flight: each waits behind the pages the server is busy with.
    load(url, 'events', eventsBody, duration, { connections: 4, overallRate: Math.max(1, Math.round(eventsPerSecond / EVENTS_PER_BATCH)) }),
  ]);
  const liveCpuAfter = threadCpuMs(server.pid!);
  const live = {
    eventsPerSecond: Math.round(liveEvents.requests.average * EVENTS_PER_BATCH),
    eventBatches: summary(liveEvents),
    ...summary(livePages),
    // The events' own handling is in the server's CPU too; it is small next to a page at these rates.
    cpuMsPerPage: cpuMsPer(liveCpuBefore, liveCpuAfter, livePages.requests.total),
  };
  // The row ids of pages served just now, one request at a time (each is ranked and kept).
  const ceilingPages: { userId: string; context: (typeof CONTEXTS)[number]; rowIds: string[] }[] = [];
  for (const { userId, context } of served.slice(-CEILING_PAGES)) {
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query: HOME_ROW_IDS, variables: { userId, context } }) });
    const rowIds = ((await response.json()) as { data?: { homeRows: { rows: { id: string }[] } } }).data?.homeRows.rows.map((row) => row.id) ?? [];
    if (rowIds.length === 6) ceilingPages.push({ userId, context, rowIds });
  }
  let c = 0;
  const sixRowsBody = () => {
    const { userId, context, rowIds } = ceilingPages[c++ % ceilingPages.length]!;
    return JSON.stringify({ query: SIX_ROWS, variables: { userId, context, ...Object.fromEntries(rowIds.map((id, i) => [`r${i}`, id])) } });
  };
  const ceilingLookupsBefore = await cacheLookups(url, 'served_pages');
  const ceilingCpuBefore = threadCpuMs(server.pid!);
  const ceilingRun = summary(await load(url, 'six rows of served pages, without ranking', sixRowsBody));
  const ceilingCpuAfter = threadCpuMs(server.pid!);
  const ceilingLookupsAfter = await cacheLookups(url, 'served_pages');
  const ceiling = {
    pages: ceilingPages.length,
    ...ceilingRun,
    cpuMsPerPage: cpuMsPer(ceilingCpuBefore, ceilingCpuAfter, ceilingRun.requests),
    // Six lookups per request; every one should be a hit, or the run measured ranking after all.
    rowsRankedAfresh: ceilingLookupsAfter.misses - ceilingLookupsBefore.misses,
  };
  const memory = processMemory(server.pid!);
  const serverNodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.trim() || undefined;
  const result = {
    generatedAt: new Date().toISOString(),
    command: `BENCH_PRODUCTS=${products} BENCH_SHOPPERS=${shoppers} BENCH_INTERACTIONS=${interactions} BENCH_DATABASE=${database}${vectorSearch === 'pgvector' ? ' BENCH_VECTOR_SEARCH=pgvector' : ''}${serverNodeArgs ? ` BENCH_SERVER_NODE_ARGS="${serverNodeArgs}"` : ''} node --import @swc-node/register/esm-register bench/serve.ts`,
    revision: gitRevision(),
    machine: { ...machineDetails(), postgres: database === 'postgres' ? await postgresVersion(databaseUrl) : null },
    setup: { products, shoppers, interactions, database, vectorSearch, serverNodeArgs: serverNodeArgs ?? null, connections, durationSeconds: duration, distinctShoppersAsked: asked.size, model: health.model },
    trivial,
    homeRows: { ...home, cpuMsPerPage },
    rowPaging,
    homeRowsOneAtATime: steady,
    homeRowsWithEvents: live,
    servingCeiling: ceiling,
    // The whole server process; on PostgreSQL the database's own memory is not included.
    memory: { afterStartMiB: afterStart?.rssMiB ?? null, endMiB: memory?.rssMiB ?? null, peakMiB: memory?.peakRssMiB ?? null },
  };
  const file = await writeResult(resultName, result);
  console.log(`${resultName}: ${products.toLocaleString('en')} products, ${shoppers.toLocaleString('en')} shoppers on ${database} (${vectorSearch} vector search)`);
  console.log(`trivial query: ${trivial.requestsPerSecond} req/s, p50 ${trivial.latencyMs.p50} ms, p99 ${trivial.latencyMs.p99} ms`);
  console.log(`homeRows 6×20: ${home.requestsPerSecond} pages/s, p50 ${home.latencyMs.p50} ms, p99 ${home.latencyMs.p99} ms (errors ${home.errors}, non-2xx ${home.non2xx})`);
  console.log(`server CPU per page: main thread ${cpuMsPerPage.mainThread} ms, other threads ${cpuMsPerPage.otherThreads} ms`);
  console.log(`row() page 2 of top picks: ${rows.requestsPerSecond} req/s, p50 ${rows.latencyMs.p50} ms, p99 ${rows.latencyMs.p99} ms, main thread ${rowCpuMs} ms per request, ${continued} served pages continued, ${recomposed} ranked afresh`);
  console.log(`homeRows one at a time, ${halfRate} pages/s: p50 ${steady.latencyMs.p50} ms, p99 ${steady.latencyMs.p99} ms`);
  console.log(`homeRows while ${live.eventsPerSecond} events/s arrive: ${live.requestsPerSecond} pages/s, p50 ${live.latencyMs.p50} ms, p99 ${live.latencyMs.p99} ms, main thread ${live.cpuMsPerPage} ms per page`);
  console.log(
    `six rows of ${ceiling.pages} served pages in one request, without ranking: ${ceiling.requestsPerSecond} pages/s, p50 ${ceiling.latencyMs.p50} ms, p99 ${ceiling.latencyMs.p99} ms, main thread ${ceiling.cpuMsPerPage} ms per page, ${ceiling.rowsRankedAfresh} rows ranked afresh`,
  );
  console.log(`server memory: ${result.memory.afterStartMiB} MiB after start-up, peak ${result.memory.peakMiB} MiB resident (VmHWM)${serverNodeArgs ? `, node ${serverNodeArgs}` : ''}`);
  console.log(`wrote ${path.relative(repoRoot, file)}`);
  if ([home, rows, steady, live, live.eventBatches, ceiling].some((run) => run.non2xx > 0 || run.errors > 0)) process.exitCode = 1;
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => (server.exitCode !== null ? resolve(undefined) : server.once('exit', resolve)));
}
