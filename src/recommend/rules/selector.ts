import type { ItemInfo } from '../types.js';
import type { ProductSelector } from './types.js';

interface CompiledSelector {
  productIds: ReadonlySet<string> | null;
  brandIds: ReadonlySet<string> | null;
  categories: ReadonlySet<string> | null;
  colours: ReadonlySet<string> | null;
  materials: ReadonlySet<string> | null;
  tags: ReadonlySet<string> | null;
  priceMin: number | null;
  priceMax: number | null;
  empty: boolean;
}

// Rules are read once and applied to every row of every page: compile each selector once.
const compiled = new WeakMap<ProductSelector, CompiledSelector>();

/**
 * Whether a selector picks an item: every listed condition holds, each by one of its listed
 * values (ids compared exactly; categories, colours, materials and tags ignoring case).
 * A selector without any condition selects nothing: validation refuses it, and if one was
 * stored anyway, hiding or boosting the whole catalog is the worse failure.
 */
export function selects(selector: ProductSelector, item: ItemInfo): boolean {
  const s = compile(selector);
  if (s.empty) return false;
  if (s.productIds && !s.productIds.has(item.id)) return false;
  if (s.brandIds && !s.brandIds.has(item.brandId)) return false;
  if (s.categories && !s.categories.has(item.category.toLowerCase())) return false;
  if (s.colours && !s.colours.has(item.colour.toLowerCase())) return false;
  if (s.materials && !s.materials.has(item.material.toLowerCase())) return false;
  if (s.tags && !item.tags.some((tag) => s.tags!.has(tag.toLowerCase()))) return false;
  if (s.priceMin !== null && item.price < s.priceMin) return false;
  if (s.priceMax !== null && item.price > s.priceMax) return false;
  return true;
}

function compile(selector: ProductSelector): CompiledSelector {
  let result = compiled.get(selector);
  if (result) return result;
  const exact = (values?: string[]) => (values && values.length > 0 ? new Set(values) : null);
  const folded = (values?: string[]) => (values && values.length > 0 ? new Set(values.map((v) => v.toLowerCase())) : null);
  const priceMin = typeof selector.priceMin === 'number' ? selector.priceMin : null;
  const priceMax = typeof selector.priceMax === 'number' ? selector.priceMax : null;
  const partial = {
    productIds: exact(selector.productIds),
    brandIds: exact(selector.brandIds),
    categories: folded(selector.categories),
    colours: folded(selector.colours),
    materials: folded(selector.materials),
    tags: folded(selector.tags),
    priceMin,
    priceMax,
  };
  result = { ...partial, empty: Object.values(partial).every((condition) => condition === null) };
  compiled.set(selector, result);
  return result;
}
