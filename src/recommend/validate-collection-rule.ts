import type { Problem } from '../errors.js';
import { DEVICES, OCCASIONS, SEASONS } from '../realtime/events.js';
import { TIMES_OF_DAY } from './context.js';
import { FieldChecker } from './rules/field-checks.js';

const WHEN_FIELDS = ['occasions', 'seasons', 'timesOfDay', 'devices', 'regions'] as const;
const MATCH_LISTS = ['categories', 'colours', 'materials', 'brands', 'tags'] as const;
const MAX_VALUES = 100;

/**
 * Every problem of a rule-based collection's rule: `when` (request conditions) and `match`
 * (product conditions). A `match` with no condition would hold the whole catalog, so it is refused.
 */
export function validateCollectionRule(rule: unknown, root = 'rule'): Problem[] {
  const check = new FieldChecker();
  const value = check.object(root, rule, 'an object with "when" and "match"');
  if (!value) return check.problems;
  check.onlyFields(root, value, ['when', 'match'], 'a collection rule');

  const when = value.when === undefined ? {} : check.object(`${root}.when`, value.when, 'an object of request conditions');
  if (when) {
    check.onlyFields(`${root}.when`, when, WHEN_FIELDS, 'a collection rule\'s "when"');
    const allowed = { occasions: OCCASIONS, seasons: SEASONS, timesOfDay: TIMES_OF_DAY, devices: DEVICES } as const;
    for (const field of WHEN_FIELDS) {
      if (when[field] === undefined) continue;
      const options = field === 'regions' ? { maxItems: MAX_VALUES, distinct: true } : { maxItems: MAX_VALUES, distinct: true, allowed: allowed[field] };
      check.textList(`${root}.when.${field}`, when[field], options);
    }
  }

  const match = check.object(`${root}.match`, value.match, 'an object of product conditions');
  if (match) {
    check.onlyFields(`${root}.match`, match, [...MATCH_LISTS, 'priceMin', 'priceMax'], 'a collection rule\'s "match"');
    for (const field of MATCH_LISTS) if (match[field] !== undefined) check.textList(`${root}.match.${field}`, match[field], { maxItems: MAX_VALUES, distinct: true });
    for (const field of ['priceMin', 'priceMax'] as const) if (match[field] !== undefined) check.number(`${root}.match.${field}`, match[field], { min: 0 });
    if (typeof match.priceMin === 'number' && typeof match.priceMax === 'number' && match.priceMin > match.priceMax) {
      check.report(`${root}.match.priceMin`, `${match.priceMin} is above priceMax ${match.priceMax}`);
    }
    if (Object.keys(match).length === 0) check.report(`${root}.match`, 'has no condition and would hold the whole catalog; add categories, brands, colours, materials, tags or a price range');
  }
  return check.problems;
}
