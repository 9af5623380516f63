/*
 * What the trending and popular rows cost per page as a live store records events: the global
 * and one regional ranking read (top 400, what a page's rows ask) with no event between two
 * pages, and with one. Time-decayed popularity over BENCH_PRODUCTS products (default
 * "20000,200000"), ten events per product, a skewed catalog (most events on few products).
 * Writes bench/results/popularity.json.
 *
 * Run: node --import @swc-node/register/esm-register bench/popularity.ts
 */
import path from 'node:path';
import { DecayedPopularity } from '../src/recommend/popularity.js';
import { SeededRandom } from '../src/model/random.js';
import { gitRevision, machineDetails, repoRoot, writeResult } from './support.js';

const sizes = (process.env.BENCH_PRODUCTS ?? '20000,200000').split(',').map(Number);
const PAGES = 200;
const DAY_MS = 86_400_000;
const REGIONS = ['Milan', 'Paris', 'Tokyo'];

const runs = [];
for (const products of sizes) {
  const random = new SeededRandom(42);
  const now = Date.now();
  const popularity = new DecayedPopularity(7, new Date(now));
  const someProduct = () => `p-${String(Math.floor(random.next() ** 2 * products)).padStart(6, '0')}`;
  for (let i = 0; i < products * 10; i++) popularity.add(someProduct(), REGIONS[i % REGIONS.length]!, 1 + (i % 5), new Date(now - Math.floor(random.next() * 30) * DAY_MS));
  const page = () => {
    popularity.top(null, 400);
    popularity.top('Milan', 400);
  };
  page();
  const time = (between: () => void) => {
    const started = performance.now();
    for (let p = 0; p < PAGES; p++) {
      between();
      page();
    }
    return Math.round(((performance.now() - started) / PAGES) * 1000) / 1000;
  };
  const quiet = time(() => undefined);
  const live = time(() => popularity.add(someProduct(), 'Milan', 1, new Date(now)));
  runs.push({ products, events: products * 10, msPerPage: { noEventBetweenPages: quiet, oneEventBetweenPages: live } });
  console.log(`${products.toLocaleString('en')} products: trending reads ${quiet} ms per page with no event between pages, ${live} ms with one`);
}
const file = await writeResult('popularity', {
  generatedAt: new Date().toISOString(),
  command: 'node --import @swc-node/register/esm-register bench/popularity.ts',
  revision: gitRevision(),
  machine: machineDetails(),
  setup: { pages: PAGES, readsPerPage: 'top 400 global + top 400 in one region', halfLifeDays: 7 },
  runs,
});
console.log(`wrote ${path.relative(repoRoot, file)}`);
