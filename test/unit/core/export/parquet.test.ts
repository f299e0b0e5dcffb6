/**
 * Parquet out (export/parquet.ts) and in (csv/parquet.ts): a table of every column type written
 * in two chunks, its schema read back with hyparquet, and its cells read back as the raw table a
 * CSV of the same rows gives; chunks gathered into row groups of 65,536 rows.
 */
import { parquetMetadata } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import type { ColumnSpec } from '../../../../src/core/blueprint/types';
import { isParquet, readParquet } from '../../../../src/core/csv/parquet';
import { writeCsv } from '../../../../src/core/csv/write';
import { readCsv } from '../../../../src/core/csv/read';
import { parquetWriter } from '../../../../src/core/export/parquet';
import type { Table } from '../../../../src/core/table';

const specs: ColumnSpec[] = [
  { name: 'n', type: 'integer' },
  { name: 'x', type: 'number' },
  { name: 'c', type: 'category' },
  { name: 'b', type: 'boolean' },
  { name: 't', type: 'datetime', format: 'YYYY-MM-DD HH:mm:ss' },
  { name: 'id', type: 'id' },
];

// 2024-03-01 12:30:00 UTC and 1999-12-31 23:59:59 UTC, in ms since the epoch (Date.UTC).
const T1 = Date.UTC(2024, 2, 1, 12, 30, 0);
const T2 = Date.UTC(1999, 11, 31, 23, 59, 59);

function table(offset: number): Table {
  return {
    rowCount: 3,
    columns: [
      { storage: 'numeric', name: 'n', type: 'integer', values: Float64Array.from([offset + 1, -7, NaN]) },
      { storage: 'numeric', name: 'x', type: 'number', values: Float64Array.from([0.25, NaN, 1e-7]) },
      {
        storage: 'categorical',
        name: 'c',
        type: 'category',
        codes: Int32Array.from([0, 1, -1]),
        levels: ['a', 'b, "q"'],
      },
      { storage: 'categorical', name: 'b', type: 'boolean', codes: Int32Array.from([1, 0, -1]), levels: ['No', 'Yes'] },
      { storage: 'numeric', name: 't', type: 'datetime', values: Float64Array.from([T1, T2, NaN]) },
      { storage: 'text', name: 'id', type: 'id', values: [`r${offset}`, null, 'ü'] },
    ],
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('Parquet', () => {
  it('writes each column typed, and reads back the cells a CSV gives', async () => {
    const w = parquetWriter(specs);
    const bytes = concat([w.chunk(table(0)), w.chunk(table(100)), w.end()]);
    expect(isParquet(bytes)).toBe(true);
    expect(isParquet(new TextEncoder().encode('n,x\n1,2\n'))).toBe(false);
    const meta = parquetMetadata(bytes.buffer as ArrayBuffer);
    expect(Number(meta.num_rows)).toBe(6);
    // Two chunks of 3 rows: one row group.
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([6]);
    expect(meta.schema.slice(1).map((e) => [e.name, e.type, e.converted_type ?? null])).toEqual([
      ['n', 'INT64', null],
      ['x', 'DOUBLE', null],
      ['c', 'BYTE_ARRAY', 'UTF8'],
      ['b', 'BOOLEAN', null],
      ['t', 'INT64', 'TIMESTAMP_MILLIS'],
      ['id', 'BYTE_ARRAY', 'UTF8'],
    ]);
    const raw = await readParquet(bytes, 'rows.parquet');
    expect(raw.header).toEqual(['n', 'x', 'c', 'b', 't', 'id']);
    expect(raw.rowCount).toBe(6);
    // The expected cells, written out by hand: booleans as true/false (the JSON writer's words).
    expect(raw.columns.map((c) => c.slice(0, 3))).toEqual([
      ['1', '-7', null],
      ['0.25', null, '1e-7'],
      ['a', 'b, "q"', null],
      ['true', 'false', null],
      ['2024-03-01 12:30:00', '1999-12-31 23:59:59', null],
      ['r0', null, 'ü'],
    ]);
    expect(raw.columns[0][3]).toBe('101');
    // The CSV of the same rows reads to the same cells, except booleans (CSV keeps the level's word).
    const csv = readCsv(new TextEncoder().encode(writeCsv(table(0), specs)), { fileName: 'rows.csv' });
    for (const c of [0, 2, 4, 5]) expect(raw.columns[c].slice(0, 3)).toEqual(csv.columns[c]);
  });

  it('gathers chunks into row groups of 65,536 rows, the last one shorter', () => {
    // 100,000 rows in chunks of 8,192 (as generation hands them over): 65,536 + 34,464.
    const w = parquetWriter([{ name: 'n', type: 'integer' }]);
    const parts: Uint8Array[] = [];
    for (let start = 0; start < 100_000; start += 8192) {
      const n = Math.min(8192, 100_000 - start);
      const values = Float64Array.from({ length: n }, (_, i) => start + i);
      parts.push(w.chunk({ rowCount: n, columns: [{ storage: 'numeric', name: 'n', type: 'integer', values }] }));
    }
    parts.push(w.end());
    const meta = parquetMetadata(concat(parts).buffer as ArrayBuffer);
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([65_536, 34_464]);
  });

  it('says clearly when a file is not readable Parquet', async () => {
    const w = parquetWriter(specs);
    const bytes = concat([w.chunk(table(0)), w.end()]);
    const broken = bytes.slice();
    broken.fill(0, 8, bytes.length - 12);
    await expect(readParquet(broken, 'bad.parquet')).rejects.toThrow(
      /bad\.parquet (is not a readable|could not be read as) Parquet/,
    );
  });
});
