import { existsSync } from 'node:fs';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentProgress } from '../../src/cli/progress.js';
import { createGateway } from '../../src/gateway.js';
import { RelevanceService } from '../../src/relevance/relevance-service.js';
import { runTrainingJob } from '../../src/relevance/train-job.js';
import { createTestGateway, UPSERT, type TestGateway } from '../support/gateway.js';
import { loadTasteWorld, productId, shopperId, TASTES } from '../support/taste-world.js';

const tasteOf = (id: string) => Number(id[1]);

const RECOMMEND = `query ($userId: ID!, $first: Int!) { recommendations(userId: $userId, first: $first) { score product { id } } }`;
const SIMILAR = `query ($id: ID!) { similarProducts(productId: $id, first: 10) { score product { id } } }`;

describe('two-tower relevance in the gateway', () => {
  let t: TestGateway;
  let artifactsRoot: string;
  const train = () =>
    runTrainingJob(t.gateway.repos, t.gateway.relevance, {
      artifactsRoot,
      activate: true,
      train: { epochs: 10, batchSize: 64, seed: 7, learningRate: 0.01 },
      progress: silentProgress,
    });

  beforeAll(async () => {
    artifactsRoot = await mkdtemp(path.join(os.tmpdir(), 'vitrine-models-'));
    t = await createTestGateway();
    await loadTasteWorld(t, (k) => new Date(Date.UTC(2026, 5, 1, 10, k)));
  });
  afterAll(async () => {
    await t.close();
    await rm(artifactsRoot, { recursive: true, force: true });
  });

  it('answers with popularity before any model is trained', async () => {
    expect(t.gateway.relevance.status().state).toBe('none');
    const { recommendations } = await t.ok(RECOMMEND, { userId: shopperId(0, 0), first: 5 });
    expect(recommendations).toHaveLength(5);
    const scores = recommendations.map((r: { score: number }) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('trains, registers and activates a version with its artifacts and embeddings', async () => {
    const { version, activated } = await train();
    expect(activated).toBe(true);
    expect(version.status).toBe('ACTIVE');
    const stored = await t.db.prisma.modelVersion.findUniqueOrThrow({ where: { id: version.id } });
    expect(stored).toMatchObject({ status: 'ACTIVE', backend: expect.stringMatching(/wasm|cpu|tensorflow/) });
    expect(stored.dataSnapshot).toMatchObject({ products: 180, shoppers: 90, interactions: 1080, positivePairs: 1080 });
    expect((stored.metrics as { validation: { ndcg: number } }).validation.ndcg).toBeGreaterThan(0);
    for (const file of ['model.json', 'weights.bin', 'vocab.json']) expect(existsSync(path.join(version.artifactDir, file))).toBe(true);
    const [{ n }] = await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM products WHERE embedding IS NOT NULL AND embedding_model_id = $1`, [version.id]);
    expect(n).toBe(180);
    expect(t.gateway.relevance.status()).toMatchObject({ state: 'active', versionId: version.id, index: 'exact' });
  });

  it("recommends products of the shopper's own taste", async () => {
    for (const taste of TASTES.keys()) {
      const { recommendations } = await t.ok(RECOMMEND, { userId: shopperId(taste, 1), first: 10 });
      const own = recommendations.filter((r: { product: { id: string } }) => tasteOf(r.product.id) === taste).length;
      expect(own, `taste ${taste}`).toBeGreaterThanOrEqual(8);
    }
  });

  it('finds similar products within the same taste, never the product itself', async () => {
    const { similarProducts } = await t.ok(SIMILAR, { id: productId(2, 3) });
    const ids = similarProducts.map((r: { product: { id: string } }) => r.product.id);
    expect(ids).not.toContain(productId(2, 3));
    expect(ids.filter((id: string) => tasteOf(id) === 2).length).toBeGreaterThanOrEqual(8);
    expect(await t.ok(SIMILAR, { id: 'no-such-product' })).toEqual({ similarProducts: null });
  });

  it('embeds a new product at once: one sharing brand, category and colour reaches the top 50 of a shopper who loves them', async () => {
    const newcomer = { id: 'zz-newcomer', title: 'A brand new arrival', price: 350, currency: 'EUR', ...TASTES[0] };
    await t.ok(UPSERT, { products: [newcomer] });
    const [{ model }] = await t.db.sql.query<{ model: number }>(`SELECT embedding_model_id AS model FROM products WHERE id = 'zz-newcomer'`);
    expect(model).toBe(t.gateway.relevance.status().state === 'active' ? (t.gateway.relevance.status() as { versionId: number }).versionId : -1);
    const { recommendations } = await t.ok(RECOMMEND, { userId: shopperId(0, 2), first: 50 });
    expect(recommendations.map((r: { product: { id: string } }) => r.product.id)).toContain('zz-newcomer');
    const { similarProducts } = await t.ok(SIMILAR, { id: 'zz-newcomer' });
    expect(similarProducts.filter((r: { product: { id: string } }) => tasteOf(r.product.id) === 0).length).toBeGreaterThanOrEqual(8);
  });

  it('answers the same from the pgvector HNSW index as from the in-process index', async () => {
    const inDatabase = new RelevanceService(t.gateway.repos, { readImage: async () => null, vectorSearch: 'pgvector', sql: (text, params) => t.db.sql.query(text, params) });
    await inDatabase.refresh();
    expect(inDatabase.status()).toMatchObject({ state: 'active', index: 'pgvector' });
    for (const id of [productId(0, 1), productId(4, 7)]) {
      const fromMemory = (await t.gateway.relevance.similar(id, 10))!.map((r) => r.productId);
      const fromDatabase = (await inDatabase.similar(id, 10))!;
      expect(fromDatabase.map((r) => r.productId)).not.toContain(id);
      expect(fromDatabase.filter((r) => fromMemory.includes(r.productId)).length).toBeGreaterThanOrEqual(9);
    }
    const personal = await inDatabase.recommend(shopperId(3, 0), 10, null);
    expect(personal.filter((r) => tasteOf(r.productId) === 3).length).toBeGreaterThanOrEqual(8);
  });

  it('does not activate a version that scores below the active one', async () => {
    const active = await t.db.prisma.modelVersion.findFirstOrThrow({ where: { status: 'ACTIVE' } });
    const metrics = active.metrics as { validation: Record<string, number> };
    await t.db.prisma.modelVersion.update({ where: { id: active.id }, data: { metrics: { ...metrics, validation: { ...metrics.validation, ndcg: 2 } } } });
    const { version, activated, decision } = await train();
    expect(activated).toBe(false);
    expect(decision).toMatch(/below active version/);
    expect(await t.db.prisma.modelVersion.findUniqueOrThrow({ where: { id: version.id } })).toMatchObject({ status: 'REJECTED' });
    expect(t.gateway.relevance.status()).toMatchObject({ versionId: active.id });
  });

  it('serves a non-personalised home page, reports degraded health and stays ready when the weights file is missing', async () => {
    const active = await t.db.prisma.modelVersion.findFirstOrThrow({ where: { status: 'ACTIVE' } });
    const weights = path.join(active.artifactDir, 'weights.bin');
    const saved = await readFile(weights);
    await rm(weights);
    const second = await createGateway(t.gateway.config, t.db);
    try {
      expect(second.relevance.status()).toMatchObject({ state: 'degraded', versionId: active.id, error: expect.stringContaining('weights.bin') });
      expect(await second.health()).toMatchObject({ status: 'degraded', model: { state: 'degraded' } });
      expect(await second.ready()).toMatchObject({ ready: true });
      const response = await second.apollo.executeOperation(
        { query: 'query ($u: ID) { homeRows(userId: $u, rows: 3, itemsPerRow: 5) { personalized rows { items { product { id } } } } }', variables: { u: shopperId(2, 0) } },
        { contextValue: second.context({ role: 'ADMIN', subject: 'test' }) },
      );
      assert(response.body.kind === 'single');
      const page = response.body.singleResult.data?.homeRows as { personalized: boolean; rows: { items: unknown[] }[] };
      expect(response.body.singleResult.errors).toBeUndefined();
      expect(page.personalized).toBe(false);
      expect(page.rows.flatMap((r) => r.items).length).toBeGreaterThan(0);
      expect((await second.metrics.text()).body).toMatch(new RegExp(`^vitrine_model_info\\{state="degraded",version="${active.id}",backend="\\w+"\\} 1$`, 'm'));
    } finally {
      await second.stop();
      await writeFile(weights, saved);
    }
  });

  it('serves non-personalised answers and reports degraded health when the model files are corrupt', async () => {
    const active = await t.db.prisma.modelVersion.findFirstOrThrow({ where: { status: 'ACTIVE' } });
    await writeFile(path.join(active.artifactDir, 'vocab.json'), '{ not json');
    const second = await createGateway(t.gateway.config, t.db);
    try {
      expect(second.relevance.status()).toMatchObject({ state: 'degraded', versionId: active.id });
      expect(await second.health()).toMatchObject({ status: 'degraded' });
      const popular = await second.relevance.recommend(shopperId(1, 0), 5, null);
      expect(popular).toHaveLength(5);
    } finally {
      await second.stop();
    }
  });

  it('ignores personal data of a shopper who opted out of personalization', async () => {
    await t.db.prisma.user.update({ where: { id: shopperId(1, 3) }, data: { consentPersonalization: false } });
    const personal = await t.gateway.relevance.recommend(shopperId(1, 3), 5, null);
    const popular = await t.gateway.relevance.recommend('someone-new', 5, null);
    expect(personal.map((r) => r.productId)).not.toEqual(popular.map((r) => r.productId));
    const counts = await t.gateway.repos.interactions.popular(5);
    expect(personal).toEqual(counts.map((c) => ({ productId: c.productId, score: c.score })));
  });
});
