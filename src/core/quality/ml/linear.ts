/**
 * Linear models on a `LinearDesign`: logistic regression (Newton's method; more than two classes
 * one-vs-rest) and ridge linear regression (normal equations).
 *
 * Objective: mean loss over rows + (λ / 2)·||w||², intercepts unpenalised. The default λ = 1/n
 * is scikit-learn's default `LogisticRegression(C=1.0)` (which minimises ½||w||² + C·Σ loss)
 * divided through by n.
 */
import type { LinearDesign } from './design';
import { cholesky } from '../../stats/matrix';
import { sigmoid } from '../../stats/special';

export interface LinearFitOptions {
  /** L2 penalty λ; default 1 / rows. */
  lambda?: number;
  maxIterations?: number;
}

/** A fitted linear model with K outputs (K = 1 for binary and regression; one-vs-rest otherwise). */
export interface LinearModel {
  outputs: number;
  /** Per output: intercept then `width` coefficients. */
  weights: Float64Array;
  width: number;
  /** Regression: the target's mean and scale the model was fitted on. */
  yMean?: number;
  yScale?: number;
}

/** z[i * K + k] = intercept_k + x_i · w_k for every row. */
export function linearScores(model: LinearModel, d: LinearDesign): Float64Array {
  const K = model.outputs;
  const stride = 1 + model.width;
  const z = new Float64Array(d.rows * K);
  const w = model.weights;
  for (let i = 0; i < d.rows; i++) {
    const xo = i * d.dense;
    const so = i * d.sparse;
    for (let k = 0; k < K; k++) {
      const wo = k * stride;
      let s = w[wo];
      for (let j = 0; j < d.dense; j++) s += w[wo + 1 + j] * d.x[xo + j];
      for (let j = 0; j < d.sparse; j++) {
        const slot = d.slots[so + j];
        if (slot >= 0) s += w[wo + 1 + slot];
      }
      z[i * K + k] = s;
    }
  }
  return z;
}

/** Add r[i * K + k] times row i's features into grad (per output), scaled by `scale`. */
function accumulate(d: LinearDesign, r: Float64Array, K: number, grad: Float64Array, scale: number): void {
  const stride = 1 + d.width;
  for (let i = 0; i < d.rows; i++) {
    const xo = i * d.dense;
    const so = i * d.sparse;
    for (let k = 0; k < K; k++) {
      const ri = r[i * K + k] * scale;
      if (ri === 0) continue;
      const go = k * stride;
      grad[go] += ri;
      for (let j = 0; j < d.dense; j++) grad[go + 1 + j] += ri * d.x[xo + j];
      for (let j = 0; j < d.sparse; j++) {
        const slot = d.slots[so + j];
        if (slot >= 0) grad[go + 1 + slot] += ri;
      }
    }
  }
}

/**
 * Logistic regression for y in {0, 1}: minimises mean log-loss + (λ/2)||w||² by Newton's method
 * (iteratively reweighted least squares) with step halving. Returns a model whose score is the
 * log-odds of class 1.
 */
export function fitLogistic(d: LinearDesign, y: Uint8Array | Int32Array, options: LinearFitOptions = {}): LinearModel {
  const n = d.rows;
  const lambda = options.lambda ?? 1 / Math.max(1, n);
  const D = 1 + d.width;
  const model: LinearModel = { outputs: 1, weights: new Float64Array(D), width: d.width };
  if (n === 0) return model;
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i];
  const w = model.weights;
  w[0] = Math.log((pos + 0.5) / (n - pos + 0.5));
  // The scores of the last weights evaluated: the next Newton step starts from the accepted ones.
  let scores: Float64Array = new Float64Array(0);
  const objective = (weights: Float64Array): number => {
    model.weights = weights;
    scores = linearScores(model, d);
    return totalLogLoss(scores, y, n) / n + (lambda / 2) * squaredNorm(weights);
  };
  let current = objective(w);
  let z = scores;
  const r = new Float64Array(n);
  const h = new Float64Array(n);
  const maxIter = options.maxIterations ?? 50;
  for (let iter = 0; iter < maxIter; iter++) {
    model.weights = w;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(z[i]);
      r[i] = p - y[i];
      h[i] = Math.max(p * (1 - p), 1e-12);
    }
    const grad = new Float64Array(D);
    accumulate(d, r, 1, grad, 1 / n);
    for (let j = 1; j < D; j++) grad[j] += lambda * w[j];
    let gmax = 0;
    for (let j = 0; j < D; j++) gmax = Math.max(gmax, Math.abs(grad[j]));
    if (gmax < 1e-7) break;
    const step = solveNewton(d, h, 1 / n, lambda, grad);
    let t = 1;
    let next = w;
    let value = current;
    for (let k = 0; k < 30; k++) {
      next = Float64Array.from(w, (v, j) => v - t * step[j]);
      value = objective(next);
      if (value <= current) break;
      t /= 2;
    }
    if (!(value <= current)) break;
    const gain = current - value;
    w.set(next);
    z = scores;
    current = value;
    if (gain < 1e-12 * Math.max(1, current)) break;
  }
  model.weights = w;
  return model;
}

/** Σ log-loss over rows (in row order). */
function totalLogLoss(z: Float64Array, y: Uint8Array | Int32Array, n: number): number {
  let loss = 0;
  for (let i = 0; i < n; i++) loss += logLoss(z[i], y[i]);
  return loss;
}

/** Σ w_j² over the coefficients (the intercept w_0 excluded). */
function squaredNorm(weights: Float64Array): number {
  let p = 0;
  for (let j = 1; j < weights.length; j++) p += weights[j] * weights[j];
  return p;
}

/** log(1 + e^z) - y z, computed stably. */
function logLoss(z: number, y: number): number {
  return (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y * z;
}

/**
 * Widest design (coefficients with the intercept) whose Newton systems are solved directly: the
 * matrix costs D² per row and its Cholesky factor D³ / 6, which at a few hundred coefficients is
 * fine and past it is the whole report (300 columns of six levels: 1,801 coefficients, about
 * 10^9 operations a Newton step, over two minutes for one report). Wider designs solve the same
 * system by conjugate gradients, which only multiply by it (`hessianTimes`, a pass over the rows).
 */
const DIRECT_MAX = 300;

/**
 * The solution x of (scale · Σ_i h_i x_i x_iᵀ + λ·I without the intercept) x = g: directly
 * (Cholesky) for designs of at most `DIRECT_MAX` coefficients, else by conjugate gradients
 * preconditioned by the diagonal, to a residual of 1e-10 of g (the same solution to that
 * precision; Newton's step, then its line search, are unchanged).
 */
function solveNewton(d: LinearDesign, h: Float64Array, scale: number, lambda: number, g: Float64Array): Float64Array {
  const D = 1 + d.width;
  if (D <= DIRECT_MAX) {
    const H = gramMatrix(d, h, scale);
    for (let j = 1; j < D; j++) H[j * D + j] += lambda;
    return solveSymmetric(H, g, D);
  }
  const diag = hessianDiagonal(d, h, scale, lambda);
  const x = new Float64Array(D);
  const r = Float64Array.from(g);
  const z = Float64Array.from(r, (v, j) => v / diag[j]);
  const p = Float64Array.from(z);
  const hp = new Float64Array(D);
  let rz = dot(r, z);
  const tolerance = 1e-20 * dot(g, g);
  for (let iter = 0; iter < 2 * D && dot(r, r) > tolerance; iter++) {
    hessianTimes(d, h, scale, lambda, p, hp);
    const php = dot(p, hp);
    if (!(php > 0)) break;
    const alpha = rz / php;
    for (let j = 0; j < D; j++) {
      x[j] += alpha * p[j];
      r[j] -= alpha * hp[j];
      z[j] = r[j] / diag[j];
    }
    const next = dot(r, z);
    const beta = next / rz;
    rz = next;
    for (let j = 0; j < D; j++) p[j] = z[j] + beta * p[j];
  }
  return x;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

/**
 * out = (scale · Σ_i h_i x_i x_iᵀ + λ·I without the intercept) v: the rows' scores under v
 * (`linearScores`), weighted by h, summed back over the rows (`accumulate`).
 */
function hessianTimes(
  d: LinearDesign,
  h: Float64Array,
  scale: number,
  lambda: number,
  v: Float64Array,
  out: Float64Array,
): void {
  const z = linearScores({ outputs: 1, weights: v, width: d.width }, d);
  for (let i = 0; i < d.rows; i++) z[i] *= h[i];
  out.fill(0);
  accumulate(d, z, 1, out, scale);
  for (let j = 1; j < out.length; j++) out[j] += lambda * v[j];
}

/** The diagonal of the matrix `hessianTimes` multiplies by (a coefficient no row uses: λ, or 1 for the intercept). */
function hessianDiagonal(d: LinearDesign, h: Float64Array, scale: number, lambda: number): Float64Array {
  const D = 1 + d.width;
  const diag = new Float64Array(D);
  for (let i = 0; i < d.rows; i++) {
    const hi = h[i] * scale;
    diag[0] += hi;
    for (let j = 0; j < d.dense; j++) diag[1 + j] += hi * d.x[i * d.dense + j] ** 2;
    for (let j = 0; j < d.sparse; j++) {
      const slot = d.slots[i * d.sparse + j];
      if (slot >= 0) diag[1 + slot] += hi;
    }
  }
  for (let j = 1; j < D; j++) diag[j] += lambda;
  for (let j = 0; j < D; j++) if (!(diag[j] > 0)) diag[j] = 1;
  return diag;
}

/** Σ_i h_i x_i x_iᵀ · scale over the design with the intercept as feature 0 (dense D x D). */
function gramMatrix(d: LinearDesign, h: Float64Array, scale: number): Float64Array {
  const D = 1 + d.width;
  const H = new Float64Array(D * D);
  const idx = new Int32Array(1 + d.dense + d.sparse);
  const val = new Float64Array(1 + d.dense + d.sparse);
  for (let i = 0; i < d.rows; i++) {
    let m = 0;
    idx[m] = 0;
    val[m++] = 1;
    for (let j = 0; j < d.dense; j++) {
      const v = d.x[i * d.dense + j];
      if (v !== 0) {
        idx[m] = 1 + j;
        val[m++] = v;
      }
    }
    for (let j = 0; j < d.sparse; j++) {
      const slot = d.slots[i * d.sparse + j];
      if (slot >= 0) {
        idx[m] = 1 + slot;
        val[m++] = 1;
      }
    }
    const hi = h[i] * scale;
    // Indices ascend within a row (intercept, dense, then slots by column), so b >= a fills
    // the upper triangle; it is mirrored once at the end.
    for (let a = 0; a < m; a++) {
      const ra = idx[a] * D;
      const va = hi * val[a];
      for (let b = a; b < m; b++) H[ra + idx[b]] += va * val[b];
    }
  }
  for (let a = 0; a < D; a++) for (let b = a + 1; b < D; b++) H[b * D + a] = H[a * D + b];
  return H;
}

/** Solve H x = g for symmetric positive (semi-)definite H by Cholesky, with a small ridge when needed. */
function solveSymmetric(H: Float64Array, g: Float64Array, D: number): Float64Array {
  for (let jitter = 0; jitter < 8; jitter++) {
    const eps = jitter === 0 ? 0 : 1e-10 * 100 ** jitter;
    let A = H;
    if (eps > 0) {
      A = Float64Array.from(H);
      for (let j = 0; j < D; j++) A[j * D + j] += eps;
    }
    const L = cholesky(A, D, 0);
    if (!L) continue;
    const x = Float64Array.from(g);
    for (let i = 0; i < D; i++) {
      let s = x[i];
      for (let k = 0; k < i; k++) s -= L[i * D + k] * x[k];
      x[i] = s / L[i * D + i];
    }
    for (let i = D - 1; i >= 0; i--) {
      let s = x[i];
      for (let k = i + 1; k < D; k++) s -= L[k * D + i] * x[k];
      x[i] = s / L[i * D + i];
    }
    return x;
  }
  // Fall back to a plain gradient step.
  return Float64Array.from(g);
}

/**
 * Logistic regression for y in {0..K-1} with K > 2, one-vs-rest (scikit-learn's
 * multi_class="ovr"): one binary logistic regression per class, class c against the rest; the
 * model's class probabilities are the K sigmoids normalised to sum to 1.
 */
export function fitOneVsRest(
  d: LinearDesign,
  y: Int32Array,
  classes: number,
  options: LinearFitOptions = {},
): LinearModel {
  const D = 1 + d.width;
  const weights = new Float64Array(classes * D);
  const binary = new Int32Array(y.length);
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < y.length; i++) binary[i] = y[i] === c ? 1 : 0;
    weights.set(fitLogistic(d, binary, options).weights, c * D);
  }
  return { outputs: classes, weights, width: d.width };
}

/**
 * Ridge regression: minimises ½·mean squared error on the standardised target + (λ/2)||w||², an
 * exact solve of the normal equations (Σ x xᵀ / n + λI) w = Σ x t / n.
 */
export function fitRidge(d: LinearDesign, y: Float64Array, options: LinearFitOptions = {}): LinearModel {
  const n = d.rows;
  const lambda = options.lambda ?? 1 / Math.max(1, n);
  const D = 1 + d.width;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean = n ? mean / n : 0;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (y[i] - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / n) : 0;
  const scale = sd > 0 ? sd : 1;
  const model: LinearModel = { outputs: 1, weights: new Float64Array(D), width: d.width, yMean: mean, yScale: scale };
  if (n === 0) return model;
  const t = Float64Array.from(y, (v) => (v - mean) / scale);
  const rhs = new Float64Array(D);
  accumulate(d, t, 1, rhs, 1 / n);
  model.weights = solveNewton(d, new Float64Array(n).fill(1), 1 / n, lambda, rhs);
  return model;
}

/** Class probabilities, row-major n x K (binary models give K = 2: [P(0), P(1)]). */
export function predictProba(model: LinearModel, d: LinearDesign): { proba: Float64Array; classes: number } {
  const z = linearScores(model, d);
  if (model.outputs === 1) {
    const proba = new Float64Array(d.rows * 2);
    for (let i = 0; i < d.rows; i++) {
      const p = sigmoid(z[i]);
      proba[2 * i] = 1 - p;
      proba[2 * i + 1] = p;
    }
    return { proba, classes: 2 };
  }
  const K = model.outputs;
  const proba = new Float64Array(d.rows * K);
  // One-vs-rest: the K sigmoids normalised to sum to 1.
  for (let i = 0; i < d.rows; i++) {
    let sum = 0;
    for (let k = 0; k < K; k++) sum += proba[i * K + k] = sigmoid(z[i * K + k]);
    for (let k = 0; k < K; k++) proba[i * K + k] = sum > 0 ? proba[i * K + k] / sum : 1 / K;
  }
  return { proba, classes: K };
}

/** Regression predictions in the target's own units. */
export function predictRidge(model: LinearModel, d: LinearDesign): Float64Array {
  const z = linearScores(model, d);
  const mean = model.yMean ?? 0;
  const scale = model.yScale ?? 1;
  return Float64Array.from(z, (v) => v * scale + mean);
}
