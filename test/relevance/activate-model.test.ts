import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTrainingJob, trainHere } from '../../src/relevance/train-job.js';
import { createModelTestGateway, type TestGateway } from '../support/gateway.js';
import { createReplica, loadTasteWorld, within } from '../support/taste-world.js';

const TRAIN = `mutation Train($activate: Boolean!, $seed: Int) { trainModel(activate: $activate, epochs: 2, batchSize: 64, seed: $seed) { id } }`;
const JOB = `{ trainingJob { state activated versionId } }`;
const ACTIVATE = `mutation Activate($versionId: ID!) { activateModel(versionId: $versionId) { id status active activatedAt } }`;
const VERSIONS = `{ modelVersions { id status active } }`;
const SIMILAR = `query Similar($id: ID!) { similarProducts(productId: $id, first: 5) { product { id } score } }`;

/** Within a second on PostgreSQL (LISTEN/NOTIFY); the embedded database's in-process bus is faster still. */
const PROPAGATION_MS = 1_000;

describe('activateModel: serving a registered version again', () => {
  let t: TestGateway;
  let replica: Awaited<ReturnType<typeof createReplica>>;
  let first: string;
  let second: string;

  /** Refused activation asked for while the gateway's first training job ran. */
  let whileTraining: Awaited<ReturnType<TestGateway['run']>>;

  const statuses = async () => Object.fromEntries((await t.ok<{ modelVersions: { id: string; status: string }[] }>(VERSIONS)).modelVersions.map((v) => [v.id, v.status]));
  const similar = async () => (await t.ok<{ similarProducts: { product: { id: string }; score: number }[] }>(SIMILAR, { id: 't0-p00' })).similarProducts;

  beforeAll(async () => {
    t = await createModelTestGateway('activate');
    await loadTasteWorld(t);
    replica = await createReplica(t);
    await t.ok(TRAIN, { activate: true, seed: 5 });
    whileTraining = await t.run(ACTIVATE, { versionId: '1' });
    await t.gateway.training.idle();
    const serving = (await t.ok<{ trainingJob: { state: string; activated: boolean; versionId: number } }>(JOB)).trainingJob;
    expect(serving).toMatchObject({ state: 'SUCCEEDED', activated: true });
    first = String(serving.versionId);
    // On this thread: a second training worker in one vitest fork has crashed the fork (see retrain-while-serving.test.ts).
    const registered = await runTrainingJob(t.gateway.repos, t.gateway.relevance, {
      artifactsRoot: path.join(t.gateway.config.dataDir, 'models'),
      activate: false,
      train: { epochs: 2, batchSize: 64, seed: 9 },
      trainer: trainHere,
    });
    expect(registered.activated).toBe(false);
    expect(registered.decision).toContain(`activateModel mutation (versionId: ${registered.version.id})`);
    second = String(registered.version.id);
  });
  afterAll(async () => {
    await replica?.close();
    await t?.close();
  });

  it('serves a version trained without activation, here and on the other gateway, with its own embeddings', async () => {
    expect(await statuses()).toMatchObject({ [first]: 'ACTIVE', [second]: 'READY' });
    const before = await similar();
    const { activateModel } = await t.ok<{ activateModel: { id: string; status: string; active: boolean; activatedAt: string } }>(ACTIVATE, { versionId: second });
    expect(activateModel).toMatchObject({ id: second, status: 'ACTIVE', active: true });
    expect(Date.now() - Date.parse(activateModel.activatedAt)).toBeLessThan(60_000);
    expect(await statuses()).toMatchObject({ [first]: 'RETIRED', [second]: 'ACTIVE' });
    expect(t.gateway.relevance.status()).toMatchObject({ state: 'active', versionId: Number(second) });
    // Another seed, other weights: the neighbours' scores come from the newly served item vectors.
    expect((await similar()).map((s) => s.score)).not.toEqual(before.map((s) => s.score));
    await within(PROPAGATION_MS, async () => replica.gateway.relevance.current?.version.id === Number(second));
  });

  it('rolls back to the earlier version, and answers an activation of the serving version with it unchanged', async () => {
    const { activateModel } = await t.ok<{ activateModel: { id: string; status: string } }>(ACTIVATE, { versionId: first });
    expect(activateModel).toMatchObject({ id: first, status: 'ACTIVE' });
    expect(await statuses()).toMatchObject({ [first]: 'ACTIVE', [second]: 'RETIRED' });
    expect(t.gateway.relevance.current?.version.id).toBe(Number(first));
    await within(PROPAGATION_MS, async () => replica.gateway.relevance.current?.version.id === Number(first));

    const again = (await t.ok<{ activateModel: { activatedAt: string } }>(ACTIVATE, { versionId: first })).activateModel;
    const stored = await t.db.prisma.modelVersion.findUniqueOrThrow({ where: { id: Number(first) }, select: { activatedAt: true } });
    expect(again.activatedAt).toBe(stored.activatedAt!.toISOString());
  });

  it('refuses unknown versions and malformed ids with BAD_USER_INPUT, changing nothing', async () => {
    const before = await statuses();
    for (const [versionId, message] of [
      ['999999', /model version 999999 does not exist/],
      ['v2', /must be a model version id/],
      ['-1', /must be a model version id/],
    ] as const) {
      const response = await t.run(ACTIVATE, { versionId });
      expect(response.errors?.[0]?.extensions?.code, versionId).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.message).toMatch(message);
    }
    expect(await statuses()).toEqual(before);
  });

  it('is for administrators only', async () => {
    const merchandiser = await t.run(ACTIVATE, { versionId: second }, { as: { role: 'MERCHANDISER', subject: 'm' } });
    expect(merchandiser.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await t.run(ACTIVATE, { versionId: second }, { as: null });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(t.gateway.relevance.current?.version.id).toBe(Number(first));
  });

  it('is refused while a training job runs, which may activate its own version', () => {
    expect(whileTraining.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(whileTraining.errors?.[0]?.message).toMatch(/training job \d+ is running and may activate its own version/);
  });

  it('refuses an activation asked for while another is under way, and serves the first', async () => {
    const [one, two] = await Promise.allSettled([t.gateway.training.activateVersion(Number(second)), t.gateway.training.activateVersion(Number(first))]);
    expect(one).toMatchObject({ status: 'fulfilled', value: { id: Number(second), status: 'ACTIVE' } });
    expect(two).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/another model version is being activated/) } });
    expect(t.gateway.relevance.current?.version.id).toBe(Number(second));
    expect(await statuses()).toMatchObject({ [first]: 'RETIRED', [second]: 'ACTIVE' });
  });
});

describe('activateModel with a version whose model cannot be loaded', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await createModelTestGateway('activate-lost');
    await loadTasteWorld(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('says why and keeps serving what it served', async () => {
    const lost = await t.gateway.repos.models.register({
      config: {},
      dataSnapshot: {},
      metrics: {},
      backend: 'cpu',
      durationMs: 1,
      artifactDir: path.join(t.gateway.config.dataDir, 'models', 'model-gone'),
    });
    const response = await t.run(ACTIVATE, { versionId: String(lost.id) });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toMatch(new RegExp(`model version ${lost.id} cannot be loaded: .*no artifact bundle`));
    expect(t.gateway.relevance.status().state).toBe('none');
    expect((await t.gateway.repos.models.byId(lost.id))?.status).toBe('READY');
  });
});
