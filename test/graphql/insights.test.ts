import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, sampleProducts, UPSERT, type TestGateway } from '../support/gateway.js';

describe('model versions and catalog exposure', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await createTestGateway();
    await t.ok(UPSERT, { products: sampleProducts });
    const shown: [string, string, string[]][] = [
      // [shown_at, row_kind, product_ids of one row slice]
      ['2026-01-01 09:00:00', 'TOP_PICKS', ['tote-1']],
      ['2026-01-01 09:00:00', 'TOP_PICKS', ['tote-1']],
      ['2026-01-01 23:59:59', 'POPULAR', ['tote-2']],
      ['2026-01-02 10:00:00', 'TOP_PICKS', ['tote-1']],
      // A product no longer in the catalog is left out; the others of its slice count.
      ['2026-01-02 10:00:00', 'POPULAR', ['scarf-1', 'gone-1']],
      // Outside the window: left out.
      ['2026-01-05 10:00:00', 'POPULAR', ['coat-1']],
    ];
    for (const [i, [at, kind, products]] of shown.entries()) {
      await t.db.sql.query(
        `INSERT INTO impressions (page_id, user_id, row_id, row_kind, first_position, product_ids, shown_at) VALUES ($1, 's-1', $2, $3, $4, $5::text[], $6::timestamp)`,
        [`page-${i}`, kind.toLowerCase(), kind, i + 1, products, at],
      );
    }
  });
  afterAll(() => t.close());

  it('lists model versions newest first with their metrics and the active one', async () => {
    const first = await t.gateway.repos.models.register({ config: {}, dataSnapshot: {}, metrics: { 'ndcg@10': 0.21 }, backend: 'wasm', durationMs: 1200, artifactDir: '/tmp/m1' });
    const second = await t.gateway.repos.models.register({ config: {}, dataSnapshot: {}, metrics: { 'ndcg@10': 0.18 }, backend: 'cpu', durationMs: 900, artifactDir: '/tmp/m2', status: 'REJECTED', notes: 'worse' });
    await t.gateway.repos.models.markActive(first.id);
    const { modelVersions } = await t.ok(`{ modelVersions { id status active backend metrics durationMs notes activatedAt } }`);
    expect(modelVersions).toEqual([
      { id: String(second.id), status: 'REJECTED', active: false, backend: 'cpu', metrics: { 'ndcg@10': 0.18 }, durationMs: 900, notes: 'worse', activatedAt: null },
      { id: String(first.id), status: 'ACTIVE', active: true, backend: 'wasm', metrics: { 'ndcg@10': 0.21 }, durationMs: 1200, notes: null, activatedAt: expect.any(String) },
    ]);
    expect((await t.ok(`{ modelVersions(first: 1) { id } }`)).modelVersions).toEqual([{ id: String(second.id) }]);
  });

  it('reports coverage, concentration, a daily series and row kinds from the impressions of a window', async () => {
    const { catalogExposure: e } = await t.ok(`{ catalogExposure(from: "2026-01-01T00:00:00Z", to: "2026-01-03T00:00:00Z") {
      from to catalogSize productsShown impressions coverage gini topShare
      lorenz { catalogShare impressionShare }
      daily { day impressions productsShown coverage cumulativeCoverage }
      byRowKind { rowKind impressions productsShown coverage }
    } }`);
    // Per product: tote-1 3, tote-2 1, scarf-1 1, coat-1 and loafer-1 never → sorted 0 0 1 1 3.
    expect(e).toMatchObject({ from: '2026-01-01T00:00:00.000Z', to: '2026-01-03T00:00:00.000Z', catalogSize: 5, productsShown: 3, impressions: 5, coverage: 0.6 });
    expect(e.gini).toBeCloseTo(14 / 25, 12);
    expect(e.topShare).toBeCloseTo(0.3, 12);
    expect(e.lorenz.at(-1)).toEqual({ catalogShare: 1, impressionShare: 1 });
    expect(e.daily).toEqual([
      { day: '2026-01-01', impressions: 3, productsShown: 2, coverage: 0.4, cumulativeCoverage: 0.4 },
      { day: '2026-01-02', impressions: 2, productsShown: 2, coverage: 0.4, cumulativeCoverage: 0.6 },
    ]);
    expect(e.byRowKind).toEqual([
      { rowKind: 'TOP_PICKS', impressions: 3, productsShown: 1, coverage: 0.2 },
      { rowKind: 'POPULAR', impressions: 2, productsShown: 2, coverage: 0.4 },
    ]);
  });

  it('reports an empty window as no coverage without a Gini', async () => {
    const { catalogExposure } = await t.ok(`{ catalogExposure(days: 3, to: "2025-06-01T00:00:00Z") { impressions coverage gini topShare daily { day } } }`);
    expect(catalogExposure).toEqual({ impressions: 0, coverage: 0, gini: null, topShare: null, daily: [] });
  });

  it('rejects an inverted window with BAD_USER_INPUT', async () => {
    const { errors } = await t.run(`{ catalogExposure(from: "2026-01-03T00:00:00Z", to: "2026-01-01T00:00:00Z") { coverage } }`);
    expect(errors?.[0]).toMatchObject({ message: expect.stringContaining('from: must be before to'), extensions: { code: 'BAD_USER_INPUT' } });
  });
});
