import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { createGateway } from '../../src/gateway.js';
import { pruneModelFolders, type PruneReport } from '../../src/relevance/prune-models.js';
import type { Trainer } from '../../src/relevance/train-in-worker.js';
import { trainHere } from '../../src/relevance/train-job.js';
import { holdTrainingLease } from '../../src/relevance/training-lease.js';
import { TrainingJobs, type TrainingJob } from '../../src/relevance/training-jobs.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { HOME, loadTasteWorld, shopperId, type Page } from '../support/taste-world.js';

const KEEP = 1;
const HOUR_AGO = new Date(Date.now() - 3_600_000);

describe('pruning model folders', () => {
  let t: TestGateway;
  let scratch: string;
  let root: string;
  const logs: { message: string; details?: Record<string, unknown> }[] = [];
  const log = (message: string, details?: Record<string, unknown>) => void logs.push({ message, details });
  const ids: Record<'first' | 'ready' | 'rejected' | 'latest', number> = { first: 0, ready: 0, rejected: 0, latest: 0 };

  const folders = async () => (await readdir(root)).sort();
  const folderOf = async (id: number) => path.basename((await t.gateway.repos.models.byId(id))!.artifactDir);
  const prune = () => pruneModelFolders(t.gateway.repos.models, { artifactsRoot: root, keep: KEEP });
  const setActiveNdcg = (ndcg: number) =>
    t.db.sql.query(`UPDATE model_versions SET metrics = jsonb_set(metrics, '{validation,ndcg}', $1::jsonb) WHERE status = 'ACTIVE'`, [String(ndcg)]);
  const homePage = async () => (await t.ok<{ homeRows: Page }>(HOME, { userId: shopperId(1, 3) })).homeRows;
  // On this thread: a second training worker in one vitest fork has crashed the fork.
  const train = async (activate: boolean, trainer: Trainer = trainHere): Promise<TrainingJob> => {
    const jobs = new TrainingJobs(t.gateway.repos, t.gateway.relevance, { artifactsRoot: root, trainer, keepModels: KEEP, log });
    jobs.start({ activate, train: { epochs: 1, batchSize: 64, seed: 7 } });
    await jobs.idle();
    return jobs.latest!;
  };

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'vitrine-prune-'));
    t = await createTestGateway({ env: { VITRINE_MODEL_POLL_MS: '0', VITRINE_DATA_DIR: path.join(scratch, 'data'), VITRINE_MODEL_KEEP: String(KEEP) } });
    root = path.join(t.gateway.config.dataDir, 'models');
    await loadTasteWorld(t);
  });
  afterAll(async () => {
    await t?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('after several trainings keeps the folders of the active version and the newest rollback candidate only', async () => {
    const first = await train(true);
    expect(first).toMatchObject({ state: 'SUCCEEDED', activated: true });
    ids.first = first.versionId!;
    ids.ready = (await train(false)).versionId!;

    await setActiveNdcg(1);
    const rejected = await train(true);
    expect(rejected.decision).toMatch(/^not activated/);
    ids.rejected = rejected.versionId!;
    expect((await t.gateway.repos.models.byId(ids.rejected))?.status).toBe('REJECTED');
    expect(await folders()).not.toContain(await folderOf(ids.rejected));

    // A run that saved its files and then failed: while it runs, a prune leaves its folder alone.
    const run: { dir?: string; pruned?: PruneReport } = {};
    const failing: Trainer = async (...args) => {
      await trainHere(...args);
      run.dir = args[2];
      run.pruned = await prune();
      assert(existsSync(run.dir));
      throw new Error('the disk filled up while packing the bundle');
    };
    expect(await train(true, failing)).toMatchObject({ state: 'FAILED', versionId: null });
    const failedDir = run.dir!;
    expect(run.pruned?.skipped).toContainEqual({ name: path.basename(failedDir), reason: expect.stringMatching(/training run is under way/) });
    expect(existsSync(failedDir)).toBe(false);

    await setActiveNdcg(0);
    const latest = await train(true);
    expect(latest).toMatchObject({ state: 'SUCCEEDED', activated: true });
    ids.latest = latest.versionId!;

    expect((await t.gateway.repos.models.byId(ids.first))?.status).toBe('RETIRED');
    // READY version 2 is newer than RETIRED version 1: with KEEP = 1 only it stays besides the active one.
    expect(await folders()).toEqual([await folderOf(ids.ready), await folderOf(ids.latest)].sort());
    // The registry keeps every version and its bundle.
    const rows = await t.db.prisma.modelVersion.findMany({ select: { id: true, artifactBundle: true } });
    expect(rows.map((r) => r.id).sort()).toEqual(Object.values(ids).sort());
    expect(rows.every((r) => r.artifactBundle && r.artifactBundle.length > 0)).toBe(true);

    const pruned = logs.filter((l) => l.message === 'pruned model folders');
    expect(pruned.length).toBeGreaterThanOrEqual(2);
    for (const line of pruned) {
      expect(line.details?.removed).toBeGreaterThan(0);
      expect(line.details?.bytes).toBeGreaterThan(0);
    }
    expect(pruned.flatMap((l) => l.details?.folders as string[])).toEqual(
      expect.arrayContaining([await folderOf(ids.rejected), path.basename(failedDir), await folderOf(ids.first)]),
    );
  });

  it('serves the active model after pruning, here and on a gateway that starts on the same folder and prunes at start-up', async () => {
    expect(t.gateway.relevance.status()).toMatchObject({ state: 'active', versionId: ids.latest });
    expect((await homePage()).personalized).toBe(true);

    await mkdir(path.join(root, 'model-2020-01-01T00-00-00-000Z'));
    await writeFile(path.join(root, 'model-2020-01-01T00-00-00-000Z', 'weights.bin'), Buffer.alloc(4096));
    await mkdir(path.join(root, 'version-9999'));
    await mkdir(path.join(root, '.version-9999-Ab12Cd'));
    await utimes(path.join(root, '.version-9999-Ab12Cd'), HOUR_AGO, HOUR_AGO);
    await mkdir(path.join(root, '.version-9999-Fresh1'));
    await mkdir(path.join(root, 'notes'));

    const logged: string[] = [];
    const db = t.db.url ? await openDatabase({ databaseUrl: t.db.url, migrate: false }) : t.db;
    const config = loadConfig({ VITRINE_DATA_DIR: t.gateway.config.dataDir, VITRINE_MODEL_POLL_MS: '0', LOG_LEVEL: 'silent', VITRINE_MODEL_KEEP: String(KEEP) });
    const restarted = await createGateway(config, db, { log: (message, details) => void logged.push(`${message} ${JSON.stringify(details)}`) });
    try {
      expect(restarted.relevance.status()).toMatchObject({ state: 'active', versionId: ids.latest });
      expect(logged.find((l) => l.startsWith('pruned model folders'))).toMatch(/"removed":3,"bytes":4096/);
      expect(await folders()).toEqual([await folderOf(ids.ready), await folderOf(ids.latest), '.version-9999-Fresh1', 'notes'].sort());
    } finally {
      await restarted.stop();
      if (db !== t.db) await db.close();
    }
    expect((await homePage()).personalized).toBe(true);
  });

  it('serves an older version activated after its folder was pruned, unpacking it again from its bundle', async () => {
    expect(await folders()).not.toContain(await folderOf(ids.first));
    await t.gateway.repos.models.markActive(ids.first);
    await t.gateway.relevance.refresh();
    expect(t.gateway.relevance.status()).toMatchObject({ state: 'active', versionId: ids.first });
    expect(existsSync(path.join(root, `version-${ids.first}`, 'weights.bin'))).toBe(true);
    expect((await homePage()).personalized).toBe(true);

    // Now the unpacked copy serves and the version it replaced is the newest rollback candidate.
    const report = await prune();
    expect(report.removed.map((r) => r.name)).toEqual([await folderOf(ids.ready)]);
    expect(await folders()).toEqual([await folderOf(ids.latest), `version-${ids.first}`, '.version-9999-Fresh1', 'notes'].sort());
  });

  it('leaves an unregistered folder alone while any training run holds a lease, and takes it once none does', async () => {
    const staging = path.join(root, 'model-2030-01-01T00-00-00-000Z');
    await mkdir(staging);
    const release = await holdTrainingLease(root);
    try {
      expect((await prune()).removed).toEqual([]);
      expect(existsSync(staging)).toBe(true);
    } finally {
      await release();
    }
    // The lease of a process that died without releasing it goes stale: it no longer protects anything.
    const dead = path.join(root, '.training-0000-dead.lock');
    await mkdir(dead);
    await utimes(dead, HOUR_AGO, HOUR_AGO);
    const report = await prune();
    expect(report.removed.map((r) => r.name).sort()).toEqual(['.training-0000-dead.lock', path.basename(staging)]);
  });

  it('never removes a symbolic link, what it points to, or a registered folder outside the models folder', async () => {
    const outside = path.join(scratch, 'outside');
    const elsewhere = path.join(outside, 'model-elsewhere');
    const target = path.join(outside, 'precious');
    await mkdir(elsewhere, { recursive: true });
    await mkdir(target, { recursive: true });
    await writeFile(path.join(elsewhere, 'weights.bin'), 'registered outside the root');
    await writeFile(path.join(target, 'keep.txt'), 'not vitrine’s');
    await symlink(target, path.join(root, 'model-linked'));
    await symlink(target, path.join(root, 'version-424242'));
    // A folder that is pruned, holding a link out of the root: the link goes, not its target.
    await mkdir(path.join(root, 'model-2019-01-01T00-00-00-000Z'));
    await symlink(target, path.join(root, 'model-2019-01-01T00-00-00-000Z', 'escape'));
    const register = (artifactDir: string) =>
      t.gateway.repos.models.register({ config: {}, dataSnapshot: {}, metrics: {}, backend: 'cpu', durationMs: 0, artifactDir, status: 'REJECTED' });
    await register(elsewhere);
    await register(path.join(root, 'model-linked'));
    await register(path.join(root, '..', 'models', '..', '..', 'outside', 'precious'));

    const report = await prune();
    expect(report.removed.map((r) => r.name)).toEqual(['model-2019-01-01T00-00-00-000Z']);
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        { name: 'model-linked', reason: expect.stringMatching(/symbolic link/) },
        { name: 'version-424242', reason: expect.stringMatching(/symbolic link/) },
      ]),
    );
    expect((await lstat(path.join(root, 'model-linked'))).isSymbolicLink()).toBe(true);
    expect((await lstat(path.join(root, 'version-424242'))).isSymbolicLink()).toBe(true);
    expect(await readFile(path.join(target, 'keep.txt'), 'utf8')).toBe('not vitrine’s');
    expect(await readFile(path.join(elsewhere, 'weights.bin'), 'utf8')).toBe('registered outside the root');
    expect(t.gateway.relevance.status()).toMatchObject({ state: 'active', versionId: ids.first });
  });
});
