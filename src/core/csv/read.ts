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
  /** The header as the file wrote it, when a name was empty or repeated (`header` has them renamed). */
  readonly sourceHeader?: string[];
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

/** Most share of control bytes (other than tab and line breaks) a text file may hold. */
const MAX_CONTROL_SHARE = 0.05;

/**
 * Decode bytes as text. UTF-8 (with or without BOM) first; a file that is not valid UTF-8 but has
 * no NUL bytes is read as Windows-1252, which is what spreadsheet exports usually are. Bytes that
 * look binary (NUL bytes or more than MAX_CONTROL_SHARE control bytes) are refused.
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
      throw new SynthError(
        'csv/binary',
        `${fileName} is not a text file (it holds a NUL byte at offset ${i}).`,
        { file: fileName },
        'Choose a CSV file saved as text (UTF-8).',
      );
    }
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  // Binary data without a NUL byte has about 10% control bytes (26 of 256 values); a text file can
  // hold a few in its cells (Rdatasets' HHSCyberSecurityBreaches: 1.6%, SUB bytes where an
  // apostrophe was lost), which are read as they are.
  if (probe > 0 && control / probe > MAX_CONTROL_SHARE) {
    throw new SynthError(
      'csv/binary',
      `${fileName} is not a text file (${control} control bytes in its first ${probe}).`,
      { file: fileName },
      'Choose a CSV file saved as text (UTF-8).',
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
    warnings.push({
      severity: 'warning',
      code: 'csv/not-utf8',
      file: fileName,
      message: `${fileName} is not valid UTF-8; it was read as Windows-1252.`,
      hint: 'Save the file as UTF-8 to be sure accented characters come through unchanged.',
    });
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
  return parseText(text, options, true);
}

/** `parseCsvText` always through papaparse: the reference its quote-free fast path is tested against. */
export function parseCsvTextWithPapaparse(text: string, options: ReadOptions = {}): RawTable {
  return parseText(text, options, false);
}

function parseText(text: string, options: ReadOptions, fastPath: boolean): RawTable {
  const fileName = options.fileName ?? 'input';
  text = stripBom(text);
  if (text.trim().length === 0) {
    throw new SynthError(
      'csv/empty',
      `${fileName} is empty.`,
      { file: fileName },
      'Choose a CSV file with a header row and at least one data row.',
    );
  }
  const newline: '\n' | '\r\n' = /\r\n/.test(text.slice(0, 65536)) ? '\r\n' : '\n';
  const fast = fastPath ? parseWithoutQuotes(text, fileName, newline) : undefined;
  if (fast) return fast;
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: true, delimitersToGuess: DELIMITERS });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) {
    const line = lineOfRow(text, parsed.meta.delimiter, quoteError.row ?? 0);
    throw new SynthError(
      'csv/quotes',
      `${fileName}:${line}: a quoted field is never closed.`,
      { file: fileName, line },
      'Close the quote, or escape a quote inside a field by doubling it ("").',
    );
  }
  const rows = parsed.data;
  const delimiter = parsed.meta.delimiter || ',';
  if (rows.length === 0) {
    throw new SynthError(
      'csv/empty',
      `${fileName} is empty.`,
      { file: fileName },
      'Choose a CSV file with a header row and at least one data row.',
    );
  }
  const warnings: Problem[] = [];
  const header = normaliseHeader(rows[0], fileName, warnings);
  const sourceHeader = renamedHeader(rows[0], header);
  const width = header.length;
  if (rows.length === 1) {
    throw new SynthError(
      'csv/no-rows',
      `${fileName} has a header (${width} column${width === 1 ? '' : 's'}) but no data rows.`,
      { file: fileName, line: 2 },
      'Add data rows below the header.',
    );
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
        row.length > width
          ? 'Quote fields that contain the delimiter, or remove the extra fields.'
          : 'Add the missing fields (leave them empty for missing values).',
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
  return { header, columns, rowCount, delimiter, newline, warnings, ...(sourceHeader ? { sourceHeader } : {}) };
}

const DELIMITERS = [',', ';', '\t', '|'];

/**
 * The common case, a CSV without a single quote character, read straight from the text: lines and
 * fields are cut exactly where papaparse's quote-free mode cuts them (the same guesses of line
 * ending and delimiter, below), but each column's cells are interned as they are met: a cell whose
 * text the column has seen before is not copied out of the file again, and the column's
 * dictionary (`cellDictionary`) is made in the same pass. Most columns hold a few dozen distinct
 * values among tens of thousands of cells, so this makes a few thousand strings instead of one per
 * cell. Anything else (quotes, a row whose field count differs from the header's, no data rows)
 * returns undefined and goes through papaparse, which also reports the errors.
 */
function parseWithoutQuotes(text: string, fileName: string, newline: '\n' | '\r\n'): RawTable | undefined {
  if (text.indexOf('"') >= 0) return undefined;
  const lineBreak = papaLineEnding(text);
  const delimiter = papaDelimiter(text, lineBreak) ?? ',';
  const n = text.length;
  const nl = lineBreak.length;
  // The header: the first non-empty line.
  let pos = 0;
  let end = -1;
  for (;;) {
    const eol = text.indexOf(lineBreak, pos);
    end = eol < 0 ? n : eol;
    if (end > pos) break;
    if (eol < 0) return undefined;
    pos = eol + nl;
  }
  const warnings: Problem[] = [];
  const written = text.slice(pos, end).split(delimiter);
  const header = normaliseHeader(written, fileName, warnings);
  const sourceHeader = renamedHeader(written, header);
  const width = header.length;
  const columns = header.map(() => new Interner());
  let codes = header.map(() => new Int32Array(1024));
  let rows = 0;
  while (end < n) {
    pos = end + nl;
    const eol = text.indexOf(lineBreak, pos);
    end = eol < 0 ? n : eol;
    if (end === pos) continue; // an empty line
    if (rows === codes[0].length)
      codes = codes.map((c) => {
        const grown = new Int32Array(c.length * 2);
        grown.set(c);
        return grown;
      });
    let a = pos;
    for (let c = 0; c < width; c++) {
      let b = text.indexOf(delimiter, a);
      if (c < width - 1) {
        if (b < 0 || b >= end) return undefined; // too few fields
      } else {
        if (b >= 0 && b < end) return undefined; // too many fields
        b = end;
      }
      codes[c][rows] = columns[c].intern(text, a, b);
      a = b + delimiter.length;
    }
    rows++;
  }
  if (rows === 0) return undefined;
  const out: (string | null)[][] = [];
  for (let c = 0; c < width; c++) {
    const { values: seen, missing } = columns[c];
    // Intern index -> index among present values (missing markers -> -1), first appearance order.
    const present = new Int32Array(seen.length);
    const values: string[] = [];
    for (let k = 0; k < seen.length; k++) {
      if (missing[k]) present[k] = -1;
      else {
        present[k] = values.length;
        values.push(seen[k]);
      }
    }
    const counts = new Int32Array(values.length);
    const rowCodes = codes[c].subarray(0, rows);
    const cells = new Array<string | null>(rows);
    let presentRows = 0;
    for (let r = 0; r < rows; r++) {
      const k = present[rowCodes[r]];
      rowCodes[r] = k;
      if (k < 0) cells[r] = null;
      else {
        cells[r] = values[k];
        counts[k]++;
        presentRows++;
      }
    }
    DICTIONARIES.set(cells, { values, counts, codes: Int32Array.from(rowCodes), present: presentRows });
    out.push(cells);
  }
  return {
    header,
    columns: out,
    rowCount: rows,
    delimiter,
    newline,
    warnings,
    ...(sourceHeader ? { sourceHeader } : {}),
  };
}

/** Distinct texts of one column, found by hashing the characters in place (no string per cell). */
class Interner {
  values: string[] = [];
  missing: boolean[] = [];
  private hashes: number[] = [];
  private slots = new Int32Array(256).fill(-1);
  private mask = 255;

  intern(text: string, a: number, b: number): number {
    let h = b - a;
    for (let i = a; i < b; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
    const length = b - a;
    let s = h & this.mask;
    for (;;) {
      const k = this.slots[s];
      if (k < 0) break;
      const v = this.values[k];
      if (this.hashes[k] === h && v.length === length && text.startsWith(v, a)) return k;
      s = (s + 1) & this.mask;
    }
    const k = this.values.length;
    const v = text.slice(a, b);
    this.values.push(v);
    this.missing.push(isMissingMarker(v));
    this.hashes.push(h);
    this.slots[s] = k;
    if (this.values.length * 2 > this.mask) this.grow();
    return k;
  }

  private grow(): void {
    const mask = this.mask * 2 + 1;
    const slots = new Int32Array(mask + 1).fill(-1);
    for (let k = 0; k < this.values.length; k++) {
      let s = this.hashes[k] & mask;
      while (slots[s] >= 0) s = (s + 1) & mask;
      slots[s] = k;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/**
 * The line ending papaparse guesses (its guessLineEndings, for text without quotes): from the
 * first 1 MB, "\n" unless a "\r" comes before any "\n"; then "\r\n" if at least half of the
 * "\r"-separated pieces start with "\n", else "\r".
 */
export function papaLineEnding(text: string): string {
  const head = text.length > 1048576 ? text.substring(0, 1048576) : text;
  const firstR = head.indexOf('\r');
  const firstN = head.indexOf('\n');
  if (firstR < 0) return '\n';
  if (firstN >= 0 && firstN < firstR) return '\n';
  let pieces = 1;
  let withN = 0; // the piece before the first "\r" cannot start with "\n" here
  for (let i = firstR; i >= 0; i = head.indexOf('\r', i + 1)) {
    pieces++;
    if (head.charCodeAt(i + 1) === 10) withN++;
  }
  return withN >= pieces / 2 ? '\r\n' : '\r';
}

/**
 * The delimiter papaparse guesses (its guessDelimiter with skipEmptyLines, for text without
 * quotes): over the first 10 lines, the candidate whose field count varies least from line to
 * line, ties to the larger mean field count, provided that mean is at least 2. Undefined when
 * none qualifies (papaparse then uses ",").
 */
export function papaDelimiter(text: string, lineBreak: string): string | undefined {
  const lines: string[] = [];
  for (let pos = 0; lines.length < 10;) {
    const eol = text.indexOf(lineBreak, pos);
    lines.push(text.slice(pos, eol < 0 ? text.length : eol));
    if (eol < 0) break;
    pos = eol + lineBreak.length;
  }
  let best: string | undefined;
  let bestDelta = 0;
  let maxFieldCount = 0;
  for (const delim of DELIMITERS) {
    let delta = 0;
    let avgFieldCount = 0;
    let emptyLines = 0;
    let previous: number | undefined;
    for (const line of lines) {
      if (line.length === 0) {
        emptyLines++;
        continue;
      }
      let fieldCount = 1;
      for (let i = line.indexOf(delim); i >= 0; i = line.indexOf(delim, i + delim.length)) fieldCount++;
      avgFieldCount += fieldCount;
      if (previous === undefined) {
        previous = fieldCount;
        continue;
      }
      delta += Math.abs(fieldCount - previous);
      previous = fieldCount;
    }
    avgFieldCount /= lines.length - emptyLines;
    if (
      avgFieldCount > 1.99 &&
      (best === undefined || delta < bestDelta || (delta === bestDelta && avgFieldCount > maxFieldCount))
    ) {
      best = delim;
      bestDelta = delta;
      maxFieldCount = avgFieldCount;
    }
  }
  return best;
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
    throw new SynthError(
      'csv/empty',
      `${fileName} is empty.`,
      { file: fileName },
      'Choose a CSV file with a header row and at least one data row.',
    );
  }
  const { text, warnings } = decodeText(bytes, fileName);
  const table = parseCsvText(text, options);
  return warnings.length ? { ...table, warnings: [...warnings, ...table.warnings] } : table;
}

export function normaliseHeader(raw: string[], fileName: string, warnings: Problem[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((name, i) => {
    let n = name.trim() === '' ? `column_${i + 1}` : name;
    if (n !== name) {
      warnings.push({
        severity: 'warning',
        code: 'csv/empty-header',
        file: fileName,
        line: 1,
        message: `Column ${i + 1} has no name; it is called "${n}".`,
      });
    }
    const count = seen.get(n) ?? 0;
    seen.set(n, count + 1);
    if (count > 0) {
      const renamed = `${n}.${count}`;
      warnings.push({
        severity: 'warning',
        code: 'csv/duplicate-header',
        file: fileName,
        line: 1,
        message: `Column name "${n}" appears more than once; column ${i + 1} is called "${renamed}".`,
        hint: 'Give every column a distinct name.',
      });
      n = renamed;
    }
    return n;
  });
}

/** The header as written when `normaliseHeader` renamed a name in it (an empty or repeated one), else undefined. */
export function renamedHeader(written: readonly string[], header: readonly string[]): string[] | undefined {
  return written.some((name, i) => name !== header[i]) ? [...written] : undefined;
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
