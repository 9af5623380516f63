import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentProgress } from '../../src/cli/progress.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { readBundle } from '../../src/model/bundle.js';
import { runTrainingJob } from '../../src/relevance/train-job.js';
import { ADMIN, createTestGateway, type TestGateway } from '../support/gateway.js';
import { HOME, loadTasteWorld, productsOn, shopperId, type Page } from '../support/taste-world.js';

/**
 * A gateway on another machine: its own, empty data dir and (on PostgreSQL) its own connections to
 * the same database. The embedded database has one process only, so there it shares the handle.
 */
async function otherMachine(first: TestGateway, dataDir: string): Promise<{ gateway: Gateway; home(userId: string): Promise<Page>; close(): Promise<void> }> {
  const db = first.db.url ? await openDatabase({ databaseUrl: first.db.url, migrate: false }) : first.db;
  const gateway = await createGateway(loadConfig({ VITRINE_DATA_DIR: dataDir, VITRINE_MODEL_POLL_MS: '0', LOG_LEVEL: 'silent' }), db);
  return {
    gateway,
    async home(userId) {
      const response = await gateway.apollo.executeOperation({ query: HOME, variables: { userId } }, { contextValue: gateway.context(ADMIN) });
      assert(response.body.kind === 'single');
      expect(response.body.singleResult.errors).toBeUndefined();
      return response.body.singleResult.data!.homeRows as Page;
    },
    async close() {
      await gateway.stop();
      if (db !== first.db) await db.close();
    },
  };
}

describe('model artifacts stored in the database', () => {
  let t: TestGateway;
  let scratch: string;
  let versionId: number;
  let artifactDir: string;
  const shopper = shopperId(2, 4);
  const freshDataDir = () => mkdtemp(path.join(scratch, 'machine-'));
  const setBundle = (bundle: Uint8Array | null) =>
    t.db.prisma.modelVersion.update({ where: { id: versionId }, data: { artifactBundle: bundle as Uint8Array<ArrayBuffer> | null } });

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'vitrine-bundle-db-'));
    t = await createTestGateway({ env: { VITRINE_MODEL_POLL_MS: '0', VITRINE_DATA_DIR: path.join(scratch, 'trainer') } });
    await loadTasteWorld(t);
    const { version, activated } = await runTrainingJob(t.gateway.repos, t.gateway.relevance, {
      artifactsRoot: path.join(t.gateway.config.dataDir, 'models'),
      activate: true,
      train: { epochs: 4, batchSize: 64, seed: 11, learningRate: 0.01 },
      progress: silentProgress,
    });
    assert(activated);
    versionId = version.id;
    artifactDir = version.artifactDir;
  });
  afterAll(async () => {
    await t?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('stores the packed model files with the registered version', async () => {
    const row = await t.db.prisma.modelVersion.findUniqueOrThrow({ where: { id: versionId } });
    assert(row.artifactBundle);
    const packed = readBundle(row.artifactBundle);
    expect(packed.map((f) => f.name)).toEqual(['model.json', 'vocab.json', 'weights.bin']);
    for (const file of packed) expect(file.content).toEqual(await readFile(path.join(artifactDir, file.name)));
    expect(Object.keys(await t.gateway.repos.models.byId(versionId) ?? {})).not.toContain('artifactBundle');
  });

  it('serves the version on a gateway whose data dir is empty, from the bundle unpacked into its own models folder', async () => {
    const dataDir = await freshDataDir();
    // Another machine does not see the trainer's folder: hide it while the replica loads.
    await rename(artifactDir, `${artifactDir}.elsewhere`);
    const replica = await otherMachine(t, dataDir).finally(() => rename(`${artifactDir}.elsewhere`, artifactDir));
    try {
      expect(replica.gateway.relevance.status()).toMatchObject({ state: 'active', versionId });
      expect(await readdir(path.join(dataDir, 'models'))).toEqual([`version-${versionId}`]);
      expect((await replica.home(shopper)).personalized).toBe(true);
      // The same model: the same answer as on the machine that trained it, to float32 rounding
      // (that one embedded the catalog from the model in memory, this one reads the stored vectors).
      const [there, here] = [await t.gateway.relevance.recommend(shopper, 10, null), await replica.gateway.relevance.recommend(shopper, 10, null)];
      expect(here.map((r) => r.productId)).toEqual(there.map((r) => r.productId));
      here.forEach((r, i) => expect(r.score).toBeCloseTo(there[i]!.score, 6));
    } finally {
      await replica.close();
    }
  });

  it('serves the version again after its training folder was deleted, unpacking it into the same data dir', async () => {
    await rm(artifactDir, { recursive: true });
    const restarted = await otherMachine(t, t.gateway.config.dataDir);
    try {
      expect(restarted.gateway.relevance.status()).toMatchObject({ state: 'active', versionId });
      expect(existsSync(path.join(t.gateway.config.dataDir, 'models', `version-${versionId}`, 'weights.bin'))).toBe(true);
      expect((await restarted.home(shopper)).personalized).toBe(true);
    } finally {
      await restarted.close();
    }
  });

  it('reports degraded health and serves non-personalised rows when the bundle is corrupt, unpacking nothing', async () => {
    const good = await t.gateway.repos.models.bundle(versionId);
    assert(good);
    const corrupt = Buffer.from(good);
    corrupt[corrupt.length - 100] ^= 0xff;
    await setBundle(corrupt);
    const dataDir = await freshDataDir();
    const replica = await otherMachine(t, dataDir);
    try {
      expect(replica.gateway.relevance.status()).toMatchObject({ state: 'degraded', versionId, error: expect.stringMatching(/artifact bundle in the database is corrupt \(weights\.bin does not match its checksum\)/) });
      expect(await replica.gateway.health()).toMatchObject({ status: 'degraded', model: { state: 'degraded' } });
      expect(await replica.gateway.ready()).toMatchObject({ ready: true });
      const page = await replica.home(shopper);
      expect(page.personalized).toBe(false);
      expect(productsOn(page).length).toBeGreaterThan(0);
      expect(existsSync(path.join(dataDir, 'models', `version-${versionId}`))).toBe(false);
    } finally {
      await replica.close();
      await setBundle(good);
    }
  });

  it('says how to recover when neither the files nor a bundle are available', async () => {
    const good = await t.gateway.repos.models.bundle(versionId);
    await setBundle(null);
    const replica = await otherMachine(t, await freshDataDir());
    try {
      expect(replica.gateway.relevance.status()).toMatchObject({ state: 'degraded', versionId, error: expect.stringMatching(/no artifact bundle .*retrain, or mount the files/) });
    } finally {
      await replica.close();
      await setBundle(good);
    }
  });
});
