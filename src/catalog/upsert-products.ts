import { assertNoProblems } from '../errors.js';
import { validateProductFeed, type ProductFeedItem } from './product-feed.js';

export interface ProductStore {
  upsertFeed(items: readonly ProductFeedItem[]): Promise<{ created: number; updated: number; ids: string[] }>;
}

/** Validates a feed batch completely before writing any of it. */
export async function upsertProducts(store: ProductStore, items: readonly ProductFeedItem[]) {
  assertNoProblems(validateProductFeed(items), 'products');
  return store.upsertFeed(items);
}
