/**
 * The latent style space of the demo data. Shoppers and products both live in it; engagement
 * follows the dot product, which is what gives a trained model real signal to recover.
 */
export const styleFactors = [
  'classic',
  'avantGarde',
  'minimal',
  'opulent',
  'sporty',
  'romantic',
  'tailored',
  'bold',
] as const;

export type StyleFactor = (typeof styleFactors)[number];

/** A sparse, readable description of a position in the style space. */
export type StyleLeaning = Partial<Record<StyleFactor, number>>;

export type TasteVector = number[];

export const tasteDimensions = styleFactors.length;

export function styleVector(leaning: StyleLeaning): TasteVector {
  return styleFactors.map((factor) => leaning[factor] ?? 0);
}

export function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

export function normalize(vector: readonly number[]): TasteVector {
  const length = Math.sqrt(dot(vector, vector));
  return length === 0 ? vector.slice() : vector.map((v) => v / length);
}

/** Sum of `weight * vector` over the parts. */
export function blend(parts: ReadonlyArray<readonly [number, readonly number[]]>): TasteVector {
  const out = new Array<number>(tasteDimensions).fill(0);
  for (const [weight, vector] of parts) for (let i = 0; i < out.length; i++) out[i] += weight * vector[i];
  return out;
}
