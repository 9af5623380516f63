/**
 * The shopper's short-term taste: a vector built from this session's events in the item
 * embedding space, so that the next page moves with what the shopper is doing now (the tower
 * only learns at the next training run). It is blended into the user tower's long-term vector
 * for retrieval, proposes its own nearest items and takes its share of relevance
 * (`SessionTaste`); the categories the session leans towards add to relevance too.
 */
import type { InteractionType } from '../realtime/events.js';
import type { HistoryEvent } from './types.js';

/**
 * What one event says about the session's intent. Softer than the tower's training weights at
 * the top (a purchase ends an intent rather than starting one) and negative for rejections, so
 * that skipped, dismissed and returned items push the vector away from themselves.
 */
export const SESSION_WEIGHTS: Readonly<Record<InteractionType, number>> = {
  VIEW: 0.5,
  CLICK: 1,
  DWELL: 1.5,
  WISHLIST: 2,
  ADD_TO_CART: 2.5,
  PURCHASE: 1.5,
  SKIP: -0.5,
  DISMISS: -1.5,
  RETURN: -2,
};

export interface SessionOptions {
  /** Events older than this are not part of the session. */
  windowMinutes: number;
  /** The session is at most this many newest events. */
  maxEvents: number;
  /** Minutes for an event's weight to halve: the latest clicks say most about the current intent. */
  halfLifeMinutes: number;
  /**
   * Evidence (Σ |weight| after decay) at which the session gets half of `maxShare`: one click
   * nudges the page, three clicks turn it.
   */
  halfEvidence: number;
  /** The session's share of the blend never exceeds this, so long-term taste keeps a voice. */
  maxShare: number;
}

export const DEFAULT_SESSION_OPTIONS: SessionOptions = {
  windowMinutes: 30,
  maxEvents: 20,
  halfLifeMinutes: 10,
  halfEvidence: 1.5,
  maxShare: 0.75,
};

const MINUTE_MS = 60_000;

export interface WeightedEvent {
  productId: string;
  type: InteractionType;
  /** Type weight times recency decay (negative for rejections). */
  weight: number;
}

/**
 * This session's events, newest first, with their weights: the newest `maxEvents` of the last
 * `windowMinutes`. `history` must be newest first; events stamped after `now` (clock skew) count
 * as happening now.
 */
export function sessionEvents(history: readonly HistoryEvent[], now: Date, options: SessionOptions = DEFAULT_SESSION_OPTIONS): WeightedEvent[] {
  const events: WeightedEvent[] = [];
  const nowMs = now.getTime();
  for (const event of history) {
    if (events.length >= options.maxEvents) break;
    const ageMinutes = Math.max(0, (nowMs - event.occurredAt.getTime()) / MINUTE_MS);
    if (ageMinutes > options.windowMinutes) break;
    const weight = SESSION_WEIGHTS[event.type] * 0.5 ** (ageMinutes / options.halfLifeMinutes);
    if (weight !== 0) events.push({ productId: event.productId, type: event.type, weight });
  }
  return events;
}

export interface SessionVector {
  /** Unit vector of Σ weight·unit(item vector); null when the session says nothing. */
  vector: Float32Array | null;
  /** Σ |weight| of the events whose item has a vector. */
  evidence: number;
}

/** The session's direction in item space. Events whose item has no vector are left out. */
export function sessionVector(events: readonly WeightedEvent[], vectors: ReadonlyMap<string, Float32Array>): SessionVector {
  let sum: Float64Array | null = null;
  let evidence = 0;
  for (const event of events) {
    const item = vectors.get(event.productId);
    const norm = item ? length(item) : 0;
    if (!item || norm === 0) continue;
    sum ??= new Float64Array(item.length);
    const scale = event.weight / norm;
    for (let d = 0; d < Math.min(sum.length, item.length); d++) sum[d] += scale * item[d];
    evidence += Math.abs(event.weight);
  }
  return { vector: sum ? unit(sum) : null, evidence };
}

/**
 * A linear blend cannot lift items that the long-term side ranks low: after three clicks on a
 * category the shopper never touched, its items can still sit in the bottom half of the catalog
 * for the blended vector. So the session also proposes its own nearest items (top picks give it
 * `share` of their candidates) and relevance is (1 − share)·long-term + share·session, each
 * rescaled over the row's candidates (`scoreCandidates`).
 */
export interface SessionTaste {
  /** The user tower's vector before the session moved it. */
  longTerm: Float32Array;
  /** Unit vector of the session's events in item space (`sessionVector`). */
  vector: Float32Array;
  /** `sessionShare(evidence)`, in (0, maxShare]. */
  share: number;
}

/** The taste to rank with, or null when the session has no usable direction. */
export function sessionTaste(longTerm: Float32Array, session: SessionVector, options: SessionOptions = DEFAULT_SESSION_OPTIONS): SessionTaste | null {
  const share = sessionShare(session.evidence, options);
  return session.vector && share > 0 ? { longTerm, vector: session.vector, share } : null;
}

/** The session's share of the blend: grows with its evidence, from 0 towards `maxShare`. */
export function sessionShare(evidence: number, options: SessionOptions = DEFAULT_SESSION_OPTIONS): number {
  if (!(evidence > 0)) return 0;
  return (options.maxShare * evidence) / (evidence + options.halfEvidence);
}

/**
 * How far apart a vector's scores are among its nearest items: the standard deviation of the
 * scores of its top neighbours. Item embeddings often share one dominant direction (nearest
 * neighbours all at cosine ≈ 0.99), so the session's scores can differ from item to item a
 * hundred times less than the user tower's; blending raw vectors would then let one side drown
 * the other whatever the share says.
 */
export function scoreSpread(scores: readonly number[]): number {
  if (scores.length < 2) return 0;
  const mean = scores.reduce((sum, x) => sum + x, 0) / scores.length;
  return Math.sqrt(scores.reduce((sum, x) => sum + (x - mean) ** 2, 0) / scores.length);
}

/**
 * unit((1 − s)·unit(longTerm)/σ_long + s·session/σ_session), s = `sessionShare(evidence)`.
 * Dividing by each side's `scoreSpread` blends standardised scores: an item's score under the
 * result is (up to a constant) (1 − s)·z_long + s·z_session, so the share means what it says.
 * Without usable spreads both count 1. Returns `longTerm` itself when the session has nothing to
 * add (so callers can keep reusing it), and the session alone when there is no long-term vector.
 */
export function blendSession(
  longTerm: Float32Array | null,
  session: SessionVector,
  options: SessionOptions = DEFAULT_SESSION_OPTIONS,
  spreads?: { longTerm: number; session: number },
): Float32Array | null {
  const share = sessionShare(session.evidence, options);
  if (!session.vector || share === 0) return longTerm;
  if (!longTerm) return session.vector;
  const longNorm = length(longTerm);
  if (longNorm === 0) return session.vector;
  const usable = spreads !== undefined && spreads.longTerm > 1e-9 && spreads.session > 1e-9;
  const longWeight = (1 - share) / (usable ? spreads.longTerm : 1) / longNorm;
  const sessionWeight = share / (usable ? spreads.session : 1);
  const mixed = new Float64Array(longTerm.length);
  for (let d = 0; d < mixed.length; d++) mixed[d] = longWeight * longTerm[d] + sessionWeight * (session.vector[d] ?? 0);
  return unit(mixed) ?? longTerm;
}

/** The category term's share of relevance, as a fraction of the session's share (`sessionShare`). */
export const SESSION_CATEGORY_SHARE = 0.6;

/** Categories this session leans towards, and how much that lean counts in relevance. */
export interface SessionAffinity {
  /** Per category, in (0, 1]: its net positive session weight over the strongest category's. */
  categories: ReadonlyMap<string, number>;
  /** Share of relevance given to the affinity: `categoryShare` × `sessionShare(evidence)`. */
  share: number;
}

/**
 * Item embeddings do not always separate categories (a tower trained briefly, a rare category),
 * so the vector alone may not lift a category the shopper just discovered. This explicit term
 * does: categories with a positive net weight in the session, relative to the strongest one.
 * Rejections subtract from their category. Null when no category leans positive.
 */
export function sessionAffinity(
  events: readonly WeightedEvent[],
  categoryOf: (productId: string) => string | undefined,
  options: SessionOptions = DEFAULT_SESSION_OPTIONS,
  categoryShare = SESSION_CATEGORY_SHARE,
): SessionAffinity | null {
  const net = new Map<string, number>();
  let evidence = 0;
  for (const event of events) {
    const category = categoryOf(event.productId);
    if (category === undefined) continue;
    net.set(category, (net.get(category) ?? 0) + event.weight);
    evidence += Math.abs(event.weight);
  }
  const strongest = Math.max(0, ...net.values());
  if (strongest === 0) return null;
  const categories = new Map<string, number>();
  for (const [category, weight] of net) if (weight > 0) categories.set(category, weight / strongest);
  return { categories, share: categoryShare * sessionShare(evidence, options) };
}

function length(vector: ArrayLike<number>): number {
  let sum = 0;
  for (let d = 0; d < vector.length; d++) sum += vector[d] * vector[d];
  return Math.sqrt(sum);
}

function unit(vector: Float64Array): Float32Array | null {
  const norm = length(vector);
  if (!(norm > 1e-9)) return null;
  return Float32Array.from(vector, (x) => x / norm);
}
