import { describe, expect, it } from 'vitest';
import { dot } from '../../src/recommend/rank/score.js';
import {
  blendSession,
  DEFAULT_SESSION_OPTIONS,
  scoreSpread,
  SESSION_CATEGORY_SHARE,
  SESSION_WEIGHTS,
  sessionEvents,
  sessionAffinity,
  sessionShare,
  sessionTaste,
  sessionVector,
} from '../../src/recommend/session.js';
import type { HistoryEvent } from '../../src/recommend/types.js';
import { along, normalise } from './sources/fixture.js';

const NOW = new Date(Date.UTC(2026, 5, 1, 12, 0));
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
const event = (productId: string, type: HistoryEvent['type'], minutes: number): HistoryEvent => ({ productId, type, occurredAt: minutesAgo(minutes) });
const norm = (v: Float32Array) => Math.hypot(...v);

describe('sessionEvents', () => {
  it('keeps the newest events of the window, weighted by type and halved every half-life', () => {
    const events = sessionEvents([event('a', 'CLICK', 0), event('b', 'WISHLIST', 10), event('c', 'DISMISS', 20), event('old', 'PURCHASE', 31)], NOW);
    expect(events.map((e) => e.productId)).toEqual(['a', 'b', 'c']);
    expect(events[0].weight).toBeCloseTo(SESSION_WEIGHTS.CLICK, 10);
    expect(events[1].weight).toBeCloseTo(SESSION_WEIGHTS.WISHLIST / 2, 10);
    expect(events[2].weight).toBeCloseTo(SESSION_WEIGHTS.DISMISS / 4, 10);
  });

  it('gives rejections negative weights', () => {
    for (const type of ['SKIP', 'DISMISS', 'RETURN'] as const) expect(sessionEvents([event('a', type, 1)], NOW)[0].weight).toBeLessThan(0);
  });

  it('stops at maxEvents and counts events stamped in the future as now', () => {
    const history = Array.from({ length: 30 }, (_, i) => event(`p${i}`, 'VIEW', i / 10));
    expect(sessionEvents(history, NOW)).toHaveLength(DEFAULT_SESSION_OPTIONS.maxEvents);
    expect(sessionEvents([event('soon', 'CLICK', -3)], NOW)[0].weight).toBe(SESSION_WEIGHTS.CLICK);
  });
});

describe('sessionVector', () => {
  const vectors = new Map([
    ['x1', along(0)],
    ['x2', normalise([0.9, 0.1, ...new Array(62).fill(0)])],
    ['y', along(5)],
  ]);

  it('points at what was engaged with and away from what was rejected, as a unit vector', () => {
    const { vector, evidence } = sessionVector(
      [
        { productId: 'x1', type: 'CLICK', weight: 1 },
        { productId: 'x2', type: 'CLICK', weight: 1 },
        { productId: 'y', type: 'DISMISS', weight: -1 },
      ],
      vectors,
    );
    expect(norm(vector!)).toBeCloseTo(1, 5);
    expect(dot(vector!, along(0))).toBeGreaterThan(0.7);
    expect(dot(vector!, along(5))).toBeLessThan(-0.3);
    expect(evidence).toBe(3);
  });

  it('leaves out items without a vector, and says nothing without any', () => {
    expect(sessionVector([{ productId: 'unknown', type: 'CLICK', weight: 1 }], vectors)).toEqual({ vector: null, evidence: 0 });
    expect(sessionVector([{ productId: 'unknown', type: 'CLICK', weight: 1 }, { productId: 'y', type: 'CLICK', weight: 2 }], vectors).evidence).toBe(2);
  });
});

describe('blendSession', () => {
  const longTerm = along(10);
  const session = (evidence: number) => ({ vector: along(20), evidence });

  it('grows the session share with evidence, from 0 towards maxShare', () => {
    const shares = [0, 0.5, 1, 3, 10, 1000].map((e) => sessionShare(e));
    expect(shares[0]).toBe(0);
    for (let i = 1; i < shares.length; i++) expect(shares[i]).toBeGreaterThan(shares[i - 1]);
    expect(shares.at(-1)).toBeLessThan(DEFAULT_SESSION_OPTIONS.maxShare);
    expect(shares.at(-1)).toBeGreaterThan(DEFAULT_SESSION_OPTIONS.maxShare * 0.99);
  });

  it('is the unit vector of (1 − s)·longTerm + s·session', () => {
    const s = sessionShare(3);
    const blended = blendSession(longTerm, session(3))!;
    expect(norm(blended)).toBeCloseTo(1, 5);
    // Orthogonal inputs: the blend's cosines to them are proportional to the two weights.
    expect(dot(blended, along(20)) / dot(blended, along(10))).toBeCloseTo(s / (1 - s), 4);
  });

  it('moves further towards the session as evidence accumulates', () => {
    const towardsSession = [0.5, 2, 6].map((e) => dot(blendSession(longTerm, session(e))!, along(20)));
    expect(towardsSession[1]).toBeGreaterThan(towardsSession[0]);
    expect(towardsSession[2]).toBeGreaterThan(towardsSession[1]);
  });

  it('returns the long-term vector itself without a session, and the session without a long-term vector', () => {
    expect(blendSession(longTerm, { vector: null, evidence: 0 })).toBe(longTerm);
    expect(blendSession(null, session(2))).toEqual(along(20));
    expect(blendSession(null, { vector: null, evidence: 0 })).toBeNull();
  });

  it('blends standardised scores: dividing by each side\'s spread lets a compressed session count', () => {
    // The session's scores vary 100 times less among items than the long-term vector's.
    const plain = blendSession(longTerm, session(3))!;
    const standardised = blendSession(longTerm, session(3), DEFAULT_SESSION_OPTIONS, { longTerm: 0.1, session: 0.001 })!;
    expect(dot(standardised, along(20))).toBeGreaterThan(dot(plain, along(20)));
    const s = sessionShare(3);
    expect(dot(standardised, along(20)) / dot(standardised, along(10))).toBeCloseTo((s / 0.001) / ((1 - s) / 0.1), 2);
    // Unusable spreads fall back to the plain blend.
    expect(blendSession(longTerm, session(3), DEFAULT_SESSION_OPTIONS, { longTerm: 0, session: 0.01 })).toEqual(plain);
  });
});

describe('scoreSpread', () => {
  it('is the standard deviation of the scores, 0 for fewer than two', () => {
    expect(scoreSpread([1, 3])).toBe(1);
    expect(scoreSpread([0.5, 0.5, 0.5])).toBe(0);
    expect(scoreSpread([0.7])).toBe(0);
  });
});

describe('sessionAffinity', () => {
  const categories: Record<string, string> = { g1: 'gloves', g2: 'gloves', t1: 'tote', b1: 'belt' };
  const categoryOf = (id: string) => categories[id];

  it('ranks categories by net positive session weight, relative to the strongest', () => {
    const affinity = sessionAffinity(
      [
        { productId: 'g1', type: 'CLICK', weight: 1 },
        { productId: 'g2', type: 'CLICK', weight: 1 },
        { productId: 't1', type: 'CLICK', weight: 1 },
        { productId: 'b1', type: 'CLICK', weight: 1 },
        { productId: 'b1', type: 'DISMISS', weight: -1.5 },
        { productId: 'unknown', type: 'CLICK', weight: 5 },
      ],
      categoryOf,
    )!;
    expect(Object.fromEntries(affinity.categories)).toEqual({ gloves: 1, tote: 0.5 });
    expect(affinity.share).toBeCloseTo(SESSION_CATEGORY_SHARE * sessionShare(5.5), 12);
  });

  it('is null when no category leans positive', () => {
    expect(sessionAffinity([{ productId: 'b1', type: 'SKIP', weight: -0.5 }], categoryOf)).toBeNull();
    expect(sessionAffinity([], categoryOf)).toBeNull();
  });
});

describe('sessionTaste', () => {
  it("carries the long-term vector, the session's direction and its share", () => {
    const longTerm = along(0);
    const session = { vector: along(3), evidence: 3 };
    const taste = sessionTaste(longTerm, session)!;
    expect(taste.longTerm).toBe(longTerm);
    expect(taste.vector).toBe(session.vector);
    expect(taste.share).toBeCloseTo(sessionShare(3), 12);
  });

  it('is null when the session has no direction or no evidence', () => {
    expect(sessionTaste(along(0), { vector: null, evidence: 0 })).toBeNull();
    expect(sessionTaste(along(0), { vector: along(3), evidence: 0 })).toBeNull();
  });
});
