import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { testBackend } from '../support/database.js';

/** How many times a 1 ms timer fired while `work` ran: zero when the work held this thread. */
async function ticksDuring(work: () => Promise<unknown>): Promise<number> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  try {
    await work();
    return ticks;
  } finally {
    clearInterval(timer);
  }
}

// Long enough to outlast several timer ticks on any machine; the count itself is never compared.
const HEAVY = 'SELECT sum(i)::text AS total FROM generate_series(1, 3000000) AS i';

describe.skipIf(testBackend !== 'pglite')('the embedded database in its own thread', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'vitrine-thread-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const using = async <T>(db: Database, fn: (db: Database) => Promise<T>): Promise<T> => {
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  };

  it('is the default for a data folder, and leaves this thread free while a query runs', async () => {
    await using(await openDatabase({ dataDir }), async (db) => {
      const ticks = await ticksDuring(() => db.sql.query(HEAVY));
      expect(ticks).toBeGreaterThan(0);
    });
    // The control: the same query on a database in this thread holds it until the answer.
    await using(await openDatabase({ dataDir, pgliteThread: 'inline' }), async (db) => {
      expect(await ticksDuring(() => db.sql.query(HEAVY))).toBe(0);
    });
  });

  it('keeps transactions whole: a failed one writes nothing, a committed one is read back by either mode', async () => {
    await using(await openDatabase({ dataDir }), async (db) => {
      await expect(
        db.prisma.$transaction(async (tx) => {
          await tx.brand.create({ data: { id: 'brand-rolled-back', slug: 'rolled-back', name: 'Rolled back' } });
          await tx.brand.create({ data: { id: 'brand-rolled-back', slug: 'again', name: 'Duplicate id' } });
        }),
      ).rejects.toThrow();
      await db.prisma.$transaction([
        db.prisma.brand.create({ data: { id: 'brand-kept', slug: 'kept', name: 'Kept' } }),
        db.prisma.brand.create({ data: { id: 'brand-kept-too', slug: 'kept-too', name: 'Kept too' } }),
      ]);
      // Calls made meanwhile queue behind each other on the single session, and all succeed.
      const counts = await Promise.all(Array.from({ length: 20 }, () => db.prisma.brand.count()));
      expect(new Set(counts)).toEqual(new Set([2]));
    });
    await using(await openDatabase({ dataDir, pgliteThread: 'inline' }), async (db) => {
      expect((await db.prisma.brand.findMany({ orderBy: { id: 'asc' }, select: { id: true } })).map((b) => b.id)).toEqual(['brand-kept', 'brand-kept-too']);
    });
  });

  it('says which folder could not be opened', async () => {
    const notAFolder = path.join(dataDir, 'a-file');
    await writeFile(notAFolder, 'not a database');
    await expect(openDatabase({ dataDir: notAFolder })).rejects.toThrow(notAFolder);
  });
});
