/**
 * Random forest (Breiman, "Random Forests", Machine Learning 45, 2001) on binned features: each
 * tree grows on a bootstrap sample of the rows; each split considers a random subset of the
 * features (√f for classification, f/3 for regression, the usual defaults) and every threshold
 * between bins, choosing the largest Gini decrease (classification) or variance decrease
 * (regression). Trees are depth-limited to stay small and fast; predictions average the trees'
 * leaf class shares (classification) or leaf means (regression).
 */
import { Rng } from '../../random';
import type { BinnedDesign } from './design';

export interface ForestOptions {
  trees?: number;
  maxDepth?: number;
  minLeaf?: number;
  seed?: number;
}

export const DEFAULT_FOREST: Required<ForestOptions> = { trees: 20, maxDepth: 10, minLeaf: 3, seed: 11 };

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

/** Grow a forest. Classification: `y` holds class indices 0..classes-1; regression: pass `classes = 0`. */
export function fitForest(d: BinnedDesign, y: Int32Array | Float64Array, classes: number, options: ForestOptions = {}): Forest {
  const o = { ...DEFAULT_FOREST, ...options };
  const regression = classes === 0;
  const K = regression ? 1 : classes;
  const f = d.features;
  const mtry = Math.max(1, regression ? Math.floor(f / 3) : Math.ceil(Math.sqrt(f)));
  const rng = new Rng(o.seed);
  const trees: Tree[] = [];
  const n = d.rows;
  const idx = new Int32Array(n);
  // Column-major bins: one feature's bins for every row sit together (cache-friendly scans).
  const cols: Uint8Array[] = [];
  for (let j = 0; j < f; j++) {
    const c = new Uint8Array(n);
    for (let i = 0; i < n; i++) c[i] = d.bins[i * f + j];
    cols.push(c);
  }
  const yc = regression ? new Int32Array(0) : (y as Int32Array);
  const yr = regression ? (y as Float64Array) : new Float64Array(0);
  const maxBins = d.binCount.reduce((a, b) => Math.max(a, b), 1);
  const hist = new Float64Array(maxBins * (regression ? 2 : K));
  const featureOrder = Int32Array.from({ length: f }, (_, i) => i);
  const classTotals = new Float64Array(K);
  const left = new Float64Array(K);
  for (let t = 0; t < o.trees; t++) {
    for (let i = 0; i < n; i++) idx[i] = rng.int(n);
    const nodes = { feature: [] as number[], threshold: [] as number[], left: [] as number[], right: [] as number[], value: [] as number[] };
    const values: number[] = [];
    const newNode = (): number => {
      nodes.feature.push(-1);
      nodes.threshold.push(0);
      nodes.left.push(-1);
      nodes.right.push(-1);
      nodes.value.push(-1);
      return nodes.feature.length - 1;
    };
    const makeLeaf = (node: number, lo: number, hi: number): void => {
      nodes.value[node] = values.length;
      if (regression) {
        let s = 0;
        for (let i = lo; i < hi; i++) s += yr[idx[i]];
        values.push(hi > lo ? s / (hi - lo) : 0);
      } else {
        const start = values.length;
        for (let k = 0; k < K; k++) values.push(0);
        for (let i = lo; i < hi; i++) values[start + yc[idx[i]]] += 1 / (hi - lo);
      }
    };
    const grow = (node: number, lo: number, hi: number, depth: number): void => {
      const size = hi - lo;
      if (depth >= o.maxDepth || size < 2 * o.minLeaf || (!regression && pure(lo, hi))) {
        makeLeaf(node, lo, hi);
        return;
      }
      // Parent totals.
      let bestGain = 1e-12;
      let bestFeature = -1;
      let bestThreshold = 0;
      let parentScore: number;
      classTotals.fill(0);
      let sumY = 0;
      if (regression) {
        for (let i = lo; i < hi; i++) sumY += yr[idx[i]];
        parentScore = (sumY * sumY) / size;
      } else {
        for (let i = lo; i < hi; i++) classTotals[yc[idx[i]]]++;
        parentScore = 0;
        for (let k = 0; k < K; k++) parentScore += classTotals[k] * classTotals[k];
        parentScore /= size;
      }
      // Random feature subset: a partial Fisher-Yates shuffle.
      for (let j = 0; j < mtry; j++) {
        const r = j + rng.int(f - j);
        const tmp = featureOrder[j];
        featureOrder[j] = featureOrder[r];
        featureOrder[r] = tmp;
      }
      for (let jj = 0; jj < mtry; jj++) {
        const j = featureOrder[jj];
        const B = d.binCount[j];
        if (regression) {
          hist.fill(0, 0, 2 * B);
          const col = cols[j];
          for (let i = lo; i < hi; i++) {
            const r = idx[i];
            const b = col[r];
            hist[2 * b] += 1;
            hist[2 * b + 1] += yr[r];
          }
          let nl = 0;
          let sl = 0;
          for (let b = 0; b < B - 1; b++) {
            nl += hist[2 * b];
            sl += hist[2 * b + 1];
            const nr = size - nl;
            if (nl < o.minLeaf || nr < o.minLeaf) continue;
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
          const col = cols[j];
          for (let i = lo; i < hi; i++) {
            const r = idx[i];
            hist[col[r] * K + yc[r]]++;
          }
          left.fill(0);
          let nl = 0;
          for (let b = 0; b < B - 1; b++) {
            for (let k = 0; k < K; k++) {
              left[k] += hist[b * K + k];
              nl += hist[b * K + k];
            }
            const nr = size - nl;
            if (nl < o.minLeaf || nr < o.minLeaf) continue;
            let sl = 0;
            let sr = 0;
            for (let k = 0; k < K; k++) {
              sl += left[k] * left[k];
              const r = classTotals[k] - left[k];
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
      if (bestFeature < 0) {
        makeLeaf(node, lo, hi);
        return;
      }
      // Partition rows: bins <= threshold to the left.
      let i = lo;
      let k = hi - 1;
      const splitCol = cols[bestFeature];
      while (i <= k) {
        if (splitCol[idx[i]] <= bestThreshold) i++;
        else {
          const tmp = idx[i];
          idx[i] = idx[k];
          idx[k] = tmp;
          k--;
        }
      }
      nodes.feature[node] = bestFeature;
      nodes.threshold[node] = bestThreshold;
      const l = newNode();
      const r = newNode();
      nodes.left[node] = l;
      nodes.right[node] = r;
      grow(l, lo, i, depth + 1);
      grow(r, i, hi, depth + 1);
    };
    const pure = (lo: number, hi: number): boolean => {
      const first = yc[idx[lo]];
      for (let i = lo + 1; i < hi; i++) if (yc[idx[i]] !== first) return false;
      return true;
    };
    const root = newNode();
    if (n > 0) grow(root, 0, n, 0);
    else {
      nodes.value[root] = 0;
      for (let k = 0; k < K; k++) values.push(regression ? 0 : 1 / K);
    }
    trees.push({
      feature: Int32Array.from(nodes.feature),
      threshold: Int32Array.from(nodes.threshold),
      left: Int32Array.from(nodes.left),
      right: Int32Array.from(nodes.right),
      value: Int32Array.from(nodes.value),
      values: Float64Array.from(values),
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
      while (tree.value[node] < 0) node = d.bins[i * f + tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
      const v = tree.value[node];
      for (let k = 0; k < K; k++) out[i * K + k] += w * tree.values[v + k];
    }
  }
  return out;
}
