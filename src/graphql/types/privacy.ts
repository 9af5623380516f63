import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { Shopper, StoredInteraction } from '../../catalog/types.js';
import { Interaction, User } from './shopper.js';

@InputType({ description: 'The consent flags to change; flags left out keep their value.' })
export class ConsentInput {
  @Field(() => Boolean, { nullable: true, description: 'Personalised ranking at all (off: pages like an anonymous visitor\'s, and no use in training).' })
  personalization?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Use of purchases and returns for recommendations and training.' })
  purchaseHistory?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Use of browsing of items above the shopper\'s price band.' })
  aspirationalBrowsing?: boolean | null;
}

@ObjectType({ description: 'One item shown to the shopper on a home page.' })
export class ExportedImpression {
  @Field(() => String)
  pageId!: string;

  @Field(() => String)
  rowId!: string;

  @Field(() => String)
  rowKind!: string;

  @Field(() => Int)
  position!: number;

  @Field(() => ID)
  productId!: string;

  @Field(() => String, { nullable: true })
  experimentId!: string | null;

  @Field(() => String, { nullable: true })
  variant!: string | null;

  @Field(() => String, { nullable: true })
  arm!: string | null;

  @Field(() => String, { nullable: true })
  segment!: string | null;

  @Field(() => Date)
  shownAt!: Date;
}

@ObjectType({ description: 'The shopper\'s assignment to an experiment.' })
export class ExportedExposure {
  @Field(() => String)
  experimentId!: string;

  @Field(() => String)
  variant!: string;

  @Field(() => Date)
  firstExposedAt!: Date;

  @Field(() => Date)
  lastExposedAt!: Date;

  @Field(() => Int)
  pages!: number;
}

@ObjectType({ description: 'What the answering gateway process holds of the shopper in memory.' })
export class InMemoryShopperState {
  @Field(() => Boolean, { description: 'Whether the shopper\'s recent state (history, and vectors derived from it) is cached.' })
  cached!: boolean;

  @Field(() => Int)
  recentEvents!: number;
}

@ObjectType({ description: 'Everything held about one shopper.' })
export class ShopperDataExport {
  @Field(() => ID)
  userId!: string;

  @Field(() => Date)
  exportedAt!: Date;

  @Field(() => User, { nullable: true, description: 'Profile, preferences and consent; null when no profile is held.' })
  profile!: Shopper | null;

  @Field(() => [Interaction], { description: 'Every recorded interaction, oldest first.' })
  interactions!: StoredInteraction[];

  @Field(() => [ExportedImpression], { description: 'Every recorded impression, oldest first.' })
  impressions!: ExportedImpression[];

  @Field(() => [ExportedExposure])
  experimentExposures!: ExportedExposure[];

  @Field(() => InMemoryShopperState)
  inMemory!: InMemoryShopperState;
}

@ObjectType({ description: 'What an erasure deleted.' })
export class ErasureReport {
  @Field(() => ID)
  userId!: string;

  @Field(() => Boolean, { description: 'false when no profile was held (nothing else was, either, unless counted below).' })
  profileDeleted!: boolean;

  @Field(() => Int)
  interactions!: number;

  @Field(() => Int)
  impressions!: number;

  @Field(() => Int)
  experimentExposures!: number;
}
