import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { CollectionKind } from '../../catalog/types.js';
import { CollectionKindEnum } from './enums.js';
import { Product } from './catalog.js';

@ObjectType({ description: 'An editorial or rule-based selection of products.' })
export class Collection {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  slug!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  description!: string;

  @Field(() => CollectionKindEnum)
  kind!: CollectionKind;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'For RULE_BASED collections: `when` (context conditions) and `match` (product conditions).',
  })
  rule!: Record<string, unknown> | null;

  @Field(() => Boolean)
  active!: boolean;

  @Field(() => Int)
  position!: number;

  @Field(() => Date, { nullable: true })
  startsAt!: Date | null;

  @Field(() => Date, { nullable: true })
  endsAt!: Date | null;
}

@ObjectType({ description: 'A product held at a fixed slot of a collection.' })
export class CollectionPin {
  @Field(() => Int, { description: '1-based slot.' })
  position!: number;

  productId!: string;

  @Field(() => Product)
  product!: Product;
}
