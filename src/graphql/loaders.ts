import DataLoader from 'dataloader';
import type { Brand, Collection, CollectionEntry, Product, Shopper, StoredInteraction } from '../catalog/types.js';
import type { Repositories } from '../db/repositories/index.js';

/** Batches keyed lookups into one query per kind per tick; one set per request (no stale cache). */
export interface Loaders {
  product: DataLoader<string, Product | null>;
  brand: DataLoader<string, Brand | null>;
  shopper: DataLoader<string, Shopper | null>;
  collection: DataLoader<string, Collection | null>;
  collectionEntries: DataLoader<string, CollectionEntry[]>;
  productCollectionEntries: DataLoader<string, CollectionEntry[]>;
  recentInteractions(limit: number): DataLoader<string, StoredInteraction[]>;
  /**
   * The in-memory copy when there is one, else the batched load. A resolver that returns the
   * copy itself completes synchronously: a home page's 120 products and their brands then cost no
   * promise each, the largest part of what a 6×20 page served without ranking saved (docs/deployment.md, Throughput).
   */
  productNow(id: string): Product | null | Promise<Product | null>;
  brandNow(id: string): Brand | null | Promise<Brand | null>;
}

function byId<T extends { id: string }>(load: (ids: readonly string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const found = new Map((await load(ids)).map((row) => [row.id, row]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

function grouped<T>(load: (ids: readonly string[]) => Promise<T[]>, keyOf: (row: T) => string) {
  return new DataLoader<string, T[]>(async (ids) => {
    const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
    for (const row of await load(ids)) groups.get(keyOf(row))?.push(row);
    return ids.map((id) => groups.get(id) ?? []);
  });
}

/** In-memory copies that answer before the database is asked (the serving path's catalog). */
export interface RecordCache {
  product(id: string): Product | undefined;
  brand(id: string): Brand | undefined;
}

/** Looks ids up in memory first and loads only the rest. */
function cachedFirst<T extends { id: string }>(cached: (id: string) => T | undefined, load: (ids: readonly string[]) => Promise<T[]>) {
  return async (ids: readonly string[]): Promise<T[]> => {
    const hits: T[] = [];
    const misses: string[] = [];
    for (const id of ids) {
      const hit = cached(id);
      if (hit) hits.push(hit);
      else misses.push(id);
    }
    return misses.length ? [...hits, ...(await load(misses))] : hits;
  };
}

export function createLoaders(repos: Repositories, cache?: RecordCache): Loaders {
  const recent = new Map<number, DataLoader<string, StoredInteraction[]>>();
  const products = (ids: readonly string[]) => repos.products.findByIds(ids);
  const brands = (ids: readonly string[]) => repos.brands.findByIds(ids);
  const product = byId(cache ? cachedFirst((id) => cache.product(id), products) : products);
  const brand = byId(cache ? cachedFirst((id) => cache.brand(id), brands) : brands);
  return {
    product,
    brand,
    productNow: (id) => cache?.product(id) ?? product.load(id),
    brandNow: (id) => cache?.brand(id) ?? brand.load(id),
    shopper: byId((ids) => repos.shoppers.findByIds(ids)),
    collection: byId((ids) => repos.collections.findByIds(ids)),
    collectionEntries: grouped((ids) => repos.collections.entriesOfCollections(ids), (e) => e.collectionId),
    productCollectionEntries: grouped((ids) => repos.collections.entriesOfProducts(ids), (e) => e.productId),
    // One loader per page size, so every shopper asked with the same `first` shares one query.
    recentInteractions(limit) {
      let loader = recent.get(limit);
      if (!loader) {
        loader = new DataLoader(async (ids) => {
          const byShopper = await repos.interactions.recentByShoppers(ids, limit);
          return ids.map((id) => byShopper.get(id) ?? []);
        });
        recent.set(limit, loader);
      }
      return loader;
    },
  };
}

/** Loads several keys and keeps the ones that exist, in key order; real errors propagate. */
export async function loadPresent<T>(loader: DataLoader<string, T | null>, ids: readonly string[]): Promise<T[]> {
  const values = await loader.loadMany(ids);
  const failure = values.find((v) => v instanceof Error);
  if (failure) throw failure;
  return values.filter((v): v is T => v !== null);
}
