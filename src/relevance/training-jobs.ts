import type { Repositories } from '../db/repositories/index.js';
import type { ModelVersionRecord } from '../db/repositories/models.js';
import { InputError } from '../errors.js';
import type { TrainingProgress, TrainOptions } from '../model/train.js';
import type { RelevanceService } from './relevance-service.js';
import { DEFAULT_MODEL_KEEP, trainThenPrune } from './prune-models.js';
import { trainInWorker, type Trainer } from './train-in-worker.js';
import { runTrainingJob } from './train-job.js';

export type TrainingJobState = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface TrainingJob {
  id: number;
  state: TrainingJobState;
  activate: boolean;
  startedAt: Date;
  finishedAt: Date | null;
  progress: TrainingProgress | null;
  /** The registered version (READY, ACTIVE or REJECTED) once training has finished. */
  versionId: number | null;
  activated: boolean;
  /** Why the version was or was not activated, or why the job failed. */
  decision: string | null;
  validationNdcg: number | null;
}

export interface TrainingJobsOptions {
  artifactsRoot: string;
  trainer?: Trainer;
  /** Versions besides the active one whose folders survive the prune after each job (config VITRINE_MODEL_KEEP). */
  keepModels?: number;
  /** Called once a new version serves here, to tell the other processes. */
  onActivated?: (versionId: number) => Promise<void>;
  log?: (message: string, details?: Record<string, unknown>) => void;
}

const refusal = (message: string) => new InputError([{ field: 'versionId', message }]);

/**
 * Retraining inside a serving gateway: one job at a time, trained off the event loop (a worker
 * thread), then registered and activated only if no worse than the serving model. Requests go on
 * meanwhile; the model swap is a single assignment in RelevanceService.
 */
export class TrainingJobs {
  private job: TrainingJob | null = null;
  private running: Promise<void> | null = null;
  private activating: Promise<ModelVersionRecord> | null = null;
  private nextId = 1;
  /** Aborted by stop(): the job in flight is cancelled and no new one starts. */
  private readonly shutdown = new AbortController();

  constructor(
    private readonly repos: Repositories,
    private readonly relevance: RelevanceService,
    private readonly options: TrainingJobsOptions,
  ) {}

  /** The running job, else the last finished one (null before the first). */
  get latest(): TrainingJob | null {
    return this.job && { ...this.job };
  }

  start(request: { activate: boolean; train?: Partial<Omit<TrainOptions, 'onProgress'>> }): TrainingJob {
    if (this.shutdown.signal.aborted) {
      throw new InputError([{ field: 'trainModel', message: 'the gateway is shutting down; start training on another replica or after the restart' }]);
    }
    if (this.job?.state === 'RUNNING') {
      throw new InputError([{ field: 'trainModel', message: `training job ${this.job.id} is still running; wait for it (query trainingJob) before starting another` }]);
    }
    if (this.activating) throw new InputError([{ field: 'trainModel', message: 'a model version is being activated; start training once it has finished' }]);
    const job: TrainingJob = {
      id: this.nextId++,
      state: 'RUNNING',
      activate: request.activate,
      startedAt: new Date(),
      finishedAt: null,
      progress: null,
      versionId: null,
      activated: false,
      decision: null,
      validationNdcg: null,
    };
    this.job = job;
    this.running = this.run(job, request.train ?? {});
    return { ...job };
  }

  /**
   * Serves a registered version again: a rollback, or a version trained without activation. It
   * is a person's decision, so the training gate (validation NDCG no worse than the serving
   * version's) does not apply. Refused while a training job runs, which may activate its own
   * version when it finishes, and while another activation is under way.
   */
  async activateVersion(id: number): Promise<ModelVersionRecord> {
    if (this.job?.state === 'RUNNING') throw refusal(`training job ${this.job.id} is running and may activate its own version; wait for it (query trainingJob)`);
    if (this.activating) throw refusal('another model version is being activated; wait for it to finish');
    // Claimed before the first await, so that a second request arriving meanwhile is refused.
    const activation = this.activate(id);
    this.activating = activation;
    try {
      return await activation;
    } finally {
      this.activating = null;
    }
  }

  private async activate(id: number): Promise<ModelVersionRecord> {
    const version = await this.repos.models.byId(id);
    if (!version) throw refusal(`model version ${id} does not exist; query modelVersions for the registered ones`);
    if (version.status === 'ACTIVE' && this.relevance.current?.version.id === id) return version;
    const model = await this.relevance.load(version).catch((error: Error) => {
      throw refusal(`model version ${version.id} cannot be loaded: ${error.message}`);
    });
    await this.relevance.activate(version, model);
    this.options.log?.('model version activated by request', { versionId: version.id, previousStatus: version.status });
    await this.options.onActivated?.(version.id);
    return (await this.repos.models.byId(version.id))!;
  }

  /** Resolves when the current job (if any) has finished; for shutdown and tests. */
  async idle(): Promise<void> {
    await this.running;
  }

  /**
   * Cancels the running job (its worker is terminated) and resolves once it has settled, so it
   * never writes after the database closes. A job already registering its version finishes that.
   */
  async stop(): Promise<void> {
    this.shutdown.abort(new Error('shutdown'));
    await this.running;
  }

  private async run(job: TrainingJob, train: Partial<Omit<TrainOptions, 'onProgress'>>): Promise<void> {
    try {
      const prune = { artifactsRoot: this.options.artifactsRoot, keep: this.options.keepModels ?? DEFAULT_MODEL_KEEP, log: this.options.log };
      const outcome = await trainThenPrune(this.repos.models, prune, () =>
        runTrainingJob(this.repos, this.relevance, {
          artifactsRoot: this.options.artifactsRoot,
          activate: job.activate,
          train,
          trainer: this.options.trainer ?? trainInWorker,
          onProgress: (progress) => (job.progress = progress),
          signal: this.shutdown.signal,
        }),
      );
      Object.assign(job, {
        versionId: outcome.version.id,
        activated: outcome.activated,
        decision: outcome.decision,
        validationNdcg: outcome.result.validation?.ndcg ?? null,
      });
      this.options.log?.('training job finished', { job: job.id, versionId: job.versionId, decision: job.decision });
      if (outcome.activated) await this.options.onActivated?.(outcome.version.id);
      job.finishedAt = new Date();
      job.state = 'SUCCEEDED';
    } catch (error) {
      const decision = this.shutdown.signal.aborted ? 'shutdown: the gateway stopped before training finished' : `failed: ${(error as Error).message}`;
      Object.assign(job, { state: 'FAILED', finishedAt: new Date(), decision });
      this.options.log?.('training job failed; the serving model is unchanged', { job: job.id, error: (error as Error).message });
    }
  }
}
