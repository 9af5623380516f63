import path from 'node:path';
import type { ProgressFactory } from '../cli/progress.js';
import type { Repositories } from '../db/repositories/index.js';
import type { ModelVersionRecord } from '../db/repositories/models.js';
import { saveModel } from '../model/artifacts.js';
import { packArtifacts } from '../model/bundle.js';
import { DEFAULT_TRAIN_OPTIONS, trainTwoTower, type TrainingProgress, type TrainOptions } from '../model/train.js';
import type { Trainer, TrainSummary } from './train-in-worker.js';
import type { RelevanceService } from './relevance-service.js';
import { takeTrainingSnapshot } from './training-snapshot.js';

/** Fewer positives than this cannot fill a single useful batch. */
const MIN_POSITIVES = 50;

export interface TrainJobOptions {
  /** Folder under which each version's TF.js artifacts are written. */
  artifactsRoot: string;
  /** Activate the new version unless it scores below the active one. */
  activate: boolean;
  train?: Partial<Omit<TrainOptions, 'onProgress'>>;
  progress?: ProgressFactory;
  onProgress?: (progress: TrainingProgress) => void;
  /** Where training runs: this thread by default, or a worker (`trainInWorker`) while serving. */
  trainer?: Trainer;
  /** Cancels the job before it registers anything (a gateway shutting down). */
  signal?: AbortSignal;
}

export interface TrainJobResult {
  version: ModelVersionRecord;
  result: TrainSummary;
  activated: boolean;
  /** Why the version was or was not activated. */
  decision: string;
}

/**
 * Trains on this thread (CLI jobs, tests): nothing else needs the event loop meanwhile. Embeds the
 * snapshot's products as the worker does, so activation need not read the catalog again.
 */
export const trainHere: Trainer = async (data, options, artifactDir, onProgress) => {
  const { model, ...summary } = await trainTwoTower(data, { ...options, onProgress });
  await saveModel(model, artifactDir);
  return { summary, model, itemVectors: model.embedItems(data.items) };
};

/**
 * Snapshot → train → save artifacts → register the version with its packed artifacts → activate
 * if it is no worse. A failed training registers nothing; a worse model is registered as REJECTED
 * and never served.
 */
export async function runTrainingJob(repos: Repositories, relevance: RelevanceService, options: TrainJobOptions): Promise<TrainJobResult> {
  const started = Date.now();
  const snapshot = await takeTrainingSnapshot(repos);
  options.signal?.throwIfAborted();
  if (snapshot.counts.positivePairs < MIN_POSITIVES) {
    throw new Error(
      `Not enough data to train: ${snapshot.counts.positivePairs} positive shopper–product pairs (at least ${MIN_POSITIVES} needed). Record interactions, import a data set or run \`vitrine seed\`.`,
    );
  }
  const trainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...options.train };
  const artifactDir = path.resolve(options.artifactsRoot, `model-${snapshot.takenAt.toISOString().replace(/[:.]/g, '-')}`);
  let bar: ReturnType<ProgressFactory> | undefined;
  const trained = await (options.trainer ?? trainHere)(snapshot.data, trainOptions, artifactDir, (p) => {
    options.onProgress?.(p);
    if (!options.progress) return;
    bar ??= options.progress('train', p.epochs * p.steps, 'steps');
    bar.update((p.epoch - 1) * p.steps + p.step, { epoch: `${p.epoch}/${p.epochs}`, loss: p.loss.toFixed(3), 'ex/s': Math.round(p.examplesPerSecond) });
  }, options.signal).finally(() => bar?.stop());
  options.signal?.throwIfAborted();
  const result = trained.summary;

  const version = await repos.models.register({
    config: trainOptions,
    dataSnapshot: { ...snapshot.counts, takenAt: snapshot.takenAt.toISOString(), trainingExamples: result.trainingExamples, validationExamples: result.validationExamples },
    metrics: {
      validation: result.validation ?? null,
      bestEpoch: result.bestEpoch,
      epochs: result.epochs.map((e) => ({ epoch: e.epoch, loss: e.loss, seconds: e.seconds, recall: e.validation?.recall, ndcg: e.validation?.ndcg })),
      examplesPerSecond: result.timing.examplesPerSecond,
    },
    backend: result.backend,
    durationMs: Date.now() - started,
    artifactDir,
    // Gateways on other machines cannot read artifactDir; they unpack this copy (relevance/model-files.ts).
    artifactBundle: await packArtifacts(artifactDir),
  });

  if (!options.activate) return { version, result, activated: false, decision: `registered; serve it with the activateModel mutation (versionId: ${version.id})` };
  const current = await repos.models.active();
  const currentNdcg = (current?.metrics.validation as { ndcg?: number } | null | undefined)?.ndcg;
  const newNdcg = result.validation?.ndcg;
  if (current && currentNdcg !== undefined && (newNdcg === undefined || newNdcg < currentNdcg)) {
    const decision = `not activated: validation NDCG ${newNdcg?.toFixed(4) ?? 'n/a'} is below active version ${current.id}'s ${currentNdcg.toFixed(4)}`;
    await repos.models.markRejected(version.id, decision);
    return { version: { ...version, status: 'REJECTED', notes: decision }, result, activated: false, decision };
  }
  const embedded = trained.itemVectors && { ids: snapshot.data.items.map((item) => item.id), vectors: trained.itemVectors };
  const active = await relevance.activate(version, trained.model, embedded);
  return { version: active.version, result, activated: true, decision: `activated (replacing ${current ? `version ${current.id}` : 'no model'})` };
}
