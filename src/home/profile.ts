import type { Shopper } from '../catalog/types.js';
import { ANONYMOUS_PROFILE } from '../recommend/anonymous.js';
import type { SessionAffinity, SessionTaste } from '../recommend/session.js';
import type { HistoryEvent, ShopperProfile } from '../recommend/types.js';

/**
 * What ranking knows of a shopper. A shopper who opted out of personalization is treated like an
 * anonymous visitor: none of their history or preferences shape the page, except dismissals.
 */
export function shopperProfile(input: {
  userId: string;
  shopper: Shopper | null;
  history: readonly HistoryEvent[];
  vector: Float32Array | null;
  sessionAffinity?: SessionAffinity | null;
  sessionTaste?: SessionTaste | null;
  /** Dismissed products and their near-duplicates; default: the dismissed products alone. */
  hidden?: ReadonlySet<string>;
}): ShopperProfile {
  const { userId, shopper, history, vector } = input;
  // "Don't show me this" is an instruction, not a signal: it holds even without personalization.
  const dismissed = input.hidden ?? new Set(history.filter((e) => e.type === 'DISMISS').map((e) => e.productId));
  if (shopper && !shopper.consent.personalization) return { ...ANONYMOUS_PROFILE, userId, region: shopper.region, dismissed };
  const purchasedAt = new Map<string, Date>();
  for (const event of history) {
    if (event.type === 'PURCHASE' && !purchasedAt.has(event.productId)) purchasedAt.set(event.productId, event.occurredAt);
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
    sessionAffinity: input.sessionAffinity ?? null,
    sessionTaste: input.sessionTaste ?? null,
    aspirationalConsent: shopper?.consent.aspirationalBrowsing ?? false,
  };
}
