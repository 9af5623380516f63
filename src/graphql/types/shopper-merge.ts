import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: "What mergeShoppers moved from the anonymous shopper to the known one." })
export class MergeResult {
  @Field(() => ID, { description: 'The anonymous shopper, now deleted.' })
  fromId!: string;

  @Field(() => ID, { description: 'The known shopper, who now owns the history.' })
  intoId!: string;

  @Field(() => Int)
  movedInteractions!: number;

  @Field(() => Int)
  movedImpressions!: number;

  @Field(() => Int, { description: 'Experiment exposures moved.' })
  movedExposures!: number;

  @Field(() => Int, { description: "Exposures of the anonymous shopper dropped because the known shopper was already in that experiment (the known shopper's assignment is kept)." })
  droppedExposures!: number;
}
