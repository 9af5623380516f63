import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { insertImpressions, textArrayLiteral, type ImpressionSlice } from '../../src/db/insert-impressions.js';
import { ImpressionRecorder } from '../../src/realtime/impression-recorder.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/** `size` items of row `rowId` from position `first` on. */
const slice = (pageId: string, rowId: string, first: number, size: number): ImpressionSlice => ({
  pageId,
  userId: null,
  rowId,
  rowKind: 'POPULAR',
  firstPosition: first,
  productIds: Array.from({ length: size }, (_, i) => `p-${rowId}-${first + i}`),
  arms: Array.from({ length: size }, (_, i) => ((first + i) % 5 === 0 ? 'explore' : 'POPULAR')),
  experimentId: null,
  variant: null,
  segment: 'ANY/night',
  shownAt: new Date('2026-11-26T10:00:00.000Z'),
});
/** A page of `rows` rows of `size` items each. */
const page = (pageId: string, rows: number, size = 5) => Array.from({ length: rows }, (_, r) => slice(pageId, `row-${r}`, 1, size));

describe('ImpressionRecorder on a real database', () => {
  let db: TestDatabase;
  /** Items stored for a page. */
  const count = async (pageId: string) =>
    Number((await db.sql.query<{ n: number }>('SELECT COALESCE(SUM(cardinality(product_ids)), 0)::int AS n FROM impressions WHERE page_id = $1', [pageId]))[0].n);
  const writeToDb = (batch: readonly ImpressionSlice[]) => insertImpressions(db.prisma, batch);

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  it('writes as soon as a batch is full, in batches of whole slices up to batchSize items, with every column', async () => {
    const batches: number[][] = [];
    const recorder = new ImpressionRecorder({ write: (b) => (batches.push(b.map((s) => s.productIds.length)), writeToDb(b)), batchSize: 10, flushMs: 60_000 });
    recorder.record([...page('batched', 4), slice('batched', 'deeper', 6, 3), slice('batched', 'long', 1, 12)]);
    await vi.waitFor(() => expect(recorder.stats().written).toBe(35), { timeout: 10_000 });
    // Slices are never split; a slice longer than a batch goes alone.
    expect(batches).toEqual([[5, 5], [5, 5], [3], [12]]);
    expect(await count('batched')).toBe(35);
    const stored = await db.sql.query(
      `SELECT page_id, user_id, row_id, row_kind, first_position, product_ids, arms, segment, experiment_id, variant, to_char(shown_at, 'YYYY-MM-DD"T"HH24:MI:SS') AS shown_at
       FROM impressions WHERE page_id = 'batched' AND row_id = 'deeper'`,
    );
    expect(stored).toEqual([
      {
        page_id: 'batched', user_id: null, row_id: 'deeper', row_kind: 'POPULAR', first_position: 6,
        product_ids: ['p-deeper-6', 'p-deeper-7', 'p-deeper-8'], arms: ['POPULAR', 'POPULAR', 'POPULAR'],
        segment: 'ANY/night', experiment_id: null, variant: null, shown_at: '2026-11-26T10:00:00',
      },
    ]);
    expect(recorder.stats()).toEqual({ queued: 0, written: 35, dropped: 0, failedWrites: 0 });
    await recorder.stop();
  });

  it('stores ids with any character, null arms and a slice without arms exactly', async () => {
    const odd = ['a,b', 'quote"d', 'back\\slash', '{brace}', 'NULL', ' spaced ', 'é'];
    const stored = { ...slice('odd', 'r', 1, odd.length), productIds: odd, arms: odd.map((_, i) => (i % 2 ? null : 'explore')) };
    const bare = { ...slice('odd', 'bare', 1, 2), arms: null };
    expect(await insertImpressions(db.prisma, [stored, bare])).toBe(2);
    const rows = await db.sql.query<{ row_id: string; product_ids: string[]; arms: (string | null)[] | null }>(`SELECT row_id, product_ids, arms FROM impressions WHERE page_id = 'odd' ORDER BY row_id`);
    expect(rows).toEqual([
      { row_id: 'bare', product_ids: bare.productIds, arms: null },
      { row_id: 'r', product_ids: odd, arms: stored.arms },
    ]);
    expect(textArrayLiteral(['x"y', null])).toBe('{"x\\"y",NULL}');
  });

  it('forgets an erased shopper: their queued rows are never written, the other shoppers\' are', async () => {
    const recorder = new ImpressionRecorder({ write: writeToDb, batchSize: 100, flushMs: 60_000 });
    const of = (userId: string | null) => page(`forget-${userId}`, 2, 2).map((s) => ({ ...s, userId }));
    recorder.record([...of('erased'), ...of('kept'), ...of(null)]);
    await recorder.forget(['erased']);
    await recorder.stop();
    expect([await count('forget-erased'), await count('forget-kept'), await count('forget-null')]).toEqual([0, 4, 4]);
  });

  it('forgets an erased shopper whose slices were in a write that failed meanwhile', async () => {
    let release: () => void = () => undefined;
    let failNext = true;
    const recorder = new ImpressionRecorder({
      write: async (b) => {
        if (!failNext) return writeToDb(b);
        failNext = false;
        await new Promise<void>((resolve) => (release = resolve));
        throw new Error('connection lost');
      },
      batchSize: 100,
      flushMs: 60_000,
      retryMs: 10,
    });
    recorder.record([...page('inflight-erased', 1, 2).map((s) => ({ ...s, userId: 'erased-2' })), ...page('inflight-kept', 1, 2).map((s) => ({ ...s, userId: 'kept-2' }))]);
    const flushing = recorder.flush().catch(() => undefined);
    const forgetting = recorder.forget(['erased-2']);
    release();
    await Promise.all([forgetting, flushing]);
    await recorder.stop();
    expect([await count('inflight-erased'), await count('inflight-kept')]).toEqual([0, 2]);
  });

  it('writes a partial batch after the flush interval, without being asked', async () => {
    const recorder = new ImpressionRecorder({ write: writeToDb, batchSize: 100, flushMs: 50 });
    recorder.record([slice('timed', 'r', 1, 3)]);
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
    recorder.record(page('retried', 2, 4));
    await expect(recorder.flush()).rejects.toThrow('connection refused');
    expect(recorder.stats()).toMatchObject({ queued: 8, failedWrites: 1 });
    // The background retry (after 20 ms) fails once more, then the next (40 ms later) goes through.
    await vi.waitFor(() => expect(recorder.stats().written).toBe(8), { timeout: 10_000 });
    expect(recorder.stats()).toEqual({ queued: 0, written: 8, dropped: 0, failedWrites: 2 });
    expect(await count('retried')).toBe(8);
    expect(logged).toEqual(['warn: could not write impressions; will retry', 'warn: could not write impressions; will retry']);
    // A batch whose commit went through before an error is skipped on the retry, not duplicated.
    expect(await insertImpressions(db.prisma, page('retried', 2, 4))).toBe(0);
    expect(await insertImpressions(db.prisma, [slice('retried', 'row-0', 1, 4), slice('retried', 'row-0', 5, 4)])).toBe(1);
    await recorder.stop();
  });

  it('bounds its memory while the database is down by dropping the oldest slices, and counts their items', async () => {
    let down = true;
    const recorder = new ImpressionRecorder({ write: async (b) => (down ? Promise.reject(new Error('down')) : writeToDb(b)), maxQueued: 10, flushMs: 10_000, retryMs: 10_000 });
    recorder.record([slice('bounded', 'r', 1, 3)]);
    await expect(recorder.flush()).rejects.toThrow('down');
    recorder.record([slice('bounded', 'r', 4, 3), slice('bounded', 'r', 7, 3), slice('bounded', 'r', 10, 3)]);
    expect(recorder.stats()).toMatchObject({ queued: 9, dropped: 3 });
    down = false;
    await recorder.flush();
    const kept = await db.sql.query<{ first_position: number }>(`SELECT first_position FROM impressions WHERE page_id = 'bounded' ORDER BY first_position`);
    expect(kept.map((r) => r.first_position)).toEqual([4, 7, 10]);
    await recorder.stop();
  });

  it('gives up at shutdown when the database never comes back, logging what was lost instead of throwing', async () => {
    const logged: Record<string, unknown>[] = [];
    const recorder = new ImpressionRecorder({ write: () => Promise.reject(new Error('gone')), retryMs: 5, log: (_level, message, details) => logged.push({ message, ...details }) });
    recorder.record(page('lost', 2, 2));
    await expect(recorder.stop(2)).resolves.toBeUndefined();
    expect(logged.at(-1)).toMatchObject({ message: 'impressions lost at shutdown: the database did not accept them', lost: 4 });
  });
});
