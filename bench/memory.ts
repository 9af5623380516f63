/*
 * Where a gateway's memory goes: loads the serving state piece by piece, in this process, on the
 * data bench/serve.ts prepared (same BENCH_* variables), and measures resident memory (RSS) and
 * the JavaScript heap after each piece, with a garbage collection first. Then fills a shopper
 * state cache with BENCH_MEMORY_SHOPPERS (20000) shoppers, once with one event each and once with
 * their history, to price a cached shopper and a cached event, and projects a full cache (its
 * cap, 50,000 shoppers of 50 events each, or its byte budget if smaller). Writes
 * bench/results/memory-<products>-<database>.json.
 *
 * Run: node --import @swc-node/register/esm-register bench/memory.ts (after bench/serve.ts)
 */
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { openDatabase } from '../src/db/client.js';
import { createRepositories } from '../src/db/repositories/index.js';
import { sqlShopperStateLoader } from '../src/db/serving-reads.js';
import { HomeService } from '../src/home/home-service.js';
import { DEFAULT_SHOPPER_CACHE_BYTES, ShopperStateCache } from '../src/realtime/shopper-state.js';
import { createImageReader } from '../src/relevance/product-images.js';
import { RelevanceService } from '../src/relevance/relevance-service.js';
import { shopperIdFor } from '../src/seed/shoppers.js';
import { envNumber, gitRevision, machineDetails, repoRoot, sizeLabel, writeResult } from './support.js';

const products = envNumber('BENCH_PRODUCTS', 20_000);
const shoppers = envNumber('BENCH_SHOPPERS', 10_000);
const interactions = envNumber('BENCH_INTERACTIONS', 200_000);
const cachedShoppers = Math.min(shoppers, envNumber('BENCH_MEMORY_SHOPPERS', 20_000));
const database = process.env.BENCH_DATABASE === 'postgres' ? 'postgres' : 'pglite';
const vectorSearch = process.env.BENCH_VECTOR_SEARCH === 'pgvector' ? 'pgvector' : 'memory';
const scaleKey = `${products}-${shoppers}-${interactions}`;
const dataDir = path.join(repoRoot, 'bench/.data', `serve-${scaleKey}`);
const databaseUrl = database === 'postgres' ? (process.env.BENCH_DATABASE_URL || databaseUrlFor(`vitrine_bench_serve_${scaleKey.replaceAll('-', '_')}`)) : undefined;
/** ShopperStateCache's defaults in HomeService. */
const CACHE_CAP = 50_000;
const HISTORY_CAP = 50;

function databaseUrlFor(name: string): string {
  const url = new URL(process.env.BENCH_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${name}`;
  return url.toString();
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MiB = 2 ** 20;

interface Step {
  step: string;
  rssMiB: number;
  heapMiB: number;
  heapBytes: number;
  /** Memory outside the JS heap: WebAssembly (PGlite, TF.js), native addons (hnswlib), buffers. */
  externalMiB: number;
}

const steps: Step[] = [];
function measure(step: string): Step {
  gc();
  gc();
  const m = process.memoryUsage();
  const entry = { step, rssMiB: Math.round(m.rss / MiB), heapMiB: Math.round(m.heapUsed / MiB), heapBytes: m.heapUsed, externalMiB: Math.round((m.external + m.arrayBuffers) / MiB) };
  steps.push(entry);
  console.log(`${step.padEnd(44)} RSS ${String(entry.rssMiB).padStart(5)} MiB | heap ${String(entry.heapMiB).padStart(5)} MiB | external ${entry.externalMiB} MiB`);
  return entry;
}

measure('modules loaded');
const db = await openDatabase({ databaseUrl, dataDir, migrate: false }).catch((error: Error) => {
  throw new Error(`no prepared data for ${scaleKey} on ${database} (run bench/serve.ts with the same BENCH_* first): ${error.message}`);
});
try {
  if ((await db.prisma.product.count()) === 0) throw new Error(`no prepared data for ${scaleKey} on ${database}: run bench/serve.ts with the same BENCH_* first`);
  const opened = measure(`database open (${database})`);
  const repos = createRepositories(db.prisma);
  const relevance = new RelevanceService(repos, { readImage: createImageReader({ imagesDir: path.join(dataDir, 'images') }), vectorSearch, sql: (text, params) => db.sql.query(text, params) });
  await relevance.refresh();
  const model = measure(`model and item vectors (${relevance.status().state === 'active' ? (relevance.current?.items.kind ?? 'none') : 'no model'})`);
  const home = new HomeService(repos, relevance, sqlShopperStateLoader(db.sql));
  await home.catalog.load();
  const catalog = measure('catalog cache');
  // init() loads the catalog again (in place) and everything else ranking reads.
  await home.init();
  const loaded = measure('+ popularity, collections, rules');

  // The gateway's shopper cache, filled twice from the same loader: with one event per shopper,
  // then with the full history, to price a cached shopper and each cached event apart.
  const loader = sqlShopperStateLoader(db.sql);
  const fill = async (historyLength: number) => {
    const cache = new ShopperStateCache(loader, { historyLength, max: CACHE_CAP });
    let events = 0;
    const batch = 50;
    for (let start = 0; start < cachedShoppers; start += batch) {
      const states = await Promise.all(Array.from({ length: Math.min(batch, cachedShoppers - start) }, (_, i) => cache.get(shopperIdFor(start + i))));
      events += states.reduce((sum, s) => sum + s.history.length, 0);
    }
    return { cache, events };
  };
  const oneEach = await fill(1);
  const withOne = measure(`shopper cache: ${cachedShoppers.toLocaleString('en')} shoppers, 1 event each`);
  oneEach.cache.clear();
  const before = measure('shopper cache emptied');
  const full = await fill(HISTORY_CAP);
  const cached = measure(`shopper cache: ${cachedShoppers.toLocaleString('en')} shoppers, full history`);

  const perEvent = (cached.heapBytes - before.heapBytes - (withOne.heapBytes - loaded.heapBytes)) / Math.max(1, full.events - oneEach.events);
  const perShopper = (withOne.heapBytes - loaded.heapBytes) / cachedShoppers - perEvent * (oneEach.events / cachedShoppers);
  // The cache stops at its count cap or its byte budget, whichever comes first.
  const fullCacheMiB = Math.round(Math.min(CACHE_CAP * (perShopper + HISTORY_CAP * perEvent), DEFAULT_SHOPPER_CACHE_BYTES) / MiB);
  const result = {
    generatedAt: new Date().toISOString(),
    command: `BENCH_PRODUCTS=${products} BENCH_SHOPPERS=${shoppers} BENCH_INTERACTIONS=${interactions} BENCH_DATABASE=${database} node --import @swc-node/register/esm-register bench/memory.ts`,
    revision: gitRevision(),
    machine: machineDetails(),
    setup: { products, shoppers, interactions, database, vectorSearch, cachedShoppers },
    steps,
    breakdownMiB: {
      database: opened.rssMiB - steps[0].rssMiB,
      modelAndItemVectors: model.rssMiB - opened.rssMiB,
      catalog: catalog.rssMiB - model.rssMiB,
      popularityCollectionsRules: loaded.rssMiB - catalog.rssMiB,
    },
    catalogHeapBytesPerProduct: Math.round((catalog.heapBytes - model.heapBytes) / products),
    perProductBytes: Math.round(((loaded.rssMiB - opened.rssMiB) * MiB) / products),
    shopperCache: {
      perShopperBytes: Math.round(perShopper),
      perEventBytes: Math.round(perEvent),
      eventsPerShopper: Math.round((full.events / cachedShoppers) * 10) / 10,
    },
    projection: {
      note: `the shopper state cache full (${CACHE_CAP.toLocaleString('en')} shoppers with ${HISTORY_CAP} events each, within its ${DEFAULT_SHOPPER_CACHE_BYTES / MiB} MiB budget: the worst case), on top of everything loaded`,
      fullShopperCacheMiB: fullCacheMiB,
      totalMiB: loaded.rssMiB + fullCacheMiB,
    },
  };
  const name = `memory-${sizeLabel(products)}-${database}`;
  await writeResult(name, result);
  console.log(
    `per product ${result.perProductBytes} B resident (catalog, vectors, model rows; catalog heap alone ${result.catalogHeapBytesPerProduct} B); a cached shopper ${result.shopperCache.perShopperBytes} B + ${result.shopperCache.perEventBytes} B per event; ` +
      `a full shopper cache (${CACHE_CAP.toLocaleString('en')} × ${HISTORY_CAP} events, at most ${DEFAULT_SHOPPER_CACHE_BYTES / MiB} MiB) adds about ${fullCacheMiB} MiB → about ${result.projection.totalMiB} MiB in all`,
  );
} finally {
  await db.close();
}
