import type { CollectionEntry } from './types.js';

/** Product ids of a collection in display order: members in order, each pin at its 1-based slot. */
export function arrangeCollection(entries: readonly CollectionEntry[]): string[] {
  const order = entries
    .filter((e) => e.role === 'MEMBER')
    .sort((a, b) => (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER))
    .map((e) => e.productId);
  const pins = entries.filter((e) => e.role === 'PIN').sort((a, b) => (a.position ?? 1) - (b.position ?? 1));
  for (const pin of pins) order.splice(Math.min(Math.max((pin.position ?? 1) - 1, 0), order.length), 0, pin.productId);
  return order;
}
