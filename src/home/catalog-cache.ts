import type { Repositories } from '../db/repositories/index.js';
import type { CatalogView, ItemInfo } from '../recommend/types.js';
import type { CatalogProduct } from '../relevance/features.js';

function toItemInfo(product: CatalogProduct): ItemInfo {
  return {
    id: product.id,
    title: product.title,
    brandId: product.brandId,
    brandName: product.brandName,
    category: product.category,
    colour: product.colour,
    material: product.material,
    price: product.price,
    currency: product.currency,
    season: product.season,
    launchedAt: product.launchDate.getTime(),
    stockStatus: product.stockStatus,
    tags: product.tags,
  };
}

/**
 * The whole catalog in memory, as ranking reads it on every home page: a 20,000-product catalog
 * takes a few megabytes, and a page touches hundreds of products, so a database round trip per
 * product would dominate latency. Refreshed for the products a feed changes.
 */
export class CatalogCache implements CatalogView {
  private readonly items = new Map<string, ItemInfo>();
  private newest: ItemInfo[] | null = null;

  constructor(private readonly repos: Repositories) {}

  async load(): Promise<void> {
    this.items.clear();
    for (const product of await this.repos.products.withBrandNames()) this.items.set(product.id, toItemInfo(product));
    this.newest = null;
  }

  async refresh(ids: readonly string[]): Promise<void> {
    const found = await this.repos.products.withBrandNames(ids);
    for (const id of ids) this.items.delete(id);
    for (const product of found) this.items.set(product.id, toItemInfo(product));
    this.newest = null;
  }

  get size(): number {
    return this.items.size;
  }

  get(productId: string): ItemInfo | undefined {
    return this.items.get(productId);
  }

  newestFirst(): readonly ItemInfo[] {
    this.newest ??= [...this.items.values()].sort((a, b) => b.launchedAt - a.launchedAt || (a.id < b.id ? -1 : 1));
    return this.newest;
  }
}
