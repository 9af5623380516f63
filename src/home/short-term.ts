import { hiddenByDismissals } from '../recommend/near-duplicates.js';
import {
  blendSession,
  DEFAULT_SESSION_OPTIONS,
  scoreSpread,
  sessionAffinity,
  sessionEvents,
  sessionTaste,
  sessionVector,
  type SessionAffinity,
  type SessionOptions,
  type SessionTaste,
} from '../recommend/session.js';
import type { HistoryEvent, Signals } from '../recommend/types.js';

const MINUTE_MS = 60_000;
/** Neighbours whose scores measure each side's spread before blending (see `blendSession`). */
const SPREAD_SAMPLE = 50;

export interface ShortTermState {
  /** The long-term vector blended with this session's. */
  vector: Float32Array;
  affinity: SessionAffinity | null;
  taste: SessionTaste | null;
}

/**
 * The short-term side of a shopper's profile, from the recent history kept in memory: the
 * session-blended vector with the session's category affinity and own direction, and the products their
 * dismissals hide. Both are memoised on objects that are replaced when their inputs change — the
 * long-term vector (new per history, context and model) and the history array (new on every
 * recorded event) — so a page usually costs one lookup.
 */
export class ShortTermSignals {
  private readonly sessions = new WeakMap<Float32Array, { minute: number; state: ShortTermState }>();
  private readonly hidden = new WeakMap<object, { model: number | undefined; products: Promise<Set<string>> }>();

  constructor(private readonly options: SessionOptions = DEFAULT_SESSION_OPTIONS) {}

  /**
   * `longTerm` moved towards this session's events, and the categories it leans to. Within a
   * minute recency decay moves them too little to matter, so they are reused for that minute.
   * `signals` must come from the model that computed `longTerm`.
   */
  async session(longTerm: Float32Array, history: readonly HistoryEvent[], now: Date, signals: Signals): Promise<ShortTermState> {
    const minute = Math.floor(now.getTime() / MINUTE_MS);
    const memo = this.sessions.get(longTerm);
    if (memo?.minute === minute) return memo.state;
    const events = sessionEvents(history, now, this.options);
    if (events.length === 0) return { vector: longTerm, affinity: null, taste: null };
    const vectors = new Map<string, Float32Array>();
    await Promise.all(
      [...new Set(events.map((e) => e.productId))].map(async (id) => {
        const vector = await signals.itemVector(id);
        if (vector) vectors.set(id, vector);
      }),
    );
    const session = sessionVector(events, vectors);
    let spreads: { longTerm: number; session: number } | undefined;
    if (session.vector) {
      const [near, nearSession] = await Promise.all([signals.nearest(longTerm, SPREAD_SAMPLE), signals.nearest(session.vector, SPREAD_SAMPLE)]);
      spreads = { longTerm: scoreSpread(near.map((n) => n.score)), session: scoreSpread(nearSession.map((n) => n.score)) };
    }
    const state = {
      vector: blendSession(longTerm, session, this.options, spreads) ?? longTerm,
      affinity: sessionAffinity(events, (id) => signals.catalog.get(id)?.category, this.options),
      taste: sessionTaste(longTerm, session, this.options),
    };
    this.sessions.set(longTerm, { minute, state });
    return state;
  }

  /** The products dismissed in `history` and their near-duplicates (see `hiddenByDismissals`). */
  hiddenBy(history: readonly HistoryEvent[], signals: Signals, model: number | undefined): Promise<Set<string>> {
    const memo = this.hidden.get(history);
    if (memo && memo.model === model) return memo.products;
    const dismissed = new Set(history.filter((e) => e.type === 'DISMISS').map((e) => e.productId));
    const products = hiddenByDismissals(dismissed, signals);
    this.hidden.set(history, { model, products });
    // A failed vector search must not stick to this history: the next page tries again.
    products.catch(() => this.hidden.delete(history));
    return products;
  }
}
