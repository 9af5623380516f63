import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentProgress } from '../../src/cli/progress.js';
import { importMovieLens } from '../../src/import/index.js';
import type { ImportReport } from '../../src/import/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { dataset } from './datasets.js';

const movielens = dataset('movielens-100k');
if (!movielens.present) console.warn(`MovieLens 100K not found at ${movielens.path}: skipping its import tests`);

/** The non-empty lines of a MovieLens file, decoded as its ISO-8859-1 bytes. */
async function lines(name: string): Promise<string[]> {
  const text = await readFile(path.join(movielens.path, name), 'latin1');
  return text.split('\n').filter((line) => line.trim() !== '');
}

describe.skipIf(!movielens.present)('importMovieLens on MovieLens 100K', () => {
  let db: TestDatabase;
  let first: ImportReport;
  let items: string[];
  let users: string[];
  let ratings: string[];

  beforeAll(async () => {
    [items, users, ratings] = await Promise.all([lines('u.item'), lines('u.user'), lines('u.data')]);
    db = await createTestDatabase();
    first = await importMovieLens(db.prisma, movielens.path, { progress: silentProgress });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('imports every movie, user and rating', async () => {
    expect(first).toMatchObject({
      products: items.length,
      users: users.length,
      interactions: ratings.length,
      badRows: { count: 0, samples: [] },
      duplicates: 0,
    });
    expect([items.length, users.length, ratings.length]).toEqual([1682, 943, 100_000]);
    expect(await db.prisma.product.count({ where: { brand: { slug: 'movielens' } } })).toBe(items.length);
    expect(await db.prisma.user.count({ where: { id: { startsWith: 'ml-u' } } })).toBe(users.length);
    expect(await db.prisma.interaction.count({ where: { type: 'VIEW', rating: { not: null } } })).toBe(ratings.length);
  });

  it('keeps each rating with its user, movie and time', async () => {
    const [user, item, rating, timestamp] = ratings[0].split('\t').map(Number);
    const stored = await db.prisma.interaction.findUniqueOrThrow({ where: { eventId: `ml:${user}:${item}:${timestamp}` } });
    expect(stored).toMatchObject({ userId: `ml-u${user}`, productId: `ml-${item}`, type: 'VIEW', rating });
    expect(stored.occurredAt.getTime()).toBe(timestamp * 1000);
  });

  it('reads titles as ISO-8859-1 and genres as category and tags', async () => {
    const genreNames = (await lines('u.genre')).map((line) => line.split('|')[0]);
    const accented = items.find((line) => /[\u0080-\u00ff]/.test(line))!;
    const fields = accented.split('|');
    const genres = genreNames.filter((_, index) => fields[5 + index] === '1');
    const product = await db.prisma.product.findUniqueOrThrow({ where: { id: `ml-${fields[0]}` } });
    expect(product.title).toBe(fields[1].trim());
    expect(product.title).toMatch(/[\u00c0-\u00ff]/);
    expect(product.tags).toHaveLength(genres.length);
    expect(product.category).toBe(product.tags[0]);
    expect(product.currency).toBe('USD');
  });

  it('gives users the US state of their ZIP code', async () => {
    const californian = users.find((line) => /^9[0-5]\d{3}$/.test(line.split('|')[4]))!;
    const user = await db.prisma.user.findUniqueOrThrow({ where: { id: `ml-u${californian.split('|')[0]}` } });
    expect(user.region).toBe('US-CA');
  });

  it('adds nothing when the same data is imported again', async () => {
    const again = await importMovieLens(db.prisma, movielens.path, { progress: silentProgress });
    expect(again).toMatchObject({ products: 0, users: 0, interactions: 0, duplicates: ratings.length });
    expect(await db.prisma.interaction.count()).toBe(ratings.length);
    expect(await db.prisma.product.count()).toBe(items.length);
    expect(await db.prisma.user.count()).toBe(users.length);
  });
});
