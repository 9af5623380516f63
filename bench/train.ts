/*
 * MovieLens-100K benchmark of the two-tower model: training speed (batch 1,024) and protocol (a)
 * top-100 accuracy — TFRS's "factorized_top_k/top_100_categorical_accuracy": the share of test
 * ratings whose movie is in the user's top 100 of all movies, training movies NOT filtered.
 * Run: node --import @swc-node/register/esm-register bench/train.ts
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultProgress } from '../src/cli/progress.js';
import type { ItemFeatures, UserFeatures } from '../src/model/features.js';
import { itemKnnRankings, popularityRankings } from '../src/model/eval/baselines.js';
import { itemPopularity, rankFromScores, rankingMetrics } from '../src/model/eval/metrics.js';
import { itemsByUser, randomSplit, type Rating } from '../src/model/eval/protocols.js';
import { scoreMatrix, trainTwoTower } from '../src/model/train.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const datasets = path.resolve(process.env.VITRINE_DATASETS ?? path.join(repoRoot, '../shared/datasets'));
const folder = path.join(datasets, 'movielens-100k');
const K = 100;
const SEED = 42;
const SECONDS_PER_DAY = 86_400;

interface MovieLens {
  ratings: Rating[];
  items: ItemFeatures[];
  userIds: string[];
}

async function loadMovieLens(): Promise<MovieLens> {
  const genres = (await readFile(path.join(folder, 'u.genre'), 'latin1'))
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('|')[0]!);
  const items = (await readFile(path.join(folder, 'u.item'), 'latin1'))
    .split('\n')
    .filter(Boolean)
    .map((line): ItemFeatures => {
      const fields = line.split('|');
      const movieGenres = fields.slice(5).flatMap((flag, g) => (flag === '1' ? [genres[g]!] : []));
      const year = /(\d{4})\)\s*$/.exec(fields[1]!)?.[1];
      return {
        id: fields[0]!,
        title: fields[1]!.replace(/\(\d{4}\)\s*$/, ''),
        category: movieGenres[0] ?? null,
        material: year ? `${year.slice(0, 3)}0s` : null,
        description: movieGenres.join(' '),
      };
    });
  const itemIndex = new Map(items.map((item, i) => [item.id, i]));
  const userIndex = new Map<string, number>();
  const ratings = (await readFile(path.join(folder, 'u.data'), 'latin1'))
    .split('\n')
    .filter(Boolean)
    .map((line): Rating => {
      const [user, item, , time] = line.split('\t');
      if (!userIndex.has(user!)) userIndex.set(user!, userIndex.size);
      return { user: userIndex.get(user!)!, item: itemIndex.get(item!)!, time: Number(time) };
    });
  return { ratings, items, userIds: [...userIndex.keys()] };
}

/** Each user's training ratings as their recent history, ages relative to their latest one. */
function usersFromHistory(userIds: string[], train: Rating[]): UserFeatures[] {
  const byUser = userIds.map(() => [] as Rating[]);
  for (const rating of train) byUser[rating.user]!.push(rating);
  return userIds.map((id, u) => {
    const latest = Math.max(...byUser[u]!.map((r) => r.time));
    return {
      id,
      recent: byUser[u]!.map((r) => ({ itemIndex: r.item, type: 'VIEW' as const, ageDays: (latest - r.time) / SECONDS_PER_DAY })),
    };
  });
}

async function main(): Promise<void> {
  if (!existsSync(path.join(folder, 'u.data')) || !existsSync(path.join(folder, 'u.item'))) {
    console.log(`MovieLens-100K not found in ${folder}; skipping the training benchmark.`);
    return;
  }
  const data = await loadMovieLens();
  const { train, test } = randomSplit(data.ratings, 0.2, SEED);
  const users = usersFromHistory(data.userIds, train);
  const epochs = Number(process.env.BENCH_EPOCHS ?? 12);
  const progress = defaultProgress()('train', epochs * Math.floor((train.length * 0.9) / 1024), 'steps');
  const result = await trainTwoTower(
    { items: data.items, users, interactions: train },
    {
      epochs,
      batchSize: 1024,
      seed: SEED,
      validationK: K,
      onProgress: (p) => progress.increment(1, { epoch: `${p.epoch}/${p.epochs}`, loss: p.loss.toFixed(3) }),
    },
  );
  progress.stop();

  const userCount = data.userIds.length;
  const trainLists = itemsByUser(train, userCount);
  const testLists = itemsByUser(test, userCount);
  const popularity = itemPopularity(trainLists, data.items.length);
  const scores = scoreMatrix(result.model.embedUsers(users), result.model.embedItems(data.items), result.model.dimension);
  const evaluate = (rankings: number[][]) =>
    rankingMetrics({ rankings, heldOut: testLists, k: K, catalogSize: data.items.length, popularity, userCount });
  const twoTower = {
    unfiltered: evaluate(rankFromScores(scores, userCount, data.items.length, K)),
    filtered: evaluate(rankFromScores(scores, userCount, data.items.length, K, trainLists)),
  };
  const baselines = {
    popularity: {
      unfiltered: evaluate(popularityRankings(trainLists, data.items.length, K, false)),
      filtered: evaluate(popularityRankings(trainLists, data.items.length, K, true)),
    },
    itemKnn: {
      unfiltered: evaluate(itemKnnRankings(trainLists, data.items.length, K, false)),
      filtered: evaluate(itemKnnRankings(trainLists, data.items.length, K, true)),
    },
  };
  const report = {
    dataset: 'movielens-100k',
    protocol: 'random 80/20 split of all ratings (seed 42), top-100 over all movies, training movies not filtered',
    backend: result.backend,
    batchSize: 1024,
    epochsRun: result.epochs.length,
    bestEpoch: result.bestEpoch,
    examplesPerSecond: Math.round(result.timing.examplesPerSecond),
    trainSeconds: Number(result.timing.trainSeconds.toFixed(1)),
    top100CategoricalAccuracy: Number(twoTower.unfiltered.accuracy.toFixed(4)),
    twoTower,
    baselines,
    epochs: result.epochs,
  };
  console.log(
    `backend ${report.backend}: ${report.examplesPerSecond.toLocaleString('en')} examples/s, ` +
      `${report.epochsRun} epochs (best ${report.bestEpoch}) in ${report.trainSeconds} s`,
  );
  console.log(
    `top-100 accuracy (unfiltered): two-tower ${twoTower.unfiltered.accuracy.toFixed(4)}, ` +
      `popularity ${baselines.popularity.unfiltered.accuracy.toFixed(4)}, item-kNN ${baselines.itemKnn.unfiltered.accuracy.toFixed(4)}` +
      ` (TFRS reports 0.29)`,
  );
  const out = path.join(repoRoot, 'bench/results');
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'train.json'), JSON.stringify(report, null, 2) + '\n');
  result.model.dispose();
}

await main();
