import type { Collection, CollectionEntry } from '../../catalog/types.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { toCollection, toCollectionEntry } from './mappers.js';

export class CollectionRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async all(): Promise<Collection[]> {
    const rows = await this.prisma.collection.findMany({ orderBy: [{ position: 'asc' }, { slug: 'asc' }] });
    return rows.map(toCollection);
  }

  async bySlug(slug: string): Promise<Collection | null> {
    const row = await this.prisma.collection.findUnique({ where: { slug } });
    return row && toCollection(row);
  }

  async findByIds(ids: readonly string[]): Promise<Collection[]> {
    return (await this.prisma.collection.findMany({ where: { id: { in: [...ids] } } })).map(toCollection);
  }

  /** Entries of the given collections, in display order (pins and members by position). */
  async entriesOfCollections(collectionIds: readonly string[]): Promise<CollectionEntry[]> {
    const rows = await this.prisma.collectionEntry.findMany({
      where: { collectionId: { in: [...collectionIds] } },
      orderBy: [{ position: 'asc' }, { productId: 'asc' }],
    });
    return rows.map(toCollectionEntry);
  }

  /** Memberships and pins of the given products (exclusions are not membership). */
  async entriesOfProducts(productIds: readonly string[]): Promise<CollectionEntry[]> {
    const rows = await this.prisma.collectionEntry.findMany({
      where: { productId: { in: [...productIds] }, role: { in: ['MEMBER', 'PIN'] } },
    });
    return rows.map(toCollectionEntry);
  }
}
