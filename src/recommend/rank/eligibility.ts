import type { ItemInfo, ShopperProfile } from '../types.js';
import type { RankingConfig } from './ranking-config.js';
import { isOutOfStock } from './stock.js';

const DAY_MS = 86_400_000;

/**
 * Whether an item may be proposed to this shopper at all: not dismissed, not bought within its
 * category's repurchase window, and not out of stock when the configuration drops such items
 * (with 'demote' they stay eligible and scoring lowers them).
 */
export function isEligible(item: ItemInfo, profile: ShopperProfile, config: RankingConfig, now: Date): boolean {
  if (profile.dismissed.has(item.id)) return false;
  if (config.outOfStock === 'drop' && isOutOfStock(item)) return false;
  const boughtAt = profile.purchasedAt.get(item.id);
  if (boughtAt === undefined) return true;
  return now.getTime() - boughtAt.getTime() >= repurchaseWindowDays(item.category, config) * DAY_MS;
}

/** Days after a purchase before a product of `category` may be proposed again. */
export function repurchaseWindowDays(category: string, config: RankingConfig): number {
  const { byCategory } = config.repurchaseWindowDays;
  // Object.hasOwn: a category named "constructor" must not read the prototype.
  if (Object.hasOwn(byCategory, category)) return byCategory[category];
  const lower = category.toLowerCase();
  if (Object.hasOwn(byCategory, lower)) return byCategory[lower];
  return config.repurchaseWindowDays.default;
}
