import type { Device, InteractionType, Occasion, Season } from '../generated/prisma/enums.js';
import type { SeedProduct } from './catalog.js';
import type { Random } from './random.js';
import { historyDays, type SeedShopper } from './shoppers.js';
import { dot, tasteDimensions } from './taste.js';
import { occasions, regions, timeOfDayAt, type referrers, type Region, type TimeOfDay } from './vocabulary.js';

export interface SeedInteraction {
  /** Idempotency key: reseeding the same data never duplicates an event. */
  eventId: string;
  userId: string;
  productId: string;
  type: InteractionType;
  occurredAt: Date;
  dwellMs: number | null;
  quantity: number | null;
  unitPrice: number | null;
  device: Device;
  occasion: Occasion | null;
  season: Season;
  region: string;
  /** The shopper's wall-clock time, "HH:MM". */
  localTime: string;
  referrer: string;
}

/**
 * How strongly each force shapes which products a shopper meets. Exported so tests and
 * documentation can refer to the model the data was drawn from.
 */
export const tasteModel = {
  /** Sharpness of the softmax over taste affinity (dot product of unit vectors). */
  temperature: 5,
  /** Weight of a product's intrinsic popularity. */
  popularity: 0.6,
  /** Spread (natural log) of prices a shopper happily browses around their comfort price. */
  priceSpread: 0.9,
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Log-odds that a shopper engages with a product: taste, popularity and price fit. Read from flat
 * arrays: with a large catalog, reading them from scattered product objects costs more than the
 * arithmetic.
 */
function engagementTable(products: readonly SeedProduct[]) {
  const tastes = new Float64Array(products.length * tasteDimensions);
  products.forEach((p, j) => tastes.set(p.taste, j * tasteDimensions));
  const popularity = Float64Array.from(products, (p) => p.popularity);
  const prices = Float64Array.from(products, (p) => p.price);
  return {
    logit(shopper: SeedShopper, j: number): number {
      let affinity = 0;
      for (let d = 0, at = j * tasteDimensions; d < tasteDimensions; d++, at++) affinity += shopper.taste[d] * tastes[at];
      return tasteModel.temperature * affinity + tasteModel.popularity * popularity[j] + priceFit(shopper, prices[j]);
    },
  };
}

function priceFit(shopper: SeedShopper, price: number): number {
  const spread = Math.log(price / shopper.comfortPrice) / tasteModel.priceSpread;
  return -0.5 * spread * spread;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Cumulative softmax of `logits`, for sampling by binary search. */
function cumulativeSoftmax(logits: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of logits) if (v > max) max = v;
  const cdf = new Float64Array(logits.length);
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    total += Math.exp(logits[i] - max);
    cdf[i] = total;
  }
  for (let i = 0; i < cdf.length; i++) cdf[i] /= total;
  return cdf;
}

function sampleIndex(cdf: Float64Array, random: Random): number {
  const target = random.next();
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Splits `total` events over shoppers in proportion to their activity, exactly. */
function allocateBudgets(activities: number[], total: number): number[] {
  const sum = activities.reduce((s, a) => s + a, 0);
  const raw = activities.map((a) => (a / sum) * total);
  const budgets = raw.map(Math.floor);
  let remainder = total - budgets.reduce((s, b) => s + b, 0);
  const byFraction = raw.map((r, i) => ({ i, fraction: r - Math.floor(r) })).sort((a, b) => b.fraction - a.fraction || a.i - b.i);
  for (const { i } of byFraction) {
    if (remainder-- <= 0) break;
    budgets[i]++;
  }
  return budgets;
}

// Share of sessions by local hour: quiet at night, peaks at lunch and in the evening.
const hourWeights = [1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2, 3, 3, 3, 4, 5, 5, 4, 3, 3, 4, 5, 7, 8, 8, 6, 3];
const hours = hourWeights.map((_, h) => h);

const occasionWeights: Record<TimeOfDay, Partial<Record<Occasion, number>>> = {
  morning: { WORK: 25, EVERYDAY: 30, TRAVEL: 10, SPORT: 10, GIFT: 8, HOLIDAY: 4, WEDDING: 4, EVENING: 2 },
  afternoon: { EVERYDAY: 30, WORK: 15, GIFT: 12, TRAVEL: 10, WEDDING: 8, HOLIDAY: 8, EVENING: 8, SPORT: 6 },
  evening: { EVENING: 30, EVERYDAY: 20, GIFT: 10, WEDDING: 8, HOLIDAY: 6, TRAVEL: 6, WORK: 3, SPORT: 3 },
  night: { EVENING: 25, EVERYDAY: 25, GIFT: 10, HOLIDAY: 10, TRAVEL: 10, WEDDING: 5, WORK: 2, SPORT: 2 },
};

// Where sessions start; later views in a session mostly come from product pages.
const entryReferrers: Partial<Record<(typeof referrers)[number], number>> = {
  home: 30,
  search: 20,
  collection: 10,
  newsletter: 10,
  instagram: 12,
  'paid-search': 8,
  direct: 10,
};

function seasonAt(localMonth: number, southern: boolean): Season {
  const northern: Season[] = ['WINTER', 'WINTER', 'SPRING', 'SPRING', 'SPRING', 'SUMMER', 'SUMMER', 'SUMMER', 'AUTUMN', 'AUTUMN', 'AUTUMN', 'WINTER'];
  const season = northern[localMonth];
  if (!southern) return season;
  const flipped: Record<Season, Season> = { WINTER: 'SUMMER', SUMMER: 'WINTER', SPRING: 'AUTUMN', AUTUMN: 'SPRING', ALL_SEASON: 'ALL_SEASON' };
  return flipped[season];
}

interface SessionContext {
  device: Device;
  occasion: Occasion | null;
  season: Season;
  region: Region;
  entryReferrer: string;
}

function localClock(time: number, region: Region): { date: Date; text: string } {
  const date = new Date(time + region.utcOffset * HOUR);
  const text = `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`;
  return { date, text };
}

/** A session start in [from, until), at an hour of the shopper's local day people actually shop. */
function sessionStart(random: Random, from: number, until: number, region: Region): number {
  for (let attempt = 0; attempt < 8; attempt++) {
    const day = Math.floor((from + random.next() * (until - from)) / DAY) * DAY;
    const time = day - region.utcOffset * HOUR + random.weighted(hours, hourWeights) * HOUR + random.int(0, 3599) * 1000;
    if (time >= from && time < until) return time;
  }
  return from + Math.floor(random.next() * (until - from));
}

function sessionContext(random: Random, shopper: SeedShopper, region: Region, start: number): SessionContext {
  const local = localClock(start, region).date;
  const weights = occasionWeights[timeOfDayAt(local.getUTCHours())];
  return {
    device: random.chance(0.8) ? shopper.preferredDevice : random.pick<Device>(['DESKTOP', 'MOBILE', 'TABLET', 'APP']),
    occasion: random.chance(0.35) ? null : random.weighted(occasions, occasions.map((o) => weights[o] ?? 0)),
    season: seasonAt(local.getUTCMonth(), region.southernHemisphere ?? false),
    region,
    entryReferrer: random.weighted(Object.keys(entryReferrers), Object.values(entryReferrers)),
  };
}

export interface InteractionOptions {
  count: number;
  now: Date;
  /** Prefix of every eventId, so different seeds never collide. */
  eventIdPrefix: string;
  /**
   * Taste-driven picks come from a uniform random sample of this many products per shopper, a
   * self-normalised estimate of the softmax over the whole catalog: the full softmax costs
   * shoppers × products (100k × 200k would take most of an hour). Default: the whole catalog.
   */
  candidatePool?: number;
}

/**
 * Simulated shopping history. Each shopper meets products through a softmax over taste
 * affinity, popularity and price fit (plus trending and random exploration), nudged by the
 * session's season and occasion; each product view then runs down the funnel
 * VIEW → CLICK → DWELL → WISHLIST → ADD_TO_CART → PURCHASE (→ RETURN), or ends in SKIP/DISMISS,
 * with deeper steps more likely the better the match.
 */
export function generateInteractions(
  random: Random,
  shoppers: SeedShopper[],
  products: SeedProduct[],
  options: InteractionOptions,
): SeedInteraction[] {
  const now = options.now.getTime();
  const historyStart = now - historyDays * DAY;
  const regionByName = new Map(regions.map((r) => [r.name, r]));
  const launch = products.map((p) => p.launchDate.getTime());
  const tagSets = products.map((p) => new Set(p.tags));
  const trending = cumulativeSoftmax(Float64Array.from(products, (p) => p.popularity));
  const budgets = allocateBudgets(shoppers.map((s) => s.activity), options.count);

  const table = engagementTable(products);
  const drafts: Array<Omit<SeedInteraction, 'eventId'>> = [];
  const poolSize = Math.min(products.length, options.candidatePool ?? products.length);
  const pooled = poolSize < products.length;
  const pool = Int32Array.from({ length: poolSize }, (_, j) => j);
  const logits = new Float64Array(poolSize);
  shoppers.forEach((shopper, shopperIndex) => {
    const budget = budgets[shopperIndex];
    if (budget === 0 || products.length === 0) return;
    if (pooled) for (let j = 0; j < poolSize; j++) pool[j] = random.int(0, products.length - 1);
    for (let j = 0; j < poolSize; j++) logits[j] = table.logit(shopper, pool[j]);
    const personal = cumulativeSoftmax(logits);
    const region = regionByName.get(shopper.region)!;
    const from = Math.max(historyStart, shopper.createdAt.getTime());
    let emitted = 0;

    const pickProduct = (time: number, context: SessionContext, seen: Set<number>, previous: number | null): number | null => {
      const sameCategory = previous !== null && random.chance(0.3);
      for (let attempt = 0; attempt < 12; attempt++) {
        const source = random.next();
        const j = source < 0.8 ? pool[sampleIndex(personal, random)] : source < 0.92 ? sampleIndex(trending, random) : random.int(0, products.length - 1);
        const product = products[j];
        if (launch[j] > time || seen.has(j)) continue;
        if (sameCategory && attempt < 8 && product.category !== products[previous].category) continue;
        const seasonFit = product.season === 'ALL_SEASON' || product.season === context.season ? 1 : 0.35;
        const occasionFit = !context.occasion || tagSets[j].has(context.occasion.toLowerCase()) ? 1 : 0.4;
        if (random.chance(seasonFit * occasionFit)) return j;
      }
      return null;
    };

    for (let sessions = 0; emitted < budget && sessions < budget * 4; sessions++) {
      let time = sessionStart(random, from, now - HOUR, region);
      const context = sessionContext(random, shopper, region, time);
      const seen = new Set<number>();
      let previous: number | null = null;
      const views = 1 + Math.floor(-Math.log(1 - random.next()) * 4);
      for (let v = 0; v < views && emitted < budget && time < now; v++) {
        const j = pickProduct(time, context, seen, previous);
        if (j === null) continue;
        seen.add(j);
        const product = products[j];
        const referrer = v === 0 ? context.entryReferrer : random.weighted(['product', 'home', 'search', 'collection'], [5, 2, 2, 1]);
        const emit = (type: InteractionType, extra: Partial<SeedInteraction> = {}, at = time) => {
          if (emitted >= budget || at >= now) return false;
          drafts.push({
            userId: shopper.id,
            productId: product.id,
            type,
            occurredAt: new Date(at),
            dwellMs: null,
            quantity: null,
            unitPrice: null,
            device: context.device,
            occasion: context.occasion,
            season: context.season,
            region: region.name,
            localTime: localClock(at, region).text,
            referrer,
            ...extra,
          });
          emitted++;
          return true;
        };
        runFunnel(random, shopper, product, emit, (ms) => (time += ms));
        previous = j;
        time += random.int(10, 120) * 1000;
      }
    }
  });

  // A global time order reads naturally and gives eventIds that follow the clock.
  const order = drafts.map((_, i) => i).sort((a, b) => drafts[a].occurredAt.getTime() - drafts[b].occurredAt.getTime() || a - b);
  return order.map((i, position) => ({ eventId: `${options.eventIdPrefix}-e${String(position + 1).padStart(7, '0')}`, ...drafts[i] }));
}

type Emit = (type: InteractionType, extra?: Partial<SeedInteraction>, at?: number) => boolean;

/** One product view and how far down the funnel it goes. */
function runFunnel(random: Random, shopper: SeedShopper, product: SeedProduct, emit: Emit, advance: (ms: number) => number): void {
  const affinity = tasteModel.temperature * dot(shopper.taste, product.taste) + 0.3 * product.popularity;
  const fit = priceFit(shopper, product.price);
  if (!emit('VIEW')) return;
  if (!random.chance(sigmoid(affinity + fit - 3))) {
    if (random.chance(sigmoid(-affinity))) emit(random.chance(0.2) ? 'DISMISS' : 'SKIP', {}, advance(random.int(1, 6) * 1000));
    return;
  }
  if (!emit('CLICK', {}, advance(random.int(2, 20) * 1000))) return;
  if (random.chance(0.65)) {
    const dwellMs = Math.round(Math.exp(random.normal(9.4 + 0.15 * affinity, 0.6)));
    if (!emit('DWELL', { dwellMs }, advance(dwellMs))) return;
  }
  if (random.chance(sigmoid(affinity - 4.5))) {
    if (!emit('WISHLIST', {}, advance(random.int(3, 40) * 1000))) return;
  }
  if (!random.chance(sigmoid(affinity + 1.5 * fit - 5))) return;
  if (!emit('ADD_TO_CART', {}, advance(random.int(5, 60) * 1000))) return;
  if (!random.chance(sigmoid(affinity + 2 * fit - 3.5))) return;
  const quantity = random.chance(0.05) ? 2 : 1;
  const purchasedAt = advance(random.int(60, 600) * 1000);
  if (!emit('PURCHASE', { quantity, unitPrice: product.price }, purchasedAt)) return;
  if (random.chance(0.08)) emit('RETURN', { quantity, unitPrice: product.price }, purchasedAt + random.int(3, 20) * DAY);
}
