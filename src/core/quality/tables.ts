/**
 * What several sections of the report read from the compared tables alike: the columns every
 * table can compare, and a cell as the text the panel shows.
 */
import { formatDatetime } from '../csv/datetime';
import type { CategoricalColumn, Column, Table } from '../table';
import type { DatetimeDisplay } from './types';

const DAY = 86_400_000;

/** Columns every table can compare (distances, models, previews): everything but identifiers and text, present on all sides with the same storage. */
export function comparableColumns(real: Table, ...others: Table[]): string[] {
  return real.columns
    .filter(
      (c) =>
        c.storage !== 'text' &&
        others.every((t) => t.columns.some((o) => o.name === c.name && o.storage === c.storage)),
    )
    .map((c) => c.name);
}

/**
 * `day` when every value of a datetime column is a whole day (UTC midnight); `clock` when every
 * value is a time of day (within 1970-01-01, as a column of times alone is read) and some is not
 * midnight; else `time`.
 */
export function datetimeDisplay(values: ArrayLike<number>): DatetimeDisplay {
  let wholeDays = true;
  let clock = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (v % DAY !== 0) wholeDays = false;
    if (!(v >= 0 && v < DAY)) clock = false;
  }
  return wholeDays ? 'day' : clock ? 'clock' : 'time';
}

/** Each datetime column's display, worked out once per column (`cellText` is asked cell by cell). */
const DISPLAY = new WeakMap<ArrayLike<number>, DatetimeDisplay>();

function displayOf(values: Float64Array): DatetimeDisplay {
  let d = DISPLAY.get(values);
  if (!d) DISPLAY.set(values, (d = datetimeDisplay(values)));
  return d;
}

/** A cell as text for display: numbers as written, datetimes as ISO 8601, missing as null. */
export function cellText(col: Column, row: number): string | null {
  switch (col.storage) {
    case 'numeric': {
      const v = col.values[row];
      if (Number.isNaN(v)) return null;
      if (col.type === 'datetime')
        return formatDatetime(
          v,
          displayOf(col.values) === 'clock' ? 'HH:mm:ss' : v % DAY === 0 ? 'YYYY-MM-DD' : 'YYYY-MM-DD HH:mm:ss',
        );
      return String(Number(v.toPrecision(12)));
    }
    case 'categorical':
      return col.codes[row] < 0 ? null : col.levels[col.codes[row]];
    case 'text':
      return col.values[row];
  }
}

/**
 * The table with each category's levels in label order (codes remapped). A table read from a CSV
 * lists levels in order of first appearance, one generated from a blueprint in the blueprint's
 * order: the same rows, two orders. Every section that breaks ties, encodes or caps levels by
 * their index would then give different numbers for the same data (Synthesize and a later
 * Generate on the unchanged blueprint differed by 0.2 points), so the report reads its tables
 * through this first.
 */
export function withSortedLevels(t: Table): Table {
  let changed = false;
  const columns = t.columns.map((c): Column => {
    if (c.storage !== 'categorical') return c;
    const order = c.levels
      .map((_, i) => i)
      .sort((a, b) => (c.levels[a] < c.levels[b] ? -1 : c.levels[a] > c.levels[b] ? 1 : a - b));
    if (order.every((o, i) => o === i)) return c;
    changed = true;
    const remap = new Int32Array(order.length);
    order.forEach((o, i) => (remap[o] = i));
    const codes = new Int32Array(c.codes.length);
    for (let i = 0; i < codes.length; i++) codes[i] = c.codes[i] < 0 ? c.codes[i] : remap[c.codes[i]];
    const sorted: CategoricalColumn = { ...c, codes, levels: order.map((o) => c.levels[o]) };
    return sorted;
  });
  return changed ? { ...t, columns } : t;
}
