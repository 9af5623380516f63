/*
 * CPU cost of the short-term side of a shopper's profile when it is not memoised (the first page
 * after an event): the session-blended vector with its category affinity (item vectors of the
 * session, two nearest-neighbour searches for the score spreads) and the products dismissals hide
 * (a nearest-neighbour search per dismissal plus a catalog scan for brand/colour twins), over a
 * synthetic 20,000-item catalog in the in-process index the gateway uses at that size (HNSW).
 * Writes bench/results/short-term.json.
 *
 * Run: node --import @swc-node/register/esm-register bench/short-term.ts
 * Env: BENCH_PAGES (measured profiles, default 2000).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ShortTermSignals } from '../src/home/short-term.js';
import { createVectorIndex } from '../src/index/create-index.js';
import { inMemoryItemVectors } from '../src/index/item-vectors.js';
import type { CatalogView, HistoryEvent, ItemInfo, Signals } from '../src/recommend/types.js';
import { SeededRandom } from '../src/model/random.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CATALOG_SIZE = 20_000;
const DIMENSION = 64;
const CATEGORIES = 30;
const BRANDS = 40;
const COLOURS = ['black', 'ivory', 'camel', 'red', 'navy', 'green', 'gold', 'silver'];
const SESSION_EVENTS = 10;
const DISMISSALS = 3;
const PAGES = Number(process.env.BENCH_PAGES ?? 2000);
const NOW = new Date(Date.UTC(2026, 2, 10, 19, 0));

function random(seed: number): () => number {
  const generator = new SeededRandom(seed);
  return () => generator.next();
}

function unit(v: Float32Array): Float32Array {
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

async function main(): Promise<void> {
  const next = random(7);
  const centres = Array.from({ length: CATEGORIES }, () => unit(Float32Array.from({ length: DIMENSION }, () => next() - 0.5)));
  const items: ItemInfo[] = [];
  const vectors = new Float32Array(CATALOG_SIZE * DIMENSION);
  for (let i = 0; i < CATALOG_SIZE; i++) {
    const category = i % CATEGORIES;
    items.push({
      id: `p${i}`,
      title: `Item ${i}`,
      brandId: `b${Math.floor(next() * BRANDS)}`,
      brandName: 'Brand',
      category: `c${category}`,
      colour: COLOURS[Math.floor(next() * COLOURS.length)],
      material: 'calfskin',
      price: 500,
      currency: 'EUR',
      season: 'ALL_SEASON',
      launchedAt: NOW.getTime() - i * 60_000,
      stockStatus: 'IN_STOCK',
      tags: [],
    });
    vectors.set(unit(centres[category].map((x) => x + (next() - 0.5) * 0.3)), i * DIMENSION);
  }
  const index = inMemoryItemVectors(createVectorIndex(DIMENSION, CATALOG_SIZE));
  await index.put(items.map((i) => i.id), vectors, DIMENSION);
  const byId = new Map(items.map((i) => [i.id, i]));
  const catalog: CatalogView = { get: (id) => byId.get(id), newestFirst: () => items, size: items.length };
  const signals: Signals = {
    catalog,
    nearest: (vector, k, exclude) => index.nearest(vector, k, exclude),
    itemVector: (id) => index.get(id),
    popularity: () => 0,
    trending: () => [],
    collections: [],
  };

  const shortTerm = new ShortTermSignals();
  const histories = Array.from({ length: PAGES }, (): HistoryEvent[] =>
    Array.from({ length: SESSION_EVENTS }, (_, k) => ({
      productId: `p${Math.floor(next() * CATALOG_SIZE)}`,
      type: k < DISMISSALS ? 'DISMISS' : 'CLICK',
      occurredAt: new Date(NOW.getTime() - k * 90_000),
    })),
  );
  const longTerms = histories.map(() => unit(Float32Array.from({ length: DIMENSION }, () => next() - 0.5)));
  const measure = async (fn: (i: number) => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < PAGES; i++) {
      const start = performance.now();
      await fn(i);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => Number(times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(3));
    return { medianMs: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99) };
  };
  const session = await measure((i) => shortTerm.session(longTerms[i], histories[i], NOW, signals));
  const hidden = await measure((i) => shortTerm.hiddenBy(histories[i], signals, 1));
  const result = {
    catalog: CATALOG_SIZE,
    index: index.kind,
    sessionEvents: SESSION_EVENTS,
    dismissals: DISMISSALS,
    pages: PAGES,
    session,
    hiddenByDismissals: hidden,
    machine: { cpus: os.cpus().length, node: process.version },
    at: new Date().toISOString(),
  };
  console.log(`short-term profile over ${CATALOG_SIZE} items (${index.kind}), not memoised:`);
  console.log(`  session vector + affinity (${SESSION_EVENTS} events): median ${session.medianMs} ms, p95 ${session.p95Ms} ms`);
  console.log(`  hidden by ${DISMISSALS} dismissals:              median ${hidden.medianMs} ms, p95 ${hidden.p95Ms} ms`);
  await mkdir(path.join(repoRoot, 'bench/results'), { recursive: true });
  await writeFile(path.join(repoRoot, 'bench/results/short-term.json'), `${JSON.stringify(result, null, 2)}\n`);
}

await main();
