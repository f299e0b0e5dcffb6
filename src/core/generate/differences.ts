import { gapSpec, type DifferenceColumn } from '../blueprint/models';
import type { Blueprint } from '../blueprint/types';
import type { Column, NumericColumn, Table } from '../table';
import { readValue, rounder } from './marginals';
import type { Plan } from './plan';

/**
 * Generation of a model's difference columns (`DifferenceColumn`).
 * - Mode `gap`: the inner plan generates the column as its gap (the blueprint's column replaced by
 *   the gap's description, as the model was fitted), and each chunk is finished with
 *   `column = from + plus... + gap` (the gap moved to the nearest of its `values` if it has them), rounded as the column is written and clamped to its bounds. Rounding
 *   up to `from` where rounding fell below it keeps the order exact; clamping keeps it too, since
 *   the fitted bounds satisfy max(column) >= max(from). A sum (`plus`) is not clamped: its parts
 *   drawn large (or small) together may pass the fitted bounds, and the identity is kept instead.
 * - Mode `repair`: the inner plan generates both columns as themselves, and a row where the
 *   column came out below `from` has the two values swapped. Each value moves only by how far the
 *   row was out of order, so the marginals move less than with any redrawn gap (taxis.csv, total
 *   >= fare, 5% of copula rows out of order: total's KS complement 0.987 after swapping, 0.982
 *   after setting total = fare + a gap drawn from the fitted gaps), and both values stay ones the
 *   model generated for the row, with the columns' own rounding.
 */
export function withDifferences(blueprint: Blueprint, compile: (blueprint: Blueprint) => Plan): Plan {
  const model = blueprint.model;
  const differences = model && model.kind !== 'augment' ? (model.differences ?? []) : [];
  const index = new Map(blueprint.columns.map((c, i) => [c.name, i]));
  const numeric = (t: string | undefined): boolean => t === 'integer' || t === 'number' || t === 'datetime';
  const usable = differences.filter((d) =>
    [d.column, d.from, ...(d.plus ?? [])].every((name) => numeric(blueprint.columns[index.get(name) ?? -1]?.type)),
  );
  if (usable.length === 0) return compile(blueprint);
  const modelled = new Map(usable.filter((d) => d.mode !== 'repair').map((d) => [d.column, d]));
  const inner = compile({
    ...blueprint,
    columns: blueprint.columns.map((c) => (modelled.has(c.name) ? gapSpec(c.name, modelled.get(c.name)!.gap) : c)),
  });
  const finishers = usable.map((d) =>
    finisher(
      blueprint,
      d,
      index.get(d.column)!,
      index.get(d.from)!,
      (d.plus ?? []).map((p) => index.get(p) ?? -1),
    ),
  );
  const finish = (plan: Plan): Plan => ({
    generate(n, offset, rng): Table {
      const chunk = plan.generate(n, offset, rng);
      const columns = chunk.columns.slice();
      for (const f of finishers) f(chunk.columns, columns);
      return { rowCount: chunk.rowCount, columns };
    },
  });
  // Columns the model does not generate as themselves (a gap's column; both sides of a repaired
  // pair, which may be swapped) keep their restrictions out of the model: the finished rows are checked.
  const unmodelled = new Set(usable.flatMap((d) => (d.mode === 'repair' ? [d.column, d.from] : [d.column])));
  return {
    ...finish(inner),
    condition(restriction) {
      const columns = new Map([...restriction.columns].filter(([name]) => !unmodelled.has(name)));
      return finish(inner.condition ? inner.condition({ ...restriction, columns }) : inner);
    },
  };
}

type Finisher = (generated: Column[], out: Column[]) => void;

function finisher(blueprint: Blueprint, d: DifferenceColumn, c: number, from: number, plus: number[]): Finisher {
  const spec = blueprint.columns[c];
  const scale = spec.type === 'datetime' ? 1000 : 1;
  const round = rounder(spec);
  const min = readValue(spec, spec.min);
  const max = readValue(spec, spec.max);
  const lo = Number.isNaN(min) ? -Infinity : min;
  const hi = Number.isNaN(max) ? Infinity : max;
  const type = spec.type as NumericColumn['type'];
  // A sum of parts may pass the column's fitted bounds when large (or small) parts meet in one
  // row: the identity (total = net + tax + shipping + fee, to the cent) wins over the bounds there.
  const top = d.plus?.length ? Infinity : hi;
  const bottom = d.plus?.length ? -Infinity : lo;
  /** `low + gap` as the column writes it, never below `low`, within the column's bounds. */
  const place = (l: number, g: number): number => {
    let x = round(l + g * scale);
    if (x < l) x = l;
    return x < bottom ? bottom : x > top ? (top >= l ? top : l) : x;
  };
  if (d.mode === 'repair') {
    // Each swapped value takes its new column's rounding (the columns may differ in decimals or
    // datetime resolution); where that would reorder them, the low side takes the high value.
    const roundLow = rounder(blueprint.columns[from]);
    return (generated, out) => {
      const low = (generated[from] as NumericColumn).values.slice();
      const values = (generated[c] as NumericColumn).values.slice();
      for (let i = 0; i < values.length; i++) {
        const l = low[i];
        const h = values[i];
        if (!(h < l)) continue;
        const high = round(l);
        const newLow = roundLow(h);
        values[i] = high;
        low[i] = newLow > high ? high : newLow;
      }
      out[c] = { storage: 'numeric', name: spec.name, type, values };
      out[from] = { ...(generated[from] as NumericColumn), values: low };
    };
  }
  const snap = nearest(d.gap.values);
  return (generated, out) => {
    let low = (generated[from] as NumericColumn).values;
    if (plus.length) {
      // A sum: the base is all its parts (missing if any part is).
      low = low.slice();
      for (const p of plus) {
        const part = (generated[p] as NumericColumn).values;
        for (let i = 0; i < low.length; i++) low[i] += part[i];
      }
    }
    const gap = (generated[c] as NumericColumn).values;
    const values = new Float64Array(gap.length);
    for (let i = 0; i < values.length; i++) {
      const l = low[i];
      const g = gap[i];
      values[i] = l !== l || g !== g ? NaN : place(l, snap ? snap(g) : g);
    }
    out[c] = { storage: 'numeric', name: spec.name, type, values };
  };
}

/** Moves a value to the nearest of `values` (ascending), if given. */
function nearest(values: number[] | undefined): ((x: number) => number) | undefined {
  if (!values?.length) return undefined;
  const sorted = Float64Array.from(values).sort();
  return (x) => {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && x - sorted[lo - 1] < sorted[lo] - x ? sorted[lo - 1] : sorted[lo];
  };
}
