import type { ShopperProfile } from './types.js';

/** A visitor nothing is known about: the page is built from popularity, context and editorial choices. */
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
