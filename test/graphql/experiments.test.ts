import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignVariant } from '../../src/experiments/assignment.js';
import { createTestGateway, RECORD, sampleProducts, UPSERT, type TestGateway } from '../support/gateway.js';

const EXPERIMENT_FIELDS = 'id name description status startedAt endedAt variants { key share treatment { rankingConfig rows bandit { rowOrder explorationShare } } }';
const CREATE = `mutation Create($input: ExperimentInput!) { createExperiment(input: $input) { ${EXPERIMENT_FIELDS} } }`;
const UPDATE = `mutation Update($id: ID!, $input: ExperimentInput!) { updateExperiment(id: $id, input: $input) { ${EXPERIMENT_FIELDS} } }`;
const move = (action: 'start' | 'pause' | 'end') => `mutation Move($id: ID!) { ${action}Experiment(id: $id) { ${EXPERIMENT_FIELDS} } }`;
const HOME = `query Home($userId: ID, $rankingConfig: String) {
  homeRows(userId: $userId, rows: 3, itemsPerRow: 4, rankingConfig: $rankingConfig) {
    rankingConfig { name } experiment { id name variant } rows { kind }
  }
}`;
const METRIC = 'value low high vsControl { difference low high pValue significant }';
const RESULTS = `query Results($id: ID!, $from: DateTimeISO, $to: DateTimeISO) {
  experimentResults(id: $id, from: $from, to: $to) {
    alpha experiment { name }
    variants {
      key shoppers pages impressions clicks
      ctr { ${METRIC} } addToCartRate { ${METRIC} } purchaseRate { ${METRIC} } revenuePerShopper { ${METRIC} } netRevenuePerShopper { ${METRIC} }
      discovery { ${METRIC} } categoriesPerPage { ${METRIC} } brandsPerPage { ${METRIC} }
    }
    daily { variant days { day exposures impressions clicks ctr { value low high } } }
  }
}`;

interface HomePage {
  rankingConfig: { name: string };
  experiment: { id: string; name: string; variant: string } | null;
  rows: { kind: string }[];
}

const twoVariants = (name: string) => ({
  name,
  description: 'Does the fresh configuration sell more?',
  variants: [
    { key: 'control', share: 0.5 },
    { key: 'fresh', share: 0.5, treatment: { rankingConfig: 'fresh', rows: ['NEW_ARRIVALS_FOR_YOU', 'POPULAR'], bandit: { explorationShare: 0.2 } } },
  ],
});

describe('experiments', () => {
  let t: TestGateway;
  const create = async (input: unknown) => (await t.ok(CREATE, { input })).createExperiment;
  const home = async (variables: Record<string, unknown>): Promise<HomePage> => (await t.ok<{ homeRows: HomePage }>(HOME, variables)).homeRows;
  const exposures = (experimentId: string) =>
    t.db.sql.query<{ user_id: string; variant: string; pages: number }>('SELECT user_id, variant, pages FROM experiment_exposures WHERE experiment_id = $1 ORDER BY user_id', [experimentId]);

  beforeAll(async () => {
    t = await createTestGateway();
    // Enough products and clicks for pages of several rows, so that row order shows.
    const brands = ['Maison Vérane', 'Castellane', 'Atelier Noor', 'Orsini'];
    const categories = ['tote', 'loafer', 'scarf', 'coat', 'clutch'];
    const more = Array.from({ length: 24 }, (_, i) => ({
      id: `p-${i}`, title: `Product ${i}`, brand: brands[i % 4], category: categories[i % 5], colour: 'black', material: 'calfskin', price: 100 + i, currency: 'EUR',
    }));
    await t.ok(UPSERT, { products: [...sampleProducts, ...more] });
    await t.ok(RECORD, { events: more.slice(0, 12).map((p, i) => ({ userId: `fan-${i % 3}`, productId: p.id, type: 'CLICK' })) });
    await t.ok(`mutation { saveRankingConfig(name: "fresh", config: { weights: { freshness: 0.5 } }) { version } }`);
  });
  afterAll(() => t.close());

  describe('lifecycle', () => {
    it('creates a draft that can be edited, then starts, pauses, resumes and ends it', async () => {
      const draft = await create(twoVariants('Lifecycle'));
      expect(draft).toMatchObject({ name: 'Lifecycle', status: 'DRAFT', startedAt: null });
      expect(draft.variants).toEqual([
        { key: 'control', share: 0.5, treatment: { rankingConfig: null, rows: null, bandit: null } },
        { key: 'fresh', share: 0.5, treatment: { rankingConfig: 'fresh', rows: ['NEW_ARRIVALS_FOR_YOU', 'POPULAR'], bandit: { rowOrder: null, explorationShare: 0.2 } } },
      ]);

      const edited = (await t.ok(UPDATE, { id: draft.id, input: { ...twoVariants('Lifecycle 2'), variants: [{ key: 'a', share: 0.9 }, { key: 'b', share: 0.1 }] } })).updateExperiment;
      expect(edited.name).toBe('Lifecycle 2');
      expect(edited.variants.map((v: { key: string; share: number }) => [v.key, v.share])).toEqual([['a', 0.9], ['b', 0.1]]);

      const running = (await t.ok(move('start'), { id: draft.id })).startExperiment;
      expect(running.status).toBe('RUNNING');
      expect(new Date(running.startedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect((await t.ok(move('pause'), { id: draft.id })).pauseExperiment.status).toBe('PAUSED');
      const resumed = (await t.ok(move('start'), { id: draft.id })).startExperiment;
      expect(resumed).toMatchObject({ status: 'RUNNING', startedAt: running.startedAt });
      const ended = (await t.ok(move('end'), { id: draft.id })).endExperiment;
      expect(ended.status).toBe('ENDED');
      expect(ended.endedAt).not.toBeNull();

      const { experiments } = await t.ok(`{ experiments(status: ENDED) { id } }`);
      expect(experiments).toEqual([{ id: draft.id }]);
      expect((await t.ok(`query One($id: ID!) { experiment(id: $id) { status } }`, { id: draft.id })).experiment).toEqual({ status: 'ENDED' });
    });

    it('refuses moves the status does not allow, and edits outside DRAFT, saying what to do', async () => {
      const { id } = await create(twoVariants('Refusals'));
      const refused = async (query: string, variables: Record<string, unknown>) => {
        const result = await t.run(query, variables);
        expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        return result.errors![0].message;
      };
      expect(await refused(move('pause'), { id })).toBe('id: experiment "Refusals" is DRAFT; only a RUNNING experiment can be paused');
      expect(await refused(move('end'), { id })).toBe('id: experiment "Refusals" is DRAFT and never ran; start it first, or keep it as a draft');
      await t.ok(move('start'), { id });
      expect(await refused(move('start'), { id })).toBe('id: experiment "Refusals" is RUNNING already');
      expect(await refused(UPDATE, { id, input: twoVariants('Refusals') })).toBe(
        'id: experiment "Refusals" is RUNNING; variants can change only while it is a DRAFT. End it and create a new experiment to test other variants',
      );
      await t.ok(move('end'), { id });
      expect(await refused(move('start'), { id })).toMatch(/is ENDED; an ended experiment cannot restart/);
      expect(await refused(move('pause'), { id: 'nope' })).toBe('id: no experiment has the id "nope"; list them with the experiments query');
    });

    it('rejects an invalid definition with every problem, and writes nothing', async () => {
      const before = (await t.ok(`{ experiments { id } }`)).experiments.length;
      const result = await t.run(CREATE, {
        input: { name: 'Broken', variants: [{ key: 'a', share: 0.7, treatment: { rankingConfig: 'nowhere' } }, { key: 'a', share: 0.7 }] },
      });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toMatch(/^variants\[0\]\.treatment\.rankingConfig: no ranking configuration is named "nowhere"/);
      expect((result.errors?.[0].extensions?.problems as { field: string }[]).map((p) => p.field)).toEqual([
        'variants[0].treatment.rankingConfig',
        'variants[1].key',
        'variants',
      ]);
      const duplicate = await t.run(CREATE, { input: twoVariants('Refusals') });
      expect(duplicate.errors?.[0].message).toBe('name: an experiment is already named "Refusals"; choose another name');
      expect((await t.ok(`{ experiments { id } }`)).experiments).toHaveLength(before);
    });
  });

  describe('serving', () => {
    let experimentId: string;
    let salt: string;
    beforeAll(async () => {
      experimentId = (await create(twoVariants('Serving'))).id;
      await t.ok(move('start'), { id: experimentId });
      salt = (await t.gateway.repos.experiments.byId(experimentId))!.salt;
    });
    afterAll(() => t.ok(move('end'), { id: experimentId }));

    it('serves each known shopper the treatment of their stable variant', async () => {
      const shoppers = Array.from({ length: 12 }, (_, i) => `serving-${i}`);
      const pages = new Map<string, HomePage>();
      for (const userId of shoppers) pages.set(userId, await home({ userId }));
      for (const [userId, page] of pages) {
        const expected = assignVariant(salt, [{ key: 'control', share: 0.5 }, { key: 'fresh', share: 0.5 }], userId).key;
        expect(page.experiment).toEqual({ id: experimentId, name: 'Serving', variant: expected });
        expect(page.rankingConfig.name).toBe(expected === 'fresh' ? 'fresh' : 'default');
        // The same shopper gets the same variant on the next page.
        expect((await home({ userId })).experiment?.variant).toBe(expected);
      }
      const inFresh = [...pages.values()].filter((p) => p.experiment!.variant === 'fresh');
      expect(inFresh.length).toBeGreaterThan(0);
      expect(inFresh.length).toBeLessThan(shoppers.length);
      // The variant's rows come first in its order; the control keeps the configuration's (trending first here).
      for (const page of pages.values()) {
        const kinds = page.rows.map((r) => r.kind);
        if (page.experiment!.variant === 'fresh') expect(kinds.slice(0, 2)).toEqual(['NEW_ARRIVALS_FOR_YOU', 'POPULAR']);
        else expect(kinds[0]).toBe('TRENDING_IN_REGION');
      }
    });

    it('logs one exposure per shopper, counting pages, written in batches', async () => {
      await home({ userId: 'exposed-1' });
      await home({ userId: 'exposed-1' });
      await home({ userId: 'exposed-2' });
      await t.gateway.experiments.flush();
      const logged = (await exposures(experimentId)).filter((e) => e.user_id.startsWith('exposed-'));
      expect(logged.map((e) => [e.user_id, e.pages])).toEqual([['exposed-1', 2], ['exposed-2', 1]]);
      expect(logged[0].variant).toBe(assignVariant(salt, [{ share: 0.5, key: 'control' }, { share: 0.5, key: 'fresh' }], 'exposed-1').key);
    });

    it('leaves anonymous visitors and merchandiser previews out of the experiment', async () => {
      const anonymous = await home({});
      expect(anonymous.experiment).toBeNull();
      expect(anonymous.rankingConfig.name).toBe('default');
      const preview = await home({ userId: 'previewed', rankingConfig: 'default' });
      expect(preview.experiment).toBeNull();
      await t.gateway.experiments.flush();
      expect((await exposures(experimentId)).map((e) => e.user_id)).not.toContain('previewed');
    });

    it('puts a shopper in the oldest running experiment only', async () => {
      const second = await create({ name: 'Second', variants: [{ key: 'x', share: 0.5 }, { key: 'y', share: 0.5 }] });
      await t.ok(move('start'), { id: second.id });
      expect((await home({ userId: 'serving-1' })).experiment?.name).toBe('Serving');
      await t.ok(move('pause'), { id: experimentId });
      expect((await home({ userId: 'serving-1' })).experiment?.name).toBe('Second');
      await t.ok(move('end'), { id: second.id });
      await t.ok(move('start'), { id: experimentId });
    });

    it('serves the default page while paused', async () => {
      await t.ok(move('pause'), { id: experimentId });
      expect((await home({ userId: 'serving-1' })).experiment).toBeNull();
      await t.ok(move('start'), { id: experimentId });
      expect((await home({ userId: 'serving-1' })).experiment?.id).toBe(experimentId);
    });
  });

  describe('results', () => {
    let experimentId: string;
    const T0 = '2026-11-20T10:00:00.000Z';

    beforeAll(async () => {
      experimentId = (await create({ name: 'Results', variants: [{ key: 'control', share: 0.5 }, { key: 'b', share: 0.5 }] })).id;
      const shoppers = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u9'];
      await t.db.sql.query(`INSERT INTO users (id, updated_at) SELECT unnest($1::text[]), now()`, [shoppers]);
      // u3 and u6 are first exposed a day later; u9 is never exposed.
      const exposed: [string, string, string][] = [
        ['u1', 'control', T0], ['u2', 'control', T0], ['u3', 'control', '2026-11-21T09:00:00.000Z'],
        ['u4', 'b', T0], ['u5', 'b', T0], ['u6', 'b', '2026-11-21T09:00:00.000Z'],
      ];
      for (const [user, variant, first] of exposed) {
        await t.db.sql.query(
          `INSERT INTO experiment_exposures (experiment_id, user_id, variant, first_exposed_at, last_exposed_at, pages) VALUES ($1, $2, $3, $4::timestamp, $4::timestamp, 1)`,
          [experimentId, user, variant, first],
        );
      }
      // Pages: control pc1 (2 categories, 2 brands), pc2 (2, 2); b pb1 (4, 3), pb2 (2, 2), pb3 (1, 1).
      const shown: [page: string, user: string, variant: string, products: string[], day: string][] = [
        ['pc1', 'u1', 'control', ['tote-1', 'tote-2', 'loafer-1'], '2026-11-20T10:00:00.000Z'],
        ['pc2', 'u2', 'control', ['scarf-1', 'coat-1'], '2026-11-21T12:00:00.000Z'],
        ['pb1', 'u4', 'b', ['tote-1', 'loafer-1', 'scarf-1', 'coat-1'], '2026-11-20T10:00:00.000Z'],
        ['pb2', 'u5', 'b', ['tote-2', 'scarf-1'], '2026-11-20T11:00:00.000Z'],
        ['pb3', 'u6', 'b', ['coat-1'], '2026-11-21T09:00:00.000Z'],
      ];
      // Stored as the recorder does, in row slices: two items each here (a first page and a deeper one).
      for (const [page, user, variant, products, shownAt] of shown) {
        for (let first = 0; first < products.length; first += 2) {
          await t.db.sql.query(
            `INSERT INTO impressions (page_id, user_id, row_id, row_kind, first_position, product_ids, experiment_id, variant, shown_at)
             VALUES ($1, $2, 'top-picks', 'TOP_PICKS', $3, $4::text[], $5, $6, $7::timestamp)`,
            [page, user, first + 1, products.slice(first, first + 2), experimentId, variant, shownAt],
          );
        }
      }
      type Event = [user: string, product: string, type: string, occurredAt: string, extra?: { quantity?: number; unitPrice?: number; impression?: string; variant?: string }];
      const events: Event[] = [
        // Before exposure: u1 knew tote-1, u4 knew scarf-1; u2's cart before exposure does not count.
        ['u1', 'tote-1', 'VIEW', '2026-11-19T10:00:00.000Z'],
        ['u4', 'scarf-1', 'VIEW', '2026-11-19T10:00:00.000Z'],
        ['u2', 'coat-1', 'ADD_TO_CART', '2026-11-20T08:00:00.000Z'],
        // Control after exposure: u1 clicks the same impression twice, adds and buys (2,400); u2 views a new product; u3 only skips.
        ['u1', 'tote-1', 'CLICK', '2026-11-20T10:05:00.000Z', { impression: 'i-c1', variant: 'control' }],
        ['u1', 'tote-1', 'CLICK', '2026-11-20T10:06:00.000Z', { impression: 'i-c1', variant: 'control' }],
        ['u1', 'tote-1', 'ADD_TO_CART', '2026-11-20T10:10:00.000Z'],
        ['u1', 'tote-1', 'PURCHASE', '2026-11-20T10:20:00.000Z', { quantity: 1, unitPrice: 2400 }],
        ['u2', 'scarf-1', 'VIEW', '2026-11-21T12:05:00.000Z'],
        ['u3', 'coat-1', 'SKIP', '2026-11-21T09:30:00.000Z'],
        // b after exposure: u4 buys two totes at list price (4,900); u5 adds to cart; u6 buys the coat (4,000) and returns it.
        ['u4', 'tote-1', 'CLICK', '2026-11-20T10:05:00.000Z', { impression: 'i-b1', variant: 'b' }],
        ['u4', 'scarf-1', 'CLICK', '2026-11-20T10:06:00.000Z', { impression: 'i-b3', variant: 'b' }],
        ['u4', 'tote-1', 'ADD_TO_CART', '2026-11-20T10:10:00.000Z'],
        ['u4', 'tote-1', 'PURCHASE', '2026-11-20T10:20:00.000Z', { quantity: 2 }],
        ['u5', 'tote-2', 'CLICK', '2026-11-20T11:05:00.000Z', { impression: 'i-b5', variant: 'b' }],
        ['u5', 'tote-2', 'ADD_TO_CART', '2026-11-20T11:10:00.000Z'],
        ['u6', 'coat-1', 'PURCHASE', '2026-11-21T10:00:00.000Z', { quantity: 1, unitPrice: 4000 }],
        ['u6', 'coat-1', 'RETURN', '2026-11-22T10:00:00.000Z'],
        // Never exposed: counts nowhere.
        ['u9', 'coat-1', 'PURCHASE', '2026-11-20T12:00:00.000Z', { quantity: 1, unitPrice: 4900 }],
      ];
      for (const [user, product, type, occurredAt, extra = {}] of events) {
        await t.db.sql.query(
          `INSERT INTO interactions (user_id, product_id, type, occurred_at, quantity, unit_price, impression_id, experiment_id, variant)
           VALUES ($1, $2, $3::"InteractionType", $4::timestamp, $5, $6, $7, $8, $9)`,
          [user, product, type, occurredAt, extra.quantity ?? null, extra.unitPrice ?? null, extra.impression ?? null, extra.impression ? experimentId : null, extra.variant ?? null],
        );
      }
    });

    it('computes every metric per variant with intervals and a test against the control', async () => {
      const { experimentResults: results } = await t.ok(RESULTS, { id: experimentId });
      expect(results.alpha).toBe(0.05);
      const [control, b] = results.variants;
      expect([control.key, control.shoppers, control.pages, control.impressions, control.clicks]).toEqual(['control', 3, 2, 5, 1]);
      expect([b.key, b.shoppers, b.pages, b.impressions, b.clicks]).toEqual(['b', 3, 3, 7, 3]);

      // Rates (reference p-values: SciPy's chi2_contingency without continuity correction).
      expect(control.ctr).toMatchObject({ value: 0.2, vsControl: null });
      expect(control.ctr.low).toBeCloseTo(0.036224108632430085, 6);
      expect(control.ctr.high).toBeCloseTo(0.6244653702374747, 6);
      expect(b.ctr.value).toBeCloseTo(3 / 7, 12);
      expect(b.ctr.vsControl.difference).toBeCloseTo(3 / 7 - 1 / 5, 12);
      expect(b.ctr.vsControl.pValue).toBeCloseTo(0.4076259477027807, 6);
      expect(b.ctr.vsControl.significant).toBe(false);
      expect([control.addToCartRate.value, b.addToCartRate.value]).toEqual([1 / 3, 2 / 3]);
      expect(b.addToCartRate.vsControl.pValue).toBeCloseTo(0.4142161782425251, 6);
      expect([control.purchaseRate.value, b.purchaseRate.value]).toEqual([1 / 3, 2 / 3]);
      expect(control.discovery.value).toBeCloseTo(1 / 5, 12);
      expect(b.discovery.value).toBeCloseTo(6 / 7, 12);
      expect(b.discovery.vsControl.pValue).toBeCloseTo(0.02282150367148815, 6);
      expect(b.discovery.vsControl.significant).toBe(true);

      // Means against SciPy: the value, its t interval and ttest_ind(equal_var=False) against the control.
      const expectMean = (metric: Record<string, any>, expected: { value: number; low: number; high: number; difference: number; pValue: number }) => {
        expect(metric.value).toBeCloseTo(expected.value, 9);
        expect(metric.low).toBeCloseTo(expected.low, 4);
        expect(metric.high).toBeCloseTo(expected.high, 4);
        expect(metric.vsControl.difference).toBeCloseTo(expected.difference, 9);
        expect(metric.vsControl.pValue).toBeCloseTo(expected.pValue, 6);
      };
      // Gross: [2400, 0, 0] vs [4900, 0, 4000].
      expect(control.revenuePerShopper.value).toBeCloseTo(800, 9);
      expectMean(b.revenuePerShopper, { value: 8_900 / 3, low: -3512.759462471849, high: 9446.092795805182, difference: 6_500 / 3, pValue: 0.29224425388406333 });
      // Net of u6's returned coat (valued at the 4,000 paid): [2400, 0, 0] vs [4900, 0, 0].
      expect(control.netRevenuePerShopper.value).toBeCloseTo(800, 9);
      expectMean(b.netRevenuePerShopper, { value: 4_900 / 3, low: -5394.332791924122, high: 8660.999458590788, difference: 2_500 / 3, pValue: 0.678881053852174 });
      expect([control.categoriesPerPage.value, b.categoriesPerPage.value]).toEqual([2, 7 / 3]);
      expect(b.categoriesPerPage.vsControl.pValue).toBeCloseTo(0.7418011102528388, 6);
      expect([control.brandsPerPage.value, b.brandsPerPage.value]).toEqual([2, 2]);
      expect(b.brandsPerPage.vsControl.pValue).toBeCloseTo(1, 6);
    });

    it('gives a daily series per variant, and honours the window', async () => {
      const { experimentResults: results } = await t.ok(RESULTS, { id: experimentId });
      const days = (variant: string) =>
        results.daily.find((d: { variant: string }) => d.variant === variant).days.map((d: Record<string, unknown>) => [d.day, d.exposures, d.impressions, d.clicks]);
      expect(days('control')).toEqual([['2026-11-20', 2, 3, 1], ['2026-11-21', 1, 2, 0]]);
      expect(days('b')).toEqual([['2026-11-20', 2, 6, 3], ['2026-11-21', 1, 1, 0]]);
      expect(results.daily[0].days[0].ctr.value).toBeCloseTo(1 / 3, 12);

      const firstDay = (await t.ok(RESULTS, { id: experimentId, from: '2026-11-20T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' })).experimentResults;
      expect(firstDay.variants.map((v: { impressions: number; shoppers: number }) => [v.impressions, v.shoppers])).toEqual([[3, 2], [6, 2]]);
      const backwards = await t.run(RESULTS, { id: experimentId, from: '2026-11-21T00:00:00.000Z', to: '2026-11-20T00:00:00.000Z' });
      expect(backwards.errors?.[0].message).toBe('to: must be after from; leave either out for an open-ended window');
    });
  });
});
