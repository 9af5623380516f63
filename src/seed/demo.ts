import { generateBrands, generateProducts, type SeedBrand, type SeedProduct } from './catalog.js';
import { generateCollections, type SeedCollection } from './collections.js';
import { generateInteractions, type SeedInteraction } from './interactions.js';
import { Random } from './random.js';
import { generateShoppers, type SeedShopper } from './shoppers.js';

export interface DemoScale {
  products: number;
  shoppers: number;
  interactions: number;
}

export const defaultScale: DemoScale = { products: 2_000, shoppers: 1_000, interactions: 100_000 };

/**
 * Above this many products, each shopper's taste-driven picks come from a random sample of this
 * size (see `InteractionOptions.candidatePool`): a 200,000-product, 100,000-shopper history then
 * takes a minute or two to generate instead of most of an hour. Smaller catalogs use every product.
 */
export const DEFAULT_CANDIDATE_POOL = 5_000;

export interface DemoOptions {
  seed: number;
  /** Reference "today": the history ends here and launch dates are relative to it. */
  now: Date;
  scale?: Partial<DemoScale>;
  /** Products each shopper's taste is matched against; default DEFAULT_CANDIDATE_POOL. */
  candidatePool?: number;
}

export interface DemoData {
  brands: SeedBrand[];
  products: SeedProduct[];
  shoppers: SeedShopper[];
  interactions: SeedInteraction[];
  collections: SeedCollection[];
}

/** The whole demo data set; the same seed and `now` always give identical data. */
export function generateDemo(options: DemoOptions): DemoData {
  const scale = { ...defaultScale, ...options.scale };
  const root = new Random(options.seed);
  // Each part draws from its own stream, so changing one part leaves the others as they were.
  const brands = generateBrands();
  const products = generateProducts(root.fork('products'), brands, scale.products, options.now);
  const shoppers = generateShoppers(root.fork('shoppers'), brands, scale.shoppers, options.now);
  const interactions = generateInteractions(root.fork('interactions'), shoppers, products, {
    count: scale.interactions,
    now: options.now,
    eventIdPrefix: `demo${options.seed}`,
    candidatePool: options.candidatePool ?? DEFAULT_CANDIDATE_POOL,
  });
  return { brands, products, shoppers, interactions, collections: generateCollections(products) };
}
