import type { CopulaSegment, SegmentColumn } from '../blueprint/models';
import type { ColumnSpec, GaussianCopulaModel } from '../blueprint/types';
import { missingVariable } from '../blueprint/models';
import type { Rng } from '../random';
import { normalQuantile } from '../stats/normal';
import { cholesky, fromRows, nearestCorrelation, toRows } from '../stats/matrix';
import type { CategoricalColumn, Column, NumericColumn, Table } from '../table';
import { takeRows } from '../table';
import { kMeans } from './cluster';
import { jitter, percentileRange, quantilePoints } from '../generate/marginals';
import { describeColumn, levelCounts, levelProbabilities, rareLevels } from './marginals';
import { dict } from '../util/dict';
import { roundTo } from '../util/round';

/**
 * Fit a Gaussian copula over all modelled columns of `table`, or a mixture of them.
 *
 * Each variable becomes a standard normal score z = Φ⁻¹(u), where u is a draw from the
 * variable's distributional transform: for a value x with CDF F, u ~ Uniform(F(x⁻), F(x)]
 * (Rüschendorf 2009), F being the column's blueprint marginal. Ties and categories therefore
 * spread evenly over their probability interval instead of collapsing onto one point, which keeps
 * the correlation of discrete and mixed variables estimable. Categories map to intervals in the
 * order of the column's distribution (see `orderCategories`, which chooses that order); a column
 * with missing values also gets an indicator variable `name?` whose "missing" interval is the top
 * `missing` share, so missingness correlates with other columns.
 *
 * The correlation matrix is Pearson's r of the scores over rows where both are present, each
 * score standardised over its own rows, shrunk toward the identity by v / n (`shrink`), made
 * positive definite if needed and rounded to 4 decimals (`storableCorrelation`).
 *
 * Segments: on tables with enough rows (`segmentCount`: at least `minSegmentRows` and ten rows
 * per variable in each), the rows are clustered by k-means on their jitter-free scores, and each
 * cluster gets its own marginals and copula; generation draws a segment by weight, then a row from
 * it. One Gaussian copula can only carry monotone relations; a mixture of them follows clusters
 * (penguins of one species), non-monotone relations and category-by-category patterns (bank
 * calls by month and day) that a single correlation matrix averages away.
 *
 * `specs` are the blueprint's columns for `table`; the categorical distributions among them are
 * rewritten in the order chosen for the copula.
 */
export function fitGaussianCopula(
  table: Table,
  specs: ColumnSpec[],
  rng: Rng,
  options: CopulaOptions,
): GaussianCopulaModel {
  const k0 = segmentCount(table.rowCount, variableCount(table, specs), options);
  // With segments, the whole-table correlation only describes the table: a sample does.
  const whole = fitOne(table, specs, rng, true, k0 > 1 ? SUMMARY_ROWS : Infinity);
  const model: GaussianCopulaModel = {
    kind: 'gaussianCopula',
    variables: whole.variables,
    correlation: whole.correlation,
  };
  const k = segmentCount(table.rowCount, whole.variables.length, options);
  if (k < 2) return model;
  const assignment = kMeans(
    whole.features!,
    table.rowCount,
    whole.variables.length,
    k,
    Math.max(options.minSegmentRows, options.minGroupSize),
    rng.fork(),
  );
  const segments: CopulaSegment[] = [];
  const members = new Map<number, number[]>();
  assignment.forEach((s, r) => {
    let list = members.get(s);
    if (!list) members.set(s, (list = []));
    list.push(r);
  });
  const pools = table.columns.map((col) =>
    col.storage === 'categorical'
      ? rareLevels(levelCounts(col.codes, col.levels.length), options.minGroupSize)
      : new Set<number>(),
  );
  for (const rows of [...members.values()].sort((a, b) => b.length - a.length || a[0] - b[0])) {
    const sub = takeRows(table, rows);
    const segSpecs = sub.columns.map((col, c) => segmentColumn(col, specs[c], pools[c], options));
    const fit = fitOne(sub, segSpecs, rng, false);
    const columns: Record<string, SegmentColumn> = dict();
    segSpecs.forEach((spec, c) => {
      if (table.columns[c].storage === 'text') return;
      columns[spec.name] = {
        ...(spec.missing ? { missing: spec.missing } : {}),
        ...(spec.distribution ? { distribution: spec.distribution } : {}),
      };
    });
    segments.push({
      weight: roundTo(rows.length / table.rowCount, 6),
      rows: rows.length,
      columns,
      variables: fit.variables,
      correlation: fit.correlation,
    });
  }
  return { ...model, segments };
}

export interface CopulaOptions {
  minGroupSize: number;
  /** Quantiles kept per numeric column inside a segment. */
  maxSegmentQuantiles: number;
  /** Most segments (1: a single copula). */
  maxSegments: number;
  /** Fewest rows a segment may hold. */
  minSegmentRows: number;
}

export const DEFAULT_COPULA_OPTIONS: Omit<CopulaOptions, 'minGroupSize'> = {
  maxSegmentQuantiles: 50,
  maxSegments: 16,
  minSegmentRows: 60,
};

/**
 * How many segments a table supports: each must hold `minSegmentRows` rows and ten rows per
 * variable, so that its correlation matrix is estimated from enough rows to mean something.
 */
function segmentCount(n: number, variables: number, options: CopulaOptions): number {
  const perSegment = Math.max(options.minSegmentRows, 10 * variables, options.minGroupSize);
  return Math.max(1, Math.min(options.maxSegments, Math.floor(n / perSegment)));
}

/** A segment's marginal of one column: the whole column's spec with the segment's own rows. */
function segmentColumn(col: Column, whole: ColumnSpec, pool: Set<number>, options: CopulaOptions): ColumnSpec {
  const n = col.storage === 'categorical' ? col.codes.length : col.values.length;
  const spec: ColumnSpec = { ...whole };
  delete spec.missing;
  delete spec.distribution;
  if (col.storage === 'categorical') {
    const counts = levelCounts(col.codes, col.levels.length);
    let present = 0;
    for (const c of counts) present += c;
    if (present < n) spec.missing = roundTo((n - present) / n, 6);
    if (present === 0 || whole.distribution?.kind !== 'categorical') return spec;
    // Same levels, same order as the whole column's distribution; absent levels are left out.
    const own = levelProbabilities(col.levels, counts, pool);
    const probabilities: Record<string, number> = dict();
    for (const level of Object.keys(whole.distribution.probabilities))
      if (own[level] > 0) probabilities[level] = own[level];
    spec.distribution = { kind: 'categorical', probabilities };
    return spec;
  }
  if (col.storage === 'numeric') {
    const described = describeColumn(
      col,
      {
        name: col.name,
        type: whole.type,
        ...(whole.format ? { format: whole.format } : {}),
        ...(whole.decimals !== undefined ? { decimals: whole.decimals } : {}),
      },
      { minGroupSize: options.minGroupSize, maxQuantiles: options.maxSegmentQuantiles },
    );
    if (described.missing) spec.missing = described.missing;
    if (described.distribution) spec.distribution = described.distribution;
  }
  return spec;
}

interface OneCopula {
  variables: string[];
  correlation: number[][];
  /** Row-major n x variables matrix of jitter-free scores, for clustering (whole table only). */
  features?: Float64Array;
}

/** One Gaussian copula over `table` (see `fitGaussianCopula`); `reorder` lets it choose category orders. */
/** Rows a descriptive whole-table correlation is estimated from (about ±0.015). */
const SUMMARY_ROWS = 5000;

/** Variables a copula over `table` will have, before fitting (to size the segments). */
function variableCount(table: Table, specs: ColumnSpec[]): number {
  let v = 0;
  table.columns.forEach((col, c) => {
    if (col.storage === 'text') return;
    v++;
    const missing = specs[c].missing ?? 0;
    if (missing > 0 && missing < 1) v++;
  });
  return v;
}

function fitOne(table: Table, specs: ColumnSpec[], rng: Rng, reorder: boolean, correlationRows = Infinity): OneCopula {
  const n = table.rowCount;
  const encoded: Encoded[] = [];
  for (let c = 0; c < table.columns.length; c++) {
    const col = table.columns[c];
    if (col.storage === 'text') continue;
    const e = encode(col, specs[c], rng);
    if (e) encoded.push(e);
  }
  if (reorder) orderCategories(encoded, n);
  // Rows the correlation is estimated from: all of them, or every (n / k)-th (k rows, evenly
  // spread, deterministic). Scores are only computed where they are used; the random draws of
  // every row are still taken, in the same order, so the stream does not depend on the sample.
  const rows = correlationRows < n ? evenRows(n, correlationRows) : undefined;
  const variables: string[] = [];
  const scores: Float64Array[] = [];
  const features: Float64Array[] = [];
  for (const e of encoded) {
    const spec = specs[table.columns.indexOf(e.column)];
    if (e.kind === 'categorical' && reorder) applyOrder(spec, e);
    const z = e.kind === 'numeric' ? (e.z && rows ? gather(e.z, rows) : e.z) : categoricalScores(e, rows);
    if (z) {
      variables.push(e.column.name);
      scores.push(z);
      if (reorder) features.push(e.kind === 'numeric' ? e.z! : midpointScores(e));
    }
    const missing = spec.missing ?? 0;
    if (missing > 0 && missing < 1) {
      const isMissing = e.column.storage === 'numeric' ? missingNumbers(e.column.values) : missingCodes(e.column.codes);
      const zm = missingScores(isMissing, missing, rng, rows);
      const fm = reorder ? missingFeatures(isMissing, missing) : undefined;
      variables.push(missingVariable(e.column.name));
      scores.push(zm);
      if (fm) features.push(fm);
    }
  }
  const estimate = pairwiseCorrelation(scores);
  const correlation = storableCorrelation(
    shrink(estimate, variables.length, Math.min(n, correlationRows)),
    variables.length,
  );
  if (!reorder) return { variables, correlation };
  return { variables, correlation, features: rowMajor(features, n) };
}

/** Columns as one row-major n x v matrix, missing (NaN) as 0. */
function rowMajor(columns: Float64Array[], n: number): Float64Array {
  const v = columns.length;
  const matrix = new Float64Array(n * v);
  for (let j = 0; j < v; j++) {
    const f = columns[j];
    for (let r = 0; r < n; r++) matrix[r * v + j] = f[r] !== f[r] ? 0 : f[r];
  }
  return matrix;
}

/** values[rows[i]] for each i. */
function gather(values: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
  return out;
}

function missingNumbers(values: Float64Array): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let r = 0; r < values.length; r++) if (values[r] !== values[r]) out[r] = 1;
  return out;
}

function missingCodes(codes: Int32Array): Uint8Array {
  const out = new Uint8Array(codes.length);
  for (let r = 0; r < codes.length; r++) if (codes[r] < 0) out[r] = 1;
  return out;
}

/**
 * Normal scores of a missingness indicator: u uniform over the top `missing` share for missing
 * rows, over the rest for present ones (one draw per row, in row order); with `rows`, only those
 * rows' scores are kept.
 */
function missingScores(isMissing: Uint8Array, missing: number, rng: Rng, rows: Int32Array | undefined): Float64Array {
  const n = isMissing.length;
  const zm = new Float64Array(rows ? rows.length : n);
  let next = 0;
  for (let r = 0; r < n; r++) {
    const u = isMissing[r] ? 1 - missing + jitter(rng) * missing : jitter(rng) * (1 - missing);
    if (!rows) zm[r] = normalQuantile(u);
    else if (rows[next] === r) zm[next++] = normalQuantile(u);
  }
  return zm;
}

/** Jitter-free scores of a missingness indicator (each side at its interval's middle), for clustering. */
function missingFeatures(isMissing: Uint8Array, missing: number): Float64Array {
  const zMissing = normalQuantile(1 - missing / 2);
  const zPresent = normalQuantile((1 - missing) / 2);
  const fm = new Float64Array(isMissing.length);
  for (let r = 0; r < fm.length; r++) fm[r] = isMissing[r] ? zMissing : zPresent;
  return fm;
}

type Encoded = NumericEncoded | CategoricalEncoded;

interface NumericEncoded {
  kind: 'numeric';
  column: NumericColumn;
  /** Normal scores (NaN where missing); undefined for a constant column. */
  z: Float64Array | undefined;
}

interface CategoricalEncoded {
  kind: 'categorical';
  column: CategoricalColumn;
  /** Present rows per level code. */
  counts: Float64Array;
  present: number;
  /** Interval width of each level code (0: not generated). */
  width: Float64Array;
  /** Level codes in interval order. */
  order: number[];
  /** May the order change? Not for two levels (a flip changes nothing) nor integer-like names. */
  free: boolean;
  /** Per row, where in its level's interval the row's u lies (0..1): fixed, so reordering is cheap. */
  jitter: Float64Array;
}

function encode(col: Column, spec: ColumnSpec, rng: Rng): Encoded | undefined {
  if (col.storage === 'numeric') return { kind: 'numeric', column: col, z: numericScores(col, spec, rng) };
  if (col.storage !== 'categorical') return undefined;
  const dist = spec.distribution;
  if (!dist || dist.kind !== 'categorical') return undefined;
  const codes = col.codes;
  const counts = levelCounts(codes, col.levels.length);
  let present = 0;
  for (let c = 0; c < counts.length; c++) present += counts[c];
  const index = new Map(col.levels.map((l, i) => [l, i] as const));
  // Interval widths are the stored probabilities (rare levels pooled), normalised over the levels
  // this table has, so encoding and generation map a level to the same interval.
  const width = new Float64Array(col.levels.length);
  let total = 0;
  for (const [level, p] of Object.entries(dist.probabilities)) {
    const c = index.get(level);
    if (c !== undefined && counts[c] > 0) {
      width[c] = p;
      total += p;
    }
  }
  if (total > 0) for (let c = 0; c < width.length; c++) width[c] /= total;
  const order = Object.keys(dist.probabilities)
    .map((l) => index.get(l) ?? -1)
    .filter((c) => c >= 0 && width[c] > 0);
  const positions = jitterPresent(codes, rng);
  const free = order.length > 2 && !order.some((c) => isArrayIndex(col.levels[c]));
  return { kind: 'categorical', column: col, counts, present, width, order, free, jitter: positions };
}

/** A uniform draw in (0, 1) for each present row (0 for missing ones), in row order. */
function jitterPresent(codes: Int32Array, rng: Rng): Float64Array {
  const positions = new Float64Array(codes.length);
  for (let r = 0; r < codes.length; r++) positions[r] = codes[r] >= 0 ? jitter(rng) : 0;
  return positions;
}

/**
 * Normal scores of a column's present values (NaN where missing); undefined if constant. Ranks
 * come from the column's blueprint marginal (`percentileRange`), not from sorting the rows
 * again: cheaper, and the same marginal generation inverts.
 */
function numericScores(col: NumericColumn, spec: ColumnSpec, rng: Rng): Float64Array | undefined {
  const points = quantilePoints(spec, spec.distribution);
  if (!points || points.q[0] === points.q[points.q.length - 1]) return undefined;
  const values = col.values;
  const n = values.length;
  const z = new Float64Array(n).fill(NaN);
  const range: [number, number] = [0, 0];
  for (let r = 0; r < n; r++) {
    const x = values[r];
    if (Number.isNaN(x)) continue;
    percentileRange(points, x, range);
    const lo = range[0];
    const u = lo + jitter(rng) * (range[1] - lo);
    z[r] = normalQuantile(u < 1e-12 ? 1e-12 : u > 1 - 1e-12 ? 1 - 1e-12 : u);
  }
  return z;
}

/**
 * Normal scores of a categorical column under its current order (undefined with < 2 levels): each
 * row's u lies in its level's interval, at its jitter. With `rows`, only those rows' scores.
 */
function categoricalScores(e: CategoricalEncoded, rows?: Int32Array): Float64Array | undefined {
  if (e.order.length < 2) return undefined;
  const lower = levelLowerBounds(e);
  const codes = e.column.codes;
  const m = rows ? rows.length : codes.length;
  const z = new Float64Array(m).fill(NaN);
  for (let i = 0; i < m; i++) {
    const r = rows ? rows[i] : i;
    const c = codes[r];
    if (c < 0 || e.width[c] === 0) continue;
    const u = lower[c] + e.jitter[r] * e.width[c];
    z[i] = normalQuantile(Math.min(1 - 1e-12, Math.max(1e-12, u)));
  }
  return z;
}

/** Jitter-free scores of a categorical column (each row at its level interval's middle), for clustering. */
function midpointScores(e: CategoricalEncoded): Float64Array {
  const lower = levelLowerBounds(e);
  const level = new Float64Array(e.width.length).fill(NaN);
  for (let c = 0; c < level.length; c++)
    if (e.width[c] > 0) level[c] = normalQuantile(Math.min(1 - 1e-12, Math.max(1e-12, lower[c] + 0.5 * e.width[c])));
  const codes = e.column.codes;
  const z = new Float64Array(codes.length);
  for (let r = 0; r < codes.length; r++) z[r] = codes[r] < 0 ? NaN : level[codes[r]];
  return z;
}

/** Where each level's interval starts, in the current order. */
function levelLowerBounds(e: CategoricalEncoded): Float64Array {
  const lower = new Float64Array(e.width.length);
  let cum = 0;
  for (const c of e.order) {
    lower[c] = cum;
    cum += e.width[c];
  }
  return lower;
}

/**
 * Choose the interval order of each categorical column so that its strongest relation becomes
 * monotone, which is the only kind a Gaussian copula can carry. A frequency order (SDV's) leaves
 * `education` unrelated to `education-num`, `class` to `pclass`, `weather_description` to
 * `weather_main`: the copula then loses relations that are exact in the data.
 *
 * Each free column C gets a partner: the other variable with the strongest association, by the
 * correlation ratio η² of a numeric partner's scores over C's levels, or Cramér's V² of a
 * categorical partner (both 1 for an exact relation, 0 for none). Then reciprocal averaging
 * (Hill 1973; the first axis of correspondence analysis when two categorical columns are each
 * other's partner): each level of C is scored by the mean score of its rows' partner, the levels
 * are sorted by that score, and this is repeated a few times so that mutual partners settle on a
 * shared axis. Nested categories (zones in boroughs) end up with each parent's children in one
 * block, so their intervals tile the parent's interval.
 */
function orderCategories(encoded: Encoded[], n: number): void {
  const free = encoded.filter((e): e is CategoricalEncoded => e.kind === 'categorical' && e.free);
  if (free.length === 0) return;
  // Associations are estimated on an evenly spaced row sample: partners are clear long before.
  const step = Math.max(1, Math.floor(n / 5000));
  const rows: number[] = [];
  for (let r = 0; r < n; r += step) rows.push(r);
  const partners = new Map<CategoricalEncoded, Encoded>();
  for (const c of free) {
    let best: Encoded | undefined;
    let bestScore = 0.01;
    for (const other of encoded) {
      if (other === c) continue;
      const a =
        other.kind === 'numeric' ? (other.z ? correlationRatio(c, other.z, rows) : 0) : cramersV2(c, other, rows);
      if (a > bestScore) {
        bestScore = a;
        best = other;
      }
    }
    if (best) partners.set(c, best);
  }
  // Scores of each variable's rows as the partners see them: numeric z, or a level score.
  const levelScores = new Map<CategoricalEncoded, Float64Array>();
  const initialScores = (e: CategoricalEncoded): Float64Array => {
    const s = new Float64Array(e.counts.length);
    let cum = 0;
    for (const c of e.order) {
      const w = e.counts[c] / e.present;
      s[c] = normalQuantile(Math.min(1 - 1e-9, Math.max(1e-9, cum + w / 2)));
      cum += w;
    }
    return s;
  };
  for (const e of encoded) if (e.kind === 'categorical') levelScores.set(e, initialScores(e));
  for (let iteration = 0; iteration < 4; iteration++) {
    for (const c of free) {
      const partner = partners.get(c);
      if (!partner) continue;
      const sum = new Float64Array(c.counts.length);
      const count = new Float64Array(c.counts.length);
      const codes = c.column.codes;
      // Each row's score as the partner sees it: its numeric z, or its level's current score.
      if (partner.kind === 'numeric') {
        const z = partner.z;
        if (z) {
          for (let r = 0; r < n; r++) {
            const code = codes[r];
            if (code < 0) continue;
            const s = z[r];
            if (Number.isNaN(s)) continue;
            sum[code] += s;
            count[code]++;
          }
        }
      } else {
        const partnerCodes = partner.column.codes;
        const partnerScores = levelScores.get(partner)!;
        for (let r = 0; r < n; r++) {
          const code = codes[r];
          if (code < 0) continue;
          const pc = partnerCodes[r];
          if (pc < 0) continue;
          const s = partnerScores[pc];
          if (Number.isNaN(s)) continue;
          sum[code] += s;
          count[code]++;
        }
      }
      const scores = new Float64Array(c.counts.length);
      for (let l = 0; l < scores.length; l++) scores[l] = count[l] > 0 ? sum[l] / count[l] : 0;
      // Standardise (weighted by level size) so the scores stay on one scale between rounds.
      let mean = 0;
      let total = 0;
      for (const l of c.order) {
        mean += scores[l] * c.counts[l];
        total += c.counts[l];
      }
      mean /= total;
      let ss = 0;
      for (const l of c.order) ss += c.counts[l] * (scores[l] - mean) ** 2;
      const sd = Math.sqrt(ss / total) || 1;
      for (const l of c.order) scores[l] = (scores[l] - mean) / sd;
      levelScores.set(c, scores);
      c.order = [...c.order].sort((a, b) => scores[a] - scores[b] || a - b);
    }
  }
}

/** η² = between-level variance / total variance of `z` over the levels of `c` (sampled rows). */
function correlationRatio(c: CategoricalEncoded, z: Float64Array, rows: number[]): number {
  const sum = new Float64Array(c.counts.length);
  const count = new Float64Array(c.counts.length);
  let total = 0;
  let totalSq = 0;
  let m = 0;
  const codes = c.column.codes;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const code = codes[r];
    const v = z[r];
    if (code < 0 || Number.isNaN(v)) continue;
    sum[code] += v;
    count[code]++;
    total += v;
    totalSq += v * v;
    m++;
  }
  if (m < 2) return 0;
  const mean = total / m;
  const ssTotal = totalSq - m * mean * mean;
  if (!(ssTotal > 0)) return 0;
  let ssBetween = 0;
  for (let l = 0; l < sum.length; l++) if (count[l] > 0) ssBetween += count[l] * (sum[l] / count[l] - mean) ** 2;
  return ssBetween / ssTotal;
}

/** Cramér's V² = χ² / (m (min(r, c) - 1)) of two categorical columns over the sampled rows. */
function cramersV2(a: CategoricalEncoded, b: CategoricalEncoded, rows: number[]): number {
  const ra = a.counts.length;
  const rb = b.counts.length;
  const table = new Float64Array(ra * rb);
  const rowSum = new Float64Array(ra);
  const colSum = new Float64Array(rb);
  let m = 0;
  const ca = a.column.codes;
  const cb = b.column.codes;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const x = ca[r];
    const y = cb[r];
    if (x < 0 || y < 0) continue;
    table[x * rb + y]++;
    rowSum[x]++;
    colSum[y]++;
    m++;
  }
  let usedA = 0;
  let usedB = 0;
  for (const s of rowSum) if (s > 0) usedA++;
  for (const s of colSum) if (s > 0) usedB++;
  const k = Math.min(usedA, usedB) - 1;
  if (m === 0 || k < 1) return 0;
  let chi2 = 0;
  for (let x = 0; x < ra; x++) {
    if (rowSum[x] === 0) continue;
    for (let y = 0; y < rb; y++) {
      if (colSum[y] === 0) continue;
      const expected = (rowSum[x] * colSum[y]) / m;
      const d = table[x * rb + y] - expected;
      chi2 += (d * d) / expected;
    }
  }
  return chi2 / (m * k);
}

/**
 * Rewrite the column's categorical distribution in the chosen order, then take back the order
 * the object really has: JavaScript (and so JSON round trips) lists integer-like keys first, in
 * ascending order, whatever the insertion order.
 */
function applyOrder(spec: ColumnSpec, e: CategoricalEncoded): void {
  const dist = spec.distribution;
  if (dist?.kind !== 'categorical') return;
  const levels = e.column.levels;
  const reordered: Record<string, number> = dict();
  for (const c of e.order) reordered[levels[c]] = dist.probabilities[levels[c]];
  for (const [k, v] of Object.entries(dist.probabilities)) if (!(k in reordered)) reordered[k] = v;
  spec.distribution = { ...dist, probabilities: reordered };
  e.order = Object.keys(reordered)
    .map((l) => levels.indexOf(l))
    .filter((c) => c >= 0 && e.width[c] > 0);
}

/** True for keys JavaScript objects enumerate first, in numeric order ("0", "17", not "017"). */
function isArrayIndex(key: string): boolean {
  return /^(0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4294967295;
}

/** Every (n / k)-th row of n (k rows, evenly spread, ascending, deterministic). */
function evenRows(n: number, k: number): Int32Array {
  const out = new Int32Array(k);
  const step = n / k;
  for (let i = 0; i < k; i++) out[i] = Math.floor(i * step);
  return out;
}

function pairwiseCorrelation(scores: Float64Array[]): Float64Array {
  const n = scores.length ? scores[0].length : 0;
  const v = scores.length;
  const std: Float64Array[] = [];
  const hasMissing: boolean[] = [];
  for (const s of scores) {
    let sum = 0;
    let count = 0;
    for (let r = 0; r < n; r++)
      if (!Number.isNaN(s[r])) {
        sum += s[r];
        count++;
      }
    const mean = sum / count;
    let ss = 0;
    for (let r = 0; r < n; r++) if (!Number.isNaN(s[r])) ss += (s[r] - mean) ** 2;
    const sd = Math.sqrt(ss / count) || 1;
    const out = new Float64Array(n);
    for (let r = 0; r < n; r++) out[r] = Number.isNaN(s[r]) ? 0 : (s[r] - mean) / sd;
    std.push(out);
    hasMissing.push(count < n);
  }
  const m = new Float64Array(v * v);
  for (let i = 0; i < v; i++) {
    m[i * v + i] = 1;
    const a = std[i];
    for (let j = i + 1; j < v; j++) {
      const b = std[j];
      let dot = 0;
      for (let r = 0; r < n; r++) dot += a[r] * b[r];
      let pairs = n;
      if (hasMissing[i] || hasMissing[j]) {
        pairs = 0;
        const si = scores[i];
        const sj = scores[j];
        for (let r = 0; r < n; r++) if (!Number.isNaN(si[r]) && !Number.isNaN(sj[r])) pairs++;
      }
      const r = pairs > 2 ? Math.max(-1, Math.min(1, dot / pairs)) : 0;
      m[i * v + j] = r;
      m[j * v + i] = r;
    }
  }
  return m;
}

/**
 * Shrink a correlation estimate toward the identity, R' = (1 - λ)R + λI with λ = min(0.5, v / n):
 * with few rows per variable each r carries noise of about 1/√n, and a copula that reproduces
 * that noise reproduces the training rows' accidents (on a 40-row table, correlations of ±0.3
 * between unrelated columns). λ is negligible on large tables (0.0006 on adult).
 */
function shrink(m: Float64Array, v: number, n: number): Float64Array {
  const lambda = Math.min(0.5, v / Math.max(1, n));
  if (v < 2 || lambda <= 0) return m;
  const out = new Float64Array(m.length);
  for (let i = 0; i < m.length; i++) out[i] = (1 - lambda) * m[i];
  for (let i = 0; i < v; i++) out[i * v + i] = 1;
  return out;
}

/**
 * The correlation matrix rounded to 4 decimals as the blueprint stores it, made positive definite
 * if it is not, so generation can take its Cholesky factor as written. A Cholesky attempt is the
 * cheap test (O(v³/6)); only a failing matrix is repaired: by eigenvalue clipping (Rousseeuw &
 * Molenberghs 1993) when small, then, and always for wide tables (a 220-column table with 240
 * rows has a singular correlation matrix, and an eigen-decomposition of that size costs seconds),
 * by shrinking toward the identity, R' = (1 - λ)R + λI, with the smallest λ that works.
 */
function storableCorrelation(m: Float64Array, v: number): number[][] {
  const rounded = (x: Float64Array): number[][] => toRows(x, v, 4);
  let rows = rounded(m);
  if (v < 2 || cholesky(fromRows(rows), v, 1e-10)) return rows;
  const base = v <= 60 ? nearestCorrelation(m, v, 1e-4) : m;
  rows = rounded(base);
  for (let lambda = 0.002; !cholesky(fromRows(rows), v, 1e-10); lambda *= 2) {
    if (lambda >= 1)
      return rounded(
        fromRows(Array.from({ length: v }, (_, i) => Array.from({ length: v }, (_, j) => (i === j ? 1 : 0)))),
      );
    const shrunk = new Float64Array(v * v);
    for (let i = 0; i < v * v; i++) shrunk[i] = (1 - lambda) * base[i];
    for (let i = 0; i < v; i++) shrunk[i * v + i] = 1;
    rows = rounded(shrunk);
  }
  return rows;
}
