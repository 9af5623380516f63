import { brandIdFor, slugify } from '../catalog/product-feed.js';
import type { Occasion, Season, StockStatus } from '../generated/prisma/enums.js';
import { productDescription, productTitle } from './copy.js';
import type { Random } from './random.js';
import { blend, dot, normalize, styleVector, tasteDimensions, type TasteVector } from './taste.js';
import {
  categories,
  colours,
  lineNames,
  maisons,
  materials,
  tierPriceFactor,
  type BrandTier,
  type Category,
  type Department,
  type Maison,
  type Material,
} from './vocabulary.js';

export interface SeedBrand {
  id: string;
  slug: string;
  name: string;
  tier: BrandTier;
  country: string;
  /** Latent style of the house; not stored. */
  taste: TasteVector;
}

export interface SeedProduct {
  id: string;
  title: string;
  description: string;
  brandId: string;
  category: string;
  colour: string;
  material: string;
  /** EUR, rounded the way luxury price lists are. */
  price: number;
  currency: 'EUR';
  season: Season;
  launchDate: Date;
  stockStatus: StockStatus;
  tags: string[];
  /** Latent style of the product; not stored, it drives the simulated shoppers. */
  taste: TasteVector;
  /** Intrinsic appeal (log scale); not stored. */
  popularity: number;
}

export type PriceBand = 'entry' | 'core' | 'statement' | 'investment';

/** Coarse price bands across the whole catalog, independent of the brand's own tier. */
export function priceBandOf(price: number): PriceBand {
  if (price < 600) return 'entry';
  if (price < 1500) return 'core';
  if (price < 5000) return 'statement';
  return 'investment';
}

export const productIdFor = (index: number) => `p-${String(index + 1).padStart(5, '0')}`;

export function generateBrands(): SeedBrand[] {
  return maisons.map((maison) => ({
    id: brandIdFor(maison.name),
    slug: slugify(maison.name),
    name: maison.name,
    tier: maison.tier,
    country: maison.country,
    taste: normalize(styleVector(maison.style)),
  }));
}

const departmentWeight: Record<Department, number> = {
  bags: 1.4,
  shoes: 1.1,
  'ready-to-wear': 1,
  accessories: 0.8,
  'fine-jewellery': 0.7,
  watches: 1.2,
};

const tierWeight: Record<BrandTier, number> = { haute: 0.8, luxury: 1, premium: 1, contemporary: 1.1 };

const DAY = 86_400_000;

/** Luxury price lists round to tens below a thousand, fifties below ten thousand, hundreds above. */
function roundPrice(price: number): number {
  const step = price < 1000 ? 10 : price < 10_000 ? 50 : 100;
  return Math.max(step, Math.round(price / step) * step);
}

function countryTag(country: string): string {
  return `made-in-${slugify(country)}`;
}

/** Colours a product of this category and material can come in (metals bring their own). */
export function coloursFor(category: Category, material: Material): string[] {
  const candidates = material.colours ?? category.colours ?? colours.map((c) => c.name);
  return candidates.filter((name) => !category.colours || category.colours.includes(name));
}

function launchOf(random: Random, now: Date): { launchDate: Date; upcoming: boolean } {
  if (random.chance(0.06)) return { launchDate: new Date(now.getTime() + random.int(3, 75) * DAY), upcoming: true };
  const daysAgo = random.int(1, 730);
  return { launchDate: new Date(now.getTime() - daysAgo * DAY - random.int(0, 23) * 3_600_000), upcoming: false };
}

function stockStatusOf(random: Random, upcoming: boolean, daysSinceLaunch: number): StockStatus {
  if (upcoming) return 'PREORDER';
  if (daysSinceLaunch > 540 && random.chance(0.15)) return 'DISCONTINUED';
  return random.weighted<StockStatus>(['IN_STOCK', 'LOW_STOCK', 'OUT_OF_STOCK'], [82, 12, 6]);
}

/**
 * The product catalog: every category sold by eligible houses, priced by tier, category and
 * material, with launch dates over the past two years and a few upcoming launches.
 */
export function generateProducts(random: Random, brands: SeedBrand[], count: number, now: Date): SeedProduct[] {
  const sellers = new Map<Department, Array<{ maison: Maison; brand: SeedBrand }>>();
  for (const department of new Set(categories.map((c) => c.department))) {
    const eligible = maisons
      .map((maison, i) => ({ maison, brand: brands[i] }))
      .filter(({ maison }) => !maison.departments || maison.departments.includes(department));
    sellers.set(department, eligible);
  }
  const categoryWeights = categories.map((c) => departmentWeight[c.department]);
  const colourByName = new Map(colours.map((c) => [c.name, c]));
  const materialByName = new Map(materials.map((m) => [m.name, m]));
  const categoryTaste = new Map(categories.map((c) => [c.name, normalize(styleVector(c.style))]));
  const colourTaste = new Map(colours.map((c) => [c.name, normalize(styleVector(c.style))]));

  const products: SeedProduct[] = [];
  for (let index = 0; index < count; index++) {
    // Cycling through categories first guarantees every category appears even at small scales.
    const category: Category = index < categories.length ? categories[index] : random.weighted(categories, categoryWeights);
    const candidates = sellers.get(category.department)!;
    const { maison, brand } = random.weighted(candidates, candidates.map((c) => tierWeight[c.maison.tier]));
    const material = materialByName.get(random.pick(category.materials))!;
    const palette = coloursFor(category, material).map((name) => colourByName.get(name)!);
    // Houses lean towards colours that suit their style, which keeps each maison recognisable.
    const colour = random.weighted(palette, palette.map((c) => Math.exp(1.2 * dot(brand.taste, colourTaste.get(c.name)!))));
    const season = random.weighted(Object.keys(category.seasons) as Season[], Object.values(category.seasons));
    const price = roundPrice(
      Math.exp(random.between(Math.log(category.basePrice[0]), Math.log(category.basePrice[1]))) *
        tierPriceFactor[maison.tier] *
        material.priceFactor *
        (1 + random.normal(0, 0.06)),
    );
    const { launchDate, upcoming } = launchOf(random, now);
    const daysSinceLaunch = (now.getTime() - launchDate.getTime()) / DAY;
    const stockStatus = stockStatusOf(random, upcoming, daysSinceLaunch);
    const productOccasions = random.sample(category.occasions, random.int(1, 3)) as Occasion[];
    const iconic = random.chance(0.05);
    const limitedEdition = !iconic && random.chance(0.04);

    const tags = new Set<string>([category.department, ...productOccasions.map((o) => o.toLowerCase())]);
    if (material.weatherproof || category.name === 'trench coat') tags.add('weatherproof');
    if (upcoming) tags.add('coming-soon');
    else if (daysSinceLaunch <= 45) tags.add('new-arrival');
    if (iconic) tags.add('iconic');
    if (limitedEdition) tags.add('limited-edition');
    if (random.chance(0.07)) tags.add('sustainable');
    if (maison.tier === 'haute' && random.chance(0.3)) tags.add('handcrafted');
    if ((category.department === 'bags' || category.department === 'accessories') && random.chance(0.08)) tags.add('monogram');
    tags.add(countryTag(maison.country));

    const words = {
      maison,
      category,
      material,
      colour,
      variant: random.pick(category.variants),
      line: random.pick(lineNames),
      season,
      occasions: productOccasions,
      limitedEdition,
    };
    const noise = Array.from({ length: tasteDimensions }, () => random.normal(0, 0.35));
    const priceLean = Math.log(price / 1500) * 0.15;
    const taste = normalize(
      blend([
        [1, brand.taste],
        [0.8, categoryTaste.get(category.name)!],
        [0.5, colourTaste.get(colour.name)!],
        [0.5, normalize(styleVector(material.style))],
        [1, noise],
        [priceLean, normalize(styleVector({ opulent: 1, minimal: -0.3, sporty: -0.3 }))],
      ]),
    );

    products.push({
      id: productIdFor(index),
      title: productTitle(words, random),
      description: productDescription(words, random),
      brandId: brand.id,
      category: category.name,
      colour: colour.name,
      material: material.name,
      price,
      currency: 'EUR',
      season,
      launchDate,
      stockStatus,
      tags: [...tags],
      taste,
      popularity: random.normal(0, 0.8) + (iconic ? 1 : 0),
    });
  }
  return centreTastes(products);
}

/**
 * Every house leans somewhere positive on the style axes, so raw product vectors share one
 * common direction that would swamp personal taste; removing the catalog mean keeps what
 * distinguishes products from each other.
 */
function centreTastes(products: SeedProduct[]): SeedProduct[] {
  if (products.length === 0) return products;
  const mean = blend(products.map((p) => [1 / products.length, p.taste] as const));
  return products.map((p) => ({ ...p, taste: normalize(blend([[1, p.taste], [-1, mean]])) }));
}
