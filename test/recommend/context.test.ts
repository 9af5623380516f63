import { describe, expect, it } from 'vitest';
import { requestContext, seasonAt, timeOfDayAt } from '../../src/recommend/context.js';

describe('timeOfDayAt', () => {
  it('splits the day at 6, 12, 18 and 23', () => {
    const parts = Array.from({ length: 24 }, (_, hour) => timeOfDayAt(hour));
    expect(parts.slice(0, 6).every((p) => p === 'night')).toBe(true);
    expect(parts.slice(6, 12).every((p) => p === 'morning')).toBe(true);
    expect(parts.slice(12, 18).every((p) => p === 'afternoon')).toBe(true);
    expect(parts.slice(18, 23).every((p) => p === 'evening')).toBe(true);
    expect(parts[23]).toBe('night');
  });
});

describe('requestContext', () => {
  const now = new Date(Date.UTC(2026, 6, 14, 9, 30)); // a July morning in UTC

  it("takes the time of day from the shopper's local time, else from UTC", () => {
    expect(requestContext({ localTime: '21:15' }, now, null).timeOfDay).toBe('evening');
    expect(requestContext({ localTime: '00:05' }, now, null).timeOfDay).toBe('night');
    expect(requestContext({}, now, null).timeOfDay).toBe('morning');
    expect(requestContext({ localTime: '25:00' }, now, null).timeOfDay).toBe('morning');
  });

  it('keeps what the storefront said and completes the rest', () => {
    const context = requestContext({ device: 'MOBILE', occasion: 'EVENING', region: 'Milan', referrer: 'newsletter', season: 'WINTER' }, now, 'Paris');
    expect(context).toEqual({ now, device: 'MOBILE', occasion: 'EVENING', season: 'WINTER', region: 'Milan', timeOfDay: 'morning', referrer: 'newsletter' });
    const completed = requestContext(null, now, 'Paris');
    expect(completed).toMatchObject({ region: 'Paris', season: 'SUMMER', device: null, occasion: null });
    expect(requestContext(null, now, null).region).toBeNull();
  });

  it('derives the northern-hemisphere season from the month', () => {
    const month = (m: number) => seasonAt(new Date(Date.UTC(2026, m, 15)));
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(month)).toEqual([
      'WINTER', 'WINTER', 'SPRING', 'SPRING', 'SPRING', 'SUMMER', 'SUMMER', 'SUMMER', 'AUTUMN', 'AUTUMN', 'AUTUMN', 'WINTER',
    ]);
  });
});
