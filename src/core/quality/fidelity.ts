import { chiSquareSurvival } from '../stats/special';
import { sortedPresent } from '../stats/sort';
import type { ChiSquareResult } from './types';

/**
 * Fidelity metrics with SDMetrics' public definitions (docs.sdv.dev/sdmetrics), so our scores
 * compare with the field's. Missing values are dropped unless a metric says otherwise.
 */

/**
 * Two-sample Kolmogorov-Smirnov statistic D = sup_x |F_real(x) - F_synth(x)| over the empirical
 * CDFs of the non-missing values (as scipy.stats.ks_2samp computes it). NaN if either is empty.
 */
export function ksStatistic(real: ArrayLike<number>, synthetic: ArrayLike<number>): number {
  return ksStatisticSorted(sortedPresent(real), sortedPresent(synthetic));
}

/** `ksStatistic` on values already sorted ascending, without missing values. */
export function ksStatisticSorted(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0 || b.length === 0) return NaN;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] <= b[j] ? a[i] : b[j];
    while (i < a.length && a[i] <= x) i++;
    while (j < b.length && b[j] <= x) j++;
    const diff = Math.abs(i / a.length - j / b.length);
    if (diff > d) d = diff;
  }
  return d;
}

/**
 * KSComplement = 1 - D (SDMetrics `KSComplement`), for numeric and datetime columns.
 * 1 means identical empirical distributions.
 */
export function ksComplement(real: ArrayLike<number>, synthetic: ArrayLike<number>): number {
  return ksComplementOf(ksStatistic(real, synthetic));
}

/** KSComplement from the KS statistic D. */
export function ksComplementOf(d: number): number {
  return 1 - d;
}

/**
 * TVComplement = 1 - ½ Σ_c |p_real(c) - p_synth(c)| over the union of categories, with
 * frequencies among non-missing values (SDMetrics `TVComplement`). Inputs are counts per
 * category (aligned arrays; a category absent from one side has count 0). NaN if either side
 * has no values.
 */
export function tvComplement(realCounts: ArrayLike<number>, syntheticCounts: ArrayLike<number>): number {
  return 1 - totalVariation(realCounts, syntheticCounts);
}

/** Total variation distance ½ Σ |p - q| between two count vectors. */
export function totalVariation(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) sp += p[i];
  for (let i = 0; i < q.length; i++) sq += q[i];
  if (sp === 0 || sq === 0) return NaN;
  let tv = 0;
  const n = Math.max(p.length, q.length);
  for (let i = 0; i < n; i++) tv += Math.abs((p[i] ?? 0) / sp - (q[i] ?? 0) / sq);
  return tv / 2;
}

/**
 * Pearson correlation of x and y over rows where both are present. NaN when fewer than two such
 * rows or when either is constant over them.
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    n++;
    sx += a;
    sy += b;
  }
  if (n < 2) return NaN;
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    const dx = a - mx;
    const dy = b - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/**
 * CorrelationSimilarity = 1 - |r_real - r_synth| / 2 with Pearson's r (SDMetrics
 * `CorrelationSimilarity`, its default coefficient). SDMetrics fills missing values with 0 before
 * correlating; we use the rows where both values are present instead, which does not invent a
 * value of 0. NaN when the real correlation is undefined (a constant column); an undefined
 * synthetic correlation counts as 0, as in SDMetrics.
 */
export function correlationSimilarity(
  realX: ArrayLike<number>,
  realY: ArrayLike<number>,
  synthX: ArrayLike<number>,
  synthY: ArrayLike<number>,
): { score: number; real: number; synthetic: number } {
  return correlationSimilarityOf(pearson(realX, realY), () => pearson(synthX, synthY));
}

/** `correlationSimilarity` from the real r and (asked only when that is defined) the synthetic r. */
export function correlationSimilarityOf(
  real: number,
  syntheticR: () => number,
): { score: number; real: number; synthetic: number } {
  if (Number.isNaN(real)) return { score: NaN, real, synthetic: NaN };
  let synthetic = syntheticR();
  if (Number.isNaN(synthetic)) synthetic = 0;
  return { score: 1 - Math.abs(real - synthetic) / 2, real, synthetic };
}

/**
 * ContingencySimilarity = 1 - ½ Σ_{a,b} |p_real(a,b) - p_synth(a,b)| over the joint categories of
 * two discrete columns, missing values counted as a category of their own (SDMetrics
 * `ContingencySimilarity`, which groups with `dropna=False`). Inputs are per-row category codes
 * (any integers; -1 is missing) for each side, and the number of codes of each column.
 */
export function contingencySimilarity(
  realA: ArrayLike<number>,
  realB: ArrayLike<number>,
  synthA: ArrayLike<number>,
  synthB: ArrayLike<number>,
  sizeA: number,
  sizeB: number,
): number {
  return contingencySimilarityOfCounts(
    jointCounts(realA, realB, sizeA, sizeB),
    jointCounts(synthA, synthB, sizeA, sizeB),
  );
}

/** `contingencySimilarity` from the joint counts of each side (as `jointCounts` lays them out). */
export function contingencySimilarityOfCounts(real: ArrayLike<number>, synthetic: ArrayLike<number>): number {
  return 1 - totalVariation(real, synthetic);
}

/**
 * Counts of (a, b) code pairs (codes 0..size-1, -1 missing), flattened as
 * (a + 1) * (sizeB + 1) + (b + 1).
 */
export function jointCounts(a: ArrayLike<number>, b: ArrayLike<number>, sizeA: number, sizeB: number): Float64Array {
  const width = sizeB + 1;
  const g = new Float64Array((sizeA + 1) * width);
  for (let i = 0; i < a.length; i++) g[(a[i] + 1) * width + b[i] + 1]++;
  return g;
}

/**
 * Discretise a numeric column into `bins` equal-width bins of the *real* column's range, as
 * SDMetrics' ColumnPairTrends does for numeric-categorical pairs (`num_discrete_bins=10`): codes
 * 0..bins-1, values outside the real range go to the end bins, missing stays -1. (SDMetrics
 * bins each table on its own range; binning both on the real range compares like with like.)
 */
export function discretise(values: ArrayLike<number>, min: number, max: number, bins = 10): Int32Array {
  const out = new Int32Array(values.length);
  const width = (max - min) / bins;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) {
      out[i] = -1;
      continue;
    }
    if (!(width > 0)) {
      out[i] = 0;
      continue;
    }
    let b = Math.floor((v - min) / width);
    if (b < 0) b = 0;
    if (b >= bins) b = bins - 1;
    out[i] = b;
  }
  return out;
}

/**
 * Wasserstein-1 (earth mover's) distance between the empirical distributions of two samples,
 * the integral of |F_a(x) - F_b(x)| dx over the real line (as scipy.stats.wasserstein_distance
 * computes it for unweighted samples). Inputs sorted ascending without missing values; NaN if
 * either is empty.
 */
export function wassersteinSorted(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0 || b.length === 0) return NaN;
  let i = 0;
  let j = 0;
  let total = 0;
  let x = Math.min(a[0], b[0]);
  while (i < a.length || j < b.length) {
    // Advance past every value equal to x, then integrate |F_a - F_b| up to the next value.
    while (i < a.length && a[i] <= x) i++;
    while (j < b.length && b[j] <= x) j++;
    if (i >= a.length && j >= b.length) break;
    const next = i >= a.length ? b[j] : j >= b.length ? a[i] : Math.min(a[i], b[j]);
    total += Math.abs(i / a.length - j / b.length) * (next - x);
    x = next;
  }
  return total;
}

/**
 * Wasserstein-1 distance divided by the real column's range (max - min), so that 0 means the same
 * distribution and 0.1 means mass moved by a tenth of the real range on average. A constant real
 * column divides by 1. Inputs are raw columns (missing values dropped).
 */
export function scaledWasserstein(real: ArrayLike<number>, synthetic: ArrayLike<number>): number {
  return scaledWassersteinSorted(sortedPresent(real), sortedPresent(synthetic));
}

/** `scaledWasserstein` on values already sorted ascending, without missing values. */
export function scaledWassersteinSorted(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0 || b.length === 0) return NaN;
  const range = a[a.length - 1] - a[0];
  return wassersteinSorted(a, b) / (range > 0 ? range : 1);
}

/**
 * Jensen-Shannon divergence in bits between two distributions given as counts (normalised here):
 * JSD = ½ KL(p || m) + ½ KL(q || m) with m = ½ (p + q) and log base 2, so 0 <= JSD <= 1. This is
 * the square of scipy.spatial.distance.jensenshannon(p, q, base=2). NaN if either is all zero.
 */
export function jensenShannonDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sp = 0;
  let sq = 0;
  const n = Math.max(p.length, q.length);
  for (let i = 0; i < p.length; i++) sp += p[i];
  for (let i = 0; i < q.length; i++) sq += q[i];
  if (sp === 0 || sq === 0) return NaN;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const a = (p[i] ?? 0) / sp;
    const b = (q[i] ?? 0) / sq;
    const m = (a + b) / 2;
    if (a > 0) d += a * Math.log2(a / m);
    if (b > 0) d += b * Math.log2(b / m);
  }
  return Math.max(0, Math.min(1, d / 2));
}

/**
 * Pearson's chi-square test of homogeneity on the 2 x K table of real and synthetic counts per
 * category, as scipy.stats.chi2_contingency computes it by default: expected counts from the
 * margins, categories empty on both sides dropped, Yates' continuity correction when dof = 1,
 * p-value from the chi-square distribution with (2 - 1)(K - 1) degrees of freedom. Cramér's V
 * uses the uncorrected statistic (as scipy.stats.contingency.association). NaN fields when
 * either side is empty or fewer than two categories remain (nothing to test).
 */
export function chiSquareHomogeneity(real: ArrayLike<number>, synthetic: ArrayLike<number>): ChiSquareResult {
  const cols: [number, number][] = [];
  const n = Math.max(real.length, synthetic.length);
  let nr = 0;
  let ns = 0;
  for (let i = 0; i < n; i++) {
    const a = real[i] ?? 0;
    const b = synthetic[i] ?? 0;
    if (a + b === 0) continue;
    cols.push([a, b]);
    nr += a;
    ns += b;
  }
  const total = nr + ns;
  if (nr === 0 || ns === 0 || cols.length < 2)
    return { statistic: NaN, dof: Math.max(0, cols.length - 1), pValue: NaN, cramersV: NaN };
  const dof = cols.length - 1;
  let plain = 0;
  let corrected = 0;
  for (const [a, b] of cols) {
    const colTotal = a + b;
    for (const [observed, rowTotal] of [
      [a, nr],
      [b, ns],
    ] as const) {
      const expected = (rowTotal * colTotal) / total;
      const diff = observed - expected;
      plain += (diff * diff) / expected;
      // Yates: move each observed count half a unit towards its expectation (never past it).
      const adj = Math.max(0, Math.abs(diff) - 0.5);
      corrected += (adj * adj) / expected;
    }
  }
  const statistic = dof === 1 ? corrected : plain;
  return { statistic, dof, pValue: chiSquareSurvival(statistic, dof), cramersV: Math.sqrt(plain / total) };
}

/**
 * Pearson correlation matrix of some numeric columns (pairwise complete rows), null where
 * undefined. Symmetric, 1 on the diagonal for non-constant columns.
 */
export function correlationMatrix(
  columns: ArrayLike<number>[],
  r_: (i: number, j: number) => number = (i, j) => pearson(columns[i], columns[j]),
): (number | null)[][] {
  const k = columns.length;
  const out: (number | null)[][] = Array.from({ length: k }, () => new Array<number | null>(k).fill(null));
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const r = r_(i, j);
      const v = Number.isNaN(r) ? null : r;
      out[i][j] = v;
      out[j][i] = v;
    }
  }
  return out;
}
