import type { Collection, CollectionEntry, CollectionEntryRole } from '../../catalog/types.js';
import type { CollectionDefinition, CollectionRule } from '../../recommend/types.js';
import { Prisma, type PrismaClient } from '../../generated/prisma/client.js';
import { toCollection, toCollectionEntry } from './mappers.js';

/** A collection as written: the id is assigned on create, the description may be left out. */
export type CollectionWrite = Omit<Collection, 'id' | 'description'> & { description?: string | null };

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

  /**
   * Creates or updates a collection by slug; when `members` is given it replaces the ordered
   * MEMBER entries (pins and exclusions stay). One transaction.
   */
  async upsert(input: CollectionWrite, members?: readonly string[]): Promise<Collection> {
    const data = {
      title: input.title,
      description: input.description ?? '',
      kind: input.kind,
      rule: input.rule === null ? Prisma.DbNull : (input.rule as Prisma.InputJsonValue),
      active: input.active,
      position: input.position,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
    };
    const row = await this.prisma.$transaction(async (tx) => {
      const saved = await tx.collection.upsert({ where: { slug: input.slug }, create: { slug: input.slug, ...data }, update: data });
      if (members) {
        await tx.collectionEntry.deleteMany({ where: { collectionId: saved.id, role: 'MEMBER' } });
        await tx.collectionEntry.deleteMany({ where: { collectionId: saved.id, productId: { in: [...members] } } });
        await tx.collectionEntry.createMany({ data: members.map((productId, position) => ({ collectionId: saved.id, productId, role: 'MEMBER' as const, position })) });
      }
      return saved;
    });
    return toCollection(row);
  }

  /** Sets one product's role in a collection (a product has one role per collection). */
  async setEntry(collectionId: string, productId: string, role: CollectionEntryRole, position: number | null): Promise<void> {
    await this.prisma.collectionEntry.upsert({
      where: { collectionId_productId: { collectionId, productId } },
      create: { collectionId, productId, role, position },
      update: { role, position },
    });
  }

  async removeEntry(collectionId: string, productId: string): Promise<boolean> {
    return (await this.prisma.collectionEntry.deleteMany({ where: { collectionId, productId } })).count > 0;
  }

  /** Memberships and pins of the given products (exclusions are not membership). */
  async entriesOfProducts(productIds: readonly string[]): Promise<CollectionEntry[]> {
    const rows = await this.prisma.collectionEntry.findMany({
      where: { productId: { in: [...productIds] }, role: { in: ['MEMBER', 'PIN'] } },
    });
    return rows.map(toCollectionEntry);
  }
}
