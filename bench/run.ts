/*
 * The benchmark suite: every benchmark in sequence, each in its own process, then
 * bench/results/SUMMARY.md from their results.
 *
 *   npm run bench                        # everything at full size (about an hour and a half on 2 cores)
 *   npm run bench -- retrieval serving   # only these areas (serving ingestion retrieval training quality)
 *   npm run bench -- --quick             # small sizes, results in bench/results/quick/
 *   npm run bench -- --summary           # only rewrite SUMMARY.md from the results there
 *   npm run bench -- serving --products=20000   # serving and memory at one catalog size only
 *
 * PostgreSQL runs use databases the benchmarks create on BENCH_PG_ADMIN_URL (default
 * postgresql://postgres@127.0.0.1:5432/postgres); they are skipped when it does not answer.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { backendOf, writeSummary } from './summary.js';
import { ensureDatabase, gitRevision, machineDetails, postgresVersion, repoRoot } from './support.js';

const AREAS = ['serving', 'ingestion', 'retrieval', 'training', 'quality'] as const;
type Area = (typeof AREAS)[number];

interface Step {
  area: Area;
  title: string;
  script: string;
  env: Record<string, string>;
  postgres?: boolean;
  /** For benchmarks with a fixed output name: where their result goes, per configuration. */
  output?: { writes: string; as: string };
}

interface Sizes {
  /** `serverHeapMiB`: the gateway's V8 heap cap, as docs/deployment.md advises for a 2 GiB host. */
  serving: { products: number; shoppers: number; interactions: number; epochs: number; serverHeapMiB?: number }[];
  servingSeconds: number;
  ingestSeconds: number;
  freshnessTrials: number;
  retrieval: string;
  queries: number;
  trainEpochs?: number;
  quality: Record<string, string>;
  session: Record<string, string>;
}

const FULL: Sizes = {
  serving: [
    { products: 20_000, shoppers: 10_000, interactions: 200_000, epochs: 3 },
    { products: 200_000, shoppers: 100_000, interactions: 1_000_000, epochs: 2, serverHeapMiB: 1024 },
  ],
  servingSeconds: 20,
  ingestSeconds: 20,
  freshnessTrials: 30,
  retrieval: '10000,100000,1000000',
  queries: 500,
  quality: {},
  session: {},
};

const QUICK: Sizes = {
  serving: [
    { products: 2_000, shoppers: 1_000, interactions: 20_000, epochs: 1 },
    { products: 10_000, shoppers: 5_000, interactions: 50_000, epochs: 1 },
  ],
  servingSeconds: 5,
  ingestSeconds: 5,
  freshnessTrials: 5,
  retrieval: '2000,10000',
  queries: 200,
  trainEpochs: 2,
  quality: { BENCH_DATASETS: 'movielens-100k', BENCH_EPOCHS: '2' },
  session: { BENCH_EPOCHS: '2', BENCH_SESSIONS: '200' },
};

function steps(sizes: Sizes): Step[] {
  const list: Step[] = [];
  for (const scale of sizes.serving) {
    for (const database of ['pglite', 'postgres'] as const) {
      list.push({
        area: 'serving',
        title: `serving: ${scale.products.toLocaleString('en')} products, ${scale.shoppers.toLocaleString('en')} shoppers on ${database === 'postgres' ? 'PostgreSQL' : 'the embedded database'}`,
        script: 'bench/serve.ts',
        postgres: database === 'postgres',
        env: {
          BENCH_PRODUCTS: String(scale.products),
          BENCH_SHOPPERS: String(scale.shoppers),
          BENCH_INTERACTIONS: String(scale.interactions),
          BENCH_EPOCHS: String(scale.epochs),
          BENCH_DATABASE: database,
          BENCH_DURATION: String(sizes.servingSeconds),
          ...(scale.serverHeapMiB ? { BENCH_SERVER_NODE_ARGS: `--max-old-space-size=${scale.serverHeapMiB}` } : {}),
        },
      });
    }
  }
  for (const scale of sizes.serving) {
    list.push({
      area: 'serving',
      title: `memory: where a gateway's memory goes at ${scale.products.toLocaleString('en')} products`,
      script: 'bench/memory.ts',
      env: { BENCH_PRODUCTS: String(scale.products), BENCH_SHOPPERS: String(scale.shoppers), BENCH_INTERACTIONS: String(scale.interactions), BENCH_DATABASE: 'pglite' },
    });
  }
  list.push({ area: 'serving', title: 'popularity: trending reads per page while events arrive', script: 'bench/popularity.ts', env: {} });
  for (const database of ['pglite', 'postgres'] as const) {
    list.push({
      area: 'ingestion',
      title: `ingestion: recordInteractions on ${database === 'postgres' ? 'PostgreSQL' : 'the embedded database'}`,
      script: 'bench/ingest.ts',
      postgres: database === 'postgres',
      env: { BENCH_DURATION: String(sizes.ingestSeconds), BENCH_FRESHNESS_TRIALS: String(sizes.freshnessTrials) },
      output: { writes: 'ingest.json', as: `ingest-${database}.json` },
    });
  }
  list.push({ area: 'retrieval', title: `retrieval: exact, HNSW and pgvector at ${sizes.retrieval}`, script: 'bench/retrieval.ts', env: { BENCH_SIZES: sizes.retrieval, BENCH_QUERIES: String(sizes.queries) } });
  list.push({ area: 'training', title: 'training: MovieLens-100K', script: 'bench/train.ts', env: sizes.trainEpochs ? { BENCH_EPOCHS: String(sizes.trainEpochs) } : {} });
  list.push({ area: 'quality', title: 'quality: both protocols on the shared data sets', script: 'bench/quality.ts', env: sizes.quality });
  list.push({ area: 'quality', title: 'quality: the session signal on UCI Online Retail', script: 'bench/session.ts', env: sizes.session });
  return list;
}

function run(step: Step, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', step.script], { cwd: repoRoot, env, stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function usage(problem: string): never {
  console.error(`${problem}\nusage: npm run bench -- [--quick] [--summary] [--products=N] [${AREAS.join('|')} ...]`);
  process.exit(2);
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const summaryOnly = args.includes('--summary');
const productsFlag = args.find((a) => a.startsWith('--products='));
const onlyProducts = productsFlag ? Number(productsFlag.slice('--products='.length)) : null;
if (onlyProducts !== null && !(Number.isInteger(onlyProducts) && onlyProducts > 0)) usage(`--products needs a catalog size, e.g. --products=20000, got "${productsFlag}"`);
const unknownFlag = args.find((a) => a.startsWith('-') && !['--quick', '--summary'].includes(a) && a !== productsFlag);
if (unknownFlag) usage(`unknown option ${unknownFlag}`);
const wanted = args.filter((a) => !a.startsWith('-'));
const unknownArea = wanted.find((a) => !(AREAS as readonly string[]).includes(a));
if (unknownArea) usage(`unknown benchmark "${unknownArea}"; choose from ${AREAS.join(', ')}`);

const defaultResults = path.join(repoRoot, 'bench/results');
const resultsDir = path.resolve(process.env.BENCH_RESULTS_DIR ?? (quick ? path.join(defaultResults, 'quick') : defaultResults));
await mkdir(resultsDir, { recursive: true });
const started = {
  date: new Date().toISOString(),
  command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
  revision: gitRevision(),
  machine: machineDetails(),
  postgres: await postgresVersion(),
};

const failures: string[] = [];
if (!summaryOnly) {
  const selected = steps(quick ? QUICK : FULL)
    .filter((s) => wanted.length === 0 || wanted.includes(s.area))
    .filter((s) => onlyProducts === null || s.env.BENCH_PRODUCTS === undefined || Number(s.env.BENCH_PRODUCTS) === onlyProducts);
  const suiteStarted = performance.now();
  for (const [i, step] of selected.entries()) {
    const label = `[${i + 1}/${selected.length}] ${step.title}`;
    if (step.postgres && !started.postgres) {
      console.error(`${label}: skipped, PostgreSQL does not answer`);
      continue;
    }
    console.error(`\n${label}`);
    const stepStarted = performance.now();
    // Fixed-name outputs of another configuration are set aside, so nothing is overwritten.
    const fixedOutput = step.output && path.join(defaultResults, step.output.writes);
    const setAside = fixedOutput && existsSync(fixedOutput) ? `${fixedOutput}.before-bench` : null;
    if (setAside) await rename(fixedOutput!, setAside);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...step.env,
      BENCH_RESULTS_DIR: resultsDir,
      // One client drives the load: a per-caller rate limit would measure the limiter.
      VITRINE_RATE_LIMIT: '0',
    };
    // ingest.ts takes an existing database; serve.ts and retrieval.ts create their own.
    if (step.postgres && step.area === 'ingestion') env.BENCH_DATABASE_URL = await ensureDatabase('vitrine_bench_ingest');
    let code: number;
    try {
      code = await run(step, env);
      if (fixedOutput && existsSync(fixedOutput)) await rename(fixedOutput, path.join(resultsDir, step.output!.as));
    } finally {
      if (setAside) await rename(setAside, fixedOutput!);
    }
    const seconds = Math.round((performance.now() - stepStarted) / 1000);
    if (code !== 0) failures.push(`${step.title} (exit ${code})`);
    console.error(`${label}: ${code === 0 ? 'done' : `FAILED with exit code ${code}`} in ${seconds} s (suite ${Math.round((performance.now() - suiteStarted) / 1000)} s)`);
  }
}

const file = await writeSummary(resultsDir, { ...started, backend: backendOf(resultsDir) });
console.error(`\nwrote ${path.relative(repoRoot, file)}`);
if (failures.length) {
  console.error(`failed: ${failures.join('; ')}`);
  process.exitCode = 1;
}
