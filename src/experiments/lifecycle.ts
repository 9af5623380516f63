import type { ExperimentStatus } from './types.js';

export type LifecycleAction = 'start' | 'pause' | 'end';

/** Where each action may start from, and where it leads. Starting a paused experiment resumes it. */
const TRANSITIONS: Record<LifecycleAction, { from: readonly ExperimentStatus[]; to: ExperimentStatus }> = {
  start: { from: ['DRAFT', 'PAUSED'], to: 'RUNNING' },
  pause: { from: ['RUNNING'], to: 'PAUSED' },
  end: { from: ['RUNNING', 'PAUSED'], to: 'ENDED' },
};

export function transition(action: LifecycleAction): { from: readonly ExperimentStatus[]; to: ExperimentStatus } {
  return TRANSITIONS[action];
}

/** Why `action` cannot apply to an experiment in `status`, in words a merchandiser can act on. */
export function refusal(action: LifecycleAction, name: string, status: ExperimentStatus): string {
  const what = `experiment "${name}" is ${status}`;
  switch (action) {
    case 'start':
      return status === 'RUNNING' ? `${what} already` : `${what}; an ended experiment cannot restart: create a new one (its name must differ)`;
    case 'pause':
      return status === 'PAUSED' ? `${what} already; startExperiment resumes it` : `${what}; only a RUNNING experiment can be paused`;
    case 'end':
      return status === 'ENDED' ? `${what} already` : `${what} and never ran; start it first, or keep it as a draft`;
  }
}

/** Variants (and name, description) can change only before the first shopper saw one. */
export function editable(status: ExperimentStatus): boolean {
  return status === 'DRAFT';
}
