/**
 * Counts the report reads from the same columns in several sections (the table summary, the
 * column profiles, validity, pair tables, utility's target choice, the target view): missing
 * cells, and rows per level of a categorical column. Computed once per column object and kept
 * with it; tables are not modified once built.
 */
import type { Column } from '../table';

export interface ColumnCounts {
  /** Missing cells. */
  missing: number;
  /** Rows per level code (categorical columns; empty otherwise). */
  levels: Float64Array;
}

const CACHE = new WeakMap<Column, ColumnCounts>();
const NONE = new Float64Array(0);

export function columnCounts(col: Column): ColumnCounts {
  let c = CACHE.get(col);
  if (c) return c;
  c =
    col.storage === 'numeric'
      ? { missing: missingNumbers(col.values), levels: NONE }
      : col.storage === 'categorical'
        ? countLevels(col.codes, col.levels.length)
        : { missing: missingTexts(col.values), levels: NONE };
  CACHE.set(col, c);
  return c;
}

function missingNumbers(values: Float64Array): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== values[i]) m++;
  return m;
}

function missingTexts(values: (string | null)[]): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === null) m++;
  return m;
}

function countLevels(codes: Int32Array, size: number): ColumnCounts {
  const levels = new Float64Array(size);
  let missing = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c < 0) missing++;
    else levels[c]++;
  }
  return { missing, levels };
}

/** The levels of a categorical column that occur in it, in level order. */
export function presentLevels(col: Extract<Column, { storage: 'categorical' }>): string[] {
  const counts = columnCounts(col).levels;
  return col.levels.filter((_, i) => counts[i] > 0);
}
