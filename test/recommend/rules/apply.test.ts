import { describe, expect, it } from 'vitest';
import { applyRules, selects } from '../../../src/recommend/rules/apply.js';
import type { MerchandisingRule, StoredRule } from '../../../src/recommend/rules/types.js';
import type { RankedItem, ShopperProfile } from '../../../src/recommend/types.js';
import { catalogOf, context, DAY, item, NOW, profile, ranked } from '../rank/fixtures.js';

const catalog = catalogOf([
  item('p1', { brandId: 'alpha', category: 'tote', price: 800 }),
  item('p2', { brandId: 'beta', category: 'pump', price: 1200, tags: ['Evening'] }),
  item('p3', { brandId: 'alpha', category: 'scarf', price: 300, stockStatus: 'OUT_OF_STOCK' }),
  item('p4', { brandId: 'gamma', category: 'tote', price: 2500 }),
  item('p5', { brandId: 'beta', category: 'ring', price: 4000, stockStatus: 'PREORDER' }),
  item('p6', { brandId: 'delta', category: 'belt', price: 500 }),
  item('p7', { brandId: 'alpha', category: 'belt', price: 9000 }),
  item('p8', { brandId: 'gamma', category: 'pump', price: 650 }),
]);
const ROW = { id: 'top', kind: 'TOP_PICKS' as const };
const row = (...ids: string[]) => ids.map((id, i) => ranked(id, 1 - i / 10));
const ids = (items: readonly RankedItem[]) => items.map((r) => r.productId);

let counter = 0;
function stored(rule: MerchandisingRule, overrides: Partial<StoredRule> = {}): StoredRule {
  return { id: `r${++counter}`, name: 'rule', rule, active: true, startsAt: null, endsAt: null, ...overrides };
}

function apply(items: RankedItem[], rules: StoredRule[], options: { profile?: ShopperProfile; region?: string | null; onPage?: Set<string>; rowRef?: typeof ROW | { id: string; kind: 'TRENDING_IN_REGION' } } = {}) {
  return applyRules(options.rowRef ?? ROW, items, {
    rules,
    catalog,
    profile: options.profile ?? profile({ region: null }),
    context: context({ region: options.region ?? null }),
    onPage: options.onPage ?? new Set(),
  });
}

describe('selects', () => {
  it('needs every listed condition, one value each, ignoring case for attributes', () => {
    const p2 = catalog.get('p2')!;
    expect(selects({ brandIds: ['beta', 'gamma'] }, p2)).toBe(true);
    expect(selects({ brandIds: ['beta'], categories: ['Pump'] }, p2)).toBe(true);
    expect(selects({ brandIds: ['beta'], categories: ['tote'] }, p2)).toBe(false);
    expect(selects({ tags: ['evening'] }, p2)).toBe(true);
    expect(selects({ priceMin: 1000, priceMax: 1200 }, p2)).toBe(true);
    expect(selects({ priceMax: 1199 }, p2)).toBe(false);
    expect(selects({ productIds: ['p2'] }, p2)).toBe(true);
  });

  it('selects nothing without a condition', () => {
    expect(selects({}, catalog.get('p1')!)).toBe(false);
  });
});

describe('applyRules', () => {
  it('returns the row unchanged (but without duplicates) when no rule applies', () => {
    const items = [...row('p1', 'p2'), ranked('p1', 0.1)];
    expect(ids(apply(items, []))).toEqual(['p1', 'p2']);
  });

  it('EXCLUDE removes the selected products and keeps the order of the rest', () => {
    expect(ids(apply(row('p1', 'p2', 'p3', 'p4'), [stored({ type: 'EXCLUDE', select: { brandIds: ['alpha'] } })]))).toEqual(['p2', 'p4']);
  });

  it('HIDE_IN_REGIONS hides in the listed regions only, using the shopper region when the request has none', () => {
    const hide = stored({ type: 'HIDE_IN_REGIONS', select: { brandIds: ['beta'] }, regions: ['Dubai'] });
    const items = row('p1', 'p2', 'p5');
    expect(ids(apply(items, [hide], { region: 'dubai' }))).toEqual(['p1']);
    expect(ids(apply(items, [hide], { profile: profile({ region: 'Dubai' }) }))).toEqual(['p1']);
    expect(ids(apply(items, [hide], { region: 'Milan', profile: profile({ region: 'Dubai' }) }))).toEqual(['p1', 'p2', 'p5']);
    expect(ids(apply(items, [hide]))).toEqual(['p1', 'p2', 'p5']);
  });

  it('ONLY_IN_STOCK removes selected products that cannot be bought now (pre-orders included)', () => {
    const rule = stored({ type: 'ONLY_IN_STOCK', select: { brandIds: ['beta'] } });
    expect(ids(apply(row('p1', 'p2', 'p3', 'p5'), [rule]))).toEqual(['p1', 'p2', 'p3']);
  });

  it('BOOST and BURY add up in score and breakdown.rules, then the row is re-sorted stably', () => {
    const items = row('p1', 'p2', 'p3', 'p4'); // scores 1, 0.9, 0.8, 0.7
    const result = apply(items, [
      stored({ type: 'BOOST', select: { categories: ['tote'] }, amount: 0.25 }),
      stored({ type: 'BOOST', select: { brandIds: ['gamma'] }, amount: 0.05 }),
      stored({ type: 'BURY', select: { brandIds: ['alpha'] }, amount: 0.2 }),
    ]);
    // p1: 1 + 0.25 − 0.2 = 1.05; p4: 0.7 + 0.25 + 0.05 = 1.0; p3: 0.8 − 0.2 = 0.6.
    expect(ids(result)).toEqual(['p1', 'p4', 'p2', 'p3']);
    const byId = new Map(result.map((r) => [r.productId, r]));
    expect(byId.get('p1')!.score).toBeCloseTo(1.05, 12);
    expect(byId.get('p1')!.breakdown.rules).toBeCloseTo(0.05, 12);
    expect(byId.get('p4')!.breakdown.rules).toBeCloseTo(0.3, 12);
    expect(byId.get('p3')!.breakdown.rules).toBeCloseTo(-0.2, 12);
    expect(byId.get('p2')!.breakdown.rules).toBe(0);
    const tie = apply([ranked('p6', 0.5), ranked('p2', 0.4)], [stored({ type: 'BOOST', select: { productIds: ['p2'] }, amount: 0.1 })]);
    expect(ids(tie)).toEqual(['p6', 'p2']);
  });

  it('SEPARATE_BRANDS moves an item down to the first slot away from the other brand', () => {
    const rule = stored({ type: 'SEPARATE_BRANDS', brandIds: ['alpha', 'beta'] });
    // alpha p1, beta p2, alpha p3, gamma p4, gamma p8, beta p5
    const result = ids(apply(row('p1', 'p2', 'p3', 'p4', 'p8', 'p5'), [rule]));
    // p2 cannot follow p1, nor p3 (alpha): it waits until after p4.
    expect(result).toEqual(['p1', 'p3', 'p4', 'p2', 'p8', 'p5']);
    const brands = result.map((id) => catalog.get(id)!.brandId);
    for (let i = 1; i < brands.length; i++) expect([brands[i - 1], brands[i]].sort().join()).not.toBe('alpha,beta');
  });

  it('SEPARATE_BRANDS leaves out an item that fits nowhere below', () => {
    const rule = stored({ type: 'SEPARATE_BRANDS', brandIds: ['alpha', 'beta'] });
    expect(ids(apply(row('p1', 'p4', 'p2', 'p3'), [rule]))).toEqual(['p1', 'p4', 'p2']);
  });

  describe('ASPIRATIONAL_PRICE', () => {
    const history = (entries: [string, 'VIEW' | 'PURCHASE' | 'ADD_TO_CART'][]) => entries.map(([productId, type], i) => ({ productId, type, occurredAt: new Date(NOW.getTime() - i * DAY) }));
    const items = row('p1', 'p2', 'p4', 'p5', 'p7');
    const rule = (useOutOfBudgetBrowsing: boolean) => stored({ type: 'ASPIRATIONAL_PRICE', maxAboveBand: 0.5, useOutOfBudgetBrowsing });

    it('removes items above the observed band top by more than maxAboveBand', () => {
      // bought at 800 and 1200 → band top 1200, ceiling 1800.
      const buyer = profile({ history: history([['p1', 'PURCHASE'], ['p2', 'ADD_TO_CART']]) });
      expect(ids(apply(items, [rule(false)], { profile: buyer }))).toEqual(['p1', 'p2']);
    });

    it('counts browsing of expensive items only when the rule allows it and the shopper consented', () => {
      const events = history([['p1', 'PURCHASE'], ['p7', 'VIEW']]);
      const consenting = profile({ history: events, aspirationalConsent: true });
      const refusing = profile({ history: events, aspirationalConsent: false });
      // With browsing: prices 800 and 9000 → top 9000, everything up to 13,500 stays.
      expect(ids(apply(items, [rule(true)], { profile: consenting }))).toEqual(ids(items));
      // Without: only the purchase at 800 counts → ceiling 1200.
      expect(ids(apply(items, [rule(true)], { profile: refusing }))).toEqual(['p1', 'p2']);
      expect(ids(apply(items, [rule(false)], { profile: consenting }))).toEqual(['p1', 'p2']);
    });

    it('uses the stated band when it is higher, and does nothing when no band is known', () => {
      const stated = profile({ statedPriceBand: { min: null, max: 2000 }, history: history([['p1', 'PURCHASE']]) });
      expect(ids(apply(items, [rule(false)], { profile: stated }))).toEqual(['p1', 'p2', 'p4']);
      expect(ids(apply(items, [rule(false)], { profile: profile() }))).toEqual(ids(items));
    });
  });

  describe('PIN', () => {
    const pin = (productId: string, position: number, extra: Partial<Extract<MerchandisingRule, { type: 'PIN' }>> = {}) =>
      stored({ type: 'PIN', productId, position, ...extra });

    it('inserts a product that was not a candidate at its slot, keeping the row length', () => {
      const result = apply(row('p1', 'p2', 'p3', 'p4'), [pin('p6', 2)]);
      expect(ids(result)).toEqual(['p1', 'p6', 'p2', 'p3']);
      expect(result[1].reason).toEqual({ code: 'PINNED' });
      expect(result[1].score).toBe(result[2].score);
      expect(result[1].breakdown.rules).toBe(result[1].score);
    });

    it('moves a product already in the row and records the change in breakdown.rules', () => {
      const result = apply(row('p1', 'p2', 'p3', 'p4'), [pin('p4', 1)]);
      expect(ids(result)).toEqual(['p4', 'p1', 'p2', 'p3']);
      expect(result[0].score).toBe(1);
      expect(result[0].breakdown.rules).toBeCloseTo(1 - 0.7, 12);
    });

    it('clamps a position past the end to the end of the row', () => {
      expect(ids(apply(row('p1', 'p2'), [pin('p6', 50)]))).toEqual(['p1', 'p6']);
      expect(ids(apply([], [pin('p6', 3)]))).toEqual(['p6']);
    });

    it('does not pin a product that is excluded, hidden, unknown, dismissed or already on the page', () => {
      const items = row('p1', 'p2', 'p3');
      expect(ids(apply(items, [pin('p6', 1), stored({ type: 'EXCLUDE', select: { brandIds: ['delta'] } })]))).toEqual(['p1', 'p2', 'p3']);
      expect(ids(apply(items, [pin('nope', 1)]))).toEqual(['p1', 'p2', 'p3']);
      expect(ids(apply(items, [pin('p6', 1)], { profile: profile({ region: null, dismissed: new Set(['p6']) }) }))).toEqual(['p1', 'p2', 'p3']);
      expect(ids(apply(items, [pin('p6', 1)], { onPage: new Set(['p6']) }))).toEqual(['p1', 'p2', 'p3']);
    });

    it('gives a contested slot to the rule listed first and the next slot to the other', () => {
      const result = apply(row('p1', 'p2', 'p3', 'p4'), [pin('p6', 2), pin('p8', 2), pin('p6', 4)]);
      expect(ids(result)).toEqual(['p1', 'p6', 'p8', 'p2']);
      expect(new Set(ids(result)).size).toBe(4);
    });

    it('wins over boosts, and separation never moves a pinned item', () => {
      const result = apply(row('p1', 'p2', 'p4', 'p8', 'p6'), [
        stored({ type: 'BOOST', select: { productIds: ['p6'] }, amount: 1 }),
        pin('p3', 2),
        stored({ type: 'SEPARATE_BRANDS', brandIds: ['alpha', 'beta'] }),
      ]);
      // p6 boosted to the top; p3 (alpha) pinned at 2; p1 (alpha) and p2 (beta) must not touch.
      expect(result[1].productId).toBe('p3');
      expect(result[0].productId).toBe('p6');
      const brands = ids(result).map((id) => catalog.get(id)!.brandId);
      for (let i = 1; i < brands.length; i++) expect([brands[i - 1], brands[i]].sort().join()).not.toBe('alpha,beta');
    });
  });

  describe('scoping and time windows', () => {
    const exclude = (extra: Partial<StoredRule> = {}, scope?: object) => stored({ type: 'EXCLUDE', select: { productIds: ['p1'] }, ...(scope ? { scope } : {}) } as MerchandisingRule, extra);
    const items = row('p1', 'p2');
    const applies = (rule: StoredRule, options: Parameters<typeof apply>[2] = {}) => !ids(apply(items, [rule], options)).includes('p1');

    it.each([
      ['no scope', undefined, true],
      ['this row kind', { rowKinds: ['TOP_PICKS'] }, true],
      ['another row kind', { rowKinds: ['TRENDING_IN_REGION'] }, false],
      ['this row id', { rowIds: ['top'] }, true],
      ['another row id with this kind', { rowIds: ['other'], rowKinds: ['TOP_PICKS'] }, true],
      ['another row id', { rowIds: ['other'] }, false],
      ['this region', { regions: ['MILAN'] }, true],
      ['another region', { regions: ['Paris'] }, false],
    ])('a rule scoped to %s applies: %s', (_name, scope, expected) => {
      expect(applies(exclude({}, scope), { region: 'Milan' })).toBe(expected);
    });

    it('needs a known region for a regional rule', () => {
      expect(applies(exclude({}, { regions: ['Milan'] }))).toBe(false);
    });

    it.each([
      ['inactive', { active: false }, false],
      ['not started', { startsAt: new Date(NOW.getTime() + 1) }, false],
      ['started', { startsAt: NOW }, true],
      ['ended', { endsAt: NOW }, false],
      ['not ended', { endsAt: new Date(NOW.getTime() + DAY), startsAt: new Date(NOW.getTime() - DAY) }, true],
    ])('a rule that is %s applies: %s', (_name, window, expected) => {
      expect(applies(exclude(window))).toBe(expected);
    });
  });

  it('is deterministic and never repeats a product', () => {
    const rules = [
      stored({ type: 'BOOST', select: { categories: ['belt'] }, amount: 0.3 }),
      stored({ type: 'PIN', productId: 'p8', position: 3 }),
      stored({ type: 'PIN', productId: 'p2', position: 1 }),
      stored({ type: 'SEPARATE_BRANDS', brandIds: ['alpha', 'gamma'] }),
    ];
    const items = [...row('p1', 'p2', 'p3', 'p4', 'p6', 'p7', 'p8'), ranked('p2', 0.05)];
    const first = apply(items, rules);
    expect(apply(items, rules)).toEqual(first);
    expect(new Set(ids(first)).size).toBe(first.length);
  });
});
