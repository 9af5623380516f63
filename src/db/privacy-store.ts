import type { Shopper, StoredInteraction } from '../catalog/types.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { toInteraction, toShopper } from './repositories/mappers.js';

export type Consent = Shopper['consent'];

/** One item shown, as exported (the shopper is the one asking). */
export interface StoredImpression {
  pageId: string;
  rowId: string;
  rowKind: string;
  /** 1-based position in the row. */
  position: number;
  productId: string;
  experimentId: string | null;
  variant: string | null;
  arm: string | null;
  segment: string | null;
  shownAt: Date;
}

export interface StoredExposure {
  experimentId: string;
  variant: string;
  firstExposedAt: Date;
  lastExposedAt: Date;
  pages: number;
}

/** Every row that names one shopper. */
export interface ShopperRecords {
  profile: Shopper | null;
  interactions: StoredInteraction[];
  impressions: StoredImpression[];
  experimentExposures: StoredExposure[];
}

export interface ErasureCounts {
  profile: boolean;
  interactions: number;
  impressions: number;
  experimentExposures: number;
}

export interface RetentionCounts {
  interactions: number;
  impressions: number;
}

/**
 * The tables that hold personal data, read and deleted per shopper, and raw events deleted by
 * age. Every table with a user id is listed here: a table added later with one must be added too
 * (test/privacy/erasure.test.ts checks every table that has a user_id column).
 */
/** Runs a data-modifying statement that returns `n` items per row; returns their sum. */
async function itemsAffected(db: Pick<PrismaClient, '$queryRawUnsafe'>, statement: string, ...values: unknown[]): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ n: number }[]>(`WITH changed AS (${statement}) SELECT COALESCE(SUM(n), 0)::int AS n FROM changed`, ...values);
  return row.n;
}

export class PrivacyStore {
  constructor(private readonly prisma: PrismaClient) {}

  /** Sets the given flags (the others keep their value); a shopper not seen before is created. */
  async setConsent(userId: string, consent: Partial<Consent>): Promise<Shopper> {
    const data = {
      ...(consent.personalization !== undefined && { consentPersonalization: consent.personalization }),
      ...(consent.purchaseHistory !== undefined && { consentPurchaseHistory: consent.purchaseHistory }),
      ...(consent.aspirationalBrowsing !== undefined && { consentAspirational: consent.aspirationalBrowsing }),
    };
    return toShopper(await this.prisma.user.upsert({ where: { id: userId }, create: { id: userId, ...data }, update: data }));
  }

  async records(userId: string): Promise<ShopperRecords> {
    const [user, interactions, impressions, exposures] = await Promise.all([
      this.prisma.user.findUnique({ where: { id: userId } }),
      this.prisma.interaction.findMany({ where: { userId }, orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] }),
      this.prisma.impression.findMany({ where: { userId }, orderBy: [{ shownAt: 'asc' }, { pageId: 'asc' }, { rowId: 'asc' }, { firstPosition: 'asc' }] }),
      this.prisma.experimentExposure.findMany({ where: { userId }, orderBy: { firstExposedAt: 'asc' } }),
    ]);
    return {
      profile: user && toShopper(user),
      interactions: interactions.map(toInteraction),
      impressions: impressions.flatMap(({ userId: _user, firstPosition, productIds, arms, ...slice }) =>
        productIds.map((productId, i) => ({ ...slice, position: firstPosition + i, productId, arm: arms?.[i] ?? null })),
      ),
      experimentExposures: exposures.map(({ userId: _user, ...exposure }) => exposure),
    };
  }

  /** Deletes every row naming the shopper, in one transaction. */
  async erase(userId: string): Promise<ErasureCounts> {
    return this.prisma.$transaction(async (tx) => {
      const impressions = await itemsAffected(tx, `DELETE FROM impressions WHERE user_id = $1 RETURNING cardinality(product_ids) AS n`, userId);
      const experimentExposures = await tx.$executeRawUnsafe(`DELETE FROM experiment_exposures WHERE user_id = $1`, userId);
      const interactions = await tx.$executeRawUnsafe(`DELETE FROM interactions WHERE user_id = $1`, userId);
      const users = await tx.$executeRawUnsafe(`DELETE FROM users WHERE id = $1`, userId);
      return { profile: users > 0, interactions, impressions, experimentExposures };
    });
  }

  /** Raw events older than `cutoff`, counted (what a retention run would delete). */
  async countEventsBefore(cutoff: Date): Promise<RetentionCounts> {
    const [interactions, impressions] = await Promise.all([
      this.prisma.interaction.count({ where: { occurredAt: { lt: cutoff } } }),
      this.prisma
        .$queryRawUnsafe<{ n: number }[]>(`SELECT COALESCE(SUM(cardinality(product_ids)), 0)::int AS n FROM impressions WHERE shown_at < $1::timestamp`, cutoff.toISOString())
        .then(([row]) => row.n),
    ]);
    return { interactions, impressions };
  }

  /**
   * Deletes raw events older than `cutoff` in batches, each its own short transaction, so serving
   * and ingestion are never blocked behind one huge delete. `onBatch` gets what was deleted so far
   * (interactions, and impressions counted in items shown).
   */
  async deleteEventsBefore(cutoff: Date, options: { batchSize?: number; onBatch?: (deleted: RetentionCounts) => void } = {}): Promise<RetentionCounts> {
    const batch = options.batchSize ?? 10_000;
    const deleted: RetentionCounts = { interactions: 0, impressions: 0 };
    // A batch is `batch` rows: interactions, or impression slices (whose items are what is counted).
    const batches = [
      ['interactions', `WITH d AS (DELETE FROM interactions WHERE id IN (SELECT id FROM interactions WHERE occurred_at < $1::timestamp LIMIT $2) RETURNING 1 AS n)`],
      [
        'impressions',
        `WITH d AS (DELETE FROM impressions WHERE (page_id, row_id, first_position) IN (
           SELECT page_id, row_id, first_position FROM impressions WHERE shown_at < $1::timestamp LIMIT $2) RETURNING cardinality(product_ids) AS n)`,
      ],
    ] as const;
    for (const [key, deleting] of batches) {
      for (;;) {
        const [{ rows, items }] = await this.prisma.$queryRawUnsafe<{ rows: number; items: number }[]>(
          `${deleting} SELECT count(*)::int AS rows, COALESCE(SUM(n), 0)::int AS items FROM d`,
          cutoff.toISOString(),
          batch,
        );
        deleted[key] += items;
        options.onBatch?.({ ...deleted });
        if (rows < batch) break;
      }
    }
    return deleted;
  }
}
