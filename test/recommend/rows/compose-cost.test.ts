/** What composing a page asks of the gateway: each vector once, and no full popularity scan unless needed. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RANKING_CONFIG } from '../../../src/recommend/rank/ranking-config.js';
import { composeHomePage, type ComposeInput } from '../../../src/recommend/rows/compose.js';
import type { Signals } from '../../../src/recommend/types.js';
import { anonymous, contextOf, shopper } from '../sources/fixture.js';
import { buildWorld } from './world.js';

const world = buildWorld();

/** The world's signals, counting vector look-ups per product and full-catalog popularity reads. */
function counted() {
  const vectorCalls = new Map<string, number>();
  let fullRankingReads = 0;
  const signals: Signals = {
    ...world.signals,
    itemVector(productId) {
      vectorCalls.set(productId, (vectorCalls.get(productId) ?? 0) + 1);
      return world.signals.itemVector(productId);
    },
    trending(region, k) {
      if (k >= world.signals.catalog.size) fullRankingReads++;
      return world.signals.trending(region, k);
    },
  };
  return { signals, vectorCalls, fullRankingReads: () => fullRankingReads };
}

function input(overrides: Partial<ComposeInput>): ComposeInput {
  return { profile: anonymous(), context: contextOf(), signals: world.signals, config: DEFAULT_RANKING_CONFIG, rules: [], rows: 6, itemsPerRow: 8, depth: 24, ...overrides };
}

describe('the cost of composing a page', () => {
  it('asks for each item vector at most once per page, however many rows and sources want it', async () => {
    const { signals, vectorCalls } = counted();
    const profile = shopper(world.vectors.get('p010')!, { region: 'Milan', history: [{ productId: 'p042', type: 'VIEW', occurredAt: new Date(0) }] });
    const page = await composeHomePage(input({ profile, signals }));
    expect(page).toHaveLength(6);
    expect(vectorCalls.size).toBeGreaterThan(0);
    expect(Math.max(...vectorCalls.values())).toBe(1);
  });

  it('reads the whole popularity ranking only when the page needs popular-by-category rows', async () => {
    // Morning in Milan: no collection applies, so an anonymous page's fifth row is the global "popular" row.
    const fiveRows = counted();
    const page = await composeHomePage(input({ signals: fiveRows.signals, context: contextOf({ region: 'Milan', timeOfDay: 'morning' }), rows: 5 }));
    expect(page.map((row) => row.id)).toContain('popular');
    expect(page.some((row) => row.id.startsWith('popular:'))).toBe(false);
    expect(fiveRows.fullRankingReads()).toBe(0);

    const more = counted();
    const longer = await composeHomePage(input({ signals: more.signals, context: contextOf({ region: 'Milan', timeOfDay: 'morning' }), rows: 6 }));
    expect(longer.some((row) => row.id.startsWith('popular:'))).toBe(true);
    expect(more.fullRankingReads()).toBeGreaterThan(0);
  });
});
