/**
 * Recently viewed ("continue shopping"): the products the shopper engaged with lately and has
 * not bought or turned down since, newest first. It needs no model, only the shopper's own
 * history (consent-filtered before it gets here), so opted-out and anonymous visitors get none.
 */
import type { InteractionType } from '../../realtime/events.js';
import type { Candidate } from '../types.js';
import type { SourceInput } from './source.js';

/** Older engagement is not "where the shopper left off". */
export const RECENTLY_VIEWED_DAYS = 30;

const ENGAGED: ReadonlySet<InteractionType> = new Set(['VIEW', 'CLICK', 'DWELL', 'WISHLIST', 'ADD_TO_CART']);
const DAY_MS = 86_400_000;

export function recentlyViewed({ profile, context, signals, limit, exclude }: SourceInput): Candidate[] {
  const since = context.now.getTime() - RECENTLY_VIEWED_DAYS * DAY_MS;
  const decided = new Set<string>();
  const products: string[] = [];
  for (const event of profile.history) {
    if (products.length >= limit || event.occurredAt.getTime() < since) break;
    const id = event.productId;
    if (decided.has(id)) continue;
    // The newest event about a product decides: a purchase, skip, dismissal or return since the view ends it.
    decided.add(id);
    if (ENGAGED.has(event.type) && !exclude.has(id) && !profile.dismissed.has(id) && !profile.purchasedAt.has(id) && signals.catalog.get(id)) products.push(id);
  }
  return products.map((productId, i) => ({ productId, sourceScore: 1 - i / products.length, reason: { code: 'RECENTLY_VIEWED' } }));
}
