import { describe, expect, it } from 'vitest';
import { betaSampler } from '../../../src/recommend/bandit/beta-sampler.js';
import { explorationSlots, fillExplorationSlots, type ExplorationInput, type ItemExposure } from '../../../src/recommend/bandit/exploration.js';
import { explain } from '../../../src/recommend/explain.js';
import { DEFAULT_RANKING_CONFIG } from '../../../src/recommend/rank/ranking-config.js';
import type { ScoredCandidate } from '../../../src/recommend/rank/score.js';
import { composeHomePage, type ComposeInput } from '../../../src/recommend/rows/compose.js';
import type { StoredRule } from '../../../src/recommend/rules/types.js';
import type { RankedItem } from '../../../src/recommend/types.js';
import { anonymous, contextOf } from '../sources/fixture.js';
import { buildWorld } from '../rows/world.js';

const breakdown = { relevance: 0, popularity: 0, freshness: 0, context: 0, rules: 0 };
const scored = (n: number): ScoredCandidate[] =>
  Array.from({ length: n }, (_, i) => ({ productId: `p${String(i).padStart(2, '0')}`, score: 1 - i / n, breakdown, reason: { code: 'POPULAR' } }));
const ranked = (candidates: readonly ScoredCandidate[]): RankedItem[] => candidates.map((c) => ({ ...c, serendipitous: false }));

function input(overrides: Partial<ExplorationInput> & { shown?: Record<string, ItemExposure> } = {}): ExplorationInput {
  const { shown = {}, ...rest } = overrides;
  return { share: 0.2, visible: 10, exposure: (id) => shown[id] ?? { shown: 500, successes: 50 }, isNew: () => false, sample: betaSampler(1), ...rest };
}

describe('exploration slots', () => {
  it('are spread from the end of the visible part, clear of the serendipity slots', () => {
    expect(explorationSlots(20, 0.1)).toEqual([19, 9]);
    expect(explorationSlots(10, 0.2)).toEqual([9, 4]);
    expect(explorationSlots(10, 0)).toEqual([]);
    expect(explorationSlots(3, 0.5)).toEqual([2, 1]);
  });

  it('go to under-exposed items of the row, new products first, marked with their reason', () => {
    const pool = scored(30);
    const shown = { p25: { shown: 3, successes: 0 }, p26: { shown: 0, successes: 0 }, p27: { shown: 2, successes: 1 } };
    const items = fillExplorationSlots(ranked(pool.slice(0, 20)), pool, input({ shown, isNew: (id) => id === 'p27' }));
    expect(items).toHaveLength(20);
    // Slot 5 (index 4) gets the new product, slot 10 (index 9) one of the other two under-exposed items.
    expect(items[4]).toMatchObject({ productId: 'p27', reason: { code: 'EXPLORE', isNew: true } });
    expect(['p25', 'p26']).toContain(items[9].productId);
    expect(items[9].reason).toEqual({ code: 'EXPLORE', isNew: false });
    expect(explain(items[4].reason)).toBe('New — we think you might like it');
    expect(explain(items[9].reason)).toMatch(/we think you might like it/);
    // The displaced items move down one place; none is lost from the visible part but the last.
    expect(items.slice(0, 4).map((i) => i.productId)).toEqual(['p00', 'p01', 'p02', 'p03']);
    expect(items[5].productId).toBe('p04');
    expect(new Set(items.map((i) => i.productId)).size).toBe(20);
  });

  it('leaves the row alone when nothing is under-exposed, and keeps pins and serendipity picks in their slots', () => {
    const pool = scored(30);
    expect(fillExplorationSlots(ranked(pool.slice(0, 20)), pool, input())).toEqual(ranked(pool.slice(0, 20)));

    const row = ranked(pool.slice(0, 20));
    row[9] = { ...row[9], reason: { code: 'PINNED' } };
    row[4] = { ...row[4], serendipitous: true };
    const items = fillExplorationSlots(row, pool, input({ shown: { p28: { shown: 1, successes: 0 } } }));
    expect(items).toEqual(row);
  });

  it('prefers, among the under-exposed, items whose first impressions earned clicks', () => {
    const pool = scored(40);
    const shown: Record<string, ItemExposure> = { p30: { shown: 40, successes: 20 }, p31: { shown: 40, successes: 0 } };
    let wins = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const items = fillExplorationSlots(ranked(pool.slice(0, 10)), pool, input({ share: 0.1, shown, sample: betaSampler(seed) }));
      if (items[9].productId === 'p30') wins++;
    }
    expect(wins).toBe(50);
  });

  it('fills slots in composed pages, before merchandising rules, which keep the last word', async () => {
    const world = buildWorld();
    const base: ComposeInput = {
      profile: anonymous(),
      context: contextOf({ region: 'Milan', occasion: 'EVENING', timeOfDay: 'evening' }),
      signals: world.signals,
      config: DEFAULT_RANKING_CONFIG,
      rules: [],
      rows: 4,
      itemsPerRow: 10,
      depth: 20,
    };
    const exploration = { share: 0.2, exposure: () => ({ shown: 0, successes: 0 }), sample: betaSampler(5) };
    const page = await composeHomePage({ ...base, exploration });
    const explored = page.flatMap((row) => row.items.slice(0, 10).filter((i) => i.reason.code === 'EXPLORE'));
    expect(explored.length).toBe(page.length * 2);
    const visible = page.flatMap((row) => row.items.slice(0, 10).map((i) => i.productId));
    expect(new Set(visible).size).toBe(visible.length);
    // Same seed, same page: `row` paging recomposes it.
    expect(await composeHomePage({ ...base, exploration: { ...exploration, sample: betaSampler(5) } })).toEqual(page);

    const excluded = explored[0].productId;
    const rules: StoredRule[] = [{ id: 'r1', name: 'no', active: true, startsAt: null, endsAt: null, rule: { type: 'EXCLUDE', select: { productIds: [excluded] } } }];
    const ruled = await composeHomePage({ ...base, rules, exploration: { ...exploration, sample: betaSampler(5) } });
    expect(ruled.flatMap((row) => row.items.map((i) => i.productId))).not.toContain(excluded);
  });
});
