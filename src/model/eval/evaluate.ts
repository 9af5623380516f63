/*
 * Offline evaluation of the two-tower model against the popularity and item-kNN baselines under
 * the project's two protocols. Pure: ratings, items and users in, a JSON-serialisable report out;
 * the CLI and the benchmark only differ in where the data comes from.
 */
import { defaultProgress, type ProgressFactory } from '../../cli/progress.js';
import type { BackendName } from '../backend.js';
import type { ItemFeatures, UserFeatures } from '../features.js';
import { DEFAULT_TRAIN_OPTIONS, scoreMatrix, trainTwoTower, type TrainOptions } from '../train.js';
import { itemKnnRankings, popularityRankings } from './baselines.js';
import { itemPopularity, rankFromScores, rankingMetrics, type RankingMetrics } from './metrics.js';
import { itemsByUser, leaveLastNewOut, randomSplit, type Rating } from './protocols.js';

export type ProtocolName = 'random-split' | 'leave-last-out';
export type MethodName = 'twoTower' | 'popularity' | 'itemKnn';
export type Variant = 'unfiltered' | 'filtered';

export const METHODS: readonly MethodName[] = ['twoTower', 'popularity', 'itemKnn'];

export interface EvaluationDataset {
  /**
   * Positive interactions; `user`/`item` index `users`/`items`, `time` is in seconds (it sets the
   * recency of history events). Repeats of a (user, item) pair are allowed.
   */
  ratings: Rating[];
  items: ItemFeatures[];
  /**
   * Users' static features (id, favourites, context). Their `recent` history is rebuilt from each
   * protocol's training ratings, whatever is passed in, so test interactions never reach the model.
   */
  users: UserFeatures[];
}

export interface EvaluateOptions {
  protocols: ProtocolName[];
  /** Cut-offs, e.g. [10, 100]. */
  k: number[];
  seed: number;
  /** Overrides of `EVALUATION_TRAIN_OPTIONS`. */
  train?: Partial<TrainOptions>;
  /** Share of ratings held out by the random split. */
  testFraction?: number;
  progress?: ProgressFactory;
}

/**
 * Overrides of the library's training defaults for evaluation runs. None so far: the defaults
 * beat both baselines on MovieLens-100K and UCI Online Retail (bench/results/quality.md).
 * Early stopping watches recall at the largest reported cut-off (set per call).
 */
export const EVALUATION_TRAIN_OPTIONS: Partial<TrainOptions> = {};

/** TFRS's MovieLens retrieval metric: top-100 categorical accuracy, nothing filtered. */
export const TFRS_K = 100;

export type MetricsByK = Record<string, RankingMetrics>;
export type MethodResult = Partial<Record<Variant, MetricsByK>>;

export interface ProtocolReport {
  protocol: ProtocolName;
  description: string;
  variants: Variant[];
  split: { trainRatings: number; testRatings: number; testUsers: number; droppedRatings: number };
  training: {
    epochsRun: number;
    bestEpoch: number;
    trainingExamples: number;
    validationExamples: number;
    trainSeconds: number;
    totalSeconds: number;
    examplesPerSecond: number;
    options: Omit<TrainOptions, 'onProgress'>;
  };
  methods: Record<MethodName, MethodResult>;
  /** Random split only: TFRS's top-100 accuracy (hits over all test ratings, unfiltered). */
  tfrsTop100Accuracy?: Record<MethodName, number>;
  evaluationSeconds: number;
}

export interface EvaluationReport {
  dataset: { users: number; items: number; ratings: number };
  seed: number;
  k: number[];
  backend: BackendName | 'none';
  protocols: ProtocolReport[];
}

const DESCRIPTIONS: Record<ProtocolName, (testFraction: number) => string> = {
  'random-split': (fraction) =>
    `(a) random ${Math.round(100 * (1 - fraction))}/${Math.round(100 * fraction)} split of all ratings as implicit positives, ` +
    `ranking over all items; "unfiltered" keeps training items in the ranking (TensorFlow Recommenders' protocol), ` +
    `"filtered" removes them`,
  'leave-last-out': () =>
    `(b) leave-last-out by time: per user, the item they came to last (latest first interaction) is held out; ` +
    `all their interactions with it and anything after it leave training, users with < 2 distinct items are not tested; ` +
    `full ranking over all items, training items filtered`,
};

export async function evaluate(dataset: EvaluationDataset, options: EvaluateOptions): Promise<EvaluationReport> {
  const { protocols, seed, testFraction = 0.2, progress = defaultProgress() } = options;
  const ks = [...new Set(options.k)].sort((a, b) => a - b);
  if (ks.length === 0 || ks.some((k) => !Number.isInteger(k) || k < 1)) throw new Error(`Invalid cut-offs ${options.k.join(', ')}`);
  const report: EvaluationReport = {
    dataset: { users: dataset.users.length, items: dataset.items.length, ratings: dataset.ratings.length },
    seed,
    k: ks,
    backend: 'none',
    protocols: [],
  };
  for (const protocol of protocols) {
    const split =
      protocol === 'random-split' ? { ...randomSplit(dataset.ratings, testFraction, seed), dropped: 0 } : leaveLastNewOut(dataset.ratings);
    const { backend, result } = await evaluateSplit(dataset, split, protocol, ks, testFraction, options, progress);
    report.backend = backend;
    report.protocols.push(result);
  }
  return report;
}

async function evaluateSplit(
  dataset: EvaluationDataset,
  split: { train: Rating[]; test: Rating[]; dropped: number },
  protocol: ProtocolName,
  ks: number[],
  testFraction: number,
  options: EvaluateOptions,
  progress: ProgressFactory,
): Promise<{ backend: BackendName; result: ProtocolReport }> {
  const catalogSize = dataset.items.length;
  const userCount = dataset.users.length;
  const variants: Variant[] = protocol === 'random-split' ? ['unfiltered', 'filtered'] : ['filtered'];
  const maxK = Math.max(...ks, protocol === 'random-split' ? TFRS_K : 0);
  const users = usersWithHistory(dataset.users, split.train);

  const trainOptions: Partial<TrainOptions> = { seed: options.seed, validationK: Math.max(...ks), ...EVALUATION_TRAIN_OPTIONS, ...options.train };
  let bar: ReturnType<ProgressFactory> | undefined;
  const trained = await trainTwoTower(
    { items: dataset.items, users, interactions: split.train },
    {
      ...trainOptions,
      onProgress: (p) => {
        bar ??= progress(`train ${protocol}`, p.epochs * p.steps, 'steps');
        bar.update((p.epoch - 1) * p.steps + p.step, { epoch: `${p.epoch}/${p.epochs}`, loss: p.loss.toFixed(3) });
        options.train?.onProgress?.(p);
      },
    },
  );
  bar?.stop();

  const started = performance.now();
  const evaluation = progress(`evaluate ${protocol}`, METHODS.length, 'methods');
  const trainLists = itemsByUser(split.train, userCount);
  const testLists = itemsByUser(split.test, userCount);
  const testUsers = testLists.flatMap((items, user) => (items.length > 0 ? [user] : []));
  const heldOut = testUsers.map((user) => testLists[user]!);
  const popularity = itemPopularity(trainLists, catalogSize);
  const score = (rankings: number[][]): MetricsByK =>
    Object.fromEntries(ks.map((k) => [k, rankingMetrics({ rankings, heldOut, k, catalogSize, popularity, userCount })]));
  const ofTestUsers = (rankings: number[][]) => testUsers.map((user) => rankings[user]!);

  const methods = {} as Record<MethodName, MethodResult>;
  const tfrs = {} as Record<MethodName, number>;
  const record = (method: MethodName, rank: (filterKnown: boolean) => number[][]) => {
    methods[method] = {};
    for (const variant of variants) {
      const rankings = rank(variant === 'filtered');
      methods[method][variant] = score(rankings);
      if (variant === 'unfiltered' && protocol === 'random-split') {
        tfrs[method] = rankingMetrics({ rankings, heldOut, k: TFRS_K, catalogSize }).accuracy;
      }
    }
    evaluation.increment(1, { method });
  };

  const model = trained.model;
  const scores = scoreMatrix(model.embedUsers(testUsers.map((u) => users[u]!)), model.embedItems(dataset.items), model.dimension);
  const known = testUsers.map((user) => trainLists[user]!);
  record('twoTower', (filter) => rankFromScores(scores, testUsers.length, catalogSize, maxK, filter ? known : undefined));
  model.dispose();
  record('popularity', (filter) => ofTestUsers(popularityRankings(trainLists, catalogSize, maxK, filter)));
  record('itemKnn', (filter) => ofTestUsers(itemKnnRankings(trainLists, catalogSize, maxK, filter)));
  evaluation.stop();

  const { onProgress: _ignored, ...recordedOptions } = { ...DEFAULT_TRAIN_OPTIONS, ...trainOptions };
  return {
    backend: trained.backend,
    result: {
      protocol,
      description: DESCRIPTIONS[protocol](testFraction),
      variants,
      split: { trainRatings: split.train.length, testRatings: split.test.length, testUsers: testUsers.length, droppedRatings: split.dropped },
      training: {
        epochsRun: trained.epochs.length,
        bestEpoch: trained.bestEpoch,
        trainingExamples: trained.trainingExamples,
        validationExamples: trained.validationExamples,
        trainSeconds: round(trained.timing.trainSeconds, 1),
        totalSeconds: round(trained.timing.totalSeconds, 1),
        examplesPerSecond: Math.round(trained.timing.examplesPerSecond),
        options: recordedOptions,
      },
      methods,
      ...(protocol === 'random-split' ? { tfrsTop100Accuracy: tfrs } : {}),
      evaluationSeconds: round((performance.now() - started) / 1000, 1),
    },
  };
}

const SECONDS_PER_DAY = 86_400;

/**
 * Users with their training ratings as history, aged relative to their own latest training
 * rating (what the model would see right after it). Ratings carry no interaction type; one
 * type for all is enough because the tower normalises weights within the history pool.
 */
export function usersWithHistory(users: readonly UserFeatures[], train: readonly Rating[]): UserFeatures[] {
  const byUser = users.map(() => [] as Rating[]);
  for (const rating of train) byUser[rating.user]!.push(rating);
  return users.map((user, u) => {
    const ratings = byUser[u]!;
    const latest = ratings.reduce((max, r) => Math.max(max, r.time), -Infinity);
    return {
      ...user,
      recent: ratings.map((r) => ({ itemIndex: r.item, type: 'PURCHASE' as const, ageDays: (latest - r.time) / SECONDS_PER_DAY })),
    };
  });
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
