import type { Shopper } from '../catalog/types.js';
import type { HistoryEvent, ShopperProfile } from '../recommend/types.js';

export const ANONYMOUS_PROFILE: ShopperProfile = {
  userId: null,
  personalized: false,
  region: null,
  favouriteBrandIds: [],
  favouriteCategories: [],
  statedPriceBand: null,
  history: [],
  purchasedAt: new Map(),
  dismissed: new Set(),
  vector: null,
  aspirationalConsent: false,
};

/**
 * What ranking knows of a shopper. A shopper who opted out of personalization is treated like an
 * anonymous visitor: none of their history or preferences shape the page.
 */
export function shopperProfile(input: {
  userId: string;
  shopper: Shopper | null;
  history: readonly HistoryEvent[];
  vector: Float32Array | null;
}): ShopperProfile {
  const { userId, shopper, history, vector } = input;
  if (shopper && !shopper.consent.personalization) return { ...ANONYMOUS_PROFILE, userId, region: shopper.region };
  const purchasedAt = new Map<string, Date>();
  const dismissed = new Set<string>();
  for (const event of history) {
    if (event.type === 'PURCHASE' && !purchasedAt.has(event.productId)) purchasedAt.set(event.productId, event.occurredAt);
    if (event.type === 'DISMISS') dismissed.add(event.productId);
  }
  return {
    userId,
    personalized: vector !== null,
    region: shopper?.region ?? null,
    favouriteBrandIds: shopper?.favouriteBrands ?? [],
    favouriteCategories: shopper?.favouriteCategories ?? [],
    statedPriceBand: shopper && (shopper.priceBand.min !== null || shopper.priceBand.max !== null) ? { min: shopper.priceBand.min, max: shopper.priceBand.max } : null,
    history,
    purchasedAt,
    dismissed,
    vector,
    aspirationalConsent: shopper?.consent.aspirationalBrowsing ?? false,
  };
}
