import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { CollectionEntryRole, CollectionKind } from '../../catalog/types.js';
import { CollectionKindEnum } from './enums.js';

export const CollectionEntryRoleEnum = { MEMBER: 'MEMBER', PIN: 'PIN', EXCLUSION: 'EXCLUSION' } as const;
registerEnumType(CollectionEntryRoleEnum, { name: 'CollectionEntryRole', description: 'A product\'s place in a collection.' });

@ObjectType({ description: 'One saved version of a named ranking configuration.' })
export class RankingConfigVersion {
  @Field(() => String)
  name!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => GraphQLJSONObject, { description: 'Weights, stock policy, repurchase windows, diversity, serendipity, row order.' })
  config!: Record<string, unknown>;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType({ description: 'A merchandising rule, applied after ranking so it always wins.' })
export class MerchandisingRuleRecord {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => GraphQLJSONObject, { description: 'PIN, EXCLUDE, BOOST, BURY, SEPARATE_BRANDS, ONLY_IN_STOCK, HIDE_IN_REGIONS or ASPIRATIONAL_PRICE, with its fields.' })
  rule!: Record<string, unknown>;

  @Field(() => Boolean)
  active!: boolean;

  @Field(() => Date, { nullable: true })
  startsAt!: Date | null;

  @Field(() => Date, { nullable: true })
  endsAt!: Date | null;
}

@InputType()
export class MerchandisingRuleInput {
  @Field(() => ID, { nullable: true, description: 'Leave out to create; give to replace.' })
  id?: string | null;

  @Field(() => String)
  name!: string;

  @Field(() => GraphQLJSONObject, { description: 'e.g. { "type": "PIN", "productId": "p-00042", "position": 1, "scope": { "rowKinds": ["TOP_PICKS"] } }' })
  rule!: Record<string, unknown>;

  @Field(() => Boolean, { nullable: true, description: 'Default true.' })
  active?: boolean | null;

  @Field(() => Date, { nullable: true })
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true })
  endsAt?: Date | null;
}

@InputType({ description: 'A collection, created or updated by slug.' })
export class CollectionInput {
  @Field(() => String)
  slug!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => CollectionKindEnum)
  kind!: CollectionKind;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'RULE_BASED only: { "when": { occasions, seasons, timesOfDay, devices, regions }, "match": { categories, colours, materials, brands, tags, priceMin, priceMax } }' })
  rule?: Record<string, unknown> | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'Display order among collections.' })
  position?: number | null;

  @Field(() => Date, { nullable: true })
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true })
  endsAt?: Date | null;

  @Field(() => [ID], { nullable: true, description: 'EDITORIAL members in order; replaces the current members.' })
  members?: string[] | null;
}

export type { CollectionEntryRole };
