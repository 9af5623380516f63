import { describe, expect, it } from 'vitest';
import {
  compareMeans,
  compareProportions,
  meanEstimate,
  normalCdf,
  normalQuantile,
  studentTCdf,
  studentTQuantile,
  wilson,
  type Moments,
} from '../../src/experiments/statistics.js';

// Reference values from SciPy 1.17 (scipy.stats: t, norm, ttest_ind(equal_var=False),
// chi2_contingency(correction=False), whose p-value equals the two-proportion z-test's).
const momentsOf = (values: number[]): Moments => ({ n: values.length, sum: values.reduce((a, b) => a + b, 0), sumSquares: values.reduce((a, b) => a + b * b, 0) });
const control = momentsOf([10, 12, 9, 11, 8]);
const variant = momentsOf([15, 14, 18, 16, 13, 17]);

describe('distributions', () => {
  it('matches the normal and Student t distributions', () => {
    expect(normalCdf(1.2)).toBeCloseTo(0.8849303297782918, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 6);
    expect(studentTCdf(-2.5, 7)).toBeCloseTo(0.020496109292876444, 10);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706204736174694, 8);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228138851986274, 8);
  });
});

describe('wilson', () => {
  it('gives the Wilson score interval', () => {
    const estimate = wilson({ successes: 3, trials: 10 });
    expect(estimate.value).toBe(0.3);
    expect(estimate.low).toBeCloseTo(0.10779126740630099, 6);
    expect(estimate.high).toBeCloseTo(0.6032218525388546, 6);
  });

  it('stays informative at a rate of 0, and has no interval without trials', () => {
    const none = wilson({ successes: 0, trials: 20 });
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.16112515805281938, 6);
    expect(wilson({ successes: 0, trials: 0 })).toEqual({ value: 0, low: null, high: null });
  });
});

describe('meanEstimate', () => {
  it('gives a Student t interval of the mean', () => {
    const estimate = meanEstimate(control);
    expect(estimate.value).toBe(10);
    expect(estimate.low).toBeCloseTo(8.036756838522443, 6);
    expect(estimate.high).toBeCloseTo(11.963243161477557, 6);
  });

  it('has no interval below two units', () => {
    expect(meanEstimate({ n: 1, sum: 7, sumSquares: 49 })).toEqual({ value: 7, low: null, high: null });
  });
});

describe('compareProportions', () => {
  it('runs a two-proportion z-test against the control', () => {
    const result = compareProportions({ successes: 30, trials: 200 }, { successes: 50, trials: 210 })!;
    expect(result.difference).toBeCloseTo(50 / 210 - 30 / 200, 12);
    expect(result.pValue).toBeCloseTo(0.024454034789014506, 6);
    expect(result.low).toBeCloseTo(0.01215232163347403, 6);
    expect(result.high).toBeCloseTo(0.16403815455700216, 6);
    expect(result.significant).toBe(true);
  });

  it('calls equal rates not significant, and needs trials on both sides', () => {
    const same = compareProportions({ successes: 10, trials: 100 }, { successes: 10, trials: 100 })!;
    expect(same.difference).toBe(0);
    expect(same.pValue).toBeCloseTo(1, 6);
    expect(same.significant).toBe(false);
    expect(compareProportions({ successes: 0, trials: 0 }, { successes: 1, trials: 5 })).toBeNull();
  });
});

describe('compareMeans', () => {
  it('runs Welch\'s t-test from moments, as SciPy does from the values', () => {
    const result = compareMeans(control, variant)!;
    expect(result.difference).toBeCloseTo(5.5, 12);
    expect(result.pValue).toBeCloseTo(0.0005062450059388581, 8);
    expect(result.low).toBeCloseTo(3.145047356035583, 6);
    expect(result.high).toBeCloseTo(7.854952643964417, 6);
    expect(result.significant).toBe(true);
  });

  it('needs two units a side', () => {
    expect(compareMeans({ n: 1, sum: 3, sumSquares: 9 }, variant)).toBeNull();
  });
});
