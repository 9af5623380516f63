/*
 * Impression recording benchmark: pages of BENCH_ROWS rows × BENCH_ITEMS items are handed to the
 * ImpressionRecorder as homeRows does (one slice per row, no database wait on the request path),
 * and written in its batches with the unnest bulk insert. Prints the time a page spends in
 * `record`, the slices and items written per second until `flush` returns, and the database time
 * per page, on the embedded database and (when the server answers) on PostgreSQL. Writes
 * bench/results/impressions.json.
 *
 * Run: node --import @swc-node/register/esm-register bench/impressions.ts
 */
import { randomUUID } from 'node:crypto';
import { defaultProgress } from '../src/cli/progress.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { insertImpressions, type ImpressionSlice } from '../src/db/insert-impressions.js';
import { ImpressionRecorder } from '../src/realtime/impression-recorder.js';
import { ensureDatabase, envNumber, gitRevision, machineDetails, postgresVersion, writeResult } from './support.js';

const pages = envNumber('BENCH_PAGES', 2_000);
const rowsPerPage = envNumber('BENCH_ROWS', 6);
const itemsPerRow = envNumber('BENCH_ITEMS', 20);
const progress = defaultProgress();

/** One page as FeedbackLoop.shown records it: a slice per row. */
function page(n: number): ImpressionSlice[] {
  const pageId = randomUUID();
  const positions = Array.from({ length: itemsPerRow }, (_, i) => i + 1);
  return Array.from({ length: rowsPerPage }, (_, r) => ({
    pageId,
    userId: `s-${String(1 + (n % 1_000)).padStart(5, '0')}`,
    rowId: `row-${r}`,
    rowKind: 'POPULAR',
    firstPosition: 1,
    productIds: positions.map((position) => `p-${String(1 + ((n * 7 + r * 31 + position) % 2_000)).padStart(5, '0')}`),
    arms: positions.map((position) => (position % 10 === 0 ? 'explore' : 'POPULAR')),
    experimentId: null,
    variant: null,
    segment: 'MOBILE/evening',
    shownAt: new Date(),
  }));
}

async function measure(label: string, db: Database) {
  await db.sql.exec('TRUNCATE impressions');
  let writeMs = 0;
  const recorder = new ImpressionRecorder({
    write: async (slices) => {
      const before = performance.now();
      await insertImpressions(db.prisma, slices);
      writeMs += performance.now() - before;
    },
  });
  const bar = progress(`${label}: pages`, pages, 'pages');
  let recordMs = 0;
  const started = performance.now();
  for (let n = 0; n < pages; n++) {
    const slices = page(n);
    const before = performance.now();
    recorder.record(slices);
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
  const [stored] = await db.sql.query<{ slices: number; items: number }>('SELECT count(*)::int AS slices, COALESCE(SUM(cardinality(product_ids)), 0)::int AS items FROM impressions');
  const slices = pages * rowsPerPage;
  const impressions = slices * itemsPerRow;
  if (stored.slices !== slices || stored.items !== impressions) throw new Error(`${label}: ${stored.slices} slices of ${stored.items} items stored, ${slices} of ${impressions} recorded`);
  const result = {
    slices,
    impressions,
    seconds: Math.round(seconds * 100) / 100,
    slicesPerSecond: Math.round(slices / seconds),
    impressionsPerSecond: Math.round(impressions / seconds),
    recordMicrosecondsPerPage: Math.round((recordMs / pages) * 1_000 * 10) / 10,
    // Time inside the insert statements (on PostgreSQL mostly the server's, on PGlite its thread's).
    writeMicrosecondsPerPage: Math.round((writeMs / pages) * 1_000),
    ...recorder.stats(),
  };
  console.log(
    `${label}: ${result.slicesPerSecond.toLocaleString('en')} slices/s, ${result.impressionsPerSecond.toLocaleString('en')} items/s written ` +
      `(${impressions.toLocaleString('en')} items in ${slices.toLocaleString('en')} slices, ${result.seconds} s); ` +
      `record() ${result.recordMicrosecondsPerPage} µs per page of ${rowsPerPage * itemsPerRow} items; insert ${result.writeMicrosecondsPerPage} µs per page`,
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
