import { InputError } from '../errors.js';
import { concentration, type Concentration, type CountBucket } from './concentration.js';

export interface ExposureWindow {
  from: Date;
  to: Date;
}

export interface ExposureDayCounts {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  impressions: number;
  productsShown: number;
  /** Catalog products shown for the first time in the window on this day. */
  firstShown: number;
}

export interface RowKindCounts {
  rowKind: string;
  impressions: number;
  productsShown: number;
}

/** What the report reads; the database answers it with grouped queries. */
export interface ExposureSource {
  catalogSize(): Promise<number>;
  /** How many products were shown how many times. */
  countHistogram(window: ExposureWindow): Promise<CountBucket[]>;
  daily(window: ExposureWindow): Promise<ExposureDayCounts[]>;
  byRowKind(window: ExposureWindow): Promise<RowKindCounts[]>;
}

export interface ExposureDay {
  day: string;
  impressions: number;
  productsShown: number;
  /** Share of the catalog shown that day. */
  coverage: number;
  /** Share of the catalog shown at least once from the window's start to the end of that day. */
  cumulativeCoverage: number;
}

export interface ExposureReport extends Concentration, ExposureWindow {
  daily: ExposureDay[];
  byRowKind: (RowKindCounts & { coverage: number })[];
}

const DAY_MS = 86_400_000;
export const MAX_WINDOW_DAYS = 366;

/** The window of a request: `days` back from `to` (default now) unless `from` is given. */
export function exposureWindow(args: { from?: Date | null; to?: Date | null; days?: number | null }, now = new Date()): ExposureWindow {
  const to = args.to ?? now;
  const days = args.days ?? 30;
  if (!args.from && !(Number.isInteger(days) && days >= 1 && days <= MAX_WINDOW_DAYS)) {
    throw new InputError([{ field: 'days', message: `must be a whole number of days from 1 to ${MAX_WINDOW_DAYS}, got ${days}` }]);
  }
  const from = args.from ?? new Date(to.getTime() - days * DAY_MS);
  if (from.getTime() >= to.getTime()) {
    throw new InputError([{ field: 'from', message: `must be before to (${to.toISOString()}), got ${from.toISOString()}` }]);
  }
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
    throw new InputError([{ field: 'from', message: `the window may span at most ${MAX_WINDOW_DAYS} days; move from closer to to` }]);
  }
  return { from, to };
}

/** Catalog coverage and exposure concentration of the impressions shown in a window. */
export async function exposureReport(source: ExposureSource, window: ExposureWindow): Promise<ExposureReport> {
  const [catalogSize, histogram, days, rowKinds] = await Promise.all([
    source.catalogSize(),
    source.countHistogram(window),
    source.daily(window),
    source.byRowKind(window),
  ]);
  const share = (products: number) => (catalogSize > 0 ? products / catalogSize : 0);
  let seen = 0;
  const daily = days.map((d) => {
    seen += d.firstShown;
    return { day: d.day, impressions: d.impressions, productsShown: d.productsShown, coverage: share(d.productsShown), cumulativeCoverage: share(seen) };
  });
  return {
    ...window,
    ...concentration(histogram, catalogSize),
    daily,
    byRowKind: rowKinds.map((r) => ({ ...r, coverage: share(r.productsShown) })),
  };
}
