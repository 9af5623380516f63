import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { FeatureSpace, type FeatureSpaceJSON } from './features.js';
import { TwoTowerModel, type TowerConfig } from './towers.js';

/**
 * On disk a model is the standard TF.js layout — `model.json` (with `weightsManifest`) and
 * `weights.bin` — plus `vocab.json` with the feature vocabularies and tower sizes. tfjs-node's
 * `file://` handler is not available here, so a custom save handler writes the files.
 */
export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
export const VOCAB_FILE = 'vocab.json';
const FORMAT = 'vitrine-two-tower';

interface VocabFile {
  format: typeof FORMAT;
  version: 1;
  tower: TowerConfig;
  features: FeatureSpaceJSON;
}

export async function saveModel(model: TwoTowerModel, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const named = Object.entries(model.variables).map(([name, tensor]) => ({ name, tensor }));
  const { data, specs } = await tf.io.encodeWeights(named);
  const handler = tf.io.withSaveHandler(async (artifacts) => {
    const modelJson = {
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: null,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
    };
    await writeFile(path.join(dir, WEIGHTS_FILE), new Uint8Array(data));
    await writeFile(path.join(dir, MODEL_FILE), JSON.stringify(modelJson));
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  });
  const topology = { className: 'TwoTowerModel', config: model.config };
  await handler.save!({ modelTopology: topology, weightSpecs: specs, weightData: data, format: FORMAT, generatedBy: `TensorFlow.js v${tf.version.tfjs}` });
  const vocab: VocabFile = { format: FORMAT, version: 1, tower: model.config, features: model.space.json };
  await writeFile(path.join(dir, VOCAB_FILE), JSON.stringify(vocab));
}

export async function loadModel(dir: string): Promise<TwoTowerModel> {
  const vocab = JSON.parse(await readFile(path.join(dir, VOCAB_FILE), 'utf8')) as VocabFile;
  if (vocab.format !== FORMAT) throw new Error(`${dir} does not hold a ${FORMAT} model`);
  const modelJson = JSON.parse(await readFile(path.join(dir, MODEL_FILE), 'utf8')) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  const manifest = modelJson.weightsManifest.flatMap((group) => group.weights);
  const buffers = await Promise.all(
    modelJson.weightsManifest.flatMap((group) => group.paths).map((file) => readFile(path.join(dir, file))),
  );
  const weightData = tf.io.concatenateArrayBuffers(buffers.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
  const artifacts = await tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: manifest, weightData }).load!();
  const weights = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
  const model = new TwoTowerModel(new FeatureSpace(vocab.features), vocab.tower);
  for (const [name, variable] of Object.entries(model.variables)) {
    const value = weights[name];
    if (!value) throw new Error(`${dir}: weight ${name} missing`);
    variable.assign(value);
    value.dispose();
  }
  return model;
}
