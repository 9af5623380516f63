import type { ItemInfo, RequestContext } from '../types.js';

/**
 * How well an item suits the request, in [0, 1]: the weighted mean of the signals the request
 * actually carries, so a request that only names a season is judged on the season alone.
 *
 * - season (weight 0.5), when the request has one: 1 if the item's season is that season,
 *   0.5 for ALL_SEASON items (suitable but not specific), 0 otherwise;
 * - occasion (weight 0.3), when the request has one: 1 if the item is tagged with the occasion's
 *   lower-case name (the catalog tags occasions that way: "evening", "wedding"), else 0;
 * - time of day (weight 0.2), only in the evening or at night: 1 for items tagged "evening",
 *   else 0 — mornings and afternoons have no item attribute to match.
 * - device: products carry no device attribute, so it is ignored rather than guessed.
 *
 * When none applies the match is 0 for every item, which leaves the ranking order unchanged.
 */
export function contextMatch(item: ItemInfo, context: RequestContext): number {
  let total = 0;
  let weight = 0;
  if (context.season) {
    weight += SEASON_WEIGHT;
    if (item.season === context.season) total += SEASON_WEIGHT;
    else if (item.season === 'ALL_SEASON') total += SEASON_WEIGHT * ALL_SEASON_CREDIT;
  }
  if (context.occasion) {
    weight += OCCASION_WEIGHT;
    if (item.tags.includes(context.occasion.toLowerCase())) total += OCCASION_WEIGHT;
  }
  if (context.timeOfDay === 'evening' || context.timeOfDay === 'night') {
    weight += TIME_OF_DAY_WEIGHT;
    if (item.tags.includes(EVENING_TAG)) total += TIME_OF_DAY_WEIGHT;
  }
  return weight === 0 ? 0 : total / weight;
}

const SEASON_WEIGHT = 0.5;
const OCCASION_WEIGHT = 0.3;
const TIME_OF_DAY_WEIGHT = 0.2;
const ALL_SEASON_CREDIT = 0.5;
const EVENING_TAG = 'evening';
