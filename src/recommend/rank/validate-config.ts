import type { Problem } from '../../errors.js';
import { FieldChecker, isRecord } from '../rules/field-checks.js';
import { ROW_KINDS, type RankingConfig } from './ranking-config.js';

const MAX_DAYS = 3_650;
const MAX_WEIGHT = 100;
const MAX_CAP = 100;
// Above the number of kinds so that a repeated kind is reported as such, not as too many rows.
const MAX_ROWS = 20;
export const MAX_SERENDIPITY_SHARE = 0.5;
export const MAX_EXPLORATION_SHARE = 0.5;
// A rate of 1 would hide every ignored product outright: exclusions are what rules are for.
export const MAX_ROTATION_RATE = 0.9;
const MAX_ROTATION_HOURS = 24 * 90;

const TOP_FIELDS = [
  'weights',
  'outOfStock',
  'outOfStockFactor',
  'repurchaseWindowDays',
  'freshnessHalfLifeDays',
  'popularityHalfLifeDays',
  'diversity',
  'serendipityShare',
  'rows',
  'bandit',
  'rotation',
] as const satisfies readonly (keyof RankingConfig)[];
const WEIGHT_FIELDS = ['relevance', 'popularity', 'freshness', 'context'] as const satisfies readonly (keyof RankingConfig['weights'])[];
const DIVERSITY_FIELDS = ['lambda', 'maxPerBrand', 'maxPerCategory'] as const satisfies readonly (keyof RankingConfig['diversity'])[];
const BANDIT_FIELDS = ['rowOrder', 'explorationShare'] as const satisfies readonly (keyof RankingConfig['bandit'])[];
const ROTATION_FIELDS = ['rate', 'hours'] as const satisfies readonly (keyof RankingConfig['rotation'])[];

/**
 * Every problem of a ranking configuration as written, with field paths such as
 * "config.weights.relevance"; an empty list means it may be saved and served.
 */
export function validateRankingConfig(config: unknown, root = 'config'): Problem[] {
  const check = new FieldChecker();
  const fields = check.object(root, config, 'an object with weights, outOfStock, diversity, rows…');
  if (!fields) return check.problems;
  const at = (field: string) => `${root}.${field}`;
  check.onlyFields(root, fields, TOP_FIELDS, 'a ranking configuration');

  const weights = check.object(at('weights'), fields.weights, `an object with ${WEIGHT_FIELDS.join(', ')}`);
  if (weights) {
    check.onlyFields(at('weights'), weights, WEIGHT_FIELDS, 'the weights');
    const valid = WEIGHT_FIELDS.filter((name) => check.number(at(`weights.${name}`), weights[name], { min: 0, max: MAX_WEIGHT }));
    if (valid.length === WEIGHT_FIELDS.length && WEIGHT_FIELDS.every((name) => weights[name] === 0)) {
      check.report(at('weights'), 'are all 0, so every item would score the same; give at least one part a positive weight');
    }
  }

  check.oneOf(at('outOfStock'), fields.outOfStock, ['drop', 'demote'] as const);
  check.number(at('outOfStockFactor'), fields.outOfStockFactor, { min: 0, max: 1 });

  const repurchase = check.object(at('repurchaseWindowDays'), fields.repurchaseWindowDays, 'an object with default and byCategory (days)');
  if (repurchase) {
    check.onlyFields(at('repurchaseWindowDays'), repurchase, ['default', 'byCategory'], 'the repurchase windows');
    check.number(at('repurchaseWindowDays.default'), repurchase.default, { min: 0, max: MAX_DAYS });
    const byCategory = check.object(at('repurchaseWindowDays.byCategory'), repurchase.byCategory, 'an object of category → days, e.g. { "fragrance": 45 }');
    if (byCategory) {
      for (const [category, days] of Object.entries(byCategory)) {
        const field = at(`repurchaseWindowDays.byCategory.${category}`);
        if (category.trim().length === 0) check.report(field, 'the category name is blank');
        else check.number(field, days, { min: 0, max: MAX_DAYS });
      }
    }
  }

  check.number(at('freshnessHalfLifeDays'), fields.freshnessHalfLifeDays, { above: 0, max: MAX_DAYS });
  check.number(at('popularityHalfLifeDays'), fields.popularityHalfLifeDays, { above: 0, max: MAX_DAYS });

  const diversity = check.object(at('diversity'), fields.diversity, `an object with ${DIVERSITY_FIELDS.join(', ')}`);
  if (diversity) {
    check.onlyFields(at('diversity'), diversity, DIVERSITY_FIELDS, 'the diversity settings');
    check.number(at('diversity.lambda'), diversity.lambda, { min: 0, max: 1 });
    check.number(at('diversity.maxPerBrand'), diversity.maxPerBrand, { integer: true, min: 1, max: MAX_CAP });
    check.number(at('diversity.maxPerCategory'), diversity.maxPerCategory, { integer: true, min: 1, max: MAX_CAP });
  }

  check.number(at('serendipityShare'), fields.serendipityShare, { min: 0, max: MAX_SERENDIPITY_SHARE });
  check.textList(at('rows'), fields.rows, { maxItems: MAX_ROWS, allowed: ROW_KINDS, distinct: true }, 'row kind');

  const bandit = check.object(at('bandit'), fields.bandit, `an object with ${BANDIT_FIELDS.join(', ')}`);
  if (bandit) {
    check.onlyFields(at('bandit'), bandit, BANDIT_FIELDS, 'the bandit settings');
    check.boolean(at('bandit.rowOrder'), bandit.rowOrder);
    check.number(at('bandit.explorationShare'), bandit.explorationShare, { min: 0, max: MAX_EXPLORATION_SHARE });
  }

  const rotation = check.object(at('rotation'), fields.rotation, `an object with ${ROTATION_FIELDS.join(', ')}`);
  if (rotation) {
    check.onlyFields(at('rotation'), rotation, ROTATION_FIELDS, 'the rotation settings');
    check.number(at('rotation.rate'), rotation.rate, { min: 0, max: MAX_ROTATION_RATE });
    check.number(at('rotation.hours'), rotation.hours, { above: 0, max: MAX_ROTATION_HOURS });
  }
  return check.problems;
}

/** Whether a value read from storage is a complete, valid configuration. */
export function isRankingConfig(config: unknown): config is RankingConfig {
  return isRecord(config) && validateRankingConfig(config).length === 0;
}
