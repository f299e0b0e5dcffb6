/**
 * Pre-aggregated data for the report panel's exploratory views: the target broken down by class,
 * trends over time, a bounded sample of rows for scatter plots and a preview of the first rows.
 * Nothing here is a score; it is what the charts draw, computed once so that only small arrays
 * cross to the webview.
 */
import { quantileSorted } from '../stats/quantile';
import { Rng } from '../random';
import type { CategoricalColumn, Column, NumericColumn, Table } from '../table';
import { pearson } from './fidelity';
import type { BoxStats, Preview, RowSample, TargetBreakdown, TargetFeature, Task, TimeTrend } from './types';

import { sampleTable } from './sample';
import { sortNumbers } from '../stats/sort';
import { columnCounts } from './counts';
import { cellText, comparableColumns, datetimeDisplay } from './tables';
import { round6 } from '../util/round';

const MAX_LABELS = 10;
export const DEFAULT_MAX_BREAKDOWN_ROWS = 5000;
export const DEFAULT_SAMPLE_ROWS = 500;
export const PREVIEW_ROWS = 20;
const MAX_PERIODS = 200;
const MAX_MEASURES = 8;

function byName(t: Table, name: string): Column | undefined {
  return t.columns.find((c) => c.name === name);
}

const sampleRows = sampleTable;

/** Labels of a categorical column: the `max` commonest in `ref` (then in `other`), the rest "Other (n)". */
function topLabels(
  ref: CategoricalColumn,
  other: CategoricalColumn | undefined,
  max: number,
): { labels: string[]; index: Map<string, number>; other: number } {
  const perCode = columnCounts(ref).levels;
  const counts = new Map<string, number>();
  ref.levels.forEach((l, i) => {
    if (perCode[i] > 0) counts.set(l, (counts.get(l) ?? 0) + perCode[i]);
  });
  if (other) {
    const seen = columnCounts(other).levels;
    other.levels.forEach((l, i) => {
      if (seen[i] > 0 && !counts.has(l)) counts.set(l, 0);
    });
  }
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const kept = sorted.slice(0, max).map(([l]) => l);
  const index = new Map(kept.map((l, i) => [l, i] as const));
  const rest = sorted.length - kept.length;
  const labels = rest > 0 ? [...kept, `Other (${rest})`] : kept;
  return { labels, index, other: rest > 0 ? kept.length : -1 };
}

/** Class of each row: an index into `classes`, or -1 (missing or folded away). */
interface Classes {
  classes: string[];
  real: Int32Array;
  synthetic: Int32Array;
}

function classesOf(real: Table, synthetic: Table, target: string, task: Task): Classes | undefined {
  const r = byName(real, target);
  const s = byName(synthetic, target);
  if (!r || !s || r.storage !== s.storage) return undefined;
  if (r.storage === 'categorical' && s.storage === 'categorical') {
    const top = topLabels(r, s, MAX_LABELS);
    const code = (c: CategoricalColumn): Int32Array => {
      const map = c.levels.map((l) => top.index.get(l) ?? top.other);
      return Int32Array.from(c.codes, (x) => (x < 0 ? -1 : map[x]));
    };
    return { classes: top.labels, real: code(r), synthetic: code(s) };
  }
  if (r.storage === 'numeric' && s.storage === 'numeric' && task === 'regression') {
    // Quartile bins of the real target.
    const sorted = sortNumbers(Float64Array.from(r.values.filter((v) => !Number.isNaN(v))));
    if (sorted.length === 0) return undefined;
    const cuts = [0.25, 0.5, 0.75].map((p) => quantileSorted(sorted, p)).filter((v, i, a) => i === 0 || v > a[i - 1]);
    const fmt = (x: number): string => String(Number(x.toPrecision(4)));
    const classes =
      cuts.length === 0
        ? ['all']
        : [
            `≤ ${fmt(cuts[0])}`,
            ...cuts.slice(1).map((c, i) => `${fmt(cuts[i])} – ${fmt(c)}`),
            `> ${fmt(cuts[cuts.length - 1])}`,
          ];
    const code = (c: NumericColumn): Int32Array =>
      Int32Array.from(c.values, (v) => {
        if (Number.isNaN(v)) return -1;
        let k = 0;
        while (k < cuts.length && v > cuts[k]) k++;
        return k;
      });
    return { classes, real: code(r), synthetic: code(s) };
  }
  return undefined;
}

/** Where each class's present values start when grouped by class (K + 1 offsets). */
function classStarts(values: Float64Array, codes: Int32Array, K: number): Int32Array {
  const counts = new Int32Array(K + 1);
  for (let i = 0; i < values.length; i++) if (codes[i] >= 0 && values[i] === values[i]) counts[codes[i] + 1]++;
  for (let k = 0; k < K; k++) counts[k + 1] += counts[k];
  return counts;
}

/** The present values grouped by class, in row order within a class. */
function groupByClass(values: Float64Array, codes: Int32Array, starts: Int32Array, K: number): Float64Array {
  const grouped = new Float64Array(starts[K]);
  const fill = starts.slice(0, K);
  for (let i = 0; i < values.length; i++)
    if (codes[i] >= 0 && values[i] === values[i]) grouped[fill[codes[i]]++] = values[i];
  return grouped;
}

/** Box statistics of sorted values. */
function box(s: Float64Array): BoxStats {
  if (s.length === 0) return { count: 0, min: null, p25: null, median: null, p75: null, max: null, mean: null };
  let sum = 0;
  for (const v of s) sum += v;
  return {
    count: s.length,
    min: round6(s[0]),
    p25: round6(quantileSorted(s, 0.25)),
    median: round6(quantileSorted(s, 0.5)),
    p75: round6(quantileSorted(s, 0.75)),
    max: round6(s[s.length - 1]),
    mean: round6(sum / s.length),
  };
}

/**
 * The target broken down: class balance on each side, and every feature per class (boxes for
 * numbers and datetimes, category shares for categories). Regression targets are cut into
 * quartile bins of the real target.
 */
export function targetBreakdown(
  real: Table,
  synthetic: Table,
  target: string,
  task: Task,
  options: { maxRows?: number; seed?: number } = {},
): { breakdown: TargetBreakdown; sampled: boolean } | undefined {
  const rng = new Rng(options.seed ?? 19);
  const max = options.maxRows ?? DEFAULT_MAX_BREAKDOWN_ROWS;
  const r = sampleRows(real, max, rng);
  const s = sampleRows(synthetic, max, rng);
  const cls = classesOf(r, s, target, task);
  if (!cls) return undefined;
  const K = cls.classes.length;
  const balance = (codes: Int32Array): number[] => {
    const counts = new Array<number>(K).fill(0);
    let n = 0;
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      if (c >= 0) {
        counts[c]++;
        n++;
      }
    }
    return counts.map((c) => round6(n ? c / n : 0));
  };
  const features: TargetFeature[] = [];
  for (const name of comparableColumns(r, s)) {
    if (name === target) continue;
    const rc = byName(r, name)!;
    const sc = byName(s, name)!;
    if (rc.storage === 'numeric' && sc.storage === 'numeric') {
      const boxes = (col: NumericColumn, codes: Int32Array): BoxStats[] => {
        // Values grouped by class in one typed array: counts, offsets, fill, sort each group.
        const counts = classStarts(col.values, codes, K);
        const grouped = groupByClass(col.values, codes, counts, K);
        return Array.from({ length: K }, (_, k) => box(sortNumbers(grouped.subarray(counts[k], counts[k + 1]))));
      };
      features.push({ name, type: rc.type, boxes: { real: boxes(rc, cls.real), synthetic: boxes(sc, cls.synthetic) } });
    } else if (rc.storage === 'categorical' && sc.storage === 'categorical') {
      const top = topLabels(rc, sc, MAX_LABELS);
      const L = top.labels.length;
      const shares = (col: CategoricalColumn, codes: Int32Array): number[][] => {
        const map = col.levels.map((l) => top.index.get(l) ?? top.other);
        const counts = Array.from({ length: K }, () => new Array<number>(L).fill(0));
        const totals = new Array<number>(K).fill(0);
        for (let i = 0; i < col.codes.length; i++) {
          const k = codes[i];
          const c = col.codes[i];
          if (k < 0 || c < 0 || map[c] < 0) continue;
          counts[k][map[c]]++;
          totals[k]++;
        }
        return counts.map((row, k) => row.map((v) => round6(totals[k] ? v / totals[k] : 0)));
      };
      features.push({
        name,
        type: rc.type,
        shares: { labels: top.labels, real: shares(rc, cls.real), synthetic: shares(sc, cls.synthetic) },
      });
    }
  }
  return {
    breakdown: {
      column: target,
      task,
      classes: cls.classes,
      balance: { real: balance(cls.real), synthetic: balance(cls.synthetic) },
      features,
    },
    sampled: r !== real || s !== synthetic,
  };
}

type Period = TimeTrend['period'];
const PERIODS: Period[] = ['hour', 'day', 'week', 'month', 'quarter', 'year'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Start (ms, UTC) of the period holding `ms`; weeks start on Monday (ISO 8601). */
export function periodStart(ms: number, period: Period): number {
  const d = new Date(ms);
  switch (period) {
    case 'hour':
      return Math.floor(ms / HOUR) * HOUR;
    case 'day':
      return Math.floor(ms / DAY) * DAY;
    case 'week': {
      const day = Math.floor(ms / DAY) * DAY;
      const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
      return day - weekday * DAY;
    }
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    case 'quarter':
      return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
    case 'year':
      return Date.UTC(d.getUTCFullYear(), 0, 1);
  }
}

function nextPeriod(ms: number, period: Period): number {
  const d = new Date(ms);
  switch (period) {
    case 'hour':
      return ms + HOUR;
    case 'day':
      return ms + DAY;
    case 'week':
      return ms + 7 * DAY;
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    case 'quarter':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 3, 1);
    case 'year':
      return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
  }
}

/** The finest period that gives at most `max` periods over [min, max]. */
export function choosePeriod(min: number, max: number, limit = MAX_PERIODS): Period {
  for (const p of PERIODS) {
    let n = 0;
    for (let t = periodStart(min, p); t <= max && n <= limit; t = nextPeriod(t, p)) n++;
    if (n <= limit) return p;
  }
  return 'year';
}

/** Counts and means of the numeric columns per period, for every datetime column (real range). */
export function timeTrends(real: Table, synthetic: Table): TimeTrend[] {
  const out: TimeTrend[] = [];
  const names = comparableColumns(real, synthetic);
  const measures = names
    .filter((n) => {
      const c = byName(real, n)!;
      return c.storage === 'numeric' && c.type !== 'datetime';
    })
    .slice(0, MAX_MEASURES);
  for (const name of names) {
    const rc = byName(real, name)!;
    const sc = byName(synthetic, name)!;
    if (rc.type !== 'datetime' || rc.storage !== 'numeric' || sc.storage !== 'numeric') continue;
    let min = Infinity;
    let max = -Infinity;
    const rv = rc.values;
    for (let i = 0; i < rv.length; i++) {
      const v = rv[i];
      if (v === v) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    if (!Number.isFinite(min)) continue;
    const period = choosePeriod(min, max);
    const starts: number[] = [];
    for (let t = periodStart(min, period); t <= max; t = nextPeriod(t, period)) starts.push(t);
    const indexOf = (v: number): number => {
      if (Number.isNaN(v) || v < starts[0]) return -1;
      let lo = 0;
      let hi = starts.length - 1;
      if (v >= nextPeriod(starts[hi], period)) return -1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= v) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    const P = starts.length;
    const aggregate = (t: Table, col: NumericColumn): { counts: number[]; means: (number | null)[][] } => {
      const idx = Int32Array.from(col.values, indexOf);
      const counts = new Array<number>(P).fill(0);
      for (const k of idx) if (k >= 0) counts[k]++;
      const means = measures.map((m) => {
        const mc = byName(t, m) as NumericColumn;
        const sum = new Float64Array(P);
        const n = new Float64Array(P);
        for (let i = 0; i < idx.length; i++) {
          const v = mc.values[i];
          if (idx[i] >= 0 && !Number.isNaN(v)) {
            sum[idx[i]] += v;
            n[idx[i]]++;
          }
        }
        return Array.from(sum, (s, k) => (n[k] ? round6(s / n[k]) : null));
      });
      return { counts, means };
    };
    const a = aggregate(real, rc);
    const b = aggregate(synthetic, sc);
    out.push({
      column: name,
      period,
      periods: starts.map((t) => new Date(t).toISOString().slice(0, period === 'hour' ? 16 : 10)),
      counts: { real: a.counts, synthetic: b.counts },
      measures: measures.map((m, k) => ({ name: m, real: a.means[k], synthetic: b.means[k] })),
    });
  }
  return out;
}

/**
 * A random sample of rows of the most connected numeric columns (highest mean |Pearson r| with
 * the other numeric columns; a numeric target first), for scatter plots, with the target's
 * class per row when the target is categorical.
 */
export function rowSample(
  real: Table,
  synthetic: Table,
  target: string | undefined,
  options: { rows?: number; columns?: number; seed?: number } = {},
): RowSample | undefined {
  const rng = new Rng(options.seed ?? 23);
  const names = comparableColumns(real, synthetic).filter((n) => byName(real, n)!.storage === 'numeric');
  if (names.length === 0) return undefined;
  const k = options.columns ?? 5;
  const probe = sampleRows(real, 5000, rng);
  const cols = names.map((n) => (byName(probe, n) as NumericColumn).values);
  const connected = names.map((_, i) => {
    let s = 0;
    let c = 0;
    for (let j = 0; j < names.length; j++) {
      if (j === i) continue;
      const r = pearson(cols[i], cols[j]);
      if (!Number.isNaN(r)) {
        s += Math.abs(r);
        c++;
      }
    }
    return c ? s / c : 0;
  });
  let order = names.map((_, i) => i).sort((a, b) => connected[b] - connected[a] || a - b);
  const t = target !== undefined ? names.indexOf(target) : -1;
  if (t >= 0) order = [t, ...order.filter((i) => i !== t)];
  const chosen = order
    .slice(0, k)
    .sort((a, b) => a - b)
    .map((i) => names[i]);
  const max = options.rows ?? DEFAULT_SAMPLE_ROWS;
  const r = sampleRows(real, max, rng);
  const s = sampleRows(synthetic, max, rng);
  const rowsOf = (tab: Table): (number | null)[][] => {
    const cs = chosen.map((n) => (byName(tab, n) as NumericColumn).values);
    return Array.from({ length: tab.rowCount }, (_, i) =>
      cs.map((c) => (Number.isNaN(c[i]) ? null : Number(c[i].toPrecision(7)))),
    );
  };
  const out: RowSample = {
    columns: chosen,
    ...(chosen.some((n) => byName(real, n)?.type === 'datetime')
      ? {
          datetimes: chosen.map((n) => {
            const c = byName(real, n) as NumericColumn;
            return c.type === 'datetime' ? datetimeDisplay(c.values) : null;
          }),
        }
      : {}),
    chosenBy:
      t >= 0
        ? 'the numeric target, then the numeric columns most correlated with the others'
        : 'the numeric columns most correlated with the others',
    real: rowsOf(r),
    synthetic: rowsOf(s),
  };
  const tc = target !== undefined ? byName(real, target) : undefined;
  if (tc && tc.storage === 'categorical' && byName(synthetic, target!)?.storage === 'categorical') {
    const labels = (tab: Table): (string | null)[] =>
      Array.from({ length: tab.rowCount }, (_, i) => cellText(byName(tab, target!)!, i));
    out.target = { column: target!, real: labels(r), synthetic: labels(s) };
  }
  return out;
}

/** The first rows of each table, every column, as text. */
export function preview(real: Table, synthetic: Table, rows = PREVIEW_ROWS): Preview {
  const take = (t: Table): (string | null)[][] => {
    const n = Math.min(rows, t.rowCount);
    const cols = real.columns.map((c) => byName(t, c.name));
    return Array.from({ length: n }, (_, i) => cols.map((c) => (c ? cellText(c, i) : null)));
  };
  return {
    columns: real.columns.map((c) => ({ name: c.name, type: c.type })),
    real: take(real),
    synthetic: take(synthetic),
  };
}
