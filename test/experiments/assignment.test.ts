import { describe, expect, it } from 'vitest';
import { assignVariant, bucketOf } from '../../src/experiments/assignment.js';

const variants = [
  { key: 'control', share: 0.5 },
  { key: 'b', share: 0.3 },
  { key: 'c', share: 0.2 },
];
const ids = Array.from({ length: 10_000 }, (_, i) => `s-${String(i).padStart(5, '0')}`);

describe('assignVariant', () => {
  it('gives a shopper the same variant every time', () => {
    for (const id of ids.slice(0, 100)) expect(assignVariant('salt-1', variants, id)).toBe(assignVariant('salt-1', variants, id));
    expect(assignVariant('salt-1', variants, 's-00042').key).toBe(assignVariant('salt-1', [...variants], 's-00042').key);
  });

  it('splits 10,000 shoppers close to the shares', () => {
    const counts = new Map<string, number>();
    for (const id of ids) {
      const { key } = assignVariant('salt-1', variants, id);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    // Binomial standard deviations are 50, 46 and 40 shoppers: 200 is four of them.
    expect(Math.abs(counts.get('control')! - 5_000)).toBeLessThan(200);
    expect(Math.abs(counts.get('b')! - 3_000)).toBeLessThan(200);
    expect(Math.abs(counts.get('c')! - 2_000)).toBeLessThan(200);
  });

  it('assigns independently across experiments (salts)', () => {
    const both = ids.filter((id) => assignVariant('salt-1', variants, id).key === 'control' && assignVariant('salt-2', variants, id).key === 'control').length;
    // Independent halves overlap on a quarter of the shoppers.
    expect(Math.abs(both - 2_500)).toBeLessThan(200);
  });

  it('puts buckets in [0, 1), spread evenly', () => {
    const deciles = new Array(10).fill(0);
    for (const id of ids) {
      const bucket = bucketOf('salt-1', id);
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(1);
      deciles[Math.floor(bucket * 10)]++;
    }
    for (const count of deciles) expect(Math.abs(count - 1_000)).toBeLessThan(120);
  });

  it('gives the last variant whatever the shares leave at the top (rounding)', () => {
    const short = [
      { key: 'a', share: 0.2 },
      { key: 'b', share: 0.2 },
    ];
    for (const id of ids.slice(0, 200)) {
      const bucket = bucketOf('salt-3', id);
      expect(assignVariant('salt-3', short, id).key).toBe(bucket < 0.2 ? 'a' : 'b');
    }
  });
});
