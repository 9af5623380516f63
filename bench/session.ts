/*
 * How well the within-session signal ("the page learns from each click in this session")
 * predicts what a shopper buys next, on UCI Online Retail: invoices are sessions, a shopper's
 * earlier invoices the long-term history. The two-tower model is trained on everything before a
 * time cut-off; each later invoice (by a shopper the model knows, ≥ 4 distinct new products)
 * becomes a session whose first 3 products are CLICK events one minute apart, the rest held out.
 * Three top-picks rankings of the whole catalog, built with the gateway's own code (`topPicks`,
 * eligibility, `scoreCandidates`, `ShortTermSignals`; no diversity), are compared at 20 by
 * HitRate, Recall and NDCG over the held-out products, paired NDCG differences, and the share of
 * the 20 the shopper had never bought:
 *   A long-term      the user tower's vector only (no session logic);
 *   B blended        the session-blended vector and category affinity, no `sessionTaste` (before);
 *   C session taste  B plus `sessionTaste` (what the gateway does now).
 * Writes bench/results/session.json and prints the table.
 *
 * Run: node --import @swc-node/register/esm-register bench/session.ts
 * Env: BENCH_EPOCHS (default 5), BENCH_SESSIONS (sampled test sessions, default 1000),
 * BENCH_CANDIDATES (top-picks candidates per ranking, default 160 as the home page draws).
 */
import path from 'node:path';
import { defaultProgress, type ProgressFactory } from '../src/cli/progress.js';
import { shopperProfile } from '../src/home/profile.js';
import { ShortTermSignals } from '../src/home/short-term.js';
import { createVectorIndex } from '../src/index/create-index.js';
import { inMemoryItemVectors, type ItemVectors } from '../src/index/item-vectors.js';
import { usersWithHistory } from '../src/model/eval/evaluate.js';
import { rankingMetrics } from '../src/model/eval/metrics.js';
import type { Rating } from '../src/model/eval/protocols.js';
import type { ItemFeatures } from '../src/model/features.js';
import { SeededRandom } from '../src/model/random.js';
import type { TwoTowerModel } from '../src/model/towers.js';
import { trainTwoTower, type TrainResult } from '../src/model/train.js';
import { isEligible } from '../src/recommend/rank/eligibility.js';
import { DEFAULT_RANKING_CONFIG } from '../src/recommend/rank/ranking-config.js';
import { scoreCandidates } from '../src/recommend/rank/score.js';
import { DEFAULT_SESSION_OPTIONS } from '../src/recommend/session.js';
import { topPicks } from '../src/recommend/sources/top-picks.js';
import type { CatalogView, HistoryEvent, ItemInfo, RequestContext, ShopperProfile, Signals } from '../src/recommend/types.js';
import { userFeaturesOf } from '../src/relevance/features.js';
import { loadOnlineRetail, type BenchDataset } from './datasets.js';
import { envNumber, machineDetails, repoRoot, writeResult } from './support.js';

const SEED = 42;
const EPOCHS = envNumber('BENCH_EPOCHS', 5);
const MAX_SESSIONS = envNumber('BENCH_SESSIONS', 1000);
/** Share of the pairs (by time) before the cut-off: the model's training period. */
const TRAIN_SHARE = 0.8;
const CLICKS = 3;
const MIN_SESSION_ITEMS = CLICKS + 1;
const K = 20;
/**
 * What the gateway's composer asks of top picks for a row of K: the row is ranked two pages deep
 * (PAGES_RANKED_PER_ROW in src/home/home-service.ts) with 4 candidates per slot (compose.ts).
 */
const CANDIDATES = envNumber('BENCH_CANDIDATES', K * 2 * 4);
/** The gateway keeps a shopper's newest 50 events (HISTORY_LENGTH in src/home/home-service.ts). */
const HISTORY_LENGTH = 50;
const MINUTE_MS = 60_000;
const COMMAND = 'node --import @swc-node/register/esm-register bench/session.ts';

/** No season, occasion or evening: the context part is 0 for every item and leaves the order alone. */
const contextAt = (now: Date): RequestContext => ({ now, timeOfDay: 'afternoon' });

const RANKINGS = ['longTerm', 'blended', 'sessionTaste'] as const;
type RankingName = (typeof RANKINGS)[number];
const LABELS: Record<RankingName, string> = {
  longTerm: 'A long-term (user tower only)',
  blended: 'B blended vector + affinity (before)',
  sessionTaste: 'C + session taste (now)',
};

interface TestSession {
  user: number;
  /** The invoice time, epoch ms. */
  startedAt: number;
  /** Item indices in invoice line order. */
  items: number[];
}

/** The catalog and signals as the gateway would serve them from this model. */
interface World {
  signals: Signals;
  itemIds: string[];
  itemIndex: ReadonlyMap<string, number>;
  vectors: ItemVectors;
}

async function main(): Promise<void> {
  const started = performance.now();
  const loaded = await loadOnlineRetail();
  if ('missing' in loaded) {
    console.log(`${loaded.missing}; skipping the session benchmark.`);
    return;
  }
  const { dataset } = loaded;
  const progress = defaultProgress();
  const cutoff = timeQuantile(dataset.ratings, TRAIN_SHARE);
  const train = dataset.ratings.filter((r) => r.time < cutoff);
  const candidates = testSessions(dataset.ratings, cutoff, new Set(train.map((r) => r.user)));
  const sessions = sample(candidates, MAX_SESSIONS);

  const trained = await trainModel(dataset, train, progress);
  const world = await servingWorld(dataset.items, trained.model, train);
  const byRanking = await rankSessions(sessions, dataset, world, trained.model, progress);
  trained.model.dispose();

  const heldOut = sessions.map((s) => s.items.slice(CLICKS));
  const ndcgs = RANKINGS.map((name) => sessionNdcgs(byRanking.rankings[name], heldOut, world));
  const rows = RANKINGS.map((name, r) => ({
    name,
    label: LABELS[name],
    ...summarise(byRanking.rankings[name], heldOut, byRanking.known, world),
    // Paired over the same sessions: far tighter than comparing the two means' own intervals.
    ndcgVsPrevious: r === 0 ? null : pairedDifference(ndcgs[r]!, ndcgs[r - 1]!),
  }));
  console.log('\n' + formatTable(rows));
  const seconds = Math.round((performance.now() - started) / 1000);
  const file = await writeResult('session', {
    generatedAt: new Date().toISOString(),
    command: COMMAND,
    seconds,
    machine: machineDetails(),
    backend: trained.backend,
    dataset: { name: dataset.name, notes: dataset.notes, users: dataset.users.length, items: dataset.items.length, ratings: dataset.ratings.length },
    split: {
      cutoff: new Date(cutoff * 1000).toISOString(),
      trainRatings: train.length,
      testSessionsAvailable: candidates.length,
      testSessions: sessions.length,
      heldOutItemsPerSession: round(mean(sessions.map((s) => s.items.length - CLICKS)), 2),
    },
    parameters: {
      seed: SEED,
      epochs: EPOCHS,
      clicks: CLICKS,
      k: K,
      candidates: CANDIDATES,
      meanSessionShare: round(mean(byRanking.shares), 3),
      sessionOptions: DEFAULT_SESSION_OPTIONS,
      rankingWeights: DEFAULT_RANKING_CONFIG.weights,
    },
    training: { epochsRun: trained.epochs.length, bestEpoch: trained.bestEpoch, trainSeconds: round(trained.timing.trainSeconds, 1) },
    metrics: Object.fromEntries(rows.map(({ name, label, ...metrics }) => [name, { label, ...metrics }])),
  });
  console.log(`${sessions.length} sessions in ${seconds} s; wrote ${path.relative(repoRoot, file)}`);
}

/** The time (seconds) before which `share` of the ratings fall. */
function timeQuantile(ratings: readonly Rating[], share: number): number {
  const times = ratings.map((r) => r.time).sort((a, b) => a - b);
  return times[Math.floor(times.length * share)]!;
}

/**
 * Invoices after the cut-off by shoppers with training history, with ≥ `MIN_SESSION_ITEMS`
 * products. The loader keeps each (shopper, product) pair at its first purchase, so an invoice's
 * products here are the ones new to the shopper, and its pairs share one timestamp.
 */
function testSessions(ratings: readonly Rating[], cutoff: number, known: ReadonlySet<number>): TestSession[] {
  const invoices = new Map<string, TestSession>();
  for (const { user, item, time } of ratings) {
    if (time < cutoff || !known.has(user)) continue;
    const key = `${user}@${time}`;
    const session = invoices.get(key) ?? { user, startedAt: time * 1000, items: [] };
    invoices.set(key, session);
    session.items.push(item);
  }
  return [...invoices.values()].filter((s) => s.items.length >= MIN_SESSION_ITEMS);
}

function sample<T>(values: readonly T[], max: number): T[] {
  const shuffled = [...values];
  new SeededRandom(SEED).shuffle(shuffled);
  return shuffled.slice(0, max);
}

async function trainModel(dataset: BenchDataset, train: Rating[], progress: ProgressFactory): Promise<TrainResult> {
  let bar: ReturnType<ProgressFactory> | undefined;
  const trained = await trainTwoTower(
    { items: dataset.items, users: usersWithHistory(dataset.users, train), interactions: train },
    {
      epochs: EPOCHS,
      seed: SEED,
      validationK: K,
      onProgress: (p) => {
        bar ??= progress('train', p.epochs * p.steps, 'steps');
        bar.update((p.epoch - 1) * p.steps + p.step, { epoch: `${p.epoch}/${p.epochs}`, loss: p.loss.toFixed(3) });
      },
    },
  );
  bar?.stop();
  return trained;
}

/**
 * Every product with its item-tower vector in the gateway's in-process index. The data set has
 * no brands, seasons, stock or launch dates: those fields are the same for every item, so
 * freshness and context do not reorder anything. Popularity is the item's training purchase
 * count over the best seller's.
 */
async function servingWorld(items: readonly ItemFeatures[], model: TwoTowerModel, train: readonly Rating[]): Promise<World> {
  const itemIds = items.map((i) => i.id);
  const vectors = inMemoryItemVectors(createVectorIndex(model.dimension, items.length));
  await vectors.put(itemIds, model.embedItems(items), model.dimension);
  const catalog = catalogOf(items.map(itemInfo));
  const counts = new Map<string, number>();
  for (const { item } of train) counts.set(itemIds[item]!, (counts.get(itemIds[item]!) ?? 0) + 1);
  const best = Math.max(1, ...counts.values());
  const signals: Signals = {
    catalog,
    nearest: (vector, k, exclude) => vectors.nearest(vector, k, exclude),
    itemVector: (id) => vectors.get(id),
    popularity: (id) => (counts.get(id) ?? 0) / best,
    trending: () => [],
    collections: [],
  };
  return { signals, itemIds, itemIndex: new Map(itemIds.map((id, i) => [id, i])), vectors };
}

function itemInfo(item: ItemFeatures): ItemInfo {
  return {
    id: item.id,
    title: item.title ?? item.id,
    brandId: '',
    brandName: '',
    category: item.category ?? 'other',
    colour: '',
    material: '',
    price: item.price ?? 0,
    currency: 'GBP',
    season: 'ALL_SEASON',
    launchedAt: 0,
    stockStatus: 'IN_STOCK',
    tags: [],
  };
}

function catalogOf(items: readonly ItemInfo[]): CatalogView {
  const byId = new Map(items.map((i) => [i.id, i]));
  return { get: (id) => byId.get(id), newestFirst: () => items, size: items.length };
}

/**
 * Per ranking, each session's top K product ids; per session, the `sessionTaste` share and the
 * products bought before it (for "new to the shopper").
 */
async function rankSessions(sessions: readonly TestSession[], dataset: BenchDataset, world: World, model: TwoTowerModel, progress: ProgressFactory) {
  const rankings: Record<RankingName, string[][]> = { longTerm: [], blended: [], sessionTaste: [] };
  const shares: number[] = [];
  const known: Set<string>[] = [];
  const shortTerm = new ShortTermSignals();
  const priorOf = historiesByUser(dataset.ratings, world.itemIds);
  const bar = progress('rank sessions', sessions.length, 'sessions');
  for (const session of sessions) {
    const { history, now, clicked, bought } = sessionHistory(session, priorOf.get(session.user) ?? [], world.itemIds);
    const userId = dataset.users[session.user]!.id;
    // What the gateway computes for this page: the user tower sees the recent history, clicks included.
    const longTerm = model.embedUsers([userFeaturesOf(userId, null, history, null, now)]);
    const state = await shortTerm.session(longTerm, history, now, world.signals);
    const profiles: Record<RankingName, ShopperProfile> = {
      longTerm: shopperProfile({ userId, shopper: null, history, vector: longTerm }),
      blended: shopperProfile({ userId, shopper: null, history, vector: state.vector, sessionAffinity: state.affinity }),
      sessionTaste: shopperProfile({ userId, shopper: null, history, vector: state.vector, sessionAffinity: state.affinity, sessionTaste: state.taste }),
    };
    for (const name of RANKINGS) rankings[name].push(await topK(profiles[name], contextAt(now), clicked, world));
    shares.push(state.taste?.share ?? 0);
    known.push(bought);
    bar.increment();
  }
  bar.stop();
  return { rankings, shares, known };
}

/** Each shopper's purchases as history events, newest first. */
function historiesByUser(ratings: readonly Rating[], itemIds: readonly string[]): Map<number, HistoryEvent[]> {
  const byUser = new Map<number, HistoryEvent[]>();
  for (const { user, item, time } of ratings) {
    const events = byUser.get(user) ?? [];
    byUser.set(user, events);
    events.push({ productId: itemIds[item]!, type: 'PURCHASE', occurredAt: new Date(time * 1000) });
  }
  for (const events of byUser.values()) events.sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime());
  return byUser;
}

/**
 * The history the gateway would hold when the page is asked for: the session's first `CLICKS`
 * products as clicks one minute apart from the invoice's time, on top of the purchases before
 * that invoice (training period and test period alike), newest `HISTORY_LENGTH` events in all;
 * "now" is one minute after the last click. `bought`: every product bought before the session.
 */
function sessionHistory(session: TestSession, purchases: readonly HistoryEvent[], itemIds: readonly string[]) {
  const clickedIds = session.items.slice(0, CLICKS).map((item) => itemIds[item]!);
  const clicks = clickedIds.map((productId, i): HistoryEvent => ({ productId, type: 'CLICK', occurredAt: new Date(session.startedAt + i * MINUTE_MS) }));
  const earlier = purchases.filter((e) => e.occurredAt.getTime() < session.startedAt);
  return {
    history: [...clicks.reverse(), ...earlier].slice(0, HISTORY_LENGTH),
    now: new Date(session.startedAt + CLICKS * MINUTE_MS),
    clicked: new Set(clickedIds),
    bought: new Set(earlier.map((e) => e.productId)),
  };
}

/**
 * The top-picks row as the composer orders it before diversity: candidates, those eligible
 * (products bought within their repurchase window are left out), then scores.
 */
async function topK(profile: ShopperProfile, context: RequestContext, exclude: ReadonlySet<string>, world: World): Promise<string[]> {
  const { signals } = world;
  const proposed = await topPicks({ profile, context, signals, limit: CANDIDATES, exclude });
  const candidates = proposed.filter((c) => isEligible(signals.catalog.get(c.productId)!, profile, DEFAULT_RANKING_CONFIG, context.now));
  const vectors = new Map<string, Float32Array>();
  for (const { productId } of candidates) {
    const vector = await world.vectors.get(productId);
    if (vector) vectors.set(productId, vector);
  }
  return scoreCandidates(candidates, { profile, context, signals, config: DEFAULT_RANKING_CONFIG, vectors })
    .slice(0, K)
    .map((c) => c.productId);
}

interface Summary {
  hitRate: number;
  recall: number;
  ndcg: number;
  /** Mean share of the top K that the shopper had never bought before the session. */
  newToShopper: number;
  /** Share of the catalog shown in at least one session's top K. */
  coverage: number;
}

function summarise(rankings: readonly string[][], heldOut: readonly number[][], known: readonly ReadonlySet<string>[], world: World): Summary {
  const metrics = rankingMetrics({
    rankings: rankings.map((ids) => indicesOf(ids, world)),
    heldOut,
    k: K,
    catalogSize: world.itemIds.length,
  });
  const newShares = rankings.map((ids, s) => ids.filter((id) => !known[s]!.has(id)).length / Math.max(1, ids.length));
  return {
    hitRate: round(metrics.hitRate, 4),
    recall: round(metrics.recall, 4),
    ndcg: round(metrics.ndcg, 4),
    newToShopper: round(mean(newShares), 4),
    coverage: round(metrics.coverage, 4),
  };
}

function indicesOf(ids: readonly string[], world: World): number[] {
  return ids.map((id) => world.itemIndex.get(id)!);
}

function sessionNdcgs(rankings: readonly string[][], heldOut: readonly number[][], world: World): number[] {
  return rankings.map((ids, s) => rankingMetrics({ rankings: [indicesOf(ids, world)], heldOut: [heldOut[s]!], k: K, catalogSize: world.itemIds.length }).ndcg);
}

interface PairedDifference {
  mean: number;
  ci95: [number, number];
}

/** Mean of a − b over sessions with its 95% normal-approximation interval. */
function pairedDifference(a: readonly number[], b: readonly number[]): PairedDifference {
  const differences = a.map((value, i) => value - b[i]!);
  const average = mean(differences);
  const sd = Math.sqrt(mean(differences.map((d) => (d - average) ** 2)) * (differences.length / Math.max(1, differences.length - 1)));
  const half = (1.96 * sd) / Math.sqrt(Math.max(1, differences.length));
  return { mean: round(average, 4), ci95: [round(average - half, 4), round(average + half, 4)] };
}

function formatTable(rows: ({ label: string; ndcgVsPrevious: PairedDifference | null } & Summary)[]): string {
  const header = ['ranking', `HitRate@${K}`, `Recall@${K}`, `NDCG@${K}`, 'ΔNDCG vs row above (95% CI)', 'new to shopper', 'coverage'];
  const delta = (d: PairedDifference | null) => (d ? `${signed(d.mean)} [${signed(d.ci95[0])}, ${signed(d.ci95[1])}]` : '—');
  const cells = rows.map((r) => [r.label, ...[r.hitRate, r.recall, r.ndcg].map((v) => v.toFixed(4)), delta(r.ndcgVsPrevious), ...[r.newToShopper, r.coverage].map((v) => v.toFixed(4))]);
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c]!.length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(4)}`;
}

function mean(values: readonly number[]): number {
  return values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : 0;
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

await main();
