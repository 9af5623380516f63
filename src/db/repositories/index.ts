import type { PrismaClient } from '../../generated/prisma/client.js';
import { BrandRepository } from './brands.js';
import { CollectionRepository } from './collections.js';
import { InteractionRepository } from './interactions.js';
import { ProductRepository } from './products.js';
import { ShopperRepository } from './shoppers.js';

export interface Repositories {
  products: ProductRepository;
  brands: BrandRepository;
  shoppers: ShopperRepository;
  interactions: InteractionRepository;
  collections: CollectionRepository;
}

export function createRepositories(prisma: PrismaClient): Repositories {
  return {
    products: new ProductRepository(prisma),
    brands: new BrandRepository(prisma),
    shoppers: new ShopperRepository(prisma),
    interactions: new InteractionRepository(prisma),
    collections: new CollectionRepository(prisma),
  };
}
