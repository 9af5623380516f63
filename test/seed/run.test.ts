import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Progress, ProgressFactory } from '../../src/cli/progress.js';
import { generateDemo } from '../../src/seed/demo.js';
import { insertInteractions } from '../../src/db/insert-interactions.js';
import { CatalogNotEmptyError, seedDemo, type SeedDemoResult } from '../../src/seed/run.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const scale = { products: 90, shoppers: 30, interactions: 2_500 };
const now = new Date('2025-06-01T12:00:00Z');

/** Records what each phase reported, to check that every phase shows its progress. */
function recordingProgress(phases: Map<string, { total: number; done: number; stopped: boolean }>): ProgressFactory {
  return (label, total) => {
    const phase = { total, done: 0, stopped: false };
    phases.set(label, phase);
    const progress: Progress = {
      increment: (by = 1) => void (phase.done += by),
      update: (value) => void (phase.done = value),
      setTotal: (next) => void (phase.total = next),
      stop: () => void (phase.stopped = true),
    };
    return progress;
  };
}

describe('seedDemo writes the demo catalog', () => {
  let db: TestDatabase;
  let imagesDir: string;
  let result: SeedDemoResult;
  const phases = new Map<string, { total: number; done: number; stopped: boolean }>();

  beforeAll(async () => {
    db = await createTestDatabase();
    imagesDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrine-seed-images-'));
    result = await seedDemo(db.prisma, { seed: 11, now, scale, imagesDir, progress: recordingProgress(phases) });
  });

  afterAll(async () => {
    await db?.close();
    if (imagesDir) await fs.rm(imagesDir, { recursive: true, force: true });
  });

  it('stores the expected number of rows', async () => {
    const { prisma } = db;
    expect(result).toMatchObject({ products: scale.products, shoppers: scale.shoppers, interactions: scale.interactions });
    expect(result.brands).toBeGreaterThanOrEqual(30);
    expect(result.collections).toBeGreaterThanOrEqual(6);
    expect(await prisma.brand.count()).toBe(result.brands);
    expect(await prisma.product.count()).toBe(scale.products);
    expect(await prisma.user.count()).toBe(scale.shoppers);
    expect(await prisma.interaction.count()).toBe(scale.interactions);
    expect(await prisma.collection.count()).toBe(result.collections);
    expect(await prisma.collectionEntry.count()).toBeGreaterThan(result.collections);
  });

  it('keeps ids, prices, context and rules intact through the database', async () => {
    const { prisma } = db;
    const product = await prisma.product.findUniqueOrThrow({ where: { id: 'p-00001' }, include: { brand: true } });
    expect(product.brandId).toBe(`brand-${product.brand.slug}`);
    expect(Number(product.price)).toBeGreaterThan(0);
    expect(product.currency).toBe('EUR');
    expect(product.tags.length).toBeGreaterThan(0);
    const purchase = await prisma.interaction.findFirstOrThrow({ where: { type: 'PURCHASE' } });
    expect(purchase.eventId).toMatch(/^demo11-e\d{7}$/);
    expect(purchase.quantity).toBeGreaterThanOrEqual(1);
    expect(Number(purchase.unitPrice)).toBeGreaterThan(0);
    expect(purchase.device).not.toBeNull();
    expect(purchase.localTime).toMatch(/^\d\d:\d\d$/);
    const milan = await prisma.collection.findUniqueOrThrow({ where: { slug: 'evening-in-milan' } });
    expect(milan.kind).toBe('RULE_BASED');
    expect(milan.rule).toMatchObject({ when: { occasions: ['EVENING'], regions: ['Milan'] } });
    const editorial = await prisma.collection.findFirstOrThrow({ where: { kind: 'EDITORIAL' }, include: { entries: true } });
    expect(editorial.rule).toBeNull();
    expect(editorial.entries.some((e) => e.role === 'PIN')).toBe(true);
  });

  it('stores every field of the generated history, and never stores an event twice', async () => {
    const generated = generateDemo({ seed: 11, now, scale }).interactions;
    const expected = [...generated.slice(0, 30), ...generated.filter((e) => e.type === 'PURCHASE' || e.type === 'DWELL').slice(0, 30)];
    const stored = await db.prisma.interaction.findMany({ where: { eventId: { in: expected.map((e) => e.eventId) } } });
    const byEventId = new Map(stored.map((row) => [row.eventId, row]));
    expect(
      expected.map((e) => {
        const row = byEventId.get(e.eventId)!;
        // Generated history was never shown on a page: no attribution.
        expect([row.pageId, row.rowId, row.position, row.experimentId, row.variant, row.arm]).toEqual([null, null, null, null, null, null]);
        return { ...row, id: undefined, rating: undefined, impressionId: undefined, createdAt: undefined, pageId: undefined, rowId: undefined, position: undefined, experimentId: undefined, variant: undefined, arm: undefined, unitPrice: row.unitPrice === null ? null : Number(row.unitPrice) };
      }),
    ).toEqual(expected.map((e) => ({ ...e, id: undefined, rating: undefined, impressionId: undefined, createdAt: undefined })));

    expect(await insertInteractions(db.prisma, expected)).toBe(0);
    expect(await db.prisma.interaction.count()).toBe(scale.interactions);
  });

  it('saves a picture per product and links it', async () => {
    const files = (await fs.readdir(imagesDir)).filter((f) => f.endsWith('.png'));
    expect(files.length).toBe(scale.products);
    const product = await db.prisma.product.findUniqueOrThrow({ where: { id: 'p-00042' } });
    expect(product.imageUrl).toBe('/images/p-00042.png');
    const png = await fs.readFile(path.join(imagesDir, 'p-00042.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('reports progress for every phase', () => {
    expect([...phases.keys()]).toEqual(['images', 'brands', 'products', 'shoppers', 'interactions', 'collections']);
    for (const [label, phase] of phases) {
      expect(phase.done, label).toBe(phase.total);
      expect(phase.stopped, label).toBe(true);
    }
    expect(phases.get('interactions')!.total).toBe(scale.interactions);
  });

  it('refuses a database that already has a catalog', async () => {
    await expect(seedDemo(db.prisma, { seed: 11, now, scale })).rejects.toBeInstanceOf(CatalogNotEmptyError);
    await expect(seedDemo(db.prisma, { seed: 11, now, scale })).rejects.toThrow(/already holds .*products.*reset/);
  });

  it('wipes and reseeds with reset, without images when none are asked for', async () => {
    const again = await seedDemo(db.prisma, { seed: 12, now, scale: { ...scale, interactions: 1_000 }, reset: true, imagesDir: null });
    expect(again.interactions).toBe(1_000);
    expect(await db.prisma.interaction.count()).toBe(1_000);
    expect(await db.prisma.interaction.count({ where: { eventId: { startsWith: 'demo11-' } } })).toBe(0);
    expect(await db.prisma.product.count({ where: { imageUrl: { not: null } } })).toBe(0);
  });

  it('leaves the ranking configuration alone unless asked, and turns the bandits on for the demo', async () => {
    expect(await db.prisma.rankingConfigVersion.count()).toBe(0);
    await seedDemo(db.prisma, { seed: 12, now, scale: { ...scale, interactions: 100 }, reset: true, withBandits: true });
    await seedDemo(db.prisma, { seed: 12, now, scale: { ...scale, interactions: 100 }, reset: true, withBandits: true });
    const versions = await db.prisma.rankingConfigVersion.findMany({ where: { name: 'default' }, orderBy: { version: 'asc' } });
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[1].config).toMatchObject({ bandit: { rowOrder: true, explorationShare: 0.1 }, rows: expect.arrayContaining(['TOP_PICKS']) });
  });
});
