/**
 * Orderings and sums between columns, found in the training rows and kept by construction: the
 * `differences` of a fitted model (see `DifferenceColumn`).
 *
 * Orderings (a trip's dropoff is never before its pickup, a total never below its fare) follow
 * SDV's `Inequality` constraint, applied by transformation (the model learns the difference in
 * place of the high column, and generation adds it back), but are found rather than declared.
 * Which orderings: two number columns or two datetime columns (not identifiers), where
 * - `low <= high` in every training row that has both, and `low` is present wherever `high` is;
 * - the ranges overlap (max(low) > min(high)); else each column's own bounds keep the order;
 * - the gap is tight: sd(high - low) < 0.5 · sd(high) (the spread). Measured on the shared
 *   datasets, the orderings a plain copula or tree model breaks are the tight ones (taxis:
 *   pickup <= dropoff, spread 0.001, broken in 50% of copula rows; fare <= total, spread 0.27,
 *   broken in 5%); the loose ones found there (tip <= fare, spread 0.91; y <= depth in diamonds,
 *   1.3) are broken in at most 0.2% of rows, and are more often coincidences than rules;
 * - each column is the high side of at most one ordering, and a high column is never the low side
 *   of another (no chains); the tightest orderings are taken first.
 *
 * Sums (`findSums`, used by `cart` only): a total equal to other columns plus an amount of few
 * values (taxis: total = fare + tip + tolls + a surcharge).
 */
import { gapSpec, type DifferenceColumn, type GapSpec } from '../blueprint/models';
import type { ColumnSpec, Constraint } from '../blueprint/types';
import { formatName } from '../expr/format';
import type { NumericColumn, Table } from '../table';
import { describeColumn, type MarginalOptions } from './marginals';
import { distinctPresent } from '../stats/sort';

/** Largest sd(high - low) / sd(high) for an ordering to be kept at all. */
export const MAX_GAP_SPREAD = 0.5;
/**
 * Largest spread for which the model generates the gap itself (mode `gap`); looser orderings
 * are repaired by swapping (mode `repair`). Generating `total` as `fare + gap` on taxis.csv
 * (spread 0.27) kept every row in order but lowered total's KS complement from 0.99 to 0.981 (the
 * sum of two modelled variables is a coarser marginal than the column's own); swapping the 5% of
 * rows out of order gives 0.987. For pickup <= dropoff (spread 0.001) only the gap works: half the
 * rows are out of order, and the gap (the trip's duration) is what relates to the distance.
 */
export const MAX_MODELLED_GAP_SPREAD = 0.1;

export interface Ordering {
  /** Column index of the low side (the first part of a sum). */
  low: number;
  /** Further parts of a sum: high = low + plus... + gap (see `findSums`). */
  plus?: number[];
  /** Column index of the high side. */
  high: number;
  /** sd(high - low) / sd(high) over the rows with both. */
  spread: number;
}

/** The orderings to model, tightest first (see the module comment for the rules). */
export function findOrderings(
  table: Table,
  specs: ColumnSpec[],
  minGroupSize: number,
  exclude: Set<number> = new Set(),
): Ordering[] {
  const candidates: { index: number; col: NumericColumn; min: number; max: number }[] = [];
  table.columns.forEach((col, index) => {
    if (col.storage !== 'numeric' || !specs[index]?.distribution || exclude.has(index)) return;
    let min = Infinity;
    let max = -Infinity;
    let present = 0;
    const v = col.values;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x !== x) continue;
      present++;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    if (present >= minGroupSize && max > min) candidates.push({ index, col, min, max });
  });
  const found: Ordering[] = [];
  for (const a of candidates) {
    for (const b of candidates) {
      if (a === b || (a.col.type === 'datetime') !== (b.col.type === 'datetime')) continue;
      if (!(a.max > b.min)) continue;
      const spread = orderingSpread(a.col.values, b.col.values, minGroupSize);
      if (spread !== undefined && spread < MAX_GAP_SPREAD) found.push({ low: a.index, high: b.index, spread });
    }
  }
  found.sort((x, y) => x.spread - y.spread || x.high - y.high || x.low - y.low);
  const highs = new Set<number>();
  const lows = new Set<number>();
  const chosen: Ordering[] = [];
  for (const o of found) {
    if (highs.has(o.high) || highs.has(o.low) || lows.has(o.high)) continue;
    highs.add(o.high);
    lows.add(o.low);
    chosen.push(o);
  }
  return chosen;
}

/**
 * sd(high - low) / sd(high) over rows with both, if `low <= high` in all of them, `low` is present
 * wherever `high` is, and at least `minGroupSize` rows have both; otherwise undefined.
 */
function orderingSpread(low: Float64Array, high: Float64Array, minGroupSize: number): number | undefined {
  let n = 0;
  let gapMean = 0;
  let gapM2 = 0;
  let highMean = 0;
  let highM2 = 0;
  for (let i = 0; i < high.length; i++) {
    const h = high[i];
    if (h !== h) continue;
    const l = low[i];
    if (!(l <= h)) return undefined; // low missing (NaN) or above high
    // Welford's running variances: the values can be epoch milliseconds (~1.7e12), where the
    // naive sum of squares loses every digit of a gap of minutes.
    n++;
    const g = h - l;
    const dg = g - gapMean;
    gapMean += dg / n;
    gapM2 += dg * (g - gapMean);
    const dh = h - highMean;
    highMean += dh / n;
    highM2 += dh * (h - highMean);
  }
  if (n < minGroupSize || !(highM2 > 0)) return undefined;
  return Math.sqrt(gapM2 / highM2);
}

/**
 * high - (low + plus...) per row (NaN where high or a part is missing), in seconds for datetimes,
 * rounded to the columns' precision: 12.3 - 10.1 is 2.2, not 2.2000000000000011.
 */
function gapValues(
  high: NumericColumn,
  low: NumericColumn,
  plus: NumericColumn[],
  scale: number,
  decimals: number | undefined,
): Float64Array {
  const round = rounding(decimals);
  const gaps = new Float64Array(high.values.length);
  for (let i = 0; i < gaps.length; i++) {
    let base = low.values[i];
    for (const p of plus) base += p.values[i];
    const h = high.values[i];
    gaps[i] = h === h && base === base ? round((h - base) * scale) : NaN;
  }
  return gaps;
}

/** Rounding to `decimals` (none when undefined: columns kept at full precision). */
function rounding(decimals: number | undefined): (x: number) => number {
  if (decimals === undefined) return (x) => x;
  const f = 10 ** decimals;
  return (x) => Math.round(x * f) / f;
}

/**
 * The decimals a sum or gap of these number columns is rounded to: the most any of them is
 * written with (integers 0); undefined when one has none, a column kept at its values' full
 * precision (csv/infer.ts), whose differences are not rounded (rounding them to 0 decimals found
 * "sums" of weights near 1 that no row holds).
 */
function decimalsOf(specs: ColumnSpec[], columns: number[]): number | undefined {
  let decimals = 0;
  for (const c of columns) {
    const spec = specs[c];
    if (spec.type === 'integer') continue;
    if (spec.decimals === undefined) return undefined;
    decimals = Math.max(decimals, spec.decimals);
  }
  return decimals;
}

/**
 * The values a sum's gap takes, when it takes at most `MAX_SUM_VALUES` (a taxi's surcharges):
 * those seen in at least `minGroupSize` rows, ascending. Undefined when it takes more, or when no
 * value is that common.
 */
function fewValues(gaps: Float64Array, minGroupSize: number): number[] | undefined {
  const counts = new Map<number, number>();
  for (const g of gaps) {
    if (g !== g) continue;
    counts.set(g, (counts.get(g) ?? 0) + 1);
    if (counts.size > MAX_SUM_VALUES) return undefined;
  }
  const values = [...counts]
    .filter(([, n]) => n >= minGroupSize)
    .map(([v]) => v)
    .sort((a, b) => a - b);
  return values.length ? values : undefined;
}

/** Most distinct values of `high - sum of parts` for a sum to be kept. */
export const MAX_SUM_VALUES = 20;
/** Most candidate parts per column searched for a sum (all their subsets are tried). */
const MAX_SUM_CANDIDATES = 6;

/**
 * Columns that are the sum of other columns plus an amount of few values (taxis: total = fare +
 * tip + tolls + a surcharge, which takes 19 values, 3.30 and 3.80 in 65% of rows). Searched among
 * number columns (not datetimes): the candidate parts of `high` are the columns that are present
 * and between 0 and `high` wherever `high` is present (at most 6, in table order); every subset of
 * at least two of them is tried, and one is kept if `high - sum(parts)` is never negative and takes
 * at most `MAX_SUM_VALUES` values, the subset with the fewest values first (then the most parts).
 * A column is in one sum at most, as the total or as a part. `exclude`: columns already used.
 * Returned as orderings (`low` the first part, `plus` the others, spread 0), to be modelled as a
 * gap: generation then writes total = parts + a gap snapped to the values seen.
 */
export function findSums(table: Table, specs: ColumnSpec[], exclude: Set<number> = new Set()): Ordering[] {
  const numbers: number[] = [];
  table.columns.forEach((col, i) => {
    if (col.storage === 'numeric' && col.type !== 'datetime' && specs[i]?.distribution && !exclude.has(i))
      numbers.push(i);
  });
  const used = new Set<number>();
  const found: Ordering[] = [];
  for (const h of numbers) {
    if (used.has(h)) continue;
    const high = (table.columns[h] as NumericColumn).values;
    const parts = numbers
      .filter((c) => c !== h && !used.has(c) && isPartOf((table.columns[c] as NumericColumn).values, high))
      .slice(0, MAX_SUM_CANDIDATES);
    if (parts.length < 2) continue;
    const decimals = decimalsOf(specs, [h, ...parts]);
    let best: { subset: number[]; values: number } | undefined;
    for (let mask = 1; mask < 1 << parts.length; mask++) {
      const subset = parts.filter((_, j) => mask & (1 << j));
      if (subset.length < 2) continue;
      const values = residualValues(
        high,
        subset.map((c) => (table.columns[c] as NumericColumn).values),
        decimals,
      );
      if (values === undefined) continue;
      if (!best || values < best.values || (values === best.values && subset.length > best.subset.length))
        best = { subset, values };
    }
    // The parts must explain the total: what is left takes at most half as many values as the
    // total itself (digits: a pixel of 17 values "was" two border pixels, nearly always 0, plus
    // one of 17 amounts, itself).
    if (!best || 2 * best.values > distinctPresent(high, 2 * MAX_SUM_VALUES)) continue;
    found.push({ low: best.subset[0], plus: best.subset.slice(1), high: h, spread: 0 });
    used.add(h);
    for (const c of best.subset) used.add(c);
  }
  return found;
}

/** `part` is present and between 0 and `high` wherever `high` is present. */
function isPartOf(part: Float64Array, high: Float64Array): boolean {
  let present = 0;
  for (let i = 0; i < high.length; i++) {
    const h = high[i];
    if (h !== h) continue;
    const p = part[i];
    if (!(p >= 0 && p <= h)) return false;
    present++;
  }
  return present > 0;
}

/** Distinct values of high - sum(parts), or undefined if one is negative or there are too many. */
function residualValues(high: Float64Array, parts: Float64Array[], decimals: number | undefined): number | undefined {
  const round = rounding(decimals);
  const seen = new Set<number>();
  for (let i = 0; i < high.length; i++) {
    const h = high[i];
    if (h !== h) continue;
    let r = h;
    for (const p of parts) r -= p[i];
    r = round(r);
    if (r < 0) return undefined;
    seen.add(r);
    if (seen.size > MAX_SUM_VALUES) return undefined;
  }
  return seen.size;
}

/** The training table and column specs as the model sees them: each high column replaced by its gap. */
export interface DifferenceView {
  table: Table;
  specs: ColumnSpec[];
  differences: DifferenceColumn[];
  constraints: Constraint[];
}

/**
 * Describes each ordering's gap (datetimes in seconds) like any numeric column, replaces the high
 * column by its gap where the model is to generate the gap (mode `gap`), and states each
 * ordering as a blueprint constraint.
 */
export function differenceView(
  table: Table,
  specs: ColumnSpec[],
  orderings: Ordering[],
  options: MarginalOptions,
): DifferenceView {
  const columns = table.columns.slice();
  const modelSpecs = specs.slice();
  const differences: DifferenceColumn[] = [];
  const constraints: Constraint[] = [];
  for (const o of orderings) {
    const low = table.columns[o.low] as NumericColumn;
    const high = table.columns[o.high] as NumericColumn;
    const plus = (o.plus ?? []).map((c) => table.columns[c] as NumericColumn);
    const isDate = high.type === 'datetime';
    const decimals = isDate ? 3 : decimalsOf(specs, [o.high, o.low, ...(o.plus ?? [])]);
    const scale = isDate ? 1 / 1000 : 1;
    const gaps = gapValues(high, low, plus, scale, decimals);
    let whole = true;
    for (const g of gaps) if (g === g && !Number.isInteger(g)) whole = false;
    const both = high.type === 'integer' && low.type === 'integer' && plus.every((p) => p.type === 'integer');
    const mode = plus.length || o.spread < MAX_MODELLED_GAP_SPREAD ? 'gap' : 'repair';
    const type: GapSpec['type'] = whole && (isDate || both || decimals === 0) ? 'integer' : 'number';
    const gapColumn: NumericColumn = { storage: 'numeric', name: high.name, type, values: gaps };
    const described = describeColumn(
      gapColumn,
      { name: high.name, type, ...(type === 'number' && decimals !== undefined ? { decimals } : {}) },
      options,
    );
    const gap: GapSpec = { type };
    if (described.decimals !== undefined) gap.decimals = described.decimals;
    if (typeof described.min === 'number') gap.min = described.min;
    if (typeof described.max === 'number') gap.max = described.max;
    if (described.missing) gap.missing = described.missing;
    if (described.distribution) gap.distribution = described.distribution;
    if (mode === 'gap') {
      columns[o.high] = gapColumn;
      modelSpecs[o.high] = gapSpec(high.name, gap);
    }
    if (plus.length) {
      const values = fewValues(gaps, options.minGroupSize);
      if (values) gap.values = values;
      differences.push({ column: high.name, from: low.name, plus: plus.map((p) => p.name), mode, gap });
      const parts = [low, ...plus].map((p) => formatName(p.name));
      const amounts = values
        ? `one of ${values.length} amounts (${values[0]} to ${values[values.length - 1]})`
        : 'a gap of at least 0';
      // Rounded to the columns' decimals: sums of decimals are not exact in floating point.
      constraints.push({
        expr:
          decimals === undefined
            ? `${formatName(high.name)} - ${parts.join(' - ')} >= 0`
            : `round(${formatName(high.name)} - ${parts.join(' - ')}, ${decimals}) >= 0`,
        description: `${high.name} was ${[low, ...plus].map((p) => p.name).join(' + ')} plus ${amounts} in every row fitted on; the model generates it as that sum, so it holds in every generated row.`,
        fitted: true,
      });
      continue;
    }
    differences.push({ column: high.name, from: low.name, mode, gap });
    const how =
      mode === 'gap'
        ? `the model generates ${high.name} as ${low.name} plus a fitted gap${isDate ? ' (in seconds)' : ''}`
        : `a generated row where ${high.name} comes out below ${low.name} has the two values swapped`;
    constraints.push({
      expr: `${formatName(high.name)} >= ${formatName(low.name)}`,
      description: `Held in every row fitted on; ${how}, so it holds in every generated row.`,
      fitted: true,
    });
  }
  return { table: { rowCount: table.rowCount, columns }, specs: modelSpecs, differences, constraints };
}
