import { Rng } from '../random';
import type { Column, Table } from '../table';
import { takeRows } from '../table';

/**
 * Privacy metrics against a holdout, with SDMetrics' distance (`calculate_dcr` in
 * sdmetrics.single_table.privacy.dcr_utils): for two rows, the mean over columns of a per-column
 * distance in [0, 1]: numbers and datetimes |a - b| / (max - min of the real column), categories
 * 0 when equal and 1 otherwise; two missing values are at distance 0, one missing at 1.
 * Identifiers and free text are left out (they are generated fresh, never copied).
 */

export interface PrivacyOptions {
  /** Synthetic rows checked (a seeded sample above this). */
  maxSyntheticRows?: number;
  /** Reference rows per side (train sample and holdout sample) above this are sampled. */
  maxReferenceRows?: number;
  seed?: number;
}

export interface DcrResult {
  /**
   * DCR share: the probability that a synthetic row lies closer to the training rows than a
   * held-out real row does, i.e. P(DCR_train(synthetic) < DCR_train(holdout)) with ties counted
   * half (the Mann-Whitney AUC of the two DCR samples). Held-out rows are fresh draws from the
   * same population the model never saw, so a synthesizer that generalises scores 0.5 whatever
   * the split sizes; one that copies its training rows scores near 1 (its DCRs are 0).
   */
  share: number;
  /**
   * SDMetrics' DCROverfittingProtection breakdown: share of synthetic rows closer to the training
   * rows than to the holdout rows. Its ideal depends on the split sizes (about train / (train +
   * holdout) for fresh data), so `share` is the headline; this is kept for comparison.
   */
  closerToTrain: number;
  /** Distance of each checked synthetic row to its closest training row (0..1). */
  toTrain: Float64Array;
  /** Distance of each checked synthetic row to its closest holdout row (0..1). */
  toHoldout: Float64Array;
  /** Distance of each checked holdout row to its closest training row (the fresh-data baseline). */
  holdoutToTrain: Float64Array;
  /** Index (in the synthetic table) of each checked row. */
  syntheticRows: Int32Array;
  /** Index (in the train table) of each checked row's closest training row. */
  closestTrain: Int32Array;
  /** Rows compared: synthetic and holdout rows checked, reference rows per side. */
  sizes: { synthetic: number; holdoutChecked: number; train: number; holdout: number };
}

/** Columns compared by the distance: everything but identifiers and text, present on all sides. */
export function comparableColumns(real: Table, ...others: Table[]): string[] {
  return real.columns
    .filter((c) => c.storage !== 'text' && others.every((t) => t.columns.some((o) => o.name === c.name && o.storage === c.storage)))
    .map((c) => c.name);
}

/**
 * Encode tables for fast distances: per column a Float64Array (numbers scaled by 1/range of the
 * reference; category codes mapped onto a shared level index; NaN missing) and a flag saying
 * whether the column is categorical.
 */
interface Encoded {
  columns: Float64Array[];
  categorical: boolean[];
  rows: number;
}

function encode(tables: Table[], names: string[], scaleFrom: Table): Encoded[] {
  const out: Encoded[] = tables.map((t) => ({ columns: [], categorical: [], rows: t.rowCount }));
  for (const name of names) {
    const ref = scaleFrom.columns.find((c) => c.name === name)!;
    if (ref.storage === 'numeric') {
      let min = Infinity;
      let max = -Infinity;
      for (const v of ref.values) {
        if (Number.isNaN(v)) continue;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      const range = max > min ? max - min : 1;
      tables.forEach((t, k) => {
        const col = t.columns.find((c) => c.name === name) as Extract<Column, { storage: 'numeric' }>;
        const v = new Float64Array(t.rowCount);
        for (let i = 0; i < t.rowCount; i++) v[i] = col.values[i] / range;
        out[k].columns.push(v);
        out[k].categorical.push(false);
      });
    } else {
      const index = new Map<string, number>();
      tables.forEach((t, k) => {
        const col = t.columns.find((c) => c.name === name) as Extract<Column, { storage: 'categorical' }>;
        const map = col.levels.map((l) => {
          let i = index.get(l);
          if (i === undefined) { i = index.size; index.set(l, i); }
          return i;
        });
        const v = new Float64Array(t.rowCount);
        for (let i = 0; i < t.rowCount; i++) v[i] = col.codes[i] < 0 ? NaN : map[col.codes[i]];
        out[k].columns.push(v);
        out[k].categorical.push(true);
      });
    }
  }
  return out;
}

/** For each row of `a`, the distance to and index of its closest row in `b`. */
function closest(a: Encoded, b: Encoded): { distance: Float64Array; index: Int32Array } {
  const m = a.columns.length;
  const distance = new Float64Array(a.rows).fill(Infinity);
  const index = new Int32Array(a.rows).fill(-1);
  const row = new Float64Array(m);
  for (let i = 0; i < a.rows; i++) {
    for (let c = 0; c < m; c++) row[c] = a.columns[c][i];
    let best = Infinity;
    let bestJ = -1;
    for (let j = 0; j < b.rows; j++) {
      let d = 0;
      for (let c = 0; c < m && d < best * m; c++) {
        const x = row[c];
        const y = b.columns[c][j];
        const xn = x !== x;
        const yn = y !== y;
        if (xn || yn) d += xn && yn ? 0 : 1;
        else if (a.categorical[c]) d += x === y ? 0 : 1;
        else {
          const diff = x > y ? x - y : y - x;
          d += diff > 1 ? 1 : diff;
        }
      }
      if (d < best * m) {
        best = d / m;
        bestJ = j;
      }
    }
    distance[i] = m === 0 ? 0 : best;
    index[i] = bestJ;
  }
  return { distance, index };
}

/** Distance to closest record against train and holdout, and the DCR share. */
export function distanceToClosestRecord(train: Table, holdout: Table, synthetic: Table, options: PrivacyOptions = {}): DcrResult {
  const rng = new Rng(options.seed ?? 7);
  const maxQuery = options.maxSyntheticRows ?? 1000;
  const maxRef = options.maxReferenceRows ?? 50_000;
  const names = comparableColumns(train, holdout, synthetic);
  const pick = (n: number, k: number): number[] => (k >= n ? Array.from({ length: n }, (_, i) => i) : Array.from(rng.permutation(n).subarray(0, k)).sort((a, b) => a - b));
  const synthIdx = pick(synthetic.rowCount, maxQuery);
  const queryIdx = pick(holdout.rowCount, maxQuery);
  const trainIdx = pick(train.rowCount, maxRef);
  const holdIdx = pick(holdout.rowCount, maxRef);
  const [s, q, t, h] = encode([takeRows(synthetic, synthIdx), takeRows(holdout, queryIdx), takeRows(train, trainIdx), takeRows(holdout, holdIdx)], names, train);
  const toTrain = closest(s, t);
  const toHoldout = closest(s, h);
  const holdoutToTrain = closest(q, t).distance;
  let closer = 0;
  for (let i = 0; i < s.rows; i++) {
    if (toTrain.distance[i] < toHoldout.distance[i]) closer += 1;
    else if (toTrain.distance[i] === toHoldout.distance[i]) closer += 0.5;
  }
  return {
    share: probabilityLess(toTrain.distance, holdoutToTrain),
    closerToTrain: s.rows ? closer / s.rows : NaN,
    toTrain: toTrain.distance,
    toHoldout: toHoldout.distance,
    holdoutToTrain,
    syntheticRows: Int32Array.from(synthIdx),
    closestTrain: Int32Array.from(toTrain.index, (j) => (j < 0 ? -1 : trainIdx[j])),
    sizes: { synthetic: s.rows, holdoutChecked: q.rows, train: t.rows, holdout: h.rows },
  };
}

/** P(X < Y) + ½ P(X = Y) for independent draws from two samples (Mann-Whitney U / (n·m)). */
export function probabilityLess(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length === 0 || y.length === 0) return NaN;
  const ys = Float64Array.from(y).sort();
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const below = lowerBound(ys, v);
    const notAbove = upperBound(ys, v);
    total += ys.length - notAbove + (notAbove - below) / 2;
  }
  return total / (x.length * ys.length);
}

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Row keys over the comparable columns (exact values; missing as an empty marker). */
function rowKeys(table: Table, names: string[]): string[] {
  const cols = names.map((n) => table.columns.find((c) => c.name === n)!);
  const keys: string[] = new Array(table.rowCount);
  for (let r = 0; r < table.rowCount; r++) {
    let k = '';
    for (const c of cols) {
      if (c.storage === 'numeric') k += Number.isNaN(c.values[r]) ? '\u0000' : String(c.values[r]);
      else if (c.storage === 'categorical') k += c.codes[r] < 0 ? '\u0000' : c.levels[c.codes[r]];
      k += '\u0001';
    }
    keys[r] = k;
  }
  return keys;
}

export interface ExactCopyResult {
  /** Share of synthetic rows identical to some real row on every compared column. */
  rate: number;
  count: number;
  /**
   * The same share for holdout rows against the training rows: how often the real table repeats
   * itself. Synthetic data that copies no more than this is not copying records.
   */
  baselineRate: number;
}

/** Exact copies of real (training) rows among synthetic rows, with the real table's own repeat rate. */
export function exactCopies(train: Table, holdout: Table, synthetic: Table): ExactCopyResult {
  const names = comparableColumns(train, synthetic, ...(holdout.rowCount ? [holdout] : []));
  const trainKeys = new Set(rowKeys(train, names));
  let count = 0;
  for (const k of rowKeys(synthetic, names)) if (trainKeys.has(k)) count++;
  let base = 0;
  const holdKeys = holdout.rowCount ? rowKeys(holdout, names) : [];
  for (const k of holdKeys) if (trainKeys.has(k)) base++;
  return { rate: synthetic.rowCount ? count / synthetic.rowCount : 0, count, baselineRate: holdKeys.length ? base / holdKeys.length : NaN };
}
