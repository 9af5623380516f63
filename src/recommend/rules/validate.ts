import type { Problem } from '../../errors.js';
import { ROW_KINDS } from '../rank/ranking-config.js';
import { describe, FieldChecker } from './field-checks.js';
import type { MerchandisingRule, ProductSelector, RuleScope } from './types.js';

export const RULE_TYPES = [
  'PIN',
  'EXCLUDE',
  'BOOST',
  'BURY',
  'SEPARATE_BRANDS',
  'ONLY_IN_STOCK',
  'HIDE_IN_REGIONS',
  'ASPIRATIONAL_PRICE',
] as const satisfies readonly MerchandisingRule['type'][];

export const MAX_PIN_POSITION = 100;
export const MAX_SELECTED_PRODUCTS = 1_000;
export const MAX_LIST_VALUES = 100;
export const MAX_ABOVE_BAND = 10;

const FIELDS: Record<MerchandisingRule['type'], readonly string[]> = {
  PIN: ['type', 'productId', 'position', 'scope'],
  EXCLUDE: ['type', 'select', 'scope'],
  BOOST: ['type', 'select', 'amount', 'scope'],
  BURY: ['type', 'select', 'amount', 'scope'],
  SEPARATE_BRANDS: ['type', 'brandIds', 'scope'],
  ONLY_IN_STOCK: ['type', 'select', 'scope'],
  HIDE_IN_REGIONS: ['type', 'select', 'regions'],
  ASPIRATIONAL_PRICE: ['type', 'maxAboveBand', 'useOutOfBudgetBrowsing'],
};

const SELECTOR_LISTS = ['productIds', 'brandIds', 'categories', 'colours', 'materials', 'tags'] as const satisfies readonly (keyof ProductSelector)[];
const SELECTOR_FIELDS = [...SELECTOR_LISTS, 'priceMin', 'priceMax'] as const satisfies readonly (keyof ProductSelector)[];
const SCOPE_FIELDS = ['rowKinds', 'rowIds', 'regions'] as const satisfies readonly (keyof RuleScope)[];

/**
 * Every problem of a merchandising rule as written, with field paths such as "rule.position";
 * an empty list means the rule may be stored. Unknown fields are refused so that a misspelt
 * field is reported instead of silently ignored.
 */
export function validateRule(rule: unknown, root = 'rule'): Problem[] {
  const check = new FieldChecker();
  const fields = check.object(root, rule, `an object with a "type" field (one of ${RULE_TYPES.join(', ')})`);
  if (!fields) return check.problems;
  if (!check.oneOf(`${root}.type`, fields.type, RULE_TYPES)) return check.problems;
  const type = fields.type;
  const at = (field: string) => `${root}.${field}`;
  check.onlyFields(root, fields, FIELDS[type], `a ${type} rule`);
  switch (type) {
    case 'PIN':
      check.text(at('productId'), fields.productId, 'product id');
      check.number(at('position'), fields.position, { integer: true, min: 1, max: MAX_PIN_POSITION });
      break;
    case 'BOOST':
    case 'BURY':
      checkSelector(check, at('select'), fields.select);
      check.number(at('amount'), fields.amount, { above: 0, max: 1 });
      break;
    case 'EXCLUDE':
    case 'ONLY_IN_STOCK':
      checkSelector(check, at('select'), fields.select);
      break;
    case 'HIDE_IN_REGIONS':
      checkSelector(check, at('select'), fields.select);
      check.textList(at('regions'), fields.regions, { maxItems: MAX_LIST_VALUES }, 'region');
      break;
    case 'SEPARATE_BRANDS':
      checkBrandPair(check, at('brandIds'), fields.brandIds);
      break;
    case 'ASPIRATIONAL_PRICE':
      check.number(at('maxAboveBand'), fields.maxAboveBand, { min: 0, max: MAX_ABOVE_BAND });
      check.boolean(at('useOutOfBudgetBrowsing'), fields.useOutOfBudgetBrowsing);
      break;
  }
  if (fields.scope !== undefined) checkScope(check, at('scope'), fields.scope);
  return check.problems;
}

function checkSelector(check: FieldChecker, field: string, value: unknown): void {
  const selector = check.object(field, value, `an object naming the products, e.g. { "brandIds": ["brand-x"] }`);
  if (!selector) return;
  check.onlyFields(field, selector, SELECTOR_FIELDS, 'a product selector');
  const conditions = SELECTOR_FIELDS.filter((name) => selector[name] !== undefined);
  if (conditions.length === 0) {
    check.report(field, `has no condition, so it would select every product; add at least one of ${SELECTOR_FIELDS.join(', ')}`);
    return;
  }
  for (const name of SELECTOR_LISTS) {
    if (selector[name] === undefined) continue;
    const maxItems = name === 'productIds' ? MAX_SELECTED_PRODUCTS : MAX_LIST_VALUES;
    check.textList(`${field}.${name}`, selector[name], { maxItems }, LIST_NOUNS[name]);
  }
  const minOk = selector.priceMin === undefined || check.number(`${field}.priceMin`, selector.priceMin, { min: 0 });
  const maxOk = selector.priceMax === undefined || check.number(`${field}.priceMax`, selector.priceMax, { min: 0 });
  if (minOk && maxOk && typeof selector.priceMin === 'number' && typeof selector.priceMax === 'number' && selector.priceMin > selector.priceMax) {
    check.report(`${field}.priceMin`, `${selector.priceMin} is above priceMax ${selector.priceMax}, so nothing would be selected`);
  }
}

const LIST_NOUNS: Record<(typeof SELECTOR_LISTS)[number], string> = {
  productIds: 'product id',
  brandIds: 'brand id',
  categories: 'category',
  colours: 'colour',
  materials: 'material',
  tags: 'tag',
};

function checkScope(check: FieldChecker, field: string, value: unknown): void {
  const scope = check.object(field, value, 'an object with rowKinds, rowIds and/or regions (leave it out to apply everywhere)');
  if (!scope) return;
  check.onlyFields(field, scope, SCOPE_FIELDS, 'a rule scope');
  if (scope.rowKinds !== undefined) check.textList(`${field}.rowKinds`, scope.rowKinds, { maxItems: MAX_LIST_VALUES, allowed: ROW_KINDS, distinct: true }, 'row kind');
  if (scope.rowIds !== undefined) check.textList(`${field}.rowIds`, scope.rowIds, { maxItems: MAX_LIST_VALUES }, 'row id');
  if (scope.regions !== undefined) check.textList(`${field}.regions`, scope.regions, { maxItems: MAX_LIST_VALUES }, 'region');
}

function checkBrandPair(check: FieldChecker, field: string, value: unknown): void {
  if (!Array.isArray(value) || value.length !== 2) {
    const found = Array.isArray(value) ? `a list of ${value.length}` : describe(value);
    check.report(field, `must list exactly two brand ids, e.g. ["brand-a", "brand-b"], got ${found}`);
    return;
  }
  if (!check.textList(field, value, { maxItems: 2 }, 'brand id')) return;
  if (value[0] === value[1]) check.report(field, `names ${describe(value[0])} twice; a brand cannot be kept apart from itself`);
}
