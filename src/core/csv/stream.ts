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
import { isMissingMarker, normaliseHeader, papaDelimiter, papaLineEnding } from './read';

export interface SkippedRows {
  count: number;
  /** Lines (1-based) of the first skipped rows, with what was wrong. */
  first: { line: number; fields: number }[];
}

/** Keep this many skipped rows' lines to name in the warning. */
const SKIPPED_SHOWN = 5;

export class CsvStreamReader {
  /** The header, once read. */
  header: string[] | undefined;
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
    this.buffer = this.buffer.length ? this.buffer + text : text;
    if (!this.started) {
      // Guess the line ending and delimiter from the first MB (or the whole file if smaller).
      if (this.buffer.length < 1048576) return;
      this.start();
    }
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
        if (end > pos) this.take(text.slice(pos, end).split(delim), line);
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

  private take(fields: string[], line: number): void {
    if (!this.header) {
      this.header = normaliseHeader(fields, this.fileName, this.warnings);
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
    for (let c = 0; c < width; c++) if (isMissingMarker(fields[c])) cells[c] = null;
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
