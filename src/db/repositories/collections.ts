import type { Collection, CollectionEntry } from '../../catalog/types.js';
import type { CollectionDefinition, CollectionRule } from '../../recommend/types.js';
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

  /** Every collection with its members, pins and exclusions, as the recommendation core reads them. */
  async definitions(): Promise<CollectionDefinition[]> {
    const collections = await this.all();
    const entries = await this.entriesOfCollections(collections.map((c) => c.id));
    return collections.map((c) => {
      const own = entries.filter((e) => e.collectionId === c.id);
      return {
        id: c.id,
        slug: c.slug,
        title: c.title,
        kind: c.kind,
        rule: (c.rule as CollectionRule | null) ?? null,
        members: own.filter((e) => e.role === 'MEMBER').map((e) => e.productId),
        pins: own.filter((e) => e.role === 'PIN').map((e) => ({ productId: e.productId, position: e.position ?? 1 })),
        exclusions: new Set(own.filter((e) => e.role === 'EXCLUSION').map((e) => e.productId)),
        position: c.position,
        active: c.active,
        startsAt: c.startsAt,
        endsAt: c.endsAt,
      };
    });
  }

  /** Memberships and pins of the given products (exclusions are not membership). */
  async entriesOfProducts(productIds: readonly string[]): Promise<CollectionEntry[]> {
    const rows = await this.prisma.collectionEntry.findMany({
      where: { productId: { in: [...productIds] }, role: { in: ['MEMBER', 'PIN'] } },
    });
    return rows.map(toCollectionEntry);
  }
}
