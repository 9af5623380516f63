import * as tf from '@tensorflow/tfjs';
import { BagLayout, type EncodedBags, FeatureSpace, type ItemFeatures, type UserFeatures } from './features.js';
import { l2Normalize, matMul, weightedBagSum } from './ops.js';
import { SeededRandom } from './random.js';

export interface TowerConfig {
  /** Width of every feature embedding (id, brand, word, …). */
  fieldDim: number;
  hiddenDim: number;
  /** Width of the shared user/item space. */
  outputDim: number;
}

export const DEFAULT_TOWER_CONFIG: TowerConfig = { fieldDim: 32, hiddenDim: 128, outputDim: 64 };

/** Per-slot weight override used in training (id dropout, hiding the target from the history). */
export type SlotAdjuster = (row: number, slot: number, tableRow: number, weight: number) => number;

/** One batch in tensor-ready form: table rows and pooling weights [B, slots], dense features. */
export interface BagBatch {
  size: number;
  indices: Int32Array;
  weights: Float32Array;
  dense: Float32Array;
}

/**
 * Rows `rows` of `bags` as a batch. Each group's slots are pooled with weights normalised to sum
 * to one (a weighted mean); a group whose weights are all zero pools to the zero vector.
 */
export function bagBatch(bags: EncodedBags, layout: BagLayout, rows: ArrayLike<number>, adjust?: SlotAdjuster): BagBatch {
  const size = rows.length;
  const slots = layout.slotCount;
  const groups = layout.groups.length;
  const indices = new Int32Array(size * slots);
  const weights = new Float32Array(size * slots);
  const dense = new Float32Array(size * bags.denseDims);
  const groupSums = new Float64Array(groups);
  for (let b = 0; b < size; b++) {
    const row = rows[b]!;
    indices.set(bags.indices.subarray(row * slots, (row + 1) * slots), b * slots);
    dense.set(bags.dense.subarray(row * bags.denseDims, (row + 1) * bags.denseDims), b * bags.denseDims);
    groupSums.fill(0);
    const base = b * slots;
    for (let s = 0; s < slots; s++) {
      const tableRow = bags.indices[row * slots + s]!;
      let weight = bags.weights[row * slots + s]!;
      if (adjust && weight !== 0) weight = adjust(b, s, tableRow, weight);
      weights[base + s] = weight;
      groupSums[layout.slotGroup[s]!]! += weight;
    }
    for (let s = 0; s < slots; s++) {
      const sum = groupSums[layout.slotGroup[s]!]!;
      if (sum > 0) weights[base + s]! /= sum;
    }
  }
  return { size, indices, weights, dense };
}

/**
 * Shared embedding table → per-group weighted means, concatenated with dense features →
 * ReLU layer → linear layer → unit length.
 */
export class Tower {
  readonly variables: Record<string, tf.Variable>;

  constructor(
    readonly name: string,
    readonly layout: BagLayout,
    readonly denseDims: number,
    readonly config: TowerConfig,
    random: SeededRandom,
  ) {
    const inputDim = layout.groups.length * config.fieldDim + denseDims;
    this.variables = {
      table: variable(normal(random, [layout.totalRows, config.fieldDim], 0.05)),
      hiddenKernel: variable(glorot(random, inputDim, config.hiddenDim)),
      hiddenBias: variable(tf.zeros([config.hiddenDim])),
      outputKernel: variable(glorot(random, config.hiddenDim, config.outputDim)),
      outputBias: variable(tf.zeros([config.outputDim])),
    };
  }

  apply(batch: BagBatch): tf.Tensor2D {
    const { size } = batch;
    const groups = this.layout.groups.length;
    const v = this.variables;
    const dim = this.config.fieldDim;
    const entries = weightedEntries(batch, this.layout);
    const pooled = weightedBagSum(v.table as tf.Tensor2D, entries.rows, entries.bags, entries.weights, size * groups);
    // Bags are (example, group) pairs, i.e. [B, groups, dim]; the hidden kernel's rows are laid
    // out [dim, groups] (as in models saved before pooling was fused), hence the transpose.
    let input: tf.Tensor2D = tf.reshape(tf.transpose(tf.reshape(pooled, [size, groups, dim]), [0, 2, 1]), [size, dim * groups]);
    if (this.denseDims > 0) input = tf.concat([input, tf.tensor2d(batch.dense, [size, this.denseDims])], 1);
    const hidden = tf.relu(tf.add(matMul(input, v.hiddenKernel as tf.Tensor2D), v.hiddenBias!)) as tf.Tensor2D;
    return l2Normalize(tf.add(matMul(hidden, v.outputKernel as tf.Tensor2D), v.outputBias!));
  }

  dispose(): void {
    Object.values(this.variables).forEach((value) => value.dispose());
  }
}

/** The batch's slots that carry weight, as (table row, bag = example · groups + group, weight). */
function weightedEntries(batch: BagBatch, layout: BagLayout) {
  const slots = layout.slotCount;
  const groups = layout.groups.length;
  let count = 0;
  for (let i = 0; i < batch.weights.length; i++) if (batch.weights[i] !== 0) count++;
  const rows = new Int32Array(count);
  const bags = new Int32Array(count);
  const weights = new Float32Array(count);
  let n = 0;
  for (let b = 0; b < batch.size; b++) {
    for (let s = 0; s < slots; s++) {
      const weight = batch.weights[b * slots + s]!;
      if (weight === 0) continue;
      rows[n] = batch.indices[b * slots + s]!;
      bags[n] = b * groups + layout.slotGroup[s]!;
      weights[n++] = weight;
    }
  }
  return { rows, bags, weights };
}

/** Both towers over one feature space; embeddings are unit vectors, so dot product = cosine. */
export class TwoTowerModel {
  readonly itemTower: Tower;
  readonly userTower: Tower;

  constructor(
    readonly space: FeatureSpace,
    readonly config: TowerConfig = DEFAULT_TOWER_CONFIG,
    seed = 1,
  ) {
    const random = new SeededRandom(seed);
    this.itemTower = new Tower('item', space.itemLayout, space.encodeItems([]).denseDims, config, random);
    this.userTower = new Tower('user', space.userLayout, 0, config, random);
  }

  get dimension(): number {
    return this.config.outputDim;
  }

  /** Variables under stable names ("item/table", …) used as weight names in saved artifacts. */
  get variables(): Record<string, tf.Variable> {
    const all: Record<string, tf.Variable> = {};
    for (const tower of [this.itemTower, this.userTower]) {
      for (const [key, value] of Object.entries(tower.variables)) all[`${tower.name}/${key}`] = value;
    }
    return all;
  }

  /** n × outputDim, row-major. Unseen ids are embedded from content alone. */
  embedItems(items: readonly ItemFeatures[]): Float32Array {
    return this.embedBags(this.itemTower, this.space.encodeItems(items));
  }

  embedUsers(users: readonly UserFeatures[]): Float32Array {
    return this.embedBags(this.userTower, this.space.encodeUsers(users));
  }

  embedBags(tower: Tower, bags: EncodedBags, chunk = 2048): Float32Array {
    const out = new Float32Array(bags.count * this.dimension);
    for (let start = 0; start < bags.count; start += chunk) {
      const rows = range(start, Math.min(bags.count, start + chunk));
      const values = tf.tidy(() => tower.apply(bagBatch(bags, tower.layout, rows)));
      out.set(values.dataSync(), start * this.dimension);
      values.dispose();
    }
    return out;
  }

  dispose(): void {
    this.itemTower.dispose();
    this.userTower.dispose();
  }
}

export function range(start: number, end: number): Int32Array {
  const values = new Int32Array(end - start);
  for (let i = 0; i < values.length; i++) values[i] = start + i;
  return values;
}

/** Left unnamed: TF.js registers variable names globally, so fixed names would clash between models. */
function variable(initial: tf.Tensor): tf.Variable {
  const value = tf.variable(initial, true);
  initial.dispose();
  return value;
}

function normal(random: SeededRandom, shape: [number, number], stddev: number): tf.Tensor2D {
  const values = new Float32Array(shape[0] * shape[1]);
  for (let i = 0; i < values.length; i++) values[i] = random.normal() * stddev;
  return tf.tensor2d(values, shape);
}

function glorot(random: SeededRandom, fanIn: number, fanOut: number): tf.Tensor2D {
  return normal(random, [fanIn, fanOut], Math.sqrt(2 / (fanIn + fanOut)));
}
