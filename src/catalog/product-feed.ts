import type { Problem } from '../errors.js';
import type { Season } from '../realtime/events.js';

export const MAX_PRODUCTS_PER_BATCH = 1_000;
export const MAX_PRICE = 10_000_000;

export const STOCK_STATUSES = ['IN_STOCK', 'LOW_STOCK', 'OUT_OF_STOCK', 'PREORDER', 'DISCONTINUED'] as const;
export type StockStatus = (typeof STOCK_STATUSES)[number];

/** A product as a catalog feed sends it; the brand is named, not referenced by id. */
export interface ProductFeedItem {
  id: string;
  title: string;
  description?: string | null;
  brand: string;
  category: string;
  colour: string;
  material: string;
  price: number;
  currency: string;
  season?: Season | null;
  launchDate?: Date | null;
  stockStatus?: StockStatus | null;
  tags?: string[] | null;
  imageUrl?: string | null;
}

const CURRENCY = /^[A-Z]{3}$/;
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** Every problem in a feed batch; an empty list means the whole batch may be written. */
export function validateProductFeed(items: readonly ProductFeedItem[]): Problem[] {
  if (items.length === 0) return [{ field: 'products', message: 'the batch is empty; send between 1 and 1000 products' }];
  if (items.length > MAX_PRODUCTS_PER_BATCH) {
    return [{ field: 'products', message: `the batch has ${items.length} products; the limit is ${MAX_PRODUCTS_PER_BATCH} per call` }];
  }
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const report = (field: string, message: string) => problems.push({ index, field, message });
    const text = (field: keyof ProductFeedItem, value: unknown, max: number, required = true) => {
      if (value == null || value === '') {
        if (required) report(field, 'is required');
        return;
      }
      if (typeof value !== 'string' || value.trim().length === 0) report(field, 'must be non-blank text');
      else if (value.length > max) report(field, `is ${value.length} characters long; the limit is ${max}`);
      else if (field !== 'description' && CONTROL_CHARS.test(value)) report(field, 'contains control characters');
    };
    text('id', item.id, 128);
    text('title', item.title, 300);
    text('description', item.description, 5_000, false);
    text('brand', item.brand, 100);
    if (typeof item.brand === 'string' && item.brand.trim() && !slugify(item.brand)) report('brand', 'needs at least one letter or digit');
    text('category', item.category, 64);
    text('colour', item.colour, 64);
    text('material', item.material, 64);
    if (!Number.isFinite(item.price) || item.price < 0) report('price', `must be zero or more, got ${item.price}`);
    else if (item.price > MAX_PRICE) report('price', `${item.price} is above the ${MAX_PRICE} limit; check the unit (prices are in major units, e.g. 1250.00)`);
    else if (Math.round(item.price * 100) !== Number((item.price * 100).toFixed(6))) report('price', 'has more than two decimal places');
    if (!CURRENCY.test(item.currency ?? '')) report('currency', `"${item.currency}" is not an ISO 4217 code such as EUR or USD`);
    if (item.launchDate && Number.isNaN(item.launchDate.getTime())) report('launchDate', 'is not a valid date-time');
    if (item.tags) {
      if (item.tags.length > 50) report('tags', 'has more than 50 tags');
      else if (item.tags.some((t) => t.trim().length === 0 || t.length > 64)) report('tags', 'each tag must be 1 to 64 characters');
    }
    if (item.imageUrl != null && !isImageUrl(item.imageUrl)) report('imageUrl', 'must be an http(s) URL or a path starting with "/"');
    if (typeof item.id === 'string') {
      const earlier = seen.get(item.id);
      if (earlier !== undefined) report('id', `"${item.id}" appears twice in this batch (also at index ${earlier})`);
      else seen.set(item.id, index);
    }
  });
  return problems;
}

function isImageUrl(value: string): boolean {
  if (value.length > 2_048) return false;
  if (value.startsWith('/') && !value.startsWith('//')) return true;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** URL- and id-safe form of a brand name ("Maison Vérane" → "maison-verane"). */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export const brandIdFor = (name: string) => `brand-${slugify(name)}`;
