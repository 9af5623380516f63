import type { InteractionType } from '../../realtime/events.js';
import type { CatalogView, ShopperProfile } from '../types.js';

/** Events that show what a shopper actually spends (not just admires). */
const COMMITTED: ReadonlySet<InteractionType> = new Set(['ADD_TO_CART', 'PURCHASE']);
/** Every sign of interest, including browsing of items that may be out of budget. */
const INTERESTED: ReadonlySet<InteractionType> = new Set(['VIEW', 'CLICK', 'DWELL', 'WISHLIST', 'ADD_TO_CART', 'PURCHASE']);
const TOP_PERCENTILE = 0.9;

// Every row of a page asks again for the same shopper and catalog.
const cache = new WeakMap<ShopperProfile, WeakMap<CatalogView, Map<boolean, number | null>>>();

/**
 * The top of the shopper's price band, or null when nothing is known: the higher of the stated
 * band's max and the observed top, where the observed top is the 90th percentile (nearest rank)
 * of the prices of the items in the shopper's history, so one stray view does not lift it.
 *
 * Why only carts and purchases without browsing: when out-of-budget browsing may not be used
 * (the rule says so, or the shopper did not consent to aspirational browsing), views, clicks
 * and wishlists are left out entirely — they are exactly the "dreaming" signal being excluded —
 * and the observed band comes only from what the shopper put in the bag or bought. Browsing
 * within the stated band adds nothing in that case, because the stated max already counts.
 */
export function priceBandTop(profile: ShopperProfile, catalog: CatalogView, useBrowsing: boolean): number | null {
  let perCatalog = cache.get(profile);
  if (!perCatalog) cache.set(profile, (perCatalog = new WeakMap()));
  let perMode = perCatalog.get(catalog);
  if (!perMode) perCatalog.set(catalog, (perMode = new Map()));
  const known = perMode.get(useBrowsing);
  if (known !== undefined) return known;
  const counted = useBrowsing ? INTERESTED : COMMITTED;
  const prices: number[] = [];
  for (const event of profile.history) {
    if (!counted.has(event.type)) continue;
    const item = catalog.get(event.productId);
    if (item) prices.push(item.price);
  }
  const top = spendingTop(profile.statedPriceBand?.max ?? null, prices);
  perMode.set(useBrowsing, top);
  return top;
}

/**
 * The higher of the stated band's max and the observed top (the 90th percentile, nearest rank,
 * of `prices`); null when neither is known. Also the budget that consent filtering measures
 * "out-of-budget" browsing against (src/privacy/consent.ts).
 */
export function spendingTop(statedMax: number | null, prices: number[]): number | null {
  const observed = prices.length > 0 ? percentile(prices, TOP_PERCENTILE) : null;
  return observed === null ? statedMax : statedMax === null ? observed : Math.max(statedMax, observed);
}

function percentile(values: number[], p: number): number {
  values.sort((a, b) => a - b);
  return values[Math.max(0, Math.ceil(p * values.length) - 1)];
}
