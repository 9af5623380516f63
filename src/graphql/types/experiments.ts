import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { EXPERIMENT_STATUSES, type ExperimentStatus } from '../../experiments/types.js';
import type { RowKind } from '../../recommend/rank/ranking-config.js';
import { RowKindEnum } from './home.js';

export const ExperimentStatusEnum = Object.fromEntries(EXPERIMENT_STATUSES.map((s) => [s, s])) as { [S in ExperimentStatus]: S };
registerEnumType(ExperimentStatusEnum, {
  name: 'ExperimentStatus',
  description: 'DRAFT (editable, serves nobody) → RUNNING ⇄ PAUSED → ENDED. Only RUNNING experiments assign shoppers.',
});

@InputType({ description: 'Bandit settings laid over the ranking configuration\'s own; fields left out keep its values.' })
export class BanditTreatmentInput {
  @Field(() => Boolean, { nullable: true, description: 'Thompson sampling orders the rows per context segment.' })
  rowOrder?: boolean | null;

  @Field(() => Float, { nullable: true, description: 'Share of each row\'s slots given to under-exposed items, 0 to 0.5.' })
  explorationShare?: number | null;
}

@InputType({ description: 'What a variant changes on the home page; everything left out serves as the default does.' })
export class TreatmentInput {
  @Field(() => String, { nullable: true, description: 'A saved ranking configuration (its newest version); "default" when left out.' })
  rankingConfig?: string | null;

  @Field(() => [RowKindEnum], { nullable: true, description: 'Row kinds in order, replacing the configuration\'s rows.' })
  rows?: RowKind[] | null;

  @Field(() => BanditTreatmentInput, { nullable: true })
  bandit?: BanditTreatmentInput | null;
}

@InputType()
export class ExperimentVariantInput {
  @Field(() => String, { description: 'Short stable key, e.g. "control" or "bandit-rows": 1–32 lower-case letters, digits, "-" or "_".' })
  key!: string;

  @Field(() => Float, { description: 'Share of the experiment\'s shoppers, in (0, 1]; the shares of all variants add up to 1.' })
  share!: number;

  @Field(() => TreatmentInput, { nullable: true, description: 'Left out: the variant serves the default page (a control).' })
  treatment?: TreatmentInput | null;
}

@InputType({ description: 'An experiment as a merchandiser defines it.' })
export class ExperimentInput {
  @Field(() => String, { description: 'Unique, 1–100 characters.' })
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [ExperimentVariantInput], { description: '2 to 10 variants; the first is the control every other one is compared with.' })
  variants!: ExperimentVariantInput[];
}

@ObjectType()
export class BanditTreatment {
  @Field(() => Boolean, { nullable: true })
  rowOrder?: boolean;

  @Field(() => Float, { nullable: true })
  explorationShare?: number;
}

@ObjectType({ description: 'What a variant changes; null fields keep the default.' })
export class Treatment {
  @Field(() => String, { nullable: true })
  rankingConfig?: string;

  @Field(() => [RowKindEnum], { nullable: true })
  rows?: RowKind[];

  @Field(() => BanditTreatment, { nullable: true })
  bandit?: BanditTreatment;
}

@ObjectType()
export class ExperimentVariant {
  @Field(() => String)
  key!: string;

  @Field(() => Float)
  share!: number;

  @Field(() => Treatment)
  treatment!: Treatment;
}

@ObjectType({ description: 'An A/B experiment: shoppers with an id are split between its variants by a stable hash.' })
export class Experiment {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  description!: string;

  @Field(() => ExperimentStatusEnum)
  status!: ExperimentStatus;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it first started running.' })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  endedAt!: Date | null;

  @Field(() => [ExperimentVariant], { description: 'In order; the first is the control.' })
  variants!: ExperimentVariant[];
}

@ObjectType({ description: 'A variant minus the control, with the 95 % interval of the difference and a two-sided p-value.' })
export class ControlComparison {
  @Field(() => Float, { description: 'Variant value minus control value.' })
  difference!: number;

  @Field(() => Float)
  low!: number;

  @Field(() => Float)
  high!: number;

  @Field(() => Float, { description: 'Two-proportion z-test for rates, Welch t-test for means.' })
  pValue!: number;

  @Field(() => Boolean, { description: 'pValue below alpha (0.05).' })
  significant!: boolean;
}

@ObjectType({ description: 'An estimate with its 95 % interval (Wilson for rates, Student t for means).' })
export class Estimate {
  @Field(() => Float)
  value!: number;

  @Field(() => Float, { nullable: true, description: 'Null when there is too little data: no trials for a rate, fewer than 2 units for a mean.' })
  low!: number | null;

  @Field(() => Float, { nullable: true })
  high!: number | null;
}

@ObjectType({ description: 'An estimate with its 95 % interval and, for non-control variants, the comparison with the control.' })
export class ExperimentMetric extends Estimate {
  @Field(() => ControlComparison, { nullable: true, description: 'Null for the control, or when either side has too little data.' })
  vsControl!: ControlComparison | null;
}

@ObjectType({ description: 'One variant\'s figures over the results window.' })
export class VariantResults {
  @Field(() => String)
  key!: string;

  @Field(() => Int, { description: 'Exposures: shoppers served the variant at least once in the window.' })
  shoppers!: number;

  @Field(() => Int, { description: 'Distinct pages (homeRows or row renderings) with recorded impressions.' })
  pages!: number;

  @Field(() => Int, { description: 'Items shown.' })
  impressions!: number;

  @Field(() => Int, { description: 'Shown items clicked (clicks carrying their impression id).' })
  clicks!: number;

  @Field(() => ExperimentMetric, { description: 'Click-through rate: clicks / impressions.' })
  ctr!: ExperimentMetric;

  @Field(() => ExperimentMetric, { description: 'Share of exposed shoppers who added to cart after their first exposure.' })
  addToCartRate!: ExperimentMetric;

  @Field(() => ExperimentMetric, { description: 'Share of exposed shoppers who bought after their first exposure.' })
  purchaseRate!: ExperimentMetric;

  @Field(() => ExperimentMetric, {
    description: 'Gross purchase revenue (quantity × unit price, else list price) after first exposure, per exposed shopper (0 for non-buyers).',
  })
  revenuePerShopper!: ExperimentMetric;

  @Field(() => ExperimentMetric, {
    description:
      'Revenue per shopper less the returns of those purchases (quantity × what the purchase paid): a variant that sells what comes back does not win on it.',
  })
  netRevenuePerShopper!: ExperimentMetric;

  @Field(() => ExperimentMetric, {
    description:
      'Share of the shoppers\' engagement interactions (all but SKIP, DISMISS, RETURN) after first exposure that were on a product the shopper had not interacted with before that exposure. Counted per interaction, so the interval is optimistic for very active shoppers.',
  })
  discovery!: ExperimentMetric;

  @Field(() => ExperimentMetric, { description: 'Diversity of what was shown: mean distinct categories per page.' })
  categoriesPerPage!: ExperimentMetric;

  @Field(() => ExperimentMetric, { description: 'Diversity of what was shown: mean distinct brands per page.' })
  brandsPerPage!: ExperimentMetric;
}

@ObjectType({ description: 'One UTC day of one variant.' })
export class ExperimentDay {
  @Field(() => String, { description: 'YYYY-MM-DD (UTC).' })
  day!: string;

  @Field(() => Int, { description: 'Shoppers first exposed that day.' })
  exposures!: number;

  @Field(() => Int)
  impressions!: number;

  @Field(() => Int, { description: 'Attributed clicks (distinct impressions clicked) that day.' })
  clicks!: number;

  @Field(() => Estimate, { description: 'clicks / impressions of that day, with its Wilson interval.' })
  ctr!: Estimate;
}

@ObjectType()
export class VariantDays {
  @Field(() => String)
  variant!: string;

  @Field(() => [ExperimentDay], { description: 'Days with any activity, oldest first.' })
  days!: ExperimentDay[];
}

@ObjectType({ description: 'Per-variant results of an experiment, compared with its control (the first variant).' })
export class ExperimentResults {
  @Field(() => Experiment)
  experiment!: Experiment;

  @Field(() => Date, { nullable: true })
  from!: Date | null;

  @Field(() => Date, { nullable: true })
  to!: Date | null;

  @Field(() => Float, { description: 'Significance level of every test; intervals are at 1 − alpha.' })
  alpha!: number;

  @Field(() => [VariantResults], { description: 'In variant order; the first is the control.' })
  variants!: VariantResults[];

  @Field(() => [VariantDays], { description: 'Daily series per variant, for charts.' })
  daily!: VariantDays[];
}
