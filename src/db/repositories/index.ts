import type { PrismaClient } from '../../generated/prisma/client.js';
import { BrandRepository } from './brands.js';
import { CollectionRepository } from './collections.js';
import { EmbeddingRepository } from './embeddings.js';
import { ExperimentRepository } from './experiments.js';
import { ExposureRepository } from './exposure.js';
import { InteractionRepository } from './interactions.js';
import { MerchandisingRepository } from './merchandising.js';
import { ModelRepository } from './models.js';
import { ProductRepository } from './products.js';
import { ShopperRepository } from './shoppers.js';

export interface Repositories {
  products: ProductRepository;
  brands: BrandRepository;
  shoppers: ShopperRepository;
  interactions: InteractionRepository;
  collections: CollectionRepository;
  models: ModelRepository;
  embeddings: EmbeddingRepository;
  merchandising: MerchandisingRepository;
  exposure: ExposureRepository;
  experiments: ExperimentRepository;
}

export function createRepositories(prisma: PrismaClient): Repositories {
  return {
    products: new ProductRepository(prisma),
    brands: new BrandRepository(prisma),
    shoppers: new ShopperRepository(prisma),
    interactions: new InteractionRepository(prisma),
    collections: new CollectionRepository(prisma),
    models: new ModelRepository(prisma),
    embeddings: new EmbeddingRepository(prisma),
    merchandising: new MerchandisingRepository(prisma),
    exposure: new ExposureRepository(prisma),
    experiments: new ExperimentRepository(prisma),
  };
}
