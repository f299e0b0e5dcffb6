/**
 * Schema violations in a CSV, cell by cell, against a blueprint's columns: values that are not of
 * the column's type, outside its bounds, not among its known categories, or repeating in a
 * unique column. Each finding has its line and character column in the file (for a diagnostic
 * at the cell), up to a cap, plus counts per column for a summary.
 */
import { levelsOf, readDate } from '../blueprint/values';
import type { ColumnSpec } from '../blueprint/types';
import { parseDatetime } from '../csv/datetime';
import { parseNumber, patternToNumberFormat } from '../csv/numbers';
import { cellDictionary, decodeText, parseCsvText, type CellDictionary, type RawTable } from '../csv/read';
import { storageOf } from '../table';
import { booleanWord } from '../expr';
import { dict } from '../util/dict';

export interface CellViolation {
  /** 0-based data row (the header is not counted). */
  row: number;
  column: string;
  value: string;
  message: string;
  code:
    | 'not-a-number'
    | 'not-an-integer'
    | 'not-a-date'
    | 'below-min'
    | 'above-max'
    | 'unknown-category'
    | 'not-a-boolean'
    | 'duplicate';
  /** 1-based line and character column of the cell in the file, and its length in characters. */
  line: number;
  character: number;
  length: number;
}

export interface SourceViolations {
  /** The first `cap` violations, in file order. */
  cells: CellViolation[];
  total: number;
  byColumn: Record<string, number>;
  /** Blueprint columns the CSV lacks. */
  missingColumns: string[];
}

export interface SourceCheckOptions {
  /** Check `min`/`max` and known categories too. Off for fitted blueprints: their bounds come from
   * the training rows only and rare categories are left out for privacy, so held-out rows would be
   * flagged for no fault of the data. */
  bounds?: boolean;
  /** Findings located in the file (the rest are only counted). */
  cap?: number;
}

export function findSourceViolations(
  bytes: Uint8Array,
  columns: ColumnSpec[],
  fileName = 'source.csv',
  options: SourceCheckOptions = {},
): SourceViolations {
  const { text } = decodeText(bytes, fileName);
  return findRawViolations(parseCsvText(text, { fileName }), () => text, columns, options);
}

/**
 * The same check on a CSV already parsed (`synthesize` has it from the start): `text` gives the
 * decoded file text, asked for only when there are findings to locate in it.
 */
export function findRawViolations(
  raw: RawTable,
  text: () => string,
  columns: ColumnSpec[],
  options: SourceCheckOptions = {},
): SourceViolations {
  const cap = options.cap ?? 100;
  const found: Omit<CellViolation, 'line' | 'character' | 'length'>[] = [];
  const byColumn: Record<string, number> = dict();
  let total = 0;
  const missingColumns: string[] = [];
  type Verdict = [CellViolation['code'], string] | undefined;
  const checks: {
    spec: ColumnSpec;
    dict: CellDictionary;
    check: (cell: string, row: number) => Verdict;
    verdicts?: Verdict[];
  }[] = [];
  for (const spec of columns) {
    const col = raw.header.indexOf(spec.name);
    if (col < 0) {
      missingColumns.push(spec.name);
      continue;
    }
    const dict = cellDictionary(raw.columns[col]);
    const { check, pure } = cellCheck(spec, options.bounds ?? true);
    if (pure) {
      // The verdict depends on the text alone: judge each distinct value once.
      const verdicts = dict.values.map((v) => check(v, -1));
      if (verdicts.some((v) => v !== undefined)) checks.push({ spec, dict, check, verdicts });
    } else {
      // Duplicates in a unique column: only possible when some value occurs twice.
      if (dict.counts.some((c) => c > 1)) checks.push({ spec, dict, check });
    }
  }
  // Row-major so the findings come out in file order (only columns that have any).
  for (let r = 0; r < raw.rowCount && checks.length; r++) {
    for (const { spec, dict, check, verdicts } of checks) {
      const k = dict.codes[r];
      if (k < 0) continue;
      const cell = dict.values[k];
      const bad = verdicts ? verdicts[k] : check(cell, r);
      if (!bad) continue;
      total++;
      byColumn[spec.name] = (byColumn[spec.name] ?? 0) + 1;
      if (found.length < cap) found.push({ row: r, column: spec.name, value: cell, code: bad[0], message: bad[1] });
    }
  }
  const positions = found.length
    ? cellPositions(text(), raw.delimiter, new Set(found.map((f) => f.row)))
    : new Map<number, { line: number; character: number; length: number }[]>();
  const cells = found.map((f) => {
    const p = positions.get(f.row)?.[raw.header.indexOf(f.column)];
    return { ...f, line: p?.line ?? f.row + 2, character: p?.character ?? 1, length: Math.max(1, p?.length ?? 1) };
  });
  return { cells, total, byColumn, missingColumns };
}

/** The check of one column's cells; `pure` when its verdict depends on the cell's text alone. */
function cellCheck(
  spec: ColumnSpec,
  checkBounds: boolean,
): { check: (cell: string, row: number) => [CellViolation['code'], string] | undefined; pure: boolean } {
  const check = cellCheckOf(spec, checkBounds);
  return { check, pure: !(storageOf(spec.type) === 'text' && spec.unique) };
}

function cellCheckOf(
  spec: ColumnSpec,
  checkBounds: boolean,
): (cell: string, row: number) => [CellViolation['code'], string] | undefined {
  const name = spec.name;
  const bounds = (x: number, show: (v: number) => string): [CellViolation['code'], string] | undefined => {
    if (!checkBounds) return undefined;
    const read = (b: unknown): number =>
      typeof b === 'number' ? b : spec.type === 'datetime' ? readDate(b, spec.format ?? 'YYYY-MM-DD HH:mm:ss') : NaN;
    const min = read(spec.min);
    const max = read(spec.max);
    if (!Number.isNaN(min) && x < min)
      return ['below-min', `${show(x)} is below the minimum ${String(spec.min)} of "${name}".`];
    if (!Number.isNaN(max) && x > max)
      return ['above-max', `${show(x)} is above the maximum ${String(spec.max)} of "${name}".`];
    return undefined;
  };
  switch (spec.type) {
    case 'integer':
    case 'number': {
      const fmt = spec.format ? patternToNumberFormat(spec.format) : undefined;
      return (cell) => {
        const x = parseNumber(cell, fmt);
        if (Number.isNaN(x))
          return [
            'not-a-number',
            `"${cell}" is not a number, but "${name}" is ${spec.type === 'integer' ? 'an integer' : 'a number'} column.`,
          ];
        if (spec.type === 'integer' && !Number.isInteger(x))
          return ['not-an-integer', `${cell} is not a whole number, but "${name}" is an integer column.`];
        return bounds(x, () => cell);
      };
    }
    case 'datetime': {
      const format = spec.format ?? 'YYYY-MM-DD HH:mm:ss';
      return (cell) => {
        const t = parseDatetime(cell, format);
        if (Number.isNaN(t)) return ['not-a-date', `"${cell}" is not a date written ${format}, as "${name}" expects.`];
        return bounds(t, () => cell);
      };
    }
    case 'category': {
      const levels = checkBounds ? levelsOf(spec.distribution) : undefined;
      if (!levels) return () => undefined;
      const known = new Set(levels);
      const shown =
        levels
          .slice(0, 6)
          .map((l) => `"${l}"`)
          .join(', ') + (levels.length > 6 ? ', ...' : '');
      return (cell) =>
        known.has(cell)
          ? undefined
          : ['unknown-category', `"${cell}" is not a known category of "${name}" (${shown}).`];
    }
    case 'boolean':
      return (cell) =>
        booleanWord(cell) === undefined
          ? ['not-a-boolean', `"${cell}" is not true or false, but "${name}" is a boolean column.`]
          : undefined;
    default: {
      if (!spec.unique) return () => undefined;
      const seen = new Map<string, number>();
      return (cell, row) => {
        const first = seen.get(cell);
        if (first === undefined) {
          seen.set(cell, row);
          return undefined;
        }
        return ['duplicate', `"${cell}" repeats the value of row ${first + 1}, but "${name}" is unique.`];
      };
    }
  }
}

/**
 * Line, character column and length of each field of the wanted data rows, by scanning the text
 * the way the CSV reader splits it (RFC 4180 quotes, empty lines skipped).
 */
export function cellPositions(
  text: string,
  delimiter: string,
  rows: Set<number>,
): Map<number, { line: number; character: number; length: number }[]> {
  const out = new Map<number, { line: number; character: number; length: number }[]>();
  if (!rows.size) return out;
  const maxRow = Math.max(...rows);
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = 0;
  let record = -1; // -1 is the header
  const n = text.length;
  while (i < n && record <= maxRow) {
    // Skip empty lines.
    if (text[i] === '\n' || text[i] === '\r') {
      if (text[i] === '\r' && text[i + 1] === '\n') i++;
      i++;
      line++;
      lineStart = i;
      continue;
    }
    const fields: { line: number; character: number; length: number }[] = [];
    for (;;) {
      const start = i;
      const startLine = line;
      const startChar = i - lineStart + 1;
      if (text[i] === '"') {
        i++;
        while (i < n) {
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (text[i] === '\n') {
            line++;
            lineStart = i + 1;
          }
          i++;
        }
      }
      while (i < n && !text.startsWith(delimiter, i) && text[i] !== '\n' && text[i] !== '\r') i++;
      fields.push({ line: startLine, character: startChar, length: startLine === line ? i - start : 1 });
      if (i < n && text.startsWith(delimiter, i)) {
        i += delimiter.length;
        continue;
      }
      break;
    }
    if (record >= 0 && rows.has(record)) out.set(record, fields);
    record++;
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    if (i < n) {
      i++;
      line++;
      lineStart = i;
    }
  }
  return out;
}
