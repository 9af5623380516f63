/*
 * What the benchmarks that drive a real `vitrine serve` share: a prepared data set with a trained
 * model (kept between runs), the server process, and a storefront's credentials.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { DEVELOPMENT_SECRET, signToken } from '../src/auth/tokens.js';
import { defaultProgress } from '../src/cli/progress.js';
import { openDatabase } from '../src/db/client.js';
import { createRepositories } from '../src/db/repositories/index.js';
import { createImageReader } from '../src/relevance/product-images.js';
import { RelevanceService } from '../src/relevance/relevance-service.js';
import { runTrainingJob } from '../src/relevance/train-job.js';
import type { TrainOptions } from '../src/model/train.js';
import { seedDemo } from '../src/seed/run.js';
import { repoRoot } from './support.js';

export interface ServingData {
  /** PGlite folder (also holds the model files on PostgreSQL). */
  dataDir: string;
  databaseUrl?: string;
}

/**
 * Seeds without pictures (rendering them would dominate at bench sizes) and trains and activates a
 * model, unless the data set already has a catalog and an active model.
 */
export async function prepareServingData(
  data: ServingData,
  options: { seed: number; scale: { products: number; shoppers: number; interactions: number }; train: Partial<TrainOptions> },
): Promise<void> {
  const db = await openDatabase({ databaseUrl: data.databaseUrl, dataDir: data.dataDir });
  try {
    if ((await db.prisma.product.count()) > 0 && (await db.prisma.modelVersion.count({ where: { status: 'ACTIVE' } })) > 0) return;
    const { products, shoppers, interactions } = options.scale;
    console.error(`preparing ${products} products, ${shoppers} shoppers, ${interactions} interactions and a model in ${data.databaseUrl ? 'PostgreSQL' : data.dataDir}`);
    await seedDemo(db.prisma, { seed: options.seed, scale: options.scale, imagesDir: null, reset: true, progress: defaultProgress() });
    const repos = createRepositories(db.prisma);
    const relevance = new RelevanceService(repos, { readImage: createImageReader({ imagesDir: path.join(data.dataDir, 'images') }) });
    await runTrainingJob(repos, relevance, { artifactsRoot: path.join(data.dataDir, 'models'), activate: true, train: { seed: options.seed, ...options.train }, progress: defaultProgress() });
  } finally {
    await db.close();
  }
}

/** `vitrine serve` on the prepared data, without auto-seeding and without a per-caller rate limit (the load comes from one client). */
export function startServer(data: ServingData, port: number, env: Record<string, string> = {}): ChildProcess {
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server under load.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  return spawn(process.execPath, [...nodeArgs, path.join(repoRoot, 'bin/vitrine.js'), 'serve'], {
    env: {
      ...process.env,
      VITRINE_DATA_DIR: data.dataDir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      VITRINE_AUTO_SEED: 'false',
      VITRINE_RATE_LIMIT: '0',
      ...(data.databaseUrl ? { DATABASE_URL: data.databaseUrl } : {}),
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

export async function waitForHealth(url: string, server: ChildProcess): Promise<Record<string, unknown>> {
  for (let attempt = 0; attempt < 2_400; attempt++) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode} before it was healthy`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return (await response.json()) as Record<string, unknown>;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the server did not become healthy within 10 minutes');
}

/** A cache's hit and miss counts from the server's /metrics (vitrine_cache_lookups_total). */
export async function cacheLookups(url: string, cache: string): Promise<{ hits: number; misses: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const count = (result: string) => Number(new RegExp(`^vitrine_cache_lookups_total\\{cache="${cache}",result="${result}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { hits: count('hit'), misses: count('miss') };
}

/** A storefront records events and reads pages for any shopper; bench servers sign with the development secret. */
export async function storefrontHeaders(): Promise<Record<string, string>> {
  return { 'content-type': 'application/json', authorization: `Bearer ${await signToken(DEVELOPMENT_SECRET, { role: 'STOREFRONT', subject: 'bench' })}` };
}

/**
 * Drives POST /graphql with autocannon for `seconds`, each request's body from `body()`: as fast
 * as the server answers, or at `overallRate` requests per second in all.
 */
export function driveGraphQL(options: {
  url: string;
  title: string;
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  body: () => string;
  onResponse?: (status: number, body: string) => void;
  overallRate?: number;
}): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${options.url}/graphql`,
        title: options.title,
        connections: options.connections,
        duration: options.seconds,
        ...(options.overallRate ? { overallRate: options.overallRate } : {}),
        method: 'POST',
        headers: options.headers,
        requests: [{ setupRequest: (request) => ({ ...request, body: options.body() }), onResponse: options.onResponse }],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    autocannon.track(instance, { renderProgressBar: process.stderr.isTTY, renderResultsTable: false });
  });
}
