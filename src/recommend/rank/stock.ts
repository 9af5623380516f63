import type { ItemInfo } from '../types.js';

/** Cannot be bought now and will not be restocked soon; pre-orders can still be bought. */
export function isOutOfStock(item: ItemInfo): boolean {
  return item.stockStatus === 'OUT_OF_STOCK' || item.stockStatus === 'DISCONTINUED';
}
