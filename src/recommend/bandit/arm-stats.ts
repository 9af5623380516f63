/**
 * Beta-Bernoulli evidence per context segment and arm. A shown row or slot is a trial and an
 * attributed positive interaction a success. A trial is counted as a failure when it is shown,
 * and a later success turns it into one (successes + 1, failures − 1): the counts stay additive,
 * so replicas can add their deltas to shared totals in any order.
 */
import type { InteractionType } from '../../realtime/events.js';

/** Interactions that count as a success of the slot (and row) the item was shown in. */
export const SUCCESS_TYPES: ReadonlySet<InteractionType> = new Set(['CLICK', 'WISHLIST', 'ADD_TO_CART', 'PURCHASE']);

export interface ArmCounts {
  successes: number;
  failures: number;
}

export interface ArmEntry extends ArmCounts {
  segment: string;
  arm: string;
}

/** A shown row or slot, as `weight` of a trial (its examination probability, see examination.ts). */
export const trial = (weight = 1): ArmCounts => ({ successes: 0, failures: weight });
/** The success of a trial counted with `weight`: that failure becomes a success. */
export const success = (weight = 1): ArmCounts => ({ successes: 1, failures: -weight });

const key = (segment: string, arm: string) => `${segment}\u0000${arm}`;

export class ArmStats {
  private readonly counts = new Map<string, ArmEntry>();

  static of(entries: Iterable<ArmEntry>): ArmStats {
    const stats = new ArmStats();
    for (const entry of entries) stats.add(entry.segment, entry.arm, entry);
    return stats;
  }

  add(segment: string, arm: string, delta: ArmCounts): void {
    const k = key(segment, arm);
    const entry = this.counts.get(k);
    if (entry) {
      entry.successes += delta.successes;
      entry.failures += delta.failures;
    } else {
      this.counts.set(k, { segment, arm, successes: delta.successes, failures: delta.failures });
    }
  }

  addAll(other: ArmStats): void {
    for (const entry of other.entries()) this.add(entry.segment, entry.arm, entry);
  }

  get(segment: string, arm: string): ArmCounts {
    const entry = this.counts.get(key(segment, arm));
    return { successes: entry?.successes ?? 0, failures: entry?.failures ?? 0 };
  }

  entries(): IterableIterator<ArmEntry> {
    return this.counts.values();
  }

  get size(): number {
    return this.counts.size;
  }
}

/**
 * The Beta posterior of an arm from a uniform prior plus `prior` pseudo-counts. Counts are
 * clamped at 0: a success may reach the totals before the trial it belongs to (another replica,
 * or a page rendered before a restart).
 */
export function posterior(counts: ArmCounts, prior: ArmCounts = { successes: 0, failures: 0 }): { alpha: number; beta: number } {
  return { alpha: 1 + prior.successes + Math.max(0, counts.successes), beta: 1 + prior.failures + Math.max(0, counts.failures) };
}
