import { Field, Float, ID, ObjectType } from 'type-graphql';
import type { Season } from '../../realtime/events.js';
import type { StockStatus } from '../../catalog/product-feed.js';
import { SeasonEnum, StockStatusEnum } from './enums.js';

@ObjectType({ description: 'A maison or label.' })
export class Brand {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'URL-safe name, used in filters.' })
  slug!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  tier!: string | null;

  @Field(() => String, { nullable: true })
  country!: string | null;
}

@ObjectType({ description: 'A product of the catalog, as the catalog feed describes it.' })
export class Product {
  @Field(() => ID, { description: "The catalog's own product id (SKU)." })
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  description!: string;

  brandId!: string;

  @Field(() => String)
  category!: string;

  @Field(() => String)
  colour!: string;

  @Field(() => String)
  material!: string;

  @Field(() => Float, { description: 'Price in major units of `currency`.' })
  price!: number;

  @Field(() => String, { description: 'ISO 4217 code.' })
  currency!: string;

  @Field(() => SeasonEnum)
  season!: Season;

  @Field(() => Date)
  launchDate!: Date;

  @Field(() => StockStatusEnum)
  stockStatus!: StockStatus;

  @Field(() => [String])
  tags!: string[];

  @Field(() => String, { nullable: true })
  imageUrl!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;
}
