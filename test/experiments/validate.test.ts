import { describe, expect, it } from 'vitest';
import { normalizeExperiment, validateExperiment } from '../../src/experiments/validate.js';

const context = { rankingConfigs: new Set(['default', 'fresh']) };
const valid = {
  name: 'Fresh ranking',
  variants: [
    { key: 'control', share: 0.5, treatment: {} },
    { key: 'fresh', share: 0.5, treatment: { rankingConfig: 'fresh', rows: ['NEW_ARRIVALS_FOR_YOU', 'TOP_PICKS'], bandit: { rowOrder: true, explorationShare: 0.1 } } },
  ],
};
const withVariants = (variants: unknown[]) => ({ ...valid, variants });
const messages = (input: unknown) => validateExperiment(input, context).map((p) => `${p.field}: ${p.message}`);

describe('validateExperiment', () => {
  it('accepts a complete definition, and GraphQL nulls as "left out"', () => {
    expect(validateExperiment(valid, context)).toEqual([]);
    const nulls = withVariants([
      { key: 'a', share: 0.25, treatment: null },
      { key: 'b', share: 0.75, treatment: { rankingConfig: null, rows: null, bandit: { rowOrder: null, explorationShare: 0.5 } } },
    ]);
    expect(validateExperiment({ ...nulls, description: null }, context)).toEqual([]);
  });

  it('needs 2 to 10 variants', () => {
    expect(messages(withVariants([{ key: 'a', share: 1, treatment: {} }]))).toEqual(['variants: must list 2 to 10 variants (the first is the control), got 1']);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ key: `v${i}`, share: 1 / 11 }));
    expect(messages(withVariants(eleven))[0]).toContain('got 11');
  });

  it('refuses repeated or malformed keys', () => {
    expect(messages(withVariants([{ key: 'a', share: 0.5 }, { key: 'a', share: 0.5 }]))).toEqual(['variants[1].key: repeats "a"; give each variant its own key']);
    expect(messages(withVariants([{ key: 'Big A', share: 0.5 }, { key: 'b', share: 0.5 }]))[0]).toMatch(/^variants\[0\]\.key: must be 1–32 lower-case letters/);
  });

  it('checks that shares are in (0, 1] and add up to 1 within 1e-9', () => {
    expect(messages(withVariants([{ key: 'a', share: 0.5 }, { key: 'b', share: 0.4 }]))).toEqual([
      'variants: shares add up to 0.9; they must add up to 1 (e.g. 0.5 and 0.5, or 0.9 and 0.1)',
    ]);
    expect(messages(withVariants([{ key: 'a', share: 0 }, { key: 'b', share: 1 }]))).toEqual(['variants[0].share: must be a number above 0 and at most 1, got 0']);
    const thirds = withVariants([{ key: 'a', share: 1 / 3 }, { key: 'b', share: 1 / 3 }, { key: 'c', share: 1 / 3 }]);
    expect(validateExperiment(thirds, context)).toEqual([]);
    expect(messages(withVariants([{ key: 'a', share: 0.5 }, { key: 'b', share: 0.5 + 1e-8 }]))[0]).toContain('must add up to 1');
  });

  it('checks treatments: known configuration, valid distinct row kinds, bandit settings in range', () => {
    const bad = withVariants([
      { key: 'a', share: 0.5, treatment: { rankingConfig: 'fersh' } },
      { key: 'b', share: 0.5, treatment: { rows: ['TOP_PICKS', 'TOP_PICKS', 'BESTSELLERS'], bandit: { explorationShare: 0.8, rowOrdre: true }, colour: 'red' } },
    ]);
    expect(messages(bad)).toEqual([
      'variants[0].treatment.rankingConfig: no ranking configuration is named "fersh"; save it with saveRankingConfig first, or leave it out to use "default"',
      'variants[1].treatment.colour: is not a field of a treatment; allowed fields are rankingConfig, rows, bandit',
      'variants[1].treatment.rows[1]: repeats "TOP_PICKS"; list each row kind once',
      expect.stringMatching(/^variants\[1\]\.treatment\.rows\[2\]: must be one of TOP_PICKS, .*got "BESTSELLERS"/),
      'variants[1].treatment.bandit.rowOrdre: is not a field of the bandit settings; did you mean "rowOrder"? allowed fields are rowOrder, explorationShare',
      'variants[1].treatment.bandit.explorationShare: must be a number from 0 to 0.5, got 0.8',
    ]);
  });

  it('needs a name', () => {
    expect(messages({ ...valid, name: '  ' })).toEqual(['name: must be non-blank text, got "  "']);
    expect(messages({ ...valid, name: 'x'.repeat(101) })).toEqual(['name: is 101 characters long; the limit is 100']);
  });
});

describe('normalizeExperiment', () => {
  it('trims the name and drops nulls from treatments', () => {
    const normalized = normalizeExperiment({
      name: '  Fresh  ',
      description: null as never,
      variants: [
        { key: 'a', share: 0.5, treatment: null as never },
        { key: 'b', share: 0.5, treatment: { rankingConfig: null as never, bandit: { rowOrder: true, explorationShare: null as never } } },
      ],
    });
    expect(normalized).toEqual({
      name: 'Fresh',
      description: '',
      variants: [
        { key: 'a', share: 0.5, treatment: {} },
        { key: 'b', share: 0.5, treatment: { bandit: { rowOrder: true } } },
      ],
    });
  });
});
