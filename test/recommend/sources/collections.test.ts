import { describe, expect, it } from 'vitest';
import { contextualCollectionCandidates, contextualCollections } from '../../../src/recommend/sources/contextual-collections.js';
import { editorialCollectionCandidates, editorialCollections } from '../../../src/recommend/sources/editorial-collections.js';
import { indexCollections } from '../../../src/recommend/collections.js';
import { anonymous, catalogOf, collection, contextOf, DAY_MS, item, NOW, signalsOf } from './fixture.js';

const items = [
  item('clutch-black', { category: 'clutch', colour: 'black' }),
  item('clutch-red', { category: 'clutch', colour: 'scarlet' }),
  item('pump-black', { category: 'pump', colour: 'black' }),
  item('tote-black', { category: 'tote', colour: 'black' }),
  item('scarf', { category: 'silk scarf', colour: 'ivory', material: 'cashmere' }),
];
const eveningInMilan = collection({
  slug: 'evening-in-milan',
  title: 'Evening in Milan',
  kind: 'RULE_BASED',
  position: 5,
  rule: { when: { occasions: ['EVENING'], timesOfDay: ['evening', 'night'], regions: ['Milan'] }, match: { categories: ['clutch', 'pump'], colours: ['black'] } },
  pins: [{ productId: 'clutch-red', position: 1 }],
});
const anyEvening = collection({ slug: 'evenings', kind: 'RULE_BASED', position: 1, rule: { when: { timesOfDay: ['evening'] }, match: { colours: ['black'] } } });
const winter = collection({ slug: 'winter', kind: 'RULE_BASED', rule: { when: { seasons: ['WINTER'] }, match: { materials: ['cashmere'] } } });
const edits = [
  collection({ slug: 'second', position: 2, members: ['scarf', 'tote-black'] }),
  collection({ slug: 'first', position: 1, members: ['tote-black', 'gone', 'scarf', 'pump-black'], exclusions: new Set(['pump-black']) }),
  collection({ slug: 'over', endsAt: new Date(NOW.getTime() - DAY_MS) }),
  collection({ slug: 'off', active: false }),
];
const defs = indexCollections([eveningInMilan, anyEvening, winter, ...edits], catalogOf(items));
const signals = signalsOf({ items, collections: defs });
const milanEvening = contextOf({ occasion: 'EVENING', timeOfDay: 'evening', region: 'Milan' });
const input = (exclude: string[] = []) => ({ profile: anonymous(), context: milanEvening, signals, limit: 10, exclude: new Set(exclude) });

describe('contextual collections', () => {
  it('are the rule-based collections applying to the request, the most specific first', () => {
    expect(contextualCollections(defs, milanEvening).map((c) => c.slug)).toEqual(['evening-in-milan', 'evenings']);
    expect(contextualCollections(defs, contextOf({ timeOfDay: 'morning', region: 'Milan', occasion: 'EVENING' }))).toEqual([]);
    expect(contextualCollections(defs, contextOf({ season: 'WINTER', timeOfDay: 'morning' })).map((c) => c.slug)).toEqual(['winter']);
  });

  it('propose the pinned products first, then the precomputed matches, with the collection as reason', async () => {
    const candidates = await contextualCollectionCandidates(defs[0], input());
    expect(candidates.map((c) => c.productId)).toEqual(['clutch-red', 'clutch-black', 'pump-black']);
    expect(candidates[0].reason).toEqual({ code: 'COLLECTION', title: 'Evening in Milan' });
    expect((await contextualCollectionCandidates(defs[0], input(['clutch-red', 'pump-black']))).map((c) => c.productId)).toEqual(['clutch-black']);
  });
});

describe('editorial collections', () => {
  it('are the active ones within their dates, in position order', () => {
    expect(editorialCollections(defs, milanEvening).map((c) => c.slug)).toEqual(['first', 'second']);
  });

  it('propose members in order, without exclusions or products missing from the catalog', async () => {
    const first = defs.find((c) => c.slug === 'first')!;
    const candidates = await editorialCollectionCandidates(first, input());
    expect(candidates.map((c) => c.productId)).toEqual(['tote-black', 'scarf']);
    expect(candidates[0].sourceScore).toBeGreaterThan(candidates[1].sourceScore);
  });
});
