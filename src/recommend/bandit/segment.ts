/**
 * Context segments of the bandits: shoppers on a phone at night and on a desktop in the
 * morning answer rows differently, so each segment learns its own posteriors. Device × time of
 * day keeps segments few (5 × 4, plus "any device") so each one gathers evidence quickly.
 */
import type { RequestContext } from '../types.js';

export function segmentOf(context: Pick<RequestContext, 'device' | 'timeOfDay'>): string {
  return `${context.device ?? 'ANY'}/${context.timeOfDay}`;
}
