/**
 * Columns made in row order (`ColumnSpec.sorted`): row g of a run of N rows takes the value at
 * percentile (g + 0.5) / N of the column's distribution (1 - that, descending), so the column
 * rises (or falls) through the run as it did through the source's rows, whatever chunk, process
 * or shard makes row g. Used where a counter numbers the rows: the counter and the column then
 * agree row by row as in the source (mstate's ebmt4: `id` 1..n and R's row names, sorted with
 * gaps; a table of orders numbered in the order of their dates).
 */
import type { Blueprint, ColumnSpec } from '../blueprint/types';
import type { NumericColumn, Table } from '../table';
import { storageOf } from '../table';
import { numericInverse } from './marginals';
import type { Plan } from './plan';

/** Writes the values of rows [from, from + m) of `values`, the first being row `g` of a run of `total` rows. */
export type SortedFill = (values: Float64Array, from: number, m: number, g: number) => void;

/** How a sorted column fills its rows in a run of `total` rows, or undefined if it is not sorted. */
export function sortedFill(spec: ColumnSpec, total: number | undefined): SortedFill | undefined {
  if (total === undefined || !(total > 0) || storageOf(spec.type) !== 'numeric') return undefined;
  if (spec.sorted !== 'ascending' && spec.sorted !== 'descending') return undefined;
  const inverse = numericInverse(spec);
  const down = spec.sorted === 'descending';
  return (values, from, m, g) => {
    for (let i = 0; i < m; i++) {
      const u = (g + i + 0.5) / total;
      values[from + i] = inverse(down ? 1 - u : u);
    }
  };
}

/**
 * A plan whose sorted columns are made in row order after the rows are drawn (methods other than
 * cart, which makes them first so that the other columns follow them). `total`: the run's rows;
 * undefined leaves the plan as it is.
 */
export function withSorted(blueprint: Blueprint, plan: Plan, total: number | undefined): Plan {
  const fills = blueprint.columns.flatMap((spec, c) => {
    const fill = sortedFill(spec, total);
    return fill ? [{ c, fill }] : [];
  });
  if (fills.length === 0) return plan;
  return {
    ...plan,
    generate(n, offset, rng): Table {
      const table = plan.generate(n, offset, rng);
      const columns = table.columns.slice();
      for (const { c, fill } of fills) {
        const col = columns[c] as NumericColumn;
        const values = new Float64Array(n);
        fill(values, 0, n, offset);
        columns[c] = { ...col, values };
      }
      return { rowCount: table.rowCount, columns };
    },
  };
}
