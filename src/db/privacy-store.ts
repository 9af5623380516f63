import type { Shopper, StoredInteraction } from '../catalog/types.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { ImpressionRow } from './insert-impressions.js';
import { toInteraction, toShopper } from './repositories/mappers.js';

export type Consent = Shopper['consent'];

/** An impression as exported: the shopper is the one asking. */
export type StoredImpression = Omit<ImpressionRow, 'userId'>;

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
      this.prisma.impression.findMany({ where: { userId }, orderBy: [{ shownAt: 'asc' }, { id: 'asc' }] }),
      this.prisma.experimentExposure.findMany({ where: { userId }, orderBy: { firstExposedAt: 'asc' } }),
    ]);
    return {
      profile: user && toShopper(user),
      interactions: interactions.map(toInteraction),
      impressions: impressions.map(({ id: _id, userId: _user, ...impression }) => impression),
      experimentExposures: exposures.map(({ userId: _user, ...exposure }) => exposure),
    };
  }

  /** Deletes every row naming the shopper, in one transaction. */
  async erase(userId: string): Promise<ErasureCounts> {
    return this.prisma.$transaction(async (tx) => {
      const impressions = await tx.$executeRawUnsafe(`DELETE FROM impressions WHERE user_id = $1`, userId);
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
      this.prisma.impression.count({ where: { shownAt: { lt: cutoff } } }),
    ]);
    return { interactions, impressions };
  }

  /**
   * Deletes raw events older than `cutoff` in batches, each its own short transaction, so serving
   * and ingestion are never blocked behind one huge delete. `onBatch` gets the rows deleted so far.
   */
  async deleteEventsBefore(cutoff: Date, options: { batchSize?: number; onBatch?: (deleted: RetentionCounts) => void } = {}): Promise<RetentionCounts> {
    const batch = options.batchSize ?? 10_000;
    const deleted: RetentionCounts = { interactions: 0, impressions: 0 };
    const tables = [
      ['interactions', 'interactions', 'occurred_at'],
      ['impressions', 'impressions', 'shown_at'],
    ] as const;
    for (const [key, table, column] of tables) {
      for (;;) {
        const n = await this.prisma.$executeRawUnsafe(
          `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ${column} < $1::timestamp LIMIT $2)`,
          cutoff.toISOString(),
          batch,
        );
        deleted[key] += n;
        options.onBatch?.({ ...deleted });
        if (n < batch) break;
      }
    }
    return deleted;
  }
}
