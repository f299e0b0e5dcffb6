import type { Table } from '../table';
import { datetimeWriter } from './datetime';
import { formatNumber, patternToNumberFormat, type NumberFormat } from './numbers';

/** How each column's values are written back to text. */
export interface ColumnWriting {
  name: string;
  format?: string;
  /** Datetimes at midnight are written in this format (a date alone), the others in `format`. */
  midnightFormat?: string;
  decimals?: number;
}

export interface WriteOptions {
  delimiter?: string;
  newline?: '\n' | '\r\n';
  /** Write the header row (default true). */
  header?: boolean;
  /** The header row's names, one per column (default: the columns' names). */
  headerNames?: readonly string[];
  /** Write text cells that start like a spreadsheet formula as they are (default: neutralised). */
  allowFormulas?: boolean;
}

/** What OWASP lists as starting a formula in a spreadsheet cell: = + - @, tab, carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A text cell a spreadsheet would run as a formula (`=HYPERLINK(...)`, `@SUM(...)`, `-2+3`), with
 * a leading ' so that it shows as text: OWASP's advice against CSV injection. A plain number such
 * as -5 or +1.5e3 is a value, not a formula, and is left alone.
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** The cell as it was before `neutralizeFormula` (for reading a synthetic CSV back). */
export function restoreFormula(text: string): string {
  return text.charCodeAt(0) === 39 /* ' */ && neutralizeFormula(text.slice(1)) === text ? text.slice(1) : text;
}

/**
 * Render a table as CSV text (RFC 4180 quoting: a field is quoted when it holds the delimiter, a
 * quote, a line break, or leading/trailing spaces; quotes inside are doubled). Missing values are
 * empty fields.
 */
export function writeCsv(table: Table, writings: ColumnWriting[], options: WriteOptions = {}): string {
  const parts: string[] = [];
  writeCsvChunks(table, writings, options, (s) => parts.push(s));
  return parts.join('');
}

/** Same as `writeCsv`, delivering the text in chunks of about 64 KB to `sink`. */
export function writeCsvChunks(
  table: Table,
  writings: ColumnWriting[],
  options: WriteOptions,
  sink: (chunk: string) => void,
): void {
  const delimiter = options.delimiter ?? ',';
  const newline = options.newline ?? '\n';
  const safe = options.allowFormulas ? (t: string): string => t : neutralizeFormula;
  const cells = quotedRenderers(table, writings, delimiter, safe);
  let buffer: string[] = [];
  let size = 0;
  if (options.header !== false) {
    const names = options.headerNames?.length === table.columns.length ? options.headerNames : undefined;
    buffer.push(
      table.columns.map((c, i) => quote(safe(names ? names[i] : c.name), delimiter)).join(delimiter) + newline,
    );
  }
  const width = table.columns.length;
  const row: string[] = new Array(width);
  for (let r = 0; r < table.rowCount; r++) {
    for (let c = 0; c < width; c++) row[c] = cells[c](r);
    const line = row.join(delimiter) + newline;
    buffer.push(line);
    size += line.length;
    if (size > 65536) {
      sink(buffer.join(''));
      buffer = [];
      size = 0;
    }
  }
  if (buffer.length) sink(buffer.join(''));
}

/** Per column, a function from row index to the cell's text. */
export function columnRenderers(table: Table, writings: ColumnWriting[]): ((row: number) => string)[] {
  const byName = new Map(writings.map((w) => [w.name, w]));
  return table.columns.map((col) => {
    const w = byName.get(col.name);
    switch (col.storage) {
      case 'numeric': {
        const values = col.values;
        if (col.type === 'datetime') {
          const write = datetimeWriter(w?.format ?? 'YYYY-MM-DD HH:mm:ss', w?.midnightFormat);
          return (r: number) => (Number.isNaN(values[r]) ? '' : write(values[r]));
        }
        const fmt: NumberFormat | undefined = w?.format ? patternToNumberFormat(w.format) : undefined;
        const decimals = col.type === 'integer' ? 0 : w?.decimals;
        return (r: number) => (Number.isNaN(values[r]) ? '' : formatNumber(values[r], decimals, fmt));
      }
      case 'categorical': {
        const { codes, levels } = col;
        return (r: number) => (codes[r] < 0 ? '' : levels[codes[r]]);
      }
      case 'text': {
        const values = col.values;
        return (r: number) => values[r] ?? '';
      }
    }
  });
}

/** Distinct cell texts remembered per column at most (a column of unique values stops caching there). */
const CACHE_LIMIT = 65536;

/**
 * Per column, a function from row index to the cell's text as written, quoted when needed. A
 * category's levels are rendered once; numbers and datetimes are remembered by value (columns
 * repeat a few hundred distinct values across tens of thousands of rows, and formatting and
 * quoting each cell anew was most of the cost of writing). Same text as `quote(columnRenderers)`.
 */
function quotedRenderers(
  table: Table,
  writings: ColumnWriting[],
  delimiter: string,
  safe: (text: string) => string,
): ((row: number) => string)[] {
  const plain = columnRenderers(table, writings);
  return table.columns.map((col, c) => {
    const render = plain[c];
    if (col.storage === 'categorical') {
      const quoted = col.levels.map((l) => quote(safe(l), delimiter));
      const codes = col.codes;
      return (r: number) => (codes[r] < 0 ? '' : quoted[codes[r]]);
    }
    if (col.storage === 'numeric') {
      const values = col.values;
      // Whole numbers in a modest range: an array indexed by value; otherwise a Map by value.
      const [min, max] = wholeRange(values);
      if (max >= min && max - min < CACHE_LIMIT) {
        const texts: (string | undefined)[] = new Array(max - min + 1);
        let missing: string | undefined;
        return (r: number) => {
          const v = values[r];
          if (v !== v) return (missing ??= quote(render(r), delimiter));
          const k = v - min;
          return (texts[k] ??= quote(render(r), delimiter));
        };
      }
      // Remembered while it pays: a column of nearly unique values (timestamps) stops looking up.
      const cache = new Map<number, string>();
      let hits = 0;
      let misses = 0;
      return (r: number) => {
        if (misses > 256 && misses > 2 * hits) return quote(render(r), delimiter);
        const v = values[r];
        let text = cache.get(v);
        if (text === undefined) {
          misses++;
          text = quote(render(r), delimiter);
          if (cache.size < CACHE_LIMIT) cache.set(v, text);
        } else hits++;
        return text;
      };
    }
    return (r: number) => quote(safe(render(r)), delimiter);
  });
}

/** [min, max] of the present values when all are whole numbers, else [NaN, NaN]. */
function wholeRange(values: Float64Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (v !== Math.trunc(v)) return [NaN, NaN];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

function quote(text: string, delimiter: string): string {
  if (text === '') return text;
  const needs =
    text.includes(delimiter) ||
    text.includes('"') ||
    text.includes('\n') ||
    text.includes('\r') ||
    text[0] === ' ' ||
    text[text.length - 1] === ' ';
  return needs ? `"${text.replace(/"/g, '""')}"` : text;
}
