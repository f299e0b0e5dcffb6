/**
 * Row numbers that carry the rows' order. Exported tables often start with a column numbering
 * the rows (R's `rownames`, pandas' `Unnamed: 0`), and their rows are often sorted (by year, by
 * region, by id): the number then says where a row sits in that order, which is information about
 * the other columns. Generated afresh as 1, 2, 3, ... next to rows drawn in no order, it gives the
 * synthetic rows away at once to any classifier that reads it (XGBoost through
 * ../shared/tools/detect.py, which keeps every column that parses as numbers: on four sorted
 * Rdatasets tables detection 0.03-0.14, and 0.62-1.00 with the row number modelled as a number).
 *
 * So a column of consecutive whole numbers that is not named as an identifier (csv/infer.ts,
 * `rowNumbers`) is modelled as an integer column: its synthetic values follow the other columns as
 * the real numbers do, and may repeat. Always, not only when one column explains the order: a
 * file sorted by something no single column shows (blocks of a survey's years that are not a
 * column) still tells rows apart by their number; modelled anyway, Rdatasets' CPSSW8, rwm and
 * yrbss went from detect.py 0.60, 0.79, 0.52 to 0.90, 0.97, 0.76. The column the order follows
 * best, when it explains at least `FOLLOWS_SHARE` of the numbers' rank variance (Spearman's ρ² for
 * numbers and datetimes; for categories the correlation ratio corrected for its levels, ε² = (SSB
 * - (k - 1) MSW) / SST, so that many small groups of a shuffled table do not count), is named in
 * the info line that says so. Row numbers equal to an identifier column plus a constant in every
 * row stay a counter, as the identifier is.
 */
import { isCounter } from '../blueprint/types';
import type { InferredColumn } from '../csv/infer';
import { parseNumber } from '../csv/numbers';
import { pearson } from '../quality/fidelity';
import type { Column, Table } from '../table';

/** Least share of the row numbers' rank variance another column must explain to be named. */
export const FOLLOWS_SHARE = 0.05;
/** Share of the numbers' rank variance from which one column is taken to sort the file. */
export const SORTED_SHARE = 0.9;

/**
 * Whether a row-number column is modelled after every other column (cart's visit order) rather
 * than first among the numbers. A file sorted by one column (`follows` explains at least
 * `SORTED_SHARE` of the numbers' rank variance: countries then years, subjects then visits)
 * numbers its rows by where their values sort: the number is then a function of columns the model
 * has anyway, and its tree over all of them draws it where they put it (gt's countrypops: a
 * country's numbers run with its years). Drawn first, the number is what the others are drawn
 * from, and a leaf of a few dozen numbers mixes the neighbours' years. Where a column explains
 * only part of the order, or none does by rank (a sort by something no column shows, or shows
 * out of rank: households within communes in camerondata's vietnam_ind, 80%; half-hours of a
 * year in fpp2's elecdemand, whose temperature rises and falls with them), the narrow windows of
 * numbers the other columns' trees split on are what keeps that order: drawn first. So too
 * where the column is a category with fresh values for its rare ones (`rareLevels`): a fresh
 * value sorts anywhere, and a number drawn after it, from the pool's rows, does too (Lahman's
 * FieldingOF, sorted by playerID, a third of its rows rare players: 0.34 first, 0.24 last).
 * Measured with detect.py on 67 Rdatasets tables (docs/engine.md).
 */
export function visitedLast(found: RowNumbers, rareLevels: ReadonlyMap<string, string>): boolean {
  return found.follows !== undefined && found.follows.share >= SORTED_SHARE && !rareLevels.has(found.follows.column);
}

/** Rows (evenly spaced) the shares are measured on: enough to name a column, cheap on wide tables. */
const MAX_ROWS = 10_000;

export interface RowNumbers {
  /** The row-number column. */
  index: number;
  /** The column its order follows best, and the share of rank variance it explains (when one passes `FOLLOWS_SHARE`). */
  follows?: { column: string; share: number };
}

/** The row-number columns of `table`, each with the column its order follows (see the module comment). */
export function rowNumberColumns(table: Table, inferred: InferredColumn[]): RowNumbers[] {
  const found: RowNumbers[] = [];
  inferred.forEach((c, index) => {
    const col = table.columns[index];
    if (!c.rowNumbers || col.storage !== 'text') return;
    // Twin of an identifier (an `id` of 1..n beside R's rownames of 1..n): generated, like it, as
    // a counter, so the two stay equal as they are in every real row (stevedata's gss_spending:
    // rownames x id told the synthetic rows apart, detect.py 0.06).
    if (
      table.columns.some((other, j) => j !== index && inferred[j].type === 'id' && offsetOf(col, other) !== undefined)
    )
      return;
    const m = Math.min(table.rowCount, MAX_ROWS);
    const rows = Int32Array.from({ length: m }, (_, i) => Math.floor((i * table.rowCount) / m));
    const ranks = ranksOf(
      Float64Array.from(rows, (r) => {
        const v = col.values[r];
        return v === null ? NaN : parseNumber(v);
      }),
    );
    let follows: RowNumbers['follows'];
    table.columns.forEach((other, j) => {
      if (j === index) return;
      const share = explained(ranks, other, rows);
      if (share >= FOLLOWS_SHARE && (!follows || share > follows.share)) follows = { column: other.name, share };
    });
    found.push({ index, ...(follows ? { follows } : {}) });
  });
  return found;
}

/** The constant `other - col` of every row, when both are whole numbers in every row (else undefined). */
function offsetOf(col: Column, other: Column): number | undefined {
  if (col.storage !== 'text' || other.storage !== 'text') return undefined;
  let offset: number | undefined;
  for (let r = 0; r < col.values.length; r++) {
    const a = col.values[r];
    const b = other.values[r];
    if (a === null || b === null) return undefined;
    const d = parseNumber(b) - parseNumber(a);
    if (!Number.isInteger(d) || (offset !== undefined && d !== offset)) return undefined;
    offset = d;
  }
  return offset;
}

/** The numeric column a row-number column becomes: its cells as numbers. */
export function rowNumberColumn(col: Column): Column {
  if (col.storage !== 'text') return col;
  return {
    storage: 'numeric',
    name: col.name,
    type: 'integer',
    values: Float64Array.from(col.values, (v) => (v === null ? NaN : parseNumber(v))),
  };
}

/**
 * Share of the variance of `ranks` (NaN where missing; of the table's `rows`) that `other`
 * explains on those rows (0 when it cannot say).
 */
function explained(ranks: Float64Array, other: Column, rows: Int32Array): number {
  if (other.storage === 'numeric') {
    const rho = pearson(ranks, ranksOf(Float64Array.from(rows, (r) => other.values[r])));
    return rho === rho ? rho * rho : 0;
  }
  if (other.storage === 'categorical') {
    const k = other.levels.length;
    const sums = new Float64Array(k);
    const counts = new Float64Array(k);
    let total = 0;
    let n = 0;
    const codes = Int32Array.from(rows, (r) => other.codes[r]);
    for (let i = 0; i < ranks.length; i++) {
      const code = codes[i];
      if (code < 0 || ranks[i] !== ranks[i]) continue;
      sums[code] += ranks[i];
      counts[code]++;
      total += ranks[i];
      n++;
    }
    const groups = counts.reduce((a, c) => a + (c > 0 ? 1 : 0), 0);
    if (groups < 2 || n <= groups) return 0;
    const mean = total / n;
    let sst = 0;
    for (let i = 0; i < ranks.length; i++) if (codes[i] >= 0 && ranks[i] === ranks[i]) sst += (ranks[i] - mean) ** 2;
    let ssb = 0;
    for (let g = 0; g < k; g++) if (counts[g] > 0) ssb += counts[g] * (sums[g] / counts[g] - mean) ** 2;
    const msw = (sst - ssb) / (n - groups);
    return sst > 0 ? Math.max(0, (ssb - (groups - 1) * msw) / sst) : 0;
  }
  return 0;
}

/** Ranks 1..n of the present values (ties share their mean rank); NaN stays NaN. */
function ranksOf(values: Float64Array): Float64Array {
  const present: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) present.push(i);
  present.sort((a, b) => values[a] - values[b]);
  const out = new Float64Array(values.length).fill(NaN);
  for (let i = 0; i < present.length;) {
    let j = i;
    while (j + 1 < present.length && values[present[j + 1]] === values[present[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[present[k]] = rank;
    i = j + 1;
  }
  return out;
}

/** Fewest rows a sorted run must have to count (a few rows fall in order by chance). */
const MIN_SORTED_ROWS = 20;

/**
 * Columns the rows are sorted by, beside a counter. A table whose rows are numbered by a counter
 * (an identifier generated as a `sequence`: row g gets start + g x step) shows its row order in
 * that counter, so a column by which the source's rows are sorted (R's row names kept with gaps
 * after a subset, dates of orders numbered as they came) is a function of the counter there; drawn
 * by the model, in no order, it tells every synthetic row apart beside the counter (mstate's ebmt4:
 * `id` 1..2,279 beside row names 1..3,162 in the same order, detect.py 0.04). Such a column
 * (numbers and datetimes, present in every row, not constant, never falling or never rising over
 * the rows in their order) is made in row order (`ColumnSpec.sorted`). Without a counter the
 * order of the rows is not visible and nothing is marked.
 */
export function sortedColumns(
  table: Table,
  specs: readonly { name: string; type: string; midnight?: number; distribution?: { kind: string } }[],
  exclude: ReadonlySet<string>,
): { index: number; order: 'ascending' | 'descending' }[] {
  if (table.rowCount < MIN_SORTED_ROWS || !specs.some((s) => isCounter(s.distribution))) return [];
  const found: { index: number; order: 'ascending' | 'descending' }[] = [];
  table.columns.forEach((col, index) => {
    const spec = specs.find((s) => s.name === col.name);
    if (col.storage !== 'numeric' || !spec || exclude.has(col.name)) return;
    if (spec.type !== 'number' && spec.type !== 'integer' && spec.type !== 'datetime') return;
    // Moved to midnight in a share of rows after it is made, it would no longer be in order.
    if (spec.distribution === undefined || spec.midnight !== undefined) return;
    const v = col.values;
    let up = true;
    let down = true;
    for (let r = 0; r < v.length; r++) {
      if (v[r] !== v[r]) return;
      if (r > 0) {
        if (v[r] < v[r - 1]) up = false;
        if (v[r] > v[r - 1]) down = false;
      }
    }
    if (v[0] === v[v.length - 1]) return;
    if (up) found.push({ index, order: 'ascending' });
    else if (down) found.push({ index, order: 'descending' });
  });
  return found;
}
