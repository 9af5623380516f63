import { errorFunction, gammaln } from 'simple-statistics';

/** Significance level of every test, and 1 − confidence of every interval. */
export const ALPHA = 0.05;

/** An estimate with its confidence interval; the bounds are null when the data cannot give one. */
export interface Estimate {
  value: number;
  low: number | null;
  high: number | null;
}

/** A variant minus the control, with the difference's interval and a two-sided p-value. */
export interface Comparison {
  difference: number;
  low: number;
  high: number;
  pValue: number;
  significant: boolean;
}

/** Count, sum and sum of squares of a per-unit quantity: what SQL aggregates return cheaply. */
export interface Moments {
  n: number;
  sum: number;
  sumSquares: number;
}

export interface Proportion {
  successes: number;
  trials: number;
}

export function normalCdf(z: number): number {
  return 0.5 * (1 + errorFunction(z / Math.SQRT2));
}

/** Student's t distribution function, through the regularized incomplete beta function. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

// simple-statistics' probit is accurate to about 3e-3 only (1.957 for 1.960): quantiles are
// found by bisection on the distribution functions instead.
export function normalQuantile(p: number): number {
  return invert(normalCdf, p);
}

export function studentTQuantile(p: number, df: number): number {
  return invert((t) => studentTCdf(t, df), p);
}

/** Wilson score interval: stays inside [0, 1] and behaves with few trials or rates near 0 or 1. */
export function wilson({ successes, trials }: Proportion, alpha = ALPHA): Estimate {
  if (trials === 0) return { value: 0, low: null, high: null };
  const z = normalQuantile(1 - alpha / 2);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials));
  return { value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export function mean({ n, sum }: Moments): number {
  return n === 0 ? 0 : sum / n;
}

/** Sample variance (n − 1); 0 below two units. */
export function variance({ n, sum, sumSquares }: Moments): number {
  if (n < 2) return 0;
  return Math.max(0, (sumSquares - (sum * sum) / n) / (n - 1));
}

/** Mean with a Student t interval; no interval below two units. */
export function meanEstimate(moments: Moments, alpha = ALPHA): Estimate {
  const value = mean(moments);
  if (moments.n < 2) return { value, low: null, high: null };
  const half = studentTQuantile(1 - alpha / 2, moments.n - 1) * Math.sqrt(variance(moments) / moments.n);
  return { value, low: value - half, high: value + half };
}

/**
 * Two-proportion z-test of `variant` against `control`: the test uses the pooled rate (the null
 * hypothesis says they are equal), the interval of the difference the unpooled standard error.
 * Null when either side has no trials.
 */
export function compareProportions(control: Proportion, variant: Proportion, alpha = ALPHA): Comparison | null {
  if (control.trials === 0 || variant.trials === 0) return null;
  const p1 = control.successes / control.trials;
  const p2 = variant.successes / variant.trials;
  const difference = p2 - p1;
  const pooled = (control.successes + variant.successes) / (control.trials + variant.trials);
  const pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / control.trials + 1 / variant.trials));
  const pValue = pooledSe === 0 ? (difference === 0 ? 1 : 0) : 2 * (1 - normalCdf(Math.abs(difference / pooledSe)));
  const se = Math.sqrt((p1 * (1 - p1)) / control.trials + (p2 * (1 - p2)) / variant.trials);
  const half = normalQuantile(1 - alpha / 2) * se;
  return { difference, low: difference - half, high: difference + half, pValue, significant: pValue < alpha };
}

/**
 * Welch's t-test of `variant`'s mean against `control`'s (unequal variances, Welch–Satterthwaite
 * degrees of freedom), with the matching interval of the difference. Null below two units a side.
 */
export function compareMeans(control: Moments, variant: Moments, alpha = ALPHA): Comparison | null {
  if (control.n < 2 || variant.n < 2) return null;
  const difference = mean(variant) - mean(control);
  const a = variance(control) / control.n;
  const b = variance(variant) / variant.n;
  const se = Math.sqrt(a + b);
  if (se === 0) {
    const pValue = difference === 0 ? 1 : 0;
    return { difference, low: difference, high: difference, pValue, significant: pValue < alpha };
  }
  const df = (a + b) ** 2 / (a ** 2 / (control.n - 1) + b ** 2 / (variant.n - 1));
  const t = difference / se;
  const pValue = regularizedBeta(df / (df + t * t), df / 2, 0.5);
  const half = studentTQuantile(1 - alpha / 2, df) * se;
  return { difference, low: difference - half, high: difference + half, pValue, significant: pValue < alpha };
}

/** I_x(a, b), by the continued fraction of Numerical Recipes (§6.4) on the side where it converges fast. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(gammaln(a + b) - gammaln(a) - gammaln(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(x, a, b)) / a : 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

const TINY = 1e-300;
const EPSILON = 1e-14;

// Modified Lentz's method: each iteration applies the even and then the odd term of the fraction.
function betaContinuedFraction(x: number, a: number, b: number): number {
  const clamp = (v: number) => (Math.abs(v) < TINY ? TINY : v);
  let c = 1;
  let d = 1 / clamp(1 - ((a + b) * x) / (a + 1));
  let h = d;
  const step = (numerator: number): number => {
    d = 1 / clamp(1 + numerator * d);
    c = clamp(1 + numerator / c);
    h *= d * c;
    return d * c;
  };
  for (let m = 1; m <= 300; m++) {
    step((m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)));
    const change = step((-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1)));
    if (Math.abs(change - 1) < EPSILON) break;
  }
  return h;
}

/** The x where an increasing distribution function reaches p. */
function invert(cdf: (x: number) => number, p: number): number {
  let low = -1;
  let high = 1;
  while (cdf(low) > p) low *= 2;
  while (cdf(high) < p) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-12; i++) {
    const middle = (low + high) / 2;
    if (cdf(middle) < p) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}
