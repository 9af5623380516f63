import type { Prisma } from '../../generated/prisma/client.js';
import type * as Models from '../../generated/prisma/models.js';
import type { Brand, Collection, CollectionEntry, Product, Shopper, StoredInteraction } from '../../catalog/types.js';

const money = (value: Prisma.Decimal | null): number | null => (value === null ? null : value.toNumber());

export function toProduct(row: Omit<Models.ProductModel, 'visualFeatures'>): Product {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    brandId: row.brandId,
    category: row.category,
    colour: row.colour,
    material: row.material,
    price: row.price.toNumber(),
    currency: row.currency,
    season: row.season,
    launchDate: row.launchDate,
    stockStatus: row.stockStatus,
    tags: row.tags,
    imageUrl: row.imageUrl,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toBrand(row: Models.BrandModel): Brand {
  return { id: row.id, slug: row.slug, name: row.name, tier: row.tier, country: row.country };
}

export function toShopper(row: Models.UserModel): Shopper {
  return {
    id: row.id,
    region: row.region,
    favouriteBrands: row.favouriteBrands,
    favouriteCategories: row.favouriteCategories,
    sizes: row.sizes,
    priceBand: { min: money(row.priceBandMin), max: money(row.priceBandMax), currency: row.priceBandCurrency },
    consent: {
      personalization: row.consentPersonalization,
      purchaseHistory: row.consentPurchaseHistory,
      aspirationalBrowsing: row.consentAspirational,
    },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toInteraction(row: Models.InteractionModel): StoredInteraction {
  return {
    id: row.id.toString(),
    eventId: row.eventId,
    userId: row.userId,
    productId: row.productId,
    type: row.type,
    dwellMs: row.dwellMs,
    rating: row.rating,
    quantity: row.quantity,
    unitPrice: money(row.unitPrice),
    occurredAt: row.occurredAt,
    context: {
      device: row.device,
      occasion: row.occasion,
      season: row.season,
      region: row.region,
      localTime: row.localTime,
      referrer: row.referrer,
    },
    impressionId: row.impressionId,
  };
}

export function toCollection(row: Models.CollectionModel): Collection {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    kind: row.kind,
    rule: row.rule,
    active: row.active,
    position: row.position,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
  };
}

export function toCollectionEntry(row: Models.CollectionEntryModel): CollectionEntry {
  return { collectionId: row.collectionId, productId: row.productId, role: row.role, position: row.position };
}
