import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isObjectType, type GraphQLFormattedError } from 'graphql';
import type { Principal } from '../../src/auth/principal.js';
import { POLICY } from '../../src/auth/policy.js';
import { buildVitrineSchema } from '../../src/graphql/schema.js';
import { createTestGateway, sampleProducts, UPSERT, type TestGateway } from '../support/gateway.js';

/**
 * Every root field, tried by every role and by an anonymous caller. The expectations are written
 * out here by hand, independently of src/auth/policy.ts: a field added to the schema without a
 * probe here fails the coverage test, and one without a policy is denied to everybody.
 */

const ME = 's-me';
const OTHER = 's-other';
/** Has not consented to personalization. */
const PRIVATE = 's-private';
const ANON_VISITOR = 'anon-visitor';
const ERASABLE = 's-erasable';

type Caller = 'ANONYMOUS' | 'SHOPPER' | 'STOREFRONT' | 'MERCHANDISER' | 'ADMIN';
/** ok: no authentication or authorization error; U: UNAUTHENTICATED; F: FORBIDDEN. */
type Outcome = 'ok' | 'U' | 'F';
type Matrix = Record<Caller, Outcome>;

const CALLERS: Caller[] = ['ANONYMOUS', 'SHOPPER', 'STOREFRONT', 'MERCHANDISER', 'ADMIN'];
const everyone: Matrix = { ANONYMOUS: 'ok', SHOPPER: 'ok', STOREFRONT: 'ok', MERCHANDISER: 'ok', ADMIN: 'ok' };
const merchandiserWork: Matrix = { ANONYMOUS: 'U', SHOPPER: 'F', STOREFRONT: 'F', MERCHANDISER: 'ok', ADMIN: 'ok' };
const adminOnly: Matrix = { ANONYMOUS: 'U', SHOPPER: 'F', STOREFRONT: 'F', MERCHANDISER: 'F', ADMIN: 'ok' };
const pageOfMe: Matrix = { ANONYMOUS: 'U', SHOPPER: 'ok', STOREFRONT: 'ok', MERCHANDISER: 'ok', ADMIN: 'ok' };
const pageOfOther: Matrix = { ANONYMOUS: 'U', SHOPPER: 'F', STOREFRONT: 'ok', MERCHANDISER: 'ok', ADMIN: 'ok' };
const pageOfPrivate: Matrix = { ANONYMOUS: 'U', SHOPPER: 'F', STOREFRONT: 'ok', MERCHANDISER: 'F', ADMIN: 'ok' };
const profileOfMe: Matrix = { ANONYMOUS: 'U', SHOPPER: 'ok', STOREFRONT: 'F', MERCHANDISER: 'ok', ADMIN: 'ok' };
const profileOfPrivate: Matrix = { ANONYMOUS: 'U', SHOPPER: 'F', STOREFRONT: 'F', MERCHANDISER: 'F', ADMIN: 'ok' };
const privacyOfMe: Matrix = { ANONYMOUS: 'U', SHOPPER: 'ok', STOREFRONT: 'F', MERCHANDISER: 'F', ADMIN: 'ok' };
const privacyOfOther: Matrix = { ANONYMOUS: 'U', SHOPPER: 'F', STOREFRONT: 'F', MERCHANDISER: 'F', ADMIN: 'ok' };

interface Probe {
  /** Root field coordinate, e.g. Query.homeRows. */
  field: string;
  query: string;
  variables?: Record<string, unknown>;
  expect: Matrix;
  /** The SHOPPER principal's subject (default ME). */
  shopper?: string;
  why?: string;
}

const NO_ID = '00000000-0000-4000-8000-000000000000';
const experimentInput = { name: 'probe', variants: [{ key: 'control', share: 1, treatment: {} }] };

const PROBES: Probe[] = [
  { field: 'Query.product', query: '{ product(id: "tote-1") { id } }', expect: everyone },
  { field: 'Query.products', query: '{ products(first: 1) { totalCount } }', expect: everyone },
  { field: 'Query.collections', query: '{ collections { slug } }', expect: everyone },
  { field: 'Query.collection', query: '{ collection(slug: "none") { slug } }', expect: everyone },
  { field: 'Query.similarProducts', query: '{ similarProducts(productId: "tote-1", first: 2) { score } }', expect: everyone },
  { field: 'Query.homeRows', why: 'no shopper: the anonymous page (a shopper\'s own)', query: '{ homeRows(rows: 1, itemsPerRow: 2) { personalized } }', expect: everyone },
  { field: 'Query.homeRows', why: 'own page', query: `{ homeRows(userId: "${ME}", rows: 1, itemsPerRow: 2) { personalized } }`, expect: pageOfMe },
  { field: 'Query.homeRows', why: 'another, consenting shopper', query: `{ homeRows(userId: "${OTHER}", rows: 1, itemsPerRow: 2) { personalized } }`, expect: pageOfOther },
  { field: 'Query.homeRows', why: 'a shopper without consent', query: `{ homeRows(userId: "${PRIVATE}", rows: 1, itemsPerRow: 2) { personalized } }`, expect: pageOfPrivate },
  { field: 'Query.homeRows', why: 'an unknown shopper', query: '{ homeRows(userId: "nobody-at-all", rows: 1, itemsPerRow: 2) { personalized } }', expect: pageOfPrivate },
  { field: 'Query.row', query: '{ row(id: "popular", rows: 1, itemsPerRow: 2, first: 2) { id } }', expect: everyone },
  { field: 'Query.row', query: `{ row(id: "popular", userId: "${OTHER}", rows: 1, itemsPerRow: 2, first: 2) { id } }`, expect: pageOfOther },
  { field: 'Query.row', query: `{ row(id: "popular", userId: "${PRIVATE}", rows: 1, itemsPerRow: 2, first: 2) { id } }`, expect: pageOfPrivate },
  { field: 'Query.recommendations', query: `{ recommendations(userId: "${ME}", first: 2) { score } }`, expect: pageOfMe },
  { field: 'Query.recommendations', query: `{ recommendations(userId: "${OTHER}", first: 2) { score } }`, expect: pageOfOther },
  { field: 'Query.recommendations', query: `{ recommendations(userId: "${PRIVATE}", first: 2) { score } }`, expect: pageOfPrivate },
  { field: 'Query.user', query: `{ user(id: "${ME}") { id consent { personalization } recentInteractions(first: 2) { type } } }`, expect: profileOfMe },
  { field: 'Query.user', query: `{ user(id: "${PRIVATE}") { id region } }`, expect: profileOfPrivate },
  { field: 'Query.users', query: '{ users(first: 5) { totalCount nodes { id } } }', expect: merchandiserWork },
  { field: 'Query.rankingConfigs', query: '{ rankingConfigs { name version } }', expect: merchandiserWork },
  { field: 'Query.merchandisingRules', query: '{ merchandisingRules { id } }', expect: merchandiserWork },
  { field: 'Query.modelVersions', query: '{ modelVersions(first: 2) { id } }', expect: merchandiserWork },
  { field: 'Query.catalogExposure', query: '{ catalogExposure(days: 7) { __typename } }', expect: merchandiserWork },
  { field: 'Query.trainingJob', query: '{ trainingJob { __typename } }', expect: merchandiserWork },
  { field: 'Query.experiments', query: '{ experiments { id } }', expect: merchandiserWork },
  { field: 'Query.experiment', query: `{ experiment(id: "${NO_ID}") { id } }`, expect: merchandiserWork },
  { field: 'Query.experimentResults', query: `{ experimentResults(id: "${NO_ID}") { __typename } }`, expect: merchandiserWork },
  { field: 'Query.exportMyData', why: 'a shopper leaves the id out', query: '{ exportMyData { userId interactions { id } } }', expect: { ...privacyOfMe, ADMIN: 'ok' } },
  { field: 'Query.exportMyData', query: `{ exportMyData(userId: "${ME}") { userId profile { id } } }`, expect: privacyOfMe },
  { field: 'Query.exportMyData', query: `{ exportMyData(userId: "${OTHER}") { userId profile { id } } }`, expect: privacyOfOther },

  {
    field: 'Mutation.recordInteractions',
    query: `mutation { recordInteractions(events: [{ userId: "${ME}", productId: "tote-1", type: VIEW }]) { accepted } }`,
    expect: { ANONYMOUS: 'U', SHOPPER: 'ok', STOREFRONT: 'ok', MERCHANDISER: 'F', ADMIN: 'ok' },
  },
  {
    field: 'Mutation.recordInteractions',
    why: 'a shopper slipping in another shopper\'s event',
    query: `mutation { recordInteractions(events: [{ userId: "${ME}", productId: "tote-1", type: VIEW }, { userId: "${OTHER}", productId: "tote-2", type: PURCHASE }]) { accepted } }`,
    expect: { ANONYMOUS: 'U', SHOPPER: 'F', STOREFRONT: 'ok', MERCHANDISER: 'F', ADMIN: 'ok' },
  },
  {
    field: 'Mutation.mergeShoppers',
    query: `mutation { mergeShoppers(fromId: "${ANON_VISITOR}", intoId: "${OTHER}") { __typename } }`,
    expect: { ANONYMOUS: 'U', SHOPPER: 'F', STOREFRONT: 'ok', MERCHANDISER: 'F', ADMIN: 'ok' },
  },
  { field: 'Mutation.upsertProducts', query: UPSERT, variables: { products: [{ ...sampleProducts[0], title: 'Probed tote' }] }, expect: merchandiserWork },
  { field: 'Mutation.saveRankingConfig', query: 'mutation { saveRankingConfig(name: "probe", config: {}) { version } }', expect: merchandiserWork },
  { field: 'Mutation.saveMerchandisingRule', query: 'mutation { saveMerchandisingRule(input: { name: "probe", rule: { type: "ONLY_IN_STOCK" } }) { id } }', expect: merchandiserWork },
  { field: 'Mutation.deleteMerchandisingRule', query: `mutation { deleteMerchandisingRule(id: "${NO_ID}") }`, expect: merchandiserWork },
  { field: 'Mutation.upsertCollection', query: 'mutation { upsertCollection(input: { slug: "probe", title: "Probe", kind: EDITORIAL }) { id } }', expect: merchandiserWork },
  { field: 'Mutation.setCollectionEntry', query: 'mutation { setCollectionEntry(collection: "probe", productId: "tote-1", role: MEMBER) { id } }', expect: merchandiserWork },
  { field: 'Mutation.removeCollectionEntry', query: 'mutation { removeCollectionEntry(collection: "probe", productId: "tote-1") { id } }', expect: merchandiserWork },
  { field: 'Mutation.createExperiment', query: 'mutation($input: ExperimentInput!) { createExperiment(input: $input) { id } }', variables: { input: experimentInput }, expect: merchandiserWork },
  {
    field: 'Mutation.updateExperiment',
    query: `mutation($input: ExperimentInput!) { updateExperiment(id: "${NO_ID}", input: $input) { id } }`,
    variables: { input: experimentInput },
    expect: merchandiserWork,
  },
  { field: 'Mutation.startExperiment', query: `mutation { startExperiment(id: "${NO_ID}") { id } }`, expect: merchandiserWork },
  { field: 'Mutation.pauseExperiment', query: `mutation { pauseExperiment(id: "${NO_ID}") { id } }`, expect: merchandiserWork },
  { field: 'Mutation.endExperiment', query: `mutation { endExperiment(id: "${NO_ID}") { id } }`, expect: merchandiserWork },
  // epochs 0 is refused by the resolver, after the policy: allowed callers see BAD_USER_INPUT and no training starts.
  { field: 'Mutation.trainModel', query: 'mutation { trainModel(epochs: 0) { __typename } }', expect: adminOnly },
  // An unknown version is refused by the resolver, after the policy: allowed callers see BAD_USER_INPUT and nothing changes.
  { field: 'Mutation.activateModel', query: 'mutation { activateModel(versionId: "999999") { id } }', expect: adminOnly },
  { field: 'Mutation.setConsent', query: 'mutation { setConsent(consent: { aspirationalBrowsing: true }) { id } }', expect: privacyOfMe },
  { field: 'Mutation.setConsent', query: `mutation { setConsent(userId: "${OTHER}", consent: { aspirationalBrowsing: true }) { id } }`, expect: privacyOfOther },
  { field: 'Mutation.eraseShopper', why: 'a shopper erasing themselves', shopper: ERASABLE, query: 'mutation { eraseShopper { userId } }', expect: privacyOfMe },
  { field: 'Mutation.eraseShopper', query: `mutation { eraseShopper(id: "${ERASABLE}") { userId } }`, shopper: ERASABLE, expect: privacyOfMe },
  { field: 'Mutation.eraseShopper', query: `mutation { eraseShopper(id: "${OTHER}") { userId } }`, expect: privacyOfOther },
];

const AUTH_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);
const codesOf = (errors: readonly GraphQLFormattedError[] | undefined) => (errors ?? []).map((e) => e.extensions?.code);

describe('roles: every query and mutation, every role', () => {
  let t: TestGateway;

  const principal = (caller: Caller, shopper = ME): Principal | null =>
    caller === 'ANONYMOUS' ? null : { role: caller, subject: caller === 'SHOPPER' ? shopper : `test-${caller.toLowerCase()}` };

  /** The shoppers every probe starts from, whatever the previous probe merged, erased or changed. */
  async function resetShoppers() {
    await t.db.sql.query(
      `INSERT INTO users (id, region, consent_personalization, consent_purchase_history, consent_aspirational, updated_at)
       VALUES ($1, 'Milan', true, true, false, now()), ($2, 'Paris', true, true, false, now()), ($3, 'Rome', false, true, false, now()),
              ($4, NULL, true, true, false, now()), ($5, NULL, true, true, false, now())
       ON CONFLICT (id) DO UPDATE SET consent_personalization = EXCLUDED.consent_personalization, consent_aspirational = false`,
      [ME, OTHER, PRIVATE, ANON_VISITOR, ERASABLE],
    );
  }

  /** Row counts of what a denied mutation must not change. */
  const state = async () =>
    (
      await t.db.sql.query<{ t: string; n: number }>(
        `SELECT 'users' t, count(*)::int n FROM users UNION ALL SELECT 'interactions', count(*)::int FROM interactions
         UNION ALL SELECT 'products', count(*)::int FROM products UNION ALL SELECT 'collections', count(*)::int FROM collections
         UNION ALL SELECT 'rules', count(*)::int FROM merchandising_rules UNION ALL SELECT 'configs', count(*)::int FROM ranking_configs
         UNION ALL SELECT 'experiments', count(*)::int FROM experiments UNION ALL SELECT 'consenting', count(*)::int FROM users WHERE consent_aspirational`,
      )
    )
      .map((r) => `${r.t}=${r.n}`)
      .join(' ');

  beforeAll(async () => {
    t = await createTestGateway();
    await t.ok(UPSERT, { products: sampleProducts });
    await resetShoppers();
  });
  afterAll(() => t?.close());

  it('has a probe and a policy for every root field, and no policy for a field that does not exist', async () => {
    const schema = await buildVitrineSchema();
    const fields = [schema.getQueryType(), schema.getMutationType()]
      .filter((type) => type && isObjectType(type))
      .flatMap((type) => Object.keys(type!.getFields()).map((name) => `${type!.name}.${name}`))
      .sort();
    expect(fields.filter((f) => !PROBES.some((p) => p.field === f)), 'fields without a probe in this test').toEqual([]);
    expect(fields.filter((f) => !POLICY[f]), 'fields without an entry in src/auth/policy.ts').toEqual([]);
    expect(Object.keys(POLICY).filter((f) => !fields.includes(f)), 'policies for fields that do not exist').toEqual([]);
  });

  it.each(PROBES.map((p) => [`${p.field}${p.why ? ` (${p.why})` : ''}: ${p.query.slice(0, 90)}`, p] as const))('%s', async (_name, probe) => {
    const [, fieldName] = probe.field.split('.');
    for (const caller of CALLERS) {
      await resetShoppers();
      const before = await state();
      const result = await t.run(probe.query, probe.variables, { as: principal(caller, probe.shopper) });
      const codes = codesOf(result.errors);
      const expected = probe.expect[caller];
      const where = `${caller} on ${probe.field}${probe.why ? ` (${probe.why})` : ''}`;
      expect(codes, where).not.toContain('INTERNAL_SERVER_ERROR');
      if (expected === 'ok') {
        expect(codes.filter((c) => AUTH_CODES.has(String(c))), `${where}: ${JSON.stringify(result.errors)}`).toEqual([]);
        continue;
      }
      expect(codes, where).toEqual([expected === 'U' ? 'UNAUTHENTICATED' : 'FORBIDDEN']);
      // Nothing leaks: no data for the field, no shopper ids in the message, nothing written.
      const data = result.data as Record<string, unknown> | null | undefined;
      expect(data?.[fieldName] ?? null, where).toBeNull();
      for (const id of [OTHER, PRIVATE, ERASABLE, 'nobody-at-all']) expect(result.errors![0].message, where).not.toContain(id);
      expect(await state(), `${where} changed data`).toBe(before);
    }
  });
});
