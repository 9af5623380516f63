import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, saveModel } from '../../src/model/artifacts.js';
import { rankFromScores, rankingMetrics } from '../../src/model/eval/metrics.js';
import { itemsByUser } from '../../src/model/eval/protocols.js';
import { SeededRandom } from '../../src/model/random.js';
import { scoreMatrix, trainTwoTower, validationMetrics, type TrainOptions, type TrainResult } from '../../src/model/train.js';
import { plantedItem, plantedWorld } from './planted.js';

const world = plantedWorld({ itemsPerCluster: 30, usersPerCluster: 20, perUser: 14 });
const data = { items: world.items, users: world.users, interactions: world.train };
const options: Partial<TrainOptions> = { epochs: 8, batchSize: 64, learningRate: 0.01, validationFraction: 0.1, patience: 3, validationK: 10, seed: 11 };

function recallAt10(vectors: { users: Float32Array; items: Float32Array }): number {
  const scores = scoreMatrix(vectors.users, vectors.items, 64);
  const known = itemsByUser(world.train.map((i) => ({ ...i, time: 0 })), world.users.length);
  const heldOut = itemsByUser(world.test.map((i) => ({ ...i, time: 0 })), world.users.length);
  const rankings = rankFromScores(scores, world.users.length, world.items.length, 10, known);
  return rankingMetrics({ rankings, heldOut, k: 10, catalogSize: world.items.length }).recall;
}

describe('two-tower training on planted clusters', () => {
  let result: TrainResult;
  let trained: { users: Float32Array; items: Float32Array };
  const progress: number[] = [];

  beforeAll(async () => {
    result = await trainTwoTower(data, { ...options, onProgress: (p) => progress.push(p.step + (p.epoch - 1) * p.steps) });
    trained = { users: result.model.embedUsers(world.users), items: result.model.embedItems(world.items) };
  });
  afterAll(() => result.model.dispose());

  it('scores validation users a chunk at a time with the same metrics as all at once (large catalogs cannot hold users × items)', () => {
    const whole = validationMetrics(result.model, data, world.train, world.test, 10);
    // 7 users per chunk: chunks of uneven size, the last one partial.
    const chunked = validationMetrics(result.model, data, world.train, world.test, 10, world.items.length * 7);
    expect(chunked).toEqual(whole);
    expect(whole.recall).toBeGreaterThan(0);
  });

  it('beats random ranking by a clear margin on recall@10', () => {
    // Random ranking of the ~110 unseen items: 10 / 110 ≈ 0.09. Within-cluster ranking: 10 / 20.
    const random = 10 / (world.items.length - 10);
    const recall = recallAt10(trained);
    expect(recall).toBeGreaterThan(3 * random);
    expect(result.validation!.recall).toBeGreaterThan(2 * random);
  });

  it('reports progress, per-epoch metrics and timing', () => {
    expect(progress.length).toBeGreaterThan(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(result.epochs.length).toBeGreaterThan(0);
    expect(result.epochs[0]!.validation).toBeDefined();
    expect(result.bestEpoch).toBeGreaterThanOrEqual(1);
    expect(result.timing.examplesPerSecond).toBeGreaterThan(0);
    expect(result.trainingExamples + result.validationExamples).toBe(world.train.length);
  });

  it('is deterministic for a given seed', async () => {
    const short = { ...options, epochs: 2, validationFraction: 0 };
    const first = await trainTwoTower(data, short);
    const second = await trainTwoTower(data, short);
    const other = await trainTwoTower(data, { ...short, seed: 12 });
    const a = first.model.embedItems(world.items);
    expect(second.model.embedItems(world.items)).toEqual(a);
    expect(other.model.embedItems(world.items)).not.toEqual(a);
    [first, second, other].forEach((r) => r.model.dispose());
  });

  it('saves to the TF.js layout and reloads to identical embeddings', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vitrine-model-'));
    try {
      await saveModel(result.model, dir);
      const manifest = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
      expect(manifest.weightsManifest[0].paths).toEqual(['weights.bin']);
      expect(manifest.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toContain('item/table');
      const loaded = await loadModel(dir);
      expect(loaded.embedItems(world.items)).toEqual(trained.items);
      expect(loaded.embedUsers(world.users)).toEqual(trained.users);
      loaded.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('places an unseen item next to the cluster whose brand, category and colour it shares', () => {
    const random = new SeededRandom(99);
    const newcomers = Array.from({ length: world.clusters }, (_, c) => plantedItem(`new-${c}`, c, random));
    const vectors = result.model.embedItems(newcomers);
    newcomers.forEach((_, c) => {
      const similarity = Array.from({ length: world.clusters }, (_, cluster) => meanSimilarity(vectors.subarray(c * 64, (c + 1) * 64), cluster));
      const own = similarity[c]!;
      const best = Math.max(...similarity.filter((_, other) => other !== c));
      expect(own).toBeGreaterThan(best + 0.1);
    });
  });

  function meanSimilarity(vector: Float32Array, cluster: number): number {
    let sum = 0;
    let count = 0;
    world.itemCluster.forEach((c, i) => {
      if (c !== cluster) return;
      for (let d = 0; d < 64; d++) sum += vector[d]! * trained.items[i * 64 + d]!;
      count++;
    });
    return sum / count;
  }
});
