import type { Repositories } from '../db/repositories/index.js';
import type { TrainingEvent } from '../db/repositories/interactions.js';
import type { Rating } from '../model/eval/protocols.js';
import type { TrainingData } from '../model/train.js';
import type { InteractionType } from '../realtime/events.js';
import { consentFilter } from '../privacy/consent.js';
import { itemFeaturesOf, userFeaturesOf, type HistoryEvent } from './features.js';

/** Interactions that say "more like this"; the others only shape the user tower's history. */
const POSITIVE: ReadonlySet<InteractionType> = new Set(['VIEW', 'CLICK', 'DWELL', 'WISHLIST', 'ADD_TO_CART', 'PURCHASE']);
const HISTORY_LENGTH = 50;

export interface TrainingSnapshot {
  data: TrainingData;
  /** Every positive event with its time (seconds), for evaluation protocols that split by time. */
  ratings: Rating[];
  takenAt: Date;
  counts: { products: number; shoppers: number; interactions: number; positivePairs: number };
}

/**
 * The catalog, the consenting shoppers and what they did, as the model's plain training data:
 * one positive per distinct (shopper, product) pair, and each shopper's latest events as history.
 * Consent is honoured as in serving: the repositories leave out shoppers without personalization
 * consent and purchases without purchase-history consent; browsing of out-of-budget items is left
 * out here for shoppers without aspirational-browsing consent.
 */
export async function takeTrainingSnapshot(repos: Repositories, now = new Date()): Promise<TrainingSnapshot> {
  const [products, shoppers, events] = await Promise.all([
    repos.products.withBrandNames(),
    repos.shoppers.forTraining(),
    repos.interactions.forTraining(),
  ]);
  const itemIndex = new Map(products.map((p, i) => [p.id, i]));
  const userIndex = new Map(shoppers.map((s, i) => [s.id, i]));
  const priceOf = new Map(products.map((p) => [p.id, p.price]));
  const eventsOf = new Map<string, TrainingEvent[]>();
  for (const event of events) {
    const own = eventsOf.get(event.userId);
    if (own) own.push(event);
    else eventsOf.set(event.userId, [event]);
  }
  const usable = new Map(shoppers.map((s) => [s.id, consentFilter(s, eventsOf.get(s.id) ?? [], (id) => priceOf.get(id))]));
  const histories = new Map<string, HistoryEvent[]>();
  const pairs = new Set<string>();
  const interactions: TrainingData['interactions'] = [];
  const ratings: Rating[] = [];
  for (const event of events) {
    const user = userIndex.get(event.userId);
    const item = itemIndex.get(event.productId);
    if (user === undefined || item === undefined || !usable.get(event.userId)!(event)) continue;
    const history = histories.get(event.userId) ?? [];
    history.push(event);
    histories.set(event.userId, history);
    if (!POSITIVE.has(event.type)) continue;
    ratings.push({ user, item, time: event.occurredAt.getTime() / 1000 });
    const key = `${user}:${item}`;
    if (!pairs.has(key)) {
      pairs.add(key);
      interactions.push({ user, item });
    }
  }
  const users = shoppers.map((shopper) => userFeaturesOf(shopper.id, shopper, (histories.get(shopper.id) ?? []).slice(-HISTORY_LENGTH), null, now));
  return {
    data: { items: products.map(itemFeaturesOf), users, interactions },
    ratings,
    takenAt: now,
    counts: { products: products.length, shoppers: shoppers.length, interactions: events.length, positivePairs: interactions.length },
  };
}
