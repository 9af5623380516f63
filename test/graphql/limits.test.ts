import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, sampleProducts, UPSERT, type TestGateway } from '../support/gateway.js';

/** product → collections → pins → product → …: each level adds three to the depth. */
function nestedQuery(levels: number): string {
  let selection = 'id';
  for (let i = 0; i < levels; i++) selection = `id collections { pins { product { ${selection} } } }`;
  return `{ product(id: "tote-1") { ${selection} } }`;
}

describe('query limits', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await createTestGateway();
    await t.ok(UPSERT, { products: sampleProducts });
  });
  afterAll(() => t.close());

  it('rejects a query nested 20 deep with a clear, coded error', async () => {
    const result = await t.run(nestedQuery(7)); // 1 + 7 × 3 = 22 levels
    expect(result.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors?.[0].message).toMatch(/exceeds maximum operation depth of 10/);
  });

  it('accepts ordinary nesting', async () => {
    expect(await t.ok(nestedQuery(2))).toEqual({ product: { id: 'tote-1', collections: [] } });
  });

  it('rejects an operation whose estimated cost is too high', async () => {
    const query = `{ users(first: 100) { nodes { recentInteractions(first: 100) { product { id brand { name } } } } } }`;
    const result = await t.run(query);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxComplexity: 20000 });
    expect(result.errors?.[0].message).toContain('Ask for smaller pages');
  });

  it('rejects a 1 MB query string', async () => {
    const padding = `# ${'x'.repeat(1024 * 1024)}\n`;
    const result = await t.run(`${padding}{ product(id: "tote-1") { id } }`);
    expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_LARGE');
    expect(result.errors?.[0].message).toMatch(/The query text is \d+ bytes; the limit is 100000/);
  });

  it('rejects a document with too many tokens before parsing it all', async () => {
    const fields = Array.from({ length: 20_000 }, () => 'id').join(' ');
    const result = await t.run(`{ product(id: "tote-1") { ${fields} } }`);
    expect(result.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(result.errors?.[0].message).toContain('Document contains more that 10000 tokens');
  });

  it('lets the playground introspect the schema', async () => {
    const data = await t.ok(getIntrospectionQuery());
    const names = (data.__schema.types as { name: string }[]).map((type) => type.name);
    expect(names).toEqual(expect.arrayContaining(['Product', 'ProductConnection', 'InteractionInput', 'RecordInteractionsPayload']));
  });
});
