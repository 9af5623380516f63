import type { Repositories } from '../db/repositories/index.js';
import type { Brand, Product } from '../catalog/types.js';
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
  private readonly products = new Map<string, Product>();
  private readonly brands = new Map<string, Brand>();
  private newest: ItemInfo[] | null = null;
  /** Newest `updatedAt` seen, to pick up changes made by other processes. */
  private seenUpTo = new Date(0);
  private loaded = false;
  /** Lookups by product id, for the metrics. */
  readonly stats = { hits: 0, misses: 0 };

  constructor(private readonly repos: Repositories) {}

  async load(): Promise<void> {
    this.items.clear();
    this.products.clear();
    this.put(await this.repos.products.withBrandNames());
    await this.loadBrands();
    this.loaded = true;
  }

  /** Whether the whole catalog has been read once (readiness). */
  get isLoaded(): boolean {
    return this.loaded;
  }

  async refresh(ids: readonly string[]): Promise<void> {
    const found = await this.repos.products.withBrandNames(ids);
    for (const id of ids) {
      this.items.delete(id);
      this.products.delete(id);
    }
    this.put(found);
    if (found.some((p) => !this.brands.has(p.brandId))) await this.loadBrands();
  }

  /** Reloads products changed since the last look (by feeds or imports in other processes). */
  async refreshChanged(): Promise<number> {
    const changed = await this.repos.products.changedSince(this.seenUpTo);
    if (changed.length) await this.refresh(changed);
    return changed.length;
  }

  /** The full product record, for answering queries without a database round trip. */
  product(id: string): Product | undefined {
    return this.count(this.products.get(id));
  }

  brand(id: string): Brand | undefined {
    return this.brands.get(id);
  }

  private put(found: CatalogProduct[]): void {
    for (const product of found) {
      this.items.set(product.id, toItemInfo(product));
      const { brandName: _brandName, visualFeatures: _visual, ...record } = product;
      this.products.set(product.id, record);
      if (product.updatedAt > this.seenUpTo) this.seenUpTo = product.updatedAt;
    }
    this.newest = null;
  }

  private async loadBrands(): Promise<void> {
    for (const brand of await this.repos.brands.all()) this.brands.set(brand.id, brand);
  }

  get size(): number {
    return this.items.size;
  }

  get(productId: string): ItemInfo | undefined {
    return this.count(this.items.get(productId));
  }

  private count<T>(found: T | undefined): T | undefined {
    if (found) this.stats.hits++;
    else this.stats.misses++;
    return found;
  }

  newestFirst(): readonly ItemInfo[] {
    this.newest ??= [...this.items.values()].sort((a, b) => b.launchedAt - a.launchedAt || (a.id < b.id ? -1 : 1));
    return this.newest;
  }
}
