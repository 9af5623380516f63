/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query HomePage($userId: ID, $context: ContextInput, $rows: Int = 6, $itemsPerRow: Int = 20) {\n  homeRows(\n    userId: $userId\n    context: $context\n    rows: $rows\n    itemsPerRow: $itemsPerRow\n  ) {\n    pageId\n    personalized\n    rows {\n      id\n      kind\n      title\n      reason\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      items {\n        position\n        reason\n        serendipitous\n        impressionId\n        product {\n          id\n          title\n          price\n          currency\n          imageUrl\n          brand {\n            name\n          }\n        }\n      }\n    }\n  }\n}\n\nquery HomeRowPage($id: ID!, $userId: ID, $context: ContextInput, $first: Int = 20, $after: String) {\n  row(id: $id, userId: $userId, context: $context, first: $first, after: $after) {\n    id\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    items {\n      position\n      reason\n      impressionId\n      product {\n        id\n        title\n        price\n        currency\n        imageUrl\n      }\n    }\n  }\n}": typeof types.HomePageDocument,
    "mutation RecordInteractions($events: [InteractionInput!]!) {\n  recordInteractions(events: $events) {\n    accepted\n    duplicates\n    createdShoppers\n  }\n}": typeof types.RecordInteractionsDocument,
    "query ProductsPage($first: Int, $after: String, $filter: ProductFilter) {\n  products(first: $first, after: $after, filter: $filter) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      title\n      price\n      currency\n      colour\n      category\n      inStock\n      imageUrl\n      brand {\n        name\n        slug\n      }\n    }\n  }\n}\n\nquery ProductDetail($id: ID!) {\n  product(id: $id) {\n    id\n    title\n    description\n    price\n    currency\n    material\n    season\n    stockStatus\n    tags\n    imageUrl\n    brand {\n      name\n    }\n    collections {\n      slug\n      title\n    }\n  }\n}": typeof types.ProductsPageDocument,
    "mutation MergeShoppers($fromId: ID!, $intoId: ID!) {\n  mergeShoppers(fromId: $fromId, intoId: $intoId) {\n    intoId\n    movedInteractions\n  }\n}": typeof types.MergeShoppersDocument,
    "query Shopper($id: ID!, $recent: Int = 20) {\n  user(id: $id) {\n    id\n    region\n    preferences {\n      favouriteBrands\n      favouriteCategories\n      sizes\n      priceBand {\n        min\n        max\n        currency\n      }\n    }\n    consent {\n      personalization\n      purchaseHistory\n      aspirationalBrowsing\n    }\n    recentInteractions(first: $recent) {\n      id\n      type\n      occurredAt\n      product {\n        id\n        title\n      }\n    }\n  }\n}": typeof types.ShopperDocument,
};
const documents: Documents = {
    "query HomePage($userId: ID, $context: ContextInput, $rows: Int = 6, $itemsPerRow: Int = 20) {\n  homeRows(\n    userId: $userId\n    context: $context\n    rows: $rows\n    itemsPerRow: $itemsPerRow\n  ) {\n    pageId\n    personalized\n    rows {\n      id\n      kind\n      title\n      reason\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      items {\n        position\n        reason\n        serendipitous\n        impressionId\n        product {\n          id\n          title\n          price\n          currency\n          imageUrl\n          brand {\n            name\n          }\n        }\n      }\n    }\n  }\n}\n\nquery HomeRowPage($id: ID!, $userId: ID, $context: ContextInput, $first: Int = 20, $after: String) {\n  row(id: $id, userId: $userId, context: $context, first: $first, after: $after) {\n    id\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    items {\n      position\n      reason\n      impressionId\n      product {\n        id\n        title\n        price\n        currency\n        imageUrl\n      }\n    }\n  }\n}": types.HomePageDocument,
    "mutation RecordInteractions($events: [InteractionInput!]!) {\n  recordInteractions(events: $events) {\n    accepted\n    duplicates\n    createdShoppers\n  }\n}": types.RecordInteractionsDocument,
    "query ProductsPage($first: Int, $after: String, $filter: ProductFilter) {\n  products(first: $first, after: $after, filter: $filter) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      title\n      price\n      currency\n      colour\n      category\n      inStock\n      imageUrl\n      brand {\n        name\n        slug\n      }\n    }\n  }\n}\n\nquery ProductDetail($id: ID!) {\n  product(id: $id) {\n    id\n    title\n    description\n    price\n    currency\n    material\n    season\n    stockStatus\n    tags\n    imageUrl\n    brand {\n      name\n    }\n    collections {\n      slug\n      title\n    }\n  }\n}": types.ProductsPageDocument,
    "mutation MergeShoppers($fromId: ID!, $intoId: ID!) {\n  mergeShoppers(fromId: $fromId, intoId: $intoId) {\n    intoId\n    movedInteractions\n  }\n}": types.MergeShoppersDocument,
    "query Shopper($id: ID!, $recent: Int = 20) {\n  user(id: $id) {\n    id\n    region\n    preferences {\n      favouriteBrands\n      favouriteCategories\n      sizes\n      priceBand {\n        min\n        max\n        currency\n      }\n    }\n    consent {\n      personalization\n      purchaseHistory\n      aspirationalBrowsing\n    }\n    recentInteractions(first: $recent) {\n      id\n      type\n      occurredAt\n      product {\n        id\n        title\n      }\n    }\n  }\n}": types.ShopperDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query HomePage($userId: ID, $context: ContextInput, $rows: Int = 6, $itemsPerRow: Int = 20) {\n  homeRows(\n    userId: $userId\n    context: $context\n    rows: $rows\n    itemsPerRow: $itemsPerRow\n  ) {\n    pageId\n    personalized\n    rows {\n      id\n      kind\n      title\n      reason\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      items {\n        position\n        reason\n        serendipitous\n        impressionId\n        product {\n          id\n          title\n          price\n          currency\n          imageUrl\n          brand {\n            name\n          }\n        }\n      }\n    }\n  }\n}\n\nquery HomeRowPage($id: ID!, $userId: ID, $context: ContextInput, $first: Int = 20, $after: String) {\n  row(id: $id, userId: $userId, context: $context, first: $first, after: $after) {\n    id\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    items {\n      position\n      reason\n      impressionId\n      product {\n        id\n        title\n        price\n        currency\n        imageUrl\n      }\n    }\n  }\n}"): (typeof documents)["query HomePage($userId: ID, $context: ContextInput, $rows: Int = 6, $itemsPerRow: Int = 20) {\n  homeRows(\n    userId: $userId\n    context: $context\n    rows: $rows\n    itemsPerRow: $itemsPerRow\n  ) {\n    pageId\n    personalized\n    rows {\n      id\n      kind\n      title\n      reason\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      items {\n        position\n        reason\n        serendipitous\n        impressionId\n        product {\n          id\n          title\n          price\n          currency\n          imageUrl\n          brand {\n            name\n          }\n        }\n      }\n    }\n  }\n}\n\nquery HomeRowPage($id: ID!, $userId: ID, $context: ContextInput, $first: Int = 20, $after: String) {\n  row(id: $id, userId: $userId, context: $context, first: $first, after: $after) {\n    id\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    items {\n      position\n      reason\n      impressionId\n      product {\n        id\n        title\n        price\n        currency\n        imageUrl\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RecordInteractions($events: [InteractionInput!]!) {\n  recordInteractions(events: $events) {\n    accepted\n    duplicates\n    createdShoppers\n  }\n}"): (typeof documents)["mutation RecordInteractions($events: [InteractionInput!]!) {\n  recordInteractions(events: $events) {\n    accepted\n    duplicates\n    createdShoppers\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ProductsPage($first: Int, $after: String, $filter: ProductFilter) {\n  products(first: $first, after: $after, filter: $filter) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      title\n      price\n      currency\n      colour\n      category\n      inStock\n      imageUrl\n      brand {\n        name\n        slug\n      }\n    }\n  }\n}\n\nquery ProductDetail($id: ID!) {\n  product(id: $id) {\n    id\n    title\n    description\n    price\n    currency\n    material\n    season\n    stockStatus\n    tags\n    imageUrl\n    brand {\n      name\n    }\n    collections {\n      slug\n      title\n    }\n  }\n}"): (typeof documents)["query ProductsPage($first: Int, $after: String, $filter: ProductFilter) {\n  products(first: $first, after: $after, filter: $filter) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      title\n      price\n      currency\n      colour\n      category\n      inStock\n      imageUrl\n      brand {\n        name\n        slug\n      }\n    }\n  }\n}\n\nquery ProductDetail($id: ID!) {\n  product(id: $id) {\n    id\n    title\n    description\n    price\n    currency\n    material\n    season\n    stockStatus\n    tags\n    imageUrl\n    brand {\n      name\n    }\n    collections {\n      slug\n      title\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation MergeShoppers($fromId: ID!, $intoId: ID!) {\n  mergeShoppers(fromId: $fromId, intoId: $intoId) {\n    intoId\n    movedInteractions\n  }\n}"): (typeof documents)["mutation MergeShoppers($fromId: ID!, $intoId: ID!) {\n  mergeShoppers(fromId: $fromId, intoId: $intoId) {\n    intoId\n    movedInteractions\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Shopper($id: ID!, $recent: Int = 20) {\n  user(id: $id) {\n    id\n    region\n    preferences {\n      favouriteBrands\n      favouriteCategories\n      sizes\n      priceBand {\n        min\n        max\n        currency\n      }\n    }\n    consent {\n      personalization\n      purchaseHistory\n      aspirationalBrowsing\n    }\n    recentInteractions(first: $recent) {\n      id\n      type\n      occurredAt\n      product {\n        id\n        title\n      }\n    }\n  }\n}"): (typeof documents)["query Shopper($id: ID!, $recent: Int = 20) {\n  user(id: $id) {\n    id\n    region\n    preferences {\n      favouriteBrands\n      favouriteCategories\n      sizes\n      priceBand {\n        min\n        max\n        currency\n      }\n    }\n    consent {\n      personalization\n      purchaseHistory\n      aspirationalBrowsing\n    }\n    recentInteractions(first: $recent) {\n      id\n      type\n      occurredAt\n      product {\n        id\n        title\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;