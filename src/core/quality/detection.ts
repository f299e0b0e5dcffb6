/**
 * Detection (C2ST, "classifier two-sample test"): can a gradient-boosted tree classifier tell
 * real rows from synthetic ones? SDMetrics' detection definition (ScikitLearnClassifierDetectionMetric)
 * with an XGBoost-style classifier, as the field reports it (april-tools/tabpc's C2ST-XGB; the
 * project's reference script is ../shared/tools/detect.py):
 *
 *   stack real rows (label 1) and synthetic rows (label 0); 3-fold stratified cross-validation;
 *   score = 1 - mean over folds of (max(0.5, ROC-AUC) · 2 - 1)
 *
 * 1 means indistinguishable, 0 perfectly separable.
 *
 * The classifier is XGBoost's `XGBClassifier()` defaults (1.7, `tree_method="hist"`) written out:
 * logistic loss, 100 rounds, learning rate eta = 0.3, depth-wise trees of depth at most 6,
 * second-order split gain G_L²/(H_L+λ) + G_R²/(H_R+λ) - G²/(H+λ) with λ = 1, children need a
 * hessian sum of at least 1 (min_child_weight), leaf weight -eta·G/(H+λ), a split kept only when
 * its gain exceeds 1e-6, base score 0.5. Features are binned once (on both tables together; no
 * labels are used) into at most 255 bins: one per distinct value when there are that few, else
 * the smallest value on its own and quantile bins over the rest, as XGBoost's quantile summary
 * places its cuts; missing values have their own bin, and each split learns which side they go
 * to (as XGBoost: a forward scan with them on the right, then a backward scan with them on the
 * left; ties keep the first found).
 *
 * Features as detect.py builds them: numbers and datetimes as floats with missing kept;
 * categories as integer codes of their labels sorted as text (numbers written as Python writes
 * floats, "1.0"), missing a label of its own ("<missing>"), codes shared by both tables.
 *
 * What gives the rows away: the total gain of the splits on each feature (XGBoost's
 * "total_gain" importance), and of each pair: the gain of a split on B directly under a split
 * on A (A ≠ B), summed over the trees of every fold.
 *
 * Pure and deterministic: the same tables, columns and seed give the same numbers.
 */
import { Rng } from '../random';
import type { Column, Table, TextColumn } from '../table';
import { rocAuc } from './ml/metrics';
import { sampleTable } from './sample';

export interface BoostParams {
  rounds: number;
  eta: number;
  maxDepth: number;
  lambda: number;
  minChildWeight: number;
  /** Bins per feature, besides the missing bin (at most 255). */
  maxBins: number;
}

/** XGBClassifier's defaults (xgboost 1.7, hist). */
export const XGB_DEFAULTS: Readonly<BoostParams> = {
  rounds: 100,
  eta: 0.3,
  maxDepth: 6,
  lambda: 1,
  minChildWeight: 1,
  maxBins: 255,
};

const MIN_SPLIT_GAIN = 1e-6;

/** Features binned row-major: `bins[r * features + f]`, 0 = missing, 1.. = quantile bins. */
export interface BinnedMatrix {
  rows: number;
  features: number;
  bins: Uint8Array;
  /** Bins per feature, the missing bin included. */
  binCount: Int32Array;
}

/** Bin float features (NaN = missing) into quantile bins; columns are the features. */
export function binFeatures(columns: Float64Array[], maxBins = XGB_DEFAULTS.maxBins): BinnedMatrix {
  const F = columns.length;
  const n = F ? columns[0].length : 0;
  const bins = new Uint8Array(n * F);
  const binCount = new Int32Array(F);
  const nb = Math.max(1, Math.min(255, maxBins));
  for (let f = 0; f < F; f++) binCount[f] = binColumn(columns[f], bins, f, F, nb);
  return { rows: n, features: F, bins, binCount };
}

function binColumn(x: Float64Array, bins: Uint8Array, f: number, F: number, maxBins: number): number {
  const present: number[] = [];
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) present.push(x[i]);
  const sorted = Float64Array.from(present).sort();
  // Upper bounds of the bins: every distinct value when there are few, else quantiles.
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  let upper: number[];
  if (distinct.length <= maxBins) upper = distinct;
  else {
    // The smallest value gets a bin of its own and the others share the rest at evenly spaced
    // ranks: XGBoost's quantile summary prunes over the ranks after its first entry, so a point
    // mass at the minimum (capital-gain: 0 in 92% of rows) does not use up the bins.
    let c0 = 0;
    while (c0 < sorted.length && sorted[c0] === sorted[0]) c0++;
    upper = [sorted[0]];
    const m = sorted.length - c0;
    const k1 = maxBins - 1;
    for (let k = 1; k <= k1; k++) {
      const v = sorted[c0 + Math.min(m - 1, Math.ceil((k * m) / k1) - 1)];
      if (v > upper[upper.length - 1]) upper.push(v);
    }
  }
  const ub = Float64Array.from(upper);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    let b = 0;
    if (!Number.isNaN(v)) {
      // First upper bound >= v.
      let lo = 0;
      let hi = ub.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (ub[mid] >= v) hi = mid;
        else lo = mid + 1;
      }
      b = lo + 1;
    }
    bins[i * F + f] = b;
  }
  return ub.length + 1;
}

/** A fitted tree: parallel arrays over nodes; a leaf has `feature` -1. */
interface Tree {
  feature: Int32Array;
  /** Rows with bin <= threshold go left (missing: by `defaultLeft`). */
  threshold: Int32Array;
  defaultLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  gain: Float64Array;
}

export interface Booster {
  trees: Tree[];
  features: number;
}

interface Node {
  id: number;
  start: number;
  end: number;
  G: number;
  H: number;
  hist: Float64Array | null;
  parentFeature: number;
}

interface TreeBuilder {
  feature: number[];
  threshold: number[];
  defaultLeft: number[];
  left: number[];
  right: number[];
  value: number[];
  gain: number[];
}

/**
 * Fit a boosted classifier of `label` (1 or 0 per row of `x`) on the rows `train` of `x`.
 * Returns the booster; `onSplit(parentFeature, feature, gain)` sees every split (parent -1 at a root).
 */
export function fitBooster(
  x: BinnedMatrix,
  label: Uint8Array,
  train: Int32Array,
  params: Partial<BoostParams> = {},
  onSplit?: (parentFeature: number, feature: number, gain: number) => void,
): Booster {
  const p = { ...XGB_DEFAULTS, ...params };
  const F = x.features;
  const off = new Int32Array(F + 1);
  for (let f = 0; f < F; f++) off[f + 1] = off[f] + x.binCount[f];
  const histSize = 2 * off[F];
  // Each cell's slot in a node histogram (feature offset + bin), computed once: the histogram
  // loop, where the time goes, then reads one number per cell. Two bytes a cell while the slots
  // fit (under 257 features): the loop reads rows in a node's order, not the table's, and half
  // the bytes is half the cache misses.
  const slot = off[F] <= 0xffff ? new Uint16Array(x.rows * F) : new Uint32Array(x.rows * F);
  for (let r = 0; r < x.rows; r++) for (let f = 0; f < F; f++) slot[r * F + f] = off[f] + x.bins[r * F + f];
  const n = train.length;
  const margin = new Float64Array(x.rows);
  // Gradient and hessian of row r side by side (gh[2r], gh[2r + 1]): one cache line for both.
  const gh = new Float64Array(2 * x.rows);
  const idx = new Int32Array(n);
  const tmp = new Int32Array(n);
  const trees: Tree[] = [];
  // Node histograms are reused: a tree has up to 32 nodes a level, each histogram 2 x the bins
  // of every feature (61 KB on adult), and allocating them afresh cost more than filling them.
  const free: Float64Array[] = [];
  const take = (): Float64Array => {
    const hist = free.pop();
    if (!hist) return new Float64Array(histSize);
    hist.fill(0);
    return hist;
  };
  for (let round = 0; round < p.rounds; round++) {
    gradients(train, label, margin, gh);
    idx.set(train);
    const t: TreeBuilder = { feature: [], threshold: [], defaultLeft: [], left: [], right: [], value: [], gain: [] };
    const newNode = (): number => {
      t.feature.push(-1);
      t.threshold.push(0);
      t.defaultLeft.push(0);
      t.left.push(-1);
      t.right.push(-1);
      t.value.push(0);
      t.gain.push(0);
      return t.feature.length - 1;
    };
    const rootHist = take();
    buildHist(rootHist, slot, F, idx, 0, n, gh);
    let G = 0;
    let H = 0;
    for (let i = 0; i < n; i++) {
      G += gh[2 * idx[i]];
      H += gh[2 * idx[i] + 1];
    }
    let level: Node[] = [{ id: newNode(), start: 0, end: n, G, H, hist: rootHist, parentFeature: -1 }];
    for (let depth = 0; level.length; depth++) {
      const next: Node[] = [];
      for (const node of level) {
        const leaf = (): void => {
          t.value[node.id] = (-p.eta * node.G) / (node.H + p.lambda);
        };
        if (depth >= p.maxDepth || !node.hist) {
          leaf();
          continue;
        }
        const s = bestSplit(node.hist, off, F, node.G, node.H, p.lambda, p.minChildWeight);
        if (s.feature < 0 || !(s.gain > MIN_SPLIT_GAIN)) {
          free.push(node.hist);
          node.hist = null;
          leaf();
          continue;
        }
        const l = newNode();
        const r = newNode();
        t.feature[node.id] = s.feature;
        t.threshold[node.id] = s.bin;
        t.defaultLeft[node.id] = s.defaultLeft ? 1 : 0;
        t.left[node.id] = l;
        t.right[node.id] = r;
        t.gain[node.id] = s.gain;
        onSplit?.(node.parentFeature, s.feature, s.gain);
        const GR = node.G - s.GL;
        const HR = node.H - s.HL;
        if (depth + 1 >= p.maxDepth) {
          // Both children are leaves: their rows' margins are updated here, in one pass, with no
          // partition (no level below reads it).
          const vl = (-p.eta * s.GL) / (s.HL + p.lambda);
          const vr = (-p.eta * GR) / (HR + p.lambda);
          t.value[l] = vl;
          t.value[r] = vr;
          const bins = x.bins;
          for (let i = node.start; i < node.end; i++) {
            const row = idx[i];
            const b = bins[row * F + s.feature];
            margin[row] += (b === 0 ? s.defaultLeft : b <= s.bin) ? vl : vr;
          }
          free.push(node.hist);
          node.hist = null;
          continue;
        }
        const nl = partition(idx, tmp, x.bins, F, node.start, node.end, s.feature, s.bin, s.defaultLeft);
        const mid = node.start + nl;
        // Histograms for both children (they may split): the smaller one built, the other by subtraction.
        const small = take();
        const leftSmaller = nl <= node.end - mid;
        if (leftSmaller) buildHist(small, slot, F, idx, node.start, mid, gh);
        else buildHist(small, slot, F, idx, mid, node.end, gh);
        const big = node.hist;
        for (let k = 0; k < histSize; k++) big[k] -= small[k];
        node.hist = null;
        next.push(
          {
            id: l,
            start: node.start,
            end: mid,
            G: s.GL,
            H: s.HL,
            hist: leftSmaller ? small : big,
            parentFeature: s.feature,
          },
          { id: r, start: mid, end: node.end, G: GR, H: HR, hist: leftSmaller ? big : small, parentFeature: s.feature },
        );
      }
      // Leaves of this level: update the training margins from the partition.
      for (const node of level) {
        if (t.feature[node.id] >= 0) continue;
        const v = t.value[node.id];
        for (let i = node.start; i < node.end; i++) margin[idx[i]] += v;
      }
      level = next;
    }
    trees.push({
      feature: Int32Array.from(t.feature),
      threshold: Int32Array.from(t.threshold),
      defaultLeft: Uint8Array.from(t.defaultLeft),
      left: Int32Array.from(t.left),
      right: Int32Array.from(t.right),
      value: Float64Array.from(t.value),
      gain: Float64Array.from(t.gain),
    });
  }
  return { trees, features: F };
}

function gradients(rows: Int32Array, label: Uint8Array, margin: Float64Array, gh: Float64Array): void {
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const p = 1 / (1 + Math.exp(-margin[r]));
    gh[2 * r] = p - label[r];
    gh[2 * r + 1] = Math.max(p * (1 - p), 1e-16);
  }
}

function buildHist(
  hist: Float64Array,
  slot: Uint16Array | Uint32Array,
  F: number,
  idx: Int32Array,
  start: number,
  end: number,
  gh: Float64Array,
): void {
  // Two rows at a time: their cells' additions are independent unless they share a bin, so the
  // processor overlaps the loads of one with the other's (sums as one row at a time, in order).
  let i = start;
  for (; i + 3 < end; i += 4) {
    const r0 = idx[i];
    const r1 = idx[i + 1];
    const r2 = idx[i + 2];
    const r3 = idx[i + 3];
    const g0 = gh[2 * r0];
    const h0 = gh[2 * r0 + 1];
    const g1 = gh[2 * r1];
    const h1 = gh[2 * r1 + 1];
    const g2 = gh[2 * r2];
    const h2 = gh[2 * r2 + 1];
    const g3 = gh[2 * r3];
    const h3 = gh[2 * r3 + 1];
    const b0 = r0 * F;
    const b1 = r1 * F;
    const b2 = r2 * F;
    const b3 = r3 * F;
    for (let f = 0; f < F; f++) {
      const k0 = slot[b0 + f] << 1;
      const k1 = slot[b1 + f] << 1;
      const k2 = slot[b2 + f] << 1;
      const k3 = slot[b3 + f] << 1;
      hist[k0] += g0;
      hist[k0 + 1] += h0;
      hist[k1] += g1;
      hist[k1 + 1] += h1;
      hist[k2] += g2;
      hist[k2 + 1] += h2;
      hist[k3] += g3;
      hist[k3 + 1] += h3;
    }
  }
  for (; i < end; i++) {
    const r = idx[i];
    const gr = gh[2 * r];
    const hr = gh[2 * r + 1];
    const base = r * F;
    for (let f = 0; f < F; f++) {
      const k = slot[base + f] << 1;
      hist[k] += gr;
      hist[k + 1] += hr;
    }
  }
}

interface Split {
  feature: number;
  bin: number;
  defaultLeft: boolean;
  gain: number;
  GL: number;
  HL: number;
}

function bestSplit(
  hist: Float64Array,
  off: Int32Array,
  F: number,
  G: number,
  H: number,
  lambda: number,
  minChild: number,
): Split {
  const parent = (G * G) / (H + lambda);
  const best: Split = { feature: -1, bin: 0, defaultLeft: false, gain: 0, GL: 0, HL: 0 };
  // As XGBoost's hist evaluator: per feature a forward scan with missing values to the right, then
  // (when the node has missing values) a backward scan with them to the left; a candidate replaces
  // the best only with a strictly larger gain, so ties keep the first found.
  for (let f = 0; f < F; f++) {
    const o = off[f] << 1;
    const nb = off[f + 1] - off[f];
    const Hm = hist[o + 1];
    let gl = 0;
    let hl = 0;
    for (let b = 1; b < nb - 1 || (Hm > 0 && b < nb); b++) {
      gl += hist[o + 2 * b];
      hl += hist[o + 2 * b + 1];
      const GR = G - gl;
      const HR = H - hl;
      if (hl >= minChild && HR >= minChild) {
        const gain = (gl * gl) / (hl + lambda) + (GR * GR) / (HR + lambda) - parent;
        if (gain > best.gain) {
          best.feature = f;
          best.bin = b;
          best.defaultLeft = false;
          best.gain = gain;
          best.GL = gl;
          best.HL = hl;
        }
      }
    }
    if (!(Hm > 0)) continue;
    let gr = 0;
    let hr = 0;
    for (let b = nb - 1; b >= 1; b--) {
      gr += hist[o + 2 * b];
      hr += hist[o + 2 * b + 1];
      // Right: bins b.., left: bins before b and the missing values.
      const GL = G - gr;
      const HL = H - hr;
      if (HL >= minChild && hr >= minChild) {
        const gain = (GL * GL) / (HL + lambda) + (gr * gr) / (hr + lambda) - parent;
        if (gain > best.gain) {
          best.feature = f;
          best.bin = b - 1;
          best.defaultLeft = true;
          best.gain = gain;
          best.GL = GL;
          best.HL = HL;
        }
      }
    }
  }
  return best;
}

/** Stable partition of idx[start, end) into the rows going left, then right; returns the left count. */
function partition(
  idx: Int32Array,
  tmp: Int32Array,
  bins: Uint8Array,
  F: number,
  start: number,
  end: number,
  feature: number,
  threshold: number,
  defaultLeft: boolean,
): number {
  let l = start;
  let r = 0;
  for (let i = start; i < end; i++) {
    const row = idx[i];
    const b = bins[row * F + feature];
    if (b === 0 ? defaultLeft : b <= threshold) idx[l++] = row;
    else tmp[r++] = row;
  }
  idx.set(tmp.subarray(0, r), l);
  return l - start;
}

/** Margins (log-odds) of the rows `rows` of `x`. */
export function predictMargin(booster: Booster, x: BinnedMatrix, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  const F = x.features;
  const bins = x.bins;
  for (const t of booster.trees) {
    const { feature, threshold, defaultLeft, left, right, value } = t;
    for (let i = 0; i < rows.length; i++) {
      const base = rows[i] * F;
      let node = 0;
      for (let f = feature[0]; f >= 0; f = feature[node]) {
        const b = bins[base + f];
        node = (b === 0 ? defaultLeft[node] === 1 : b <= threshold[node]) ? left[node] : right[node];
      }
      out[i] += value[node];
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Features from tables, cross-validation, the score

/** A category label as detect.py writes it: numbers as Python floats ("1.0"), else the text. */
export function pythonLabel(level: string): string {
  const t = level.trim();
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return level;
  const v = Number(t);
  if (!Number.isFinite(v)) return level;
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v === 0 ? '0' : String(v)}.0`;
  return String(v);
}

/** Codepoint order, as Python sorts strings. */
function compareCodepoints(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d) return d;
  }
  return x.length - y.length;
}

/**
 * One float column per compared column over the real rows then the synthetic rows: numbers and
 * datetimes at single precision (NaN missing), categories as codes of their sorted labels.
 * XGBoost holds its features as 32-bit floats, so 58.99999700000001 (as R wrote a price) and
 * 58.999997 (as we write it back) are one value to it; at double precision they were two, and a
 * table of such prices read 0.04 here against 0.54 by ../shared/tools/detect.py.
 */
export function detectionFeatures(real: Table, synthetic: Table, columns: string[]): Float64Array[] {
  const nr = real.rowCount;
  const n = nr + synthetic.rowCount;
  return columns.map((name) => {
    const a = real.columns.find((c) => c.name === name)!;
    const b = synthetic.columns.find((c) => c.name === name)!;
    const out = new Float64Array(n);
    if (a.storage === 'numeric' && b.storage === 'numeric') {
      for (let i = 0; i < nr; i++) out[i] = Math.fround(a.values[i]);
      for (let i = 0; i < synthetic.rowCount; i++) out[nr + i] = Math.fround(b.values[i]);
      return out;
    }
    if (a.storage === 'categorical' && b.storage === 'categorical') {
      const MISSING = '<missing>';
      const la = a.levels.map(pythonLabel);
      const lb = b.levels.map(pythonLabel);
      const all = [...new Set([...la, ...lb, MISSING])].sort(compareCodepoints);
      const code = new Map(all.map((l, i) => [l, i] as const));
      const ca = la.map((l) => code.get(l)!);
      const cb = lb.map((l) => code.get(l)!);
      const cm = code.get(MISSING)!;
      for (let i = 0; i < nr; i++) out[i] = a.codes[i] < 0 ? cm : ca[a.codes[i]];
      for (let i = 0; i < synthetic.rowCount; i++) out[nr + i] = b.codes[i] < 0 ? cm : cb[b.codes[i]];
      return out;
    }
    if (numberText(a) && numberText(b)) {
      for (let i = 0; i < nr; i++) out[i] = textNumber(a.values[i]);
      for (let i = 0; i < synthetic.rowCount; i++) out[nr + i] = textNumber(b.values[i]);
      return out;
    }
    throw new Error(`column ${name}: storage differs between the tables`);
  });
}

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A text column (an identifier) whose every value is a plain number: a counter 1, 2, 3, ... A
 * classifier that reads numbers as numbers (XGBoost on pandas' columns, as detect.py) compares
 * such a column as numbers, and may find there an order of the rows the model keeps only in part;
 * the detector reads it so too.
 */
export function numberText(c: Column): c is TextColumn {
  return c.storage === 'text' && c.values.every((v) => v === null || PLAIN_NUMBER.test(v.trim()));
}

function textNumber(v: string | null): number {
  const x = v === null ? NaN : Math.fround(Number(v));
  return Number.isFinite(x) ? x : NaN;
}

export interface DetectionResult {
  /** 1 - mean over folds of (max(0.5, AUC)·2 - 1). */
  score: number;
  /** Mean ROC-AUC over the folds (real rows positive). */
  auc: number;
  foldAucs: number[];
  /** Share of the total split gain per feature (index into the columns), all folds' trees. */
  featureGain: Float64Array;
  /** Gain of splits on B directly under a split on A (A ≠ B), unordered pairs "a,b" with a < b. */
  pairGain: Map<string, number>;
  totalGain: number;
}

/** One cross-validation fold: the rows a booster trains on and the rows it scores. */
export interface FoldJob {
  train: Int32Array;
  test: Int32Array;
}

/** A fold's margins on its test rows, and every split its trees made as (parent feature, feature, gain) triples. */
export interface FoldResult {
  margins: Float64Array;
  splits: Float64Array;
}

/**
 * Starts the folds of a detection score and returns what gives their results, in the jobs'
 * order, when called. The default runs them one after the other, when called; a host with
 * threads (`useFoldRunner`, src/node/pool.ts) hands some to other threads at once, so they run
 * while the caller does other work (the report's other sections), each with `runFold`, so the
 * results are the same.
 */
export type FoldRunner = (
  x: BinnedMatrix,
  label: Uint8Array,
  jobs: FoldJob[],
  params: Partial<BoostParams>,
) => () => FoldResult[];

const sequentialFolds: FoldRunner = (x, label, jobs, params) => () => jobs.map((job) => runFold(x, label, job, params));
let foldRunner: FoldRunner = sequentialFolds;

/** Set how folds run (undefined: one after the other, in this thread). */
export function useFoldRunner(runner: FoldRunner | undefined): void {
  foldRunner = runner ?? sequentialFolds;
}

/** Fit a booster on a fold's training rows and score its test rows. Pure. */
export function runFold(x: BinnedMatrix, label: Uint8Array, job: FoldJob, params: Partial<BoostParams>): FoldResult {
  const splits: number[] = [];
  const booster = fitBooster(x, label, job.train, params, (parent, f, gain) => splits.push(parent, f, gain));
  return { margins: predictMargin(booster, x, job.test), splits: Float64Array.from(splits) };
}

/**
 * The detection score of binned features whose first `nReal` rows are real: stratified k-fold
 * cross-validation (rows shuffled by `seed` within each class, dealt to folds in turn). The folds
 * start now (in other threads, where there are); the score is given when the result is called.
 */
export function startDetectionScore(
  x: BinnedMatrix,
  nReal: number,
  options: { folds?: number; seed?: number; params?: Partial<BoostParams> } = {},
): () => DetectionResult {
  const k = options.folds ?? 3;
  const n = x.rows;
  const label = new Uint8Array(n);
  label.fill(1, 0, nReal);
  const rng = new Rng(options.seed ?? 0);
  const fold = new Int32Array(n);
  const deal = (from: number, to: number): void => {
    const perm = rng.permutation(to - from);
    for (let i = 0; i < perm.length; i++) fold[from + perm[i]] = i % k;
  };
  deal(0, nReal);
  deal(nReal, n);
  const jobs: FoldJob[] = [];
  for (let j = 0; j < k; j++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === j ? test : train).push(i);
    jobs.push({ train: Int32Array.from(train), test: Int32Array.from(test) });
  }
  const pending = foldRunner(x, label, jobs, options.params ?? {});
  return () => scoreOf(x, label, k, jobs, pending());
}

/** The score, AUCs and gains of a detection's fold results. */
function scoreOf(
  x: BinnedMatrix,
  label: Uint8Array,
  k: number,
  jobs: FoldJob[],
  results: FoldResult[],
): DetectionResult {
  // Gains summed fold by fold, split by split, in the order the trees made them (whatever ran them).
  const featureGain = new Float64Array(x.features);
  const pairGain = new Map<string, number>();
  let totalGain = 0;
  const foldAucs: number[] = [];
  results.forEach((res, j) => {
    const s = res.splits;
    for (let i = 0; i + 2 < s.length; i += 3) {
      const parent = s[i];
      const f = s[i + 1];
      const gain = s[i + 2];
      featureGain[f] += gain;
      totalGain += gain;
      if (parent >= 0 && parent !== f) {
        const key = parent < f ? `${parent},${f}` : `${f},${parent}`;
        pairGain.set(key, (pairGain.get(key) ?? 0) + gain);
      }
    }
    foldAucs.push(
      rocAuc(
        res.margins,
        Array.from(jobs[j].test, (r) => label[r]),
      ),
    );
  });
  const aucs = foldAucs.map((a) => (Number.isNaN(a) ? 0.5 : a));
  const score = 1 - aucs.reduce((s, a) => s + (Math.max(0.5, a) * 2 - 1), 0) / k;
  const auc = aucs.reduce((s, a) => s + a, 0) / k;
  return { score, auc, foldAucs, featureGain, pairGain, totalGain };
}

export interface DetectTablesOptions {
  /** Rows per table at most (a seeded random sample above it). */
  maxRows?: number;
  seed?: number;
  folds?: number;
  params?: Partial<BoostParams>;
}

/** Rows per table the report's detector uses at most. */
export const DEFAULT_DETECTION_ROWS = 50_000;

/** The detection score of `synthetic` against `real` on `columns`, on samples of at most `maxRows` rows each. */
export function detectTables(
  real: Table,
  synthetic: Table,
  columns: string[],
  options: DetectTablesOptions = {},
): TablesDetection {
  return startDetectTables(real, synthetic, columns, options)();
}

export type TablesDetection = DetectionResult & { rows: { real: number; synthetic: number } };

/** `detectTables`, its folds started now and its result given when called. */
export function startDetectTables(
  real: Table,
  synthetic: Table,
  columns: string[],
  options: DetectTablesOptions = {},
): () => TablesDetection {
  const max = options.maxRows ?? DEFAULT_DETECTION_ROWS;
  const rng = new Rng(options.seed ?? 17);
  const r = sampleTable(real, max, rng);
  const s = sampleTable(synthetic, max, rng);
  const x = binFeatures(detectionFeatures(r, s, columns), options.params?.maxBins);
  const pending = startDetectionScore(x, r.rowCount, {
    folds: options.folds,
    seed: rng.nextUint32(),
    params: options.params,
  });
  return () => ({ ...pending(), rows: { real: r.rowCount, synthetic: s.rowCount } });
}
