import type { Column, ColumnType, Table } from '../table';
import { storageOf } from '../table';
import { CANDIDATE_FORMATS, parseDatetime } from './datetime';
import { parseNumber, patternToNumberFormat } from './numbers';
import type { RawTable } from './read';

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
  if (storage === 'numeric') {
    const values = new Float64Array(n);
    if (spec.type === 'datetime') {
      const format = spec.format ?? 'YYYY-MM-DD';
      let fallback: string | undefined;
      for (let i = 0; i < n; i++) {
        const c = cells[i];
        if (c === null) { values[i] = NaN; continue; }
        let v = parseDatetime(c, format);
        if (Number.isNaN(v) && fallback) v = parseDatetime(c, fallback);
        if (Number.isNaN(v)) {
          // Mixed formats: find one that reads this cell and keep trying it first.
          for (const f of CANDIDATE_FORMATS) {
            v = parseDatetime(c, f);
            if (!Number.isNaN(v)) { fallback = f; break; }
          }
        }
        if (Number.isNaN(v)) note(i, c, 'not-a-date');
        values[i] = v;
      }
    } else {
      const fmt = spec.format ? patternToNumberFormat(spec.format) : undefined;
      for (let i = 0; i < n; i++) {
        const c = cells[i];
        if (c === null) { values[i] = NaN; continue; }
        const v = parseNumber(c, fmt);
        if (Number.isNaN(v)) note(i, c, 'not-a-number');
        values[i] = v;
      }
    }
    return { storage: 'numeric', name: spec.name, type: spec.type as 'integer' | 'number' | 'datetime', values };
  }
  if (storage === 'categorical') {
    const levels = [...(spec.levels ?? [])];
    const index = new Map<string, number>();
    levels.forEach((l, i) => index.set(l, i));
    const known = levels.length;
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = cells[i];
      if (c === null) { codes[i] = -1; continue; }
      let code = index.get(c);
      if (code === undefined) {
        code = levels.length;
        levels.push(c);
        index.set(c, code);
      }
      if (code >= known && spec.levels) note(i, c, 'unknown-category');
      codes[i] = code;
    }
    return { storage: 'categorical', name: spec.name, type: spec.type as 'category' | 'boolean', codes, levels };
  }
  return { storage: 'text', name: spec.name, type: spec.type as 'id' | 'text', values: cells.slice() };
}
