import type { Problem } from '../errors.js';
import { QUANTITY_TYPES, type EventContext, type InteractionEvent } from './events.js';
import { decodeImpression } from './impressions.js';

export const MAX_EVENTS_PER_BATCH = 1_000;
const MAX_ID_LENGTH = 128;
// Impression ids carry page, row, position, arm, segment and experiment variant.
const MAX_IMPRESSION_ID_LENGTH = 1_024;
const MAX_DWELL_MS = 24 * 60 * 60 * 1000;
// Storefront clocks drift; anything further ahead than this is a bug on the sender's side.
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;
const EARLIEST_EVENT = new Date('1990-01-01T00:00:00Z');
const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
// Ids are opaque, but control characters in them are always a mistake (and break logs).
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

export interface EventValidationOptions {
  now: Date;
  /** Products that exist in the catalog; events for other products are rejected. */
  knownProductIds: ReadonlySet<string>;
  /** When set, events for shoppers outside it are rejected (auto-creation disabled). */
  knownUserIds?: ReadonlySet<string>;
}

/** Every problem in a batch of events; an empty list means the whole batch may be written. */
export function validateEvents(events: readonly InteractionEvent[], options: EventValidationOptions): Problem[] {
  if (events.length === 0) return [{ field: 'events', message: 'the batch is empty; send between 1 and 1000 events' }];
  if (events.length > MAX_EVENTS_PER_BATCH) {
    return [
      {
        field: 'events',
        message: `the batch has ${events.length} events; the limit is ${MAX_EVENTS_PER_BATCH} per call, split it into smaller batches`,
      },
    ];
  }
  const problems: Problem[] = [];
  const seenEventIds = new Map<string, number>();
  events.forEach((event, index) => {
    const report = (field: string, message: string) => problems.push({ index, field, message });
    checkId(event.userId, 'userId', report);
    if (checkId(event.productId, 'productId', report) && !options.knownProductIds.has(event.productId)) {
      report('productId', `unknown product "${event.productId}"; add it to the catalog with upsertProducts first`);
    }
    if (options.knownUserIds && event.userId && !options.knownUserIds.has(event.userId)) {
      report('userId', `unknown shopper "${event.userId}" and automatic shopper creation is disabled`);
    }
    if (event.eventId != null && checkId(event.eventId, 'eventId', report)) {
      const earlier = seenEventIds.get(event.eventId);
      if (earlier !== undefined) report('eventId', `"${event.eventId}" is used twice in this batch (also at index ${earlier})`);
      else seenEventIds.set(event.eventId, index);
    }
    if (event.impressionId != null && checkId(event.impressionId, 'impressionId', report, MAX_IMPRESSION_ID_LENGTH) && !decodeImpression(event.impressionId)) {
      report('impressionId', 'is not an impression id given by homeRows or row; send the item\'s impressionId unchanged, or leave it out');
    }
    checkTime(event, options.now, report);
    checkAmounts(event, report);
    checkContext(event, report);
  });
  return problems;
}

type Report = (field: string, message: string) => void;

function checkId(value: string, field: string, report: Report, maxLength = MAX_ID_LENGTH): boolean {
  if (typeof value !== 'string' || value.trim().length === 0) {
    report(field, 'must be a non-empty string');
    return false;
  }
  if (value.length > maxLength) {
    report(field, `is ${value.length} characters long; the limit is ${maxLength}`);
    return false;
  }
  if (CONTROL_CHARS.test(value)) {
    report(field, 'contains control characters');
    return false;
  }
  return true;
}

function checkTime(event: InteractionEvent, now: Date, report: Report) {
  const at = event.occurredAt;
  if (at == null) return;
  if (Number.isNaN(at.getTime())) report('occurredAt', 'is not a valid date-time');
  else if (at.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) report('occurredAt', `is in the future (${at.toISOString()}); send the time the interaction happened`);
  else if (at < EARLIEST_EVENT) report('occurredAt', `is before ${EARLIEST_EVENT.toISOString().slice(0, 10)}; check the timestamp's unit`);
}

function checkAmounts(event: InteractionEvent, report: Report) {
  if (event.type === 'DWELL' && event.dwellMs == null) report('dwellMs', 'is required for DWELL events (milliseconds spent on the product)');
  if (event.dwellMs != null && !(Number.isInteger(event.dwellMs) && event.dwellMs >= 0 && event.dwellMs <= MAX_DWELL_MS)) {
    report('dwellMs', `must be a whole number of milliseconds between 0 and ${MAX_DWELL_MS}`);
  }
  if (event.quantity != null) {
    if (!QUANTITY_TYPES.has(event.type)) report('quantity', `only applies to ADD_TO_CART, PURCHASE and RETURN events, not ${event.type}`);
    else if (!(Number.isInteger(event.quantity) && event.quantity >= 1 && event.quantity <= 10_000)) report('quantity', 'must be a whole number between 1 and 10000');
  }
  if (event.unitPrice != null && !(Number.isFinite(event.unitPrice) && event.unitPrice >= 0 && event.unitPrice <= 10_000_000)) {
    report('unitPrice', 'must be between 0 and 10000000');
  }
  if (event.rating != null && !(Number.isFinite(event.rating) && event.rating >= 0 && event.rating <= 10)) {
    report('rating', 'must be between 0 and 10');
  }
}

/** Problems of a request or event context (field paths start with "context."). */
export function validateContext(context: EventContext | null | undefined): Problem[] {
  const problems: Problem[] = [];
  checkContext({ context } as InteractionEvent, (field, message) => problems.push({ field, message }));
  return problems;
}

function checkContext(event: InteractionEvent, report: Report) {
  const context = event.context;
  if (!context) return;
  if (context.localTime != null && !LOCAL_TIME.test(context.localTime)) report('context.localTime', `"${context.localTime}" is not a 24-hour "HH:MM" time`);
  if (context.region != null && (context.region.length === 0 || context.region.length > 64)) report('context.region', 'must be 1 to 64 characters');
  if (context.referrer != null && context.referrer.length > 2048) report('context.referrer', 'is longer than 2048 characters');
}
