import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import { silentProgress } from '../../src/cli/progress.js';
import { runTrainingJob } from '../../src/relevance/train-job.js';
import { seedDemo } from '../../src/seed/run.js';
import { createTestGateway, RECORD, type TestGateway } from '../support/gateway.js';

const MERGE = `mutation Merge($fromId: ID!, $intoId: ID!) {
  mergeShoppers(fromId: $fromId, intoId: $intoId) { fromId intoId movedInteractions movedImpressions movedExposures droppedExposures shopper { id } }
}`;
const HOME = `query Home($userId: ID, $context: ContextInput) {
  homeRows(userId: $userId, context: $context, rows: 6, itemsPerRow: 20) { personalized rows { kind items { product { id } } } }
}`;

const STOREFRONT: Principal = { role: 'STOREFRONT', subject: 'test-storefront' };
const evening = { device: 'MOBILE', occasion: 'EVENING', region: 'Milan', localTime: '20:30' };

interface Page {
  personalized: boolean;
  rows: { kind: string; items: { product: { id: string } }[] }[];
}

describe('mergeShoppers', () => {
  let t: TestGateway;
  let artifactsRoot: string;
  const merge = (fromId: string, intoId: string) => t.run<{ mergeShoppers: Record<string, unknown> }>(MERGE, { fromId, intoId }, { as: STOREFRONT });
  const record = (events: Record<string, unknown>[]) => t.ok(RECORD, { events }, { as: STOREFRONT });
  const topPickCategories = async (userId: string) => {
    const page = (await t.ok<{ homeRows: Page }>(HOME, { userId, context: evening }, { as: STOREFRONT })).homeRows;
    expect(page.personalized).toBe(true);
    return page.rows.find((r) => r.kind === 'TOP_PICKS')!.items.map((i) => t.gateway.home.catalog.get(i.product.id)!.category);
  };
  const counts = async (userId: string) => ({
    users: await t.db.prisma.user.count({ where: { id: userId } }),
    interactions: await t.db.prisma.interaction.count({ where: { userId } }),
    // Items shown, whatever the row slices they are stored in.
    impressions: (await t.db.prisma.impression.findMany({ where: { userId }, select: { productIds: true } })).reduce((n, s) => n + s.productIds.length, 0),
    exposures: await t.db.prisma.experimentExposure.count({ where: { userId } }),
  });

  beforeAll(async () => {
    artifactsRoot = await mkdtemp(path.join(os.tmpdir(), 'vitrine-merge-'));
    t = await createTestGateway();
    await seedDemo(t.db.prisma, { seed: 11, now: new Date(), scale: { products: 300, shoppers: 40, interactions: 5_000 }, imagesDir: null, progress: silentProgress });
    await t.gateway.home.init();
    await runTrainingJob(t.gateway.repos, t.gateway.relevance, {
      artifactsRoot,
      activate: true,
      train: { epochs: 3, batchSize: 256, seed: 5 },
      progress: silentProgress,
    });
  });
  afterAll(async () => {
    await t.close();
    await rm(artifactsRoot, { recursive: true, force: true });
  });

  it("folds an anonymous visitor's history into the known shopper, whose next page reflects it", async () => {
    const known = (await t.db.prisma.user.findFirstOrThrow({ where: { consentPersonalization: true, consentPurchaseHistory: true }, orderBy: { id: 'asc' }, skip: 5 })).id;
    const anonymous = 'anon-7f3a';
    const touched = new Set(
      (await t.db.prisma.interaction.findMany({ where: { userId: known }, select: { productId: true } })).map((e) => t.gateway.home.catalog.get(e.productId)!.category),
    );
    // The known shopper's page is in memory before the merge: the merge must refresh it.
    const before = await topPickCategories(known);
    const items = t.gateway.home.catalog.newestFirst();
    const target = [...new Set(items.map((i) => i.category))].find((c) => !touched.has(c) && !before.includes(c))!;
    expect(target).toBeDefined();
    const clicked = items.filter((i) => i.category === target && i.stockStatus === 'IN_STOCK').slice(0, 3);
    await record(clicked.map((p, k) => ({ eventId: `anon-click-${k}`, userId: anonymous, productId: p.id, type: 'CLICK' })));

    // Rows the impression recorder and experiments would have written for both ids.
    const [shared, onlyAnonymous] = await Promise.all(
      ['merge-shared', 'merge-anonymous-only'].map((name) => t.db.prisma.experiment.create({ data: { name, salt: name, status: 'ENDED' } })),
    );
    const at = new Date();
    await t.db.prisma.experimentExposure.createMany({
      data: [
        { experimentId: shared.id, userId: known, variant: 'control', firstExposedAt: at, lastExposedAt: at },
        { experimentId: shared.id, userId: anonymous, variant: 'treatment', firstExposedAt: at, lastExposedAt: at },
        { experimentId: onlyAnonymous.id, userId: anonymous, variant: 'treatment', firstExposedAt: at, lastExposedAt: at },
      ],
    });
    await t.db.prisma.impression.create({
      data: { pageId: 'page-1', userId: anonymous, rowId: 'popular', rowKind: 'POPULAR', firstPosition: 1, productIds: [clicked[0].id, clicked[1].id], arms: ['POPULAR', 'explore'] },
    });
    const knownBefore = await counts(known);

    const result = await merge(anonymous, known);
    expect(result.errors).toBeUndefined();
    expect(result.data!.mergeShoppers).toEqual({
      fromId: anonymous,
      intoId: known,
      movedInteractions: 3,
      movedImpressions: 2,
      movedExposures: 1,
      droppedExposures: 1,
      shopper: { id: known },
    });
    expect(await counts(anonymous)).toEqual({ users: 0, interactions: 0, impressions: 0, exposures: 0 });
    expect(await counts(known)).toEqual({
      users: 1,
      interactions: knownBefore.interactions + 3,
      impressions: knownBefore.impressions + 2,
      exposures: knownBefore.exposures + 1,
    });
    // On a conflict the known shopper keeps the variant their pages were built with.
    const exposures = await t.db.prisma.experimentExposure.findMany({ where: { userId: known }, orderBy: { experimentId: 'asc' } });
    expect(Object.fromEntries(exposures.map((e) => [e.experimentId, e.variant]))).toEqual({ [shared.id]: 'control', [onlyAnonymous.id]: 'treatment' });
    const after = await topPickCategories(known);
    // Absent before; the anonymous clicks bring it into the first half of the known shopper's top picks.
    expect(after.filter((c) => c === target).length, `${target} in ${after.join(', ')}`).toBeGreaterThanOrEqual(1);
    expect(after.indexOf(target)).toBeLessThan(10);

    // The event ids moved with the events: a storefront retry of the same events is still a duplicate.
    const retry = await record(clicked.map((p, k) => ({ eventId: `anon-click-${k}`, userId: known, productId: p.id, type: 'CLICK' })));
    expect(retry.recordInteractions.duplicates).toBe(3);
  });

  it('is safe to call again: the anonymous shopper is gone, so the retry fails and changes nothing', async () => {
    const known = (await t.db.prisma.user.findFirstOrThrow({ orderBy: { id: 'asc' }, skip: 7 })).id;
    await record([{ userId: 'anon-retry', productId: t.gateway.home.catalog.newestFirst()[0].id, type: 'VIEW' }]);
    expect((await merge('anon-retry', known)).errors).toBeUndefined();
    const settled = await counts(known);
    const again = await merge('anon-retry', known);
    expect(again.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(again.errors?.[0].message).toContain('fromId: unknown shopper "anon-retry"');
    expect(again.errors?.[0].message).toContain('already merged');
    expect(await counts(known)).toEqual(settled);
  });

  it.each([
    ['the same id twice', 's-00001', 's-00001', 'intoId: is the same shopper as fromId ("s-00001")'],
    ['an unknown known shopper', 'anon-keep', 'nobody-here', 'intoId: unknown shopper "nobody-here"'],
    ['an empty id', '', 's-00001', 'fromId: must be a non-empty shopper id'],
  ])('rejects %s with BAD_USER_INPUT and writes nothing', async (_, fromId, intoId, message) => {
    await record([{ userId: 'anon-keep', productId: t.gateway.home.catalog.newestFirst()[1].id, type: 'VIEW' }]);
    const before = await counts('anon-keep');
    const result = await merge(fromId, intoId);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toContain(message);
    expect(await counts('anon-keep')).toEqual(before);
  });

  it('is not open to anonymous callers or shoppers', async () => {
    const anonymous = await t.run(MERGE, { fromId: 'a', intoId: 'b' }, { as: null });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const shopper = await t.run(MERGE, { fromId: 'a', intoId: 's-00001' }, { as: { role: 'SHOPPER', subject: 's-00001' } });
    expect(shopper.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
