/**
 * Generated rows as Apache Parquet, written incrementally with hyparquet-writer (pure
 * JavaScript, no native or WebAssembly code, so it runs wherever core runs): row groups of
 * 65,536 rows, each handed to the sink as soon as it is encoded, so memory stays at one group.
 *
 * Column types are kept: integers as INT64, numbers as DOUBLE, categories, identifiers and text
 * as UTF-8 strings, booleans as BOOLEAN, datetimes as INT64 TIMESTAMP_MILLIS (UTC, as core keeps
 * them); every column is OPTIONAL (missing values are nulls).
 */
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet';
import type { ColumnSpec } from '../blueprint/types';
import { booleanWord } from '../expr';
import type { Column, Table } from '../table';

export interface BytesWriter {
  chunk(table: Table): Uint8Array;
  end(): Uint8Array;
}

/** The Parquet schema element of a column of this type. */
function element(spec: Pick<ColumnSpec, 'name' | 'type'>): SchemaElement {
  const base = { name: spec.name, repetition_type: 'OPTIONAL' as const };
  switch (spec.type) {
    case 'integer':
      return { ...base, type: 'INT64' };
    case 'number':
      return { ...base, type: 'DOUBLE' };
    case 'boolean':
      return { ...base, type: 'BOOLEAN' };
    case 'datetime':
      return { ...base, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' };
    case 'category':
    case 'id':
    case 'text':
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
  }
}

/** A column's values as hyparquet-writer takes them (null for missing). */
function columnData(col: Column): unknown[] {
  const n = col.storage === 'categorical' ? col.codes.length : col.values.length;
  const out: unknown[] = new Array(n);
  switch (col.storage) {
    case 'numeric': {
      const v = col.values;
      if (col.type === 'number') for (let i = 0; i < n; i++) out[i] = Number.isFinite(v[i]) ? v[i] : null;
      else for (let i = 0; i < n; i++) out[i] = Number.isFinite(v[i]) ? BigInt(Math.round(v[i])) : null;
      return out;
    }
    case 'categorical': {
      const levels: unknown[] =
        col.type === 'boolean' ? col.levels.map((l) => booleanWord(l) ?? null) : col.levels.slice();
      const codes = col.codes;
      for (let i = 0; i < n; i++) out[i] = codes[i] < 0 ? null : levels[codes[i]];
      return out;
    }
    case 'text': {
      const v = col.values;
      for (let i = 0; i < n; i++) out[i] = v[i];
      return out;
    }
  }
}

export function parquetWriter(specs: ColumnSpec[], metadata: { key: string; value: string }[] = []): BytesWriter {
  const writer = new ByteWriter();
  const schema: SchemaElement[] = [{ name: 'root', num_children: specs.length }, ...specs.map(element)];
  const pq = new ParquetWriter({ writer, schema, kvMetadata: metadata, createdBy: 'synth-studio' });
  /** The bytes encoded since the last call, and the buffer emptied (offsets keep counting). */
  const take = (): Uint8Array => {
    const bytes = new Uint8Array(writer.buffer.slice(0, writer.index));
    writer.index = 0;
    return bytes;
  };
  // Rows wait here until they fill a row group (generation hands over smaller chunks).
  let pending: unknown[][] = specs.map(() => []);
  let pendingRows = 0;
  const flush = (): void => {
    if (pendingRows === 0) return;
    const data = specs.map((s, i) => ({
      name: s.name,
      data: pending[i] as never,
      // Categories always get a dictionary (few levels): skips the writer's sampling to decide.
      ...(s.type === 'category' ? { encoding: 'RLE_DICTIONARY' as const } : {}),
    }));
    void pq.write({ columnData: data, rowGroupSize: pendingRows });
    pending = specs.map(() => []);
    pendingRows = 0;
  };
  return {
    chunk(table) {
      if (table.rowCount === 0) return take();
      const byName = new Map(table.columns.map((c) => [c.name, c]));
      specs.forEach((s, i) => {
        const col = byName.get(s.name);
        const values = col ? columnData(col) : new Array(table.rowCount).fill(null);
        const into = pending[i];
        for (const v of values) into.push(v);
      });
      pendingRows += table.rowCount;
      if (pendingRows >= ROW_GROUP_ROWS) flush();
      return take();
    },
    end() {
      flush();
      // Synchronous with a ByteWriter (it has no flush that could return a promise).
      void pq.finish();
      return take();
    },
  };
}

/** Rows per row group (the last one of a file may hold fewer). */
const ROW_GROUP_ROWS = 65_536;
