import type { RowKind } from '../rank/ranking-config.js';
import type { CatalogView, ItemInfo, RankedItem, RequestContext, ShopperProfile } from '../types.js';
import { priceBandTop } from './price-band.js';
import { selects } from './selector.js';
import type { MerchandisingRule, RuleScope, StoredRule } from './types.js';

export { selects } from './selector.js';

export interface RuleInput {
  rules: readonly StoredRule[];
  catalog: CatalogView;
  profile: ShopperProfile;
  context: RequestContext;
  /** products already shown in earlier rows of the page (pins must not duplicate them) */
  onPage: ReadonlySet<string>;
}

type Rule<T extends MerchandisingRule['type']> = Extract<MerchandisingRule, { type: T }>;

/**
 * Applies the merchandising rules that are live (active, within startsAt ≤ now < endsAt) and in
 * scope for this row and region (the request's region, else the shopper's), in this order:
 *
 * 1. removals: EXCLUDE, HIDE_IN_REGIONS, ONLY_IN_STOCK (in stock = IN_STOCK or LOW_STOCK) and
 *    ASPIRATIONAL_PRICE (price above band top·(1 + maxAboveBand); no band known → no effect);
 * 2. BOOST/BURY: the sum of every matching amount is added to `score` and `breakdown.rules`,
 *    then the row is re-sorted by score, stably (equal scores keep their ranked order);
 * 3. PIN: each pinned product takes its 1-based slot (clamped to the end of the row). A pin is
 *    ignored when the product is not in the catalog, is removed by a rule of step 1 (an explicit
 *    exclusion is a stronger statement than a placement, and a hidden or over-budget product
 *    must not come back through a pin), was dismissed by the shopper, or is already shown in an
 *    earlier row. When two pins want one slot, the rule listed first gets it and the other the
 *    next free slot. A pinned product takes the score of the item it displaces (the next
 *    unpinned item below it, else the one above) so scores still read top-down, and the change
 *    is recorded in `breakdown.rules`. The row keeps its length: a newly inserted product pushes
 *    the last unpinned item out.
 * 4. SEPARATE_BRANDS, last of all so nothing undoes it: an item next to the other brand of a
 *    separated pair moves down to the next slot where it is not next to it; other items keep
 *    their order and pinned items stay put. An item that fits nowhere below is left out.
 *
 * The output never repeats a product.
 */
export function applyRules(row: { id: string; kind: RowKind }, items: readonly RankedItem[], input: RuleInput): RankedItem[] {
  const { catalog, profile, context, onPage } = input;
  const unique = dedupe(items);
  const region = normaliseRegion(context.region ?? profile.region);
  const now = context.now.getTime();
  const live = input.rules.filter((stored) => isLive(stored, now) && inScope(stored.rule, row, region)).map((stored) => stored.rule);
  if (live.length === 0) return unique;

  const removed = removalTest(live, region, profile, catalog);
  let ranked = unique.filter((entry) => {
    const item = catalog.get(entry.productId);
    return !item || !removed(item);
  });
  ranked = adjustScores(ranked, live, catalog);
  const pins = live.filter((rule): rule is Rule<'PIN'> => rule.type === 'PIN');
  const { row: pinnedRow, fixed } = placePins(ranked, pins, unique.length, { catalog, profile, onPage, removed });
  const pairs = live.filter((rule): rule is Rule<'SEPARATE_BRANDS'> => rule.type === 'SEPARATE_BRANDS');
  return pairs.length === 0 ? pinnedRow : separateBrands(pinnedRow, fixed, brandConflict(pairs, catalog));
}

function isLive(stored: StoredRule, now: number): boolean {
  if (!stored.active) return false;
  if (stored.startsAt && stored.startsAt.getTime() > now) return false;
  return !(stored.endsAt && stored.endsAt.getTime() <= now);
}

function inScope(rule: MerchandisingRule, row: { id: string; kind: RowKind }, region: string | null): boolean {
  if (rule.type === 'HIDE_IN_REGIONS' || rule.type === 'ASPIRATIONAL_PRICE') return true;
  const scope: RuleScope | undefined = rule.scope;
  if (!scope) return true;
  const kinds = scope.rowKinds ?? [];
  const ids = scope.rowIds ?? [];
  if ((kinds.length > 0 || ids.length > 0) && !kinds.includes(row.kind) && !ids.includes(row.id)) return false;
  return inRegions(scope.regions, region);
}

/** No list (or an empty one) means everywhere; a listed region needs a known request region. */
function inRegions(regions: readonly string[] | undefined, region: string | null): boolean {
  if (!regions || regions.length === 0) return true;
  return region !== null && regions.some((listed) => normaliseRegion(listed) === region);
}

function normaliseRegion(region: string | null | undefined): string | null {
  const trimmed = region?.trim().toLowerCase();
  return trimmed ? trimmed : null;
}

function removalTest(live: readonly MerchandisingRule[], region: string | null, profile: ShopperProfile, catalog: CatalogView): (item: ItemInfo) => boolean {
  const tests: ((item: ItemInfo) => boolean)[] = [];
  for (const rule of live) {
    switch (rule.type) {
      case 'EXCLUDE':
        tests.push((item) => selects(rule.select, item));
        break;
      case 'HIDE_IN_REGIONS':
        if (region !== null && inRegions(rule.regions, region)) tests.push((item) => selects(rule.select, item));
        break;
      case 'ONLY_IN_STOCK':
        tests.push((item) => !isInStock(item) && selects(rule.select, item));
        break;
      case 'ASPIRATIONAL_PRICE': {
        const top = priceBandTop(profile, catalog, rule.useOutOfBudgetBrowsing && profile.aspirationalConsent);
        if (top !== null) {
          const ceiling = top * (1 + rule.maxAboveBand);
          tests.push((item) => item.price > ceiling);
        }
        break;
      }
    }
  }
  return (item) => tests.some((test) => test(item));
}

function isInStock(item: ItemInfo): boolean {
  return item.stockStatus === 'IN_STOCK' || item.stockStatus === 'LOW_STOCK';
}

function adjustScores(items: RankedItem[], live: readonly MerchandisingRule[], catalog: CatalogView): RankedItem[] {
  const adjusters = live.filter((rule): rule is Rule<'BOOST'> | Rule<'BURY'> => rule.type === 'BOOST' || rule.type === 'BURY');
  if (adjusters.length === 0) return items;
  let changed = false;
  const adjusted = items.map((entry) => {
    const item = catalog.get(entry.productId);
    if (!item) return entry;
    let delta = 0;
    for (const rule of adjusters) if (selects(rule.select, item)) delta += rule.type === 'BOOST' ? rule.amount : -rule.amount;
    if (delta === 0) return entry;
    changed = true;
    return { ...entry, score: entry.score + delta, breakdown: { ...entry.breakdown, rules: entry.breakdown.rules + delta } };
  });
  // Array.prototype.sort is stable: items with equal scores keep their ranked order.
  return changed ? adjusted.sort((a, b) => b.score - a.score) : adjusted;
}

interface PinContext {
  catalog: CatalogView;
  profile: ShopperProfile;
  onPage: ReadonlySet<string>;
  removed: (item: ItemInfo) => boolean;
}

function placePins(ranked: RankedItem[], pins: readonly Rule<'PIN'>[], length: number, ctx: PinContext): { row: RankedItem[]; fixed: boolean[] } {
  const accepted: { productId: string; position: number }[] = [];
  const seen = new Set<string>();
  for (const pin of pins) {
    if (seen.has(pin.productId)) continue;
    seen.add(pin.productId);
    const item = ctx.catalog.get(pin.productId);
    if (!item || ctx.removed(item) || ctx.profile.dismissed.has(item.id) || ctx.onPage.has(item.id)) continue;
    accepted.push({ productId: pin.productId, position: pin.position });
  }
  if (accepted.length === 0) return { row: ranked, fixed: ranked.map(() => false) };

  const pinnedIds = new Set(accepted.map((pin) => pin.productId));
  const existing = new Map(ranked.map((entry) => [entry.productId, entry]));
  const flow = ranked.filter((entry) => !pinnedIds.has(entry.productId));
  // Keep the row's length: unpinned items beyond it fall off, pins never do.
  flow.length = Math.min(flow.length, Math.max(0, Math.max(length, accepted.length) - accepted.length));
  const total = flow.length + accepted.length;
  const slots: (RankedItem | undefined)[] = new Array(total);
  const fixed: boolean[] = new Array(total).fill(false);
  // Stable sort: for the same position, the rule listed first is placed first.
  for (const pin of [...accepted].sort((a, b) => a.position - b.position)) {
    const slot = freeSlotNear(fixed, Math.min(pin.position - 1, total - 1));
    fixed[slot] = true;
    slots[slot] = existing.get(pin.productId) ?? {
      productId: pin.productId,
      score: 0,
      breakdown: { relevance: 0, popularity: 0, freshness: 0, context: 0, rules: 0 },
      reason: { code: 'PINNED' },
      serendipitous: false,
    };
  }
  let next = 0;
  for (let slot = 0; slot < total; slot++) if (!fixed[slot]) slots[slot] = flow[next++];
  const row = slots as RankedItem[];
  for (let slot = 0; slot < total; slot++) if (fixed[slot]) row[slot] = asPinned(row[slot], displacedScore(row, fixed, slot));
  return { row, fixed };
}

/** The first free slot at or after `wanted`, else the last free one before it. */
function freeSlotNear(fixed: readonly boolean[], wanted: number): number {
  for (let slot = wanted; slot < fixed.length; slot++) if (!fixed[slot]) return slot;
  for (let slot = wanted - 1; slot >= 0; slot--) if (!fixed[slot]) return slot;
  throw new Error('no free slot for a pin: the row was sized for every pin');
}

/** The score of the unpinned item the pin pushed down, else of the one above it. */
function displacedScore(row: readonly RankedItem[], fixed: readonly boolean[], slot: number): number | undefined {
  for (let i = slot + 1; i < row.length; i++) if (!fixed[i]) return row[i].score;
  for (let i = slot - 1; i >= 0; i--) if (!fixed[i]) return row[i].score;
  return undefined;
}

function asPinned(entry: RankedItem, score: number | undefined): RankedItem {
  const newScore = score ?? entry.score;
  return {
    ...entry,
    score: newScore,
    breakdown: { ...entry.breakdown, rules: entry.breakdown.rules + (newScore - entry.score) },
    reason: { code: 'PINNED' },
    serendipitous: false,
  };
}

function brandConflict(pairs: readonly Rule<'SEPARATE_BRANDS'>[], catalog: CatalogView): (a: RankedItem | undefined, b: RankedItem | undefined) => boolean {
  const apart = new Set<string>();
  for (const { brandIds: [first, second] } of pairs) {
    apart.add(`${first}\u0000${second}`);
    apart.add(`${second}\u0000${first}`);
  }
  return (a, b) => {
    if (!a || !b) return false;
    const brandA = catalog.get(a.productId)?.brandId;
    const brandB = catalog.get(b.productId)?.brandId;
    return brandA !== undefined && brandB !== undefined && apart.has(`${brandA}\u0000${brandB}`);
  };
}

/**
 * Refills the unpinned slots in order, holding back any item that would sit next to its
 * separated brand until the first slot where it does not.
 */
function separateBrands(row: readonly RankedItem[], fixed: readonly boolean[], conflict: (a: RankedItem | undefined, b: RankedItem | undefined) => boolean): RankedItem[] {
  if (!row.some((entry, i) => i > 0 && conflict(row[i - 1], entry))) return [...row];
  const out: (RankedItem | undefined)[] = row.map((entry, i) => (fixed[i] ? entry : undefined));
  const flow = row.filter((_, i) => !fixed[i]);
  const pending: RankedItem[] = [];
  let next = 0;
  let left: RankedItem | undefined;
  for (let slot = 0; slot < row.length; slot++) {
    if (fixed[slot]) {
      left = out[slot];
      continue;
    }
    const right = fixed[slot + 1] ? out[slot + 1] : undefined;
    const fits = (entry: RankedItem) => !conflict(left, entry) && !conflict(entry, right);
    let placed: RankedItem | undefined;
    const waiting = pending.findIndex(fits);
    if (waiting >= 0) placed = pending.splice(waiting, 1)[0];
    while (!placed && next < flow.length) {
      const entry = flow[next++];
      if (fits(entry)) placed = entry;
      else pending.push(entry);
    }
    out[slot] = placed;
    if (placed) left = placed;
  }
  return out.filter((entry): entry is RankedItem => entry !== undefined);
}

function dedupe(items: readonly RankedItem[]): RankedItem[] {
  const seen = new Set<string>();
  const unique: RankedItem[] = [];
  for (const entry of items) {
    if (seen.has(entry.productId)) continue;
    seen.add(entry.productId);
    unique.push(entry);
  }
  return unique;
}
