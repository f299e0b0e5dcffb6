import type { ColumnSpec, GaussianCopulaModel } from '../blueprint/types';
import { missingVariable } from '../blueprint/types';
import type { Rng } from '../random';
import { normalQuantile } from '../stats/normal';
import { minEigenvalue, nearestCorrelation, toRows } from '../stats/matrix';
import type { Column, Table } from '../table';

/**
 * Fit a Gaussian copula over all modelled columns of `table`.
 *
 * Each variable becomes a standard normal score z = Φ⁻¹(u), where u is a draw from the
 * variable's distributional transform: for a value x with empirical CDF F, u ~ Uniform(F(x⁻), F(x)]
 * (Rüschendorf, 2009). Ties and categories therefore spread evenly over their probability
 * interval instead of collapsing onto one point, which keeps the correlation of discrete and
 * mixed variables estimable. Categories map to intervals in the order of the column's
 * distribution; a column with missing values also gets an indicator variable `name?` whose
 * "missing" interval is the top `missing` share, so missingness correlates with other columns.
 *
 * The correlation matrix is Pearson's r of the scores over rows where both are present, each
 * score standardised over its own rows; it is repaired to the nearest valid correlation matrix
 * when the pairwise estimate is not positive semi-definite, and rounded to 4 decimals.
 */
export function fitGaussianCopula(table: Table, specs: ColumnSpec[], rng: Rng): GaussianCopulaModel {
  const variables: string[] = [];
  const scores: Float64Array[] = [];
  const n = table.rowCount;
  for (let c = 0; c < table.columns.length; c++) {
    const col = table.columns[c];
    const spec = specs[c];
    if (col.storage === 'text') continue;
    const value = valueScores(col, spec, rng);
    if (value) {
      variables.push(col.name);
      scores.push(value);
    }
    const missing = spec.missing ?? 0;
    if (missing > 0 && missing < 1) {
      const z = new Float64Array(n);
      for (let r = 0; r < n; r++) {
        const isMissing = col.storage === 'numeric' ? Number.isNaN(col.values[r]) : col.codes[r] < 0;
        const u = isMissing ? 1 - missing + rng.nextOpen() * missing : rng.nextOpen() * (1 - missing);
        z[r] = normalQuantile(u);
      }
      variables.push(missingVariable(col.name));
      scores.push(z);
    }
  }
  const correlation = pairwiseCorrelation(scores, n);
  return { kind: 'gaussianCopula', variables, correlation: toRows(correlation, variables.length, 4) };
}

/** Normal scores of a column's present values (NaN where missing); undefined if constant. */
function valueScores(col: Column, spec: ColumnSpec, rng: Rng): Float64Array | undefined {
  const n = col.storage === 'numeric' ? col.values.length : col.storage === 'categorical' ? col.codes.length : 0;
  const z = new Float64Array(n).fill(NaN);
  if (col.storage === 'numeric') {
    const idx: number[] = [];
    for (let r = 0; r < n; r++) if (!Number.isNaN(col.values[r])) idx.push(r);
    const m = idx.length;
    if (m < 2) return undefined;
    const values = col.values;
    idx.sort((a, b) => values[a] - values[b]);
    if (values[idx[0]] === values[idx[m - 1]]) return undefined;
    let start = 0;
    while (start < m) {
      let end = start + 1;
      while (end < m && values[idx[end]] === values[idx[start]]) end++;
      for (let k = start; k < end; k++) {
        const u = (start + rng.nextOpen() * (end - start)) / m;
        z[idx[k]] = normalQuantile(u);
      }
      start = end;
    }
    return z;
  }
  if (col.storage === 'categorical') {
    const dist = spec.distribution;
    if (!dist || dist.kind !== 'categorical') return undefined;
    const order = Object.keys(dist.probabilities);
    if (order.length < 2) return undefined;
    // Interval of each level code, from the observed frequencies in the distribution's order.
    const counts = new Array<number>(col.levels.length).fill(0);
    let present = 0;
    for (const c of col.codes) if (c >= 0) { counts[c]++; present++; }
    const lower = new Float64Array(col.levels.length);
    const width = new Float64Array(col.levels.length);
    let cum = 0;
    for (const level of order) {
      const code = col.levels.indexOf(level);
      if (code < 0) continue;
      lower[code] = cum;
      width[code] = counts[code] / present;
      cum += width[code];
    }
    for (let r = 0; r < n; r++) {
      const c = col.codes[r];
      if (c < 0) continue;
      const u = Math.min(1 - 1e-12, lower[c] + rng.nextOpen() * width[c]);
      z[r] = normalQuantile(Math.max(1e-12, u));
    }
    return z;
  }
  return undefined;
}

function pairwiseCorrelation(scores: Float64Array[], n: number): Float64Array {
  const v = scores.length;
  const std: Float64Array[] = [];
  const hasMissing: boolean[] = [];
  for (const s of scores) {
    let sum = 0;
    let count = 0;
    for (let r = 0; r < n; r++) if (!Number.isNaN(s[r])) { sum += s[r]; count++; }
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
  if (v > 1 && minEigenvalue(m, v) < 1e-8) return nearestCorrelation(m, v, 1e-6);
  return m;
}

