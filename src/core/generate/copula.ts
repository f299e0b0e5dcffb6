import type { CopulaSegment } from '../blueprint/models';
import type { Blueprint, ColumnSpec } from '../blueprint/types';
import { missingVariable } from '../blueprint/models';
import type { Rng } from '../random';
import { choleskyOfCorrelation, fromRows } from '../stats/matrix';
import type { CategoricalColumn, Column, NumericColumn, Table, TextColumn } from '../table';
import { storageOf } from '../table';
import { categoricalInverse, jitter, numericInverse, outputFor, textGenerator, type Output } from './marginals';
import { STRATUM_ROWS, type Plan } from './plan';

/**
 * Generation from a Gaussian copula: draw z ~ N(0, R) through the Cholesky factor of the
 * correlation matrix R, turn each z into a uniform u, and each u through its column's inverse
 * marginal. A mixture (`segments`) gives each row a segment, drawn by weight, and generates it from
 * that segment's copula and marginals.
 *
 * Draws are stratified (Latin hypercube sampling, McKay, Beckman & Conover 1979) within blocks of
 * `STRATUM_ROWS` rows: a block's rows are dealt to segments in proportion to their weights (the
 * remainder by largest fraction, in shuffled order), and within a segment each variable's u is
 * (rank of its z among the segment's rows + a uniform jitter) / rows, rather than Φ(z). Ranks keep
 * the copula's dependence exactly as Φ would; stratifying removes the sampling noise of the
 * marginals, so a block reproduces every category share and quantile of the blueprint, not a
 * noisy draw of them (a 189-zone column sampled row by row is off by several percent in total
 * variation on a table of 6,000 rows). Columns outside the model (constant columns, a blueprint
 * without a model) and missingness without an indicator variable get stratified independent u's.
 */
export function compileCopula(blueprint: Blueprint): Plan {
  const model = blueprint.model?.kind === 'gaussianCopula' ? blueprint.model : undefined;
  const outputs = blueprint.columns.map((spec) => outputFor(spec));
  const texts = blueprint.columns.map((spec) => (storageOf(spec.type) === 'text' ? textGenerator(spec) : undefined));
  const parts = model?.segments?.length
    ? model.segments.map((seg) =>
        compilePart(
          blueprint.columns.map((spec) => segmentSpec(spec, seg)),
          seg.variables,
          seg.correlation,
          outputs,
          texts,
        ),
      )
    : [compilePart(blueprint.columns, model?.variables ?? [], model?.correlation ?? [], outputs, texts)];
  const weights = model?.segments?.length ? model.segments.map((s) => Math.max(0, s.weight)) : [1];
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const shares = weights.map((w) => (total > 0 ? w / total : 1 / weights.length));
  return {
    generate(n: number, offset: number, rng: Rng): Table {
      const columns = outputs.map((o) => o.allocate(n));
      for (let start = 0; start < n; start += STRATUM_ROWS) {
        const m = Math.min(STRATUM_ROWS, n - start);
        const labels = dealSegments(m, shares, rng);
        for (let s = 0; s < parts.length; s++) {
          let count = 0;
          for (let i = 0; i < m; i++) if (labels[i] === s) count++;
          if (count === 0) continue;
          const rows = new Int32Array(count);
          let k = 0;
          for (let i = 0; i < m; i++) if (labels[i] === s) rows[k++] = start + i;
          parts[s](columns, rows, offset, rng);
        }
      }
      return { rowCount: n, columns };
    },
  };
}

/**
 * Segment of each of `m` rows: floor(m · share) rows each, the remaining rows to the largest
 * fractional parts, in a shuffled order.
 */
export function dealSegments(m: number, shares: number[], rng: Rng): Int32Array {
  const labels = new Int32Array(m);
  if (shares.length === 1) return labels;
  const counts = shares.map((p) => Math.floor(m * p));
  let left = m - counts.reduce((a, b) => a + b, 0);
  const byFraction = shares
    .map((_, i) => i)
    .sort((a, b) => m * shares[b] - counts[b] - (m * shares[a] - counts[a]) || a - b);
  for (let i = 0; left > 0; i = (i + 1) % byFraction.length, left--) counts[byFraction[i]]++;
  let k = 0;
  counts.forEach((c, s) => {
    for (let j = 0; j < c; j++) labels[k++] = s;
  });
  for (let i = m - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = labels[i];
    labels[i] = labels[j];
    labels[j] = t;
  }
  return labels;
}

/** The column as a segment sees it: the segment's marginal and missing rate, the column's bounds. */
export function segmentSpec(spec: ColumnSpec, segment: CopulaSegment): ColumnSpec {
  const own = segment.columns[spec.name];
  if (!own) return spec;
  const out: ColumnSpec = { ...spec };
  delete out.missing;
  delete out.distribution;
  if (own.missing) out.missing = own.missing;
  if (own.distribution) out.distribution = own.distribution;
  else if (storageOf(spec.type) !== 'text') out.missing = 1;
  return out;
}

/** Fills the given rows (positions in the chunk) of the outputs from one copula. */
type PartFiller = (columns: Column[], rows: Int32Array, offset: number, rng: Rng) => void;

/**
 * One copula (the whole model, or one segment). Its uniforms per row are the model's variables
 * followed by "extras": one independent variable per value or missingness draw the model does
 * not cover.
 */
function compilePart(
  specs: ColumnSpec[],
  variables: string[],
  correlation: number[][],
  outputs: Output[],
  texts: (((row: number, rng: Rng) => string) | undefined)[],
): PartFiller {
  const variableIndex = new Map<string, number>();
  variables.forEach((name, i) => variableIndex.set(name, i));
  const v = variables.length;
  const chol = v > 0 ? choleskyOfCorrelation(fromRows(correlation), v) : new Float64Array(0);
  let width = v;
  const fills = specs.map((spec, c) => {
    const storage = storageOf(spec.type);
    let valueVar = variableIndex.get(spec.name) ?? -1;
    if (valueVar < 0 && storage !== 'text') valueVar = width++;
    const missing = spec.missing ?? 0;
    let missingVar = variableIndex.get(missingVariable(spec.name)) ?? -1;
    if (missingVar < 0 && missing > 0 && missing < 1) missingVar = width++;
    return compileColumn(spec, valueVar, missingVar, outputs[c], texts[c]);
  });
  // Each phase is its own small function with one main loop: run cold (the CLI), a long loop is
  // compiled while it runs, and code after it in the same function would be compiled without
  // having run yet and thrown away again when reached.
  return (columns, rows, offset, rng) => {
    const m = rows.length;
    const u = new Float64Array(m * width);
    if (v > 0) {
      // Correlated normals, one row at a time (z = L·eps), then per variable its stratified u.
      const normals = new Float64Array(m * v);
      fillNormals(normals, rng);
      const z = correlate(normals, chol, m, v);
      const column = new Float64Array(m);
      const rank = new Int32Array(m);
      const scratch = new RankScratch(m);
      for (let j = 0; j < v; j++) {
        gatherColumn(z, v, j, column);
        normalRanks(column, rank, scratch);
        stratifiedUniforms(rank, u, width, j, rng);
      }
    }
    for (let j = v; j < width; j++) stratifiedUniforms(rng.permutation(m), u, width, j, rng);
    fillRows(fills, columns, rows, offset, u, width, rng);
  };
}

/** z = L·eps for each row of `normals` (m rows of v), L lower triangular. */
function correlate(normals: Float64Array, chol: Float64Array, m: number, v: number): Float64Array {
  const z = new Float64Array(m * v);
  const eps = new Float64Array(v);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < v; j++) eps[j] = normals[i * v + j];
    for (let j = 0; j < v; j++) {
      let x = 0;
      const row = j * v;
      for (let k = 0; k <= j; k++) x += chol[row + k] * eps[k];
      z[i * v + j] = x;
    }
  }
  return z;
}

/** Column j of a row-major matrix with v columns, into `out`. */
function gatherColumn(z: Float64Array, v: number, j: number, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = z[i * v + j];
}

/** u[i][j] = (rank[i] + jitter) / m: a stratified uniform per row (Latin hypercube). */
function stratifiedUniforms(rank: ArrayLike<number>, u: Float64Array, width: number, j: number, rng: Rng): void {
  const m = rank.length;
  for (let i = 0; i < m; i++) u[i * width + j] = (rank[i] + jitter(rng)) / m;
}

function fillRows(
  fills: ColumnFiller[],
  columns: Column[],
  rows: Int32Array,
  offset: number,
  u: Float64Array,
  width: number,
  rng: Rng,
): void {
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    for (let c = 0; c < fills.length; c++) fills[c](columns[c], r, offset + r, u, i * width, rng);
  }
}

type ColumnFiller = (column: Column, r: number, globalRow: number, u: Float64Array, at: number, rng: Rng) => void;

function compileColumn(
  spec: ColumnSpec,
  valueVar: number,
  missingVar: number,
  output: Output,
  text: ((row: number, rng: Rng) => string) | undefined,
): ColumnFiller {
  const missing = spec.missing ?? 0;
  const isMissing = (u: Float64Array, at: number): boolean =>
    missing <= 0 ? false : missing >= 1 ? true : u[at + missingVar] >= 1 - missing;
  const storage = storageOf(spec.type);
  if (storage === 'numeric') {
    const inverse = numericInverse(spec);
    return (column, r, _g, u, at) => {
      (column as NumericColumn).values[r] = isMissing(u, at) ? NaN : inverse(clampOpen(u[at + valueVar]));
    };
  }
  if (storage === 'categorical') {
    const inv = categoricalInverse(spec);
    // This part's levels may be a subset of the column's, in the same order: map to output codes.
    const index = new Map(output.levels.map((l, i) => [l, i] as const));
    const toOutput = Int32Array.from(inv.levels, (l) => index.get(l) ?? -1);
    return (column, r, _g, u, at) => {
      const code = inv.pick(clampOpen(u[at + valueVar]));
      (column as CategoricalColumn).codes[r] = isMissing(u, at) || code < 0 ? -1 : toOutput[code];
    };
  }
  const generateText = text ?? textGenerator(spec);
  return (column, r, globalRow, u, at, rng) => {
    (column as TextColumn).values[r] = isMissing(u, at) ? null : generateText(globalRow, rng);
  };
}

/**
 * Standard normal draws by the Marsaglia polar method from 32-bit uniforms: only the ranks of the
 * draws matter downstream, and 2^-32 resolution still reaches beyond 6 standard deviations, so
 * the second 32-bit word `Rng.normal` spends on every uniform would be wasted work.
 */
function fillNormals(out: Float64Array, rng: Rng): void {
  const scale = 2 / 4294967296;
  for (let i = 0; i < out.length;) {
    const a = (rng.nextUint32() + 0.5) * scale - 1;
    const b = (rng.nextUint32() + 0.5) * scale - 1;
    const s = a * a + b * b;
    if (s >= 1) continue;
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    out[i++] = a * f;
    if (i < out.length) out[i++] = b * f;
  }
}

export class RankScratch {
  readonly t: Float64Array;
  readonly start: Int32Array;
  readonly order: Int32Array;
  readonly bucket: Int32Array;
  constructor(m: number) {
    this.t = new Float64Array(m);
    this.start = new Int32Array(m + 1);
    this.order = new Int32Array(m);
    this.bucket = new Int32Array(m);
  }
}

/**
 * Ranks (0..m-1) of m standard normal draws, in O(m): a bucket sort on t = 1 / (1 + e^(-1.702 z)),
 * which is increasing (so it keeps the order) and within 0.01 of Φ(z) (Bowling et al. 2009), so
 * the m buckets hold about one draw each; ties inside a bucket are settled by insertion sort.
 * Sorting each variable of each block instead costs several times more.
 */
export function normalRanks(z: Float64Array, rank: Int32Array, s: RankScratch): void {
  const m = z.length;
  const { t, start, order, bucket } = s;
  start.fill(0);
  for (let i = 0; i < m; i++) {
    const x = 1 / (1 + Math.exp(-1.702 * z[i]));
    t[i] = x;
    let b = Math.floor(x * m);
    if (b >= m) b = m - 1;
    bucket[i] = b;
    start[b + 1]++;
  }
  for (let b = 0; b < m; b++) start[b + 1] += start[b];
  for (let i = 0; i < m; i++) order[start[bucket[i]]++] = i;
  // `start[b]` now marks the end of bucket b: sort each bucket's few entries by t.
  let from = 0;
  for (let b = 0; b < m; b++) {
    const to = start[b];
    for (let k = from + 1; k < to; k++) {
      const i = order[k];
      const x = t[i];
      let j = k - 1;
      while (j >= from && t[order[j]] > x) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = i;
    }
    from = to;
  }
  for (let k = 0; k < m; k++) rank[order[k]] = k;
}

function clampOpen(u: number): number {
  return u <= 0 ? Number.MIN_VALUE : u >= 1 ? 1 - 1e-16 : u;
}
