import { ANONYMOUS_PROFILE } from '../../../src/recommend/anonymous.js';
import type { CatalogView, ItemInfo, RankedItem, RequestContext, ShopperProfile, Signals } from '../../../src/recommend/types.js';
import { SeededRandom } from '../../../src/model/random.js';

export const NOW = new Date('2025-06-15T12:00:00Z');
export const DAY = 86_400_000;

export function item(id: string, overrides: Partial<ItemInfo> = {}): ItemInfo {
  return {
    id,
    title: `Item ${id}`,
    brandId: 'brand-a',
    brandName: 'Brand A',
    category: 'tote',
    colour: 'black',
    material: 'leather',
    price: 1000,
    currency: 'EUR',
    season: 'ALL_SEASON',
    launchedAt: NOW.getTime() - 100 * DAY,
    stockStatus: 'IN_STOCK',
    tags: [],
    ...overrides,
  };
}

export function catalogOf(items: readonly ItemInfo[]): CatalogView {
  const byId = new Map(items.map((i) => [i.id, i]));
  const newest = [...items].sort((a, b) => b.launchedAt - a.launchedAt);
  return { get: (id) => byId.get(id), newestFirst: () => newest, size: byId.size };
}

export function profile(overrides: Partial<ShopperProfile> = {}): ShopperProfile {
  return { ...ANONYMOUS_PROFILE, userId: 'u1', personalized: true, region: 'Milan', purchasedAt: new Map(), dismissed: new Set(), ...overrides };
}

export function context(overrides: Partial<RequestContext> = {}): RequestContext {
  return { now: NOW, timeOfDay: 'afternoon', ...overrides };
}

export function signalsFor(catalog: CatalogView, popularity: Record<string, number> = {}, regional: Record<string, Record<string, number>> = {}): Signals {
  return {
    catalog,
    nearest: async () => [],
    itemVector: async () => undefined,
    popularity: (id, region) => (region !== null ? regional[region]?.[id] : undefined) ?? popularity[id] ?? 0,
    trending: () => [],
    collections: [],
  };
}

export function ranked(productId: string, score: number): RankedItem {
  return {
    productId,
    score,
    breakdown: { relevance: score, popularity: 0, freshness: 0, context: 0, rules: 0 },
    reason: { code: 'TOP_PICK' },
    serendipitous: false,
  };
}

/** A unit vector in 64 dimensions pointing mostly along `axis`, tilted towards `towards` by `tilt`. */
export function unit(axis: number, towards = (axis + 1) % 64, tilt = 0): Float32Array {
  const v = new Float32Array(64);
  v[axis] = Math.cos(tilt);
  v[towards] += Math.sin(tilt);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

/** A deterministic pseudo-random generator (mulberry32) for larger fixtures. */
export function seeded(seed: number): () => number {
  const generator = new SeededRandom(seed);
  return () => generator.next();
}

export function randomUnit(random: () => number): Float32Array {
  const v = new Float32Array(64).map(() => random() * 2 - 1);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}
