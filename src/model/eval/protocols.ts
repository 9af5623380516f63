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
