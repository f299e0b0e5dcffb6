import type { Column, ColumnType, Table } from '../../../../src/core/table';

type Cell = number | string | null;

/**
 * A table from plain columns: numbers (null missing) become numeric columns, strings become
 * categories (null missing). `types` overrides the type (integer, datetime, boolean, id, text).
 */
export function table(columns: Record<string, Cell[]>, types: Record<string, ColumnType> = {}): Table {
  const names = Object.keys(columns);
  const rowCount = names.length ? columns[names[0]].length : 0;
  return {
    rowCount,
    columns: names.map((name): Column => {
      const values = columns[name];
      const type = types[name];
      if (type === 'id' || type === 'text')
        return { storage: 'text', name, type, values: values.map((v) => (v === null ? null : String(v))) };
      const numeric =
        type === 'integer' ||
        type === 'number' ||
        type === 'datetime' ||
        (type === undefined && values.every((v) => v === null || typeof v === 'number'));
      if (numeric)
        return {
          storage: 'numeric',
          name,
          type: (type as 'integer' | 'number' | 'datetime') ?? 'number',
          values: Float64Array.from(values, (v) => (v === null ? NaN : Number(v))),
        };
      const levels: string[] = [];
      const index = new Map<string, number>();
      const codes = Int32Array.from(values, (v) => {
        if (v === null) return -1;
        const s = String(v);
        let i = index.get(s);
        if (i === undefined) {
          i = levels.length;
          levels.push(s);
          index.set(s, i);
        }
        return i;
      });
      return { storage: 'categorical', name, type: type === 'boolean' ? 'boolean' : 'category', codes, levels };
    }),
  };
}

/** Seeded uniform numbers (a small LCG, independent of the code under test). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
