import * as tf from '@tensorflow/tfjs';

/*
 * Differentiable building blocks that stay fast on the WebAssembly backend. Each one replaces
 * a stock op whose gradient is missing or slow there (see STACK.md, "Machine learning").
 */

/**
 * Embedding lookup: `table[indices]`, indices of any shape, result shape `[...indices, dim]`.
 * The stock `tf.gather` gradient needs `UnsortedSegmentSum`, which wasm does not register (and
 * which is very slow on CPU); `scatterND` sums duplicate indices, which is exactly the gradient.
 */
export function lookup(table: tf.Tensor2D, indices: tf.Tensor): tf.Tensor {
  const [rows, dim] = table.shape;
  const gather = tf.customGrad(((t: tf.Tensor, ndIndices: tf.Tensor, save: tf.GradSaveFunc) => {
    save([ndIndices]);
    return {
      value: tf.gatherND(t, ndIndices),
      gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => [tf.scatterND(saved!, dy, [rows, dim]), tf.zerosLike(saved!)],
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  return gather(table, indices.expandDims(-1));
}

/**
 * `a × b` for 2-D or equal-rank batched 3-D tensors. Autodiff of matMul emits transpose flags,
 * which wasm runs 8–15× slower than an explicit transpose followed by a plain product.
 * `constant` names an operand that needs no gradient (a fixed matrix), saving a product.
 */
export function matMul<T extends tf.Tensor2D | tf.Tensor3D>(a: T, b: T, constant?: 'a' | 'b'): T {
  // Only tensors handed to save() outlive the forward pass; gradFunc must not close over inputs.
  const product = tf.customGrad(((x: tf.Tensor, y: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x, y]);
    return {
      value: plainMatMul(x, y),
      gradFunc: (dy: tf.Tensor, [sx, sy]: tf.Tensor[]) => [
        constant === 'a' ? tf.zerosLike(sx!) : plainMatMul(dy, swapLastAxes(sy!)),
        constant === 'b' ? tf.zerosLike(sy!) : plainMatMul(swapLastAxes(sx!), dy),
      ],
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  return product(a, b) as T;
}

function plainMatMul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D);
}

function swapLastAxes(x: tf.Tensor): tf.Tensor {
  return x.rank === 2 ? tf.transpose(x) : tf.transpose(x, [0, 2, 1]);
}

/** Rows scaled to unit length; the epsilon keeps all-zero rows (nothing known) finite. */
export function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x), 1, true), 1e-12)));
}

/**
 * Mean negative log-likelihood of the diagonal (row i's positive is column i). Built on
 * logSoftmax because the logSumExp gradient is slow on wasm.
 */
export function inBatchSoftmaxLoss(logits: tf.Tensor2D): tf.Scalar {
  const n = logits.shape[0];
  const diagonal = tf.eye(n);
  return tf.neg(tf.div(tf.sum(tf.mul(tf.logSoftmax(logits), diagonal)), n)) as tf.Scalar;
}
