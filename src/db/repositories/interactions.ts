import type { StoredInteraction } from '../../catalog/types.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { InteractionEvent } from '../../realtime/events.js';
import { toInteraction } from './mappers.js';

export interface BatchWriteResult {
  /** Rows written; events whose eventId was already stored are not written again. */
  inserted: number;
  createdShoppers: number;
}

export class InteractionRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Writes a validated batch in one transaction; returns only after the commit. */
  async writeBatch(events: readonly InteractionEvent[], options: { createShoppers: boolean; now: Date }): Promise<BatchWriteResult> {
    return this.prisma.$transaction(async (tx) => {
      let createdShoppers = 0;
      if (options.createShoppers) {
        const ids = [...new Set(events.map((e) => e.userId))];
        createdShoppers = (await tx.user.createMany({ data: ids.map((id) => ({ id })), skipDuplicates: true })).count;
      }
      const { count } = await tx.interaction.createMany({
        data: events.map((e) => ({
          eventId: e.eventId ?? null,
          userId: e.userId,
          productId: e.productId,
          type: e.type,
          dwellMs: e.dwellMs ?? null,
          rating: e.rating ?? null,
          quantity: e.quantity ?? null,
          unitPrice: e.unitPrice ?? null,
          occurredAt: e.occurredAt ?? options.now,
          device: e.context?.device ?? null,
          occasion: e.context?.occasion ?? null,
          season: e.context?.season ?? null,
          region: e.context?.region ?? null,
          localTime: e.context?.localTime ?? null,
          referrer: e.context?.referrer ?? null,
          impressionId: e.impressionId ?? null,
        })),
        skipDuplicates: true,
      });
      return { inserted: count, createdShoppers };
    });
  }

  /**
   * The `limit` most recent interactions of each shopper, newest first, in two queries
   * whatever the number of shoppers (a window function picks the rows per shopper).
   */
  async recentByShoppers(userIds: readonly string[], limit: number): Promise<Map<string, StoredInteraction[]>> {
    const picked = await this.prisma.$queryRaw<{ id: bigint }[]>`
      SELECT id FROM (
        SELECT id, row_number() OVER (PARTITION BY user_id ORDER BY occurred_at DESC, id DESC) AS rank
        FROM interactions WHERE user_id = ANY(${[...userIds]}::text[])
      ) ranked WHERE rank <= ${limit}`;
    const rows = picked.length
      ? await this.prisma.interaction.findMany({
          where: { id: { in: picked.map((p) => p.id) } },
          orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
        })
      : [];
    const byShopper = new Map<string, StoredInteraction[]>(userIds.map((id) => [id, []]));
    for (const row of rows) byShopper.get(row.userId)?.push(toInteraction(row));
    return byShopper;
  }

  countAll(): Promise<number> {
    return this.prisma.interaction.count();
  }
}
