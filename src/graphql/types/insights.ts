import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ModelStatus, ModelVersionRecord } from '../../db/repositories/models.js';

export const ModelStatusEnum: { [K in ModelStatus]: K } = { READY: 'READY', ACTIVE: 'ACTIVE', RETIRED: 'RETIRED', REJECTED: 'REJECTED' };
registerEnumType(ModelStatusEnum, {
  name: 'ModelStatus',
  description: 'READY (trained, not serving), ACTIVE (serving), RETIRED (served before) or REJECTED (worse than the active one).',
});

/** A stored version as the API shows it: `active` is what its status says. */
export const modelVersionOf = (version: ModelVersionRecord) => ({ ...version, active: version.status === 'ACTIVE' });

@ObjectType({ description: 'A trained two-tower model version.' })
export class ModelVersion {
  @Field(() => ID)
  id!: number;

  @Field(() => ModelStatusEnum)
  status!: ModelStatus;

  @Field(() => Boolean, { description: 'true for the version that serves recommendations.' })
  active!: boolean;

  @Field(() => String, { description: 'TensorFlow.js backend it was trained on (tensorflow, wasm or cpu).' })
  backend!: string;

  @Field(() => GraphQLJSONObject, { description: 'Validation metrics (recall@k, ndcg@k, loss) and training throughput.' })
  metrics!: Record<string, unknown>;

  @Field(() => Int)
  durationMs!: number;

  @Field(() => String, { nullable: true, description: 'Why it was rejected, or other remarks.' })
  notes!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  activatedAt!: Date | null;
}

@ObjectType({ description: 'A point of the Lorenz curve of impressions over the catalog.' })
export class LorenzPoint {
  @Field(() => Float, { description: 'Share of the catalog, least shown products first.' })
  catalogShare!: number;

  @Field(() => Float, { description: 'Share of all impressions those products received.' })
  impressionShare!: number;
}

@ObjectType({ description: 'Impressions and catalog coverage of one UTC day.' })
export class ExposureDay {
  @Field(() => String, { description: 'YYYY-MM-DD (UTC).' })
  day!: string;

  @Field(() => Int)
  impressions!: number;

  @Field(() => Int)
  productsShown!: number;

  @Field(() => Float, { description: 'Share of the catalog shown that day.' })
  coverage!: number;

  @Field(() => Float, { description: "Share of the catalog shown at least once from the window's start to the end of that day." })
  cumulativeCoverage!: number;
}

@ObjectType({ description: 'Impressions and coverage of one kind of row.' })
export class RowKindExposure {
  @Field(() => String)
  rowKind!: string;

  @Field(() => Int)
  impressions!: number;

  @Field(() => Int)
  productsShown!: number;

  @Field(() => Float)
  coverage!: number;
}

@ObjectType({ description: 'How much of the catalog shoppers were shown in a window, and how evenly.' })
export class CatalogExposure {
  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;

  @Field(() => Int, { description: 'Products in the catalog.' })
  catalogSize!: number;

  @Field(() => Int, { description: 'Catalog products shown at least once.' })
  productsShown!: number;

  @Field(() => Int)
  impressions!: number;

  @Field(() => Float, { description: 'productsShown / catalogSize.' })
  coverage!: number;

  @Field(() => Float, { nullable: true, description: 'Gini coefficient of impressions per product over the whole catalog (0: even, 1: one product takes all); null without impressions.' })
  gini!: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of impressions that went to the most shown 10 % of the catalog; null without impressions.' })
  topShare!: number | null;

  @Field(() => [LorenzPoint], { description: 'Lorenz curve, every 5 % of the catalog.' })
  lorenz!: LorenzPoint[];

  @Field(() => [ExposureDay])
  daily!: ExposureDay[];

  @Field(() => [RowKindExposure])
  byRowKind!: RowKindExposure[];
}
