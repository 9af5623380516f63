import { describe, expect, it } from 'vitest';
import { contextMatch } from '../../../src/recommend/rank/context-match.js';
import { DEFAULT_RANKING_CONFIG, type RankingConfig } from '../../../src/recommend/rank/ranking-config.js';
import { scoreCandidates, weightedSum } from '../../../src/recommend/rank/score.js';
import type { Candidate } from '../../../src/recommend/types.js';
import { catalogOf, context, DAY, item, NOW, profile, signalsFor, unit } from './fixtures.js';

const config: RankingConfig = DEFAULT_RANKING_CONFIG;
const candidate = (productId: string, sourceScore = 0.5): Candidate => ({ productId, sourceScore, reason: { code: 'TOP_PICK' } });

describe('scoreCandidates', () => {
  const items = [
    item('p1', { launchedAt: NOW.getTime() - 45 * DAY, season: 'SUMMER', tags: ['evening'] }),
    item('p2', { launchedAt: NOW.getTime() + 10 * DAY, season: 'WINTER' }),
    item('p3', { launchedAt: NOW.getTime() - 90 * DAY, stockStatus: 'OUT_OF_STOCK' }),
  ];
  const catalog = catalogOf(items);
  const signals = signalsFor(catalog, { p1: 0.2, p2: 0.9, p3: 0.5 }, { Milan: { p1: 0.8 } });
  const shopper = unit(0);
  const vectors = new Map([
    ['p1', unit(0)],
    ['p2', unit(0, 1, Math.PI / 2)],
    ['p3', unit(0, 1, Math.PI)],
  ]);

  it('reports every part in [0, 1] and a score that is the weighted sum of the parts', () => {
    const scored = scoreCandidates([candidate('p1'), candidate('p2')], {
      profile: profile({ vector: shopper }),
      context: context({ season: 'SUMMER' }),
      signals,
      config,
      vectors,
    });
    for (const s of scored) {
      for (const part of ['relevance', 'popularity', 'freshness', 'context'] as const) {
        expect(s.breakdown[part]).toBeGreaterThanOrEqual(0);
        expect(s.breakdown[part]).toBeLessThanOrEqual(1);
      }
      expect(s.breakdown.rules).toBe(0);
      expect(s.score).toBeCloseTo(weightedSum(s.breakdown, config.weights), 12);
    }
    const p1 = scored.find((s) => s.productId === 'p1')!;
    const p2 = scored.find((s) => s.productId === 'p2')!;
    // Relevance is rescaled over the row's candidates: the closest gets 1, the farthest 0.
    expect(p1.breakdown.relevance).toBeCloseTo(1, 5);
    expect(p2.breakdown.relevance).toBeCloseTo(0, 5);
    expect(p1.breakdown.popularity).toBe(0.8);
    expect(p1.breakdown.freshness).toBeCloseTo(0.5, 10);
    expect(p2.breakdown.freshness).toBe(1);
    expect(p1.breakdown.context).toBe(1);
    expect(p2.breakdown.context).toBe(0);
  });

  it('rescales relevance over the row, and weighs the anchor in "because you viewed" rows', () => {
    const because = (id: string, similarity: number) => ({ ...candidate(id, similarity), reason: { code: 'BECAUSE_YOU' as const, verb: 'viewed' as const, anchorTitle: 'A', anchorId: 'a' } });
    const input = { profile: profile({ vector: shopper }), context: context(), signals, config, vectors };
    // p1 is closer to the shopper, p2 much closer to the anchor: the row's promise wins.
    const scored = scoreCandidates([because('p1', 0.25), because('p2', 1)], input);
    const relevance = Object.fromEntries(scored.map((s) => [s.productId, s.breakdown.relevance]));
    expect(relevance.p2).toBe(1);
    expect(relevance.p1).toBe(0);
    const alone = scoreCandidates([candidate('p2')], input);
    expect(alone[0].breakdown.relevance).toBe(1);
  });

  it('uses the source score as relevance when not personalised or when the item has no vector', () => {
    const anonymous = scoreCandidates([candidate('p1', 0.3)], { profile: profile({ personalized: false, vector: shopper }), context: context(), signals, config, vectors });
    expect(anonymous[0].breakdown.relevance).toBe(0.3);
    const noVector = scoreCandidates([candidate('p1', 0.3)], { profile: profile({ vector: shopper }), context: context(), signals, config, vectors: new Map() });
    expect(noVector[0].breakdown.relevance).toBe(0.3);
  });

  it('uses the request region for popularity, else the shopper region, else global', () => {
    const score = (region: string | null, home: string | null) =>
      scoreCandidates([candidate('p1')], { profile: profile({ region: home }), context: context({ region }), signals, config, vectors })[0].breakdown.popularity;
    expect(score('Milan', null)).toBe(0.8);
    expect(score(null, 'Milan')).toBe(0.8);
    expect(score('Paris', 'Milan')).toBe(0.2);
  });

  it('demotes out-of-stock items by the configured factor', () => {
    const input = { profile: profile({ personalized: false }), context: context(), signals, vectors };
    const kept = scoreCandidates([candidate('p3')], { ...input, config: { ...config, outOfStock: 'drop' } })[0];
    const demoted = scoreCandidates([candidate('p3')], { ...input, config: { ...config, outOfStock: 'demote', outOfStockFactor: 0.3 } })[0];
    expect(kept.score).toBeCloseTo(weightedSum(kept.breakdown, config.weights), 12);
    expect(demoted.score).toBeCloseTo(0.3 * kept.score, 12);
  });

  it('sorts best first, breaks ties by product id, and keeps a product once (its best proposal)', () => {
    const flat: RankingConfig = { ...config, weights: { relevance: 1, popularity: 0, freshness: 0, context: 0 } };
    const input = { profile: profile({ personalized: false }), context: context(), signals, config: flat, vectors };
    const scored = scoreCandidates([candidate('p2', 0.4), candidate('p1', 0.4), candidate('p3', 0.9), candidate('p2', 0.6), candidate('missing', 1)], {
      ...input,
      config: { ...flat, outOfStock: 'drop' },
    });
    expect(scored.map((s) => [s.productId, s.score])).toEqual([
      ['p3', 0.9],
      ['p2', 0.6],
      ['p1', 0.4],
    ]);
    const tie = scoreCandidates([candidate('p2', 0.4), candidate('p1', 0.4)], input);
    expect(tie.map((s) => s.productId)).toEqual(['p1', 'p2']);
  });

  it("mixes the session's category affinity into relevance on personalised pages", () => {
    const bags = catalogOf([item('tote-1'), item('glove-1', { category: 'gloves' }), item('glove-2', { category: 'gloves' })]);
    const bagVectors = new Map([
      ['tote-1', unit(0)],
      ['glove-1', unit(0, 1, Math.PI)],
      ['glove-2', unit(0, 1, Math.PI / 2)],
    ]);
    const sessionAffinity = { categories: new Map([['gloves', 1]]), share: 0.4 };
    const input = { context: context(), signals: signalsFor(bags, {}), config, vectors: bagVectors };
    const candidates = ['tote-1', 'glove-1', 'glove-2'].map((id) => candidate(id));
    const relevance = (p: ReturnType<typeof profile>) => Object.fromEntries(scoreCandidates(candidates, { ...input, profile: p }).map((s) => [s.productId, s.breakdown.relevance]));
    // Without the session: rescaled cosines 1, 0, 0.5.
    expect(relevance(profile({ vector: shopper }))).toEqual({ 'tote-1': 1, 'glove-1': 0, 'glove-2': 0.5 });
    const withSession = relevance(profile({ vector: shopper, sessionAffinity }));
    expect(withSession['tote-1']).toBeCloseTo(0.6, 12);
    expect(withSession['glove-1']).toBeCloseTo(0.4, 12);
    expect(withSession['glove-2']).toBeCloseTo(0.7, 12);
    // A page that is not personalised ignores it.
    expect(relevance(profile({ vector: null, personalized: false, sessionAffinity }))['glove-1']).toBe(0.5);
  });

  it('discounts a score by the rotation rate for each showing the shopper ignored', () => {
    const rotating = { ...config, rotation: { rate: 0.25, hours: 24 } };
    const input = { context: context(), signals, config: rotating, vectors };
    const score = (p: ReturnType<typeof profile>) => Object.fromEntries(scoreCandidates([candidate('p1'), candidate('p2')], { ...input, profile: p }).map((s) => [s.productId, s.score]));
    const plain = score(profile({ vector: shopper }));
    const ignored = score(profile({ vector: shopper, shownWithoutEngagement: new Map([['p1', 2]]) }));
    expect(ignored.p1).toBeCloseTo(plain.p1 * 0.75 ** 2, 12);
    expect(ignored.p2).toBe(plain.p2);
  });

  it("blends relevance to the long-term vector and to the session's direction by the session's share", () => {
    const candidates = ['p1', 'p2', 'p3'].map((id) => candidate(id));
    const relevance = (p: ReturnType<typeof profile>) =>
      Object.fromEntries(scoreCandidates(candidates, { profile: p, context: context(), signals, config, vectors }).map((s) => [s.productId, s.breakdown.relevance]));
    // Long-term (along p1) rescaled: 1, 0.5, 0; the session points at p3: 0, 0.5, 1.
    const sessionTaste = { longTerm: shopper, vector: unit(0, 1, Math.PI), share: 0.25 };
    const blended = relevance(profile({ vector: unit(0, 1, Math.PI / 4), sessionTaste }));
    expect(blended.p1).toBeCloseTo(0.75, 12);
    expect(blended.p2).toBeCloseTo(0.5, 12);
    expect(blended.p3).toBeCloseTo(0.25, 12);
    // The blended retrieval vector does not decide relevance when the taste is known.
    expect(relevance(profile({ vector: shopper, sessionTaste }))).toEqual(blended);
    expect(relevance(profile({ vector: null, personalized: false, sessionTaste })).p3).toBe(0.5);
  });
});

describe('contextMatch', () => {
  it.each([
    [{ season: 'SUMMER' }, {}, 0],
    [{ season: 'SUMMER' }, { season: 'SUMMER' }, 1],
    [{ season: 'ALL_SEASON' }, { season: 'SUMMER' }, 0.5],
    [{ season: 'WINTER' }, { season: 'SUMMER' }, 0],
    [{ tags: ['wedding'] }, { occasion: 'WEDDING' }, 1],
    [{ tags: ['work'] }, { occasion: 'WEDDING' }, 0],
    [{ tags: ['evening'] }, { timeOfDay: 'night' }, 1],
    [{ tags: [] }, { timeOfDay: 'evening' }, 0],
    [{ tags: ['evening'] }, { timeOfDay: 'morning' }, 0],
    // season 0.5 of 0.5 weight + occasion 1 of 0.3 + evening 0 of 0.2, over a total weight of 1.
    [{ season: 'ALL_SEASON', tags: ['wedding'] }, { season: 'SUMMER', occasion: 'WEDDING', timeOfDay: 'evening' }, 0.55],
    // device has no item attribute: it changes nothing.
    [{ season: 'SUMMER' }, { season: 'SUMMER', device: 'MOBILE' }, 1],
  ] as const)('item %j in request %j matches %d', (itemFields, request, expected) => {
    expect(contextMatch(item('p', itemFields), context(request))).toBeCloseTo(expected, 12);
  });
});
