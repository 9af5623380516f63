import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ROW_KINDS, type RowKind } from '../../recommend/rank/ranking-config.js';
import { Product } from './catalog.js';
import { PageInfo } from './connection.js';

export const RowKindEnum = Object.fromEntries(ROW_KINDS.map((k) => [k, k])) as { [K in RowKind]: K };
registerEnumType(RowKindEnum, { name: 'RowKind', description: 'Which candidate source fills a row.' });

@ObjectType({ description: 'Each part of a score before weighting, in [0, 1]; `rules` is the merchandising adjustment.' })
export class ScoreBreakdown {
  @Field(() => Float)
  relevance!: number;

  @Field(() => Float)
  popularity!: number;

  @Field(() => Float)
  freshness!: number;

  @Field(() => Float)
  context!: number;

  @Field(() => Float)
  rules!: number;
}

@ObjectType({ description: 'A product placed in a row, with its score, the parts of the score and why it is there.' })
export class RankedItem {
  productId!: string;

  @Field(() => Product)
  product!: Product;

  @Field(() => Float)
  score!: number;

  @Field(() => ScoreBreakdown)
  breakdown!: ScoreBreakdown;

  @Field(() => String, { description: 'Human-readable explanation, e.g. "Because you viewed the Saffiano tote".' })
  reason!: string;

  @Field(() => String, { description: 'Stable machine-readable kind of reason (TOP_PICK, BECAUSE_YOU, TRENDING, …; IN_SESSION for an item near what the shopper is looking at in this session; EXPLORE for a bandit exploration slot).' })
  reasonCode!: string;

  @Field(() => Boolean, { description: 'An exploration slot: relevant, but outside the shopper\'s usual brands and categories.' })
  serendipitous!: boolean;

  @Field(() => Int, { description: '1-based position in the row.' })
  position!: number;

  @Field(() => ID, { description: 'Send it back with interactions on this item, for attribution.' })
  impressionId!: string;
}

@ObjectType({ description: 'One row of a home page.' })
export class HomeRow {
  @Field(() => ID, { description: 'Stable id: pass it to `row` to page deeper.' })
  id!: string;

  @Field(() => RowKindEnum)
  kind!: RowKind;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  reason!: string;

  @Field(() => [RankedItem])
  items!: RankedItem[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType()
export class RankingConfigRef {
  @Field(() => String)
  name!: string;

  @Field(() => Int, { description: '0 for the built-in default.' })
  version!: number;
}

@ObjectType({ description: 'The experiment variant a home page was served under.' })
export class HomeExperiment {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'The variant\'s key.' })
  variant!: string;
}

@ObjectType({ description: 'A personalised home page: rows of ranked products.' })
export class HomePage {
  @Field(() => ID)
  pageId!: string;

  @Field(() => Boolean, { description: 'false for anonymous visitors, shoppers who opted out, or when no model serves.' })
  personalized!: boolean;

  @Field(() => RankingConfigRef)
  rankingConfig!: RankingConfigRef;

  @Field(() => [HomeRow])
  rows!: HomeRow[];

  @Field(() => HomeExperiment, {
    nullable: true,
    description: 'The experiment variant this page was served under: null for anonymous visitors, previews with rankingConfig, and when no experiment runs.',
  })
  experiment!: HomeExperiment | null;
}
