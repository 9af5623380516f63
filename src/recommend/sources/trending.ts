/** Trending in the shopper's region (time-decayed popularity), or globally when the region is thin. */
import type { Candidate } from '../types.js';
import type { SourceInput } from './source.js';

/** Fewer trending items than this in a region means too little data to speak of a regional trend. */
export const MIN_REGIONAL_ITEMS = 20;

export interface Trending {
  /** The region actually used; null for the global trend. */
  region: string | null;
  candidates: Candidate[];
}

export async function trending(input: SourceInput, minRegionalItems = MIN_REGIONAL_ITEMS): Promise<Trending> {
  const { profile, context, signals, limit, exclude } = input;
  const wanted = limit + exclude.size;
  const home = context.region ?? profile.region;
  let region: string | null = null;
  let list = home ? signals.trending(home, wanted) : [];
  if (list.length >= Math.min(minRegionalItems, wanted)) region = home;
  else list = signals.trending(null, wanted);
  const reason = { code: 'TRENDING', region } as const;
  const candidates = list
    .filter((entry) => !exclude.has(entry.productId))
    .slice(0, limit)
    .map((entry) => ({ productId: entry.productId, sourceScore: entry.score, reason }));
  return { region, candidates };
}
