/**
 * Reading a CSV as a stream of byte chunks, one row at a time, for files too large to hold
 * (`synthesize` on a 10 GB file). Cells are cut as `readCsv` cuts them (the delimiter and line
 * ending papaparse would guess from the start of the file, quoted fields with doubled quotes,
 * empty lines skipped, missing-value markers read as null, a trailing empty field tolerated), and
 * each row comes with the line it starts on. A row whose field count differs from the header's is
 * not fatal here: it is skipped and counted (`skipped`, with the first lines), so that one bad
 * row deep in a large file neither stops the pass nor is lost silently.
 */
import { SynthError, type Problem } from '../errors';
import { isMissingMarker, normaliseHeader, papaDelimiter, papaLineEnding, renamedHeader } from './read';

export interface SkippedRows {
  count: number;
  /** Lines (1-based) of the first skipped rows, with what was wrong. */
  first: { line: number; fields: number }[];
}

/** Keep this many skipped rows' lines to name in the warning. */
const SKIPPED_SHOWN = 5;

/**
 * Distinct cells a column's `CellTable` holds, and characters in all (a column of long unique
 * texts stops early, so the tables stay a few MB whatever the file); later new cells are cut one
 * by one (id -1).
 */
const MAX_DISTINCT = 65_536;
const MAX_CHARS = 2_000_000;

/** FNV-1a over UTF-16 code units: the start value, and one step. */
const FNV_START = 0x811c9dc5 | 0;
const fnv = (h: number, ch: number): number => Math.imul(h ^ ch, 16777619);

/**
 * The distinct cells of one column, each held once and numbered in the order they were first met
 * (an open-addressing hash table on the text). Most columns of a large file hold a few hundred
 * distinct values among millions of cells: a cell already met is found without cutting a string
 * out of the text, and its consumer can count by number (`CsvStreamReader.ids`).
 */
export class CellTable {
  /** Cell `id` as read, and what it stands for (null for a missing-value marker). */
  readonly texts: string[] = [];
  readonly cells: (string | null)[] = [];
  private readonly hashes: number[] = [];
  /** Characters of `texts`, all together. */
  private chars = 0;
  /** id + 1 per slot, 0 for an empty slot; the table is kept at most half full. */
  private slots = new Int32Array(1024);

  get size(): number {
    return this.texts.length;
  }

  /** The id of `text[from, to)`, whose hash is `hash`; -1 when it is new and the table full. */
  intern(text: string, from: number, to: number, hash: number): number {
    const mask = this.slots.length - 1;
    const len = to - from;
    let i = hash & mask;
    for (let v = this.slots[i]; v !== 0; v = this.slots[i]) {
      const t = this.texts[v - 1];
      if (this.hashes[v - 1] === hash && t.length === len && text.startsWith(t, from)) return v - 1;
      i = (i + 1) & mask;
    }
    const id = this.texts.length;
    if (id >= MAX_DISTINCT || this.chars + len > MAX_CHARS) return -1;
    this.chars += len;
    const cell = detached(text.slice(from, to));
    this.texts.push(cell);
    this.cells.push(isMissingMarker(cell) ? null : cell);
    this.hashes.push(hash);
    this.slots[i] = id + 1;
    if (2 * this.texts.length > this.slots.length) this.grow();
    return id;
  }

  /** The id of a whole cell (as `intern` numbers it). */
  idOf(cell: string): number {
    let h = FNV_START;
    for (let i = 0; i < cell.length; i++) h = fnv(h, cell.charCodeAt(i));
    return this.intern(cell, 0, cell.length, h);
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.hashes.length; id++) {
      let i = this.hashes[id] & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = id + 1;
    }
    this.slots = slots;
  }
}

/**
 * A copy of a string that does not keep the text it was cut from alive (V8 slices of 13
 * characters or more point into their parent string).
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

export class CsvStreamReader {
  /** The header, once read. */
  header: string[] | undefined;
  /** The header as the file wrote it, when a name in it was empty or repeated (see `renamedHeader`). */
  sourceHeader: string[] | undefined;
  /**
   * The row being handed to `onRow`, as ids into `tables` (one table per column): -1 for a cell
   * the table does not hold (a new cell once the table is full, or a cell given as null).
   */
  ids = new Int32Array(0);
  tables: CellTable[] = [];
  /** The cells of the row being handed to `onRow` (reused). */
  private row: (string | null)[] = [];
  delimiter = ',';
  newline: '\n' | '\r\n' = '\n';
  readonly warnings: Problem[] = [];
  readonly skipped: SkippedRows = { count: 0, first: [] };
  /** Data rows handed to `onRow`. */
  rows = 0;
  private lineBreak = '\n';
  private decoder: TextDecoder | undefined;
  private buffer = '';
  /** Line (1-based) where `buffer` starts. */
  private line = 1;
  private started = false;
  private bytesSeen = 0;

  /**
   * `onRow` gets each data row's cells and the line it starts on. The cells array (like `ids`) is
   * the reader's and is overwritten by the next row: copy what you keep (not allocating one per
   * row makes reading a large file about 15% faster).
   */
  constructor(
    private readonly fileName: string,
    private readonly onRow: (cells: (string | null)[], line: number) => void,
  ) {}

  /** Feed the next bytes of the file. */
  push(bytes: Uint8Array): void {
    if (!this.decoder) this.decoder = this.openDecoder(bytes);
    let text: string;
    try {
      text = this.decoder.decode(bytes, { stream: true });
    } catch {
      throw this.notUtf8();
    }
    this.bytesSeen += bytes.length;
    if (!this.started) {
      this.buffer += text;
      // Guess the line ending and delimiter from the first MB (or the whole file if smaller).
      if (this.buffer.length < 1048576) return;
      this.start();
      this.parse(false);
      return;
    }
    if (this.buffer.length) {
      // The row left over from the last bytes is finished first, on its own: appending a whole
      // chunk to it would copy the chunk (V8 flattens the joined string when it is searched).
      const k = text.indexOf(this.lineBreak);
      if (k < 0) {
        this.buffer += text;
        return;
      }
      this.buffer += text.slice(0, k + this.lineBreak.length);
      this.parse(false);
      text = text.slice(k + this.lineBreak.length);
      if (this.buffer.length) text = this.buffer + text;
    }
    this.buffer = text;
    this.parse(false);
  }

  /** The file has ended: read what is left. */
  end(): void {
    if (!this.decoder) this.decoder = new TextDecoder('utf-8', { fatal: true });
    try {
      this.buffer += this.decoder.decode();
    } catch {
      throw this.notUtf8();
    }
    if (!this.started) this.start();
    this.parse(true);
    if (!this.header || this.header.length === 0)
      throw new SynthError(
        'csv/empty',
        `${this.fileName} is empty.`,
        { file: this.fileName },
        'Choose a CSV file with a header row and at least one data row.',
      );
    if (this.rows === 0)
      throw new SynthError(
        'csv/no-rows',
        `${this.fileName} has a header (${this.header.length} column${this.header.length === 1 ? '' : 's'}) but no data rows.`,
        { file: this.fileName, line: 2 },
        'Add data rows below the header.',
      );
  }

  /** The header (read from the file, or given with rows already cut): one table per column. */
  useHeader(header: string[]): void {
    this.header = header;
    this.ids = new Int32Array(header.length);
    this.row = new Array<string | null>(header.length).fill(null);
    this.tables = header.map(() => new CellTable());
  }

  private openDecoder(first: Uint8Array): TextDecoder {
    if (first.length >= 2 && ((first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff)))
      return new TextDecoder(first[0] === 0xff ? 'utf-16le' : 'utf-16be');
    const probe = Math.min(first.length, 65536);
    for (let i = 0; i < probe; i++)
      if (first[i] === 0)
        throw new SynthError(
          'csv/binary',
          `${this.fileName} is not a text file (it holds a NUL byte at offset ${i}).`,
          { file: this.fileName },
          'Choose a CSV file saved as text (UTF-8).',
        );
    return new TextDecoder('utf-8', { fatal: true });
  }

  private notUtf8(): SynthError {
    return new SynthError(
      'csv/not-utf8',
      `${this.fileName}: the bytes after line ${this.line} (about byte ${this.bytesSeen.toLocaleString('en-US')}) are not valid UTF-8.`,
      { file: this.fileName, line: this.line },
      'Save the file as UTF-8 (large files are read as a stream, which needs one encoding throughout).',
    );
  }

  private start(): void {
    this.started = true;
    this.lineBreak = papaLineEnding(this.buffer);
    this.newline = /\r\n/.test(this.buffer.slice(0, 65536)) ? '\r\n' : '\n';
    this.delimiter = papaDelimiter(this.buffer, this.lineBreak) ?? ',';
  }

  /** Read the complete rows in the buffer (all of it at the end of the file). */
  private parse(final: boolean): void {
    const text = this.buffer;
    const lb = this.lineBreak;
    const lbLen = lb.length;
    const delim = this.delimiter;
    const delimCode = delim.length === 1 ? delim.charCodeAt(0) : -1;
    const n = text.length;
    let pos = 0;
    let line = this.line;
    // The next quote at or after pos (searched again only once passed: most files have none).
    let quote = text.indexOf('"');
    while (pos < n) {
      const eol = text.indexOf(lb, pos);
      if (eol < 0 && !final) break;
      const end = eol < 0 ? n : eol;
      if (quote >= 0 && quote < pos) quote = text.indexOf('"', pos);
      if (quote < 0 || quote >= end) {
        // A line without quotes: one row.
        if (end > pos && !(this.header && delimCode >= 0 && this.cut(text, pos, end, line, delimCode)))
          this.take(text.slice(pos, end).split(delim), line);
        pos = end + lbLen;
        line++;
        continue;
      }
      const row = this.quoted(text, pos, final, line);
      if (!row) break;
      this.take(row.cells, line);
      line += row.lines;
      pos = row.next;
    }
    this.buffer = pos >= n ? '' : text.slice(pos);
    this.line = line;
  }

  /**
   * A row with quotes, read character by character from `pos`: the cells, the line breaks it
   * spans and where the next row starts; undefined when it runs past the buffer (more is coming).
   */
  private quoted(
    text: string,
    pos: number,
    final: boolean,
    line: number,
  ): { cells: string[]; lines: number; next: number } | undefined {
    const lb = this.lineBreak;
    const delim = this.delimiter;
    const n = text.length;
    const cells: string[] = [];
    let lines = 1;
    let i = pos;
    for (;;) {
      if (text.charCodeAt(i) === 34) {
        // A quoted field: up to the closing quote; "" is one quote.
        let value = '';
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) {
            if (!final) return undefined;
            throw new SynthError(
              'csv/quotes',
              `${this.fileName}:${line}: a quoted field is never closed.`,
              { file: this.fileName, line },
              'Close the quote, or escape a quote inside a field by doubling it ("").',
            );
          }
          if (q + 1 >= n && !final) return undefined;
          value += text.slice(from, q);
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            from = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        lines += countBreaks(value, lb);
        // Anything between the closing quote and the delimiter is kept as written.
        const d = nextStop(text, i, delim, lb);
        if (d.at < 0 && !final) return undefined;
        const stop = d.at < 0 ? n : d.at;
        cells.push(value + text.slice(i, stop));
        i = stop;
      } else {
        const d = nextStop(text, i, delim, lb);
        if (d.at < 0 && !final) return undefined;
        const stop = d.at < 0 ? n : d.at;
        cells.push(text.slice(i, stop));
        i = stop;
      }
      if (i >= n) return { cells, lines: lines - 1, next: n };
      if (text.startsWith(lb, i)) return { cells, lines, next: i + lb.length };
      i += delim.length;
      if (i >= n) {
        if (!final) return undefined;
        cells.push('');
        return { cells, lines: lines - 1, next: n };
      }
    }
  }

  /**
   * A line without quotes, `text[pos, end)`, cut at `delimCode` and its cells looked up in the
   * columns' tables in one pass; false (and nothing taken) when its field count is not the
   * header's, which `take` then handles.
   */
  private cut(text: string, pos: number, end: number, line: number, delimCode: number): boolean {
    const width = this.header!.length;
    const tables = this.tables;
    const ids = this.ids;
    const cells = this.row;
    let c = 0;
    let from = pos;
    let h = FNV_START;
    // Each cell ends at a delimiter or at the line's end (i === end, no character read there).
    for (let i = pos; ; i++) {
      if (i < end) {
        const ch = text.charCodeAt(i);
        if (ch !== delimCode) {
          h = Math.imul(h ^ ch, 16777619);
          continue;
        }
      }
      if (c === width) return false;
      const id = tables[c].intern(text, from, i, h);
      ids[c] = id;
      if (id >= 0) cells[c] = tables[c].cells[id];
      else {
        const cell = text.slice(from, i);
        cells[c] = isMissingMarker(cell) ? null : cell;
      }
      c++;
      if (i >= end) break;
      from = i + 1;
      h = FNV_START;
    }
    if (c !== width) return false;
    this.rows++;
    this.onRow(cells, line);
    return true;
  }

  /** Cells already cut (a quoted row, a row of Parquet values): their ids in `ids`, markers read as null. */
  internRow(fields: (string | null)[]): void {
    for (let c = 0; c < fields.length; c++) {
      const f = fields[c];
      if (f === null) {
        this.ids[c] = -1;
        continue;
      }
      const id = this.tables[c].idOf(f);
      this.ids[c] = id;
      if (id >= 0) fields[c] = this.tables[c].cells[id];
      else if (isMissingMarker(f)) fields[c] = null;
    }
  }

  private take(fields: string[], line: number): void {
    if (!this.header) {
      const header = normaliseHeader(fields, this.fileName, this.warnings);
      this.sourceHeader = renamedHeader(fields, header);
      this.useHeader(header);
      return;
    }
    const width = this.header.length;
    if (fields.length !== width) {
      if (!(fields.length > width && fields.slice(width).every((c) => c === ''))) {
        this.skipped.count++;
        if (this.skipped.first.length < SKIPPED_SHOWN) this.skipped.first.push({ line, fields: fields.length });
        return;
      }
      fields.length = width;
    }
    const cells: (string | null)[] = fields;
    this.internRow(cells);
    this.rows++;
    this.onRow(cells, line);
  }
}

/** The warning for rows skipped because their field count differs from the header's. */
export function skippedWarning(skipped: SkippedRows, width: number, fileName: string): Problem | undefined {
  if (skipped.count === 0) return undefined;
  const lines = skipped.first.map((s) => `line ${s.line} (${s.fields} field${s.fields === 1 ? '' : 's'})`).join(', ');
  return {
    severity: 'warning',
    code: 'csv/ragged-row',
    file: fileName,
    line: skipped.first[0].line,
    message: `${skipped.count.toLocaleString('en-US')} row${skipped.count === 1 ? ' was' : 's were'} skipped because ${skipped.count === 1 ? 'its' : 'their'} field count differs from the header's ${width}: ${lines}${skipped.count > skipped.first.length ? ', ...' : ''}.`,
    hint: 'Quote fields that contain the delimiter, or fix the rows at those lines; the other rows were read.',
  };
}

/** Line breaks in a quoted field's text, counted as editors count lines ("\n", or "\r" in a "\r" file). */
function countBreaks(s: string, lb: string): number {
  if (lb === '\r\n') lb = '\n';
  let k = 0;
  for (let i = s.indexOf(lb); i >= 0; i = s.indexOf(lb, i + lb.length)) k++;
  return k;
}

/** The next delimiter or line break at or after `from` (-1 when neither is in the text). */
function nextStop(text: string, from: number, delim: string, lb: string): { at: number } {
  const d = text.indexOf(delim, from);
  const e = text.indexOf(lb, from);
  if (d < 0) return { at: e };
  if (e < 0) return { at: d };
  return { at: Math.min(d, e) };
}
