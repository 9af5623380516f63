import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { loadTasteWorld, within } from '../support/taste-world.js';

const TRAIN = `mutation { trainModel(activate: true, epochs: 100, batchSize: 16, seed: 5) { id state } }`;

describe('stopping a gateway while it trains', () => {
  let t: TestGateway;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'vitrine-train-stop-'));
    t = await createTestGateway({ env: { VITRINE_MODEL_POLL_MS: '0', VITRINE_DATA_DIR: dataDir } });
    await loadTasteWorld(t);
  });
  afterAll(async () => {
    await t?.db.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('cancels the job in its worker, marks it FAILED for "shutdown", registers nothing and refuses new jobs', async () => {
    await t.ok(TRAIN);
    // The worker is past the snapshot and inside the epochs when the gateway stops.
    await within(60_000, async () => (t.gateway.training.latest?.progress?.step ?? 0) > 0);
    await t.gateway.stop();

    expect(t.gateway.training.latest).toMatchObject({ state: 'FAILED', activated: false, versionId: null });
    expect(t.gateway.training.latest?.decision).toMatch(/^shutdown/);
    expect(t.gateway.training.latest?.finishedAt).toBeInstanceOf(Date);
    // Stop resolved with the database still open: nothing was registered then, nor can be later.
    const [{ n }] = await t.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM model_versions');
    expect(n).toBe(0);
    expect(t.gateway.relevance.status().state).toBe('none');
    expect(() => t.gateway.training.start({ activate: true })).toThrow(InputError);
    expect(() => t.gateway.training.start({ activate: true })).toThrow(/shutting down/);
  });
});
