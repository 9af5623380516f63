import { describe, expect, it } from 'vitest';
import { RULE_TYPES, validateRule } from '../../../src/recommend/rules/validate.js';
import type { MerchandisingRule } from '../../../src/recommend/rules/types.js';

const validRules: MerchandisingRule[] = [
  { type: 'PIN', productId: 'p1', position: 1 },
  { type: 'PIN', productId: 'p1', position: 100, scope: { rowKinds: ['TOP_PICKS'], rowIds: ['editorial:icons'], regions: ['Milan'] } },
  { type: 'EXCLUDE', select: { brandIds: ['brand-x'] } },
  { type: 'BOOST', select: { categories: ['tote'], priceMin: 100, priceMax: 2000 }, amount: 1 },
  { type: 'BURY', select: { tags: ['sale'] }, amount: 0.05, scope: {} },
  { type: 'SEPARATE_BRANDS', brandIds: ['brand-a', 'brand-b'] },
  { type: 'ONLY_IN_STOCK', select: { brandIds: ['brand-x'] } },
  { type: 'HIDE_IN_REGIONS', select: { brandIds: ['brand-x'] }, regions: ['Dubai'] },
  { type: 'ASPIRATIONAL_PRICE', maxAboveBand: 0, useOutOfBudgetBrowsing: false },
  { type: 'ASPIRATIONAL_PRICE', maxAboveBand: 10, useOutOfBudgetBrowsing: true },
  { type: 'EXCLUDE', select: { productIds: Array.from({ length: 1000 }, (_, i) => `p${i}`) } },
];

describe('validateRule', () => {
  it.each(validRules.map((rule) => [rule.type, rule] as const))('accepts a valid %s rule', (_type, rule) => {
    expect(validateRule(rule)).toEqual([]);
  });

  it('covers every rule type with a valid example', () => {
    expect(new Set(validRules.map((r) => r.type))).toEqual(new Set(RULE_TYPES));
  });

  it.each<[string, unknown, string, RegExp]>([
    ['not an object', 'PIN', 'rule', /must be an object with a "type" field \(one of PIN, EXCLUDE, .*ASPIRATIONAL_PRICE\), got "PIN"/],
    ['a list', [], 'rule', /got a list/],
    ['no type', { productId: 'p1' }, 'rule.type', /must be one of PIN, EXCLUDE, BOOST, BURY, SEPARATE_BRANDS, ONLY_IN_STOCK, HIDE_IN_REGIONS, ASPIRATIONAL_PRICE, got nothing/],
    ['an unknown type', { type: 'PINN' }, 'rule.type', /got "PINN" \(did you mean PIN\?\)/],
    ['position 0', { type: 'PIN', productId: 'p1', position: 0 }, 'rule.position', /^must be a whole number from 1 to 100, got 0$/],
    ['position 101', { type: 'PIN', productId: 'p1', position: 101 }, 'rule.position', /got 101$/],
    ['a fractional position', { type: 'PIN', productId: 'p1', position: 2.5 }, 'rule.position', /got 2.5$/],
    ['a position as text', { type: 'PIN', productId: 'p1', position: '3' }, 'rule.position', /got "3"$/],
    ['a blank product id', { type: 'PIN', productId: ' ', position: 1 }, 'rule.productId', /must be non-blank product id/],
    ['a misspelt field', { type: 'PIN', productId: 'p1', postion: 2, position: 1 }, 'rule.postion', /is not a field of a PIN rule; did you mean "position"\? allowed fields are type, productId, position, scope/],
    ['amount 0', { type: 'BOOST', select: { brandIds: ['b'] }, amount: 0 }, 'rule.amount', /^must be a number above 0 and at most 1, got 0$/],
    ['amount 1.5', { type: 'BURY', select: { brandIds: ['b'] }, amount: 1.5 }, 'rule.amount', /got 1.5$/],
    ['a missing amount', { type: 'BOOST', select: { brandIds: ['b'] } }, 'rule.amount', /got nothing$/],
    ['an empty selector', { type: 'EXCLUDE', select: {} }, 'rule.select', /has no condition, so it would select every product; add at least one of productIds, brandIds/],
    ['a missing selector', { type: 'EXCLUDE' }, 'rule.select', /must be an object naming the products/],
    ['an empty brand list', { type: 'EXCLUDE', select: { brandIds: [] } }, 'rule.select.brandIds', /lists no brand ids/],
    ['a blank brand id', { type: 'EXCLUDE', select: { brandIds: ['ok', ''] } }, 'rule.select.brandIds[1]', /must be non-blank brand id, got ""/],
    ['a brand id that is not text', { type: 'EXCLUDE', select: { brandIds: [7] } }, 'rule.select.brandIds[0]', /got 7/],
    ['a selector typo', { type: 'EXCLUDE', select: { brandIds: ['x'], colour: ['red'] } }, 'rule.select.colour', /is not a field of a product selector; did you mean "colours"\?/],
    ['too many product ids', { type: 'EXCLUDE', select: { productIds: Array.from({ length: 1001 }, (_, i) => `p${i}`) } }, 'rule.select.productIds', /lists 1001 product ids; the limit is 1000/],
    ['a negative price', { type: 'EXCLUDE', select: { priceMin: -1 } }, 'rule.select.priceMin', /must be a number of at least 0, got -1/],
    ['an inverted price range', { type: 'EXCLUDE', select: { priceMin: 500, priceMax: 100 } }, 'rule.select.priceMin', /500 is above priceMax 100/],
    ['one brand to separate', { type: 'SEPARATE_BRANDS', brandIds: ['a'] }, 'rule.brandIds', /must list exactly two brand ids.*got a list of 1/],
    ['the same brand twice', { type: 'SEPARATE_BRANDS', brandIds: ['a', 'a'] }, 'rule.brandIds', /names "a" twice/],
    ['no regions', { type: 'HIDE_IN_REGIONS', select: { brandIds: ['b'] }, regions: [] }, 'rule.regions', /lists no regions/],
    ['a blank region', { type: 'HIDE_IN_REGIONS', select: { brandIds: ['b'] }, regions: ['Milan', ' '] }, 'rule.regions[1]', /must be non-blank region/],
    ['a scope on HIDE_IN_REGIONS', { type: 'HIDE_IN_REGIONS', select: { brandIds: ['b'] }, regions: ['Milan'], scope: {} }, 'rule.scope', /is not a field of a HIDE_IN_REGIONS rule/],
    ['a negative maxAboveBand', { type: 'ASPIRATIONAL_PRICE', maxAboveBand: -0.1, useOutOfBudgetBrowsing: false }, 'rule.maxAboveBand', /must be a number from 0 to 10, got -0.1/],
    ['a huge maxAboveBand', { type: 'ASPIRATIONAL_PRICE', maxAboveBand: 11, useOutOfBudgetBrowsing: false }, 'rule.maxAboveBand', /got 11/],
    ['a non-boolean flag', { type: 'ASPIRATIONAL_PRICE', maxAboveBand: 1, useOutOfBudgetBrowsing: 'yes' }, 'rule.useOutOfBudgetBrowsing', /must be true or false, got "yes"/],
    ['an unknown row kind', { type: 'PIN', productId: 'p1', position: 1, scope: { rowKinds: ['TOP_PICK'] } }, 'rule.scope.rowKinds[0]', /must be one of TOP_PICKS, .*got "TOP_PICK" \(did you mean TOP_PICKS\?\)/],
    ['a repeated row kind', { type: 'PIN', productId: 'p1', position: 1, scope: { rowKinds: ['TOP_PICKS', 'TOP_PICKS'] } }, 'rule.scope.rowKinds[1]', /repeats "TOP_PICKS"/],
    ['an empty scope region list', { type: 'PIN', productId: 'p1', position: 1, scope: { regions: [] } }, 'rule.scope.regions', /lists no regions; add at least one or leave the field out/],
    ['a scope typo', { type: 'PIN', productId: 'p1', position: 1, scope: { region: ['Milan'] } }, 'rule.scope.region', /did you mean "regions"\?/],
    ['a scope that is not an object', { type: 'PIN', productId: 'p1', position: 1, scope: 'Milan' }, 'rule.scope', /must be an object with rowKinds, rowIds and\/or regions/],
  ])('refuses %s', (_name, rule, field, message) => {
    const problems = validateRule(rule);
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe(field);
    expect(problems[0].message).toMatch(message);
  });

  it('reports every problem of a rule at once', () => {
    const problems = validateRule({ type: 'BOOST', select: { brandIds: [''], colour: ['red'] }, amount: 2, scope: { rowKinds: ['NOPE'] }, extra: true });
    expect(problems.map((p) => p.field).sort()).toEqual(['rule.amount', 'rule.extra', 'rule.scope.rowKinds[0]', 'rule.select.brandIds[0]', 'rule.select.colour'].sort());
  });

  it('prefixes paths with the caller’s root', () => {
    expect(validateRule({ type: 'PIN', productId: 'p1', position: 0 }, 'rules[2].rule')[0].field).toBe('rules[2].rule.position');
  });
});
