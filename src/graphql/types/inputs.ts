import { Field, Float, ID, InputType, Int } from 'type-graphql';
import type { StockStatus } from '../../catalog/product-feed.js';
import type { Device, InteractionType, Occasion, Season } from '../../realtime/events.js';
import { DeviceEnum, InteractionTypeEnum, OccasionEnum, SeasonEnum, StockStatusEnum } from './enums.js';

@InputType({ description: 'Narrows a product listing; all given conditions must hold.' })
export class ProductFilter {
  @Field(() => [String], { nullable: true, description: 'Brand names or slugs.' })
  brands?: string[] | null;

  @Field(() => [String], { nullable: true })
  categories?: string[] | null;

  @Field(() => [String], { nullable: true })
  colours?: string[] | null;

  @Field(() => [SeasonEnum], { nullable: true })
  seasons?: Season[] | null;

  @Field(() => Float, { nullable: true })
  minPrice?: number | null;

  @Field(() => Float, { nullable: true })
  maxPrice?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'true: IN_STOCK or LOW_STOCK only; false: the rest.' })
  inStock?: boolean | null;
}

@InputType({ description: 'Where and how the interaction happened.' })
export class ContextInput {
  @Field(() => DeviceEnum, { nullable: true })
  device?: Device | null;

  @Field(() => OccasionEnum, { nullable: true })
  occasion?: Occasion | null;

  @Field(() => SeasonEnum, { nullable: true })
  season?: Season | null;

  @Field(() => String, { nullable: true, description: 'City or market, e.g. "Milan".' })
  region?: string | null;

  @Field(() => String, { nullable: true, description: 'Shopper\'s local time, "HH:MM" (24-hour).' })
  localTime?: string | null;

  @Field(() => String, { nullable: true })
  referrer?: string | null;
}

@InputType({ description: 'One shopper interaction to record.' })
export class InteractionInput {
  @Field(() => String, { nullable: true, description: 'Idempotency key: a retried event with the same key is stored once.' })
  eventId?: string | null;

  @Field(() => ID, { description: "The storefront's shopper id; unknown shoppers are created (configurable)." })
  userId!: string;

  @Field(() => ID, { description: 'Must be a product of the catalog.' })
  productId!: string;

  @Field(() => InteractionTypeEnum)
  type!: InteractionType;

  @Field(() => Date, { nullable: true, description: 'When it happened; defaults to when it is recorded.' })
  occurredAt?: Date | null;

  @Field(() => Int, { nullable: true, description: 'Milliseconds spent; required for DWELL.' })
  dwellMs?: number | null;

  @Field(() => Int, { nullable: true, description: 'For ADD_TO_CART, PURCHASE and RETURN.' })
  quantity?: number | null;

  @Field(() => Float, { nullable: true })
  unitPrice?: number | null;

  @Field(() => Float, { nullable: true, description: 'Explicit rating, 0 to 10.' })
  rating?: number | null;

  @Field(() => String, { nullable: true, description: 'The impression this interaction came from (attribution).' })
  impressionId?: string | null;

  @Field(() => ContextInput, { nullable: true })
  context?: ContextInput | null;
}

@InputType({ description: 'A product as the catalog feed describes it; created or replaced by id.' })
export class ProductInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { description: 'Brand name; the brand is created when new.' })
  brand!: string;

  @Field(() => String)
  category!: string;

  @Field(() => String)
  colour!: string;

  @Field(() => String)
  material!: string;

  @Field(() => Float, { description: 'Price in major units, 0 to 10,000,000.' })
  price!: number;

  @Field(() => String, { description: 'ISO 4217 code, e.g. EUR.' })
  currency!: string;

  @Field(() => SeasonEnum, { nullable: true })
  season?: Season | null;

  @Field(() => Date, { nullable: true })
  launchDate?: Date | null;

  @Field(() => StockStatusEnum, { nullable: true })
  stockStatus?: StockStatus | null;

  @Field(() => [String], { nullable: true })
  tags?: string[] | null;

  @Field(() => String, { nullable: true })
  imageUrl?: string | null;
}
