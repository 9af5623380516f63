/** New arrivals: recent and upcoming launches, for the shopper when the page is personalised. */
import { dot } from '../../index/vector-index.js';
import { freshness } from '../rank/score.js';
import type { Candidate, ItemInfo } from '../types.js';
import { unitCosine, type SourceInput } from './source.js';

const DAY_MS = 86_400_000;

export interface NewArrivalsOptions {
  /** How far back a launch still counts as new. */
  windowDays?: number;
  /** Freshness halves every this many days after launch. */
  halfLifeDays: number;
  /** Brands the shopper loves (favourites, wishlists, purchases): named in the reason. */
  lovedBrandIds: ReadonlySet<string>;
}

/**
 * Launches of the last `windowDays` days, plus upcoming ones open for pre-order, from the
 * catalog's newest-first list (only a prefix is read). Personalised: ranked by
 * freshness × relevance to the shopper; otherwise newest first.
 */
export async function newArrivals(input: SourceInput, options: NewArrivalsOptions): Promise<Candidate[]> {
  const { profile, context, signals, limit, exclude } = input;
  const now = context.now.getTime();
  const since = now - (options.windowDays ?? 60) * DAY_MS;
  const personal = profile.personalized && profile.vector !== null;
  // Personalised ranking reorders a wider window than it keeps.
  const scan = personal ? limit * 2 : limit;
  const recent: ItemInfo[] = [];
  for (const item of signals.catalog.newestFirst()) {
    if (item.launchedAt < since || recent.length >= scan) break;
    if (item.launchedAt > now && item.stockStatus !== 'PREORDER') continue;
    if (!exclude.has(item.id)) recent.push(item);
  }
  const fresh = (item: ItemInfo) => freshness(item, now, options.halfLifeDays);
  if (!personal) {
    return recent.slice(0, limit).map((item) => ({ productId: item.id, sourceScore: fresh(item), reason: { code: 'NEW_ARRIVAL' } }));
  }
  const vectors = await Promise.all(recent.map((item) => signals.itemVector(item.id)));
  return recent
    .map((item, i) => {
      const vector = vectors[i];
      // Without an embedding the item is neither close to nor far from the shopper.
      const relevance = vector ? unitCosine(dot(profile.vector!, vector)) : 0.5;
      return {
        productId: item.id,
        sourceScore: fresh(item) * relevance,
        reason: { code: 'NEW_FOR_YOU', brandLoved: options.lovedBrandIds.has(item.brandId) } as const,
      };
    })
    .sort((a, b) => b.sourceScore - a.sourceScore || a.productId.localeCompare(b.productId))
    .slice(0, limit);
}
