import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { Device, InteractionType, Occasion, Season } from '../../realtime/events.js';
import { DeviceEnum, InteractionTypeEnum, OccasionEnum, SeasonEnum } from './enums.js';

@ObjectType()
export class PriceBand {
  @Field(() => Float, { nullable: true })
  min!: number | null;

  @Field(() => Float, { nullable: true })
  max!: number | null;

  @Field(() => String, { nullable: true })
  currency!: string | null;
}

@ObjectType({ description: 'What the shopper told the shop about their taste.' })
export class ShopperPreferences {
  @Field(() => [String])
  favouriteBrands!: string[];

  @Field(() => [String])
  favouriteCategories!: string[];

  @Field(() => [String])
  sizes!: string[];

  @Field(() => PriceBand)
  priceBand!: PriceBand;
}

@ObjectType({ description: 'What the shopper allows the shop to use.' })
export class Consent {
  @Field(() => Boolean, { description: 'Personalised ranking at all.' })
  personalization!: boolean;

  @Field(() => Boolean, { description: 'Use of purchase history for recommendations.' })
  purchaseHistory!: boolean;

  @Field(() => Boolean, { description: 'Use of browsing of items above the shopper\'s usual price band.' })
  aspirationalBrowsing!: boolean;
}

@ObjectType({ description: "A shopper, identified by the storefront's own opaque id." })
export class User {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  region!: string | null;

  favouriteBrands!: string[];
  favouriteCategories!: string[];
  sizes!: string[];
  priceBand!: PriceBand;

  @Field(() => Consent)
  consent!: Consent;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType({ description: 'Where and how an interaction happened.' })
export class InteractionContext {
  @Field(() => DeviceEnum, { nullable: true })
  device!: Device | null;

  @Field(() => OccasionEnum, { nullable: true })
  occasion!: Occasion | null;

  @Field(() => SeasonEnum, { nullable: true })
  season!: Season | null;

  @Field(() => String, { nullable: true })
  region!: string | null;

  @Field(() => String, { nullable: true, description: 'Local wall-clock time, "HH:MM".' })
  localTime!: string | null;

  @Field(() => String, { nullable: true })
  referrer!: string | null;
}

@ObjectType({ description: 'One recorded shopper interaction with a product.' })
export class Interaction {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  eventId!: string | null;

  userId!: string;
  productId!: string;

  @Field(() => InteractionTypeEnum)
  type!: InteractionType;

  @Field(() => Int, { nullable: true })
  dwellMs!: number | null;

  @Field(() => Float, { nullable: true })
  rating!: number | null;

  @Field(() => Int, { nullable: true })
  quantity!: number | null;

  @Field(() => Float, { nullable: true })
  unitPrice!: number | null;

  @Field(() => Date)
  occurredAt!: Date;

  @Field(() => InteractionContext)
  context!: InteractionContext;

  @Field(() => String, { nullable: true })
  impressionId!: string | null;
}

@ObjectType()
export class RecordInteractionsPayload {
  @Field(() => Int, { description: 'Events accepted (all of the batch: a batch is accepted or rejected whole).' })
  accepted!: number;

  @Field(() => Int, { description: 'Accepted events whose eventId had been recorded before; not stored twice.' })
  duplicates!: number;

  @Field(() => Int, { description: 'Shoppers created because an event named them first.' })
  createdShoppers!: number;
}
