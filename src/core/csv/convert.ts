import type { Column, ColumnType, Table } from '../table';
import { storageOf } from '../table';
import { CANDIDATE_FORMATS, parseDatetime } from './datetime';
import { parseNumber, patternToNumberFormat } from './numbers';
import { cellDictionary, type RawTable } from './read';

/** How to read one column's strings. */
export interface ColumnReading {
  name: string;
  type: ColumnType;
  format?: string;
  /** Known levels for categories; values outside them are appended (and counted). */
  levels?: string[];
}

/** Cells that could not be read as the column's type, per column: count and first row. */
export interface ConversionIssue {
  column: string;
  count: number;
  /** 0-based data row of the first offending cell. */
  firstRow: number;
  firstValue: string;
  kind: 'not-a-number' | 'not-a-date' | 'unknown-category';
}

/**
 * Turn string columns into a typed `Table`. Cells that do not fit the type become missing (numbers,
 * dates) or new levels (categories), and are reported in `issues`, never dropped silently.
 */
export function toTable(raw: RawTable, readings: ColumnReading[]): { table: Table; issues: ConversionIssue[] } {
  const issues: ConversionIssue[] = [];
  const columns: Column[] = readings.map((spec) => {
    const index = raw.header.indexOf(spec.name);
    const cells = index >= 0 ? raw.columns[index] : new Array<string | null>(raw.rowCount).fill(null);
    return convertColumn(spec, cells, issues);
  });
  return { table: { rowCount: raw.rowCount, columns }, issues };
}

export function convertColumn(spec: ColumnReading, cells: (string | null)[], issues: ConversionIssue[]): Column {
  const n = cells.length;
  const storage = storageOf(spec.type);
  let issue: ConversionIssue | undefined;
  const note = (row: number, value: string, kind: ConversionIssue['kind']): void => {
    if (!issue) {
      issue = { column: spec.name, count: 0, firstRow: row, firstValue: value, kind };
      issues.push(issue);
    }
    issue.count++;
  };
  // Each distinct cell is parsed (or looked up) once; rows then take their value through the
  // column's dictionary codes. Findings are noted in row order, as a cell-by-cell pass would.
  if (storage === 'text')
    return { storage: 'text', name: spec.name, type: spec.type as 'id' | 'text', values: cells.slice() };
  const dict = cellDictionary(cells);
  const codes = dict.codes;
  if (storage === 'numeric') {
    const values = new Float64Array(n);
    if (spec.type === 'datetime') {
      const format = spec.format ?? 'YYYY-MM-DD';
      const main = dict.values.map((c) => parseDatetime(c, format));
      let fallback: string | undefined;
      for (let i = 0; i < n; i++) {
        const k = codes[i];
        if (k < 0) {
          values[i] = NaN;
          continue;
        }
        let v = main[k];
        if (!Number.isNaN(v)) {
          values[i] = v;
          continue;
        }
        // Mixed formats: the fallback in force depends on the cells before, so cell by cell.
        const c = dict.values[k];
        if (fallback) v = parseDatetime(c, fallback);
        if (Number.isNaN(v)) {
          // Mixed formats: find one that reads this cell and keep trying it first.
          for (const f of CANDIDATE_FORMATS) {
            v = parseDatetime(c, f);
            if (!Number.isNaN(v)) {
              fallback = f;
              break;
            }
          }
        }
        if (Number.isNaN(v)) note(i, c, 'not-a-date');
        values[i] = v;
      }
    } else {
      const fmt = spec.format ? patternToNumberFormat(spec.format) : undefined;
      const parsed = Float64Array.from(dict.values, (c) => parseNumber(c, fmt));
      let bad = false;
      for (let k = 0; k < parsed.length; k++) if (Number.isNaN(parsed[k])) bad = true;
      for (let i = 0; i < n; i++) {
        const k = codes[i];
        values[i] = k < 0 ? NaN : parsed[k];
      }
      if (bad)
        for (let i = 0; i < n; i++)
          if (codes[i] >= 0 && Number.isNaN(values[i])) note(i, dict.values[codes[i]], 'not-a-number');
    }
    return { storage: 'numeric', name: spec.name, type: spec.type as 'integer' | 'number' | 'datetime', values };
  }
  if (storage === 'categorical') {
    const levels = [...(spec.levels ?? [])];
    const index = new Map<string, number>();
    levels.forEach((l, i) => index.set(l, i));
    const known = levels.length;
    // Distinct cells in order of first appearance: new levels are appended in the order a
    // row-by-row pass would meet them.
    const levelOf = new Int32Array(dict.values.length);
    let unknown = false;
    for (let k = 0; k < dict.values.length; k++) {
      const c = dict.values[k];
      let code = index.get(c);
      if (code === undefined) {
        code = levels.length;
        levels.push(c);
        index.set(c, code);
      }
      if (code >= known) unknown = true;
      levelOf[k] = code;
    }
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const k = codes[i];
      out[i] = k < 0 ? -1 : levelOf[k];
    }
    if (unknown && spec.levels)
      for (let i = 0; i < n; i++) if (out[i] >= known) note(i, levels[out[i]], 'unknown-category');
    return { storage: 'categorical', name: spec.name, type: spec.type as 'category' | 'boolean', codes: out, levels };
  }
  throw new Error(`unknown storage ${storage as string}`);
}
