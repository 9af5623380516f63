import { describe, expect, it } from 'vitest';
import { explain, pluralCategory, rowHeading } from '../../src/recommend/explain.js';

describe('explain', () => {
  it('puts every reason into words', () => {
    expect(explain({ code: 'BECAUSE_YOU', verb: 'viewed', anchorTitle: 'Saffiano tote', anchorId: 'p1' })).toBe('Because you viewed the Saffiano tote');
    expect(explain({ code: 'BECAUSE_YOU', verb: 'wishlisted', anchorTitle: 'The Aurelia tote', anchorId: 'p1' })).toBe('Because you wishlisted the Aurelia tote');
    expect(explain({ code: 'BECAUSE_YOU', verb: 'added to bag', anchorTitle: 'Lune clutch', anchorId: 'p1' })).toBe('Because you added the Lune clutch to your bag');
    expect(explain({ code: 'BECAUSE_YOU', verb: 'bought', anchorTitle: 'Lune clutch', anchorId: 'p1' })).toBe('Because you bought the Lune clutch');
    expect(explain({ code: 'TRENDING', region: 'Milan' })).toBe('Trending in Milan');
    expect(explain({ code: 'TRENDING', region: null })).toBe('Trending now');
    expect(explain({ code: 'NEW_FOR_YOU', brandLoved: true })).toBe('New this season from a brand you love');
    expect(explain({ code: 'NEW_FOR_YOU', brandLoved: false })).toBe('New this season, picked for you');
    expect(explain({ code: 'NEW_ARRIVAL' })).toBe('New arrivals');
    expect(explain({ code: 'COLLECTION', title: 'Evening in Milan' })).toBe('From our edit: Evening in Milan');
    expect(explain({ code: 'SERENDIPITY', category: 'silk scarf' })).toBe('Something different: silk scarves');
    expect(explain({ code: 'PINNED' })).toBe('Our pick');
    expect(explain({ code: 'POPULAR' })).toBe('Popular right now');
    expect(explain({ code: 'TOP_PICK' })).toBe('Picked for you');
    expect(explain({ code: 'IN_SESSION', category: 'glove' })).toBe('More gloves, as you are looking at them now');
    expect(explain({ code: 'RECENTLY_VIEWED' })).toBe('You looked at this recently');
    expect(explain({ code: 'IN_SESSION', category: null })).toBe('Inspired by what you are looking at now');
  });

  it('puts category names in the plural', () => {
    const plural = ['tote', 'dress', 'watch', 'trousers', 'sunglasses', 'card holder', 'evening dress', 'earrings'].map(pluralCategory);
    expect(plural).toEqual(['totes', 'dresses', 'watches', 'trousers', 'sunglasses', 'card holders', 'evening dresses', 'earrings']);
  });
});

describe('rowHeading', () => {
  it('titles a row after its source', () => {
    expect(rowHeading('TOP_PICKS', { code: 'TOP_PICK' })).toEqual({ title: 'Top picks for you', reason: 'Picked for you' });
    expect(rowHeading('TRENDING_IN_REGION', { code: 'TRENDING', region: 'Milan' }).title).toBe('Trending in Milan');
    expect(rowHeading('CONTEXTUAL_COLLECTION', { code: 'COLLECTION', title: 'Evening in Milan' })).toEqual({
      title: 'Evening in Milan',
      reason: 'From our edit: Evening in Milan',
    });
    expect(rowHeading('NEW_ARRIVALS_FOR_YOU', { code: 'NEW_FOR_YOU', brandLoved: false }).title).toBe('New arrivals for you');
    expect(rowHeading('NEW_ARRIVALS_FOR_YOU', { code: 'NEW_ARRIVAL' }).title).toBe('New arrivals');
    expect(rowHeading('BECAUSE_YOU_VIEWED', { code: 'BECAUSE_YOU', verb: 'viewed', anchorTitle: 'Saffiano tote', anchorId: 'p1' }).title).toBe(
      'Because you viewed the Saffiano tote',
    );
    expect(rowHeading('POPULAR', { code: 'POPULAR' }).title).toBe('Popular right now');
    expect(rowHeading('RECENTLY_VIEWED', { code: 'RECENTLY_VIEWED' })).toEqual({ title: 'Recently viewed', reason: 'Pick up where you left off' });
  });
});
