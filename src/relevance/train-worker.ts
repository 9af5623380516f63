/*
 * Worker-thread side of a training job: trains the two-tower model, saves its artifacts and
 * embeds the snapshot's products, so the serving thread only loads the result. The serving
 * process keeps its event loop for requests the whole time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { saveModel } from '../model/artifacts.js';
import { trainTwoTower, type TrainingData, type TrainOptions } from '../model/train.js';
import type { WorkerReply, WorkerRequest } from './train-in-worker.js';

const port = parentPort!;
const request = workerData as WorkerRequest;
const post = (reply: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

try {
  const data: TrainingData = request.data;
  const options: Partial<TrainOptions> = { ...request.options, onProgress: (progress) => post({ type: 'progress', progress }) };
  const { model, ...summary } = await trainTwoTower(data, options);
  await saveModel(model, request.artifactDir);
  const vectors = model.embedItems(data.items);
  post({ type: 'done', summary, vectors }, [vectors.buffer as ArrayBuffer]);
} catch (error) {
  post({ type: 'failed', message: (error as Error).message });
}
