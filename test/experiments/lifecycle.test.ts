import { describe, expect, it } from 'vitest';
import { editable, refusal, transition } from '../../src/experiments/lifecycle.js';

describe('lifecycle', () => {
  it('starts drafts, resumes paused experiments, pauses running ones and ends either', () => {
    expect(transition('start')).toEqual({ from: ['DRAFT', 'PAUSED'], to: 'RUNNING' });
    expect(transition('pause')).toEqual({ from: ['RUNNING'], to: 'PAUSED' });
    expect(transition('end')).toEqual({ from: ['RUNNING', 'PAUSED'], to: 'ENDED' });
  });

  it('explains each refused move', () => {
    expect(refusal('start', 'x', 'ENDED')).toBe('experiment "x" is ENDED; an ended experiment cannot restart: create a new one (its name must differ)');
    expect(refusal('pause', 'x', 'PAUSED')).toBe('experiment "x" is PAUSED already; startExperiment resumes it');
    expect(refusal('pause', 'x', 'DRAFT')).toBe('experiment "x" is DRAFT; only a RUNNING experiment can be paused');
    expect(refusal('end', 'x', 'DRAFT')).toBe('experiment "x" is DRAFT and never ran; start it first, or keep it as a draft');
  });

  it('lets only drafts change', () => {
    expect(['DRAFT', 'RUNNING', 'PAUSED', 'ENDED'].filter((s) => editable(s as never))).toEqual(['DRAFT']);
  });
});
