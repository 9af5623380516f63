import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { insertImpressions, type ImpressionRow } from '../../src/db/insert-impressions.js';
import { ImpressionRecorder } from '../../src/realtime/impression-recorder.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const row = (pageId: string, position: number): ImpressionRow => ({
  pageId,
  userId: null,
  rowId: 'popular',
  rowKind: 'POPULAR',
  position,
  productId: `p-${position}`,
  experimentId: null,
  variant: null,
  arm: 'POPULAR',
  segment: 'ANY/night',
  shownAt: new Date('2026-11-26T10:00:00.000Z'),
});
const rows = (pageId: string, n: number) => Array.from({ length: n }, (_, i) => row(pageId, i + 1));

describe('ImpressionRecorder on a real database', () => {
  let db: TestDatabase;
  const count = async (pageId: string) => Number((await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM impressions WHERE page_id = $1', [pageId]))[0].n);
  const writeToDb = (batch: readonly ImpressionRow[]) => insertImpressions(db.prisma, batch);

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  it('writes as soon as a batch is full, in batches of batchSize, with every column', async () => {
    const batches: number[] = [];
    const recorder = new ImpressionRecorder({ write: (b) => (batches.push(b.length), writeToDb(b)), batchSize: 10, flushMs: 60_000 });
    recorder.record(rows('batched', 25));
    await vi.waitFor(() => expect(recorder.stats().written).toBe(25), { timeout: 10_000 });
    expect(batches).toEqual([10, 10, 5]);
    expect(await count('batched')).toBe(25);
    const [stored] = await db.sql.query(`SELECT page_id, user_id, row_id, row_kind, position, product_id, arm, segment, experiment_id, variant, to_char(shown_at, 'YYYY-MM-DD"T"HH24:MI:SS') AS shown_at FROM impressions WHERE page_id = 'batched' AND position = 7`);
    expect(stored).toEqual({ page_id: 'batched', user_id: null, row_id: 'popular', row_kind: 'POPULAR', position: 7, product_id: 'p-7', arm: 'POPULAR', segment: 'ANY/night', experiment_id: null, variant: null, shown_at: '2026-11-26T10:00:00' });
    expect(recorder.stats()).toEqual({ queued: 0, written: 25, dropped: 0, failedWrites: 0 });
    await recorder.stop();
  });

  it('forgets an erased shopper: their queued rows are never written, the other shoppers\' are', async () => {
    const recorder = new ImpressionRecorder({ write: writeToDb, batchSize: 100, flushMs: 60_000 });
    const of = (userId: string | null) => rows(`forget-${userId}`, 4).map((r) => ({ ...r, userId }));
    recorder.record([...of('erased'), ...of('kept'), ...of(null)]);
    await recorder.forget(['erased']);
    await recorder.stop();
    expect([await count('forget-erased'), await count('forget-kept'), await count('forget-null')]).toEqual([0, 4, 4]);
  });

  it('writes a partial batch after the flush interval, without being asked', async () => {
    const recorder = new ImpressionRecorder({ write: writeToDb, batchSize: 100, flushMs: 50 });
    recorder.record(rows('timed', 3));
    expect(recorder.stats().queued).toBe(3);
    await vi.waitFor(() => expect(recorder.stats().written).toBe(3), { timeout: 10_000 });
    expect(await count('timed')).toBe(3);
    await recorder.stop();
  });

  it('keeps the rows of a failed write, retries them, and never writes a slot twice', async () => {
    let failures = 2;
    const logged: string[] = [];
    const recorder = new ImpressionRecorder({
      write: async (b) => {
        if (failures-- > 0) throw new Error('connection refused');
        return writeToDb(b);
      },
      flushMs: 10_000,
      retryMs: 20,
      log: (level, message) => logged.push(`${level}: ${message}`),
    });
    recorder.record(rows('retried', 8));
    await expect(recorder.flush()).rejects.toThrow('connection refused');
    expect(recorder.stats()).toMatchObject({ queued: 8, failedWrites: 1 });
    // The background retry (after 20 ms) fails once more, then the next (40 ms later) goes through.
    await vi.waitFor(() => expect(recorder.stats().written).toBe(8), { timeout: 10_000 });
    expect(recorder.stats()).toEqual({ queued: 0, written: 8, dropped: 0, failedWrites: 2 });
    expect(await count('retried')).toBe(8);
    expect(logged).toEqual(['warn: could not write impressions; will retry', 'warn: could not write impressions; will retry']);
    // A batch whose commit went through before an error is skipped on the retry, not duplicated.
    expect(await insertImpressions(db.prisma, rows('retried', 8))).toBe(0);
    await recorder.stop();
  });

  it('bounds its memory while the database is down by dropping the oldest rows, and counts them', async () => {
    let down = true;
    const recorder = new ImpressionRecorder({ write: async (b) => (down ? Promise.reject(new Error('down')) : writeToDb(b)), maxQueued: 5, flushMs: 10_000, retryMs: 10_000 });
    recorder.record(rows('bounded', 3));
    await expect(recorder.flush()).rejects.toThrow('down');
    recorder.record(rows('bounded', 12).slice(3));
    expect(recorder.stats()).toMatchObject({ queued: 5, dropped: 7 });
    down = false;
    await recorder.flush();
    const kept = await db.sql.query<{ position: number }>(`SELECT position FROM impressions WHERE page_id = 'bounded' ORDER BY position`);
    expect(kept.map((r) => r.position)).toEqual([8, 9, 10, 11, 12]);
    await recorder.stop();
  });

  it('gives up at shutdown when the database never comes back, logging what was lost instead of throwing', async () => {
    const logged: Record<string, unknown>[] = [];
    const recorder = new ImpressionRecorder({ write: () => Promise.reject(new Error('gone')), retryMs: 5, log: (_level, message, details) => logged.push({ message, ...details }) });
    recorder.record(rows('lost', 4));
    await expect(recorder.stop(2)).resolves.toBeUndefined();
    expect(logged.at(-1)).toMatchObject({ message: 'impressions lost at shutdown: the database did not accept them', lost: 4 });
  });
});
