/**
 * Feature encodings learnt from a training table and applied to any table with the same columns:
 * a linear design (standardised numbers with missing indicators, one slot per category) for the
 * linear models, and binned features for the trees.
 */
import type { CategoricalColumn, Column, NumericColumn, Table } from '../../table';
import { columnCounts } from '../counts';
import { sortedPresent } from '../../stats/sort';

/** Rows encoded for a linear model: dense numbers and one active slot per categorical feature. */
export interface LinearDesign {
  rows: number;
  /** Dense features per row (row-major, `dense` columns). */
  dense: number;
  x: Float64Array;
  /** Categorical features per row (row-major, `sparse` columns): slot index, or -1 for none. */
  sparse: number;
  slots: Int32Array;
  /** Coefficients besides the intercept: `dense` + categorical slots. */
  width: number;
}

interface NumericPart {
  name: string;
  mean: number;
  scale: number;
  /** Add an indicator of "missing" (the training column has missing values). */
  indicator: boolean;
}

interface CategoricalPart {
  name: string;
  /** Level -> slot offset (relative to this feature's first slot), -1 for the reference level. */
  slotOf: Map<string, number>;
  /** Slot of levels not kept (rare or unseen), -1 if none. */
  other: number;
  /** Slot of missing values, -1 if none. */
  missing: number;
  start: number;
  size: number;
}

export interface LinearEncoderOptions {
  /** Keep the most frequent levels at most (the rest share one slot). Default 20. */
  maxLevels?: number;
  /**
   * Drop the most frequent level of each category (treatment coding, as R's glm), so that the
   * design has no redundant columns: parameter counts then match the textbook model.
   */
  referenceCoding?: boolean;
}

export class LinearEncoder {
  private readonly numeric: NumericPart[] = [];
  private readonly categorical: CategoricalPart[] = [];
  readonly dense: number;
  readonly width: number;

  constructor(train: Table, features: string[], options: LinearEncoderOptions = {}) {
    const maxLevels = options.maxLevels ?? 20;
    let slot = 0;
    for (const name of features) {
      const col = train.columns.find((c) => c.name === name);
      if (!col) continue;
      if (col.storage === 'numeric') {
        const { n, s, ss, missing } = sums(col.values);
        const mean = n ? s / n : 0;
        const sd = n > 1 ? Math.sqrt(Math.max(0, ss / n - mean * mean)) : 0;
        this.numeric.push({ name, mean, scale: sd > 0 ? 1 / sd : 0, indicator: missing > 0 && n > 0 });
      } else if (col.storage === 'categorical') {
        const { levels: counts, missing } = columnCounts(col);
        const order = col.levels
          .map((_, i) => i)
          .filter((i) => counts[i] > 0)
          .sort((a, b) => counts[b] - counts[a] || a - b);
        const kept = order.slice(0, maxLevels);
        const slotOf = new Map<string, number>();
        let size = 0;
        kept.forEach((li, k) => {
          if (options.referenceCoding && k === 0) slotOf.set(col.levels[li], -1);
          else slotOf.set(col.levels[li], size++);
        });
        const other = order.length > kept.length ? size++ : -1;
        const miss = missing > 0 ? size++ : -1;
        this.categorical.push({ name, slotOf, other, missing: miss, start: slot, size });
        slot += size;
      }
    }
    this.dense = this.numeric.reduce((a, p) => a + (p.indicator ? 2 : 1), 0);
    for (const c of this.categorical) c.start += this.dense;
    this.width = this.dense + slot;
  }

  /** Parameters of a one-output model on this design, intercept included. */
  get parameters(): number {
    return 1 + this.width;
  }

  encode(table: Table): LinearDesign {
    const n = table.rowCount;
    const dense = this.dense;
    const x = new Float64Array(n * dense);
    let j = 0;
    for (const part of this.numeric) {
      const col = findColumn(table, part.name) as NumericColumn | undefined;
      const values = col ? col.values : new Float64Array(n).fill(NaN);
      const { mean, scale, indicator } = part;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        const missing = v !== v;
        x[i * dense + j] = missing ? 0 : (v - mean) * scale;
        if (indicator) x[i * dense + j + 1] = missing ? 1 : 0;
      }
      j += part.indicator ? 2 : 1;
    }
    const sparse = this.categorical.length;
    const slots = new Int32Array(n * sparse).fill(-1);
    this.categorical.forEach((part, k) => {
      const col = findColumn(table, part.name) as CategoricalColumn | undefined;
      if (!col) return;
      const map = Int32Array.from(col.levels, (l) => {
        const s = part.slotOf.get(l);
        const slot = s === undefined ? part.other : s;
        return slot < 0 ? -1 : part.start + slot;
      });
      const miss = part.missing < 0 ? -1 : part.start + part.missing;
      const codes = col.codes;
      for (let i = 0; i < n; i++) {
        const c = codes[i];
        slots[i * sparse + k] = c < 0 ? miss : map[c];
      }
    });
    return { rows: n, dense, x, sparse, slots, width: this.width };
  }
}

/** Features binned for trees: per row and feature a bin in 0..bins-1 (0 holds missing values). */
export interface BinnedDesign {
  rows: number;
  features: number;
  /** Row-major bins. */
  bins: Uint8Array;
  /** Bins used by each feature. */
  binCount: Int32Array;
}

/**
 * Bins learnt from training data: numbers at up to 31 quantile cut points (bins 1..), categories
 * ordered by the mean of `order` per level (the classic ordering that makes a binary split on an
 * ordered category as good as the best subset split for two-class and regression targets), the 30
 * commonest levels kept and the rest sharing a bin. Bin 0 holds missing values.
 */
export class BinEncoder {
  private readonly parts: (
    | { name: string; kind: 'numeric'; cuts: Float64Array }
    | { name: string; kind: 'categorical'; binOf: Map<string, number>; other: number }
  )[] = [];
  readonly binCount: Int32Array;

  constructor(train: Table, features: string[], order?: Float64Array, maxBins = 32) {
    const counts: number[] = [];
    for (const name of features) {
      const col = findColumn(train, name);
      if (!col) continue;
      if (col.storage === 'numeric') {
        const sorted = sortedPresent(col.values);
        const cuts: number[] = [];
        const k = maxBins - 1;
        for (let b = 1; b < k; b++) {
          if (sorted.length === 0) break;
          const v = sorted[Math.min(sorted.length - 1, Math.floor((b * sorted.length) / k))];
          if (cuts.length === 0 || v > cuts[cuts.length - 1]) cuts.push(v);
        }
        // Bin of v: 1 + number of cuts <= v (so at most cuts.length + 1).
        this.parts.push({ name, kind: 'numeric', cuts: Float64Array.from(cuts) });
        counts.push(cuts.length + 2);
      } else if (col.storage === 'categorical') {
        const n = columnCounts(col).levels;
        const sum = order ? levelSums(col.codes, col.levels.length, order) : undefined;
        const present = col.levels.map((_, i) => i).filter((i) => n[i] > 0);
        const kept = [...present].sort((a, b) => n[b] - n[a] || a - b).slice(0, maxBins - 2);
        kept.sort((a, b) => (sum ? sum[a] / n[a] - sum[b] / n[b] : 0) || n[b] - n[a] || a - b);
        const binOf = new Map<string, number>();
        kept.forEach((li, k) => binOf.set(col.levels[li], k + 1));
        this.parts.push({ name, kind: 'categorical', binOf, other: kept.length + 1 });
        counts.push(kept.length + 2);
      }
    }
    this.binCount = Int32Array.from(counts);
  }

  get features(): number {
    return this.parts.length;
  }

  encode(table: Table): BinnedDesign {
    const n = table.rowCount;
    const f = this.parts.length;
    const bins = new Uint8Array(n * f);
    this.parts.forEach((part, j) => {
      const col = findColumn(table, part.name);
      if (part.kind === 'numeric') {
        if (!col || col.storage !== 'numeric') return;
        const values = col.values;
        const cuts = part.cuts;
        for (let i = 0; i < n; i++) {
          const v = values[i];
          if (v !== v) continue;
          let lo = 0;
          let hi = cuts.length;
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (cuts[mid] <= v) lo = mid + 1;
            else hi = mid;
          }
          bins[i * f + j] = 1 + lo;
        }
      } else {
        const c = col && col.storage === 'categorical' ? col : undefined;
        if (!c) return;
        const map = Int32Array.from(c.levels, (l) => part.binOf.get(l) ?? part.other);
        const codes = c.codes;
        for (let i = 0; i < n; i++) {
          const code = codes[i];
          bins[i * f + j] = code < 0 ? 0 : map[code];
        }
      }
    });
    return { rows: n, features: f, bins, binCount: this.binCount };
  }
}

/** Sum of `order` over the rows of each level. */
function levelSums(codes: Int32Array, size: number, order: Float64Array): Float64Array {
  const sum = new Float64Array(size);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c >= 0) sum[c] += order[i];
  }
  return sum;
}

/** Count, sum and sum of squares of the present values, and the missing count. */
function sums(values: Float64Array): { n: number; s: number; ss: number; missing: number } {
  let n = 0;
  let s = 0;
  let ss = 0;
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) {
      missing++;
      continue;
    }
    n++;
    s += v;
    ss += v * v;
  }
  return { n, s, ss, missing };
}

function findColumn(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}
