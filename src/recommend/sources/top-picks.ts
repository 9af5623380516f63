/** Top picks: the items nearest to the shopper's vector in the two-tower space. */
import type { Candidate } from '../types.js';
import { unitCosine, type SourceInput } from './source.js';

/** Empty when the page is not personalised (anonymous, opted out, or no model serves). */
export async function topPicks({ profile, signals, limit, exclude }: SourceInput): Promise<Candidate[]> {
  if (!profile.personalized || !profile.vector) return [];
  const neighbours = await signals.nearest(profile.vector, limit, exclude);
  return neighbours.map((n) => ({ productId: n.id, sourceScore: unitCosine(n.score), reason: { code: 'TOP_PICK' } }));
}
