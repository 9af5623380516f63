import type { Shopper } from '../catalog/types.js';
import type { RecentEvent, ShopperStateLoader } from '../realtime/shopper-state.js';
import type { SqlRunner } from './client.js';

interface ShopperRow {
  id: string;
  region: string | null;
  favourite_brands: string[];
  favourite_categories: string[];
  sizes: string[];
  price_band_min: string | number | null;
  price_band_max: string | number | null;
  price_band_currency: string | null;
  consent_personalization: boolean;
  consent_purchase_history: boolean;
  consent_aspirational: boolean;
  created_ms: number | string;
  updated_ms: number | string;
}

interface RecentRow {
  user_id: string;
  product_id: string;
  type: RecentEvent['type'];
  occurred_ms: number | string;
}

const num = (value: string | number | null): number | null => (value === null ? null : Number(value));
// Timestamps are read as epoch milliseconds: `timestamp` columns hold UTC wall time, and a
// driver parsing them as local time would shift every event on a machine outside UTC.
const epoch = (column: string, alias: string) => `(extract(epoch from ${column}) * 1000)::float8 AS ${alias}`;

/**
 * The reads of the serving path in plain SQL on the raw connection. Each home page of a shopper
 * not in memory needs them, and an ORM round trip costs many times the query itself on the
 * embedded database.
 */
export function sqlShopperStateLoader(sql: SqlRunner): ShopperStateLoader {
  return {
    async shoppers(ids) {
      const rows = await sql.query<ShopperRow>(
        `SELECT id, region, favourite_brands, favourite_categories, sizes, price_band_min, price_band_max, price_band_currency,
                consent_personalization, consent_purchase_history, consent_aspirational,
                ${epoch('created_at', 'created_ms')}, ${epoch('updated_at', 'updated_ms')}
         FROM users WHERE id = ANY($1::text[])`,
        [ids],
      );
      return rows.map(
        (r): Shopper => ({
          id: r.id,
          region: r.region,
          favouriteBrands: r.favourite_brands,
          favouriteCategories: r.favourite_categories,
          sizes: r.sizes,
          priceBand: { min: num(r.price_band_min), max: num(r.price_band_max), currency: r.price_band_currency },
          consent: { personalization: r.consent_personalization, purchaseHistory: r.consent_purchase_history, aspirationalBrowsing: r.consent_aspirational },
          createdAt: new Date(Number(r.created_ms)),
          updatedAt: new Date(Number(r.updated_ms)),
        }),
      );
    },
    async histories(ids, limit) {
      const rows = await sql.query<RecentRow>(
        `SELECT user_id, product_id, type::text AS type, ${epoch('occurred_at', 'occurred_ms')}
         FROM (SELECT user_id, product_id, type, occurred_at,
                      row_number() OVER (PARTITION BY user_id ORDER BY occurred_at DESC, id DESC) AS rank
               FROM interactions WHERE user_id = ANY($1::text[])) ranked
         WHERE rank <= $2 ORDER BY rank`,
        [ids, limit],
      );
      const byShopper = new Map<string, RecentEvent[]>(ids.map((id) => [id, []]));
      for (const r of rows) {
        byShopper.get(r.user_id)?.push({ userId: r.user_id, productId: r.product_id, type: r.type, occurredAt: new Date(Number(r.occurred_ms)) });
      }
      return byShopper;
    },
  };
}
