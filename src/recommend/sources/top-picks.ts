/**
 * Top picks: the items nearest to the shopper's vector in the two-tower space, and, while this
 * session has a direction of its own, the items nearest to it for the session's share of the
 * candidates (see `SessionTaste`: the blended vector alone may not reach them).
 */
import type { Candidate, Reason } from '../types.js';
import { unitCosine, type SourceInput } from './source.js';

/** Empty when the page is not personalised (anonymous, opted out, or no model serves). */
export async function topPicks({ profile, signals, limit, exclude }: SourceInput): Promise<Candidate[]> {
  if (!profile.personalized || !profile.vector) return [];
  const taste = profile.sessionTaste;
  const sessionLimit = taste ? Math.round(limit * taste.share) : 0;
  const [session, neighbours] = await Promise.all([
    sessionLimit > 0 ? signals.nearest(taste!.vector, sessionLimit, exclude) : [],
    signals.nearest(profile.vector, limit, exclude),
  ]);
  const leaning = profile.sessionAffinity?.categories;
  const sessionReason = (id: string): Reason => {
    const category = signals.catalog.get(id)?.category;
    return { code: 'IN_SESSION', category: category !== undefined && leaning?.has(category) ? category : null };
  };
  const candidates = session.map((n) => ({ productId: n.id, sourceScore: unitCosine(n.score), reason: sessionReason(n.id) }));
  const proposed = new Set(candidates.map((c) => c.productId));
  for (const n of neighbours) {
    if (!proposed.has(n.id)) candidates.push({ productId: n.id, sourceScore: unitCosine(n.score), reason: { code: 'TOP_PICK' } });
  }
  return candidates;
}
