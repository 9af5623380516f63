/** What the shopper usually engages with, from their own history and stated favourites. */
import type { InteractionType } from '../../realtime/events.js';
import type { CatalogView, ShopperProfile } from '../types.js';

const POSITIVE: ReadonlySet<InteractionType> = new Set(['VIEW', 'CLICK', 'DWELL', 'WISHLIST', 'ADD_TO_CART', 'PURCHASE']);
/** Engagements strong enough to say the shopper loves a brand. */
const DEVOTED: ReadonlySet<InteractionType> = new Set(['WISHLIST', 'ADD_TO_CART', 'PURCHASE']);

export interface Usual {
  brandIds: ReadonlySet<string>;
  categories: ReadonlySet<string>;
}

/** Brands and categories of the shopper's positive events and favourites (empty for an anonymous visitor). */
export function usualOf(profile: ShopperProfile, catalog: CatalogView): Usual {
  const brandIds = new Set(profile.favouriteBrandIds);
  const categories = new Set(profile.favouriteCategories);
  for (const event of profile.history) {
    const item = POSITIVE.has(event.type) ? catalog.get(event.productId) : undefined;
    if (!item) continue;
    brandIds.add(item.brandId);
    categories.add(item.category);
  }
  return { brandIds, categories };
}

/** Favourite brands and brands the shopper wishlisted, put in the bag or bought. */
export function lovedBrandsOf(profile: ShopperProfile, catalog: CatalogView): ReadonlySet<string> {
  const loved = new Set(profile.favouriteBrandIds);
  for (const event of profile.history) {
    const item = DEVOTED.has(event.type) ? catalog.get(event.productId) : undefined;
    if (item) loved.add(item.brandId);
  }
  return loved;
}
