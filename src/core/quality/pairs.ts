/**
 * Pair trends: every pair of scored columns compared (CorrelationSimilarity for two numbers,
 * ContingencySimilarity otherwise), with the joint shares the panel's pair tables show and the
 * correlation matrices, on a seeded sample of rows when the tables are large.
 */
import { presentRange } from '../stats/sort';
import { throwIfAborted, type AbortSignalLike } from '../errors';
import { Rng } from '../random';
import type { CategoricalColumn, Column, NumericColumn, Table } from '../table';
import { takeRows } from '../table';
import { groupThousands } from '../util/format';
import { datetimeDisplay } from './tables';
import { round6 } from '../util/round';
import { columnCounts } from './counts';
import { correlationMatrix, discretise, jointCounts } from './fidelity';
import { METRICS } from './metrics';
import { sampleIndices } from './sample';
import type { CorrelationMatrices, PairFidelity } from './types';

export const DEFAULT_MAX_PAIR_ROWS = 50_000;
/** Column pairs given a contingency table, the worst first. */
const MAX_PAIR_TABLES = 300;
/** Numeric columns in the correlation matrices at most (those in the worst number pairs). */
const MAX_MATRIX_COLUMNS = 100;
/** Categories (or bins) per column in the pair tables. */
const PAIR_TABLE_LABELS = 10;

export interface PairTrends {
  /** Pair scores (unrounded). */
  scores: PairFidelity[];
  correlation?: CorrelationMatrices;
  notes: string[];
}

/** Pair trends of the columns named in `scored` (in that order), at most `maxRows` rows per table. */
export function pairTrendsSection(
  real: Table,
  synthetic: Table,
  scored: string[],
  maxRows = DEFAULT_MAX_PAIR_ROWS,
  signal?: AbortSignalLike,
): PairTrends {
  const notes: string[] = [];
  const rng = new Rng(20240229);
  const realSample = real.rowCount > maxRows ? takeRows(real, sampleIndices(real.rowCount, maxRows, rng)) : real;
  const synthSample =
    synthetic.rowCount > maxRows ? takeRows(synthetic, sampleIndices(synthetic.rowCount, maxRows, rng)) : synthetic;
  if (realSample !== real || synthSample !== synthetic) {
    notes.push(`Column pair trends were computed on a random sample of ${groupThousands(maxRows)} rows per table.`);
  }
  const byName = (t: Table, name: string): Column => t.columns.find((c) => c.name === name)!;
  const discrete = new Map<string, Discrete>();
  const discreteOf = (name: string): Discrete => {
    let d = discrete.get(name);
    if (!d) {
      d = discreteColumn(byName(real, name), byName(realSample, name), byName(synthSample, name));
      discrete.set(name, d);
    }
    return d;
  };
  // Pearson's r of each numeric pair, per table: the pair scores and the correlation matrices
  // both need it (pearson is symmetric to the bit, so one order serves both).
  const pearsons = new Map<Table, Map<string, number>>();
  const pearsonOf = (t: Table, a: string, b: string): number => {
    let m = pearsons.get(t);
    if (!m) pearsons.set(t, (m = new Map()));
    const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
    const known = m.get(key);
    if (known !== undefined) return known;
    const r = METRICS.PearsonCorrelation.fn(
      (byName(t, a) as NumericColumn).values,
      (byName(t, b) as NumericColumn).values,
    );
    m.set(key, r);
    return r;
  };
  const scores: PairFidelity[] = [];
  for (let i = 0; i < scored.length; i++) {
    throwIfAborted(signal);
    for (let j = i + 1; j < scored.length; j++) {
      const a = scored[i];
      const b = scored[j];
      const ra = byName(realSample, a);
      const rb = byName(realSample, b);
      const da = discreteOf(a);
      const db = discreteOf(b);
      // Joint counts over the full codes (missing as code -1), each side, in one pass.
      const jr = jointCounts(da.real, db.real, da.size, db.size);
      const js = jointCounts(da.synth, db.synth, da.size, db.size);
      if (ra.storage === 'numeric' && rb.storage === 'numeric') {
        const c = METRICS.CorrelationSimilarity.fromCorrelations(pearsonOf(realSample, a, b), () =>
          pearsonOf(synthSample, a, b),
        );
        if (!Number.isNaN(c.score))
          scores.push({
            columns: [a, b],
            metric: 'CorrelationSimilarity',
            score: c.score,
            real: c.real,
            synthetic: c.synthetic,
          });
      } else {
        const score = METRICS.ContingencySimilarity.fromJointCounts(jr, js);
        if (!Number.isNaN(score)) scores.push({ columns: [a, b], metric: 'ContingencySimilarity', score });
      }
    }
  }
  // Contingency tables for the worst pairs (all of them on most tables), their joint counts
  // counted again: a table of every pair of 1,000 columns (499,500) outgrew the longest string
  // the report can be written as ("Invalid string length").
  const order = scores.map((_, k) => k).sort((x, y) => scores[x].score - scores[y].score || x - y);
  for (const k of order.slice(0, MAX_PAIR_TABLES)) {
    const [a, b] = scores[k].columns;
    const da = discreteOf(a);
    const db = discreteOf(b);
    scores[k].table = pairTable(
      da,
      db,
      jointCounts(da.real, db.real, da.size, db.size),
      jointCounts(da.synth, db.synth, da.size, db.size),
    );
  }
  if (scores.length > MAX_PAIR_TABLES)
    notes.push(
      `Contingency tables are kept for the ${groupThousands(MAX_PAIR_TABLES)} worst of ${groupThousands(scores.length)} column pairs.`,
    );
  let numericScored = scored.filter((n) => byName(real, n).storage === 'numeric');
  if (numericScored.length > MAX_MATRIX_COLUMNS) {
    // The numeric columns in the worst number pairs, in table order.
    const worst = new Set<string>();
    for (const k of order) {
      const p = scores[k];
      if (p.metric !== 'CorrelationSimilarity') continue;
      for (const n of p.columns) if (worst.size < MAX_MATRIX_COLUMNS) worst.add(n);
      if (worst.size >= MAX_MATRIX_COLUMNS) break;
    }
    notes.push(
      `The correlation matrices show the ${worst.size} numeric columns in the worst number pairs, of ${groupThousands(numericScored.length)}.`,
    );
    numericScored = numericScored.filter((n) => worst.has(n));
  }
  const correlation =
    numericScored.length >= 2 ? correlationMatrices(numericScored, realSample, synthSample, pearsonOf) : undefined;
  return { scores, ...(correlation ? { correlation } : {}), notes };
}

/** A column as discrete codes on both sides, for contingency metrics and pair tables. */
interface Discrete {
  /** Codes for ContingencySimilarity (all categories; numbers in 10 bins of the real range; -1 missing). */
  real: Int32Array;
  synth: Int32Array;
  size: number;
  /** Pair-table label of each code + 1 (index 0: missing): at most 10 labels, "Other", "(missing)". */
  viewOf: Int32Array;
  labels: string[];
}

function discreteColumn(full: Column, r: Column, s: Column): Discrete {
  if (r.storage === 'numeric' && s.storage === 'numeric' && full.storage === 'numeric') {
    const [min, max] = presentRange(full.values);
    const real = discretise(r.values, min, max);
    const synth = discretise(s.values, min, max);
    const width = (max - min) / 10;
    // Times of day (all within 1970-01-01) by their clock time, other datetimes by their day.
    const clock = full.type === 'datetime' && datetimeDisplay(full.values) === 'clock';
    const fmt = (x: number): string =>
      full.type === 'datetime'
        ? new Date(x).toISOString().slice(clock ? 11 : 0, clock ? 16 : 10)
        : String(Number(x.toPrecision(3)));
    const labels =
      width > 0
        ? Array.from({ length: 10 }, (_, i) => `${fmt(min + i * width)} – ${fmt(min + (i + 1) * width)}`)
        : [Number.isFinite(min) ? fmt(min) : 'all'];
    const viewOf = new Int32Array(11);
    for (let c = 0; c < 10; c++) viewOf[c + 1] = Math.min(c, labels.length - 1);
    return withMissingLabel({ real, synth, size: 10, viewOf, labels });
  }
  const rc = r as CategoricalColumn;
  const sc = s as CategoricalColumn;
  const index = new Map(rc.levels.map((l, i) => [l, i] as const));
  let next = rc.levels.length;
  const extra = new Map<string, number>();
  const levelMap = sc.levels.map((level) => {
    let code = index.get(level) ?? extra.get(level);
    if (code === undefined) {
      code = next++;
      extra.set(level, code);
    }
    return code;
  });
  const mapped = new Int32Array(sc.codes.length);
  for (let i = 0; i < sc.codes.length; i++) mapped[i] = sc.codes[i] < 0 ? -1 : levelMap[sc.codes[i]];
  // View: the commonest real categories, the rest folded into "Other".
  const counts = new Array<number>(next).fill(0);
  const realCounts = columnCounts(rc).levels;
  for (let i = 0; i < realCounts.length; i++) counts[i] += realCounts[i];
  const order = counts.map((_, i) => i).sort((a, b) => counts[b] - counts[a] || a - b);
  const kept = order.slice(0, PAIR_TABLE_LABELS);
  const allLabels = [...rc.levels, ...extra.keys()];
  const viewOf = new Int32Array(next + 1).fill(kept.length);
  kept.forEach((c, k) => {
    viewOf[c + 1] = k;
  });
  const labels = kept.map((c) => allLabels[c]);
  if (next > kept.length) labels.push(`Other (${next - kept.length})`);
  return withMissingLabel({ real: rc.codes, synth: mapped, size: next, viewOf, labels });
}

/** Give missing values their own label when either side has any (else they never occur). */
function withMissingLabel(d: Discrete): Discrete {
  let any = false;
  for (let i = 0; i < d.real.length && !any; i++) if (d.real[i] < 0) any = true;
  for (let i = 0; i < d.synth.length && !any; i++) if (d.synth[i] < 0) any = true;
  if (!any) return d;
  const viewOf = Int32Array.from(d.viewOf);
  viewOf[0] = d.labels.length;
  return { ...d, viewOf, labels: [...d.labels, '(missing)'] };
}

function pairTable(a: Discrete, b: Discrete, jr: Float64Array, js: Float64Array): PairFidelity['table'] {
  const la = a.labels.length;
  const lb = b.labels.length;
  const width = b.size + 1;
  const grid = (joint: Float64Array): number[][] => {
    const g = new Float64Array(la * lb);
    let n = 0;
    for (let k = 0; k < joint.length; k++) {
      const v = joint[k];
      if (v === 0) continue;
      g[a.viewOf[Math.floor(k / width)] * lb + b.viewOf[k % width]] += v;
      n += v;
    }
    const out: number[][] = [];
    for (let i = 0; i < la; i++) {
      const row = new Array<number>(lb);
      for (let j = 0; j < lb; j++) row[j] = round6(n ? g[i * lb + j] / n : 0);
      out.push(row);
    }
    return out;
  };
  return { a: a.labels, b: b.labels, real: grid(jr), synthetic: grid(js) };
}

function correlationMatrices(
  names: string[],
  real: Table,
  synthetic: Table,
  pearsonOf: (t: Table, a: string, b: string) => number,
): CorrelationMatrices {
  const col = (t: Table, n: string): Float64Array => (t.columns.find((c) => c.name === n) as NumericColumn).values;
  const r = correlationMatrix(
    names.map((n) => col(real, n)),
    (i, j) => pearsonOf(real, names[i], names[j]),
  );
  const s = correlationMatrix(
    names.map((n) => col(synthetic, n)),
    (i, j) => pearsonOf(synthetic, names[i], names[j]),
  );
  const round = (m: (number | null)[][]): (number | null)[][] =>
    m.map((row) => row.map((v) => (v === null ? null : round6(v))));
  const diff = r.map((row, i) => row.map((v, j) => (v === null || s[i][j] === null ? null : s[i][j]! - v)));
  let sum = 0;
  let count = 0;
  let max = 0;
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const d = diff[i][j];
      if (d === null) continue;
      sum += Math.abs(d);
      count++;
      max = Math.max(max, Math.abs(d));
    }
  }
  return {
    columns: names,
    real: round(r),
    synthetic: round(s),
    difference: round(diff),
    meanAbsDifference: count ? round6(sum / count) : null,
    maxAbsDifference: count ? round6(max) : null,
  };
}
