import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentProgress } from '../../src/cli/progress.js';
import { userFeaturesOf } from '../../src/relevance/features.js';
import { runTrainingJob } from '../../src/relevance/train-job.js';
import { createTestGateway, RECORD, UPSERT, type TestGateway } from '../support/gateway.js';

const CATEGORIES = ['tote', 'scarf', 'coat'];
const productId = (c: number, i: number) => `c${c}-p${i}`;
const shopperId = (c: number, i: number) => `c${c}-s${i}`;

/**
 * The active model learned an embedding for every shopper id it was trained on. After an erasure,
 * that id (if it comes back) must not bring the erased shopper's taste with it.
 */
describe('erasure and the trained model', () => {
  let t: TestGateway;
  let artifactsRoot: string;
  const when = new Date('2026-06-01T12:00:00Z');

  /** The user tower's vector for `lookupId` with the shopper's own features and no history. */
  const towerVector = async (lookupId: string, shopperIdentity: string) => {
    const [shopper] = await t.gateway.repos.shoppers.findByIds([shopperIdentity]);
    return t.gateway.relevance.current!.model.embedUsers([userFeaturesOf(lookupId, shopper ?? null, [], null, when)]);
  };
  const servedVector = async (id: string) => {
    const [shopper] = await t.gateway.repos.shoppers.findByIds([id]);
    return t.gateway.relevance.userVector(id, shopper ?? null, [], null, when)!;
  };

  beforeAll(async () => {
    artifactsRoot = await mkdtemp(path.join(os.tmpdir(), 'vitrine-erasure-model-'));
    t = await createTestGateway();
    await t.ok(UPSERT, {
      products: CATEGORIES.flatMap((category, c) =>
        Array.from({ length: 10 }, (_, i) => ({ id: productId(c, i), title: `A ${category} ${i}`, brand: `Maison ${c}`, category, colour: 'black', material: 'leather', price: 500 + 100 * c, currency: 'EUR' })),
      ),
    });
    const events = CATEGORIES.flatMap((_, c) =>
      Array.from({ length: 6 }, (_, s) => Array.from({ length: 8 }, (_, k) => ({ userId: shopperId(c, s), productId: productId(c, (s + k) % 10), type: 'CLICK' }))).flat(),
    );
    await t.ok(RECORD, { events });
    await runTrainingJob(t.gateway.repos, t.gateway.relevance, { artifactsRoot, activate: true, train: { epochs: 2, batchSize: 32, seed: 3 }, progress: silentProgress });
  });
  afterAll(async () => {
    await t?.close();
    await rm(artifactsRoot, { recursive: true, force: true });
  });

  it('serves a trained shopper by their learned id, and an erased one (gone, or back under the same id) as unknown', async () => {
    const id = shopperId(1, 2);
    expect(await servedVector(id)).toEqual(await towerVector(id, id));
    expect(await towerVector(id, id)).not.toEqual(await towerVector('', id));

    await t.ok('mutation ($id: ID) { eraseShopper(id: $id) { profileDeleted } }', { id });
    expect(await servedVector(id), 'no profile: the learned embedding is not used').toEqual(await towerVector('', id));

    await t.ok(RECORD, { events: [{ userId: id, productId: productId(0, 1), type: 'VIEW' }] });
    expect(await servedVector(id), 'the same id again, a new shopper').toEqual(await towerVector('', id));
    expect(await servedVector(shopperId(0, 0)), 'other trained shoppers keep theirs').toEqual(await towerVector(shopperId(0, 0), shopperId(0, 0)));
  });
});
