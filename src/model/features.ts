/*
 * Plain-data inputs of the two towers and their encoding into fixed-width "bags": every example
 * becomes S slots (a row of one shared embedding table plus a weight), and slots belong to named
 * groups that the tower pools (weighted mean) and concatenates. One layout type serves both towers.
 */

import { DEVICES, INTERACTION_TYPES, OCCASIONS, SEASONS, type InteractionType } from '../realtime/events.js';

// The vocabularies of events and contexts (plain lists, no Prisma), shared with the gateway; fixed
// vocabularies keep context embeddings stable across retrainings.
export { DEVICES, INTERACTION_TYPES, OCCASIONS, SEASONS, type InteractionType };

/**
 * How much one interaction says about taste. Purchases and carts cost the shopper money or
 * effort, so they outweigh a glance; a view is the weakest positive because many are accidental.
 * Negative values mark rejections: a return is the strongest (bought, tried, sent back), then an
 * explicit dismiss, then a skip (may just mean "not now"). Negatives are pooled separately (see
 * `encodeUsers`) instead of subtracted from the positive mean, so the tower learns how far to
 * steer away rather than having a subtraction that can cancel a genuinely liked neighbour.
 */
export const INTERACTION_WEIGHTS: Readonly<Record<InteractionType, number>> = {
  VIEW: 1,
  CLICK: 1.5,
  DWELL: 2,
  WISHLIST: 3,
  ADD_TO_CART: 4,
  PURCHASE: 5,
  SKIP: -0.5,
  DISMISS: -1.5,
  RETURN: -3,
};

/**
 * Fashion intent moves within weeks (a season, an occasion being shopped for): an interaction
 * two weeks old counts half as much as one from today.
 */
export const RECENCY_HALF_LIFE_DAYS = 14;


/** Palette: 3 dominant colours × RGB in 0..1. Texture: see image-features.ts. */
export const PALETTE_DIMS = 9;
export const TEXTURE_DIMS = 5;
/** Palette, texture, and a flag telling "no image" apart from "black, perfectly flat image". */
export const VISUAL_DIMS = PALETTE_DIMS + TEXTURE_DIMS + 1;

/** Quarter-decade price steps from 1 to 10^6 (bucket 0 = unknown price). */
export const PRICE_BUCKETS = 25;
/** Six four-hour parts of the day (bucket 0 = unknown). */
export const HOUR_BUCKETS = 7;

export interface ItemFeatures {
  id: string;
  brand?: string | null;
  category?: string | null;
  colour?: string | null;
  material?: string | null;
  season?: string | null;
  price?: number | null;
  title?: string | null;
  description?: string | null;
  palette?: number[] | null;
  texture?: number[] | null;
}

export interface RecentInteraction {
  /** The item's id, or its position in the training catalog. */
  itemId?: string;
  itemIndex?: number;
  type: InteractionType;
  ageDays: number;
}

export interface UserContext {
  device?: string | null;
  occasion?: string | null;
  season?: string | null;
  hourOfDay?: number | null;
}

export interface UserFeatures {
  id: string;
  recent?: RecentInteraction[];
  favouriteBrands?: string[];
  favouriteCategories?: string[];
  priceBand?: { min?: number | null; max?: number | null } | null;
  context?: UserContext | null;
}

export interface FeatureOptions {
  /** Hashing-trick buckets for title + description words. */
  wordBuckets: number;
  maxWords: number;
  historyLength: number;
  favouritesLength: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  wordBuckets: 4096,
  maxWords: 24,
  historyLength: 20,
  favouritesLength: 5,
};

/**
 * Row of the always-on "prior" group: a learned embedding every example carries, so a visitor or
 * product with nothing known maps to the population's centre rather than to the zero vector.
 */
const PRIOR = 1;

/** Index 0 is the out-of-vocabulary bucket; known values start at 1. */
export class Vocabulary {
  private readonly lookup = new Map<string, number>();

  constructor(readonly values: readonly string[]) {
    values.forEach((value, i) => this.lookup.set(value, i + 1));
  }

  static fit(values: Iterable<string | null | undefined>): Vocabulary {
    const seen = new Set<string>();
    for (const value of values) if (value) seen.add(value);
    return new Vocabulary([...seen]);
  }

  get size(): number {
    return this.values.length + 1;
  }

  index(value: string | null | undefined): number {
    return value ? (this.lookup.get(value) ?? 0) : 0;
  }
}

export interface BagGroup {
  name: string;
  rows: number;
  slots: number;
}

/** Where each group's rows start in the shared table and which group each slot belongs to. */
export class BagLayout {
  readonly rowOffsets: number[];
  readonly slotOffsets: number[];
  readonly slotGroup: Int32Array;
  readonly totalRows: number;
  readonly slotCount: number;
  private readonly groupIndex: Map<string, number>;

  constructor(readonly groups: readonly BagGroup[]) {
    this.groupIndex = new Map(groups.map((group, g) => [group.name, g]));
    this.rowOffsets = [];
    this.slotOffsets = [];
    let rows = 0;
    let slots = 0;
    for (const group of groups) {
      this.rowOffsets.push(rows);
      this.slotOffsets.push(slots);
      rows += group.rows;
      slots += group.slots;
    }
    this.totalRows = rows;
    this.slotCount = slots;
    this.slotGroup = new Int32Array(slots);
    groups.forEach((group, g) => this.slotGroup.fill(g, this.slotOffsets[g]!, this.slotOffsets[g]! + group.slots));
  }

  group(name: string): number {
    const g = this.groupIndex.get(name);
    if (g === undefined) throw new Error(`Unknown feature group ${name}`);
    return g;
  }
}

/** Examples encoded as slots: absolute table rows, raw (unnormalised) weights, dense features. */
export interface EncodedBags {
  count: number;
  indices: Int32Array;
  weights: Float32Array;
  dense: Float32Array;
  denseDims: number;
}

export interface FeatureSpaceJSON {
  options: FeatureOptions;
  itemIds: string[];
  userIds: string[];
  brands: string[];
  categories: string[];
  colours: string[];
  materials: string[];
}

/** Vocabularies fitted on the training catalog and users, and the encoders built on them. */
export class FeatureSpace {
  readonly itemIds: Vocabulary;
  readonly userIds: Vocabulary;
  readonly brands: Vocabulary;
  readonly categories: Vocabulary;
  readonly colours: Vocabulary;
  readonly materials: Vocabulary;
  readonly seasons = new Vocabulary(SEASONS);
  readonly devices = new Vocabulary(DEVICES);
  readonly occasions = new Vocabulary(OCCASIONS);
  readonly itemLayout: BagLayout;
  readonly userLayout: BagLayout;

  constructor(readonly json: FeatureSpaceJSON) {
    this.itemIds = new Vocabulary(json.itemIds);
    this.userIds = new Vocabulary(json.userIds);
    this.brands = new Vocabulary(json.brands);
    this.categories = new Vocabulary(json.categories);
    this.colours = new Vocabulary(json.colours);
    this.materials = new Vocabulary(json.materials);
    const { wordBuckets, maxWords, historyLength, favouritesLength } = json.options;
    this.itemLayout = new BagLayout([
      { name: 'prior', rows: 2, slots: 1 },
      { name: 'id', rows: this.itemIds.size, slots: 1 },
      { name: 'brand', rows: this.brands.size, slots: 1 },
      { name: 'category', rows: this.categories.size, slots: 1 },
      { name: 'colour', rows: this.colours.size, slots: 1 },
      { name: 'material', rows: this.materials.size, slots: 1 },
      { name: 'season', rows: this.seasons.size, slots: 1 },
      { name: 'price', rows: PRICE_BUCKETS, slots: 1 },
      { name: 'words', rows: wordBuckets, slots: maxWords },
    ]);
    this.userLayout = new BagLayout([
      { name: 'prior', rows: 2, slots: 1 },
      { name: 'id', rows: this.userIds.size, slots: 1 },
      { name: 'liked', rows: this.itemIds.size, slots: historyLength },
      { name: 'rejected', rows: this.itemIds.size, slots: historyLength },
      { name: 'favouriteBrands', rows: this.brands.size, slots: favouritesLength },
      { name: 'favouriteCategories', rows: this.categories.size, slots: favouritesLength },
      { name: 'priceBand', rows: PRICE_BUCKETS, slots: 1 },
      { name: 'device', rows: this.devices.size, slots: 1 },
      { name: 'occasion', rows: this.occasions.size, slots: 1 },
      { name: 'season', rows: this.seasons.size, slots: 1 },
      { name: 'hour', rows: HOUR_BUCKETS, slots: 1 },
    ]);
  }

  static fit(items: ItemFeatures[], users: UserFeatures[], options: Partial<FeatureOptions> = {}): FeatureSpace {
    return new FeatureSpace({
      options: { ...DEFAULT_FEATURE_OPTIONS, ...options },
      itemIds: Vocabulary.fit(items.map((item) => item.id)).values.slice(),
      userIds: Vocabulary.fit(users.map((user) => user.id)).values.slice(),
      brands: Vocabulary.fit(items.map((item) => item.brand)).values.slice(),
      categories: Vocabulary.fit(items.map((item) => item.category)).values.slice(),
      colours: Vocabulary.fit(items.map((item) => item.colour)).values.slice(),
      materials: Vocabulary.fit(items.map((item) => item.material)).values.slice(),
    });
  }

  encodeItems(items: readonly ItemFeatures[]): EncodedBags {
    const layout = this.itemLayout;
    const bags = emptyBags(items.length, layout.slotCount, VISUAL_DIMS);
    const { maxWords, wordBuckets } = this.json.options;
    items.forEach((item, n) => {
      const put = slotWriter(bags, layout, n);
      put('prior', 0, PRIOR);
      put('id', 0, this.itemIds.index(item.id));
      put('brand', 0, this.brands.index(item.brand));
      put('category', 0, this.categories.index(item.category));
      put('colour', 0, this.colours.index(item.colour));
      put('material', 0, this.materials.index(item.material));
      put('season', 0, this.seasons.index(item.season));
      put('price', 0, priceBucket(item.price));
      hashedWords(`${item.title ?? ''} ${item.description ?? ''}`, wordBuckets, maxWords).forEach(([bucket, count], i) =>
        put('words', i, bucket, count),
      );
      writeVisual(bags.dense, n * VISUAL_DIMS, item);
    });
    return bags;
  }

  /**
   * Recent interactions split into a "liked" pool (positive weights) and a "rejected" pool
   * (|negative weights|), each the most recent `historyLength` events, weighted by type and
   * recency. Items outside the training catalog have no id embedding and are left out.
   */
  encodeUsers(users: readonly UserFeatures[]): EncodedBags {
    const bags = emptyBags(users.length, this.userLayout.slotCount, 0);
    users.forEach((user, n) => this.writeUser(bags, n, user, this.timeline(user)));
    return bags;
  }

  /**
   * Users as seen by training examples (user, target item): never any event on the target, or
   * the model would learn to copy the history. With `asOfItem[n]` set, example n sees the user
   * as they were when they came to the item: only events at least as old as the item's first
   * event in their history, aged from that moment (an item missing from the history leaves the
   * whole history visible). Otherwise it sees the whole history, as `encodeUsers` does.
   */
  encodeUsersAt(
    users: readonly UserFeatures[],
    timelines: readonly UserTimeline[],
    examples: { user: ArrayLike<number>; item: ArrayLike<number>; asOfItem: ArrayLike<boolean> },
  ): EncodedBags {
    const count = examples.user.length;
    const bags = emptyBags(count, this.userLayout.slotCount, 0);
    for (let n = 0; n < count; n++) {
      const user = examples.user[n]!;
      const itemRow = examples.item[n]! + 1;
      this.writeUser(bags, n, users[user]!, timelines[user]!, itemRow, examples.asOfItem[n]!);
    }
    return bags;
  }

  /** A user's history resolved to catalog rows and sorted newest first, for `encodeUsersAt`. */
  timeline(user: UserFeatures): UserTimeline {
    const events = (user.recent ?? [])
      .map((event) => ({ row: this.historyItem(event), weight: INTERACTION_WEIGHTS[event.type], ageDays: Math.max(0, event.ageDays) }))
      .filter((event) => event.row !== 0 && event.weight !== 0)
      .sort((a, b) => a.ageDays - b.ageDays);
    const firstAge = new Map<number, number>();
    for (const { row, ageDays } of events) firstAge.set(row, Math.max(ageDays, firstAge.get(row) ?? 0));
    return {
      rows: Int32Array.from(events, (e) => e.row),
      weights: Float32Array.from(events, (e) => e.weight),
      ageDays: Float64Array.from(events, (e) => e.ageDays),
      rejections: events.filter((e) => e.weight < 0).length,
      firstAge,
    };
  }

  private writeUser(bags: EncodedBags, n: number, user: UserFeatures, timeline: UserTimeline, targetRow = 0, asOfTarget = false): void {
    const put = slotWriter(bags, this.userLayout, n);
    const { historyLength, favouritesLength } = this.json.options;
    put('prior', 0, PRIOR);
    put('id', 0, this.userIds.index(user.id));
    const cutAge = (asOfTarget && timeline.firstAge.get(targetRow)) || 0;
    const pools = { liked: 0, rejected: 0 };
    const rejections = timeline.rejections;
    for (let e = firstAtLeast(timeline.ageDays, cutAge); e < timeline.rows.length; e++) {
      if (pools.liked >= historyLength && (pools.rejected >= historyLength || rejections === 0)) break;
      const row = timeline.rows[e]!;
      const typeWeight = timeline.weights[e]!;
      const pool = typeWeight > 0 ? 'liked' : 'rejected';
      if (row === targetRow || pools[pool] >= historyLength) continue;
      put(pool, pools[pool]++, row, Math.abs(typeWeight) * recencyDecay(timeline.ageDays[e]! - cutAge));
    }
    (user.favouriteBrands ?? []).slice(0, favouritesLength).forEach((brand, i) => put('favouriteBrands', i, this.brands.index(brand)));
    (user.favouriteCategories ?? [])
      .slice(0, favouritesLength)
      .forEach((category, i) => put('favouriteCategories', i, this.categories.index(category)));
    put('priceBand', 0, priceBucket(priceBandMidpoint(user.priceBand)));
    const context = user.context ?? {};
    put('device', 0, this.devices.index(context.device));
    put('occasion', 0, this.occasions.index(context.occasion));
    put('season', 0, this.seasons.index(context.season));
    put('hour', 0, hourBucket(context.hourOfDay));
  }

  private historyItem(event: RecentInteraction): number {
    if (event.itemId !== undefined) return this.itemIds.index(event.itemId);
    if (event.itemIndex !== undefined && event.itemIndex >= 0 && event.itemIndex < this.itemIds.values.length) {
      return event.itemIndex + 1;
    }
    return 0;
  }
}

/** One user's usable history events (known items, non-zero weight), newest first. */
export interface UserTimeline {
  /** Item id rows (catalog index + 1). */
  rows: Int32Array;
  /** Interaction-type weights, before recency decay. */
  weights: Float32Array;
  ageDays: Float64Array;
  /** Events with negative weight; with none, encoding can stop once the "liked" pool is full. */
  rejections: number;
  /** Per item row, the age of its oldest event: when the user came to it. */
  firstAge: Map<number, number>;
}

/** Index of the first value ≥ `bound` in an ascending array (its length when there is none). */
function firstAtLeast(sorted: Float64Array, bound: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < bound) low = middle + 1;
    else high = middle;
  }
  return low;
}

function emptyBags(count: number, slots: number, denseDims: number): EncodedBags {
  return {
    count,
    indices: new Int32Array(count * slots),
    weights: new Float32Array(count * slots),
    dense: new Float32Array(count * denseDims),
    denseDims,
  };
}

/**
 * Writes vocabulary index `index` of a group into slot `slot` of example `n`. Unknown values
 * (index 0) get weight 0: an unseen id or brand then contributes nothing, instead of one shared
 * "unknown" vector that would pull all newcomers together.
 */
function slotWriter(bags: EncodedBags, layout: BagLayout, n: number) {
  const base = n * layout.slotCount;
  return (groupName: string, slot: number, index: number, weight = 1) => {
    const g = layout.group(groupName);
    const s = base + layout.slotOffsets[g]! + slot;
    bags.indices[s] = layout.rowOffsets[g]! + index;
    bags.weights[s] = index === 0 ? 0 : weight;
  };
}

export function recencyDecay(ageDays: number): number {
  return Math.pow(0.5, Math.max(0, ageDays) / RECENCY_HALF_LIFE_DAYS);
}

export function priceBucket(price: number | null | undefined): number {
  if (price === null || price === undefined || !(price > 0)) return 0;
  return 1 + Math.min(PRICE_BUCKETS - 2, Math.max(0, Math.floor(4 * Math.log10(price))));
}

function priceBandMidpoint(band: UserFeatures['priceBand']): number | undefined {
  const low = band?.min ?? undefined;
  const high = band?.max ?? undefined;
  if (low && high) return Math.sqrt(low * high);
  return high ?? low;
}

export function hourBucket(hour: number | null | undefined): number {
  if (hour === null || hour === undefined || !Number.isFinite(hour)) return 0;
  return 1 + Math.floor((((hour % 24) + 24) % 24) / 4);
}

export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 1);
}

/** FNV-1a: fast, stable across runs and platforms, good enough spread for the hashing trick. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** [bucket, count] of the first `maxWords` distinct tokens; bucket 0 is reserved for "none". */
export function hashedWords(text: string, buckets: number, maxWords: number): [number, number][] {
  const counts = new Map<number, number>();
  for (const token of tokenize(text)) {
    const bucket = 1 + (fnv1a(token) % (buckets - 1));
    if (counts.has(bucket) || counts.size < maxWords) counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  return [...counts];
}

function writeVisual(target: Float32Array, offset: number, item: ItemFeatures): void {
  if (!item.palette && !item.texture) return;
  (item.palette ?? []).slice(0, PALETTE_DIMS).forEach((v, i) => (target[offset + i] = v));
  (item.texture ?? []).slice(0, TEXTURE_DIMS).forEach((v, i) => (target[offset + PALETTE_DIMS + i] = v));
  target[offset + PALETTE_DIMS + TEXTURE_DIMS] = 1;
}
