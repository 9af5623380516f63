import { ANONYMOUS_PROFILE } from '../../../src/recommend/anonymous.js';
/** A small in-memory world for the core's tests: catalog, vectors, popularity and collections as plain data. */
import type { CatalogView, CollectionDefinition, ItemInfo, RequestContext, ShopperProfile, Signals } from '../../../src/recommend/types.js';
import { SeededRandom } from '../../../src/model/random.js';

export const NOW = new Date(Date.UTC(2026, 2, 10, 19, 0));
export const DAY_MS = 86_400_000;
const DIMENSION = 64;

export function item(id: string, overrides: Partial<ItemInfo> = {}): ItemInfo {
  return {
    id,
    title: `Item ${id}`,
    brandId: 'brand-a',
    brandName: 'Brand A',
    category: 'tote',
    colour: 'black',
    material: 'calfskin',
    price: 1000,
    currency: 'EUR',
    season: 'ALL_SEASON',
    launchedAt: NOW.getTime() - 200 * DAY_MS,
    stockStatus: 'IN_STOCK',
    tags: [],
    ...overrides,
  };
}

export function catalogOf(items: readonly ItemInfo[]): CatalogView {
  const byId = new Map(items.map((i) => [i.id, i]));
  const newest = items.slice().sort((a, b) => b.launchedAt - a.launchedAt || a.id.localeCompare(b.id));
  return { get: (id) => byId.get(id), newestFirst: () => newest, size: items.length };
}

/** A deterministic pseudo-random generator (mulberry32), so that worlds are the same on every run. */
export function random(seed: number): () => number {
  const generator = new SeededRandom(seed);
  return () => generator.next();
}

export function normalise(values: ArrayLike<number>): Float32Array {
  const v = Float32Array.from(values);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

/** A unit vector mostly along `axis`, nudged by `noise` in the next axis (cosine to the axis ≈ 1 - noise²/2). */
export function along(axis: number, noise = 0): Float32Array {
  const v = new Float32Array(DIMENSION);
  v[axis % DIMENSION] = 1;
  v[(axis + 1) % DIMENSION] = noise;
  return normalise(v);
}

export function randomVector(next: () => number): Float32Array {
  return normalise(Array.from({ length: DIMENSION }, () => next() - 0.5));
}

export interface WorldInput {
  items: readonly ItemInfo[];
  vectors?: ReadonlyMap<string, Float32Array>;
  /** Product ids, most popular first, per region; `global` is the worldwide list. */
  popularity?: Record<string, readonly string[]>;
  collections?: readonly CollectionDefinition[];
}

/** Signals answered from plain data: exact nearest neighbours, rank-based popularity. */
export function signalsOf(world: WorldInput): Signals {
  const catalog = catalogOf(world.items);
  const vectors = world.vectors ?? new Map<string, Float32Array>();
  const lists = world.popularity ?? {};
  const trending = (region: string | null, k: number) => {
    const list = lists[region ?? 'global'] ?? [];
    return list.slice(0, k).map((productId, rank) => ({ productId, score: 1 - rank / list.length }));
  };
  return {
    catalog,
    collections: world.collections ?? [],
    async nearest(vector, k, exclude) {
      return [...vectors]
        .filter(([id]) => !exclude?.has(id))
        .map(([id, v]) => ({ id, score: v.reduce((sum, x, i) => sum + x * vector[i], 0) }))
        .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
        .slice(0, k);
    },
    async itemVector(productId) {
      return vectors.get(productId);
    },
    popularity(productId, region) {
      const list = lists[region ?? 'global'] ?? lists.global ?? [];
      const rank = list.indexOf(productId);
      return rank < 0 ? 0 : 1 - rank / list.length;
    },
    trending,
  };
}

export function anonymous(overrides: Partial<ShopperProfile> = {}): ShopperProfile {
  return { ...ANONYMOUS_PROFILE, purchasedAt: new Map(), dismissed: new Set(), ...overrides };
}

export function shopper(vector: Float32Array, overrides: Partial<ShopperProfile> = {}): ShopperProfile {
  return anonymous({ userId: 'u1', personalized: true, vector, ...overrides });
}

export function contextOf(overrides: Partial<RequestContext> = {}): RequestContext {
  return { now: NOW, timeOfDay: 'evening', season: 'SPRING', region: null, ...overrides };
}

export function collection(overrides: Partial<CollectionDefinition> & Pick<CollectionDefinition, 'slug'>): CollectionDefinition {
  return {
    id: `col-${overrides.slug}`,
    title: overrides.slug,
    kind: 'EDITORIAL',
    rule: null,
    members: [],
    pins: [],
    exclusions: new Set(),
    position: 0,
    active: true,
    startsAt: null,
    endsAt: null,
    ...overrides,
  };
}
