import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/model/backend.js';
import { inBatchSoftmaxLoss, lookup, matMul } from '../../src/model/ops.js';

describe('wasm-safe ops', () => {
  beforeAll(async () => {
    expect(await selectBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('selectBackend is idempotent', async () => {
    expect(await selectBackend('cpu')).toBe('wasm');
  });

  it('differentiates an embedding lookup on wasm, summing repeated ids', () => {
    const table = tf.variable(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]));
    const ids = tf.tensor2d([0, 2, 2, 2], [2, 2], 'int32');
    const upstream = tf.tensor3d([1, 1, 2, 2, 3, 3, 4, 4], [2, 2, 2]);
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(lookup(table, ids), upstream)) as tf.Scalar, [table]);
    expect(value.dataSync()[0]).toBe(1 * 1 + 2 * 1 + (5 + 6) * (2 + 3 + 4));
    expect(Array.from(grads[table.name]!.dataSync())).toEqual([1, 1, 0, 0, 9, 9]);
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
});

function expectClose(actual: tf.Tensor, expected: tf.Tensor): void {
  expect(actual.shape).toEqual(expected.shape);
  const a = actual.dataSync();
  const e = expected.dataSync();
  a.forEach((v, i) => expect(v).toBeCloseTo(e[i]!, 3));
}
