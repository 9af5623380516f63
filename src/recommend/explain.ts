/**
 * Reasons in words. A reason only ever names the shopper's own activity or aggregate
 * popularity: never what another shopper did.
 */
import type { RowKind } from './rank/ranking-config.js';
import type { Reason } from './types.js';

/** "The Aurelia tote" → "the Aurelia tote", "Saffiano tote" → "the Saffiano tote". */
function theProduct(title: string): string {
  return `the ${title.replace(/^the\s+/i, '')}`;
}

/** English plural of a category name: "silk scarf" → "silk scarves", "trousers" stays. */
export function pluralCategory(category: string): string {
  if (/(ss|ch|sh|x)$/.test(category)) return `${category}es`;
  if (/s$/.test(category)) return category;
  if (/[^aeiou]y$/.test(category)) return `${category.slice(0, -1)}ies`;
  if (/fe$/.test(category)) return `${category.slice(0, -2)}ves`;
  if (/[^f]f$/.test(category)) return `${category.slice(0, -1)}ves`;
  return `${category}s`;
}

export function explain(reason: Reason): string {
  switch (reason.code) {
    case 'TOP_PICK':
      return 'Picked for you';
    case 'BECAUSE_YOU':
      return reason.verb === 'added to bag'
        ? `Because you added ${theProduct(reason.anchorTitle)} to your bag`
        : `Because you ${reason.verb} ${theProduct(reason.anchorTitle)}`;
    case 'TRENDING':
      return reason.region ? `Trending in ${reason.region}` : 'Trending now';
    case 'NEW_FOR_YOU':
      return reason.brandLoved ? 'New this season from a brand you love' : 'New this season, picked for you';
    case 'NEW_ARRIVAL':
      return 'New arrivals';
    case 'COLLECTION':
      return `From our edit: ${reason.title}`;
    case 'POPULAR':
      return 'Popular right now';
    case 'SERENDIPITY':
      return `Something different: ${pluralCategory(reason.category)}`;
    case 'EXPLORE':
      return reason.isNew ? 'New — we think you might like it' : 'Something you may not have seen — we think you might like it';
    case 'RECENTLY_VIEWED':
      return 'You looked at this recently';
    case 'IN_SESSION':
      return reason.category ? `More ${pluralCategory(reason.category)}, as you are looking at them now` : 'Inspired by what you are looking at now';
    case 'PINNED':
      return 'Our pick';
  }
}

/** A row's heading and the sentence saying why it is on the page, from its kind and its source's reason. */
export function rowHeading(kind: RowKind, reason: Reason): { title: string; reason: string } {
  const why = explain(reason);
  switch (kind) {
    case 'TOP_PICKS':
      return { title: 'Top picks for you', reason: why };
    case 'NEW_ARRIVALS_FOR_YOU':
      return reason.code === 'NEW_FOR_YOU' ? { title: 'New arrivals for you', reason: 'New this season, picked for you' } : { title: 'New arrivals', reason: why };
    case 'RECENTLY_VIEWED':
      return { title: 'Recently viewed', reason: 'Pick up where you left off' };
    case 'CONTEXTUAL_COLLECTION':
    case 'EDITORIAL_COLLECTION':
      return { title: reason.code === 'COLLECTION' ? reason.title : why, reason: why };
    default:
      return { title: why, reason: why };
  }
}
