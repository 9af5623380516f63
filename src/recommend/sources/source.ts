/** What every candidate source is given, and the small conversions they share. */
import { collectionCandidates } from '../collections.js';
import type { Candidate, CollectionDefinition, RequestContext, ShopperProfile, Signals } from '../types.js';

export interface SourceInput {
  profile: ShopperProfile;
  context: RequestContext;
  signals: Signals;
  /** How many candidates to propose at most. */
  limit: number;
  /** Products not to propose (already on the page, dismissed). */
  exclude: ReadonlySet<string>;
}

/** Cosine in [-1, 1] → source strength in [0, 1]. */
export function unitCosine(cosine: number): number {
  return Math.min(1, Math.max(0, (cosine + 1) / 2));
}

/** A collection's pinned products first (the composer puts them at their slots), then its members. */
export async function collectionSourceCandidates(collection: CollectionDefinition, input: SourceInput): Promise<Candidate[]> {
  const { signals, limit, exclude } = input;
  const reason = { code: 'COLLECTION', title: collection.title } as const;
  const pinned: Candidate[] = collection.pins
    .filter((pin) => !exclude.has(pin.productId) && !collection.exclusions.has(pin.productId) && signals.catalog.get(pin.productId))
    .map((pin) => ({ productId: pin.productId, sourceScore: 1, reason }));
  const isPinned = new Set(pinned.map((c) => c.productId));
  const members = collectionCandidates(collection, signals.catalog, limit + exclude.size + isPinned.size).filter(
    (c) => !exclude.has(c.productId) && !isPinned.has(c.productId),
  );
  return [...pinned, ...members].slice(0, limit);
}
