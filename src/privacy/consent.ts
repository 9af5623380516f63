import type { Shopper, StoredInteraction } from '../catalog/types.js';
import type { InteractionType } from '../realtime/events.js';

export interface ConsentedEvent {
  productId: string;
  type: InteractionType;
  occurredAt: Date;
}

/** Purchases and returns reveal what a shopper bought: used only with purchase-history consent. */
const PURCHASE_TYPES: ReadonlySet<InteractionType> = new Set(['PURCHASE', 'RETURN']);

/** A shopper's history as personalisation may use it. */
export function consentedHistory(shopper: Shopper | null, history: readonly Pick<StoredInteraction, 'productId' | 'type' | 'occurredAt'>[]): ConsentedEvent[] {
  const allowPurchases = shopper?.consent.purchaseHistory !== false;
  return history
    .filter((event) => allowPurchases || !PURCHASE_TYPES.has(event.type))
    .map((event) => ({ productId: event.productId, type: event.type, occurredAt: event.occurredAt }));
}
