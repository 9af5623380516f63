import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRAW_WINDOW_MS } from '../../src/home/feedback-loop.js';
import type { HomePageResult } from '../../src/home/home-service.js';
import { createTestGateway, RECORD, type TestGateway } from '../support/gateway.js';
import { loadTasteWorld, shopperId } from '../support/taste-world.js';

const HOUR_MS = 3_600_000;
const SAVE = `mutation Save($name: String!, $config: JSONObject!) { saveRankingConfig(name: $name, config: $config) { version } }`;

describe('rotation: products a shopper was shown and ignored score less on later pages', () => {
  let t: TestGateway;
  const userId = shopperId(2, 4);
  // Seven minutes into a draw window, so that "this window" and "before it" are both in reach.
  const now = new Date(Math.floor(Date.now() / DRAW_WINDOW_MS) * DRAW_WINDOW_MS + 7 * 60_000);
  const page = (configName: string, id = userId) => t.gateway.home.homePage({ userId: id, context: null, rows: 3, itemsPerRow: 8, configName, preview: true, now });
  const scores = (result: HomePageResult) => new Map(result.rows.flatMap((row) => row.items.map((item) => [item.productId, item.score] as const)));
  const show = (user: string, productIds: string[], shownAt: Date) =>
    t.db.sql.query(
      `INSERT INTO impressions (page_id, user_id, row_id, row_kind, first_position, product_ids, shown_at) VALUES ($1, $2, 'r', 'POPULAR', 1, $3::text[], $4::timestamp)`,
      [crypto.randomUUID(), user, productIds, shownAt.toISOString()],
    );
  let plain: HomePageResult;
  let shown: string[];

  beforeAll(async () => {
    t = await createTestGateway();
    await loadTasteWorld(t);
    await t.ok(SAVE, { name: 'plain', config: {} });
    await t.ok(SAVE, { name: 'rotating', config: { rotation: { rate: 0.5, hours: 24 } } });
    plain = await page('plain');
    shown = plain.rows[0]!.items.slice(0, 5).map((item) => item.productId);
    const [twice, clickedSince, thisWindow, tooOld, once] = shown;
    await show(userId, [twice!, clickedSince!, once!], new Date(now.getTime() - 3 * HOUR_MS));
    await show(userId, [twice!], new Date(now.getTime() - 2 * HOUR_MS));
    await show(userId, [thisWindow!], new Date(now.getTime() - 2 * 60_000));
    await show(userId, [tooOld!], new Date(now.getTime() - 30 * HOUR_MS));
    await t.ok(RECORD, { events: [{ userId, productId: clickedSince, type: 'CLICK', occurredAt: new Date(now.getTime() - HOUR_MS).toISOString() }] });
    plain = await page('plain');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('halves a score per ignored showing within the hours, and leaves clicked, current-window and older showings alone', async () => {
    const [twice, clickedSince, thisWindow, tooOld, once] = shown;
    const before = scores(plain);
    const rotating = await page('rotating');
    const after = scores(rotating);
    // A product demoted below the row's cut may leave the page: then it is gone, which is the point.
    if (after.has(twice!)) expect(after.get(twice!)).toBeCloseTo(before.get(twice!)! * 0.25, 9);
    if (after.has(once!)) expect(after.get(once!)).toBeCloseTo(before.get(once!)! * 0.5, 9);
    for (const id of [clickedSince!, thisWindow!, tooOld!]) expect(after.get(id), id).toBe(before.get(id));
    const position = (result: HomePageResult, id: string) => result.rows[0]!.items.findIndex((item) => item.productId === id);
    for (const id of [twice!, once!]) expect(position(rotating, id) === -1 || position(rotating, id) > position(plain, id), id).toBe(true);
  });

  it('does not touch anonymous visitors or shoppers without such showings', async () => {
    expect(scores(await page('rotating', shopperId(3, 1)))).toEqual(scores(await page('plain', shopperId(3, 1))));
    const anonymous = { userId: null, context: null, rows: 3, itemsPerRow: 8, preview: true, now };
    expect(scores(await t.gateway.home.homePage({ ...anonymous, configName: 'rotating' }))).toEqual(scores(await t.gateway.home.homePage({ ...anonymous, configName: 'plain' })));
  });

  it('leaves shoppers who opted out of personalization alone', async () => {
    await t.ok(`mutation { setConsent(userId: "${userId}", consent: { personalization: false }) { id } }`);
    expect(scores(await page('rotating'))).toEqual(scores(await page('plain')));
  });
});
