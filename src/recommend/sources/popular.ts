/** Global popularity: the fallback that every page can have, whole or one category at a time. */
import type { Candidate, Signals } from '../types.js';
import type { SourceInput } from './source.js';

/**
 * Global bestsellers, or the bestsellers of one `category`. A category row reads the whole
 * popularity ranking, which is acceptable because it only runs when a page has run out of
 * every other kind of row.
 */
export async function popular({ signals, limit, exclude }: SourceInput, category?: string): Promise<Candidate[]> {
  const ranking = signals.trending(null, category ? signals.catalog.size : limit + exclude.size);
  const candidates: Candidate[] = [];
  for (const entry of ranking) {
    if (candidates.length >= limit) break;
    if (exclude.has(entry.productId) || (category && signals.catalog.get(entry.productId)?.category !== category)) continue;
    candidates.push({ productId: entry.productId, sourceScore: entry.score, reason: { code: 'POPULAR' } });
  }
  return candidates;
}

/** Categories in the order of their best seller in the global ranking. */
export function popularCategories(signals: Signals): string[] {
  const categories = new Set<string>();
  for (const entry of signals.trending(null, signals.catalog.size)) {
    const category = signals.catalog.get(entry.productId)?.category;
    if (category) categories.add(category);
  }
  return [...categories];
}
