/** Interaction events as the core sees them: plain data, independent of transport and storage. */

export const INTERACTION_TYPES = [
  'VIEW',
  'CLICK',
  'DWELL',
  'WISHLIST',
  'ADD_TO_CART',
  'PURCHASE',
  'SKIP',
  'DISMISS',
  'RETURN',
] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];

export const DEVICES = ['DESKTOP', 'MOBILE', 'TABLET', 'APP', 'OTHER'] as const;
export type Device = (typeof DEVICES)[number];
export const OCCASIONS = ['EVERYDAY', 'WORK', 'EVENING', 'WEDDING', 'TRAVEL', 'GIFT', 'SPORT', 'HOLIDAY'] as const;
export type Occasion = (typeof OCCASIONS)[number];
export const SEASONS = ['SPRING', 'SUMMER', 'AUTUMN', 'WINTER', 'ALL_SEASON'] as const;
export type Season = (typeof SEASONS)[number];

export interface EventContext {
  device?: Device | null;
  occasion?: Occasion | null;
  season?: Season | null;
  region?: string | null;
  /** The shopper's wall-clock time, "HH:MM". */
  localTime?: string | null;
  referrer?: string | null;
}

export interface InteractionEvent {
  /** Idempotency key chosen by the sender; a repeated key is accepted once. */
  eventId?: string | null;
  userId: string;
  productId: string;
  type: InteractionType;
  occurredAt?: Date | null;
  dwellMs?: number | null;
  quantity?: number | null;
  unitPrice?: number | null;
  rating?: number | null;
  impressionId?: string | null;
  context?: EventContext | null;
}

/** Types that carry a quantity of goods. */
export const QUANTITY_TYPES: ReadonlySet<InteractionType> = new Set(['ADD_TO_CART', 'PURCHASE', 'RETURN']);
