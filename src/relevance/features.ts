import type { Product, Shopper } from '../catalog/types.js';
import { PALETTE_DIMS, type ItemFeatures, type RecentInteraction, type UserContext, type UserFeatures } from '../model/features.js';
import type { EventContext, InteractionType } from '../realtime/events.js';

const DAY_MS = 86_400_000;

export type CatalogProduct = Product & { brandName: string; visualFeatures: number[] };

/** What the item tower sees of a product: content only, plus the id when it was trained on. */
export function itemFeaturesOf(product: CatalogProduct): ItemFeatures {
  const visual = product.visualFeatures;
  return {
    id: product.id,
    brand: product.brandName,
    category: product.category,
    colour: product.colour,
    material: product.material,
    season: product.season,
    price: product.price,
    title: product.title,
    description: product.description,
    palette: visual.length ? visual.slice(0, PALETTE_DIMS) : null,
    texture: visual.length ? visual.slice(PALETTE_DIMS) : null,
  };
}

export interface HistoryEvent {
  productId: string;
  type: InteractionType;
  occurredAt: Date;
}

/** Request context as the user tower sees it; the hour comes from the shopper's "HH:MM". */
export function userContextOf(context: EventContext | null | undefined): UserContext | null {
  if (!context) return null;
  const hour = context.localTime ? Number(context.localTime.slice(0, 2)) : null;
  return { device: context.device ?? null, occasion: context.occasion ?? null, season: context.season ?? null, hourOfDay: hour };
}

/** What the user tower sees of a shopper: id, recent history, stated preferences, context. */
export function userFeaturesOf(
  userId: string,
  shopper: Shopper | null,
  history: readonly HistoryEvent[],
  context: EventContext | null | undefined,
  now: Date,
): UserFeatures {
  const recent: RecentInteraction[] = history.map((event) => ({
    itemId: event.productId,
    type: event.type,
    ageDays: Math.max(0, (now.getTime() - event.occurredAt.getTime()) / DAY_MS),
  }));
  return {
    id: userId,
    recent,
    favouriteBrands: shopper?.favouriteBrands ?? [],
    favouriteCategories: shopper?.favouriteCategories ?? [],
    priceBand: shopper ? { min: shopper.priceBand.min, max: shopper.priceBand.max } : null,
    context: userContextOf(context),
  };
}
