/**
 * Position bias: a row low on the page is looked at less often, so it gets fewer clicks whatever
 * it holds, and a bandit that counted every shown row as a full trial would keep whatever row it
 * put on top there. Under the position-based click model a click needs the row to be examined
 * (probability e(rank)) and to appeal (θ, what the bandit learns): a shown row is then e(rank) of a
 * trial. Without randomised swaps to estimate e from this shop's traffic, the curve is DCG's
 * discount, the usual prior for it.
 */
export function examination(rowRank: number): number {
  return 1 / Math.log2(Math.max(1, rowRank) + 1);
}
