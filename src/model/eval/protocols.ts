import { SeededRandom } from '../random.js';

export interface Rating {
  user: number;
  item: number;
  /** Any increasing clock (seconds, ms); only the order matters. */
  time: number;
}

export interface Split {
  train: Rating[];
  test: Rating[];
}

/** Protocol (a): a seeded random share of all ratings is held out (TFRS's MovieLens setup). */
export function randomSplit(ratings: readonly Rating[], testFraction: number, seed: number): Split {
  const shuffled = [...ratings];
  new SeededRandom(seed).shuffle(shuffled);
  const test = Math.round(shuffled.length * testFraction);
  return { test: shuffled.slice(0, test), train: shuffled.slice(test) };
}

/**
 * Protocol (b): each user's latest rating is held out ("what next?"). Ties in time are broken by
 * item index so the split is deterministic; users with a single rating stay in training only.
 */
export function leaveLastOut(ratings: readonly Rating[]): Split {
  const latest = new Map<number, Rating>();
  const counts = new Map<number, number>();
  for (const rating of ratings) {
    counts.set(rating.user, (counts.get(rating.user) ?? 0) + 1);
    const current = latest.get(rating.user);
    if (!current || rating.time > current.time || (rating.time === current.time && rating.item > current.item)) {
      latest.set(rating.user, rating);
    }
  }
  const held = new Set<Rating>();
  for (const [user, rating] of latest) if (counts.get(user)! > 1) held.add(rating);
  return { train: ratings.filter((r) => !held.has(r)), test: ratings.filter((r) => held.has(r)) };
}

/** Per user (0..users-1), the item indices of the given ratings. */
export function itemsByUser(ratings: readonly Rating[], users: number): number[][] {
  const lists: number[][] = Array.from({ length: users }, () => []);
  for (const { user, item } of ratings) lists[user]!.push(item);
  return lists;
}

/**
 * Protocol (b) when users can interact with the same item again (re-orders in retail data):
 * the held-out item is the one the user came to last, i.e. whose FIRST interaction is the most
 * recent (ties broken by item index, as in `leaveLastOut`). All the user's interactions with it
 * leave training, so the item is never among the user's training items and a ranking with
 * training items filtered can still find it; predicting re-orders ("buy it again") is a
 * different task. The user's interactions after that moment (re-orders of older items) are
 * dropped rather than trained on, so nothing from the user's future is seen. Users with fewer
 * than two distinct items are not tested and stay in training whole. Without repeats this is
 * exactly `leaveLastOut`.
 */
export function leaveLastNewOut(ratings: readonly Rating[]): Split & { dropped: number } {
  const firstTimes = new Map<number, Map<number, number>>();
  for (const { user, item, time } of ratings) {
    const items = firstTimes.get(user) ?? new Map<number, number>();
    firstTimes.set(user, items);
    if (!items.has(item) || time < items.get(item)!) items.set(item, time);
  }
  const heldOut = new Map<number, { item: number; time: number }>();
  for (const [user, items] of firstTimes) {
    if (items.size < 2) continue;
    let latest: { item: number; time: number } | undefined;
    for (const [item, time] of items) {
      if (!latest || time > latest.time || (time === latest.time && item > latest.item)) latest = { item, time };
    }
    heldOut.set(user, latest!);
  }
  const split = { train: [] as Rating[], test: [] as Rating[], dropped: 0 };
  const tested = new Set<number>();
  for (const rating of ratings) {
    const held = heldOut.get(rating.user);
    if (!held) split.train.push(rating);
    else if (rating.item !== held.item && rating.time <= held.time) split.train.push(rating);
    else if (rating.item === held.item && rating.time === held.time && !tested.has(rating.user)) {
      tested.add(rating.user);
      split.test.push(rating);
    } else split.dropped++;
  }
  return split;
}
