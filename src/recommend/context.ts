/** The request context of a home page: what the storefront said, completed from the clock. */
import type { EventContext, Season } from '../realtime/events.js';
import type { RequestContext, TimeOfDay } from './types.js';

export type { TimeOfDay } from './types.js';

export const TIMES_OF_DAY: readonly TimeOfDay[] = ['morning', 'afternoon', 'evening', 'night'];

/** Morning 6–12, afternoon 12–18, evening 18–23, night otherwise. */
export function timeOfDayAt(hour: number): TimeOfDay {
  if (hour >= 6 && hour < 12) return 'morning';
  if (hour >= 12 && hour < 18) return 'afternoon';
  if (hour >= 18 && hour < 23) return 'evening';
  return 'night';
}

/** Meteorological seasons of the northern hemisphere, where most of the demo's markets are. */
export function seasonAt(date: Date): Season {
  const month = date.getUTCMonth();
  if (month === 11 || month <= 1) return 'WINTER';
  if (month <= 4) return 'SPRING';
  if (month <= 7) return 'SUMMER';
  return 'AUTUMN';
}

const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The hour of a "HH:MM" wall-clock time, or null when it is not one. */
export function localHour(localTime: string): number | null {
  return LOCAL_TIME.test(localTime) ? Number(localTime.slice(0, 2)) : null;
}

/** What a storefront says about the request: the same fields as an interaction's context. */
export type ContextInput = EventContext;

/**
 * Completes what the storefront sent: the region falls back to the shopper's home region, the
 * season to the one of `now`, and the time of day comes from the local time when it is given
 * (storefronts know the shopper's clock; the server only knows UTC).
 */
export function requestContext(input: ContextInput | null, now: Date, fallbackRegion: string | null): RequestContext {
  const hour = (input?.localTime ? localHour(input.localTime) : null) ?? now.getUTCHours();
  return {
    now,
    device: input?.device ?? null,
    occasion: input?.occasion ?? null,
    season: input?.season ?? seasonAt(now),
    region: input?.region ?? fallbackRegion,
    timeOfDay: timeOfDayAt(hour),
    referrer: input?.referrer ?? null,
  };
}
