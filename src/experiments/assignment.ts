import { createHash } from 'node:crypto';

/**
 * A shopper's stable position in [0, 1) for one experiment: the first 52 bits of
 * sha256(salt ":" userId). The salt differs per experiment, so being in the first variant of one
 * experiment says nothing about the next; no state is stored, so every replica agrees.
 */
export function bucketOf(salt: string, userId: string): number {
  const digest = createHash('sha256').update(`${salt}:${userId}`).digest();
  // 52 bits fit a double exactly: 20 high bits, then 32 low bits.
  return ((digest.readUInt32BE(0) >>> 12) * 2 ** 32 + digest.readUInt32BE(4)) / 2 ** 52;
}

/**
 * The variant whose cumulative share range holds the shopper's bucket. Shares sum to 1 within
 * rounding; the last variant takes whatever rounding leaves at the top.
 */
export function assignVariant<V extends { share: number }>(salt: string, variants: readonly V[], userId: string): V {
  const bucket = bucketOf(salt, userId);
  let upper = 0;
  for (const variant of variants) {
    upper += variant.share;
    if (bucket < upper) return variant;
  }
  return variants[variants.length - 1];
}
