export { selectBackend, type BackendName } from './backend.js';
export * from './features.js';
export { visualFeatures, type VisualFeatures } from './image-features.js';
export { TwoTowerModel, DEFAULT_TOWER_CONFIG, type TowerConfig } from './towers.js';
export {
  trainTwoTower,
  scoreMatrix,
  DEFAULT_TRAIN_OPTIONS,
  type Interaction,
  type TrainingData,
  type TrainOptions,
  type TrainResult,
  type TrainingProgress,
  type EpochReport,
} from './train.js';
export { saveModel, loadModel, MODEL_FILE, WEIGHTS_FILE, VOCAB_FILE } from './artifacts.js';
export * from './eval/metrics.js';
export * from './eval/baselines.js';
export * from './eval/protocols.js';
