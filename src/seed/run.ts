import fs from 'node:fs/promises';
import path from 'node:path';
import { defaultProgress, type ProgressFactory } from '../cli/progress.js';
import { Prisma, type PrismaClient } from '../generated/prisma/client.js';
import { generateDemo, type DemoData, type DemoScale } from './demo.js';
import { visualFeatureVector } from '../model/image-features.js';
import { renderProductImage } from './image.js';
import { insertInteractions } from '../db/insert-interactions.js';
import { DEFAULT_RANKING_CONFIG } from '../recommend/rank/ranking-config.js';

export interface SeedDemoOptions {
  /** Default 42: the same seed and `now` always produce the same catalog and history. */
  seed?: number;
  /** End of the simulated history; defaults to the current time. */
  now?: Date;
  scale?: Partial<DemoScale>;
  /** Folder for product pictures (`<id>.png`, served as `/images/<id>.png`); null or absent: none. */
  imagesDir?: string | null;
  /** Wipe the catalog, shoppers, history and collections first instead of refusing. */
  reset?: boolean;
  /**
   * Save a new version of the "default" ranking configuration with the bandits on, so that the
   * demo shows rows ordered and explored by Thompson sampling. Off for shops and tests: there the
   * built-in configuration (curated row order, no exploration) stands until a merchandiser changes it.
   */
  withBandits?: boolean;
  progress?: ProgressFactory;
}

export interface SeedDemoResult {
  brands: number;
  products: number;
  shoppers: number;
  interactions: number;
  collections: number;
}

export class CatalogNotEmptyError extends Error {
  constructor(counts: Record<string, number>) {
    const found = Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([table, n]) => `${n} ${table}`)
      .join(', ');
    super(`Refusing to seed the demo catalog: the database already holds ${found}. Seed an empty database, or pass reset to wipe it first.`);
    this.name = 'CatalogNotEmptyError';
  }
}

const interactionChunk = 5_000;
const rowChunk = 1_000;
const imageConcurrency = 4;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const money = (value: number | null) => (value === null ? null : value.toFixed(2));

/**
 * Generates the demo data set and writes it in batches, one progress bar per phase. Refuses a
 * database that already has a catalog unless `reset` is set.
 */
export async function seedDemo(prisma: PrismaClient, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const progress = options.progress ?? defaultProgress();
  if (options.reset) await wipe(prisma);
  else await assertEmpty(prisma);

  const data = generateDemo({
    seed: options.seed ?? 42,
    now: options.now ?? new Date(),
    scale: options.scale,
  });
  const imagesDir = options.imagesDir ?? null;
  const visualFeatures = imagesDir ? await writeImages(data, imagesDir, progress) : new Map<string, number[]>();

  const result: SeedDemoResult = { brands: 0, products: 0, shoppers: 0, interactions: 0, collections: 0 };
  result.brands = await writePhase(progress, 'brands', data.brands, rowChunk, (rows) =>
    prisma.brand.createMany({ data: rows.map(({ id, slug, name, tier, country }) => ({ id, slug, name, tier, country })) }),
  );
  result.products = await writePhase(progress, 'products', data.products, rowChunk, (rows) =>
    prisma.product.createMany({
      data: rows.map(({ taste: _taste, popularity: _popularity, price, ...product }) => ({
        ...product,
        price: money(price)!,
        imageUrl: imagesDir ? `/images/${product.id}.png` : null,
        visualFeatures: visualFeatures.get(product.id) ?? [],
      })),
    }),
  );
  result.shoppers = await writePhase(progress, 'shoppers', data.shoppers, rowChunk, (rows) =>
    prisma.user.createMany({
      data: rows.map(({ taste: _t, comfortPrice: _c, activity: _a, preferredDevice: _d, priceBandMin, priceBandMax, ...shopper }) => ({
        ...shopper,
        priceBandMin: money(priceBandMin),
        priceBandMax: money(priceBandMax),
      })),
    }),
  );
  result.interactions = await writePhase(progress, 'interactions', data.interactions, interactionChunk, async (rows) => ({
    count: await insertInteractions(prisma, rows),
  }));
  result.collections = await writePhase(progress, 'collections', data.collections, rowChunk, async (rows) => {
    const written = await prisma.collection.createMany({
      data: rows.map(({ entries: _entries, rule, ...collection }) => ({
        ...collection,
        rule: rule === null ? Prisma.DbNull : (rule as unknown as Prisma.InputJsonValue),
      })),
    });
    await prisma.collectionEntry.createMany({
      data: rows.flatMap((collection) => collection.entries.map((entry) => ({ collectionId: collection.id, ...entry }))),
    });
    return written;
  });
  if (options.withBandits) await saveDemoRanking(prisma);
  return result;
}

async function saveDemoRanking(prisma: PrismaClient): Promise<void> {
  const config = { ...DEFAULT_RANKING_CONFIG, bandit: { rowOrder: true, explorationShare: 0.1 } };
  const latest = await prisma.rankingConfigVersion.findFirst({ where: { name: 'default' }, orderBy: { version: 'desc' }, select: { version: true } });
  await prisma.rankingConfigVersion.create({
    data: { name: 'default', version: (latest?.version ?? 0) + 1, config: config as unknown as Prisma.InputJsonValue, note: 'demo catalog: bandits order rows and explore 10 % of slots' },
  });
}

async function writePhase<T>(
  progress: ProgressFactory,
  label: string,
  items: T[],
  size: number,
  write: (rows: T[]) => Promise<{ count: number }>,
): Promise<number> {
  const bar = progress(label, items.length, 'rows');
  let written = 0;
  try {
    for (const rows of chunks(items, size)) {
      written += (await write(rows)).count;
      bar.increment(rows.length);
    }
  } finally {
    bar.stop();
  }
  return written;
}

/**
 * Renders each product's picture and extracts its visual features (palette, texture) the same
 * way a catalog upsert does, so the item tower's visual path runs on the demo catalog.
 */
async function writeImages(data: DemoData, imagesDir: string, progress: ProgressFactory): Promise<Map<string, number[]>> {
  await fs.mkdir(imagesDir, { recursive: true });
  const bar = progress('images', data.products.length, 'images');
  const features = new Map<string, number[]>();
  let next = 0;
  // sharp renders on libuv's thread pool, so a few renders in flight keep every core busy.
  const worker = async () => {
    while (next < data.products.length) {
      const product = data.products[next++];
      const image = await renderProductImage(product);
      await fs.writeFile(path.join(imagesDir, `${product.id}.png`), image);
      features.set(product.id, await visualFeatureVector(image));
      bar.increment();
    }
  };
  try {
    await Promise.all(Array.from({ length: imageConcurrency }, worker));
  } finally {
    bar.stop();
  }
  return features;
}

async function assertEmpty(prisma: PrismaClient): Promise<void> {
  const counts = {
    brands: await prisma.brand.count(),
    products: await prisma.product.count(),
    shoppers: await prisma.user.count(),
    interactions: await prisma.interaction.count(),
    collections: await prisma.collection.count(),
  };
  if (Object.values(counts).some((n) => n > 0)) throw new CatalogNotEmptyError(counts);
}

async function wipe(prisma: PrismaClient): Promise<void> {
  await prisma.$transaction([
    prisma.collectionEntry.deleteMany(),
    prisma.collection.deleteMany(),
    prisma.interaction.deleteMany(),
    prisma.user.deleteMany(),
    prisma.product.deleteMany(),
    prisma.brand.deleteMany(),
  ]);
}
