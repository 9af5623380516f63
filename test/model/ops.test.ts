import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/model/backend.js';
import { inBatchSoftmaxLoss, matMul, weightedBagSum } from '../../src/model/ops.js';

describe('wasm-safe ops', () => {
  beforeAll(async () => {
    expect(await selectBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('selectBackend is idempotent', async () => {
    expect(await selectBackend('cpu')).toBe('wasm');
  });

  it('pools weighted table rows into bags and differentiates them on wasm, summing repeated rows', () => {
    const table = tf.variable(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]));
    // Bag 0 = 1·row 0 + 2·row 2; bag 1 = 0.5·row 2 + 0.5·row 2; bag 2 is empty.
    const rows = Int32Array.from([0, 2, 2, 2]);
    const bags = Int32Array.from([0, 0, 1, 1]);
    const weights = Float32Array.from([1, 2, 0.5, 0.5]);
    const upstream = tf.tensor2d([1, 1, 2, 2, 3, 3], [3, 2]);
    const { value, grads } = tf.variableGrads(
      () => tf.sum(tf.mul(weightedBagSum(table, rows, bags, weights, 3), upstream)) as tf.Scalar,
      [table],
    );
    expect(value.dataSync()[0]).toBeCloseTo(1 * (1 + 2 * 5) + 1 * (2 + 2 * 6) + 2 * 5 + 2 * 6, 5);
    // d/d row 0 = 1·bag 0's upstream; d/d row 2 = 2·bag 0's + (0.5 + 0.5)·bag 1's.
    expect(Array.from(grads[table.name]!.dataSync())).toEqual([1, 1, 0, 0, 4, 4]);
  });

  it('gives the same matMul gradients as stock autodiff, 2-D and batched', () => {
    for (const [shapeA, shapeB] of [
      [
        [3, 4],
        [4, 5],
      ],
      [
        [2, 3, 4],
        [2, 4, 5],
      ],
    ] as const) {
      const a = tf.randomNormal([...shapeA], 0, 1, 'float32', 1);
      const b = tf.randomNormal([...shapeB], 0, 1, 'float32', 2);
      const f = (mm: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor) => (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(mm(x, y)));
      const ours = tf.grads(f((x, y) => matMul(x as tf.Tensor2D, y as tf.Tensor2D)))([a, b]);
      const stock = tf.grads(f((x, y) => tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D)))([a, b]);
      ours.forEach((g, i) => expectClose(g, stock[i]!));
    }
  });

  it('computes the in-batch softmax loss like a cross-entropy on the diagonal', () => {
    const logits = tf.tensor2d([2, 0, 1, 3], [2, 2]);
    const expected = -(Math.log(Math.exp(2) / (Math.exp(2) + 1)) + Math.log(Math.exp(3) / (Math.exp(1) + Math.exp(3)))) / 2;
    expect(inBatchSoftmaxLoss(logits).dataSync()[0]).toBeCloseTo(expected, 5);
  });

  it('gives the in-batch softmax loss the same gradient as stock autodiff of a cross-entropy', () => {
    const logits = tf.randomNormal([5, 5], 0, 2, 'float32', 3) as tf.Tensor2D;
    const stockLoss = (x: tf.Tensor) => tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(x), tf.eye(5)), 1)));
    expectClose(tf.grad((x) => inBatchSoftmaxLoss(x as tf.Tensor2D))(logits), tf.grad(stockLoss)(logits));
  });
});

function expectClose(actual: tf.Tensor, expected: tf.Tensor): void {
  expect(actual.shape).toEqual(expected.shape);
  const a = actual.dataSync();
  const e = expected.dataSync();
  a.forEach((v, i) => expect(v).toBeCloseTo(e[i]!, 3));
}
