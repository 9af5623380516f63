/** Rule-based collections whose conditions match the request (occasion, season, time, device, region). */
import { collectionApplies, whenSpecificity } from '../collections.js';
import type { CollectionDefinition, RequestContext } from '../types.js';

export { collectionSourceCandidates as contextualCollectionCandidates } from './source.js';

/** The applicable rule-based collections, best match first: the more of the context a rule names, the better. */
export function contextualCollections(collections: readonly CollectionDefinition[], context: RequestContext): CollectionDefinition[] {
  return collections
    .filter((c) => c.kind === 'RULE_BASED' && collectionApplies(c, context))
    .map((c) => ({ c, specificity: whenSpecificity(c.rule!.when) }))
    .sort((a, b) => b.specificity - a.specificity || a.c.position - b.c.position || a.c.slug.localeCompare(b.c.slug))
    .map(({ c }) => c);
}
