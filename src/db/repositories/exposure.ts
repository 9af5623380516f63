import { Prisma, type PrismaClient } from '../../generated/prisma/client.js';
import type { CountBucket } from '../../insights/concentration.js';
import type { ExposureDayCounts, ExposureSource, ExposureWindow, RowKindCounts } from '../../insights/exposure-report.js';

// `shown_at` is a timestamp without time zone holding UTC: an ISO string cast to ::timestamp
// drops its "Z" and compares wall times, whatever the session's time zone is.
const iso = (date: Date) => date.toISOString();

// Each item of a stored row slice is one impression.
const SHOWN_ITEMS = `impressions i CROSS JOIN LATERAL unnest(i.product_ids) AS s(product_id) JOIN products p ON p.id = s.product_id`;

/**
 * Aggregates of the impressions table for catalog coverage and exposure concentration, counting
 * items shown. Every query groups in the database; only catalog products count (impressions of
 * products removed since are left out).
 */
export class ExposureRepository implements ExposureSource {
  constructor(private readonly prisma: PrismaClient) {}

  async catalogSize(): Promise<number> {
    const [row] = await this.prisma.$queryRaw<{ n: number }[]>`SELECT COUNT(*)::int AS n FROM products`;
    return row.n;
  }

  async countHistogram({ from, to }: ExposureWindow): Promise<CountBucket[]> {
    return this.prisma.$queryRaw<CountBucket[]>`
      SELECT n AS count, COUNT(*)::int AS products
      FROM (SELECT s.product_id, COUNT(*)::int AS n
            FROM ${Prisma.raw(SHOWN_ITEMS)}
            WHERE i.shown_at >= ${iso(from)}::timestamp AND i.shown_at < ${iso(to)}::timestamp
            GROUP BY s.product_id) per_product
      GROUP BY n ORDER BY n`;
  }

  async daily({ from, to }: ExposureWindow): Promise<ExposureDayCounts[]> {
    return this.prisma.$queryRaw<ExposureDayCounts[]>`
      WITH shown AS (
        SELECT s.product_id, i.shown_at FROM ${Prisma.raw(SHOWN_ITEMS)}
        WHERE i.shown_at >= ${iso(from)}::timestamp AND i.shown_at < ${iso(to)}::timestamp
      ),
      per_day AS (
        SELECT to_char(date_trunc('day', shown_at), 'YYYY-MM-DD') AS day, COUNT(*)::int AS impressions, COUNT(DISTINCT product_id)::int AS products_shown
        FROM shown GROUP BY 1
      ),
      first_day AS (
        SELECT day, COUNT(*)::int AS first_shown
        FROM (SELECT to_char(date_trunc('day', MIN(shown_at)), 'YYYY-MM-DD') AS day FROM shown GROUP BY product_id) firsts
        GROUP BY day
      )
      SELECT per_day.day, impressions, products_shown AS "productsShown", COALESCE(first_shown, 0)::int AS "firstShown"
      FROM per_day LEFT JOIN first_day ON first_day.day = per_day.day
      ORDER BY per_day.day`;
  }

  async byRowKind({ from, to }: ExposureWindow): Promise<RowKindCounts[]> {
    return this.prisma.$queryRaw<RowKindCounts[]>`
      SELECT i.row_kind AS "rowKind", COUNT(*)::int AS impressions, COUNT(DISTINCT s.product_id)::int AS "productsShown"
      FROM ${Prisma.raw(SHOWN_ITEMS)}
      WHERE i.shown_at >= ${iso(from)}::timestamp AND i.shown_at < ${iso(to)}::timestamp
      GROUP BY i.row_kind ORDER BY impressions DESC, i.row_kind`;
  }

  /**
   * How often each product was shown to `userId` in [from, to) with no engagement on it by that
   * shopper since it was shown (ranking's rotation; see RankingConfig.rotation).
   */
  async shownWithoutEngagement(userId: string, { from, to }: ExposureWindow): Promise<Map<string, number>> {
    const rows = await this.prisma.$queryRaw<{ product_id: string; n: number }[]>`
      SELECT s.product_id, COUNT(*)::int AS n
      FROM impressions i CROSS JOIN LATERAL unnest(i.product_ids) AS s(product_id)
      WHERE i.user_id = ${userId} AND i.shown_at >= ${iso(from)}::timestamp AND i.shown_at < ${iso(to)}::timestamp
        AND NOT EXISTS (
          SELECT 1 FROM interactions x
          WHERE x.user_id = ${userId} AND x.product_id = s.product_id AND x.occurred_at >= i.shown_at
            AND x.type IN ('CLICK', 'DWELL', 'WISHLIST', 'ADD_TO_CART', 'PURCHASE'))
      GROUP BY s.product_id`;
    return new Map(rows.map((r) => [r.product_id, r.n]));
  }
}
