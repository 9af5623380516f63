/** "Because you viewed X": neighbours of the product behind the shopper's latest positive event. */
import type { InteractionType } from '../../realtime/events.js';
import type { Candidate, ItemInfo, Reason, ShopperProfile, Signals } from '../types.js';
import { unitCosine, type SourceInput } from './source.js';

type Verb = Extract<Reason, { code: 'BECAUSE_YOU' }>['verb'];

const VERB_OF: Partial<Record<InteractionType, Verb>> = {
  VIEW: 'viewed',
  CLICK: 'viewed',
  DWELL: 'viewed',
  WISHLIST: 'wishlisted',
  ADD_TO_CART: 'added to bag',
  PURCHASE: 'bought',
};

export interface Anchor {
  item: ItemInfo;
  verb: Verb;
  vector: Float32Array;
}

/** Distinct products of the history looked at before giving up (each costs a vector lookup). */
const MAX_ANCHOR_LOOKUPS = 20;

/** The most recent positive event whose product is in the catalog, not dismissed, and has a vector. */
export async function findAnchor(profile: ShopperProfile, signals: Signals): Promise<Anchor | null> {
  const tried = new Set<string>();
  for (const event of profile.history) {
    const verb = VERB_OF[event.type];
    if (!verb || tried.has(event.productId) || profile.dismissed.has(event.productId)) continue;
    if (tried.size >= MAX_ANCHOR_LOOKUPS) break;
    tried.add(event.productId);
    const item = signals.catalog.get(event.productId);
    const vector = item && (await signals.itemVector(item.id));
    if (item && vector) return { item, verb, vector };
  }
  return null;
}

export interface BecauseYouViewed {
  anchor: ItemInfo;
  /** Names the anchor and what the shopper did with it. */
  reason: Reason;
  candidates: Candidate[];
}

/** Null when the page is not personalised or no event of the shopper can anchor the row. */
export async function becauseYouViewed(input: SourceInput): Promise<BecauseYouViewed | null> {
  const { profile, signals, limit, exclude } = input;
  if (!profile.personalized) return null;
  const anchor = await findAnchor(profile, signals);
  if (!anchor) return null;
  const reason: Reason = { code: 'BECAUSE_YOU', verb: anchor.verb, anchorTitle: anchor.item.title, anchorId: anchor.item.id };
  // One more than asked, since the anchor is its own nearest neighbour.
  const neighbours = await signals.nearest(anchor.vector, limit + 1, exclude);
  const candidates = neighbours
    .filter((n) => n.id !== anchor.item.id)
    .slice(0, limit)
    .map((n) => ({ productId: n.id, sourceScore: unitCosine(n.score), reason }));
  return { anchor: anchor.item, reason, candidates };
}
