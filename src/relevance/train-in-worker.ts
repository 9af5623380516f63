import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../threads/start-worker.js';
import { loadModel } from '../model/artifacts.js';
import type { TrainingData, TrainingProgress, TrainOptions, TrainResult } from '../model/train.js';
import type { TwoTowerModel } from '../model/towers.js';

/** A training run without the model object, which cannot cross threads. */
export type TrainSummary = Omit<TrainResult, 'model'>;

export interface TrainedModel {
  summary: TrainSummary;
  model: TwoTowerModel;
  /** Item embeddings of `data.items`, in order, when the trainer computed them. */
  itemVectors?: Float32Array;
}

/** Trains on `data` and saves the model's artifacts into `artifactDir`; `signal` cancels it where the trainer can. */
export type Trainer = (
  data: TrainingData,
  options: Omit<TrainOptions, 'onProgress'>,
  artifactDir: string,
  onProgress: (progress: TrainingProgress) => void,
  signal?: AbortSignal,
) => Promise<TrainedModel>;

export interface WorkerRequest {
  data: TrainingData;
  options: Omit<TrainOptions, 'onProgress'>;
  artifactDir: string;
}

export type WorkerReply =
  | { type: 'progress'; progress: TrainingProgress }
  | { type: 'done'; summary: TrainSummary; vectors: Float32Array }
  | { type: 'failed'; message: string };

/**
 * Runs training on a worker thread (TF.js has its own backend there; WebAssembly works in
 * workers) and loads the saved model on this one. From TypeScript sources the worker first
 * registers the same swc loader as bin/vitrine.js; from a build it loads the compiled file.
 */
export const trainInWorker: Trainer = (data, options, artifactDir, onProgress, signal) =>
  new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const request: WorkerRequest = { data, options, artifactDir };
    const worker = startWorker(request);
    // The worker ends by itself after its last message; terminating it while its WebAssembly
    // backend winds down is not needed and risks the process.
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'progress') onProgress(reply.progress);
      else if (reply.type === 'failed') settle(() => reject(new Error(reply.message)));
      else
        settle(() =>
          loadModel(artifactDir).then(
            (model) => resolve({ summary: reply.summary, model, itemVectors: reply.vectors }),
            reject,
          ),
        );
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the training worker stopped (exit code ${code}) before finishing`))));
    // A cancelled run rejects only once the thread is gone, so nothing it does outlives the caller's wait.
    signal?.addEventListener('abort', () => {
      if (settled) return;
      settled = true;
      void worker.terminate().finally(() => reject(signal.reason));
    }, { once: true });
  });

function startWorker(request: WorkerRequest): Worker {
  return startModuleWorker(import.meta.url, 'train-worker', request);
}
