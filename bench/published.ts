/*
 * Figures others published for the same data set and protocol, quoted beside ours in
 * bench/results/quality.md and SUMMARY.md.
 */
export interface PublishedFigure {
  dataset: string;
  protocol: string;
  metric: string;
  value: number;
  source: string;
}

/** TFRS's "factorized_top_k/top_100_categorical_accuracy" on MovieLens-100K, random 80/20 split. */
export const TFRS_TOP100_ACCURACY: PublishedFigure = {
  dataset: 'movielens-100k',
  protocol: 'random-split',
  metric: 'top-100 accuracy (unfiltered)',
  value: 0.29,
  source: "TensorFlow Recommenders' deep two-tower retrieval tutorial",
};

export const PUBLISHED: readonly PublishedFigure[] = [TFRS_TOP100_ACCURACY];
