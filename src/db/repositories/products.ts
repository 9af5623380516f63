import { brandIdFor, slugify, type ProductFeedItem } from '../../catalog/product-feed.js';
import type { Product, ProductFilter } from '../../catalog/types.js';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.js';
import { toProduct } from './mappers.js';

export interface UpsertResult {
  created: number;
  updated: number;
  ids: string[];
}

export class ProductRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async findByIds(ids: readonly string[]): Promise<Product[]> {
    const rows = await this.prisma.product.findMany({ where: { id: { in: [...ids] } } });
    return rows.map(toProduct);
  }

  /** Every product id, in id order. */
  async ids(): Promise<string[]> {
    return (await this.prisma.product.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((row) => row.id);
  }

  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    const rows = await this.prisma.product.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true } });
    return new Set(rows.map((r) => r.id));
  }

  /** One page in id order; fetches one extra row so the caller knows whether more follow. */
  async page(options: { first: number; afterId?: string; filter?: ProductFilter | null }): Promise<Product[]> {
    const where = productWhere(options.filter);
    if (options.afterId !== undefined) where.id = { gt: options.afterId };
    const rows = await this.prisma.product.findMany({ where, orderBy: { id: 'asc' }, take: options.first + 1 });
    return rows.map(toProduct);
  }

  /** Products with their brand names, for feature extraction. */
  async withBrandNames(ids?: readonly string[]): Promise<(Product & { brandName: string; visualFeatures: number[] })[]> {
    const rows = await this.prisma.product.findMany({
      where: ids ? { id: { in: [...ids] } } : {},
      include: { brand: { select: { name: true } } },
      orderBy: { id: 'asc' },
    });
    return rows.map((row) => ({ ...toProduct(row), brandName: row.brand.name, visualFeatures: row.visualFeatures }));
  }

  /**
   * The whole catalog with brand names, in pages of `pageSize` in id order (keyset), without
   * visual features: a 200,000-product catalog read at once held every row three times over
   * (driver, ORM, mapped) at the peak of start-up.
   */
  async *catalogPages(pageSize = 10_000): AsyncGenerator<(Product & { brandName: string })[]> {
    let afterId: string | undefined;
    for (;;) {
      const rows = await this.prisma.product.findMany({
        where: afterId === undefined ? {} : { id: { gt: afterId } },
        omit: { visualFeatures: true },
        include: { brand: { select: { name: true } } },
        orderBy: { id: 'asc' },
        take: pageSize,
      });
      if (rows.length) yield rows.map((row) => ({ ...toProduct(row), brandName: row.brand.name }));
      if (rows.length < pageSize) return;
      afterId = rows[rows.length - 1].id;
    }
  }

  /** Ids of products updated after `since` (strictly), oldest change first. */
  async changedSince(since: Date): Promise<string[]> {
    const rows = await this.prisma.product.findMany({ where: { updatedAt: { gt: since } }, select: { id: true }, orderBy: { updatedAt: 'asc' } });
    return rows.map((r) => r.id);
  }

  async setVisualFeatures(id: string, features: number[]): Promise<void> {
    await this.prisma.product.update({ where: { id }, data: { visualFeatures: features } });
  }

  count(filter?: ProductFilter | null): Promise<number> {
    return this.prisma.product.count({ where: productWhere(filter) });
  }

  /** Writes a validated feed batch in one transaction: all of it or nothing. */
  async upsertFeed(items: readonly ProductFeedItem[]): Promise<UpsertResult> {
    const existing = await this.existingIds(items.map((i) => i.id));
    await this.prisma.$transaction(async (tx) => {
      const brands = new Map(items.map((i) => [brandIdFor(i.brand), i.brand.trim()]));
      await tx.brand.createMany({
        data: [...brands].map(([id, name]) => ({ id, slug: slugify(name), name })),
        skipDuplicates: true,
      });
      for (const item of items) {
        const data = {
          title: item.title,
          description: item.description ?? '',
          brandId: brandIdFor(item.brand),
          category: item.category,
          colour: item.colour,
          material: item.material,
          price: item.price,
          currency: item.currency,
          tags: item.tags ?? [],
          imageUrl: item.imageUrl ?? null,
          // A changed product needs a new embedding (and new visual features if the image changed).
          embeddingModelId: null,
          ...(item.season ? { season: item.season } : {}),
          ...(item.launchDate ? { launchDate: item.launchDate } : {}),
          ...(item.stockStatus ? { stockStatus: item.stockStatus } : {}),
        };
        await tx.product.upsert({ where: { id: item.id }, create: { id: item.id, ...data }, update: data });
      }
    });
    const created = items.filter((i) => !existing.has(i.id)).length;
    return { created, updated: items.length - created, ids: items.map((i) => i.id) };
  }
}

function productWhere(filter?: ProductFilter | null): Prisma.ProductWhereInput {
  if (!filter) return {};
  const where: Prisma.ProductWhereInput = {};
  // Brands are matched by slug so that "Maison Vérane" and "maison-verane" both work.
  if (filter.brands?.length) where.brand = { slug: { in: filter.brands.map(slugify) } };
  if (filter.categories?.length) where.category = { in: filter.categories };
  if (filter.colours?.length) where.colour = { in: filter.colours };
  if (filter.seasons?.length) where.season = { in: filter.seasons };
  if (filter.minPrice != null || filter.maxPrice != null) {
    where.price = { ...(filter.minPrice != null ? { gte: filter.minPrice } : {}), ...(filter.maxPrice != null ? { lte: filter.maxPrice } : {}) };
  }
  if (filter.inStock === true) where.stockStatus = { in: ['IN_STOCK', 'LOW_STOCK'] };
  if (filter.inStock === false) where.stockStatus = { notIn: ['IN_STOCK', 'LOW_STOCK'] };
  return where;
}
