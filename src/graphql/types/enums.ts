import { registerEnumType } from 'type-graphql';
import { STOCK_STATUSES } from '../../catalog/product-feed.js';
import { COLLECTION_KINDS } from '../../catalog/types.js';
import { DEVICES, INTERACTION_TYPES, OCCASIONS, SEASONS } from '../../realtime/events.js';

/** GraphQL enums generated from the core's value lists, so the two cannot drift apart. */
function graphqlEnum<const T extends readonly string[]>(values: T, name: string, description: string) {
  const enumObject = Object.fromEntries(values.map((v) => [v, v])) as { [K in T[number]]: K };
  registerEnumType(enumObject, { name, description });
  return enumObject;
}

export const InteractionTypeEnum = graphqlEnum(INTERACTION_TYPES, 'InteractionType', 'What a shopper did with a product.');
export const DeviceEnum = graphqlEnum(DEVICES, 'Device', 'The device a request or interaction came from.');
export const OccasionEnum = graphqlEnum(OCCASIONS, 'Occasion', 'What the shopper is shopping for.');
export const SeasonEnum = graphqlEnum(SEASONS, 'Season', 'A product season, or the current season of a request.');
export const StockStatusEnum = graphqlEnum(STOCK_STATUSES, 'StockStatus', 'Availability of a product.');
export const CollectionKindEnum = graphqlEnum(COLLECTION_KINDS, 'CollectionKind', 'Hand-picked (EDITORIAL) or defined by a rule (RULE_BASED).');
