import type { Shopper } from '../../catalog/types.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { MergeCounts } from '../../realtime/merge-shoppers.js';
import { mergeShoppersInDatabase } from '../merge-shoppers.js';
import { toShopper } from './mappers.js';

export class ShopperRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async findByIds(ids: readonly string[]): Promise<Shopper[]> {
    const rows = await this.prisma.user.findMany({ where: { id: { in: [...ids] } } });
    return rows.map(toShopper);
  }

  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    const rows = await this.prisma.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true } });
    return new Set(rows.map((r) => r.id));
  }

  /** `consentingOnly`: only shoppers who consented to personalization. */
  async page(options: { first: number; afterId?: string; consentingOnly?: boolean }): Promise<Shopper[]> {
    const rows = await this.prisma.user.findMany({
      where: {
        ...(options.afterId !== undefined && { id: { gt: options.afterId } }),
        ...(options.consentingOnly && { consentPersonalization: true }),
      },
      orderBy: { id: 'asc' },
      take: options.first + 1,
    });
    return rows.map(toShopper);
  }

  /** Shoppers who allow personalization (the others are never learned from). */
  async forTraining(): Promise<Shopper[]> {
    return (await this.prisma.user.findMany({ where: { consentPersonalization: true }, orderBy: { id: 'asc' } })).map(toShopper);
  }

  count(options: { consentingOnly?: boolean } = {}): Promise<number> {
    return this.prisma.user.count({ where: options.consentingOnly ? { consentPersonalization: true } : {} });
  }

  /** See mergeShoppersInDatabase: one transaction, InputError for unknown ids. */
  merge(fromId: string, intoId: string): Promise<MergeCounts> {
    return mergeShoppersInDatabase(this.prisma, fromId, intoId);
  }
}
