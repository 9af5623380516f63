import type { Device } from '../generated/prisma/enums.js';
import type { SeedBrand } from './catalog.js';
import type { Random } from './random.js';
import { blend, dot, normalize, styleVector, tasteDimensions, type TasteVector } from './taste.js';
import { categories, regions, sizeRanges, type Region } from './vocabulary.js';

export interface SeedShopper {
  id: string;
  region: string;
  /** Brand ids the shopper told us they love (empty when they skipped the question). */
  favouriteBrands: string[];
  favouriteCategories: string[];
  sizes: string[];
  priceBandMin: number | null;
  priceBandMax: number | null;
  priceBandCurrency: 'EUR' | null;
  consentPersonalization: boolean;
  consentPurchaseHistory: boolean;
  consentAspirational: boolean;
  /** When the account was opened; some shoppers join during the simulated window. */
  createdAt: Date;
  /** Latent style; not stored. */
  taste: TasteVector;
  /** The price (EUR) the shopper is most comfortable paying; not stored. */
  comfortPrice: number;
  /** Relative share of all interactions; not stored. */
  activity: number;
  /** Device used for most sessions; not stored. */
  preferredDevice: Device;
}

export const shopperIdFor = (index: number) => `s-${String(index + 1).padStart(5, '0')}`;

const DAY = 86_400_000;

/** The period the interaction history covers. */
export const historyDays = 180;

function roundTo(value: number, step: number): number {
  return Math.max(step, Math.round(value / step) * step);
}

function topByAffinity<T>(items: T[], affinity: (item: T) => number, count: number, random: Random): T[] {
  return items
    .map((item) => ({ item, score: affinity(item) + random.normal(0, 0.15) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, count)
    .map((entry) => entry.item);
}

/**
 * Shoppers with a hidden style (their region's leaning plus a personal one) and explicit
 * preferences that mostly agree with it, as real stated preferences do.
 */
export function generateShoppers(random: Random, brands: SeedBrand[], count: number, now: Date): SeedShopper[] {
  const regionTaste = new Map<Region, TasteVector>(regions.map((r) => [r, normalize(styleVector(r.style))]));
  const categoryTaste = categories.map((c) => ({ name: c.name, taste: normalize(styleVector(c.style)) }));
  const shoppers: SeedShopper[] = [];
  for (let index = 0; index < count; index++) {
    const region = random.weighted(regions, regions.map((r) => r.weight));
    const personal = Array.from({ length: tasteDimensions }, () => random.normal(0, 1));
    const taste = normalize(blend([[1, normalize(personal)], [0.6, regionTaste.get(region)!]]));
    const comfortPrice = Math.exp(random.normal(Math.log(1300), 0.7));
    const declaresBudget = random.chance(0.8);
    const favouriteBrands = random.chance(0.7)
      ? topByAffinity(brands, (b) => dot(taste, b.taste), random.int(1, 4), random).map((b) => b.id)
      : [];
    const favouriteCategories = random.chance(0.75)
      ? topByAffinity(categoryTaste, (c) => dot(taste, c.taste), random.int(1, 3), random).map((c) => c.name)
      : [];
    const sizes = [random.pick(sizeRanges.clothing), random.pick(sizeRanges.shoes.slice(1, 10))];
    if (random.chance(0.3)) sizes.push(random.pick(sizeRanges.rings));
    if (random.chance(0.2)) sizes.push(random.pick(sizeRanges.belts));
    const joinedDuringHistory = random.chance(0.2);
    const joinedDaysAgo = joinedDuringHistory ? random.int(2, historyDays - 5) : random.int(historyDays + 1, 1100);
    shoppers.push({
      id: shopperIdFor(index),
      region: region.name,
      favouriteBrands,
      favouriteCategories,
      sizes,
      priceBandMin: declaresBudget ? roundTo(comfortPrice * 0.3, 50) : null,
      priceBandMax: declaresBudget ? roundTo(comfortPrice * 2.5, 100) : null,
      priceBandCurrency: declaresBudget ? 'EUR' : null,
      consentPersonalization: random.chance(0.93),
      consentPurchaseHistory: random.chance(0.85),
      consentAspirational: random.chance(0.35),
      createdAt: new Date(now.getTime() - joinedDaysAgo * DAY - random.int(0, 86_399) * 1000),
      taste,
      comfortPrice,
      activity: Math.exp(random.normal(0, 0.9)),
      preferredDevice: random.weighted<Device>(['MOBILE', 'DESKTOP', 'APP', 'TABLET'], [45, 25, 22, 8]),
    });
  }
  return shoppers;
}
