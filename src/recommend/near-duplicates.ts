/**
 * What a dismissal hides. "Not this" is rarely about one SKU: the same bag in the same colour
 * from the next drop, or the item the model cannot tell apart from it, would be rejected too.
 */
import type { CatalogView, Signals } from './types.js';

export interface NearDuplicateOptions {
  /** Cosine in item-embedding space from which another product counts as a near-duplicate. */
  threshold: number;
  /** Near-duplicates hidden per dismissed product at most, so one dismissal cannot empty a category. */
  perItem: number;
}

export const DEFAULT_NEAR_DUPLICATES: NearDuplicateOptions = { threshold: 0.9, perItem: 5 };

type Lookup = Pick<Signals, 'catalog' | 'nearest' | 'itemVector'>;

/**
 * Products to hide because of `dismissed`: the dismissed products themselves and their
 * near-duplicates. A near-duplicate is a product of the same category that is either
 * - one of the `perItem` nearest items in embedding space with cosine ≥ `threshold` (when a model
 *   serves), or
 * - of the same brand and colour (at most `perItem` per dismissal, newest first), which also
 *   covers products without a vector and a system without a model.
 * The category guard matters because item embeddings can crowd together (nearest neighbours of
 * unrelated products at cosine 0.99): a different category is never a duplicate.
 */
export async function hiddenByDismissals(
  dismissed: ReadonlySet<string>,
  signals: Lookup,
  options: NearDuplicateOptions = DEFAULT_NEAR_DUPLICATES,
): Promise<Set<string>> {
  const hidden = new Set(dismissed);
  if (dismissed.size === 0) return hidden;
  const { catalog } = signals;
  for (const id of dismissed) {
    const item = catalog.get(id);
    const vector = item && (await signals.itemVector(id));
    if (!vector) continue;
    for (const neighbour of await signals.nearest(vector, options.perItem, dismissed)) {
      if (neighbour.score >= options.threshold && catalog.get(neighbour.id)?.category === item.category) hidden.add(neighbour.id);
    }
  }
  for (const id of attributeTwins([...dismissed], catalog, options.perItem)) hidden.add(id);
  return hidden;
}

/** Same brand, category and colour as one of `ids`, at most `perItem` each (newest first). */
function attributeTwins(ids: readonly string[], catalog: CatalogView, perItem: number): string[] {
  const own = new Set(ids);
  const targets = ids.flatMap((id) => {
    const item = catalog.get(id);
    return item ? [{ brandId: item.brandId, category: item.category, colour: item.colour.toLowerCase(), found: 0 }] : [];
  });
  if (targets.length === 0) return [];
  const twins: string[] = [];
  // A scan of the whole catalog per new history: compare the cheap fields first, lower-case last.
  for (const item of catalog.newestFirst()) {
    for (const target of targets) {
      if (item.category !== target.category || item.brandId !== target.brandId || target.found >= perItem) continue;
      if (own.has(item.id) || item.colour.toLowerCase() !== target.colour) continue;
      target.found++;
      twins.push(item.id);
      break;
    }
  }
  return twins;
}
