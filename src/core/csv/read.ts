import Papa from 'papaparse';
import { SynthError, type Problem } from '../errors';

/**
 * A CSV as strings, column by column, before any typing. Cells that hold a missing-value marker
 * are `null`.
 */
export interface RawTable {
  readonly header: string[];
  readonly columns: (string | null)[][];
  readonly rowCount: number;
  readonly delimiter: string;
  /** Line ending of the source, kept when the table is written back. */
  readonly newline: '\n' | '\r\n';
  /** Non-fatal findings (renamed duplicate headers, an undecodable byte replaced, ...). */
  readonly warnings: Problem[];
}

/**
 * Cells read as missing. Matched after trimming spaces; the lowercase forms match any case.
 * `None` is deliberately absent: it is a real category in real data (a holiday called "None").
 */
const MISSING_MARKERS = new Set(['', 'na', 'n/a', '?', 'null', 'nan', '#n/a']);

export function isMissingMarker(cell: string): boolean {
  if (cell.length > 4) return false;
  return MISSING_MARKERS.has(cell.trim().toLowerCase());
}

export interface ReadOptions {
  /** Shown in messages; never opened by core. */
  fileName?: string;
}

/**
 * Decode bytes as text. UTF-8 (with or without BOM) first; a file that is not valid UTF-8 but has
 * no NUL bytes is read as Windows-1252, which is what spreadsheet exports usually are. Bytes that
 * look binary (NUL bytes or many control characters) are refused.
 */
export function decodeText(bytes: Uint8Array, fileName = 'input'): { text: string; warnings: Problem[] } {
  const warnings: Problem[] = [];
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
    return { text: stripBom(text), warnings };
  }
  const probe = Math.min(bytes.length, 65536);
  let control = 0;
  for (let i = 0; i < probe; i++) {
    const b = bytes[i];
    if (b === 0) {
      throw new SynthError('csv/binary', `${fileName} is not a text file (it holds a NUL byte at offset ${i}).`, { file: fileName }, 'Choose a CSV file saved as text (UTF-8).');
    }
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  if (probe > 0 && control / probe > 0.01) {
    throw new SynthError('csv/binary', `${fileName} is not a text file (${control} control bytes in its first ${probe}).`, { file: fileName }, 'Choose a CSV file saved as text (UTF-8).');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
    warnings.push({ severity: 'warning', code: 'csv/not-utf8', file: fileName, message: `${fileName} is not valid UTF-8; it was read as Windows-1252.`, hint: 'Save the file as UTF-8 to be sure accented characters come through unchanged.' });
  }
  return { text: stripBom(text), warnings };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Parse CSV text (header row first) into string columns. Handles quoted fields, escaped quotes,
 * CRLF, BOM and delimiter detection (`,` `;` tab `|`) through papaparse. Refuses, with the line
 * number, rows whose field count differs from the header.
 */
export function parseCsvText(text: string, options: ReadOptions = {}): RawTable {
  const fileName = options.fileName ?? 'input';
  text = stripBom(text);
  if (text.trim().length === 0) {
    throw new SynthError('csv/empty', `${fileName} is empty.`, { file: fileName }, 'Choose a CSV file with a header row and at least one data row.');
  }
  const newline: '\n' | '\r\n' = /\r\n/.test(text.slice(0, 65536)) ? '\r\n' : '\n';
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: true, delimitersToGuess: [',', ';', '\t', '|'] });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) {
    const line = lineOfRow(text, parsed.meta.delimiter, quoteError.row ?? 0);
    throw new SynthError('csv/quotes', `${fileName}:${line}: a quoted field is never closed.`, { file: fileName, line }, 'Close the quote, or escape a quote inside a field by doubling it ("").');
  }
  const rows = parsed.data;
  const delimiter = parsed.meta.delimiter || ',';
  if (rows.length === 0) {
    throw new SynthError('csv/empty', `${fileName} is empty.`, { file: fileName }, 'Choose a CSV file with a header row and at least one data row.');
  }
  const warnings: Problem[] = [];
  const header = normaliseHeader(rows[0], fileName, warnings);
  const width = header.length;
  if (rows.length === 1) {
    throw new SynthError('csv/no-rows', `${fileName} has a header (${width} column${width === 1 ? '' : 's'}) but no data rows.`, { file: fileName, line: 2 }, 'Add data rows below the header.');
  }
  const rowCount = rows.length - 1;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    if (row.length !== width) {
      // A trailing delimiter gives one extra empty field: tolerated when every extra is empty.
      if (row.length > width && row.slice(width).every((c) => c === '')) continue;
      const line = lineOfRow(text, delimiter, r);
      throw new SynthError(
        'csv/ragged-row',
        `${fileName}:${line}: row has ${row.length} field${row.length === 1 ? '' : 's'}, but the header has ${width}.`,
        { file: fileName, line, column: 1 },
        row.length > width ? 'Quote fields that contain the delimiter, or remove the extra fields.' : 'Add the missing fields (leave them empty for missing values).',
      );
    }
  }
  const columns: (string | null)[][] = header.map(() => new Array<string | null>(rowCount));
  for (let r = 0; r < rowCount; r++) {
    const row = rows[r + 1];
    for (let c = 0; c < width; c++) {
      const cell = row[c];
      columns[c][r] = isMissingMarker(cell) ? null : cell;
    }
  }
  return { header, columns, rowCount, delimiter, newline, warnings };
}

/**
 * A raw column's distinct values: every later step that reads cells (type inference, conversion,
 * the source check) works per distinct value and then per row through `codes`, instead of hashing
 * or parsing every cell again. Most columns have a few dozen distinct values among tens of
 * thousands of cells.
 */
export interface CellDictionary {
  /** Distinct present cells, in order of first appearance. */
  readonly values: string[];
  /** Rows holding each distinct value. */
  readonly counts: Int32Array;
  /** Per row: index into `values`, or -1 for a missing cell. */
  readonly codes: Int32Array;
  /** Rows with a value. */
  readonly present: number;
}

// Raw columns are never modified once read, so a column's dictionary is kept with it.
const DICTIONARIES = new WeakMap<readonly (string | null)[], CellDictionary>();

/** The dictionary of a raw column, made on first use and kept with the column. */
export function cellDictionary(cells: readonly (string | null)[]): CellDictionary {
  let d = DICTIONARIES.get(cells);
  if (d) return d;
  const n = cells.length;
  const codes = new Int32Array(n);
  const index = new Map<string, number>();
  const values: string[] = [];
  const counts: number[] = [];
  let present = 0;
  for (let r = 0; r < n; r++) {
    const cell = cells[r];
    if (cell === null) {
      codes[r] = -1;
      continue;
    }
    let k = index.get(cell);
    if (k === undefined) {
      k = values.length;
      index.set(cell, k);
      values.push(cell);
      counts.push(0);
    }
    codes[r] = k;
    counts[k]++;
    present++;
  }
  d = { values, counts: Int32Array.from(counts), codes, present };
  DICTIONARIES.set(cells, d);
  return d;
}

/** Decode and parse in one step. */
export function readCsv(bytes: Uint8Array, options: ReadOptions = {}): RawTable {
  const fileName = options.fileName ?? 'input';
  if (bytes.length === 0) {
    throw new SynthError('csv/empty', `${fileName} is empty.`, { file: fileName }, 'Choose a CSV file with a header row and at least one data row.');
  }
  const { text, warnings } = decodeText(bytes, fileName);
  const table = parseCsvText(text, options);
  return warnings.length ? { ...table, warnings: [...warnings, ...table.warnings] } : table;
}

function normaliseHeader(raw: string[], fileName: string, warnings: Problem[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((name, i) => {
    let n = name.trim() === '' ? `column_${i + 1}` : name;
    if (n !== name) {
      warnings.push({ severity: 'warning', code: 'csv/empty-header', file: fileName, line: 1, message: `Column ${i + 1} has no name; it is called "${n}".` });
    }
    const count = seen.get(n) ?? 0;
    seen.set(n, count + 1);
    if (count > 0) {
      const renamed = `${n}.${count}`;
      warnings.push({ severity: 'warning', code: 'csv/duplicate-header', file: fileName, line: 1, message: `Column name "${n}" appears more than once; column ${i + 1} is called "${renamed}".`, hint: 'Give every column a distinct name.' });
      n = renamed;
    }
    return n;
  });
}

/**
 * 1-based line where data row `rowIndex` (0 = header) starts. Only used on the error path: it
 * re-reads the text row by row, which papaparse does with the exact character cursor.
 */
function lineOfRow(text: string, delimiter: string, rowIndex: number): number {
  let row = 0;
  let cursor = 0;
  let found = -1;
  Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: true,
    delimiter,
    step: (result, parser) => {
      if (row === rowIndex) {
        found = cursor;
        parser.abort();
        return;
      }
      cursor = result.meta.cursor;
      row++;
    },
  });
  if (found < 0) found = cursor;
  // Skip the newline(s) that ended the previous row.
  while (found < text.length && (text[found] === '\n' || text[found] === '\r')) found++;
  let line = 1;
  for (let i = 0; i < found && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
