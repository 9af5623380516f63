import type { BanditSettings, RowKind } from '../recommend/rank/ranking-config.js';

export const EXPERIMENT_STATUSES = ['DRAFT', 'RUNNING', 'PAUSED', 'ENDED'] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

/** Bandit settings a variant lays over its ranking configuration's own. */
export type BanditTreatment = Partial<BanditSettings>;

/** What a variant changes on the home page; anything left out stays as the default serves it. */
export interface Treatment {
  /** A saved ranking configuration's name (its newest version serves). */
  rankingConfig?: string;
  /** Row kinds in order, replacing the configuration's `rows`. */
  rows?: RowKind[];
  bandit?: BanditTreatment;
}

export interface VariantDefinition {
  key: string;
  /** Share of the experiment's shoppers, in (0, 1]. */
  share: number;
  treatment: Treatment;
}

export interface ExperimentDefinition {
  name: string;
  description?: string;
  /** The first variant is the control every other one is compared with. */
  variants: VariantDefinition[];
}
