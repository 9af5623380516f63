/*
 * bench/results/SUMMARY.md from the benchmarks' JSON results: the machine, then one table per
 * area. Reads whatever results exist, so a subset run still gives a complete page for the rest.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PUBLISHED, TFRS_TOP100_ACCURACY } from './published.js';
import { repoRoot, sizeLabel, type MachineDetails } from './support.js';

/** The serving memory budget: 200k products and 100k shoppers must fit in it. */
export const MEMORY_BUDGET_MIB = 2048;

/** Results are read back as the benchmarks wrote them. */
type Json = any;

function read(dir: string, file: string): Json | null {
  const full = path.join(dir, file);
  return existsSync(full) ? JSON.parse(readFileSync(full, 'utf8')) : null;
}

function readAll(dir: string, prefix: string): Json[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
    .sort()
    .map((f) => read(dir, f));
}

const table = (header: string[], rows: (string | number | null | undefined)[][]) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map((c) => (c === null || c === undefined ? '—' : String(c))).join(' | ')} |`),
  ].join('\n');

const fixed = (v: number | null | undefined, digits = 4) => (typeof v === 'number' ? v.toFixed(digits) : null);
const thousands = (v: number | null | undefined) => (typeof v === 'number' ? v.toLocaleString('en') : null);

/** p50 ms, p99 ms and requests/s of one autocannon run. */
const loadCells = (run: Json) => [run.latencyMs.p50, run.latencyMs.p99, run.requestsPerSecond];
const databaseLabel = (r: Json) => (r.setup.database === 'postgres' ? 'PostgreSQL' : 'embedded (PGlite)');

function servingSection(dir: string): string[] {
  const runs = readAll(dir, 'serve-').sort((a, b) => a.setup.products - b.setup.products || a.setup.database.localeCompare(b.setup.database));
  if (!runs.length) return [];
  const rows = runs.map((r) => [
    thousands(r.setup.products),
    thousands(r.setup.shoppers),
    databaseLabel(r),
    r.setup.vectorSearch ?? 'memory',
    ...loadCells(r.homeRows),
    r.homeRows.cpuMsPerPage?.mainThread,
    r.homeRows.cpuMsPerPage?.otherThreads,
    ...loadCells(r.trivial),
    r.memory?.peakMiB,
  ]);
  const lines = [
    '## Serving',
    '',
    `\`homeRows\` (6 rows × 20 items, 9 in 10 pages for a known shopper, varied contexts) over HTTP from autocannon with ${runs[0].setup.connections} connections for ${runs[0].setup.durationSeconds} s after a warm-up, ` +
      'next to `{ __typename }` on the same server (`bench/serve.ts`). CPU ms per page is the server process\'s CPU time during the run divided by the pages served, for its main thread (which bounds pages/s at 1000 ÷ it when cores are free) and for its other threads (the embedded database\'s thread, garbage collection helpers); it is steadier than pages/s on a shared machine. ' +
      'Peak RSS is the server process\'s VmHWM; on PostgreSQL the database server\'s own memory is not in it.',
    '',
    table(['products', 'shoppers', 'database', 'vectors', 'homeRows p50 ms', 'p99 ms', 'pages/s', 'CPU ms/page, main thread', 'other threads', 'trivial p50 ms', 'p99 ms', 'req/s', 'peak RSS MiB'], rows),
    '',
  ];
  const paced = runs.filter((r) => r.rowPaging && r.homeRowsOneAtATime);
  if (paced.length) {
    lines.push(
      'After the saturated run, the same server answers `row()` for the second page of top picks of pages just served (the gateway continues the page it served instead of ranking it again; "continued" is the share of requests that did), ' +
        'then `homeRows` from one connection at half the saturated rate: the latency of a page without queueing behind others; then `homeRows` saturated again while a storefront records views (in batches of 5) from other shoppers, so that popularity moves between pages as in a live store; ' +
        'last, the serving stack\'s ceiling: the six rows of pages just served, asked in one request of six `row()` fields and answered from the kept pages — the same 120 items through the same HTTP, GraphQL, impression and JSON work, with no ranking.',
      '',
      table(
        ['products', 'database', 'vectors', 'row() p50 ms', 'p99 ms', 'req/s', 'CPU ms/request, main thread', 'continued', 'one at a time: pages/s', 'p50 ms', 'p99 ms', 'with events: events/s', 'pages/s', 'p99 ms', 'CPU ms/page, main thread', 'no ranking: pages/s', 'CPU ms/page, main thread'],
        paced.map((r) => [
          thousands(r.setup.products),
          databaseLabel(r),
          r.setup.vectorSearch ?? 'memory',
          ...loadCells(r.rowPaging),
          r.rowPaging.cpuMsPerRequest,
          r.rowPaging.continuedShare,
          r.homeRowsOneAtATime.overallRate,
          r.homeRowsOneAtATime.latencyMs.p50,
          r.homeRowsOneAtATime.latencyMs.p99,
          r.homeRowsWithEvents?.eventsPerSecond,
          r.homeRowsWithEvents?.requestsPerSecond,
          r.homeRowsWithEvents?.latencyMs.p99,
          r.homeRowsWithEvents?.cpuMsPerPage,
          r.servingCeiling?.requestsPerSecond,
          r.servingCeiling?.cpuMsPerPage,
        ]),
      ),
      '',
    );
  }
  const popularity = read(dir, 'popularity.json');
  if (popularity) {
    lines.push(
      `Trending and popular rows read the global and a regional popularity ranking on every page (\`bench/popularity.ts\`, top 400 of each): ` +
        popularity.runs.map((r: Json) => `${thousands(r.products)} products ${r.msPerPage.noEventBetweenPages} ms per page with no event between pages, ${r.msPerPage.oneEventBetweenPages} ms with one`).join('; ') +
        '.',
      '',
    );
  }
  const large = runs.filter((r) => r.setup.products >= 200_000 && r.setup.shoppers >= 100_000 && r.memory?.peakMiB);
  for (const r of large) {
    const fits = r.memory.peakMiB <= MEMORY_BUDGET_MIB;
    lines.push(
      `Memory: ${thousands(r.setup.products)} products and ${thousands(r.setup.shoppers)} shoppers on ${r.setup.database} peaked at ${r.memory.peakMiB} MiB resident` +
        `${r.setup.serverNodeArgs ? ` with the gateway run as \`node ${r.setup.serverNodeArgs}\` (docs/deployment.md, Gateway memory)` : ' with the default heap'} ` +
        `(${fits ? 'within' : 'OVER'} the ${MEMORY_BUDGET_MIB} MiB budget); ${thousands(r.setup.distinctShoppersAsked)} distinct shoppers were asked for during the run.`,
    );
  }
  if (large.length) lines.push('');
  return lines;
}

function memorySection(dir: string): string[] {
  const runs = readAll(dir, 'memory-').sort((a, b) => a.setup.products - b.setup.products);
  if (!runs.length) return [];
  return [
    '### Where the memory goes',
    '',
    'The serving state loaded piece by piece in one process on the embedded database, resident memory after each piece (`bench/memory.ts`); ' +
      'the projection adds a full shopper state cache (its cap of 50,000 shoppers, 50 events each).',
    '',
    table(
      ['products', 'shoppers', 'embedded database MiB', 'model + item vectors MiB', 'catalog MiB', 'popularity, collections, rules MiB', 'cached shopper B', 'cached event B', 'projected with full cache MiB'],
      runs.map((r) => [
        thousands(r.setup.products),
        thousands(r.setup.shoppers),
        r.breakdownMiB.database,
        r.breakdownMiB.modelAndItemVectors,
        r.breakdownMiB.catalog,
        r.breakdownMiB.popularityCollectionsRules,
        r.shopperCache?.perShopperBytes,
        r.shopperCache?.perEventBytes,
        r.projection.totalMiB,
      ]),
    ),
    '',
    ...runs
      .filter((r) => r.setup.products >= 200_000)
      .map(
        (r) =>
          `With a full shopper cache the embedded-database gateway at ${thousands(r.setup.products)} products would reach about ${r.projection.totalMiB} MiB ` +
          `(${r.projection.totalMiB <= MEMORY_BUDGET_MIB ? 'within' : 'OVER'} the ${MEMORY_BUDGET_MIB} MiB budget); on PostgreSQL subtract the embedded database's ${r.breakdownMiB.database} MiB.\n`,
      ),
  ];
}

function ingestionSection(dir: string): string[] {
  // The suite keeps one file per database; bench/ingest.ts run alone writes ingest.json.
  const perDatabase = readAll(dir, 'ingest-');
  const runs = perDatabase.length ? perDatabase : [read(dir, 'ingest.json')].filter(Boolean);
  if (!runs.length) return [];
  return [
    '## Ingestion',
    '',
    '`recordInteractions` in batches over HTTP, each batch one transaction acknowledged after its commit, then the time until a recorded event changes `homeRows` (`bench/ingest.ts`).',
    '',
    table(
      ['database', 'batch', 'events/s', 'batch p50 ms', 'batch p99 ms', 'event → homeRows p50 ms', 'p99 ms'],
      runs.map((r) => [
        r.setup?.database === 'postgres' ? 'PostgreSQL' : 'embedded (PGlite)',
        r.setup?.batch,
        thousands(r.ingest?.eventsPerSecond),
        r.ingest?.batchLatencyMs?.p50,
        r.ingest?.batchLatencyMs?.p99,
        r.eventToHomeRows?.p50Ms,
        r.eventToHomeRows?.p99Ms,
      ]),
    ),
    '',
  ];
}

function retrievalSection(dir: string): string[] {
  const r = read(dir, 'retrieval.json');
  if (!r) return [];
  const rows = r.runs.flatMap((run: Json) =>
    run.methods.map((m: Json) => [
      sizeLabel(run.size),
      m.method,
      Object.entries(m.parameters)
        .filter(([k]) => !['insertSeconds', 'indexMiB'].includes(k))
        .map(([k, v]) => `${k}=${v}`)
        .join(' ') || '—',
      m.buildSeconds,
      m.queryMs.p50,
      m.queryMs.p99,
      fixed(m.recallAt10, 3),
      m.memoryMiB ?? (m.parameters.indexMiB !== undefined ? `${m.parameters.indexMiB} (index on disk)` : null),
    ]),
  );
  return [
    '## Retrieval',
    '',
    `Top ${r.setup.k} of ${r.setup.dimension}-d ${r.setup.vectors}; ${r.setup.queries} queries per size; recall@10 against the exact scan (\`bench/retrieval.ts\`). ` +
      'pgvector is queried as the gateway queries it (`src/index/pgvector-search.ts`, one round trip per query); its build time is `CREATE INDEX` after a bulk load.',
    '',
    table(['items', 'method', 'parameters', 'build s', 'query p50 ms', 'p99 ms', 'recall@10', 'memory MiB'], rows),
    '',
  ];
}

function trainingSection(dir: string): string[] {
  const t = read(dir, 'train.json');
  if (!t) return [];
  const target = t.targetValidationNdcg;
  return [
    '## Training',
    '',
    `Two-tower model on MovieLens-100K (random 80/20 split, seed 42, batch ${t.batchSize}, TF.js ${t.backend} backend; \`bench/train.ts\`).`,
    '',
    table(
      ['examples/s', 'epochs run (best)', 'training s', `time to validation NDCG@${target?.k ?? 100} ≥ ${target?.target ?? '?'}`, 'top-100 accuracy', 'TFRS published'],
      [
        [
          thousands(t.examplesPerSecond),
          `${t.epochsRun} (${t.bestEpoch})`,
          t.trainSeconds,
          target ? (target.trainSeconds === null ? 'not reached' : `${target.trainSeconds} s (epoch ${target.reachedAtEpoch})`) : null,
          fixed(t.top100CategoricalAccuracy),
          String(TFRS_TOP100_ACCURACY.value),
        ],
      ],
    ),
    '',
  ];
}

function qualitySection(dir: string): string[] {
  const q = read(dir, 'quality.json');
  if (!q) return [];
  const published: Json[] = q.published ?? PUBLISHED;
  const methods: [string, string][] = [
    ['twoTower', 'two-tower'],
    ['popularity', 'popularity'],
    ['itemKnn', 'item-kNN'],
  ];
  const rows: (string | null)[][] = [];
  for (const dataset of q.datasets) {
    for (const protocol of dataset.report.protocols) {
      for (const variant of protocol.variants as string[]) {
        for (const [key, label] of methods) {
          const at = protocol.methods[key]?.[variant];
          if (!at) continue;
          rows.push([dataset.name, protocol.protocol, variant, label, fixed(at['10']?.recall), fixed(at['10']?.ndcg), fixed(at['100']?.recall), fixed(at['100']?.ndcg)]);
        }
      }
      const quoted = published.filter((p) => p.dataset === dataset.name && p.protocol === protocol.protocol);
      for (const p of quoted) {
        const ours = protocol.tfrsTop100Accuracy?.twoTower;
        rows.push([dataset.name, protocol.protocol, 'unfiltered', `${p.source}: ${p.metric} ${p.value} (ours ${fixed(ours)})`, null, null, null, null]);
      }
    }
  }
  return [
    '## Quality',
    '',
    'Both protocols on both shared data sets against popularity and item-kNN (`bench/quality.ts`; every metric, coverage and novelty in [quality.md](quality.md)). ' +
      'Published figures are quoted where one exists for the same data set and protocol.',
    '',
    table(['data set', 'protocol', 'variant', 'method', 'recall@10', 'NDCG@10', 'recall@100', 'NDCG@100'], rows),
    '',
  ];
}

function sessionSection(dir: string): string[] {
  const r = read(dir, 'session.json');
  if (!r) return [];
  const signed = (v: number) => `${v >= 0 ? '+' : ''}${fixed(v)}`;
  const rows = Object.values(r.metrics).map((m: Json) => [
    m.label,
    fixed(m.hitRate),
    fixed(m.recall),
    fixed(m.ndcg),
    m.ndcgVsPrevious ? `${signed(m.ndcgVsPrevious.mean)} [${signed(m.ndcgVsPrevious.ci95[0])}, ${signed(m.ndcgVsPrevious.ci95[1])}]` : null,
    fixed(m.newToShopper, 3),
  ]);
  return [
    '## Session signal',
    '',
    `Top picks after ${r.parameters.clicks} clicks on ${r.dataset.name}: ${thousands(r.split.testSessions)} invoices after ${r.split.cutoff.slice(0, 10)} by known shoppers, ` +
      `the rest of the invoice held out, ranked to ${r.parameters.k} with the gateway's own code (\`bench/session.ts\`). ` +
      'ΔNDCG is paired with the row above, over the same sessions.',
    '',
    table(['ranking', `HitRate@${r.parameters.k}`, `Recall@${r.parameters.k}`, `NDCG@${r.parameters.k}`, 'ΔNDCG (95% CI)', 'new to shopper'], rows),
    '',
  ];
}

/** The first machine description found among the results, with the PostgreSQL version if any run had one. */
function machineSection(dir: string, started: { date: string; command: string; revision: string | null; machine: MachineDetails; postgres: string | null; backend: string | null }): string[] {
  const m = started.machine;
  return [
    '# Benchmarks',
    '',
    `Generated ${started.date} by \`${started.command}\`${started.revision ? ` at revision ${started.revision}` : ''}.`,
    '',
    `- CPU: ${m.cpu}, ${m.cores} cores (load average ${m.loadAverage.join(' / ')} when the suite started)`,
    `- memory: ${m.memoryGiB} GiB; ${m.platform}`,
    `- Node ${m.node}; TF.js backend ${started.backend ?? 'unknown'}`,
    `- ${started.postgres ?? 'PostgreSQL: not reachable (PostgreSQL runs skipped)'}`,
    `- results: ${path.relative(repoRoot, dir) || '.'}/*.json (each file records its own command, machine and time)`,
    '',
    'Single runs on a shared machine: treat differences under about 20% as noise.',
    '',
  ];
}

export interface SummaryContext {
  date: string;
  command: string;
  revision: string | null;
  machine: MachineDetails;
  postgres: string | null;
  backend: string | null;
}

export function renderSummary(dir: string, context: SummaryContext): string {
  return [
    ...machineSection(dir, context),
    ...servingSection(dir),
    ...memorySection(dir),
    ...ingestionSection(dir),
    ...retrievalSection(dir),
    ...trainingSection(dir),
    ...qualitySection(dir),
    ...sessionSection(dir),
  ].join('\n');
}

export async function writeSummary(dir: string, context: SummaryContext): Promise<string> {
  const file = path.join(dir, 'SUMMARY.md');
  await writeFile(file, renderSummary(dir, context));
  return file;
}

/** The TF.js backend the results were produced with, from the first result that names one. */
export function backendOf(dir: string): string | null {
  return read(dir, 'train.json')?.backend ?? read(dir, 'quality.json')?.machine?.backend ?? readAll(dir, 'serve-')[0]?.setup?.model?.backend ?? null;
}
