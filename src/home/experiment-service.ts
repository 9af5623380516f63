import { randomUUID } from 'node:crypto';
import type { ExperimentRecord, ExposureBatchRow, ResultsWindow } from '../db/repositories/experiments.js';
import type { Repositories } from '../db/repositories/index.js';
import { assertNoProblems, InputError } from '../errors.js';
import { assignVariant } from '../experiments/assignment.js';
import { editable, refusal, transition, type LifecycleAction } from '../experiments/lifecycle.js';
import { daySeries, experimentResults, type DayResult, type VariantResult } from '../experiments/results.js';
import type { ExperimentDefinition, ExperimentStatus, Treatment } from '../experiments/types.js';
import { normalizeExperiment, validateExperiment } from '../experiments/validate.js';
import { DEFAULT_CONFIG_NAME } from './home-service.js';

/** The experiment and variant a shopper's page is served under. */
export interface ExperimentAssignment {
  userId: string;
  experimentId: string;
  name: string;
  variant: string;
  treatment: Treatment;
}

export interface ExperimentResultsReport {
  experiment: ExperimentRecord;
  from: Date | null;
  to: Date | null;
  variants: VariantResult[];
  days: { variant: string; days: DayResult[] }[];
}

export interface ExperimentServiceOptions {
  /** How often buffered exposures are written (ms). */
  flushMs?: number;
  /** Buffered exposures that trigger a write before the timer. */
  maxPending?: number;
  log?: (message: string, details?: Record<string, unknown>) => void;
}

/**
 * A/B experiments: their lifecycle (DRAFT → RUNNING ⇄ PAUSED → ENDED), the assignment of known
 * shoppers on the serving path (in memory, from the running experiments), the exposure log
 * (buffered, written in batches and on stop), and the results.
 *
 * A shopper takes part in at most one experiment at a time: the oldest running one (by creation
 * date). A second experiment started meanwhile receives shoppers once the first is paused or
 * ended. This keeps variants' effects from mixing on one page.
 */
export class ExperimentService {
  private running: ExperimentRecord[] = [];
  private pending = new Map<string, ExposureBatchRow>();
  private writing: Promise<void> = Promise.resolve();
  /** A write is queued that will take everything pending: no need to queue another. */
  private writeQueued = false;
  private readonly timer: NodeJS.Timeout;
  private readonly maxPending: number;

  constructor(
    private readonly repos: Repositories,
    private readonly options: ExperimentServiceOptions = {},
  ) {
    this.maxPending = options.maxPending ?? 1_000;
    this.timer = setInterval(() => void this.flush(), options.flushMs ?? 1_000);
    this.timer.unref();
  }

  /** Reads the running experiments: at start-up, after a change, and on the gateway's poll (other replicas). */
  async refresh(): Promise<void> {
    this.running = await this.repos.experiments.running();
  }

  list(status?: ExperimentStatus): Promise<ExperimentRecord[]> {
    return this.repos.experiments.list(status);
  }

  get(id: string): Promise<ExperimentRecord | null> {
    return this.repos.experiments.byId(id);
  }

  async create(input: ExperimentDefinition): Promise<ExperimentRecord> {
    const definition = await this.checked(input);
    return this.repos.experiments.create(definition, randomUUID());
  }

  /** Replaces a draft's name, description and variants. */
  async update(id: string, input: ExperimentDefinition): Promise<ExperimentRecord> {
    const current = await this.existing(id);
    if (!editable(current.status)) throw this.notEditable(current);
    const definition = await this.checked(input, id);
    const saved = await this.repos.experiments.replaceDraft(id, definition);
    if (!saved) throw this.notEditable(await this.existing(id));
    return saved;
  }

  start(id: string): Promise<ExperimentRecord> {
    return this.move(id, 'start');
  }

  pause(id: string): Promise<ExperimentRecord> {
    return this.move(id, 'pause');
  }

  end(id: string): Promise<ExperimentRecord> {
    return this.move(id, 'end');
  }

  /**
   * The variant a known shopper sees, or null (no experiment running). Anonymous visitors are
   * never assigned: without a stable id their variant would change on every visit.
   */
  assign(userId: string): ExperimentAssignment | null {
    const [experiment] = this.running;
    if (!experiment) return null;
    const variant = assignVariant(experiment.salt, experiment.variants, userId);
    return { userId, experimentId: experiment.id, name: experiment.name, variant: variant.key, treatment: variant.treatment };
  }

  /** Notes that a page was served under an assignment; written with the next batch. */
  exposed(assignment: ExperimentAssignment, at: Date): void {
    const { userId } = assignment;
    const key = `${assignment.experimentId}\u0000${userId}`;
    const entry = this.pending.get(key);
    if (entry) {
      if (at < entry.firstExposedAt) entry.firstExposedAt = at;
      if (at > entry.lastExposedAt) entry.lastExposedAt = at;
      entry.pages++;
    } else {
      this.pending.set(key, { experimentId: assignment.experimentId, userId, variant: assignment.variant, firstExposedAt: at, lastExposedAt: at, pages: 1 });
    }
    if (this.pending.size >= this.maxPending && !this.writeQueued) void this.flush();
  }

  /** Writes the buffered exposures; resolves when they (and any write under way) are stored. */
  flush(): Promise<void> {
    this.writeQueued = true;
    this.writing = this.writing.then(async () => {
      this.writeQueued = false;
      if (this.pending.size === 0) return;
      const batch = [...this.pending.values()];
      this.pending = new Map();
      try {
        await this.repos.experiments.recordExposures(batch);
      } catch (error) {
        // Kept for the next attempt; exposures of a page served meanwhile merge into them.
        for (const row of batch) this.requeue(row);
        this.options.log?.('experiment exposures not written; retrying', { error: (error as Error).message, exposures: batch.length });
      }
    });
    return this.writing;
  }

  /** Drops the buffered exposures of these shoppers (erasure) and waits for a write under way. */
  async forget(userIds: readonly string[]): Promise<void> {
    const ids = new Set(userIds);
    for (const [key, row] of this.pending) if (ids.has(row.userId)) this.pending.delete(key);
    await this.writing;
  }

  /** Stops the timer and writes what is buffered. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  async results(id: string, window: ResultsWindow): Promise<ExperimentResultsReport> {
    if (window.from && window.to && window.from >= window.to) {
      throw new InputError([{ field: 'to', message: 'must be after from; leave either out for an open-ended window' }]);
    }
    const experiment = await this.existing(id);
    // Pages this process served a moment ago count too.
    await this.flush();
    const keys = experiment.variants.map((v) => v.key);
    const [aggregates, days] = await Promise.all([this.repos.experiments.aggregates(id, keys, window), this.repos.experiments.days(id, window)]);
    return {
      experiment,
      from: window.from,
      to: window.to,
      variants: experimentResults(aggregates),
      days: keys.map((variant) => ({ variant, days: daySeries(days.filter((d) => d.variant === variant)) })),
    };
  }

  private requeue(row: ExposureBatchRow): void {
    const key = `${row.experimentId}\u0000${row.userId}`;
    const newer = this.pending.get(key);
    if (!newer) this.pending.set(key, row);
    else this.pending.set(key, { ...row, lastExposedAt: newer.lastExposedAt, pages: row.pages + newer.pages });
  }

  private async checked(input: ExperimentDefinition, id?: string): Promise<ExperimentDefinition> {
    const rankingConfigs = new Set([DEFAULT_CONFIG_NAME, ...(await this.repos.experiments.rankingConfigNames())]);
    assertNoProblems(validateExperiment(input, { rankingConfigs }));
    const definition = normalizeExperiment(input);
    if (await this.repos.experiments.nameTaken(definition.name, id)) {
      throw new InputError([{ field: 'name', message: `an experiment is already named "${definition.name}"; choose another name` }]);
    }
    return definition;
  }

  private async move(id: string, action: LifecycleAction): Promise<ExperimentRecord> {
    const current = await this.existing(id);
    const { from, to } = transition(action);
    if (!from.includes(current.status)) throw new InputError([{ field: 'id', message: refusal(action, current.name, current.status) }]);
    const now = new Date();
    const stamps = action === 'end' ? { endedAt: now } : action === 'start' && current.status === 'DRAFT' ? { startedAt: now } : {};
    const moved = await this.repos.experiments.transition(id, current.status, to, stamps);
    if (!moved) {
      const latest = await this.existing(id);
      throw new InputError([{ field: 'id', message: `${refusal(action, latest.name, latest.status)} (it changed while this request ran)` }]);
    }
    await this.refresh();
    return moved;
  }

  private async existing(id: string): Promise<ExperimentRecord> {
    const experiment = await this.repos.experiments.byId(id);
    if (!experiment) throw new InputError([{ field: 'id', message: `no experiment has the id "${id}"; list them with the experiments query` }]);
    return experiment;
  }

  private notEditable(experiment: ExperimentRecord): InputError {
    return new InputError([
      {
        field: 'id',
        message: `experiment "${experiment.name}" is ${experiment.status}; variants can change only while it is a DRAFT. End it and create a new experiment to test other variants`,
      },
    ]);
  }
}
