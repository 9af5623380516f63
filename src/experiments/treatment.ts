import type { RankingConfig } from '../recommend/rank/ranking-config.js';
import type { Treatment } from './types.js';

/**
 * The configuration a variant serves: its own row order, and its bandit settings laid over the
 * configuration's (a variant that only changes exploration keeps the configuration's row-order
 * setting, and the other way round). The configuration name is resolved by the caller.
 */
export function applyTreatment(config: RankingConfig, treatment: Treatment): RankingConfig {
  let served = config;
  if (treatment.rows) served = { ...served, rows: treatment.rows };
  if (treatment.bandit && Object.keys(treatment.bandit).length > 0) served = { ...served, bandit: { ...config.bandit, ...treatment.bandit } };
  return served;
}
