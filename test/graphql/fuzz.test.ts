import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import { signToken } from '../../src/auth/tokens.js';
import { listen } from '../../src/gateway.js';
import { buildVitrineSchema } from '../../src/graphql/schema.js';
import { ADMIN, createTestGateway, RECORD, sampleProducts, UPSERT, type TestGateway } from '../support/gateway.js';
import { Chaos, chaoticJson, garbage, mangled, pathological, schemaShaped, withChaoticVariables, type FuzzOperation } from './fuzz-documents.js';

/**
 * Random and malformed operations through the whole pipeline (parser, limits, validation,
 * access policy, resolvers, database): nothing may answer 5xx, throw, or come back without a
 * stable code, and an operation that is refused may not change stored data.
 */
const SEED = 20261126;
const IN_PROCESS_RUNS = 8_800;
const HTTP_RUNS = 1_200;

// Written by reads on purpose (what was shown, bandit trials, experiment exposures).
const WRITTEN_BY_READS = new Set(['impressions', 'bandit_arms', 'experiment_exposures', '_prisma_migrations']);
// Long jobs a well-formed call would start; the fuzz is about input handling, not training.
const LONG_JOBS = /train/i;

const root = path.resolve(import.meta.dirname, '../..');
const clientDocuments: FuzzOperation[] = readdirSync(path.join(root, 'client/operations'))
  .filter((f) => f.endsWith('.graphql'))
  .flatMap((f) => {
    const text = readFileSync(path.join(root, 'client/operations', f), 'utf8');
    return [...text.matchAll(/^(query|mutation) (\w+)/gm)].map((m) => ({ query: text, operationName: m[2], mutationField: m[1] === 'mutation' ? 'client' : undefined }));
  });
const queryDocuments: FuzzOperation[] = [
  ...clientDocuments.filter((d) => !d.mutationField),
  { query: 'query ($id: ID!) { product(id: $id) { id title price brand { name } collections { slug } } }' },
  { query: 'query ($first: Int, $after: String, $filter: ProductFilter) { products(first: $first, after: $after, filter: $filter) { totalCount pageInfo { endCursor } nodes { id } } }' },
  { query: 'query ($u: ID, $c: ContextInput, $r: Int!, $i: Int!) { homeRows(userId: $u, context: $c, rows: $r, itemsPerRow: $i) { rows { id items { score product { id } } } } }' },
  { query: 'query ($id: ID!, $first: Int!) { recommendations(userId: $id, first: $first) { score product { id } } similarProducts(productId: "tote-1", first: $first) { score } }' },
  { query: 'query ($id: ID!) { user(id: $id) { id region recentInteractions(first: 5) { type product { id } } } }' },
];
const mutationDocuments: FuzzOperation[] = [
  { query: RECORD, mutationField: 'recordInteractions' },
  { query: UPSERT, mutationField: 'upsertProducts' },
  { query: 'mutation ($input: MerchandisingRuleInput!) { saveMerchandisingRule(input: $input) { id } }', mutationField: 'saveMerchandisingRule' },
  { query: 'mutation ($name: String!, $config: JSONObject!) { saveRankingConfig(name: $name, config: $config) { version } }', mutationField: 'saveRankingConfig' },
  { query: 'mutation ($input: CollectionInput!) { upsertCollection(input: $input) { id } }', mutationField: 'upsertCollection' },
];

const PRINCIPALS: (Principal | null)[] = [ADMIN, ADMIN, ADMIN, null, { role: 'SHOPPER', subject: 's-fuzz' }, { role: 'STOREFRONT', subject: 'shop' }, { role: 'MERCHANDISER', subject: 'merch' }];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

interface Answer {
  status: number;
  errors?: readonly GraphQLFormattedError[];
  data?: Record<string, unknown> | null;
}

/** What is wrong with an answer, or null. */
function problemWith(answer: Answer): string | null {
  if (answer.status >= 500) return `HTTP ${answer.status}`;
  for (const error of answer.errors ?? []) {
    const code = error.extensions?.code;
    if (typeof code !== 'string' || code === '') return `error without a code: ${error.message}`;
    if (code === 'INTERNAL_SERVER_ERROR') return `INTERNAL_SERVER_ERROR: ${error.message}`;
  }
  if (!answer.errors?.length && answer.data === undefined) return 'neither data nor errors';
  return null;
}

describe('fuzzing the GraphQL API', () => {
  let t: TestGateway;
  let fingerprint: () => Promise<string>;
  let mutations: string[];
  const failures = new Map<string, { count: number; example: FuzzOperation }>();
  const fail = (what: string, op: FuzzOperation) => {
    const key = what.slice(0, 160);
    const seen = failures.get(key);
    failures.set(key, { count: (seen?.count ?? 0) + 1, example: seen?.example ?? { ...op, query: op.query.slice(0, 400) } });
  };

  beforeAll(async () => {
    t = await createTestGateway({ env: { PORT: '0', VITRINE_RATE_LIMIT: '0' } });
    await t.ok(UPSERT, { products: sampleProducts });
    await t.ok(RECORD, {
      events: ['tote-1', 'scarf-1', 'coat-1', 'tote-2'].flatMap((productId, i) => [
        { eventId: `seed-${i}`, userId: 's-fuzz', productId, type: 'CLICK' },
        { eventId: `seed-b-${i}`, userId: 's-other', productId, type: 'PURCHASE' },
      ]),
    });
    await t.ok('mutation { upsertCollection(input: { slug: "evening", title: "Evening", kind: RULE_BASED, rule: { when: { occasions: ["EVENING"] }, match: { categories: ["tote"] } } }) { id } }');
    await t.ok('mutation { saveMerchandisingRule(input: { name: "Hero", rule: { type: "PIN", productId: "tote-1", position: 1 } }) { id } }');
    const schema = await buildVitrineSchema();
    mutations = Object.keys(schema.getMutationType()!.getFields()).filter((name) => !LONG_JOBS.test(name));
    const tables = (
      await t.db.sql.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")
    )
      .map((r) => r.table_name)
      .filter((name) => !WRITTEN_BY_READS.has(name));
    const sql = tables.map((name) => `SELECT '${name}' AS t, count(*)::int AS n, md5(coalesce(string_agg(md5(x::text), '' ORDER BY md5(x::text)), '')) AS h FROM "${name}" x`).join(' UNION ALL ');
    fingerprint = async () => JSON.stringify(await t.db.sql.query(sql));
    (globalThis as { __fuzzSchema?: unknown }).__fuzzSchema = schema;
  });
  afterAll(async () => {
    await t?.close();
  });

  it(`answers ${IN_PROCESS_RUNS} random and malformed operations in process without a crash, a 5xx, an uncoded error or a write by a refused mutation`, async () => {
    const schema = (globalThis as { __fuzzSchema?: import('graphql').GraphQLSchema }).__fuzzSchema!;
    let baseline = await fingerprint();
    let runs = 0;
    let refusedMutations = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.integer({ min: 0, max: 99 }), async (seed, kind) => {
        runs++;
        const c = new Chaos(seed);
        const op: FuzzOperation =
          kind < 40
            ? schemaShaped(c, schema, mutations)
            : kind < 55
              ? withChaoticVariables(c, [...queryDocuments, ...mutationDocuments])
              : kind < 75
                ? mangled(c, [...queryDocuments, ...mutationDocuments])
                : kind < 88
                  ? pathological(c)
                  : garbage(c);
        const principal = c.pick(PRINCIPALS);
        let answer: Answer;
        try {
          const response = await t.gateway.apollo.executeOperation(
            // The HTTP layer refuses variables that are not an object (tested over HTTP below).
            { query: op.query, variables: isObject(op.variables) ? op.variables : undefined, operationName: typeof op.operationName === 'string' ? op.operationName : undefined },
            { contextValue: t.gateway.context(principal) },
          );
          if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
          answer = { status: response.http.status ?? 200, ...response.body.singleResult } as Answer;
        } catch (error) {
          fail(`threw: ${(error as Error).message}`, op);
          return;
        }
        const problem = problemWith(answer);
        if (problem) fail(problem, op);
        if (!op.mutationField) return;
        const refused = answer.data == null || Object.values(answer.data).every((v) => v === null);
        if (refused) refusedMutations++;
        // Refused before execution (parse, validation, limits): no resolver ran, so state is
        // compared for a sample of these only; always after execution, refused or not.
        const executed = answer.data !== undefined;
        if (!executed && refusedMutations % 10 !== 0) return;
        const after = await fingerprint();
        if (refused && after !== baseline) fail('a refused mutation changed stored data', op);
        baseline = after;
      }),
      { seed: SEED, numRuns: IN_PROCESS_RUNS, endOnFailure: true },
    );
    expect(await fingerprint()).toBe(baseline);
    expect(runs).toBe(IN_PROCESS_RUNS);
    expect(refusedMutations).toBeGreaterThan(1_000);
    expect(Object.fromEntries(failures)).toEqual({});
  }, 180_000);

  it(`answers ${HTTP_RUNS} malformed HTTP requests with 4xx or a coded GraphQL error, never 5xx, and stores nothing`, async () => {
    const before = await fingerprint();
    const server = await listen(t.gateway);
    const tokens = [await signToken(t.gateway.config.auth.secret, ADMIN), 'not-a-token', ''];
    let runs = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.integer(), async (seed) => {
          runs++;
          const c = new Chaos(seed);
          const doc = c.chance(0.4) ? withChaoticVariables(c, queryDocuments) : c.chance(0.5) ? mangled(c, queryDocuments) : c.chance(0.5) ? pathological(c) : garbage(c);
          const envelope: Record<string, unknown> = c.chance(0.85) ? { query: doc.query } : { query: chaoticJson(c) };
          if (doc.variables !== undefined || c.chance(0.2)) envelope.variables = c.chance(0.8) ? doc.variables : chaoticJson(c);
          if (doc.operationName !== undefined || c.chance(0.1)) envelope.operationName = c.chance(0.8) ? doc.operationName : chaoticJson(c);
          if (c.chance(0.05)) envelope.extensions = chaoticJson(c);
          const shape = c.int(0, 19);
          const body = shape === 0 ? doc.query : shape === 1 ? JSON.stringify([envelope, envelope]) : shape === 2 ? JSON.stringify(chaoticJson(c)) : JSON.stringify(envelope);
          const token = c.pick(tokens);
          const headers: Record<string, string> = { 'content-type': c.chance(0.95) ? 'application/json' : c.pick(['text/plain', 'application/graphql', 'application/json; charset=latin1', '']) };
          if (token) headers.authorization = `Bearer ${token}`;
          const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body });
          const text = await response.text();
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            fail(`HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 80)}`, doc);
            return;
          }
          for (const answer of Array.isArray(parsed) ? parsed : [parsed]) {
            const problem = problemWith({ status: response.status, ...(answer as object) });
            if (problem) fail(problem, { ...doc, query: body });
          }
        }),
        { seed: SEED + 1, numRuns: HTTP_RUNS, endOnFailure: true },
      );
    } finally {
      await server.close();
    }
    expect(runs).toBe(HTTP_RUNS);
    expect(await fingerprint()).toBe(before);
    expect(Object.fromEntries(failures)).toEqual({});
  }, 120_000);
});
