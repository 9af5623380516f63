import { assertNoProblems, type Problem } from '../errors.js';

/** Rows moved from the anonymous shopper to the known one. */
export interface MergeCounts {
  interactions: number;
  impressions: number;
  /** Experiment exposures moved. */
  exposures: number;
  /** Exposures dropped because the known shopper already had one in that experiment. */
  droppedExposures: number;
}

export interface ShopperMergeStore {
  /** Moves `fromId`'s rows to `intoId` and deletes `fromId`, in one transaction; InputError for unknown ids. */
  merge(fromId: string, intoId: string): Promise<MergeCounts>;
}

/**
 * Signing in: an anonymous visitor's history becomes the known shopper's. Once merged, the
 * anonymous id no longer exists, so calling again fails with BAD_USER_INPUT naming `fromId`
 * and changes nothing: a retry is safe, and a typo in an id is never silently accepted.
 * The known shopper's preferences and consent govern the merged history.
 */
export async function mergeShoppers(store: ShopperMergeStore, fromId: string, intoId: string): Promise<MergeCounts> {
  const problems: Problem[] = [];
  for (const [field, id] of [['fromId', fromId], ['intoId', intoId]] as const) {
    if (id.trim().length === 0) problems.push({ field, message: 'must be a non-empty shopper id' });
  }
  if (problems.length === 0 && fromId === intoId) problems.push({ field: 'intoId', message: `is the same shopper as fromId ("${fromId}"); a shopper cannot be merged into itself` });
  assertNoProblems(problems);
  return store.merge(fromId, intoId);
}
