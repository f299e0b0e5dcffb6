/**
 * Random forest (Breiman, "Random Forests", Machine Learning 45, 2001) on binned features: each
 * tree grows on a bootstrap sample of the rows; each split considers a random subset of the
 * features (√f for classification, f/3 for regression, the usual defaults) and every threshold
 * between bins, choosing the largest Gini decrease (classification) or variance decrease
 * (regression). Trees are small (10 trees, depth 8, at least 3 rows per leaf) to stay fast: the
 * forest is a yardstick for utility, not a production model. Predictions average the trees' leaf
 * class shares (classification) or leaf means (regression).
 */
import { Rng } from '../../random';
import type { BinnedDesign } from './design';

export interface ForestOptions {
  trees?: number;
  maxDepth?: number;
  minLeaf?: number;
  seed?: number;
}

export const DEFAULT_FOREST: Required<ForestOptions> = { trees: 10, maxDepth: 8, minLeaf: 3, seed: 11 };

interface Tree {
  feature: Int32Array;
  threshold: Int32Array;
  left: Int32Array;
  right: Int32Array;
  /** Offset of the leaf's values in `values` (-1 for inner nodes). */
  value: Int32Array;
  values: Float64Array;
}

export interface Forest {
  trees: Tree[];
  /** Classes (classification) or 1 (regression). */
  outputs: number;
  regression: boolean;
}

/** Everything one tree's growth reads and writes, passed explicitly (no closures: predictable for the JIT). */
interface Grower {
  regression: boolean;
  K: number;
  f: number;
  mtry: number;
  maxDepth: number;
  minLeaf: number;
  /** Column-major bins: cols[j][row]. */
  cols: Uint8Array[];
  binCount: Int32Array;
  yc: Int32Array;
  yr: Float64Array;
  /** Rows of the bootstrap sample; nodes own contiguous ranges of it. */
  idx: Int32Array;
  hist: Float64Array;
  classTotals: Float64Array;
  left: Float64Array;
  featureOrder: Int32Array;
  rng: Rng;
  // The tree being grown.
  feature: number[];
  threshold: number[];
  leftChild: number[];
  rightChild: number[];
  value: number[];
  values: number[];
}

function newNode(g: Grower): number {
  g.feature.push(-1);
  g.threshold.push(0);
  g.leftChild.push(-1);
  g.rightChild.push(-1);
  g.value.push(-1);
  return g.feature.length - 1;
}

function makeLeaf(g: Grower, node: number, lo: number, hi: number): void {
  g.value[node] = g.values.length;
  const idx = g.idx;
  if (g.regression) {
    let s = 0;
    for (let i = lo; i < hi; i++) s += g.yr[idx[i]];
    g.values.push(hi > lo ? s / (hi - lo) : 0);
  } else {
    const start = g.values.length;
    for (let k = 0; k < g.K; k++) g.values.push(0);
    const w = 1 / (hi - lo);
    for (let i = lo; i < hi; i++) g.values[start + g.yc[idx[i]]] += w;
  }
}

function isPure(g: Grower, lo: number, hi: number): boolean {
  const first = g.yc[g.idx[lo]];
  for (let i = lo + 1; i < hi; i++) if (g.yc[g.idx[i]] !== first) return false;
  return true;
}

/** Best split of rows [lo, hi) over a random feature subset: [feature, threshold bin] or feature -1. */
function bestSplit(g: Grower, lo: number, hi: number): [number, number] {
  const { idx, hist, K, f, minLeaf } = g;
  const size = hi - lo;
  let bestGain = 1e-12;
  let bestFeature = -1;
  let bestThreshold = 0;
  let parentScore = 0;
  let sumY = 0;
  if (g.regression) {
    for (let i = lo; i < hi; i++) sumY += g.yr[idx[i]];
    parentScore = (sumY * sumY) / size;
  } else {
    const totals = g.classTotals;
    totals.fill(0);
    for (let i = lo; i < hi; i++) totals[g.yc[idx[i]]]++;
    for (let k = 0; k < K; k++) parentScore += totals[k] * totals[k];
    parentScore /= size;
  }
  // Random feature subset: a partial Fisher-Yates shuffle.
  const order = g.featureOrder;
  for (let j = 0; j < g.mtry; j++) {
    const r = j + g.rng.int(f - j);
    const tmp = order[j];
    order[j] = order[r];
    order[r] = tmp;
  }
  for (let jj = 0; jj < g.mtry; jj++) {
    const j = order[jj];
    const B = g.binCount[j];
    const col = g.cols[j];
    if (g.regression) {
      hist.fill(0, 0, 2 * B);
      const yr = g.yr;
      for (let i = lo; i < hi; i++) {
        const r = idx[i];
        const b = col[r];
        hist[2 * b] += 1;
        hist[2 * b + 1] += yr[r];
      }
      let nl = 0;
      let sl = 0;
      for (let b = 0; b < B - 1; b++) {
        if (hist[2 * b] === 0) continue;
        nl += hist[2 * b];
        sl += hist[2 * b + 1];
        const nr = size - nl;
        if (nl < minLeaf || nr < minLeaf) continue;
        const sr = sumY - sl;
        const gain = (sl * sl) / nl + (sr * sr) / nr - parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = j;
          bestThreshold = b;
        }
      }
    } else {
      hist.fill(0, 0, K * B);
      const yc = g.yc;
      for (let i = lo; i < hi; i++) {
        const r = idx[i];
        hist[col[r] * K + yc[r]]++;
      }
      const left = g.left;
      const totals = g.classTotals;
      left.fill(0);
      let nl = 0;
      for (let b = 0; b < B - 1; b++) {
        let binRows = 0;
        for (let k = 0; k < K; k++) {
          const c = hist[b * K + k];
          left[k] += c;
          binRows += c;
        }
        if (binRows === 0) continue;
        nl += binRows;
        const nr = size - nl;
        if (nl < minLeaf || nr < minLeaf) continue;
        let sl = 0;
        let sr = 0;
        for (let k = 0; k < K; k++) {
          sl += left[k] * left[k];
          const r = totals[k] - left[k];
          sr += r * r;
        }
        const gain = sl / nl + sr / nr - parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = j;
          bestThreshold = b;
        }
      }
    }
  }
  return [bestFeature, bestThreshold];
}

function grow(g: Grower, node: number, lo: number, hi: number, depth: number): void {
  const size = hi - lo;
  if (depth >= g.maxDepth || size < 2 * g.minLeaf || (!g.regression && isPure(g, lo, hi))) {
    makeLeaf(g, node, lo, hi);
    return;
  }
  const [feature, threshold] = bestSplit(g, lo, hi);
  if (feature < 0) {
    makeLeaf(g, node, lo, hi);
    return;
  }
  // Partition rows: bins <= threshold to the left.
  const idx = g.idx;
  const col = g.cols[feature];
  let i = lo;
  let k = hi - 1;
  while (i <= k) {
    if (col[idx[i]] <= threshold) i++;
    else {
      const tmp = idx[i];
      idx[i] = idx[k];
      idx[k] = tmp;
      k--;
    }
  }
  g.feature[node] = feature;
  g.threshold[node] = threshold;
  const l = newNode(g);
  const r = newNode(g);
  g.leftChild[node] = l;
  g.rightChild[node] = r;
  grow(g, l, lo, i, depth + 1);
  grow(g, r, i, hi, depth + 1);
}

/** Grow a forest. Classification: `y` holds class indices 0..classes-1; regression: pass `classes = 0`. */
export function fitForest(
  d: BinnedDesign,
  y: Int32Array | Float64Array,
  classes: number,
  options: ForestOptions = {},
): Forest {
  const o = { ...DEFAULT_FOREST, ...options };
  const regression = classes === 0;
  const K = regression ? 1 : classes;
  const f = d.features;
  const n = d.rows;
  // Column-major bins: one feature's bins for every row sit together (cache-friendly scans).
  const cols: Uint8Array[] = [];
  for (let j = 0; j < f; j++) {
    const c = new Uint8Array(n);
    for (let i = 0; i < n; i++) c[i] = d.bins[i * f + j];
    cols.push(c);
  }
  const maxBins = d.binCount.reduce((a, b) => Math.max(a, b), 1);
  const g: Grower = {
    regression,
    K,
    f,
    mtry: Math.max(1, regression ? Math.floor(f / 3) : Math.ceil(Math.sqrt(f))),
    maxDepth: o.maxDepth,
    minLeaf: o.minLeaf,
    cols,
    binCount: d.binCount,
    yc: regression ? new Int32Array(0) : (y as Int32Array),
    yr: regression ? (y as Float64Array) : new Float64Array(0),
    idx: new Int32Array(n),
    hist: new Float64Array(maxBins * (regression ? 2 : K)),
    classTotals: new Float64Array(K),
    left: new Float64Array(K),
    featureOrder: Int32Array.from({ length: f }, (_, i) => i),
    rng: new Rng(o.seed),
    feature: [],
    threshold: [],
    leftChild: [],
    rightChild: [],
    value: [],
    values: [],
  };
  const trees: Tree[] = [];
  for (let t = 0; t < o.trees; t++) {
    for (let i = 0; i < n; i++) g.idx[i] = g.rng.int(n);
    g.feature = [];
    g.threshold = [];
    g.leftChild = [];
    g.rightChild = [];
    g.value = [];
    g.values = [];
    const root = newNode(g);
    if (n > 0 && f > 0) grow(g, root, 0, n, 0);
    else if (n > 0) makeLeaf(g, root, 0, n);
    else {
      g.value[root] = 0;
      for (let k = 0; k < K; k++) g.values.push(regression ? 0 : 1 / K);
    }
    trees.push({
      feature: Int32Array.from(g.feature),
      threshold: Int32Array.from(g.threshold),
      left: Int32Array.from(g.leftChild),
      right: Int32Array.from(g.rightChild),
      value: Int32Array.from(g.value),
      values: Float64Array.from(g.values),
    });
  }
  return { trees, outputs: K, regression };
}

/** Averaged leaf values, row-major n x outputs: class shares (classification) or the mean (regression). */
export function predictForest(forest: Forest, d: BinnedDesign): Float64Array {
  const K = forest.outputs;
  const out = new Float64Array(d.rows * K);
  const f = d.features;
  const w = 1 / Math.max(1, forest.trees.length);
  for (const tree of forest.trees) {
    for (let i = 0; i < d.rows; i++) {
      let node = 0;
      while (tree.value[node] < 0)
        node = d.bins[i * f + tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
      const v = tree.value[node];
      for (let k = 0; k < K; k++) out[i * K + k] += w * tree.values[v + k];
    }
  }
  return out;
}
