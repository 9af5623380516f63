/** Editorial collections: hand-ordered edits, shown while active. */
import { collectionApplies } from '../collections.js';
import type { CollectionDefinition, RequestContext } from '../types.js';

export { collectionSourceCandidates as editorialCollectionCandidates } from './source.js';

/** Active editorial collections within their dates, in merchandising position order. */
export function editorialCollections(collections: readonly CollectionDefinition[], context: RequestContext): CollectionDefinition[] {
  return collections
    .filter((c) => c.kind === 'EDITORIAL' && collectionApplies(c, context))
    .sort((a, b) => a.position - b.position || a.slug.localeCompare(b.slug));
}
