/*
 * Impression recording benchmark: pages of BENCH_ROWS rows × BENCH_ITEMS items are handed to the
 * ImpressionRecorder as homeRows does (no database wait on the request path), and written in its
 * batches with the unnest bulk insert. Prints the time a page spends in `record` and the
 * impressions written per second until `flush` returns, on the embedded database and (when the
 * server answers) on PostgreSQL. Writes bench/results/impressions.json.
 *
 * Run: node --import @swc-node/register/esm-register bench/impressions.ts
 */
import { randomUUID } from 'node:crypto';
import { defaultProgress } from '../src/cli/progress.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { insertImpressions, type ImpressionRow } from '../src/db/insert-impressions.js';
import { ImpressionRecorder } from '../src/realtime/impression-recorder.js';
import { ensureDatabase, envNumber, gitRevision, machineDetails, postgresVersion, writeResult } from './support.js';

const pages = envNumber('BENCH_PAGES', 2_000);
const rowsPerPage = envNumber('BENCH_ROWS', 6);
const itemsPerRow = envNumber('BENCH_ITEMS', 20);
const progress = defaultProgress();

function page(n: number): ImpressionRow[] {
  const pageId = randomUUID();
  const shownAt = new Date();
  const rows: ImpressionRow[] = [];
  for (let r = 0; r < rowsPerPage; r++) {
    for (let position = 1; position <= itemsPerRow; position++) {
      rows.push({
        pageId,
        userId: `s-${String(1 + (n % 1_000)).padStart(5, '0')}`,
        rowId: `row-${r}`,
        rowKind: 'POPULAR',
        position,
        productId: `p-${String(1 + ((n * 7 + r * 31 + position) % 2_000)).padStart(5, '0')}`,
        experimentId: null,
        variant: null,
        arm: position % 10 === 0 ? 'explore' : 'POPULAR',
        segment: 'MOBILE/evening',
        shownAt,
      });
    }
  }
  return rows;
}

async function measure(label: string, db: Database) {
  await db.sql.exec('TRUNCATE impressions');
  const recorder = new ImpressionRecorder({ write: (rows) => insertImpressions(db.prisma, rows) });
  const bar = progress(`${label}: pages`, pages, 'pages');
  let recordMs = 0;
  const started = performance.now();
  for (let n = 0; n < pages; n++) {
    const rows = page(n);
    const before = performance.now();
    recorder.record(rows);
    recordMs += performance.now() - before;
    bar.increment();
    // Pages arrive over time: let the background writes run between them, as between requests,
    // and never outrun the writes so far that the queue's cap (100,000) drops rows: the figure is the write rate.
    if (n % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
    if (recorder.stats().queued > 50_000) await recorder.flush();
  }
  await recorder.flush();
  const seconds = (performance.now() - started) / 1_000;
  bar.stop();
  const [{ n: stored }] = await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM impressions');
  const impressions = pages * rowsPerPage * itemsPerRow;
  if (stored !== impressions) throw new Error(`${label}: ${stored} impressions stored, ${impressions} recorded`);
  const result = {
    impressions,
    seconds: Math.round(seconds * 100) / 100,
    impressionsPerSecond: Math.round(impressions / seconds),
    recordMicrosecondsPerPage: Math.round((recordMs / pages) * 1_000 * 10) / 10,
    ...recorder.stats(),
  };
  console.log(
    `${label}: ${result.impressionsPerSecond.toLocaleString('en')} impressions/s written (${impressions.toLocaleString('en')} in ${result.seconds} s); ` +
      `record() ${result.recordMicrosecondsPerPage} µs per page of ${rowsPerPage * itemsPerRow} items`,
  );
  return result;
}

const results: Record<string, unknown> = {};
const embedded = await openDatabase({ dataDir: null });
try {
  results.pglite = await measure('pglite (in memory)', embedded);
} finally {
  await embedded.close();
}
const serverVersion = await postgresVersion();
if (serverVersion) {
  const db = await openDatabase({ databaseUrl: await ensureDatabase('vitrine_bench_impressions') });
  try {
    results.postgres = { version: serverVersion, ...(await measure('postgres', db)) };
  } finally {
    await db.close();
  }
} else {
  console.log('postgres: no server answered; skipped');
}
const file = await writeResult('impressions', { at: new Date().toISOString(), revision: gitRevision(), machine: machineDetails(), pages, rowsPerPage, itemsPerRow, ...results });
console.log(`wrote ${file}`);
