import { describe, expect, it } from 'vitest';
import { DecayedPopularity } from '../../src/recommend/popularity.js';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));

describe('DecayedPopularity', () => {
  it('halves the weight of an event every half-life', () => {
    const p = new DecayedPopularity(7, day(0));
    p.add('old', 'Milan', 4, day(0));
    p.add('new', 'Milan', 2, day(7));
    // old: 4 at day 0 ≡ 2 at day 7, new: 2 at day 7 — equal.
    expect(p.score('old', 'Milan')).toBeCloseTo(1);
    expect(p.score('new', 'Milan')).toBeCloseTo(1);
    p.add('new', 'Milan', 1, day(14));
    expect(p.score('old', 'Milan')).toBeCloseTo(0.5);
    expect(p.top('Milan', 5).map((e) => e.productId)).toEqual(['new', 'old']);
  });

  it('keeps regions apart and falls back to the global view for an unknown region', () => {
    const p = new DecayedPopularity(14, day(0));
    p.add('a', 'Milan', 5, day(1));
    p.add('b', 'Paris', 3, day(1));
    p.add('b', 'Paris', 3, day(1));
    expect(p.top('Milan', 5)).toEqual([{ productId: 'a', score: 1 }]);
    expect(p.score('a', 'Paris')).toBe(0);
    expect(p.top(null, 5).map((e) => e.productId)).toEqual(['b', 'a']);
    expect(p.score('a', 'Tokyo')).toBeCloseTo(5 / 6);
    expect(p.breadth('Paris')).toBe(1);
    expect(p.regions().sort()).toEqual(['Milan', 'Paris']);
  });

  it('ignores zero-weight events and refreshes rankings after new events', () => {
    const p = new DecayedPopularity(14, day(0));
    p.add('a', null, 1, day(0));
    expect(p.top(null, 1)[0].productId).toBe('a');
    p.add('b', null, 0, day(0));
    p.add('c', null, 3, day(0));
    expect(p.top(null, 5).map((e) => e.productId)).toEqual(['c', 'a']);
  });

  it('scores alike in replicas started on different days, whether events come one by one or summed', () => {
    // Ties that hold in exact arithmetic: 7 and 8 weighted events out of 166, over several days.
    const events: [string, number, number][] = [];
    for (let d = 0; d < 20; d++) {
      events.push(['max', 8, d % 9]);
      if (d < 7) events.push(['seven-a', 1, (d * 3) % 9]);
      if (d < 8) events.push(['eight-a', 1, d % 9]);
    }
    const live = new DecayedPopularity(3.5, day(2));
    for (const [id, weight, d] of events) live.add(id, 'Milan', weight, day(d));
    const summed = new DecayedPopularity(3.5, day(11));
    const byKey = new Map<string, number>();
    for (const [id, weight, d] of events) byKey.set(`${id}|${d}`, (byKey.get(`${id}|${d}`) ?? 0) + weight);
    for (const [key, weight] of [...byKey].reverse()) {
      const [id, d] = key.split('|');
      summed.add(id!, 'Milan', weight, day(Number(d)));
    }
    for (const id of ['max', 'seven-a', 'eight-a']) expect(summed.score(id, 'Milan')).toBe(live.score(id, 'Milan'));
    expect(summed.top('Milan', 3)).toEqual(live.top('Milan', 3));
  });
});
