/**
 * Model metrics with scikit-learn's definitions (sklearn.metrics), so numbers compare with the
 * field's: accuracy_score, precision/recall/f1_score (binary: of the positive class; multiclass:
 * average="macro" over the labels present in truth or prediction; zero_division=0),
 * roc_auc_score (binary; multiclass: multi_class="ovr", average="macro"), r2_score,
 * mean_absolute_error.
 */
import type { ClassificationMetrics, RegressionMetrics } from '../types';

/**
 * ROC-AUC: the probability that a random positive scores above a random negative, ties counted
 * half (the Mann-Whitney U statistic over n_pos n_neg). NaN when either class is absent.
 */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean | number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let nPos = 0;
  let rankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const rank = (i + j) / 2 + 1; // average 1-based rank of the tie group
    for (let k = i; k <= j; k++) {
      if (positive[order[k]]) {
        nPos++;
        rankSum += rank;
      }
    }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/**
 * Classification metrics of predicted class probabilities `proba` (row-major n x K) against
 * true classes `truth` (0..K-1). The prediction is the most probable class (first on ties).
 * `positive` is the positive class of a binary task; omit it for multiclass (macro averages).
 */
export function classificationMetrics(
  proba: Float64Array,
  K: number,
  truth: Int32Array,
  positive?: number,
): ClassificationMetrics {
  const n = truth.length;
  const pred = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (proba[i * K + k] > proba[i * K + best]) best = k;
    pred[i] = best;
  }
  let correct = 0;
  for (let i = 0; i < n; i++) if (pred[i] === truth[i]) correct++;
  const prf = (c: number): { p: number; r: number; f: number } => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < n; i++) {
      if (pred[i] === c && truth[i] === c) tp++;
      else if (pred[i] === c) fp++;
      else if (truth[i] === c) fn++;
    }
    const p = tp + fp ? tp / (tp + fp) : 0;
    const r = tp + fn ? tp / (tp + fn) : 0;
    const f = 2 * tp + fp + fn ? (2 * tp) / (2 * tp + fp + fn) : 0;
    return { p, r, f };
  };
  let precision: number;
  let recall: number;
  let f1: number;
  let auc: number;
  if (positive !== undefined) {
    ({ p: precision, r: recall, f: f1 } = prf(positive));
    auc = rocAuc(
      Array.from({ length: n }, (_, i) => proba[i * K + positive]),
      Array.from(truth, (t) => t === positive),
    );
  } else {
    const labels = new Set<number>([...truth, ...pred]);
    precision = 0;
    recall = 0;
    f1 = 0;
    for (const c of labels) {
      const m = prf(c);
      precision += m.p / labels.size;
      recall += m.r / labels.size;
      f1 += m.f / labels.size;
    }
    let sum = 0;
    let count = 0;
    for (let c = 0; c < K; c++) {
      const a = rocAuc(
        Array.from({ length: n }, (_, i) => proba[i * K + c]),
        Array.from(truth, (t) => t === c),
      );
      if (!Number.isNaN(a)) {
        sum += a;
        count++;
      }
    }
    auc = count >= 2 ? sum / count : NaN;
  }
  return { accuracy: n ? correct / n : NaN, precision, recall, f1, rocAuc: Number.isNaN(auc) ? null : auc };
}

/** R² = 1 - Σ(y - ŷ)² / Σ(y - ȳ)² (NaN for a constant truth) and mean absolute error. */
export function regressionMetrics(pred: ArrayLike<number>, truth: ArrayLike<number>): RegressionMetrics {
  const n = truth.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += truth[i];
  mean /= Math.max(1, n);
  let ssRes = 0;
  let ssTot = 0;
  let abs = 0;
  for (let i = 0; i < n; i++) {
    const e = truth[i] - pred[i];
    ssRes += e * e;
    ssTot += (truth[i] - mean) ** 2;
    abs += Math.abs(e);
  }
  return { r2: ssTot > 0 ? 1 - ssRes / ssTot : NaN, mae: n ? abs / n : NaN };
}
