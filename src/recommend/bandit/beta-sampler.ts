import beta from '@stdlib/random-base-beta';

/** Draws from Beta(alpha, beta). */
export type BetaSampler = (alpha: number, beta: number) => number;

/**
 * A Beta sampler on a Mersenne Twister: with a seed the draws repeat exactly (tests, and pages
 * that must be composed twice the same way); without one it is seeded from the system.
 */
export function betaSampler(seed?: number): BetaSampler {
  // MT19937 takes seeds in [1, 2^32 − 1].
  const draw = seed === undefined ? beta.factory() : beta.factory({ seed: seed >>> 0 || 1 });
  return (a, b) => draw(a, b);
}

/** A 32-bit FNV-1a hash, to turn request keys into sampler seeds. */
export function seedOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
