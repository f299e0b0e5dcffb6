import type { Table } from '../table';
import { formatDatetime } from './datetime';
import { formatNumber, patternToNumberFormat, type NumberFormat } from './numbers';

/** How each column's values are written back to text. */
export interface ColumnWriting {
  name: string;
  format?: string;
  decimals?: number;
}

export interface WriteOptions {
  delimiter?: string;
  newline?: '\n' | '\r\n';
  /** Write the header row (default true). */
  header?: boolean;
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
export function writeCsvChunks(table: Table, writings: ColumnWriting[], options: WriteOptions, sink: (chunk: string) => void): void {
  const delimiter = options.delimiter ?? ',';
  const newline = options.newline ?? '\n';
  const cells = columnRenderers(table, writings);
  let buffer: string[] = [];
  let size = 0;
  if (options.header !== false) {
    buffer.push(table.columns.map((c) => quote(c.name, delimiter)).join(delimiter) + newline);
  }
  const width = table.columns.length;
  for (let r = 0; r < table.rowCount; r++) {
    let line = '';
    for (let c = 0; c < width; c++) {
      if (c > 0) line += delimiter;
      line += quote(cells[c](r), delimiter);
    }
    line += newline;
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
          const format = w?.format ?? 'YYYY-MM-DD HH:mm:ss';
          return (r: number) => (Number.isNaN(values[r]) ? '' : formatDatetime(values[r], format));
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

function quote(text: string, delimiter: string): string {
  if (text === '') return text;
  const needs = text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r') || text[0] === ' ' || text[text.length - 1] === ' ';
  return needs ? `"${text.replace(/"/g, '""')}"` : text;
}
