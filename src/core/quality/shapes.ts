/**
 * Column shapes: which columns the report compares, each column's shape score (KSComplement or
 * TVComplement, with the KS statistic, scaled Wasserstein distance, Jensen-Shannon divergence and
 * chi-square test beside it), and the column profiles the panel shows (summary statistics,
 * histograms, category shares).
 */
import { dict } from '../util/dict';
import type { CategoricalColumn, Column, NumericColumn, Table } from '../table';
import { sortedPresent } from '../stats/sort';
import { quantileSorted } from '../stats/quantile';
import { round6 } from '../util/round';
import { columnCounts } from './counts';
import { METRICS } from './metrics';
import type { CategoricalStats, ColumnFidelity, ColumnProfile, Dominant, NumericStats } from './types';
import { datetimeDisplay } from './tables';

const HISTOGRAM_BINS = 30;
const MAX_CATEGORY_BARS = 20;

/**
 * Columns are matched by name and typed by the real table. Identifiers and free text are left out
 * of the scores: their values are generated fresh by design, so their distributions are not
 * expected to match.
 */
export function matchColumns(
  real: Table,
  synthetic: Table,
): { pairs: [Column, Column][]; excluded: { column: string; reason: string }[] } {
  const pairs: [Column, Column][] = [];
  const excluded: { column: string; reason: string }[] = [];
  for (const r of real.columns) {
    const s = synthetic.columns.find((c) => c.name === r.name);
    if (!s) {
      excluded.push({ column: r.name, reason: 'not in the synthetic table' });
      continue;
    }
    if (r.storage === 'text') {
      excluded.push({
        column: r.name,
        reason:
          r.type === 'id'
            ? 'identifier: values are generated, not modelled'
            : 'free text: values are generated in shape only',
      });
      continue;
    }
    if (s.storage !== r.storage) {
      excluded.push({ column: r.name, reason: `type differs (${r.type} in real, ${s.type} in synthetic)` });
      continue;
    }
    pairs.push([r, s]);
  }
  for (const s of synthetic.columns) {
    if (!real.columns.some((c) => c.name === s.name))
      excluded.push({ column: s.name, reason: 'not in the real table' });
  }
  return { pairs, excluded };
}

export interface ColumnShapes {
  /** Shape score per compared column (unrounded). */
  scores: Record<string, ColumnFidelity>;
  profiles: ColumnProfile[];
  /** Sorted present values of each compared numeric real column (validity reuses them). */
  sortedReal: Map<string, Float64Array>;
}

/** Shape scores and profiles of the real columns, against their synthetic matches in `pairs`. */
export function columnShapesSection(real: Table, pairs: [Column, Column][]): ColumnShapes {
  const scores: Record<string, ColumnFidelity> = dict();
  const profiles: ColumnProfile[] = [];
  const sortedReal = new Map<string, Float64Array>();
  for (const r of real.columns) {
    const match = pairs.find(([x]) => x === r);
    if (!match) {
      profiles.push({ name: r.name, type: r.type });
      continue;
    }
    const [, s] = match;
    if (r.storage === 'numeric') {
      const sn = s as NumericColumn;
      const rs = sortedPresent(r.values);
      const ss = sortedPresent(sn.values);
      sortedReal.set(r.name, rs);
      const d = METRICS.KSStatistic.fn(rs, ss);
      const hist = histogram(r, rs, ss);
      if (!Number.isNaN(d)) {
        const js = METRICS.JensenShannonDivergence.fn(hist.realCounts, hist.syntheticCounts);
        scores[r.name] = {
          metric: 'KSComplement',
          score: METRICS.KSComplement.fromStatistic(d),
          ks: round6(d),
          wasserstein: round6(METRICS.ScaledWasserstein.fn(rs, ss)),
          ...(Number.isNaN(js) ? {} : { jensenShannon: round6(js) }),
        };
      }
      profiles.push({
        name: r.name,
        type: r.type,
        ...(r.type === 'datetime' ? { resolution: datetimeDisplay(r.values) } : {}),
        metric: 'KSComplement',
        ...(Number.isNaN(d) ? {} : { score: round6(METRICS.KSComplement.fromStatistic(d)) }),
        numeric: {
          real: numericStatsSorted(rs, r.values.length - rs.length),
          synthetic: numericStatsSorted(ss, sn.values.length - ss.length),
        },
        histogram: { edges: hist.edges, real: hist.real, synthetic: hist.synthetic },
        ...dominantOf(r, rs, ss),
      });
    } else if (r.storage === 'categorical') {
      const { real: rc, synthetic: sc, labels } = alignedCounts(r, s as CategoricalColumn);
      const score = METRICS.TVComplement.fn(rc, sc);
      if (!Number.isNaN(score)) {
        const js = METRICS.JensenShannonDivergence.fn(rc, sc);
        const chi = METRICS.ChiSquareHomogeneity.fn(rc, sc);
        scores[r.name] = {
          metric: 'TVComplement',
          score,
          ...(Number.isNaN(js) ? {} : { jensenShannon: round6(js) }),
          ...(Number.isNaN(chi.statistic)
            ? {}
            : {
                chiSquare: {
                  statistic: round6(chi.statistic),
                  dof: chi.dof,
                  pValue: roundP(chi.pValue),
                  cramersV: round6(chi.cramersV),
                },
              }),
        };
      }
      profiles.push({
        name: r.name,
        type: r.type,
        metric: 'TVComplement',
        ...(Number.isNaN(score) ? {} : { score: round6(score) }),
        categorical: {
          real: categoricalStats(rc, labels, missingOf(r)),
          synthetic: categoricalStats(sc, labels, missingOf(s as CategoricalColumn)),
        },
        categories: categoryBars(labels, rc, sc),
      });
    }
  }
  return { scores, profiles, sortedReal };
}

/** Counts per category over the union of both sides' levels, real levels first. */
function alignedCounts(
  r: CategoricalColumn,
  s: CategoricalColumn,
): { real: number[]; synthetic: number[]; labels: string[] } {
  const labels = [...r.levels];
  const index = new Map(labels.map((l, i) => [l, i] as const));
  const sMap = s.levels.map((l) => {
    let i = index.get(l);
    if (i === undefined) {
      i = labels.length;
      labels.push(l);
      index.set(l, i);
    }
    return i;
  });
  const real = new Array<number>(labels.length).fill(0);
  const synthetic = new Array<number>(labels.length).fill(0);
  const rc = columnCounts(r).levels;
  const sc = columnCounts(s).levels;
  for (let i = 0; i < rc.length; i++) real[i] += rc[i];
  for (let i = 0; i < sc.length; i++) synthetic[sMap[i]] += sc[i];
  return { real, synthetic, labels };
}

function missingOf(c: CategoricalColumn): number {
  return columnCounts(c).missing;
}

function categoryBars(
  labels: string[],
  real: number[],
  synthetic: number[],
): { labels: string[]; real: number[]; synthetic: number[] } {
  const rt = real.reduce((a, b) => a + b, 0) || 1;
  const st = synthetic.reduce((a, b) => a + b, 0) || 1;
  const order = labels
    .map((_, i) => i)
    .sort((a, b) => real[b] + synthetic[b] * (rt / st) - (real[a] + synthetic[a] * (rt / st)) || a - b);
  const top = order.slice(0, MAX_CATEGORY_BARS);
  const rest = order.slice(MAX_CATEGORY_BARS);
  const out = {
    labels: top.map((i) => labels[i]),
    real: top.map((i) => round6(real[i] / rt)),
    synthetic: top.map((i) => round6(synthetic[i] / st)),
  };
  if (rest.length) {
    out.labels.push(`Other (${rest.length})`);
    out.real.push(round6(rest.reduce((a, i) => a + real[i], 0) / rt));
    out.synthetic.push(round6(rest.reduce((a, i) => a + synthetic[i], 0) / st));
  }
  return out;
}

function categoricalStats(counts: number[], labels: string[], missing: number): CategoricalStats {
  let count = 0;
  let best = -1;
  let distinct = 0;
  counts.forEach((c, i) => {
    count += c;
    if (c > 0) distinct++;
    if (c > 0 && (best < 0 || c > counts[best])) best = i;
  });
  return { count, missing, distinct, mode: best >= 0 ? labels[best] : null };
}

/** Summary statistics of a numeric column (missing values dropped). */
export function numericStats(values: Float64Array): NumericStats {
  const sorted = sortedPresent(values);
  return numericStatsSorted(sorted, values.length - sorted.length);
}

/**
 * Summary statistics from the sorted non-missing values: mean, sample standard deviation (n - 1),
 * quantiles by linear interpolation (NumPy's default), adjusted skewness and excess kurtosis
 * (SciPy's `skew` / `kurtosis` with bias=False, as pandas), and Tukey's box-plot whiskers and
 * outliers (1.5 IQR).
 */
export function numericStatsSorted(sorted: Float64Array, missing: number): NumericStats {
  if (sorted.length === 0) {
    return {
      count: 0,
      missing,
      mean: null,
      std: null,
      min: null,
      p25: null,
      median: null,
      p75: null,
      max: null,
      skewness: null,
      kurtosis: null,
      p05: null,
      p95: null,
      whiskerLow: null,
      whiskerHigh: null,
      outliers: 0,
    };
  }
  const n = sorted.length;
  const m = sumOf(sorted) / n;
  // Central moments m2, m3, m4 (divided by n) in one pass.
  let [m2, m3, m4] = centralSums(sorted, m);
  const std = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const constant = sorted[0] === sorted[n - 1];
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const lo = q1 - 1.5 * (q3 - q1);
  const hi = q3 + 1.5 * (q3 - q1);
  let wl = sorted[0];
  let wh = sorted[n - 1];
  let outliers = 0;
  for (let i = 0; i < n; i++)
    if (sorted[i] >= lo) {
      wl = sorted[i];
      outliers += i;
      break;
    }
  for (let i = n - 1; i >= 0; i--)
    if (sorted[i] <= hi) {
      wh = sorted[i];
      outliers += n - 1 - i;
      break;
    }
  return {
    count: n,
    missing,
    mean: round6(m),
    std: round6(std),
    min: sorted[0],
    p25: round6(q1),
    median: round6(quantileSorted(sorted, 0.5)),
    p75: round6(q3),
    max: sorted[n - 1],
    // Adjusted Fisher-Pearson skewness G1 = g1·√(n(n-1))/(n-2), g1 = m3/m2^1.5, and sample excess
    // kurtosis G2 = ((n+1)·g2 + 6)(n-1)/((n-2)(n-3)), g2 = m4/m2² - 3: scipy.stats.skew and
    // scipy.stats.kurtosis with bias=False (pandas' skew and kurt).
    skewness: n >= 3 && !constant ? round6(((m3 / m2 ** 1.5) * Math.sqrt(n * (n - 1))) / (n - 2)) : null,
    kurtosis:
      n >= 4 && !constant ? round6((((n + 1) * (m4 / (m2 * m2) - 3) + 6) * (n - 1)) / ((n - 2) * (n - 3))) : null,
    p05: round6(quantileSorted(sorted, 0.05)),
    p95: round6(quantileSorted(sorted, 0.95)),
    whiskerLow: wl,
    whiskerHigh: wh,
    outliers,
  };
}

// One loop per function: run cold, code after a long loop would be compiled before it had run.
function sumOf(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum;
}

/** Σ d², Σ d³, Σ d⁴ of the deviations d from `m`. */
function centralSums(values: Float64Array, m: number): [number, number, number] {
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i] - m;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  return [m2, m3, m4];
}

/** Equal-width bins over the range of both sides; integer columns with a small range bin per value. */
function histogram(
  r: NumericColumn,
  rs: Float64Array,
  ss: Float64Array,
): { edges: number[]; real: number[]; synthetic: number[]; realCounts: number[]; syntheticCounts: number[] } {
  const rmin = rs.length ? rs[0] : Infinity;
  const rmax = rs.length ? rs[rs.length - 1] : -Infinity;
  const smin = ss.length ? ss[0] : Infinity;
  const smax = ss.length ? ss[ss.length - 1] : -Infinity;
  let min = Math.min(rmin, smin);
  let max = Math.max(rmax, smax);
  if (!Number.isFinite(min)) return { edges: [], real: [], synthetic: [], realCounts: [], syntheticCounts: [] };
  let bins = HISTOGRAM_BINS;
  if (r.type === 'integer' && max - min + 1 <= HISTOGRAM_BINS) {
    bins = max - min + 1;
    min -= 0.5;
    max += 0.5;
  } else if (max === min) {
    min -= 0.5;
    max += 0.5;
    bins = 1;
  }
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => round6(min + i * width));
  const count = (sorted: Float64Array): number[] => {
    const h = new Array<number>(bins).fill(0);
    for (let i = 0; i < sorted.length; i++) h[Math.min(bins - 1, Math.max(0, Math.floor((sorted[i] - min) / width)))]++;
    return h;
  };
  const rc = count(rs);
  const sc = count(ss);
  const share = (h: number[], total: number): number[] => h.map((c) => round6(total ? c / total : 0));
  return { edges, real: share(rc, rs.length), synthetic: share(sc, ss.length), realCounts: rc, syntheticCounts: sc };
}

/** A value holding at least this share of the real values makes the panel offer the other values' histogram. */
export const DOMINANT_SHARE = 0.5;

/**
 * The real column's commonest value when it holds at least `DOMINANT_SHARE` of the present values
 * and at least two other distinct values remain: its share on each side and the histogram of the
 * other values, so a cost column that is 0 in 98% of rows shows its other 2% readably.
 */
function dominantOf(r: NumericColumn, rs: Float64Array, ss: Float64Array): { dominant?: Dominant } {
  if (rs.length === 0) return {};
  let best = rs[0];
  let bestRun = 0;
  for (let i = 0; i < rs.length;) {
    let j = i;
    while (j < rs.length && rs[j] === rs[i]) j++;
    if (j - i > bestRun) {
      bestRun = j - i;
      best = rs[i];
    }
    i = j;
  }
  if (bestRun / rs.length < DOMINANT_SHARE) return {};
  const others = (sorted: Float64Array): Float64Array => sorted.filter((v) => v !== best);
  const ro = others(rs);
  if (ro.length === 0 || ro[0] === ro[ro.length - 1]) return {};
  const so = others(ss);
  const hist = histogram(r, ro, so);
  return {
    dominant: {
      value: best,
      real: round6(bestRun / rs.length),
      synthetic: round6(ss.length ? (ss.length - so.length) / ss.length : 0),
      histogram: { edges: hist.edges, real: hist.real, synthetic: hist.synthetic },
    },
  };
}

/** p-values keep 6 significant digits (they can be tiny). */
function roundP(p: number): number {
  if (!Number.isFinite(p) || p === 0) return p;
  return Number(p.toPrecision(6));
}
