import type { StoredInteraction } from '../../catalog/types.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { InteractionType } from '../../realtime/events.js';

export interface PopularityAggregate {
  productId: string;
  region: string | null;
  type: InteractionType;
  day: Date;
  n: number;
}

export interface TrainingEvent {
  userId: string;
  productId: string;
  type: InteractionType;
  occurredAt: Date;
}
import { toInteraction } from './mappers.js';

export class InteractionRepository {
  constructor(private readonly prisma: PrismaClient) {}

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

  /**
   * Every interaction the shoppers' consent lets the model learn from, oldest first: none from
   * shoppers who opted out of personalization, no purchases or returns from those who withheld
   * their purchase history.
   */
  async forTraining(): Promise<TrainingEvent[]> {
    const rows = await this.prisma.$queryRawUnsafe<{ user_id: string; product_id: string; type: InteractionType; occurred_at: Date }[]>(
      `SELECT i.user_id, i.product_id, i.type::text AS type, i.occurred_at
       FROM interactions i JOIN users u ON u.id = i.user_id
       WHERE u.consent_personalization AND (u.consent_purchase_history OR i.type NOT IN ('PURCHASE', 'RETURN'))
       ORDER BY i.occurred_at, i.id`,
    );
    return rows.map((r) => ({ userId: r.user_id, productId: r.product_id, type: r.type, occurredAt: new Date(r.occurred_at) }));
  }

  /** Products by number of positive interactions, most first (the non-personalised fallback). */
  async popular(limit: number): Promise<{ productId: string; score: number }[]> {
    const rows = await this.prisma.$queryRawUnsafe<{ product_id: string; n: number | bigint }[]>(
      `SELECT product_id, count(*) AS n FROM interactions
       WHERE type NOT IN ('SKIP', 'DISMISS', 'RETURN')
       GROUP BY product_id ORDER BY n DESC, product_id LIMIT $1`,
      limit,
    );
    return rows.map((r) => ({ productId: r.product_id, score: Number(r.n) }));
  }

  /**
   * Positive interactions of the last `days` days with their region (the event's, else the
   * shopper's), aggregated per product, region, type and day: enough to rebuild decayed
   * popularity at start-up without reading every row into memory. Yielded in pages of
   * `productsPerPage` products (keyset over product ids, each page one range of the
   * (product_id, occurred_at) index), so a large catalog's aggregates never sit in memory at once.
   */
  async *popularitySince(days: number, now: Date, productsPerPage = 10_000): AsyncGenerator<PopularityAggregate[]> {
    const since = new Date(now.getTime() - days * 86_400_000).toISOString();
    let afterId = '';
    for (;;) {
      const [bound] = await this.prisma.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id FROM products WHERE id > $1 ORDER BY id OFFSET $2 LIMIT 1`,
        afterId,
        productsPerPage - 1,
      );
      // The last page has no upper bound; both forms keep the range on the index.
      const rows = await this.prisma.$queryRawUnsafe<{ product_id: string; region: string | null; type: InteractionType; day: Date; n: number }[]>(
        `SELECT i.product_id, coalesce(i.region, u.region) AS region, i.type::text AS type,
                date_trunc('day', i.occurred_at) AS day, count(*)::int AS n
         FROM interactions i JOIN users u ON u.id = i.user_id
         WHERE i.occurred_at >= $1::timestamp AND i.type NOT IN ('SKIP', 'DISMISS', 'RETURN')
           AND i.product_id > $2 ${bound ? 'AND i.product_id <= $3' : ''}
         GROUP BY 1, 2, 3, 4`,
        ...[since, afterId, ...(bound ? [bound.id] : [])],
      );
      if (rows.length) yield rows.map((r) => ({ productId: r.product_id, region: r.region, type: r.type, day: new Date(r.day), n: Number(r.n) }));
      if (!bound) return;
      afterId = bound.id;
    }
  }

  countAll(): Promise<number> {
    return this.prisma.interaction.count();
  }
}
