/**
 * What a dismissal hides. "Not this" is rarely about one SKU: the same bag in the same colour
 * from the next drop, or the item the model cannot tell apart from it, would be rejected too.
 */
import type { CatalogView, ItemInfo, Signals } from './types.js';

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

/**
 * The catalog's products grouped by brand and category, newest first, per catalog list: the list
 * is replaced when a product changes, so the grouping follows it. Scanning the whole catalog for
 * every new history instead cost tens of milliseconds per page at 200,000 products.
 */
const groupsByList = new WeakMap<readonly ItemInfo[], Map<string, ItemInfo[]>>();

const groupKey = (brandId: string, category: string) => `${brandId}\u0000${category}`;

function brandCategoryGroups(catalog: CatalogView): Map<string, ItemInfo[]> {
  const list = catalog.newestFirst();
  let groups = groupsByList.get(list);
  if (!groups) {
    groups = new Map();
    for (const item of list) {
      const key = groupKey(item.brandId, item.category);
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
    groupsByList.set(list, groups);
  }
  return groups;
}

/**
 * Same brand, category and colour as one of `ids`, at most `perItem` each, newest first; a
 * product counts for the first of `ids` it matches that has room left.
 */
function attributeTwins(ids: readonly string[], catalog: CatalogView, perItem: number): string[] {
  const own = new Set(ids);
  const targetsByGroup = new Map<string, { colour: string; found: number }[]>();
  for (const id of ids) {
    const item = catalog.get(id);
    if (!item) continue;
    const key = groupKey(item.brandId, item.category);
    const target = { colour: item.colour.toLowerCase(), found: 0 };
    const targets = targetsByGroup.get(key);
    if (targets) targets.push(target);
    else targetsByGroup.set(key, [target]);
  }
  if (targetsByGroup.size === 0) return [];
  const groups = brandCategoryGroups(catalog);
  const twins: string[] = [];
  for (const [key, targets] of targetsByGroup) {
    for (const item of groups.get(key) ?? []) {
      if (own.has(item.id)) continue;
      const colour = item.colour.toLowerCase();
      const target = targets.find((t) => t.found < perItem && t.colour === colour);
      if (!target) continue;
      target.found++;
      twins.push(item.id);
    }
  }
  return twins;
}
