/**
 * Exploration slots: a share of each row's visible slots goes to items the storefront has rarely
 * shown, so that new and overlooked products gather evidence instead of being trapped below
 * the products that already have it. Candidates come from the row's own source (they fit the
 * row); new products go first, then Thompson sampling over each item's click posterior picks
 * among the under-exposed, so items that earn clicks in their first impressions keep coming back.
 */
import type { ScoredCandidate } from '../rank/score.js';
import type { RankedItem } from '../types.js';
import { posterior } from './arm-stats.js';
import type { BetaSampler } from './beta-sampler.js';

/** The arm recorded for an exploration slot. */
export const EXPLORE_ARM = 'explore';

/** Items shown fewer times than this (recently, across the storefront) are under-exposed. */
export const UNDER_EXPOSED_BELOW = 100;

/** Under-exposed candidates drawn for per row and group (new, others), best-scored first. */
const MAX_CONSIDERED = 30;

export interface ItemExposure {
  /** Impressions. */
  shown: number;
  /** Impressions followed by an attributed positive interaction. */
  successes: number;
}

export interface ExplorationInput {
  /** Share of the visible slots, in [0, 1]. */
  share: number;
  /** Visible slots of the row. */
  visible: number;
  exposure(productId: string): ItemExposure;
  isNew(productId: string): boolean;
  sample: BetaSampler;
  underExposedBelow?: number;
}

/**
 * 0-based slots for exploration, from the end of the visible part backwards at equal spacing
 * (20 visible, share 0.1 → slots 19 and 9): the top of the row keeps the best-ranked items, and
 * the spacing stays clear of the serendipity slots (centred in their stretches: 5 and 15).
 */
export function explorationSlots(visible: number, share: number): number[] {
  if (!(share > 0) || visible <= 0) return [];
  const count = Math.min(visible, Math.ceil(visible * share));
  const stride = Math.max(1, Math.floor(visible / count));
  return Array.from({ length: count }, (_, j) => visible - 1 - j * stride).filter((slot) => slot >= 0);
}

/** Items with the exploration slots filled; items displaced from a slot move one place down. */
export function fillExplorationSlots(items: readonly RankedItem[], pool: readonly ScoredCandidate[], input: ExplorationInput): RankedItem[] {
  const visible = Math.min(input.visible, items.length);
  // Merchandising pins and serendipity picks keep their slots.
  const slots = explorationSlots(visible, input.share).filter((slot) => items[slot].reason.code !== 'PINNED' && !items[slot].serendipitous);
  if (slots.length === 0) return items.slice();
  const shownAbove = new Set(items.slice(0, visible).map((item) => item.productId));
  const threshold = input.underExposedBelow ?? UNDER_EXPOSED_BELOW;
  const underExposed = pool.filter((candidate) => !shownAbove.has(candidate.productId) && input.exposure(candidate.productId).shown < threshold);
  // New products first, whatever their rank; within each group only the best-scored are drawn
  // for, which keeps the picks relevant to the row and the Beta draws few (about 1.5 µs each).
  const fresh = underExposed.filter((candidate) => input.isNew(candidate.productId)).slice(0, MAX_CONSIDERED);
  const considered = fresh.length >= slots.length ? fresh : fresh.concat(underExposed.filter((c) => !input.isNew(c.productId)).slice(0, MAX_CONSIDERED));
  const picks = considered
    .map((candidate) => {
      const exposure = input.exposure(candidate.productId);
      const { alpha, beta } = posterior({ successes: exposure.successes, failures: exposure.shown - exposure.successes });
      return { candidate, isNew: input.isNew(candidate.productId), draw: input.sample(alpha, beta) };
    })
    .sort((a, b) => Number(b.isNew) - Number(a.isNew) || b.draw - a.draw || a.candidate.productId.localeCompare(b.candidate.productId))
    .slice(0, slots.length);
  if (picks.length === 0) return items.slice();

  const pickedIds = new Set(picks.map((p) => p.candidate.productId));
  const result = items.filter((item) => !pickedIds.has(item.productId));
  // Ascending slots, so that each insertion leaves the earlier ones in place.
  const ascending = slots.slice(0, picks.length).sort((a, b) => a - b);
  ascending.forEach((slot, i) => {
    const { candidate, isNew } = picks[i];
    result.splice(slot, 0, { productId: candidate.productId, score: candidate.score, breakdown: candidate.breakdown, reason: { code: 'EXPLORE', isNew }, serendipitous: false });
  });
  return result.slice(0, items.length);
}
