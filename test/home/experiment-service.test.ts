import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ExperimentService } from '../../src/home/experiment-service.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

describe('ExperimentService exposure log', () => {
  let t: TestGateway;
  let experimentId: string;
  const logged = () =>
    t.db.sql.query<{ user_id: string; variant: string; pages: number; first_ms: number; last_ms: number }>(
      `SELECT user_id, variant, pages, (extract(epoch from first_exposed_at) * 1000)::float8 AS first_ms, (extract(epoch from last_exposed_at) * 1000)::float8 AS last_ms
       FROM experiment_exposures WHERE experiment_id = $1 ORDER BY user_id`,
      [experimentId],
    );

  beforeAll(async () => {
    t = await createTestGateway();
    const created = await t.gateway.experiments.create({ name: 'Log', variants: [{ key: 'a', share: 0.5, treatment: {} }, { key: 'b', share: 0.5, treatment: {} }] });
    experimentId = created.id;
    await t.gateway.experiments.start(experimentId);
  });
  afterAll(() => t.close());

  it('keeps exposures in memory until stop, then writes them all', async () => {
    // An hour between timed writes: only stop() can have written them.
    const service = new ExperimentService(t.gateway.repos, { flushMs: 3_600_000 });
    await service.refresh();
    const first = service.assign('shopper-1')!;
    const second = service.assign('shopper-2')!;
    service.exposed(first, new Date('2026-11-20T10:00:00Z'));
    service.exposed(first, new Date('2026-11-20T09:00:00Z'));
    service.exposed(second, new Date('2026-11-20T11:00:00Z'));
    expect(await logged()).toEqual([]);
    await service.stop();
    expect(await logged()).toEqual([
      { user_id: 'shopper-1', variant: first.variant, pages: 2, first_ms: Date.parse('2026-11-20T09:00:00Z'), last_ms: Date.parse('2026-11-20T10:00:00Z') },
      { user_id: 'shopper-2', variant: second.variant, pages: 1, first_ms: Date.parse('2026-11-20T11:00:00Z'), last_ms: Date.parse('2026-11-20T11:00:00Z') },
    ]);
  });

  it('merges later batches into the stored exposure: first and last widen, pages add up', async () => {
    const service = new ExperimentService(t.gateway.repos, { flushMs: 3_600_000 });
    await service.refresh();
    const first = service.assign('shopper-1')!;
    service.exposed(first, new Date('2026-11-21T10:00:00Z'));
    await service.flush();
    service.exposed(first, new Date('2026-11-19T10:00:00Z'));
    await service.stop();
    const [row] = await logged();
    expect(row).toEqual({ user_id: 'shopper-1', variant: first.variant, pages: 4, first_ms: Date.parse('2026-11-19T10:00:00Z'), last_ms: Date.parse('2026-11-21T10:00:00Z') });
  });

  it('writes before the buffer grows past its bound, without waiting for the timer', async () => {
    const service = new ExperimentService(t.gateway.repos, { flushMs: 3_600_000, maxPending: 3 });
    await service.refresh();
    for (const id of ['bulk-1', 'bulk-2', 'bulk-3']) service.exposed(service.assign(id)!, new Date('2026-11-20T10:00:00Z'));
    // The third exposure started a write on its own (the timer is an hour away).
    await vi.waitFor(async () => expect((await logged()).filter((r) => r.user_id.startsWith('bulk-'))).toHaveLength(3), { timeout: 10_000, interval: 50 });
    await service.stop();
  });
});
