import { stat } from 'node:fs/promises';
import path from 'node:path';
import { defaultProgress, type ProgressFactory } from '../cli/progress.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { DEFAULT_BATCH_SIZE, ensureBrand, ImportBatchWriter } from './batch-writer.js';
import { numberedLines, type NumberedLine } from './lines.js';
import { BadRowLog, type ImportReport } from './report.js';
import { openFileSource } from './source.js';
import { regionFromPostalCode } from './us-zip-regions.js';

export interface MovieLensImportOptions {
  progress?: ProgressFactory;
  /** Rows per transaction. */
  batchSize?: number;
}

const FILES = { genres: 'u.genre', items: 'u.item', users: 'u.user', ratings: 'u.data' } as const;
// u.item and u.user are ISO-8859-1 (accented titles); the other files are plain ASCII.
const ENCODING = 'latin1';
const ITEM_FIXED_FIELDS = 5;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Imports MovieLens 100K (the `ml-100k` folder): movies as products of the brand "MovieLens",
 * users, and every rating as a VIEW interaction carrying the rating. Safe to repeat.
 */
export async function importMovieLens(
  prisma: PrismaClient,
  dir: string,
  { progress = defaultProgress(), batchSize = DEFAULT_BATCH_SIZE }: MovieLensImportOptions = {},
): Promise<ImportReport> {
  const files = Object.fromEntries(
    Object.entries(FILES).map(([key, name]) => [key, path.join(dir, name)]),
  ) as Record<keyof typeof FILES, string>;
  const genres = await readGenres(files.genres);
  const brandId = await ensureBrand(prisma, { slug: 'movielens', name: 'MovieLens', country: 'US' });

  const sizes = await Promise.all([files.items, files.users, files.ratings].map(async (file) => (await stat(file)).size));
  const bar = progress('MovieLens', sizes.reduce((a, b) => a + b, 0), 'bytes');
  const bad = new BadRowLog();
  const products = new Set<string>();
  const users = new Set<string>();
  let bytesDone = 0;
  let reading = () => 0;
  const writer = new ImportBatchWriter(prisma, batchSize, () => bar.update(bytesDone + reading()));

  const eachLine = async (file: string, handle: (row: NumberedLine) => Promise<string | undefined>) => {
    const source = await openFileSource(file);
    reading = source.bytesRead;
    for await (const row of numberedLines(source.stream, ENCODING)) {
      if (row.text.trim() === '') continue;
      const problem = await handle(row);
      if (problem) bad.add(row.line, problem, path.basename(file));
    }
    bytesDone += source.size;
    reading = () => 0;
  };

  try {
    await eachLine(files.items, async ({ text }) => {
      const movie = parseMovie(text, genres);
      if (typeof movie === 'string') return movie;
      const id = `ml-${movie.id}`;
      products.add(id);
      await writer.addProduct({
        id,
        title: movie.title,
        brandId,
        category: movie.genres[0] ?? 'unknown',
        tags: movie.genres,
        colour: 'n/a',
        material: 'n/a',
        price: 0,
        currency: 'USD',
        season: 'ALL_SEASON',
        ...(movie.released ? { launchDate: movie.released } : {}),
      });
      return undefined;
    });
    await eachLine(files.users, async ({ text }) => {
      const fields = text.split('|');
      if (fields.length !== 5) return `expected 5 fields, found ${fields.length}`;
      if (!/^\d+$/.test(fields[0])) return `user id "${fields[0]}" is not a number`;
      const id = `ml-u${Number(fields[0])}`;
      users.add(id);
      await writer.addUser({ id, region: regionFromPostalCode(fields[4]) });
      return undefined;
    });
    await eachLine(files.ratings, async ({ text }) => {
      const fields = text.split('\t');
      if (fields.length !== 4) return `expected 4 fields, found ${fields.length}`;
      const [user, item, rating, timestamp] = fields.map((field) => (/^\d+$/.test(field) ? Number(field) : NaN));
      if ([user, item, rating, timestamp].some(Number.isNaN)) return 'user, item, rating and timestamp must be whole numbers';
      if (rating < 1 || rating > 5) return `rating ${rating} is outside 1–5`;
      const userId = `ml-u${user}`;
      const productId = `ml-${item}`;
      if (!users.has(userId)) return `unknown user ${user}`;
      if (!products.has(productId)) return `unknown item ${item}`;
      await writer.addInteraction({
        eventId: `ml:${user}:${item}:${timestamp}`,
        userId,
        productId,
        type: 'VIEW',
        rating,
        occurredAt: new Date(timestamp * 1000),
      });
      return undefined;
    });
    await writer.flush();
  } finally {
    bar.update(bytesDone);
    bar.stop();
  }
  const { counts } = writer;
  return {
    products: counts.products,
    users: counts.users,
    interactions: counts.interactions,
    skippedNoCustomer: 0,
    skippedNonProduct: 0,
    badRows: bad.toJSON(),
    duplicates: counts.duplicates,
  };
}

/** Genre slugs in flag order, from u.genre ("Children's|4" → index 4 is "childrens"). */
async function readGenres(file: string): Promise<string[]> {
  const genres: string[] = [];
  const source = await openFileSource(file);
  for await (const { text } of numberedLines(source.stream, ENCODING)) {
    const [name, index] = text.split('|');
    if (name && /^\d+$/.test(index ?? '')) genres[Number(index)] = slugify(name);
  }
  return genres;
}

interface Movie {
  id: number;
  title: string;
  released?: Date;
  genres: string[];
}

/** A u.item line, or the reason it cannot be used. */
function parseMovie(text: string, genres: string[]): Movie | string {
  const fields = text.split('|');
  const expected = ITEM_FIXED_FIELDS + genres.length;
  if (fields.length !== expected) return `expected ${expected} fields, found ${fields.length}`;
  const [id, title, releaseDate] = fields;
  if (!/^\d+$/.test(id)) return `movie id "${id}" is not a number`;
  const flags = fields.slice(ITEM_FIXED_FIELDS);
  return {
    id: Number(id),
    title: title.trim() || `Movie ${id}`,
    released: parseReleaseDate(releaseDate),
    genres: genres.filter((_, index) => flags[index] === '1'),
  };
}

/** "01-Jan-1995" → 1995-01-01 UTC; anything else is unknown. */
function parseReleaseDate(text: string): Date | undefined {
  const match = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(text.trim());
  if (!match) return undefined;
  const month = MONTHS.indexOf(match[2].toLowerCase());
  if (month === -1) return undefined;
  const date = new Date(Date.UTC(Number(match[3]), month, Number(match[1])));
  return date.getUTCDate() === Number(match[1]) ? date : undefined;
}

function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/'/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
