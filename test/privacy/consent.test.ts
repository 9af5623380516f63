import { describe, expect, it } from 'vitest';
import type { Shopper } from '../../src/catalog/types.js';
import { consentedHistory } from '../../src/privacy/consent.js';
import type { InteractionType } from '../../src/realtime/events.js';

const PRICES: Record<string, number> = { bag: 900, scarf: 300, watch: 12_000, coat: 4_000 };
const priceOf = (id: string) => PRICES[id];

function shopper(consent: Partial<Shopper['consent']>, priceMax: number | null = null): Shopper {
  return {
    id: 's-1',
    region: null,
    favouriteBrands: [],
    favouriteCategories: [],
    sizes: [],
    priceBand: { min: null, max: priceMax, currency: 'EUR' },
    consent: { personalization: true, purchaseHistory: true, aspirationalBrowsing: false, ...consent },
    createdAt: new Date(0),
    updatedAt: new Date(0),
  };
}

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));
const history = (...events: [string, InteractionType][]) => events.map(([productId, type], i) => ({ productId, type, occurredAt: at(i) }));
const kept = (events: { productId: string; type: string }[]) => events.map((e) => `${e.type} ${e.productId}`);

describe('consentedHistory', () => {
  const events = history(['bag', 'PURCHASE'], ['scarf', 'ADD_TO_CART'], ['watch', 'VIEW'], ['watch', 'WISHLIST'], ['scarf', 'CLICK'], ['coat', 'RETURN'], ['coat', 'DWELL']);

  it('keeps everything with every consent given', () => {
    expect(consentedHistory(shopper({ aspirationalBrowsing: true }), events, priceOf)).toHaveLength(events.length);
  });

  it('leaves out purchases and returns without purchase-history consent', () => {
    expect(kept(consentedHistory(shopper({ purchaseHistory: false, aspirationalBrowsing: true }), events, priceOf))).toEqual([
      'ADD_TO_CART scarf',
      'VIEW watch',
      'WISHLIST watch',
      'CLICK scarf',
      'DWELL coat',
    ]);
  });

  it('leaves out browsing above the budget (what was bought or put in the bag) without aspirational consent', () => {
    // Budget: the 90th percentile of the bag (900) and the scarf (300) is 900; the watch and the coat are above it.
    expect(kept(consentedHistory(shopper({}), events, priceOf))).toEqual(['PURCHASE bag', 'ADD_TO_CART scarf', 'CLICK scarf', 'RETURN coat']);
  });

  it('measures the budget against the stated band when it is higher, and only from usable events', () => {
    expect(kept(consentedHistory(shopper({}, 5_000), events, priceOf))).toContain('DWELL coat');
    // Without purchase-history consent the bag no longer sets the budget: the scarf (300) does.
    const noPurchases = history(['bag', 'PURCHASE'], ['scarf', 'ADD_TO_CART'], ['bag', 'VIEW']);
    expect(kept(consentedHistory(shopper({ purchaseHistory: false }), noPurchases, priceOf))).toEqual(['ADD_TO_CART scarf']);
  });

  it('keeps browsing when no budget is known, or when prices are not at hand', () => {
    const browsingOnly = history(['watch', 'VIEW'], ['coat', 'CLICK']);
    expect(consentedHistory(shopper({}), browsingOnly, priceOf)).toHaveLength(2);
    expect(consentedHistory(shopper({}), events)).toHaveLength(events.length);
  });
});
