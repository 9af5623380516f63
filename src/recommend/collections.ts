/** Collections in the core: when one applies to a request, which products it holds. */
import type { Candidate, CatalogView, CollectionDefinition, CollectionRule, ItemInfo, RequestContext } from './types.js';

/** The attributes a rule's `match` looks at (seed products have them too). */
export type MatchableItem = Pick<ItemInfo, 'category' | 'colour' | 'material' | 'brandId' | 'price' | 'tags'>;

const within = <T>(list: readonly T[] | undefined, value: T) => !list || list.includes(value);

/** Every listed condition holds (one listed value each); tags: any listed tag. Brands are brand ids. */
export function matchesProduct(match: CollectionRule['match'], item: MatchableItem): boolean {
  return (
    within(match.categories, item.category) &&
    within(match.colours, item.colour) &&
    within(match.materials, item.material) &&
    within(match.brands, item.brandId) &&
    (match.priceMin === undefined || item.price >= match.priceMin) &&
    (match.priceMax === undefined || item.price <= match.priceMax) &&
    (!match.tags || match.tags.some((tag) => item.tags.includes(tag)))
  );
}

/** Every listed `when` condition has the request's value among its values; an unknown value matches none. */
export function whenMatches(when: CollectionRule['when'], context: RequestContext): boolean {
  const holds = <T>(list: readonly T[] | undefined, value: T | null | undefined) =>
    !list || (value !== null && value !== undefined && list.includes(value));
  return (
    holds(when.occasions, context.occasion) &&
    holds(when.seasons, context.season) &&
    holds(when.timesOfDay, context.timeOfDay) &&
    holds(when.devices, context.device) &&
    holds(when.regions, context.region)
  );
}

/** How many conditions a rule's `when` lists: a rule naming more of the context fits it better. */
export function whenSpecificity(when: CollectionRule['when']): number {
  return [when.occasions, when.seasons, when.timesOfDay, when.devices, when.regions].filter(Boolean).length;
}

/** Active, within its dates, and (rule-based) every `when` condition matches the request. */
export function collectionApplies(def: CollectionDefinition, context: RequestContext): boolean {
  if (!def.active) return false;
  const now = context.now.getTime();
  if (def.startsAt && now < def.startsAt.getTime()) return false;
  if (def.endsAt && now >= def.endsAt.getTime()) return false;
  if (def.kind === 'EDITORIAL') return true;
  return def.rule !== null && whenMatches(def.rule.when, context);
}

/**
 * Precomputes each rule-based collection's matching products once (the gateway calls it again
 * when the catalog or the collections change). Matches keep `catalog.newestFirst()` order unless
 * `order` says otherwise (e.g. by popularity), since a row only takes the first few hundred.
 */
export function indexCollections(
  defs: readonly CollectionDefinition[],
  catalog: CatalogView,
  order?: (a: ItemInfo, b: ItemInfo) => number,
): CollectionDefinition[] {
  const items = order ? catalog.newestFirst().slice().sort(order) : catalog.newestFirst();
  return defs.map((def) =>
    def.kind === 'RULE_BASED' && def.rule
      ? { ...def, matched: matchingIds(def.rule.match, def.exclusions, items, Infinity) }
      : def,
  );
}

function matchingIds(match: CollectionRule['match'], exclusions: ReadonlySet<string>, items: readonly ItemInfo[], limit: number): string[] {
  const ids: string[] = [];
  for (const item of items) {
    if (ids.length >= limit) break;
    if (!exclusions.has(item.id) && matchesProduct(match, item)) ids.push(item.id);
  }
  return ids;
}

/**
 * The collection's products as candidates, at most `limit`: editorial members in their order,
 * rule-based matches from the precomputed list (or a scan of the catalog when not indexed).
 * Exclusions and products missing from the catalog are left out; earlier products score higher.
 */
export function collectionCandidates(def: CollectionDefinition, catalog: CatalogView, limit: number): Candidate[] {
  const ids =
    def.kind === 'EDITORIAL'
      ? def.members
      : (def.matched ?? (def.rule ? matchingIds(def.rule.match, def.exclusions, catalog.newestFirst(), limit) : []));
  const reason = { code: 'COLLECTION', title: def.title } as const;
  const candidates: Candidate[] = [];
  for (const productId of ids) {
    if (candidates.length >= limit) break;
    if (def.exclusions.has(productId) || !catalog.get(productId)) continue;
    candidates.push({ productId, sourceScore: 1 - candidates.length / limit, reason });
  }
  return candidates;
}
