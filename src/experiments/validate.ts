import type { Problem } from '../errors.js';
import { ROW_KINDS } from '../recommend/rank/ranking-config.js';
import { MAX_EXPLORATION_SHARE } from '../recommend/rank/validate-config.js';
import { FieldChecker, isRecord } from '../recommend/rules/field-checks.js';
import type { ExperimentDefinition } from './types.js';

export const MIN_VARIANTS = 2;
export const MAX_VARIANTS = 10;
const SHARE_TOLERANCE = 1e-9;
const MAX_NAME = 100;
const MAX_DESCRIPTION = 2_000;
const KEY = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const TREATMENT_FIELDS = ['rankingConfig', 'rows', 'bandit'] as const;
const BANDIT_FIELDS = ['rowOrder', 'explorationShare'] as const;

export interface ValidationContext {
  /** Names of the saved ranking configurations ("default" always exists). */
  rankingConfigs: ReadonlySet<string>;
}

/**
 * Every problem of an experiment as a merchandiser wrote it, with field paths such as
 * "variants[1].share"; an empty list means it may be saved. Optional fields may be null
 * (GraphQL's "left out").
 */
export function validateExperiment(input: unknown, context: ValidationContext): Problem[] {
  const check = new FieldChecker();
  const fields = check.object('input', input, 'an object with name and variants');
  if (!fields) return check.problems;
  if (check.text('name', fields.name, 'text') && (fields.name as string).trim().length > MAX_NAME) {
    check.report('name', `is ${(fields.name as string).trim().length} characters long; the limit is ${MAX_NAME}`);
  }
  if (fields.description != null && (typeof fields.description !== 'string' || fields.description.length > MAX_DESCRIPTION)) {
    check.report('description', `must be text of at most ${MAX_DESCRIPTION} characters`);
  }
  validateVariants(check, fields.variants, context);
  return check.problems;
}

function validateVariants(check: FieldChecker, variants: unknown, context: ValidationContext): void {
  if (!Array.isArray(variants) || variants.length < MIN_VARIANTS || variants.length > MAX_VARIANTS) {
    const found = Array.isArray(variants) ? `${variants.length}` : 'none';
    check.report('variants', `must list ${MIN_VARIANTS} to ${MAX_VARIANTS} variants (the first is the control), got ${found}`);
    return;
  }
  const keys = new Set<string>();
  let shareSum = 0;
  let sharesValid = true;
  variants.forEach((variant, index) => {
    const at = (field: string) => `variants[${index}]${field ? `.${field}` : ''}`;
    const fields = check.object(at(''), variant, 'an object with key, share and treatment');
    if (!fields) {
      sharesValid = false;
      return;
    }
    if (typeof fields.key !== 'string' || !KEY.test(fields.key)) {
      check.report(at('key'), `must be 1–32 lower-case letters, digits, "-" or "_", starting with a letter or digit (e.g. "control"), got ${JSON.stringify(fields.key ?? null)}`);
    } else if (keys.has(fields.key)) {
      check.report(at('key'), `repeats "${fields.key}"; give each variant its own key`);
    } else keys.add(fields.key);
    if (check.number(at('share'), fields.share, { above: 0, max: 1 })) shareSum += fields.share;
    else sharesValid = false;
    validateTreatment(check, at('treatment'), fields.treatment, context);
  });
  if (sharesValid && Math.abs(shareSum - 1) > SHARE_TOLERANCE) {
    check.report('variants', `shares add up to ${Number(shareSum.toFixed(6))}; they must add up to 1 (e.g. 0.5 and 0.5, or 0.9 and 0.1)`);
  }
}

function validateTreatment(check: FieldChecker, field: string, treatment: unknown, context: ValidationContext): void {
  if (treatment == null) return;
  const fields = check.object(field, treatment, 'an object with rankingConfig, rows and/or bandit');
  if (!fields) return;
  check.onlyFields(field, fields, TREATMENT_FIELDS, 'a treatment');
  if (fields.rankingConfig != null && check.text(`${field}.rankingConfig`, fields.rankingConfig, 'a configuration name')) {
    if (!context.rankingConfigs.has(fields.rankingConfig)) {
      check.report(`${field}.rankingConfig`, `no ranking configuration is named "${fields.rankingConfig}"; save it with saveRankingConfig first, or leave it out to use "default"`);
    }
  }
  if (fields.rows != null) check.textList(`${field}.rows`, fields.rows, { maxItems: ROW_KINDS.length, allowed: ROW_KINDS, distinct: true }, 'row kind');
  if (fields.bandit != null) {
    const bandit = check.object(`${field}.bandit`, fields.bandit, 'an object with rowOrder and/or explorationShare');
    if (!bandit) return;
    check.onlyFields(`${field}.bandit`, bandit, BANDIT_FIELDS, 'the bandit settings');
    if (bandit.rowOrder != null) check.boolean(`${field}.bandit.rowOrder`, bandit.rowOrder);
    if (bandit.explorationShare != null) check.number(`${field}.bandit.explorationShare`, bandit.explorationShare, { min: 0, max: MAX_EXPLORATION_SHARE });
  }
}

/** The definition with nulls (GraphQL's "left out") removed; call after validateExperiment passed. */
export function normalizeExperiment(input: ExperimentDefinition): ExperimentDefinition {
  return {
    name: input.name.trim(),
    description: input.description ?? '',
    variants: input.variants.map((variant) => ({ key: variant.key, share: variant.share, treatment: withoutNulls(variant.treatment ?? {}) })),
  };
}

function withoutNulls<T>(value: T): T {
  if (!isRecord(value)) return value;
  const entries = Object.entries(value).filter(([, v]) => v != null).map(([k, v]) => [k, withoutNulls(v)]);
  return Object.fromEntries(entries) as T;
}
