import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/auth/tokens.js';
import { silentProgress } from '../../src/cli/progress.js';
import { loadConfig } from '../../src/config.js';
import { createRepositories } from '../../src/db/repositories/index.js';
import { RelevanceService } from '../../src/relevance/relevance-service.js';
import { runTrainingJob, trainHere } from '../../src/relevance/train-job.js';
import { seedDemo } from '../../src/seed/run.js';
import { cliWorkspace, vitrine, type CliWorkspace } from '../support/cli.js';
import { testBackend } from '../support/database.js';
import { ADMIN } from '../support/gateway.js';
import { graphqlOver, startServe } from '../support/serve-process.js';

describe('vitrine models activate', () => {
  let workspace: CliWorkspace;
  const versions: number[] = [];
  const env = () => ({ ...workspace.env(), VITRINE_AUTO_SEED: 'false' });
  const open = () => workspace.open();
  /** Each version's status, and how many products carry embeddings of each version. */
  const state = async () => {
    const db = await open();
    try {
      const statuses = Object.fromEntries((await createRepositories(db.prisma).models.list()).map((v) => [v.id, v.status]));
      const rows = await db.sql.query<{ model: number | null; n: number }>(`SELECT embedding_model_id AS model, count(*)::int AS n FROM products GROUP BY 1`);
      return { statuses, embeddedBy: Object.fromEntries(rows.map((r) => [String(r.model), Number(r.n)])) };
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    workspace = await cliWorkspace('models-cli');
    const db = await open();
    try {
      await seedDemo(db.prisma, { seed: 3, now: new Date(), scale: { products: 120, shoppers: 40, interactions: 2_000 }, imagesDir: null, progress: silentProgress });
      const repos = createRepositories(db.prisma);
      const relevance = new RelevanceService(repos, { readImage: async () => null });
      for (const [activate, seed] of [[true, 3], [false, 8]] as const) {
        const trained = await runTrainingJob(repos, relevance, { artifactsRoot: path.join(workspace.dataDir, 'models'), activate, train: { epochs: 1, batchSize: 64, seed }, trainer: trainHere, progress: silentProgress });
        versions.push(trained.version.id);
      }
    } finally {
      await db.close();
    }
  });
  afterAll(async () => {
    await workspace?.close();
  });

  it('serves the version it names: marks it ACTIVE and stores its embeddings for every product', async () => {
    const [first, second] = versions;
    expect((await state()).statuses).toMatchObject({ [first!]: 'ACTIVE', [second!]: 'READY' });
    const run = await vitrine(['models', 'activate', String(second)], env());
    expect(run, run.stderr).toMatchObject({ code: 0, stderr: expect.stringContaining(`model version ${second} is ACTIVE`) });
    const after = await state();
    expect(after.statuses).toMatchObject({ [first!]: 'RETIRED', [second!]: 'ACTIVE' });
    expect(after.embeddedBy).toEqual({ [String(second)]: 120 });
  });

  it('lists the registered versions newest first, with their status and validation metrics', async () => {
    const [first, second] = versions;
    const run = await vitrine(['models', 'list'], env());
    expect(run, run.stderr).toMatchObject({ code: 0 });
    const [header, ...lines] = run.stdout.trim().split('\n');
    expect(header).toMatch(/^version\s+status\s+NDCG@\d+\s+recall@\d+\s+trained\s+notes$/);
    expect(lines.map((line) => line.split(/\s+/).slice(0, 2))).toEqual([
      [String(second), 'ACTIVE'],
      [String(first), 'RETIRED'],
    ]);
    expect(lines.every((line) => /\s0\.\d{4}\s+0\.\d{4}\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC/.test(line))).toBe(true);
  });

  it('refuses an unknown version and a malformed one, changing nothing', async () => {
    const before = await state();
    expect(await vitrine(['models', 'activate', '999999'], env())).toMatchObject({ code: 1, stderr: expect.stringContaining('model version 999999 does not exist') });
    expect(await vitrine(['models', 'activate', 'v2'], env())).toMatchObject({ code: 1, stderr: expect.stringContaining('expected a whole number') });
    expect(await state()).toEqual(before);
  });

  it.runIf(testBackend === 'pglite')('asks the server holding the embedded database to switch, which serves the version at once', async () => {
    const [first] = versions;
    const serve = await startServe(env());
    try {
      const run = await vitrine(['models', 'activate', String(first)], env());
      expect(run, run.stderr).toMatchObject({ code: 0, stderr: expect.stringContaining(`in use by the server at ${serve.url}`) });
      expect(run.stderr).toContain(`model version ${first} is ACTIVE`);
      const table = await vitrine(['models', 'list'], env());
      expect(table.stdout.split('\n').find((line) => line.startsWith(`${first} `))).toMatch(/ ACTIVE /);
      const health = (await (await fetch(`${serve.url}/healthz`)).json()) as { model: { state: string; versionId: number } };
      expect(health.model).toMatchObject({ state: 'active', versionId: first });
      const token = await signToken(loadConfig(env()).auth.secret, ADMIN);
      const listed = await graphqlOver(serve.url, token, '{ modelVersions { id status } }');
      expect(listed.body.data?.modelVersions).toEqual(expect.arrayContaining([{ id: String(first), status: 'ACTIVE' }]));
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
  });
});
