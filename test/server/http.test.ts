import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../src/gateway.js';
import { createTestGateway, sampleProducts, UPSERT, type TestGateway } from '../support/gateway.js';

describe('HTTP surface', () => {
  let t: TestGateway;
  let server: Awaited<ReturnType<typeof listen>>;
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  beforeAll(async () => {
    t = await createTestGateway({ env: { PORT: '0' } });
    await t.ok(UPSERT, { products: sampleProducts });
    server = await listen(t.gateway);
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });

  it('answers GraphQL over HTTP', async () => {
    const response = await post({ query: '{ products(first: 2) { nodes { id brand { name } } } }' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { products: { nodes: [{ id: 'coat-1', brand: { name: 'Castellane' } }, { id: 'loafer-1', brand: { name: 'Castellane' } }] } } });
  });

  it('tells every cache not to keep GraphQL answers, which are personal', async () => {
    const answered = await post({ query: '{ products(first: 1) { nodes { id } } }' });
    const refused = await post({ query: '{ products(first: -1) { nodes { id } } }' });
    expect(refused.status).toBe(200);
    expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect([answered.headers.get('cache-control'), refused.headers.get('cache-control')]).toEqual(['no-store', 'no-store']);
  });

  it('reports health with the storage backend', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: t.db.kind });
  });

  it('serves the playground from local assets only', async () => {
    const response = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('GraphiQL');
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThanOrEqual(4);
    for (const url of urls) {
      expect(url.startsWith('/')).toBe(true);
      const asset = await fetch(`${server.url}${url}`);
      expect(asset.status, url).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, url).toBeGreaterThan(1000);
    }
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('answers a request body over the size limit with 413 and a coded error', async () => {
    const response = await post({ query: `# ${'x'.repeat(2 * 1024 * 1024)}\n{ __typename }` });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ errors: [{ message: expect.stringContaining('larger than'), extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
  });

  it('answers malformed JSON with 400 and a coded error', async () => {
    const response = await post('{"query": ');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('answers invalid variables with 400 and BAD_USER_INPUT', async () => {
    const response = await post({ query: UPSERT, variables: { products: [{ ...sampleProducts[0], season: 'MONSOON' }] } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
