import type { Shopper, StoredInteraction } from '../catalog/types.js';
import type { InteractionType } from '../realtime/events.js';
import { spendingTop } from '../recommend/rules/price-band.js';

export interface ConsentedEvent {
  productId: string;
  type: InteractionType;
  occurredAt: Date;
}

type PastEvent = Pick<StoredInteraction, 'productId' | 'type' | 'occurredAt'>;
/** A product's price, when known. */
export type PriceOf = (productId: string) => number | undefined;

/** Purchases and returns reveal what a shopper bought: used only with purchase-history consent. */
const PURCHASE_TYPES: ReadonlySet<InteractionType> = new Set(['PURCHASE', 'RETURN']);
/** Interest without commitment: the "dreaming" signal that aspirational-browsing consent covers. */
const BROWSING: ReadonlySet<InteractionType> = new Set(['VIEW', 'CLICK', 'DWELL', 'WISHLIST']);
/** What the shopper actually spends on: the budget is measured from these. */
const COMMITTED: ReadonlySet<InteractionType> = new Set(['ADD_TO_CART', 'PURCHASE']);

/**
 * Which of a shopper's events consent lets personalisation and training use: no purchases or
 * returns without purchase-history consent; without aspirational-browsing consent, no browsing of
 * items priced above the shopper's budget. The budget is the one the price-band rule uses when
 * browsing may not count: the stated band's max or the top of what was put in the bag or bought
 * (among the usable events), whichever is higher. Without `priceOf`, or with no budget known,
 * browsing is kept.
 */
export function consentFilter(shopper: Shopper | null, history: readonly PastEvent[], priceOf?: PriceOf): (event: PastEvent) => boolean {
  const allowPurchases = shopper?.consent.purchaseHistory !== false;
  const purchaseAllowed = (event: PastEvent) => allowPurchases || !PURCHASE_TYPES.has(event.type);
  if (!priceOf || shopper?.consent.aspirationalBrowsing === true) return purchaseAllowed;
  const committedPrices: number[] = [];
  for (const event of history) {
    const price = COMMITTED.has(event.type) && purchaseAllowed(event) ? priceOf(event.productId) : undefined;
    if (price !== undefined) committedPrices.push(price);
  }
  const top = spendingTop(shopper?.priceBand.max ?? null, committedPrices);
  if (top === null) return purchaseAllowed;
  return (event) => purchaseAllowed(event) && !(BROWSING.has(event.type) && (priceOf(event.productId) ?? 0) > top);
}

/** A shopper's history as personalisation may use it (see consentFilter). */
export function consentedHistory(shopper: Shopper | null, history: readonly PastEvent[], priceOf?: PriceOf): ConsentedEvent[] {
  const allowed = consentFilter(shopper, history, priceOf);
  return history.filter(allowed).map((event) => ({ productId: event.productId, type: event.type, occurredAt: event.occurredAt }));
}
