import type { CartModel, RateColumn } from '../blueprint/models';
import type { ColumnSpec } from '../blueprint/types';
import type { Column, NumericColumn } from '../table';
import { readValue } from './marginals';

/**
 * Rate `r` of `base`, to `decimals` places, halves rounded up as money is: the value a row holding
 * the rate has (fit/rates.ts counts rows by this very function, so fitted and generated rows agree
 * to the cent). The product is nudged by 1e-7 of the last unit first, so that an exact half held
 * in floating point just below itself (0.25 x 6.30 = 1.5749999999999997) still rounds up.
 */
export function rateValue(r: number, base: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(r * base * f + 1e-7) / f;
}

/**
 * A column's rates compiled over the model's view of a chunk (a sum's column holds its gap
 * there): `base(columns, r)` is the row's base, `decimals` the column's.
 */
export interface CompiledRates {
  values: Float64Array;
  /** Units of the last decimal added to each rate's rounded value. */
  steps: Float64Array;
  decimals: number;
  base: (columns: Column[], r: number) => number;
  /** Bounds of the column: a rate outside them leaves the row's drawn value. */
  min: number;
  max: number;
}

/**
 * The rates of `column`, if the model has usable ones. The base is read off the model's view:
 * `of` itself, or with `rest` the other parts of the sum `of` plus its gap (total - tip =
 * fare + tolls + gap), which are all generated before the sum is finished.
 */
export function compileRates(model: CartModel, column: string, specs: ColumnSpec[]): CompiledRates | undefined {
  const rate = (model.rates ?? []).find((r: RateColumn) => r.column === column);
  if (!rate || !rate.values.length) return undefined;
  const index = new Map(specs.map((s, i) => [s.name, i] as const));
  const spec = specs[index.get(column) ?? -1];
  if (!spec || (spec.type !== 'number' && spec.type !== 'integer')) return undefined;
  const decimals = spec.type === 'integer' ? 0 : (spec.decimals ?? 15);
  const of = index.get(rate.of);
  if (of === undefined) return undefined;
  let base: CompiledRates['base'];
  if (rate.rest) {
    const sum = (model.differences ?? []).find((d) => d.column === rate.of && d.plus?.length);
    if (!sum) return undefined;
    const parts = [sum.from, ...(sum.plus ?? [])].filter((p) => p !== column).map((p) => index.get(p) ?? -1);
    if (parts.includes(-1)) return undefined;
    const terms = [of, ...parts];
    base = (columns, r) => {
      let b = 0;
      for (const t of terms) b += (columns[t] as NumericColumn).values[r];
      return b;
    };
  } else base = (columns, r) => (columns[of] as NumericColumn).values[r];
  const min = readValue(spec, spec.min);
  const max = readValue(spec, spec.max);
  return {
    values: Float64Array.from(rate.values),
    steps: Float64Array.from(rate.values, (_, i) => rate.steps?.[i] ?? 0),
    decimals,
    base,
    min: Number.isNaN(min) ? -Infinity : min,
    max: Number.isNaN(max) ? Infinity : max,
  };
}

/**
 * Rows `start`..`start + m` whose `state` names a rate (>= 0) take that rate of their base (plus
 * its step),
 * where the base is present and positive and the value stays within the column's bounds; the
 * other rows keep the value their leaf drew.
 */
export function applyRates(
  rates: CompiledRates,
  state: Int8Array,
  out: NumericColumn,
  columns: Column[],
  start: number,
  m: number,
): void {
  for (let r = start; r < start + m; r++) {
    const k = state[r];
    if (k < 0 || out.values[r] !== out.values[r]) continue;
    const b = rates.base(columns, r);
    if (!(b > 0)) continue;
    const f = 10 ** rates.decimals;
    const v = (Math.round(rateValue(rates.values[k], b, rates.decimals) * f) + rates.steps[k]) / f;
    if (v >= rates.min && v <= rates.max) out.values[r] = v;
  }
}
