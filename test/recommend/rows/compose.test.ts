import { describe, expect, it } from 'vitest';
import { DEFAULT_RANKING_CONFIG, type RankingConfig } from '../../../src/recommend/rank/ranking-config.js';
import { composeHomePage, pageRow, usualOf, type ComposeInput, type HomeRow } from '../../../src/recommend/rows/compose.js';
import type { StoredRule } from '../../../src/recommend/rules/types.js';
import type { HistoryEvent, ShopperProfile } from '../../../src/recommend/types.js';
import { anonymous, contextOf, DAY_MS, item, NOW, shopper, signalsOf } from '../sources/fixture.js';
import { buildWorld } from './world.js';

const world = buildWorld();
const ITEMS_PER_ROW = 8;
const viewed = (productId: string, minutesAgo: number, type: HistoryEvent['type'] = 'VIEW'): HistoryEvent => ({
  productId,
  type,
  occurredAt: new Date(NOW.getTime() - minutesAgo * 60_000),
});
const regular = shopper(world.vectors.get('p010')!, {
  region: 'Milan',
  history: [viewed('p042', 5), viewed('p010', 60, 'WISHLIST'), viewed('p011', 90, 'SKIP')],
  favouriteBrandIds: ['brand-3'],
});
const milanEvening = contextOf({ region: 'Milan', occasion: 'EVENING', timeOfDay: 'evening' });

function compose(overrides: Partial<ComposeInput> = {}): Promise<HomeRow[]> {
  return composeHomePage({
    profile: anonymous(),
    context: milanEvening,
    signals: world.signals,
    config: DEFAULT_RANKING_CONFIG,
    rules: [],
    rows: 6,
    itemsPerRow: ITEMS_PER_ROW,
    depth: 24,
    ...overrides,
  });
}

const visible = (page: HomeRow[]) => page.flatMap((row) => row.items.slice(0, ITEMS_PER_ROW).map((i) => i.productId));
const everything = (page: HomeRow[]) => page.flatMap((row) => row.items.map((i) => i.productId));

function expectWellFormed(page: HomeRow[], rows = 6): void {
  expect(page).toHaveLength(rows);
  const shown = visible(page);
  expect(new Set(shown).size).toBe(shown.length);
  for (const row of page) {
    expect(row.items.length).toBeGreaterThanOrEqual(ITEMS_PER_ROW);
    expect(new Set(row.items.map((i) => i.productId)).size).toBe(row.items.length);
    expect(row.title).not.toBe('');
    expect(row.reason).not.toBe('');
  }
  expect(new Set(page.map((r) => r.id)).size).toBe(page.length);
}

describe('composeHomePage for a known shopper', () => {
  it('follows the configured rows, names the anchor, and shows no product twice', async () => {
    const page = await compose({ profile: regular });
    expectWellFormed(page);
    expect(page.map((r) => r.id)).toEqual([
      'top-picks',
      'because-you-viewed:p042',
      'collection:evening-in-milan',
      'trending:Milan',
      'new-arrivals',
      'collection:the-icons',
    ]);
    const because = page[1];
    expect(because.title).toBe(`Because you viewed the ${world.items[42].title}`);
    expect(everything([because])).not.toContain('p042');
    expect(page[4].title).toBe('New arrivals for you');
  });

  it('leaves out dismissed products and recent purchases, and keeps the page full', async () => {
    const before = await compose({ profile: regular });
    const [dismissed, bought] = [visible(before).slice(0, 10), visible(before).slice(10, 20)];
    const purchasedAt = new Map(bought.map((id) => [id, new Date(NOW.getTime() - DAY_MS)]));
    const page = await compose({ profile: { ...regular, dismissed: new Set(dismissed), purchasedAt } });
    expectWellFormed(page);
    const shown = new Set(everything(page));
    expect([...dismissed, ...bought].filter((id) => shown.has(id))).toEqual([]);
  });

  it('is the same page every time for the same input', async () => {
    expect(await compose({ profile: regular })).toEqual(await compose({ profile: regular }));
  });
});

describe('composeHomePage without personalisation', () => {
  const nonPersonal = ['top-picks', 'because-you-viewed'];

  it('gives an anonymous visitor a full page of non-personalised rows', async () => {
    const page = await compose();
    expectWellFormed(page);
    expect(page.map((r) => r.id.split(':')[0]).filter((id) => nonPersonal.includes(id))).toEqual([]);
    expect(page.map((r) => r.id)).toContain('trending:Milan');
    expect(page.find((r) => r.id === 'new-arrivals')?.title).toBe('New arrivals');
    expect(page.flatMap((r) => r.items).every((i) => !i.serendipitous)).toBe(true);
  });

  it('gives a full page when no model serves, even to a shopper with history', async () => {
    const signals = signalsOf({ items: world.items, popularity: world.popularity, collections: world.collections });
    const noModel: ShopperProfile = { ...regular, personalized: false, vector: null };
    const page = await compose({ profile: noModel, signals, context: contextOf({ region: 'Oslo', timeOfDay: 'morning' }) });
    expectWellFormed(page);
    // No collection applies in the morning in Oslo, and Oslo has too little data for its own trend.
    expect(page.map((r) => r.id).slice(0, 5)).toEqual(['trending:global', 'new-arrivals', 'collection:the-icons', 'collection:gift-edit', 'popular']);
    const byCategory = page[5];
    expect(byCategory.id).toMatch(/^popular:/);
    const category = byCategory.id.slice('popular:'.length);
    expect(byCategory.title).toMatch(/^Popular in /);
    expect(byCategory.items.every((i) => world.signals.catalog.get(i.productId)?.category === category)).toBe(true);
  });

  it('returns the rows a tiny catalog allows, without repeating products', async () => {
    const items = Array.from({ length: 10 }, (_, i) => item(`t${i}`, { launchedAt: NOW.getTime() - (i + 1) * DAY_MS, brandId: `b${i}` }));
    const signals = signalsOf({ items, popularity: { global: items.map((i) => i.id) } });
    const page = await compose({ signals, itemsPerRow: 4, depth: 4 });
    expect(page.length).toBeGreaterThan(0);
    expect(page.length).toBeLessThan(6);
    const shown = page.flatMap((row) => row.items.slice(0, 4).map((i) => i.productId));
    expect(new Set(shown).size).toBe(shown.length);
  });
});

describe('contextual collections on the page', () => {
  it('show "Evening in Milan" on an evening in Milan, and not in the morning', async () => {
    const evening = await compose({ context: milanEvening });
    expect(evening.find((r) => r.id === 'collection:evening-in-milan')?.title).toBe('Evening in Milan');
    const morning = await compose({ context: { ...milanEvening, timeOfDay: 'morning' } });
    expect(morning.map((r) => r.id)).not.toContain('collection:evening-in-milan');
    const winter = await compose({ context: { ...milanEvening, timeOfDay: 'morning', season: 'WINTER' } });
    expect(winter.map((r) => r.id)).toContain('collection:winter-cashmere');
  });

  it("hold a collection's pinned product at its slot", async () => {
    const config: RankingConfig = { ...DEFAULT_RANKING_CONFIG, rows: ['EDITORIAL_COLLECTION'] };
    const [icons] = await compose({ config, rows: 1 });
    expect(icons.id).toBe('collection:the-icons');
    expect(icons.items[0]).toMatchObject({ productId: 'p398', reason: { code: 'PINNED' } });
  });
});

describe('merchandising rules on the page', () => {
  it('never repeat a product already visible in an earlier row, even when pinned', async () => {
    const first = await compose();
    const alreadyShown = first[0].items[0].productId;
    const rules: StoredRule[] = [
      { id: 'r1', name: 'hero', active: true, startsAt: null, endsAt: null, rule: { type: 'PIN', productId: alreadyShown, position: 1 } },
    ];
    const page = await compose({ rules });
    expectWellFormed(page);
    expect(page[0].items[0].productId).toBe(alreadyShown);
    expect(page.slice(1).flatMap((r) => r.items.map((i) => i.productId))).not.toContain(alreadyShown);
  });
});

describe('pageRow', () => {
  it('pages deeper into a row without gaps or overlaps, continuing the first page', async () => {
    const page = await compose({ profile: regular });
    const row = page[2];
    const first = pageRow(page, row.id, ITEMS_PER_ROW)!;
    expect(first.items).toEqual(row.items.slice(0, ITEMS_PER_ROW));
    const collected = [...first.items];
    let cursor = first.pageInfo.endCursor;
    let hasNext = first.pageInfo.hasNextPage;
    while (hasNext) {
      // The row is recomposed for every request, as the gateway does.
      const next = pageRow(await compose({ profile: regular }), row.id, 5, cursor)!;
      expect(next.pageInfo.hasPreviousPage).toBe(true);
      collected.push(...next.items);
      cursor = next.pageInfo.endCursor;
      hasNext = next.pageInfo.hasNextPage;
    }
    expect(collected).toEqual(row.items);
  });

  it('knows no unknown row, and refuses a cursor it did not make', async () => {
    const page = await compose();
    expect(pageRow(page, 'top-picks', 5)).toBeNull();
    expect(() => pageRow(page, page[0].id, 5, 'bm9wZQ')).toThrow(/after/);
    expect(pageRow(page, page[0].id, 0)?.items).toEqual([]);
  });
});

describe('usualOf', () => {
  it("collects the brands and categories of the shopper's positive events and favourites", () => {
    const usual = usualOf(regular, world.signals.catalog);
    const [p042, p010, p011] = [world.items[42], world.items[10], world.items[11]];
    expect(usual.brandIds).toEqual(new Set(['brand-3', p042.brandId, p010.brandId]));
    expect(usual.categories).toEqual(new Set([p042.category, p010.category]));
    expect(usual.categories.has(p011.category) && p011.category !== p042.category && p011.category !== p010.category).toBe(false);
  });
});
