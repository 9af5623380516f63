/*
 * CPU cost of composing one home page (6 rows × 20 visible items, each row ranked to `depth`)
 * over a synthetic 20,000-item catalog, with the real core modules: sources, eligibility,
 * scoring, diversity, merchandising rules, decayed popularity and the in-process vector index
 * the gateway uses at this size (HNSW). Writes bench/results/compose.json.
 *
 * Run: node --import @swc-node/register/esm-register bench/compose.ts
 * The pages digest hashes every visit's composed page: an optimisation must leave it unchanged.
 * Env: BENCH_PAGES (measured pages per depth, default 3000), BENCH_DEPTHS (default "60,20"),
 *      BENCH_LABEL (results are kept per label, default "current"; other labels in the file stay).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createVectorIndex } from '../src/index/create-index.js';
import { inMemoryItemVectors } from '../src/index/item-vectors.js';
import { ANONYMOUS_PROFILE } from '../src/recommend/anonymous.js';
import { indexCollections } from '../src/recommend/collections.js';
import { DecayedPopularity, POPULARITY_WEIGHTS } from '../src/recommend/popularity.js';
import { DEFAULT_RANKING_CONFIG } from '../src/recommend/rank/ranking-config.js';
import { composeHomePage, STANDARD_RANKING, type Ranking } from '../src/recommend/rows/compose.js';
import type { StoredRule } from '../src/recommend/rules/types.js';
import type { CatalogView, CollectionDefinition, HistoryEvent, ItemInfo, RequestContext, ShopperProfile, Signals, TimeOfDay } from '../src/recommend/types.js';
import type { InteractionType, Occasion, Season } from '../src/realtime/events.js';
import { SeededRandom } from '../src/model/random.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CATALOG_SIZE = 20_000;
const DIMENSION = 64;
const PROFILES = 400;
const ROWS = 6;
const ITEMS_PER_ROW = 20;
const NOW = new Date(Date.UTC(2026, 2, 10, 19, 0));
const DAY_MS = 86_400_000;
const REGIONS = ['Milan', 'Paris', 'London', 'New York', 'Tokyo', 'Dubai'];
const CATEGORIES = [
  'tote', 'clutch', 'shoulder bag', 'backpack', 'pump', 'sneaker', 'loafer', 'boot', 'sandal', 'silk scarf', 'earrings', 'necklace',
  'ring', 'bracelet', 'blazer', 'coat', 'dress', 'shirt', 'trousers', 'knitwear', 'belt', 'watch', 'sunglasses', 'fragrance',
];
const COLOURS = ['black', 'ivory', 'camel', 'burgundy', 'scarlet', 'navy', 'yellow gold', 'silver', 'green', 'blush'];
const MATERIALS = ['calfskin', 'suede', 'cashmere', 'silk twill', 'wool', 'cotton', 'gold', 'canvas'];
const SEASONS: Season[] = ['SPRING', 'SUMMER', 'AUTUMN', 'WINTER', 'ALL_SEASON'];
const OCCASIONS: Occasion[] = ['EVERYDAY', 'WORK', 'EVENING', 'WEDDING', 'TRAVEL', 'GIFT'];
const BRANDS = 120;

/** The same world on every run. */
function random(seed: number): () => number {
  const generator = new SeededRandom(seed);
  return () => generator.next();
}

function normalise(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  for (let i = 0; i < v.length; i++) v[i] /= norm;
  return v;
}

function noisy(next: () => number, base: Float32Array, spread: number): Float32Array {
  const v = new Float32Array(DIMENSION);
  for (let i = 0; i < DIMENSION; i++) v[i] = base[i] + (next() - 0.5) * spread;
  return normalise(v);
}

interface World {
  items: ItemInfo[];
  vectors: Map<string, Float32Array>;
  byCategory: Map<string, ItemInfo[]>;
  categoryAxis: Map<string, Float32Array>;
  signals: Signals;
  rules: StoredRule[];
}

async function buildWorld(seed = 7): Promise<World> {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const randomUnit = () => noisy(next, new Float32Array(DIMENSION), 2);
  // Embeddings cluster by category, and within it by brand, as a trained item tower's do.
  const categoryAxis = new Map(CATEGORIES.map((c) => [c, randomUnit()]));
  const brandAxis = Array.from({ length: BRANDS }, () => randomUnit());
  const items: ItemInfo[] = [];
  const vectors = new Map<string, Float32Array>();
  const byCategory = new Map<string, ItemInfo[]>(CATEGORIES.map((c) => [c, []]));
  for (let i = 0; i < CATALOG_SIZE; i++) {
    const category = pick(CATEGORIES);
    // A few big houses carry much of the catalog.
    const brand = Math.floor(BRANDS * next() ** 2);
    const upcoming = next() < 0.01;
    const occasion = next() < 0.4 ? [pick(OCCASIONS).toLowerCase()] : [];
    const product: ItemInfo = {
      id: `p${String(i).padStart(5, '0')}`,
      title: `${pick(['Lune', 'Brera', 'Capri', 'Orsay', 'Aurelia', 'Saffiano'])} ${category}`,
      brandId: `brand-${brand}`,
      brandName: `Brand ${brand}`,
      category,
      colour: pick(COLOURS),
      material: pick(MATERIALS),
      price: 150 + Math.round(next() ** 2 * 9000),
      currency: 'EUR',
      season: pick(SEASONS),
      launchedAt: NOW.getTime() + (upcoming ? 15 : -Math.floor(next() * 720)) * DAY_MS,
      stockStatus: upcoming ? 'PREORDER' : next() < 0.06 ? 'OUT_OF_STOCK' : next() < 0.1 ? 'LOW_STOCK' : 'IN_STOCK',
      tags: next() < 0.25 ? [...occasion, 'evening'] : occasion,
    };
    items.push(product);
    byCategory.get(category)!.push(product);
    const base = new Float32Array(DIMENSION);
    const c = categoryAxis.get(category)!;
    const b = brandAxis[brand];
    for (let d = 0; d < DIMENSION; d++) base[d] = 1.0 * c[d] + 0.5 * b[d];
    vectors.set(product.id, noisy(next, base, 0.25));
  }

  const catalog = catalogOf(items);
  const popularity = popularityOf(items, next);
  const index = createVectorIndex(DIMENSION, items.length);
  for (const [id, vector] of vectors) index.upsert(id, vector);
  const itemVectors = inMemoryItemVectors(index);
  const ids = items.map((item) => item.id);
  const definitions = collectionsOf(ids, next);
  const signals: Signals = {
    catalog,
    collections: indexCollections(definitions, catalog),
    nearest: (vector, k, exclude) => itemVectors.nearest(vector, k, exclude),
    itemVector: (id) => itemVectors.get(id),
    popularity: (id, region) => popularity.score(id, region),
    trending: (region, k) => popularity.top(region, k),
  };
  return { items, vectors, byCategory, categoryAxis, signals, rules: rulesOf(items) };
}

function catalogOf(items: readonly ItemInfo[]): CatalogView {
  const byId = new Map(items.map((i) => [i.id, i]));
  const newest = items.slice().sort((a, b) => b.launchedAt - a.launchedAt || a.id.localeCompare(b.id));
  return { get: (id) => byId.get(id), newestFirst: () => newest, size: items.length };
}

/** Six weeks of interactions, heavy-tailed over products, spread over regions. */
function popularityOf(items: readonly ItemInfo[], next: () => number): DecayedPopularity {
  const popularity = new DecayedPopularity(DEFAULT_RANKING_CONFIG.popularityHalfLifeDays, NOW);
  const types: InteractionType[] = ['VIEW', 'VIEW', 'VIEW', 'CLICK', 'DWELL', 'WISHLIST', 'ADD_TO_CART', 'PURCHASE'];
  for (let e = 0; e < 150_000; e++) {
    const item = items[Math.floor(items.length * next() ** 3)];
    const region = next() < 0.8 ? REGIONS[Math.floor(next() * REGIONS.length)] : null;
    const type = types[Math.floor(next() * types.length)];
    popularity.add(item.id, region, POPULARITY_WEIGHTS[type], new Date(NOW.getTime() - next() * 42 * DAY_MS));
  }
  return popularity;
}

function collectionsOf(ids: readonly string[], next: () => number): CollectionDefinition[] {
  const base = { rule: null, members: [], pins: [], exclusions: new Set<string>(), active: true, startsAt: null, endsAt: null };
  const sample = (n: number) => Array.from({ length: n }, () => ids[Math.floor(next() * ids.length)]);
  return [
    {
      ...base,
      id: 'c1',
      slug: 'evening-in-milan',
      title: 'Evening in Milan',
      kind: 'RULE_BASED',
      position: 1,
      rule: {
        when: { occasions: ['EVENING'], timesOfDay: ['evening', 'night'], regions: ['Milan'] },
        match: { categories: ['clutch', 'pump', 'earrings', 'dress'], colours: ['black', 'burgundy', 'scarlet', 'yellow gold'] },
      },
    },
    { ...base, id: 'c2', slug: 'winter-cashmere', title: 'Winter cashmere', kind: 'RULE_BASED', position: 2, rule: { when: { seasons: ['WINTER'] }, match: { materials: ['cashmere'] } } },
    { ...base, id: 'c3', slug: 'night-out', title: 'Night out', kind: 'RULE_BASED', position: 3, rule: { when: { timesOfDay: ['evening', 'night'] }, match: { tags: ['evening'] } } },
    { ...base, id: 'c4', slug: 'wedding-guest', title: 'Wedding guest', kind: 'RULE_BASED', position: 4, rule: { when: { occasions: ['WEDDING'] }, match: { tags: ['wedding'] } } },
    { ...base, id: 'c5', slug: 'the-icons', title: 'The Icons', kind: 'EDITORIAL', position: 0, members: sample(300), pins: [{ productId: ids[42], position: 1 }] },
    { ...base, id: 'c6', slug: 'gift-edit', title: 'The Gift Edit', kind: 'EDITORIAL', position: 1, members: sample(500) },
  ];
}

function rulesOf(items: readonly ItemInfo[]): StoredRule[] {
  const stored = (id: string, rule: StoredRule['rule']): StoredRule => ({ id, name: id, rule, active: true, startsAt: null, endsAt: null });
  return [
    stored('boost-house', { type: 'BOOST', select: { brandIds: ['brand-3'] }, amount: 0.05 }),
    stored('bury-fragrance', { type: 'BURY', select: { categories: ['fragrance'] }, amount: 0.1, scope: { rowKinds: ['TOP_PICKS'] } }),
    stored('exclude-recall', { type: 'EXCLUDE', select: { productIds: items.slice(100, 110).map((i) => i.id) } }),
    stored('separate', { type: 'SEPARATE_BRANDS', brandIds: ['brand-0', 'brand-1'] }),
    stored('pin-hero', { type: 'PIN', productId: items[7].id, position: 3, scope: { rowKinds: ['TRENDING_IN_REGION'] } }),
    stored('stock-only', { type: 'ONLY_IN_STOCK', select: { brandIds: ['brand-2'] } }),
    stored('hide-tokyo', { type: 'HIDE_IN_REGIONS', select: { brandIds: ['brand-5'] }, regions: ['Tokyo'] }),
    stored('aspiration', { type: 'ASPIRATIONAL_PRICE', maxAboveBand: 0.5, useOutOfBudgetBrowsing: false }),
  ];
}

interface Visit {
  personalised: boolean;
  profile: ShopperProfile;
  context: RequestContext;
}

function visitsOf(world: World, seed = 99): Visit[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const times: TimeOfDay[] = ['morning', 'afternoon', 'evening', 'night'];
  const eventTypes: InteractionType[] = ['VIEW', 'VIEW', 'VIEW', 'CLICK', 'DWELL', 'WISHLIST', 'ADD_TO_CART', 'PURCHASE', 'SKIP'];
  const visits: Visit[] = [];
  for (let v = 0; v < PROFILES; v++) {
    const region = next() < 0.85 ? pick(REGIONS) : null;
    const context: RequestContext = {
      now: NOW,
      timeOfDay: pick(times),
      season: pick(SEASONS.slice(0, 4)),
      occasion: next() < 0.4 ? pick(OCCASIONS) : null,
      region,
      device: next() < 0.6 ? 'MOBILE' : 'DESKTOP',
    };
    const personalised = v % 4 !== 3;
    const anonymous: ShopperProfile = { ...ANONYMOUS_PROFILE, region };
    if (!personalised) {
      visits.push({ personalised, profile: anonymous, context });
      continue;
    }
    const liked = [pick(CATEGORIES), pick(CATEGORIES), pick(CATEGORIES)];
    const taste = new Float32Array(DIMENSION);
    for (const category of liked) world.categoryAxis.get(category)!.forEach((x, d) => (taste[d] += x));
    const history: HistoryEvent[] = [];
    const purchasedAt = new Map<string, Date>();
    const events = 10 + Math.floor(next() * 40);
    for (let e = 0; e < events; e++) {
      const item = pick(world.byCategory.get(pick(liked))!);
      const type = pick(eventTypes);
      const occurredAt = new Date(NOW.getTime() - (e + next()) * 0.7 * DAY_MS);
      history.push({ productId: item.id, type, occurredAt });
      if (type === 'PURCHASE') purchasedAt.set(item.id, occurredAt);
    }
    visits.push({
      personalised,
      context,
      profile: {
        ...anonymous,
        userId: `u${v}`,
        personalized: true,
        favouriteBrandIds: next() < 0.5 ? [`brand-${Math.floor(next() * 20)}`] : [],
        favouriteCategories: next() < 0.5 ? [liked[0]] : [],
        statedPriceBand: next() < 0.3 ? { min: null, max: 1000 + Math.round(next() * 5000) } : null,
        history,
        purchasedAt,
        dismissed: new Set(Array.from({ length: Math.floor(next() * 5) }, () => pick(world.items).id)),
        vector: noisy(next, taste, 0.4),
        aspirationalConsent: next() < 0.5,
      },
    });
  }
  return visits;
}

/** Milliseconds spent in each ranking step, summed over the measured pages. */
interface Steps {
  nearest: number;
  scoring: number;
  diversify: number;
  rules: number;
}

function timedRanking(steps: Steps): Ranking {
  const timed =
    <A extends unknown[], R>(step: keyof Steps, fn: (...args: A) => R) =>
    (...args: A): R => {
      const start = performance.now();
      try {
        return fn(...args);
      } finally {
        steps[step] += performance.now() - start;
      }
    };
  return {
    isEligible: STANDARD_RANKING.isEligible,
    scoreCandidates: timed('scoring', STANDARD_RANKING.scoreCandidates),
    diversify: timed('diversify', STANDARD_RANKING.diversify),
    applyRules: timed('rules', STANDARD_RANKING.applyRules),
  };
}

function timedSignals(signals: Signals, steps: Steps): Signals {
  return {
    ...signals,
    async nearest(vector, k, exclude) {
      const start = performance.now();
      const found = await signals.nearest(vector, k, exclude);
      steps.nearest += performance.now() - start;
      return found;
    },
  };
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function summary(times: number[]) {
  const sorted = times.slice().sort((a, b) => a - b);
  const mean = times.reduce((s, t) => s + t, 0) / times.length;
  return { pages: times.length, medianMs: round(quantile(sorted, 0.5)), p95Ms: round(quantile(sorted, 0.95)), p99Ms: round(quantile(sorted, 0.99)), meanMs: round(mean) };
}

async function measure(world: World, visits: readonly Visit[], depth: number, pages: number) {
  const steps: Steps = { nearest: 0, scoring: 0, diversify: 0, rules: 0 };
  const ranking = timedRanking(steps);
  const signals = timedSignals(world.signals, steps);
  const compose = (visit: Visit) =>
    composeHomePage(
      { profile: visit.profile, context: visit.context, signals, config: DEFAULT_RANKING_CONFIG, rules: world.rules, rows: ROWS, itemsPerRow: ITEMS_PER_ROW, depth },
      ranking,
    );
  // What every visit's page holds, so that an optimisation can be shown to change nothing.
  const digest = createHash('sha256');
  for (const visit of visits) digest.update(JSON.stringify(await compose(visit)));
  // Warm up the JIT and the per-region popularity rankings before measuring.
  for (let i = 0; i < Math.min(500, pages); i++) await compose(visits[i % visits.length]);
  Object.assign(steps, { nearest: 0, scoring: 0, diversify: 0, rules: 0 });

  const wall: number[] = [];
  const cpu: number[] = [];
  const byKind = { personalised: [] as number[], anonymous: [] as number[] };
  let rowsSeen = 0;
  for (let i = 0; i < pages; i++) {
    const visit = visits[i % visits.length];
    const startCpu = process.cpuUsage();
    const start = performance.now();
    const page = await compose(visit);
    const elapsed = performance.now() - start;
    const used = process.cpuUsage(startCpu);
    rowsSeen += page.length;
    wall.push(elapsed);
    cpu.push((used.user + used.system) / 1000);
    byKind[visit.personalised ? 'personalised' : 'anonymous'].push(elapsed);
  }
  const total = wall.reduce((s, t) => s + t, 0);
  const perPage = (ms: number) => round(ms / pages);
  const ranked = steps.scoring + steps.diversify + steps.rules;
  return {
    depth,
    pagesDigest: digest.digest('hex').slice(0, 16),
    rowsPerPage: round(rowsSeen / pages),
    /** Wall-clock time per page: what a request waits for on this (shared, noisy) machine. */
    all: summary(wall),
    /** CPU time per page (process.cpuUsage, µs resolution): less disturbed by other processes. */
    cpu: summary(cpu),
    personalised: summary(byKind.personalised),
    anonymous: summary(byKind.anonymous),
    pagesPerSecondOneCore: Math.round((1000 * pages) / total),
    // Mean ms per page; "candidates" is everything outside the three ranking steps: sources
    // (of which the vector index's nearest-neighbour searches), eligibility, vector look-ups.
    breakdownMsPerPage: {
      candidates: perPage(total - ranked),
      nearest: perPage(steps.nearest),
      scoring: perPage(steps.scoring),
      diversify: perPage(steps.diversify),
      rules: perPage(steps.rules),
    },
  };
}

async function main() {
  const pages = Number(process.env.BENCH_PAGES ?? 3000);
  const depths = (process.env.BENCH_DEPTHS ?? '60,20').split(',').map(Number);
  const label = process.env.BENCH_LABEL ?? 'current';
  const started = performance.now();
  const world = await buildWorld();
  const visits = visitsOf(world);
  console.log(`World: ${world.items.length} items, ${visits.length} visits, built in ${Math.round(performance.now() - started)} ms`);
  const runs = [];
  for (const depth of depths) {
    const run = await measure(world, visits, depth, pages);
    runs.push(run);
    const { all, cpu, personalised, anonymous, breakdownMsPerPage: b } = run;
    console.log(
      `depth ${depth}, wall time per page: median ${all.medianMs} ms, p95 ${all.p95Ms} ms, p99 ${all.p99Ms} ms, mean ${all.meanMs} ms ` +
        `(${run.pagesPerSecondOneCore} pages/s on one core; ${run.rowsPerPage} rows/page; pages digest ${run.pagesDigest})\n` +
        `  CPU per page: median ${cpu.medianMs} ms, p95 ${cpu.p95Ms} ms, p99 ${cpu.p99Ms} ms, mean ${cpu.meanMs} ms\n` +
        `  personalised median ${personalised.medianMs} / p99 ${personalised.p99Ms} ms; anonymous median ${anonymous.medianMs} / p99 ${anonymous.p99Ms} ms\n` +
        `  per page: candidates ${b.candidates} ms (nearest ${b.nearest}), scoring ${b.scoring}, diversify ${b.diversify}, rules ${b.rules}`,
    );
  }
  const out = path.join(repoRoot, 'bench/results');
  await mkdir(out, { recursive: true });
  const file = path.join(out, 'compose.json');
  const previous = existsSync(file) ? JSON.parse(await readFile(file, 'utf8')) : {};
  const machine = { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, loadAverage: os.loadavg().map(round) };
  const results = {
    ...previous,
    setup: { catalogSize: CATALOG_SIZE, dimension: DIMENSION, rows: ROWS, itemsPerRow: ITEMS_PER_ROW, profiles: PROFILES, personalisedShare: 0.75, vectorIndex: 'hnsw (createVectorIndex default at 20k)' },
    [label]: { generatedAt: new Date().toISOString(), machine, runs },
  };
  await writeFile(file, JSON.stringify(results, null, 2) + '\n');
  console.log(`Wrote ${path.relative(repoRoot, file)} (label "${label}")`);
}

await main();
