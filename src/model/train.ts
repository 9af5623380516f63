import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendName } from './backend.js';
import { FeatureSpace, type FeatureOptions, type ItemFeatures, type UserFeatures } from './features.js';
import { matMul, inBatchSoftmaxLoss } from './ops.js';
import { SeededRandom } from './random.js';
import { bagBatch, DEFAULT_TOWER_CONFIG, range, TwoTowerModel, type SlotAdjuster, type TowerConfig } from './towers.js';
import { rankFromScores, rankingMetrics, type RankingMetrics } from './eval/metrics.js';

/** A positive (user, item) pair, as indices into `TrainingData.users` / `.items`. */
export interface Interaction {
  user: number;
  item: number;
}

export interface TrainingData {
  items: ItemFeatures[];
  users: UserFeatures[];
  interactions: Interaction[];
}

export interface TrainingProgress {
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  loss: number;
  examplesPerSecond: number;
}

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Softmax temperature over cosine similarities; small values sharpen the distribution. */
  temperature: number;
  seed: number;
  /** Share of interactions held out to choose the best epoch. 0 disables early stopping. */
  validationFraction: number;
  /** Epochs without improvement of validation recall before stopping. */
  patience: number;
  validationK: number;
  /**
   * Probability of hiding an item's id embedding in a training example, so the item tower also
   * learns to place items from content alone — which is all a new product has.
   */
  itemIdDropout: number;
  /** Same for users: a new shopper has recent events and context but no trained id vector. */
  userIdDropout: number;
  /**
   * Share of training examples that see the user's history as it was when they came to the
   * target item (see `FeatureSpace.encodeUsersAt`); the others see the whole history minus the
   * target. The first kind is the serving situation, "what next" after the latest events; the
   * second teaches what else goes with a taste regardless of order. Both kinds are needed: with
   * only the first, recommendations that fill gaps in a history (random held-out ratings) suffer;
   * with only the second, "what next" does (bench/results/quality.md, leave-last-out).
   */
  historyBeforeTarget: number;
  tower: TowerConfig;
  features: Partial<FeatureOptions>;
  onProgress?: (progress: TrainingProgress) => void;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 10,
  batchSize: 1024,
  learningRate: 0.005,
  temperature: 0.05,
  seed: 42,
  validationFraction: 0.1,
  patience: 2,
  validationK: 20,
  itemIdDropout: 0.2,
  userIdDropout: 0.2,
  historyBeforeTarget: 0.75,
  tower: DEFAULT_TOWER_CONFIG,
  features: {},
};

export interface EpochReport {
  epoch: number;
  loss: number;
  seconds: number;
  validation?: RankingMetrics;
}

export interface TrainResult {
  model: TwoTowerModel;
  backend: BackendName;
  epochs: EpochReport[];
  /** 1-based epoch whose weights were kept. */
  bestEpoch: number;
  validation?: RankingMetrics;
  trainingExamples: number;
  validationExamples: number;
  timing: { totalSeconds: number; trainSeconds: number; examplesPerSecond: number };
}

/**
 * Two-tower training with an in-batch sampled softmax: each user's positive item competes with
 * the other items of the batch. Popular items appear as negatives more often than they would
 * under uniform sampling, so their logits are corrected by −log Q(item) (Yi et al. 2019,
 * "Sampling-bias-corrected neural modeling"); otherwise the model learns to demote bestsellers.
 */
export async function trainTwoTower(data: TrainingData, options: Partial<TrainOptions> = {}): Promise<TrainResult> {
  const opts: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const started = performance.now();
  const backend = await selectBackend();
  const random = new SeededRandom(opts.seed);
  const { train, validation } = splitInteractions(data.interactions, opts.validationFraction, random);
  if (train.length === 0) throw new Error('No training interactions');

  const space = FeatureSpace.fit(data.items, data.users, opts.features);
  const model = new TwoTowerModel(space, opts.tower, opts.seed);
  const itemBags = space.encodeItems(data.items);
  const timelines = data.users.map((user) => space.timeline(user));
  const logQ = samplingLogProbabilities(train, data.items.length);
  const optimizer = tf.train.adam(opts.learningRate);
  const variables = Object.values(model.variables);

  const itemIdSlot = space.itemLayout.slotOffsets[space.itemLayout.group('id')]!;
  const userIdSlot = space.userLayout.slotOffsets[space.userLayout.group('id')]!;

  const order = Int32Array.from(train.keys());
  const batchSize = Math.min(opts.batchSize, train.length);
  const steps = Math.floor(train.length / batchSize);
  const reports: EpochReport[] = [];
  let best: { epoch: number; recall: number; weights: tf.Tensor[]; metrics?: RankingMetrics } | undefined;
  let trainSeconds = 0;
  let examples = 0;

  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    random.shuffle(order);
    const epochStart = performance.now();
    let lossSum = 0;
    for (let step = 0; step < steps; step++) {
      const batch = order.subarray(step * batchSize, (step + 1) * batchSize);
      const users = new Int32Array(batchSize);
      const items = new Int32Array(batchSize);
      batch.forEach((index, b) => {
        users[b] = train[index]!.user;
        items[b] = train[index]!.item;
      });
      const dropItemId: SlotAdjuster = (_b, slot, _row, weight) =>
        slot === itemIdSlot && random.next() < opts.itemIdDropout ? 0 : weight;
      const userAdjust: SlotAdjuster = (_b, slot, _row, weight) =>
        slot === userIdSlot && random.next() < opts.userIdDropout ? 0 : weight;
      const itemBatch = bagBatch(itemBags, space.itemLayout, items, dropItemId);
      const asOfItem = Array.from(items, () => random.next() < opts.historyBeforeTarget);
      const userBags = space.encodeUsersAt(data.users, timelines, { user: users, item: items, asOfItem });
      const userBatch = bagBatch(userBags, space.userLayout, range(0, batchSize), userAdjust);
      const batchLogQ = Float32Array.from(items, (item) => logQ[item]!);
      // minimize() keeps the forward pass's tensors for backpropagation and disposes them after.
      const loss = optimizer.minimize(
        () => {
          const userVectors = model.userTower.apply(userBatch);
          const itemVectors = model.itemTower.apply(itemBatch);
          // Scaling the [B, dim] user side by 1/temperature is the same as scaling the [B, B] logits.
          const scaledUsers = tf.mul(userVectors, 1 / opts.temperature) as tf.Tensor2D;
          const similarity = matMul(scaledUsers, tf.transpose(itemVectors));
          return inBatchSoftmaxLoss(tf.sub(similarity, tf.tensor2d(batchLogQ, [1, batchSize])));
        },
        true,
        variables,
      )!;
      const lossValue = loss.dataSync()[0]!;
      loss.dispose();
      lossSum += lossValue;
      examples += batchSize;
      const elapsed = trainSeconds + (performance.now() - epochStart) / 1000;
      opts.onProgress?.({
        epoch,
        epochs: opts.epochs,
        step: step + 1,
        steps,
        loss: lossValue,
        examplesPerSecond: examples / elapsed,
      });
    }
    const seconds = (performance.now() - epochStart) / 1000;
    trainSeconds += seconds;
    const report: EpochReport = { epoch, loss: lossSum / Math.max(1, steps), seconds };
    reports.push(report);
    if (validation.length === 0) continue;

    report.validation = validationMetrics(model, data, train, validation, opts.validationK);
    if (!best || report.validation.recall > best.recall) {
      best?.weights.forEach((w) => w.dispose());
      best = { epoch, recall: report.validation.recall, weights: variables.map((v) => tf.clone(v)), metrics: report.validation };
    } else if (epoch - best.epoch >= opts.patience) {
      break;
    }
  }

  if (best) {
    variables.forEach((v, i) => v.assign(best!.weights[i]!));
    best.weights.forEach((w) => w.dispose());
  }
  optimizer.dispose();
  return {
    model,
    backend,
    epochs: reports,
    bestEpoch: best?.epoch ?? reports.length,
    validation: best?.metrics,
    trainingExamples: train.length,
    validationExamples: validation.length,
    timing: {
      totalSeconds: (performance.now() - started) / 1000,
      trainSeconds,
      examplesPerSecond: trainSeconds > 0 ? examples / trainSeconds : 0,
    },
  };
}

function splitInteractions(interactions: Interaction[], fraction: number, random: SeededRandom) {
  const shuffled = [...interactions];
  random.shuffle(shuffled);
  const held = Math.floor(shuffled.length * Math.max(0, Math.min(0.5, fraction)));
  return { validation: shuffled.slice(0, held), train: shuffled.slice(held) };
}

/** log Q(item): the item's share of training positives, i.e. its chance of filling a batch slot. */
function samplingLogProbabilities(train: Interaction[], itemCount: number): Float32Array {
  const counts = new Float32Array(itemCount);
  for (const { item } of train) counts[item]!++;
  return counts.map((count) => Math.log(Math.max(count, 1) / train.length));
}

/** Recall/NDCG on held-out pairs, known training items filtered out of each user's ranking. */
export function validationMetrics(
  model: TwoTowerModel,
  data: TrainingData,
  train: Interaction[],
  validation: Interaction[],
  k: number,
  scoresPerChunk = VALIDATION_SCORES_PER_CHUNK,
): RankingMetrics {
  const userIndex = [...new Set(validation.map((i) => i.user))];
  const position = new Map(userIndex.map((user, p) => [user, p]));
  const heldOut: number[][] = userIndex.map(() => []);
  const known: number[][] = userIndex.map(() => []);
  for (const { user, item } of validation) heldOut[position.get(user)!]!.push(item);
  for (const { user, item } of train) {
    const p = position.get(user);
    if (p !== undefined) known[p]!.push(item);
  }
  const itemVectors = model.embedItems(data.items);
  const userVectors = model.embedUsers(userIndex.map((u) => data.users[u]!));
  // Users are scored a chunk at a time: a full users × items matrix is 50 GB at 100k × 200k.
  const chunk = Math.max(1, Math.floor(scoresPerChunk / data.items.length));
  const rankings: number[][] = [];
  for (let start = 0; start < userIndex.length; start += chunk) {
    const end = Math.min(userIndex.length, start + chunk);
    const scores = scoreMatrix(userVectors.subarray(start * model.dimension, end * model.dimension), itemVectors, model.dimension);
    rankings.push(...rankFromScores(scores, end - start, data.items.length, k, known.slice(start, end)));
  }
  return rankingMetrics({ rankings, heldOut, k, catalogSize: data.items.length });
}

/** 2^25 scores (128 MiB) per validation chunk. */
const VALIDATION_SCORES_PER_CHUNK = 2 ** 25;

/** users × items dot products (row-major) of two row-major embedding matrices. */
export function scoreMatrix(userVectors: Float32Array, itemVectors: Float32Array, dimension: number): Float32Array {
  const scores = tf.tidy(() => {
    const users = tf.tensor2d(userVectors, [userVectors.length / dimension, dimension]);
    const items = tf.tensor2d(itemVectors, [itemVectors.length / dimension, dimension]);
    return tf.matMul(users, tf.transpose(items));
  });
  // Read outside tidy: tidy walks its result, which for a large typed array takes seconds.
  const values = scores.dataSync() as Float32Array;
  scores.dispose();
  return values;
}
