import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import { createTestGateway, RECORD, sampleProducts, UPSERT, type TestGateway } from '../support/gateway.js';

const shopper = (id: string): { as: Principal } => ({ as: { role: 'SHOPPER', subject: id } });
const merchandiser: { as: Principal } = { as: { role: 'MERCHANDISER', subject: 'mia' } };
const HOME = `query ($userId: ID) { homeRows(userId: $userId, rows: 4, itemsPerRow: 5) { rows { items { product { id } } } } }`;
const productsOn = (page: { homeRows: { rows: { items: { product: { id: string } }[] }[] } }) => page.homeRows.rows.flatMap((r) => r.items.map((i) => i.product.id));

describe('access policy: what each role sees', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await createTestGateway();
    await t.ok(UPSERT, { products: sampleProducts });
    await t.ok(RECORD, {
      events: [
        { userId: 's-dismisser', productId: 'tote-1', type: 'DISMISS' },
        { userId: 's-open', productId: 'tote-2', type: 'VIEW' },
        { userId: 's-closed', productId: 'tote-2', type: 'VIEW' },
      ],
    });
    await t.db.sql.query(`UPDATE users SET consent_personalization = false WHERE id = 's-closed'`);
  });
  afterAll(() => t?.close());

  it('gives a shopper who leaves userId out their own page', async () => {
    expect(productsOn(await t.ok(HOME, {}, { as: null }))).toContain('tote-1');
    expect(productsOn(await t.ok(HOME, {}, shopper('s-dismisser'))), 'their dismissal applies: it is their page').not.toContain('tote-1');
  });

  it('lists only consenting shoppers to a merchandiser, everyone to an admin', async () => {
    const USERS = '{ users(first: 50) { totalCount nodes { id } } }';
    expect((await t.ok(USERS, {}, merchandiser)).users).toEqual({ totalCount: 2, nodes: [{ id: 's-dismisser' }, { id: 's-open' }] });
    expect((await t.ok(USERS)).users.totalCount).toBe(3);
  });

  it('denies a merchandiser preview of a non-consenting shopper and of an unknown one alike, so existence does not leak', async () => {
    const closed = await t.run(HOME, { userId: 's-closed' }, merchandiser);
    const unknown = await t.run(HOME, { userId: 's-never-seen' }, merchandiser);
    expect(closed.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(unknown.errors).toEqual(closed.errors);
    expect((await t.run(HOME, { userId: 's-open' }, merchandiser)).errors).toBeUndefined();
  });

  it('shows a shopper\'s details only to whom may see them, wherever a User is reached', async () => {
    const storefront: { as: Principal } = { as: { role: 'STOREFRONT', subject: 'web' } };
    await t.ok(RECORD, { events: [{ userId: 'anon-merge', productId: 'scarf-1', type: 'CLICK' }] }, storefront);
    const merged = await t.run(
      'mutation { mergeShoppers(fromId: "anon-merge", intoId: "s-open") { intoId shopper { id region } } }',
      {},
      storefront,
    );
    expect(merged.data).toEqual({ mergeShoppers: { intoId: 's-open', shopper: { id: 's-open', region: null } } });
    expect(merged.errors).toEqual([expect.objectContaining({ path: ['mergeShoppers', 'shopper', 'region'], extensions: { code: 'FORBIDDEN' } })]);

    const INTERACTION_OWNERS = '{ user(id: "s-open") { recentInteractions(first: 5) { user { id consent { personalization } } } } }';
    expect((await t.ok(INTERACTION_OWNERS, {}, merchandiser)).user.recentInteractions[0].user).toEqual({ id: 's-open', consent: { personalization: true } });
    expect((await t.ok(INTERACTION_OWNERS, {}, shopper('s-open'))).user.recentInteractions[0].user.id).toBe('s-open');
  });

  it('denies a shopper another shopper\'s data whether or not that shopper exists', async () => {
    const existing = await t.run('{ user(id: "s-open") { id } }', {}, shopper('s-dismisser'));
    const missing = await t.run('{ user(id: "s-never-seen") { id } }', {}, shopper('s-dismisser'));
    expect(existing).toEqual(missing);
    expect(existing.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: "A shopper token may only read or change its own shopper's data." });
  });
});
