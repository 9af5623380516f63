import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestGateway, RECORD, sampleProducts, UPSERT, type TestGateway } from '../support/gateway.js';

/** Documents the fuzz test found answering with internal errors or 5xx, pinned one by one. */
describe('hostile documents', () => {
  let t: TestGateway;
  const execute = async (query: string, variables?: Record<string, unknown>) => {
    const response = await t.gateway.apollo.executeOperation({ query, variables }, { contextValue: t.gateway.context(ADMIN) });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return { status: response.http.status ?? 200, ...response.body.singleResult };
  };
  const codes = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => result.errors?.map((e) => e.extensions?.code);

  beforeAll(async () => {
    t = await createTestGateway();
    await t.ok(UPSERT, { products: sampleProducts });
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports fragment cycles and unknown fragments as validation errors instead of recursing', async () => {
    const cycle = await execute('query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }');
    expect(cycle.status).toBe(400);
    expect(codes(cycle)).toContain('GRAPHQL_VALIDATION_FAILED');
    const unknown = await execute('query { ...Missing }');
    expect(codes(unknown)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('measures the depth of a document that spreads each fragment twice, thirty levels down', async () => {
    const fragments = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Product { id ${i < 29 ? `...F${i + 1} ...F${i + 1}` : ''} }`).join('\n');
    const result = await execute(`{ product(id: "tote-1") { ...F0 } }\n${fragments}`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ product: { id: 'tote-1' } });
  });

  it('still rejects a deep document built from fragments', async () => {
    const result = await execute(
      '{ product(id: "tote-1") { ...P } } fragment P on Product { collections { pins { product { collections { pins { product { collections { pins { product { collections { slug } } } } } } } } } } }',
    );
    expect(codes(result)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(result.errors?.[0].message).toMatch(/exceeds maximum operation depth of 10/);
  });

  it('refuses NUL characters, in literals and in variables, with BAD_USER_INPUT and writes nothing', async () => {
    const before = await t.db.prisma.interaction.count();
    const literal = await execute('{ product(id: "tote\\u0000") { id } }');
    expect(literal.status).toBe(400);
    expect(codes(literal)).toEqual(['BAD_USER_INPUT']);
    expect(literal.errors?.[0].message).toMatch(/NUL character/);
    const variables = await execute(RECORD, { events: [{ userId: 's-1', productId: 'tote-1', type: 'CLICK', context: { region: 'Mil\u0000an' } }] });
    expect(codes(variables)).toEqual(['BAD_USER_INPUT']);
    const key = await execute('mutation ($c: JSONObject!) { saveRankingConfig(name: "n", config: $c) { version } }', { c: { 'we\u0000ights': {} } });
    expect(codes(key)).toEqual(['BAD_USER_INPUT']);
    expect(await t.db.prisma.interaction.count()).toBe(before);
  });

  it('refuses a document as often as it is sent: what is kept per parsed document stays refused', async () => {
    const nul = '{ product(id: "tote\\u0000") { id } }';
    const aliased = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: product(id: "tote-1") { id }`).join(' ')} }`;
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(codes(await execute(nul))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await execute(aliased))).toEqual(['TOO_MANY_ALIASES']);
    }
    const within = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: product(id: "tote-1") { id }`).join(' ')} }`;
    for (let attempt = 0; attempt < 2; attempt++) expect((await execute(within)).errors).toBeUndefined();
  });

  it('answers an explicit null for a non-null argument with a default as BAD_USER_INPUT, not an internal error', async () => {
    const result = await execute('query ($n: Int = 5) { homeRows(rows: 2, itemsPerRow: $n) { personalized } }', { n: null });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0].message).toMatch(/Argument "itemsPerRow" of non-null type "Int!" must not be null/);
  });

  it('answers an operation over the cost limit with HTTP 400, not 500', async () => {
    const result = await execute('{ products(first: 100000) { nodes { id title brand { name } } } }');
    expect(result.status).toBe(400);
    expect(codes(result)).toEqual(['QUERY_TOO_COMPLEX']);
  });
});
