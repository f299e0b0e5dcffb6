/**
 * What several sections of the report read from the compared tables alike: the columns every
 * table can compare, and a cell as the text the panel shows.
 */
import { formatDatetime } from '../csv/datetime';
import type { Column, Table } from '../table';

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

/** A cell as text for display: numbers as written, datetimes as ISO 8601, missing as null. */
export function cellText(col: Column, row: number): string | null {
  switch (col.storage) {
    case 'numeric': {
      const v = col.values[row];
      if (Number.isNaN(v)) return null;
      if (col.type === 'datetime') return formatDatetime(v, v % DAY === 0 ? 'YYYY-MM-DD' : 'YYYY-MM-DD HH:mm:ss');
      return String(Number(v.toPrecision(12)));
    }
    case 'categorical':
      return col.codes[row] < 0 ? null : col.levels[col.codes[row]];
    case 'text':
      return col.values[row];
  }
}
