/*
 * Recommendation quality of the two-tower model against popularity and item-kNN, under both
 * protocols, on MovieLens-100K and UCI Online Retail. Writes bench/results/quality.{json,md}.
 * Run: node --import @swc-node/register/esm-register bench/quality.ts
 * Env: BENCH_DATASETS=movielens-100k,uci-online-retail (subset), BENCH_EPOCHS (override).
 * Running a subset replaces only those data sets' entries in the results, keeping the others.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { defaultProgress } from '../src/cli/progress.js';
import { evaluate, type EvaluationReport } from '../src/model/eval/evaluate.js';
import { formatEvaluationTable } from '../src/model/eval/report.js';
import type { TrainOptions } from '../src/model/train.js';
import { loadMovieLens, loadOnlineRetail, repoRoot, type Loaded } from './datasets.js';
import { PUBLISHED, TFRS_TOP100_ACCURACY } from './published.js';
import { resultsDir } from './support.js';

const SEED = 42;
const K = [10, 100];

interface BenchRun {
  name: string;
  load: () => Promise<Loaded>;
  train: Partial<TrainOptions>;
}

const RUNS: BenchRun[] = [
  { name: 'movielens-100k', load: () => loadMovieLens(), train: {} },
  { name: 'uci-online-retail', load: () => loadOnlineRetail(), train: {} },
];

interface DatasetResult {
  name: string;
  notes: string[];
  seconds: number;
  report: EvaluationReport;
}

async function main(): Promise<void> {
  const only = process.env.BENCH_DATASETS?.split(',').map((name) => name.trim());
  const epochs = process.env.BENCH_EPOCHS ? { epochs: Number(process.env.BENCH_EPOCHS) } : {};
  const results: DatasetResult[] = [];
  for (const run of RUNS.filter((r) => !only || only.includes(r.name))) {
    const started = performance.now();
    const loaded = await run.load();
    if ('missing' in loaded) {
      console.log(`${loaded.missing}; skipping ${run.name}.`);
      continue;
    }
    const { dataset } = loaded;
    const report = await evaluate(dataset, {
      protocols: ['random-split', 'leave-last-out'],
      k: K,
      seed: SEED,
      train: { ...run.train, ...epochs },
      progress: defaultProgress(),
    });
    const seconds = Math.round((performance.now() - started) / 1000);
    const result = { name: run.name, notes: dataset.notes, seconds, report };
    results.push(result);
    console.log('\n' + datasetSection(result));
  }
  if (results.length === 0) return;

  const machine = machineDetails(results[0]!.report.backend);
  const out = resultsDir;
  await mkdir(out, { recursive: true });
  const file = path.join(out, 'quality.json');
  const previous: DatasetResult[] = existsSync(file) ? JSON.parse(await readFile(file, 'utf8')).datasets : [];
  const fresh = new Set(results.map((r) => r.name));
  const all = RUNS.flatMap((run) => [...results, ...previous.filter((r) => !fresh.has(r.name))].filter((r) => r.name === run.name));
  await writeFile(file, JSON.stringify({ generatedAt: new Date().toISOString(), machine, published: PUBLISHED, datasets: all }, null, 2) + '\n');
  const header = [
    '# Recommendation quality',
    '',
    `Generated ${new Date().toISOString()} by \`node --import @swc-node/register/esm-register bench/quality.ts\`.`,
    `Machine: ${machine.cpu} (${machine.cores} cores), ${machine.memoryGb} GB RAM, Node ${machine.node}, TF.js backend ${machine.backend}.`,
  ];
  await writeFile(path.join(out, 'quality.md'), [...header, '', ...all.map(datasetSection)].join('\n'));
  console.log(`Wrote ${path.relative(repoRoot, out)}/quality.json and quality.md`);
}

function datasetSection({ name, notes, report, seconds }: DatasetResult): string {
  const lines = [`## ${name}`, '', ...notes.map((note) => `- ${note}`), `- evaluation took ${seconds} s`, '', formatEvaluationTable(report)];
  const randomSplit = report.protocols.find((p) => p.protocol === 'random-split');
  if (name === 'movielens-100k' && randomSplit?.tfrsTop100Accuracy) {
    lines.push(
      `TFRS comparison: two-tower top-100 accuracy ${randomSplit.tfrsTop100Accuracy.twoTower.toFixed(4)} here vs ` +
        `${TFRS_TOP100_ACCURACY.value} published for ${TFRS_TOP100_ACCURACY.source} on the same protocol.`,
      '',
    );
  }
  return lines.join('\n');
}

function machineDetails(backend: string) {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.versions.node,
    platform: `${os.platform()} ${os.release()}`,
    backend,
  };
}

await main();
