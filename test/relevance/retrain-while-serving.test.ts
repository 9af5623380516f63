import assert from 'node:assert/strict';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HomeService } from '../../src/home/home-service.js';
import { loadModel } from '../../src/model/artifacts.js';
import type { ShopperStateLoader } from '../../src/realtime/shopper-state.js';
import { trainHere } from '../../src/relevance/train-job.js';
import { TrainingJobs } from '../../src/relevance/training-jobs.js';
import { createModelTestGateway, type TestGateway } from '../support/gateway.js';
import { HOME, loadTasteWorld, shopperId, type Page } from '../support/taste-world.js';

const TRAIN = `mutation Train($epochs: Int) { trainModel(activate: true, epochs: $epochs, batchSize: 64, seed: 5) { id state } }`;
const JOB = `{ trainingJob { id state activated versionId decision validationNdcg progress { epoch steps } } }`;

describe('retraining while serving', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await createModelTestGateway('retrain');
    await loadTasteWorld(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const job = async () => (await t.ok(JOB)).trainingJob;

  it('keeps answering home pages while a worker trains, then serves the new model', async () => {
    expect(t.gateway.relevance.status().state).toBe('none');
    const started = (await t.ok(TRAIN, { epochs: 8 })).trainModel;
    expect(started.state).toBe('RUNNING');

    const second = await t.run(TRAIN, { epochs: 1 });
    expect(second.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(second.errors?.[0]?.message).toMatch(/still running/);

    let answeredWhileTraining = 0;
    let sawProgress = false;
    for (let i = 0; (await job()).state === 'RUNNING'; i++) {
      const page = (await t.ok<{ homeRows: Page }>(HOME, { userId: shopperId(i % 6, i % 15) })).homeRows;
      expect(page.rows.length).toBeGreaterThan(0);
      const current = await job();
      if (current.state === 'RUNNING') answeredWhileTraining++;
      sawProgress ||= current.progress?.steps > 0;
      // Requests arrive over the network, between which the event loop runs I/O and timers; an
      // in-process loop of cached pages would otherwise resolve on microtasks alone and starve them.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(answeredWhileTraining).toBeGreaterThanOrEqual(3);
    expect(sawProgress).toBe(true);

    const done = await job();
    expect(done).toMatchObject({ state: 'SUCCEEDED', activated: true });
    expect(done.validationNdcg).toBeGreaterThan(0);
    expect(t.gateway.relevance.status()).toMatchObject({ state: 'active', versionId: done.versionId });
    expect((await t.ok<{ homeRows: Page }>(HOME, { userId: shopperId(0, 0) })).homeRows.personalized).toBe(true);
  });

  it('registers a worse model as REJECTED and keeps serving the active one', async () => {
    const active = t.gateway.relevance.status();
    assert(active.state === 'active');
    // The serving version claims a perfect score: whatever is trained next is worse.
    await t.db.sql.query(`UPDATE model_versions SET metrics = jsonb_set(metrics, '{validation,ndcg}', '1.0') WHERE id = $1`, [active.versionId]);
    // On this thread: the gate is the same wherever training runs, and a second training worker
    // in one vitest fork has crashed the fork (plain Node runs several in a row).
    const jobs = new TrainingJobs(t.gateway.repos, t.gateway.relevance, { artifactsRoot: path.join(t.gateway.config.dataDir, 'models'), trainer: trainHere });
    jobs.start({ activate: true, train: { epochs: 2, batchSize: 64, seed: 5 } });
    await jobs.idle();
    const done = jobs.latest!;
    expect(done).toMatchObject({ state: 'SUCCEEDED', activated: false });
    expect(done.decision).toMatch(/not activated: validation NDCG .* below active version/);
    expect(t.gateway.relevance.status()).toMatchObject({ state: 'active', versionId: active.versionId });
    expect((await t.gateway.repos.models.byId(done.versionId!))?.status).toBe('REJECTED');
    expect((await t.gateway.repos.models.active())?.id).toBe(active.versionId);
  });

  it('leaves the serving model alone when training fails, registering nothing', async () => {
    const before = t.gateway.relevance.status();
    const versions = (await t.gateway.repos.models.list()).length;
    const jobs = new TrainingJobs(t.gateway.repos, t.gateway.relevance, {
      artifactsRoot: path.join(t.gateway.config.dataDir, 'models'),
      trainer: async () => {
        throw new Error('the worker ran out of memory');
      },
    });
    jobs.start({ activate: true });
    await jobs.idle();
    expect(jobs.latest).toMatchObject({ state: 'FAILED', activated: false, decision: 'failed: the worker ran out of memory' });
    expect(t.gateway.relevance.status()).toEqual(before);
    expect(await t.gateway.repos.models.list()).toHaveLength(versions);
  });

  it('finishes a page begun before a model switch on the model it started with', async () => {
    const { relevance, repos } = t.gateway;
    const old = relevance.current!;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const atGate = new Promise<void>((resolve) => (reached = resolve));
    const direct: ShopperStateLoader = {
      shoppers: (ids) => repos.shoppers.findByIds(ids),
      histories: (ids, limit) => repos.interactions.recentByShoppers(ids, limit),
    };
    // The page stops while loading the shopper, after it has taken the model it ranks with.
    const held: ShopperStateLoader = {
      shoppers: async (ids) => {
        reached();
        await gate;
        return direct.shoppers(ids);
      },
      histories: direct.histories,
    };
    const home = new HomeService(repos, relevance, held);
    await home.init();
    const pending = home.homePage({ userId: shopperId(3, 2), context: null, rows: 4, itemsPerRow: 6 });
    await atGate;

    const next = await repos.models.register({ config: {}, dataSnapshot: {}, metrics: {}, backend: 'wasm', durationMs: 0, artifactDir: old.version.artifactDir });
    await relevance.activate(next, await loadModel(old.version.artifactDir));
    expect(relevance.current!.version.id).toBe(next.id);
    release();

    const page = await pending;
    expect(page.modelVersionId).toBe(old.version.id);
    expect(page.rows.length).toBeGreaterThan(0);
    const after = await new HomeService(repos, relevance, direct).homePage({ userId: shopperId(3, 2), context: null, rows: 4, itemsPerRow: 6 });
    expect(after.modelVersionId).toBe(next.id);
  });
});
