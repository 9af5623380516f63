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

  it('keeps its rankings exact while events arrive between reads, a few at a time or many', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
    const live = new DecayedPopularity(7, day(0));
    const events: [string, string | null, number, Date][] = [];
    const record = (event: [string, string | null, number, Date]) => {
      events.push(event);
      live.add(...event);
    };
    const randomEvent = (): [string, string | null, number, Date] => [`p-${Math.floor(random() ** 2 * 300)}`, random() < 0.7 ? 'Milan' : null, [1, 2, 8][Math.floor(random() * 3)]!, day(Math.floor(random() * 20))];
    for (let i = 0; i < 500; i++) record(randomEvent());
    for (const between of [1, 3, 32, 33, 200, 0, 5, 1_000, 2]) {
      for (const region of [null, 'Milan', 'Paris']) live.top(region, 1_000);
      for (let i = 0; i < between; i++) record(randomEvent());
      // A fresh instance, fed the same events, ranks them with one sort.
      const fresh = new DecayedPopularity(7, day(0));
      for (const event of events) fresh.add(...event);
      for (const region of [null, 'Milan', 'Paris']) {
        // A short read first: the longer one extends what it prepared.
        expect(live.top(region, 3)).toEqual(fresh.top(region, 3));
        expect(live.top(region, 1_000), `${between} events, ${region}`).toEqual(fresh.top(region, 1_000));
      }
    }
    expect(live.top(null, 1_000).length).toBeGreaterThan(200);
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
