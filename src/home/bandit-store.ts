import type { SqlRunner } from '../db/client.js';
import { SUCCESS_TYPES, type ArmEntry } from '../recommend/bandit/arm-stats.js';
import type { ItemExposure } from '../recommend/bandit/exploration.js';

/** Where bandit evidence lives between restarts and is shared by replicas. */
export interface BanditStore {
  /** Every arm's totals. */
  loadArms(): Promise<ArmEntry[]>;
  /** Adds deltas to the totals in one statement (atomic, so concurrent replicas never lose an update). */
  addArms(deltas: readonly ArmEntry[]): Promise<void>;
  /** Impressions per product since `since`, and how many of them led to an attributed positive interaction. */
  loadExposures(since: Date): Promise<Map<string, ItemExposure>>;
}

// Timestamps are stored as UTC wall time in `timestamp` columns (see insert-interactions.ts).
const ADD_ARMS = `INSERT INTO bandit_arms (segment, arm, successes, failures, updated_at)
SELECT segment, arm, successes, failures, now() AT TIME ZONE 'UTC'
FROM unnest($1::text[], $2::text[], $3::double precision[], $4::double precision[]) AS d(segment, arm, successes, failures)
ON CONFLICT (segment, arm) DO UPDATE SET
  successes = bandit_arms.successes + EXCLUDED.successes,
  failures = bandit_arms.failures + EXCLUDED.failures,
  updated_at = EXCLUDED.updated_at`;

export function sqlBanditStore(sql: SqlRunner): BanditStore {
  return {
    async loadArms() {
      const rows = await sql.query<{ segment: string; arm: string; successes: number; failures: number }>('SELECT segment, arm, successes, failures FROM bandit_arms');
      return rows.map((r) => ({ segment: r.segment, arm: r.arm, successes: Number(r.successes), failures: Number(r.failures) }));
    },
    async addArms(deltas) {
      if (deltas.length === 0) return;
      await sql.query(ADD_ARMS, [deltas.map((d) => d.segment), deltas.map((d) => d.arm), deltas.map((d) => d.successes), deltas.map((d) => d.failures)]);
    },
    async loadExposures(since) {
      const [shown, successes] = await Promise.all([
        sql.query<{ product_id: string; n: number }>(
          'SELECT product_id, count(*)::int AS n FROM impressions CROSS JOIN LATERAL unnest(product_ids) AS shown(product_id) WHERE shown_at >= $1::timestamp GROUP BY product_id',
          [since.toISOString()],
        ),
        sql.query<{ product_id: string; n: number }>(
          `SELECT product_id, count(DISTINCT impression_id)::int AS n FROM interactions
           WHERE impression_id IS NOT NULL AND occurred_at >= $1::timestamp AND type::text = ANY($2::text[])
           GROUP BY product_id`,
          [since.toISOString(), [...SUCCESS_TYPES]],
        ),
      ]);
      const exposures = new Map<string, ItemExposure>();
      for (const row of shown) exposures.set(row.product_id, { shown: Number(row.n), successes: 0 });
      for (const row of successes) {
        const exposure = exposures.get(row.product_id);
        if (exposure) exposure.successes = Math.min(exposure.shown, Number(row.n));
      }
      return exposures;
    },
  };
}
