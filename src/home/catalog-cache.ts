import type { Repositories } from '../db/repositories/index.js';
import type { Brand, Product } from '../catalog/types.js';
import type { CatalogView, ItemInfo } from '../recommend/types.js';

type ProductWithBrand = Product & { brandName: string };

/**
 * The one record kept per product: what ranking reads, plus the rest of the product record with
 * its dates as numbers, from which `product()` builds a Product when a query asks for one.
 */
interface CachedProduct extends ItemInfo {
  tags: string[];
  description: string;
  imageUrl: string | null;
  createdMs: number;
  updatedMs: number;
}

/**
 * The whole catalog in memory, as ranking reads it on every home page: a page touches hundreds
 * of products, so a database round trip per product would dominate latency. Read in pages at
 * start-up, one compact record per product, and the short values products repeat (categories,
 * colours, brands, tags...) shared rather than held once per product: at 200,000 products that
 * halves what the catalog costs. Refreshed for the products a feed changes.
 */
export class CatalogCache implements CatalogView {
  private readonly items = new Map<string, CachedProduct>();
  private readonly brands = new Map<string, Brand>();
  /** One copy of each short repeated value. */
  private readonly shared = new Map<string, string>();
  private newest: ItemInfo[] | null = null;
  /** Newest `updatedAt` seen, to pick up changes made by other processes. */
  private seenUpTo = new Date(0);
  private loaded = false;
  /** Lookups by product id, for the metrics. */
  readonly stats = { hits: 0, misses: 0 };

  constructor(private readonly repos: Repositories) {}

  async load(): Promise<void> {
    this.items.clear();
    for await (const page of this.repos.products.catalogPages()) this.put(page);
    await this.loadBrands();
    this.loaded = true;
  }

  /** Whether the whole catalog has been read once (readiness). */
  get isLoaded(): boolean {
    return this.loaded;
  }

  async refresh(ids: readonly string[]): Promise<void> {
    const found = await this.repos.products.withBrandNames(ids);
    for (const id of ids) this.items.delete(id);
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
    const item = this.count(this.items.get(id));
    return item && toProduct(item);
  }

  brand(id: string): Brand | undefined {
    return this.brands.get(id);
  }

  private put(found: readonly ProductWithBrand[]): void {
    for (const product of found) {
      this.items.set(product.id, this.compact(product));
      if (product.updatedAt > this.seenUpTo) this.seenUpTo = product.updatedAt;
    }
    this.newest = null;
  }

  private compact(product: ProductWithBrand): CachedProduct {
    return {
      id: product.id,
      title: product.title,
      brandId: this.share(product.brandId),
      brandName: this.share(product.brandName),
      category: this.share(product.category),
      colour: this.share(product.colour),
      material: this.share(product.material),
      price: product.price,
      currency: this.share(product.currency),
      season: this.share(product.season),
      launchedAt: product.launchDate.getTime(),
      stockStatus: this.share(product.stockStatus),
      tags: product.tags.map((tag) => this.share(tag)),
      description: product.description,
      imageUrl: product.imageUrl,
      createdMs: product.createdAt.getTime(),
      updatedMs: product.updatedAt.getTime(),
    };
  }

  private share<T extends string>(value: T): T {
    const known = this.shared.get(value);
    if (known !== undefined) return known as T;
    this.shared.set(value, value);
    return value;
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

function toProduct(item: CachedProduct): Product {
  return {
    id: item.id,
    title: item.title,
    description: item.description,
    brandId: item.brandId,
    category: item.category,
    colour: item.colour,
    material: item.material,
    price: item.price,
    currency: item.currency,
    season: item.season,
    launchDate: new Date(item.launchedAt),
    stockStatus: item.stockStatus,
    tags: item.tags,
    imageUrl: item.imageUrl,
    createdAt: new Date(item.createdMs),
    updatedAt: new Date(item.updatedMs),
  };
}
