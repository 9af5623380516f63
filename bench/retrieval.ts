/*
 * Nearest-neighbour retrieval: the exact scan (src/index/exact-index.ts) against the in-process
 * HNSW graph (src/index/hnsw-index.ts) and PostgreSQL's pgvector HNSW index queried the way the
 * gateway does (src/index/pgvector-search.ts over the products table), on random but clustered
 * 64-d unit vectors, as a trained item tower's embeddings are. For each size: build time, query
 * time p50/p99 (top 10) and recall@10 against the exact answer. Writes bench/results/retrieval.json.
 *
 * Run: node --import @swc-node/register/esm-register bench/retrieval.ts
 * Env: BENCH_SIZES (10000,100000,1000000), BENCH_QUERIES (500), BENCH_PGVECTOR=0 to skip
 *      PostgreSQL (on by default; it uses a database of its own on BENCH_PG_ADMIN_URL),
 *      BENCH_HNSW_M (16), BENCH_HNSW_EF_CONSTRUCTION (200), BENCH_HNSW_EF_SEARCH (128) (the gateway's own),
 *      BENCH_PGVECTOR_M (16), BENCH_PGVECTOR_EF_CONSTRUCTION (64), BENCH_PGVECTOR_EF_SEARCH (40,100).
 */
import { defaultProgress } from '../src/cli/progress.js';
import { openDatabase, type Database, type SqlRunner } from '../src/db/client.js';
import { ExactIndex } from '../src/index/exact-index.js';
import { HnswIndex } from '../src/index/hnsw-index.js';
import { pgvectorItemVectors } from '../src/index/pgvector-search.js';
import type { VectorIndex } from '../src/index/vector-index.js';
import { ensureDatabase, envNumber, gitRevision, machineDetails, postgresVersion, sizeLabel, writeResult } from './support.js';
import { SeededRandom } from '../src/model/random.js';

const DIMENSION = 64;
const K = 10;
const sizes = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const queryCount = envNumber('BENCH_QUERIES', 500);
const hnsw = { m: envNumber('BENCH_HNSW_M', 16), efConstruction: envNumber('BENCH_HNSW_EF_CONSTRUCTION', 200), efSearch: envNumber('BENCH_HNSW_EF_SEARCH', 128) };
const pgvector = {
  enabled: process.env.BENCH_PGVECTOR !== '0',
  m: envNumber('BENCH_PGVECTOR_M', 16),
  efConstruction: envNumber('BENCH_PGVECTOR_EF_CONSTRUCTION', 64),
  efSearch: (process.env.BENCH_PGVECTOR_EF_SEARCH ?? '40,100').split(',').map(Number),
};
const progress = defaultProgress();

/** mulberry32 plus Box–Muller: the same vectors on every run. */
function gaussian(seed: number): () => number {
  const generator = new SeededRandom(seed);
  // Half a step above zero, so the logarithm below never sees 0.
  const uniform = () => generator.next() + 2 ** -33;
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

function normaliseInto(target: Float32Array, offset: number): void {
  let norm = 0;
  for (let d = 0; d < DIMENSION; d++) norm += target[offset + d] ** 2;
  norm = Math.sqrt(norm);
  for (let d = 0; d < DIMENSION; d++) target[offset + d] /= norm;
}

/**
 * `count` unit vectors around √count cluster centres (items of one category and house sit close
 * together), and queries drawn the same way, so neighbourhoods are dense but not trivial.
 */
function clusteredVectors(count: number, queries: number, seed: number): { items: Float32Array; queries: Float32Array } {
  const next = gaussian(seed);
  const clusters = Math.max(8, Math.round(Math.sqrt(count)));
  const centres = new Float32Array(clusters * DIMENSION).map(() => next());
  for (let c = 0; c < clusters; c++) normaliseInto(centres, c * DIMENSION);
  const draw = (n: number) => {
    const out = new Float32Array(n * DIMENSION);
    for (let i = 0; i < n; i++) {
      const c = Math.floor(Math.abs(next() * 1e6)) % clusters;
      for (let d = 0; d < DIMENSION; d++) out[i * DIMENSION + d] = centres[c * DIMENSION + d] + 0.12 * next();
      normaliseInto(out, i * DIMENSION);
    }
    return out;
  };
  return { items: draw(count), queries: draw(queries) };
}

const itemId = (i: number) => `v${i}`;
const row = (matrix: Float32Array, i: number) => matrix.subarray(i * DIMENSION, (i + 1) * DIMENSION);

function percentiles(ms: number[]): { p50: number; p99: number; mean: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return { p50: round(at(0.5)), p99: round(at(0.99)), mean: round(sorted.reduce((s, v) => s + v, 0) / sorted.length) };
}

function recallAt(found: string[][], truth: string[][]): number {
  let hits = 0;
  found.forEach((ids, q) => {
    const expected = new Set(truth[q]);
    hits += ids.filter((id) => expected.has(id)).length;
  });
  return Math.round((hits / (truth.length * K)) * 10_000) / 10_000;
}

interface Measured {
  method: string;
  parameters: Record<string, number | string>;
  buildSeconds: number;
  queryMs: { p50: number; p99: number; mean: number };
  recallAt10: number;
  /** Resident memory the index added to this process (in-process indexes only). */
  memoryMiB?: number;
}

const rssMiB = () => process.memoryUsage().rss / 2 ** 20;

async function measureInProcess(
  method: string,
  parameters: Measured['parameters'],
  make: () => VectorIndex,
  data: { items: Float32Array; queries: Float32Array },
  count: number,
  truth: string[][] | null,
): Promise<{ measured: Measured; answers: string[][] }> {
  const before = rssMiB();
  const started = performance.now();
  const index = make();
  const bar = progress(`${method} build`, count, 'vectors');
  for (let i = 0; i < count; i++) {
    index.upsert(itemId(i), row(data.items, i));
    if (i % 1000 === 999) bar.increment(1000);
  }
  bar.stop();
  const buildSeconds = (performance.now() - started) / 1000;
  const memoryMiB = Math.round(rssMiB() - before);
  const times: number[] = [];
  const answers: string[][] = [];
  for (let q = 0; q < queryCount; q++) {
    const t = performance.now();
    const found = index.search(row(data.queries, q), K);
    times.push(performance.now() - t);
    answers.push(found.map((n) => n.id));
  }
  const measured = { method, parameters, buildSeconds: Math.round(buildSeconds * 10) / 10, queryMs: percentiles(times), recallAt10: recallAt(answers, truth ?? answers), memoryMiB };
  return { measured, answers };
}

/** The products table of a bench database, filled with `count` vectors and indexed as the migration does. */
async function measurePgvector(sql: SqlRunner, data: { items: Float32Array; queries: Float32Array }, count: number, truth: string[][]): Promise<Measured[]> {
  await sql.query('DROP INDEX IF EXISTS products_embedding_hnsw');
  await sql.query('TRUNCATE products CASCADE');
  await sql.query(`INSERT INTO brands (id, slug, name) VALUES ('bench', 'bench', 'Bench') ON CONFLICT DO NOTHING`);
  const insertStarted = performance.now();
  const chunk = 5_000;
  const bar = progress('pgvector load', count, 'rows');
  for (let start = 0; start < count; start += chunk) {
    const ids: string[] = [];
    const literals: string[] = [];
    for (let i = start; i < Math.min(count, start + chunk); i++) {
      ids.push(itemId(i));
      literals.push(`[${Array.from(row(data.items, i)).join(',')}]`);
    }
    await sql.query(
      `INSERT INTO products (id, title, brand_id, category, colour, material, price, currency, updated_at, embedding, embedding_model_id)
       SELECT v.id, v.id, 'bench', 'bench', 'black', 'silk', 100, 'EUR', now(), v.e::vector, 1 FROM unnest($1::text[], $2::text[]) AS v(id, e)`,
      [ids, literals],
    );
    bar.increment(ids.length);
  }
  bar.stop();
  const insertSeconds = (performance.now() - insertStarted) / 1000;
  // A graph that does not fit in maintenance_work_mem builds far slower; 1M 64-d vectors need about 1 GB.
  await sql.query(`SET maintenance_work_mem = '2GB'`);
  const buildStarted = performance.now();
  await sql.query(
    `CREATE INDEX products_embedding_hnsw ON products USING hnsw (embedding vector_cosine_ops) WITH (m = ${pgvector.m}, ef_construction = ${pgvector.efConstruction})`,
  );
  const buildSeconds = (performance.now() - buildStarted) / 1000;
  await sql.query('ANALYZE products');
  const [{ bytes }] = await sql.query<{ bytes: string }>(`SELECT pg_relation_size('products_embedding_hnsw') AS bytes`);
  const items = pgvectorItemVectors((text, params) => sql.query(text, params), 1);
  const results: Measured[] = [];
  for (const efSearch of pgvector.efSearch) {
    // The gateway's pool sets nothing, so 40 (pgvector's default) is what it gets unless configured.
    await sql.query(`SET hnsw.ef_search = ${efSearch}`);
    const times: number[] = [];
    const answers: string[][] = [];
    for (let q = 0; q < queryCount; q++) {
      const t = performance.now();
      const found = await items.nearest(row(data.queries, q), K);
      times.push(performance.now() - t);
      answers.push(found.map((n) => n.id));
    }
    results.push({
      method: 'pgvector HNSW',
      parameters: { m: pgvector.m, efConstruction: pgvector.efConstruction, efSearch, insertSeconds: Math.round(insertSeconds), indexMiB: Math.round(Number(bytes) / 2 ** 20) },
      buildSeconds: Math.round(buildSeconds * 10) / 10,
      queryMs: percentiles(times),
      recallAt10: recallAt(answers, truth),
    });
  }
  return results;
}

async function openBenchDatabase(): Promise<Database | null> {
  if (!pgvector.enabled) return null;
  const version = await postgresVersion();
  if (!version) {
    console.error('PostgreSQL is not reachable; skipping pgvector (BENCH_PG_ADMIN_URL sets the server).');
    return null;
  }
  return openDatabase({ databaseUrl: await ensureDatabase('vitrine_bench_retrieval') });
}

const runs: Array<{ size: number; methods: Measured[] }> = [];
const db = await openBenchDatabase();
try {
  for (const size of sizes) {
    const data = clusteredVectors(size, queryCount, 7 + size);
    const exact = await measureInProcess('exact', {}, () => new ExactIndex(DIMENSION, size), data, size, null);
    const methods = [exact.measured];
    const approximate = await measureInProcess('HNSW (hnswlib, in process)', { ...hnsw }, () => new HnswIndex(DIMENSION, size, hnsw), data, size, exact.answers);
    methods.push(approximate.measured);
    // One session, so `maintenance_work_mem` and `hnsw.ef_search` apply to the statements that follow.
    if (db) methods.push(...(await db.sql.withSession((session) => measurePgvector(session, data, size, exact.answers))));
    runs.push({ size, methods });
    for (const m of methods) {
      const params = Object.entries(m.parameters).map(([k, v]) => `${k}=${v}`).join(' ');
      console.log(
        `${sizeLabel(size).padStart(5)} ${m.method.padEnd(27)} build ${String(m.buildSeconds).padStart(6)} s | query p50 ${m.queryMs.p50} ms p99 ${m.queryMs.p99} ms | recall@10 ${m.recallAt10}${m.memoryMiB !== undefined ? ` | +${m.memoryMiB} MiB` : ''}${params ? ` | ${params}` : ''}`,
      );
    }
  }
} finally {
  await db?.close();
}

const file = await writeResult('retrieval', {
  generatedAt: new Date().toISOString(),
  command: `BENCH_SIZES=${sizes.join(',')} node --import @swc-node/register/esm-register bench/retrieval.ts`,
  revision: gitRevision(),
  machine: { ...machineDetails(), postgres: db ? await postgresVersion() : null },
  setup: { dimension: DIMENSION, k: K, queries: queryCount, vectors: 'unit vectors around √n cluster centres, per-dimension noise σ=0.12', hnsw, pgvector },
  runs,
});
console.log(`wrote ${file}`);
