import type { Problem } from '../errors.js';
import type { ProductFilter } from './types.js';

const MAX_VALUES = 100;

export function validateProductFilter(filter: ProductFilter | null | undefined): Problem[] {
  if (!filter) return [];
  const problems: Problem[] = [];
  const report = (field: string, message: string) => problems.push({ field: `filter.${field}`, message });
  for (const [field, values] of Object.entries({ brands: filter.brands, categories: filter.categories, colours: filter.colours, seasons: filter.seasons })) {
    if (values && values.length > MAX_VALUES) report(field, `lists ${values.length} values; the limit is ${MAX_VALUES}`);
  }
  for (const [field, value] of Object.entries({ minPrice: filter.minPrice, maxPrice: filter.maxPrice })) {
    if (value != null && !(Number.isFinite(value) && value >= 0)) report(field, `must be zero or more, got ${value}`);
  }
  if (filter.minPrice != null && filter.maxPrice != null && filter.minPrice > filter.maxPrice) {
    report('minPrice', `${filter.minPrice} is above maxPrice ${filter.maxPrice}`);
  }
  return problems;
}
