const ISO_LOCAL = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
// The layout of UCI's original spreadsheet export, month first.
const US_LOCAL = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant of a wall-clock time written "YYYY-MM-DD HH:MM[:SS]" or "M/D/YYYY H:MM[:SS]" in
 * `timeZone`, or undefined when the text is not such a time or names an impossible date.
 */
export function parseLocalDateTime(text: string, timeZone: string): Date | undefined {
  const trimmed = text.trim();
  const iso = ISO_LOCAL.exec(trimmed);
  const us = iso ? null : US_LOCAL.exec(trimmed);
  if (!iso && !us) return undefined;
  const [year, month, day, hour, minute, second] = iso
    ? [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]].map((part) => Number(part ?? 0))
    : [us![3], us![1], us![2], us![4], us![5], us![6]].map((part) => Number(part ?? 0));
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return new Date(wallClockToInstant(wall, timeZone));
}

/** Wall-clock milliseconds (as if UTC) in `timeZone` → the real instant, DST included. */
function wallClockToInstant(wall: number, timeZone: string): number {
  // The offset at the wall-clock reading can be an hour off near a DST change; the offset at
  // the first estimate is the right one.
  const estimate = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(estimate, timeZone);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();
const HOUR = 3_600_000;

/** Offset of `timeZone` from UTC at an instant, in ms. Zones change offset on whole hours (in practice), so it is cached per hour. */
function offsetAt(instant: number, timeZone: string): number {
  const hourStart = Math.floor(instant / HOUR) * HOUR;
  const key = `${timeZone}|${hourStart}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const part = Object.fromEntries(formatter.formatToParts(hourStart).map(({ type, value }) => [type, Number(value)]));
  const offset = Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second) - hourStart;
  offsets.set(key, offset);
  return offset;
}
