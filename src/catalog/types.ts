import type { Device, InteractionType, Occasion, Season } from '../realtime/events.js';
import type { StockStatus } from './product-feed.js';

/** Catalog and shopper records as the application sees them (money as plain numbers). */

export interface Brand {
  id: string;
  slug: string;
  name: string;
  tier: string | null;
  country: string | null;
}

export interface Product {
  id: string;
  title: string;
  description: string;
  brandId: string;
  category: string;
  colour: string;
  material: string;
  price: number;
  currency: string;
  season: Season;
  launchDate: Date;
  stockStatus: StockStatus;
  tags: string[];
  imageUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Shopper {
  id: string;
  region: string | null;
  favouriteBrands: string[];
  favouriteCategories: string[];
  sizes: string[];
  priceBand: { min: number | null; max: number | null; currency: string | null };
  consent: { personalization: boolean; purchaseHistory: boolean; aspirationalBrowsing: boolean };
  createdAt: Date;
  updatedAt: Date;
}

export interface StoredInteraction {
  id: string;
  eventId: string | null;
  userId: string;
  productId: string;
  type: InteractionType;
  dwellMs: number | null;
  rating: number | null;
  quantity: number | null;
  unitPrice: number | null;
  occurredAt: Date;
  context: {
    device: Device | null;
    occasion: Occasion | null;
    season: Season | null;
    region: string | null;
    localTime: string | null;
    referrer: string | null;
  };
  impressionId: string | null;
}

export const COLLECTION_KINDS = ['EDITORIAL', 'RULE_BASED'] as const;
export type CollectionKind = (typeof COLLECTION_KINDS)[number];
export type CollectionEntryRole = 'MEMBER' | 'PIN' | 'EXCLUSION';

export interface Collection {
  id: string;
  slug: string;
  title: string;
  description: string;
  kind: CollectionKind;
  rule: unknown;
  active: boolean;
  position: number;
  startsAt: Date | null;
  endsAt: Date | null;
}

export interface CollectionEntry {
  collectionId: string;
  productId: string;
  role: CollectionEntryRole;
  position: number | null;
}

export interface ProductFilter {
  brands?: string[] | null;
  categories?: string[] | null;
  colours?: string[] | null;
  seasons?: Season[] | null;
  minPrice?: number | null;
  maxPrice?: number | null;
  inStock?: boolean | null;
}
