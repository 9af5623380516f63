import * as tf from '@tensorflow/tfjs';

/*
 * Differentiable building blocks that stay fast on the WebAssembly backend. Each one replaces
 * a stock op whose gradient is missing or slow there (see STACK.md, "Machine learning").
 */

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
 * Weighted sums of table rows into `bagCount` bags: `out[bags[n]] += weights[n] · table[rows[n]]`.
 * One fused op with its own gradient instead of lookup → weight → pool: only the entries that
 * carry weight are touched (most slots of a bag are empty), and no [batch, slots, dim]
 * intermediate is saved for backpropagation (wasm copies every saved tensor).
 * `scatterND` sums duplicate indices, which is both the pooling and the table's gradient.
 */
export function weightedBagSum(table: tf.Tensor2D, rows: Int32Array, bags: Int32Array, weights: Float32Array, bagCount: number): tf.Tensor2D {
  const [tableRows, dim] = table.shape;
  const count = rows.length;
  const rowIndices = tf.tensor2d(rows, [count, 1], 'int32');
  const bagIndices = tf.tensor2d(bags, [count, 1], 'int32');
  const entryWeights = tf.tensor2d(weights, [count, 1]);
  const pool = tf.customGrad(((t: tf.Tensor, r: tf.Tensor, b: tf.Tensor, w: tf.Tensor, save: tf.GradSaveFunc) => {
    save([r, b, w]);
    return {
      value: tf.scatterND(b, tf.mul(tf.gatherND(t, r), w), [bagCount, dim]),
      gradFunc: (dy: tf.Tensor, [sr, sb, sw]: tf.Tensor[]) => [
        tf.scatterND(sr!, tf.mul(tf.gatherND(dy, sb!), sw!), [tableRows, dim]),
        tf.zerosLike(sr!),
        tf.zerosLike(sb!),
        tf.zerosLike(sw!),
      ],
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  return pool(table, rowIndices, bagIndices, entryWeights) as tf.Tensor2D;
}

/**
 * Mean over rows of −log softmax(row)[i] (row i's positive is column i), with a hand-written
 * gradient (softmax − identity) / n: stock autodiff of this loss on an n × n matrix runs about
 * twenty full passes and two exponentials over it, and copies every tensor it saves.
 */
export function inBatchSoftmaxLoss(logits: tf.Tensor2D): tf.Scalar {
  const n = logits.shape[0];
  const diagonal = tf.tensor2d(
    Int32Array.from({ length: 2 * n }, (_, i) => i >> 1),
    [n, 2],
    'int32',
  );
  const loss = tf.customGrad(((x: tf.Tensor, d: tf.Tensor, save: tf.GradSaveFunc) => {
    const max = tf.max(x, 1, true);
    const exp = tf.exp(tf.sub(x, max));
    const sums = tf.sum(exp, 1, true);
    const logSumExp = tf.add(tf.log(sums), max);
    save([exp, sums, d]);
    return {
      value: tf.div(tf.sub(tf.sum(logSumExp), tf.sum(tf.gatherND(x, d))), n),
      gradFunc: (dy: tf.Tensor, [savedExp, savedSums, savedDiagonal]: tf.Tensor[]) => {
        const scale = tf.div(dy, n);
        const softmax = tf.mul(savedExp!, tf.div(scale, savedSums!));
        const positives = tf.scatterND(savedDiagonal!, tf.broadcastTo(tf.reshape(scale, [1]), [n]), [n, n]);
        return [tf.sub(softmax, positives), tf.zerosLike(savedDiagonal!)];
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]);
  return loss(logits, diagonal) as tf.Scalar;
}
