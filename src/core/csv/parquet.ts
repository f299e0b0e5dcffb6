/**
 * Parquet in: a Parquet file read with hyparquet into the same raw table a CSV gives (cells as
 * text, null for missing), so inference, fitting and the report treat it like a CSV. Values are
 * written the way the CSV writer writes them, so each column's type comes back: integers (INT32,
 * INT64) as whole numbers, doubles in JavaScript's shortest form, booleans as true/false,
 * timestamps as `YYYY-MM-DD HH:mm:ss` (with milliseconds when any), dates as `YYYY-MM-DD`, text
 * as is. Nested values (lists, maps, structs) are written as JSON text.
 */
import { parquetMetadata, parquetMetadataAsync, parquetRead, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { SynthError } from '../errors';
import type { RawTable } from './read';

/** True for bytes that start (and end) like a Parquet file ("PAR1"). */
export function isParquet(bytes: Uint8Array): boolean {
  const magic = (o: number): boolean =>
    bytes[o] === 0x50 && bytes[o + 1] === 0x41 && bytes[o + 2] === 0x52 && bytes[o + 3] === 0x31;
  return bytes.length >= 12 && magic(0) && magic(bytes.length - 4);
}

export async function readParquet(bytes: Uint8Array, fileName: string): Promise<RawTable> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata: ReturnType<typeof parquetMetadata>;
  try {
    metadata = parquetMetadata(file);
  } catch (e) {
    throw new SynthError(
      'parquet/unreadable',
      `${fileName} is not a readable Parquet file (${(e as Error).message}).`,
      { file: fileName },
      'Check that the file was written completely, or export the table again.',
    );
  }
  const rowCount = Number(metadata.num_rows);
  const { header, dateOnly } = topColumns(metadata);
  const columns: (string | null)[][] = header.map(() => new Array<string | null>(rowCount).fill(null));
  const index = new Map(header.map((h, c) => [h, c]));
  try {
    await parquetRead({
      file,
      metadata,
      onChunk: ({ columnName, columnData, rowStart }) => {
        const c = index.get(columnName);
        if (c === undefined) return;
        const out = columns[c];
        const date = dateOnly.has(columnName);
        for (let r = 0; r < columnData.length; r++) out[rowStart + r] = cellText(columnData[r], date);
      },
    });
  } catch (e) {
    throw new SynthError(
      'parquet/unreadable',
      `${fileName} could not be read as Parquet: ${(e as Error).message}.`,
      { file: fileName },
      'Check that the file was written completely, or export the table again (uncompressed, Snappy, gzip, Brotli, zstd and LZ4 pages are read).',
    );
  }
  return { header, columns, rowCount, delimiter: ',', newline: '\n', warnings: [] };
}

/**
 * A Parquet file read row group by row group (`synthesize` on a file too large to hold): `onRows`
 * gets each group's cells column by column, as `readParquet` would write them. `file` reads byte
 * ranges on demand (the CLI's reads them from disk).
 */
export async function readParquetGroups(
  file: AsyncBuffer,
  fileName: string,
  onRows: (header: string[], columns: (string | null)[][], rows: number) => void,
): Promise<void> {
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    throw new SynthError(
      'parquet/unreadable',
      `${fileName} is not a readable Parquet file (${(e as Error).message}).`,
      { file: fileName },
      'Check that the file was written completely, or export the table again.',
    );
  }
  const { header, dateOnly } = topColumns(metadata);
  const index = new Map(header.map((h, c) => [h, c]));
  let start = 0;
  for (const group of metadata.row_groups) {
    const rows = Number(group.num_rows);
    const end = start + rows;
    const columns: (string | null)[][] = header.map(() => new Array<string | null>(rows).fill(null));
    try {
      await parquetRead({
        file,
        metadata,
        rowStart: start,
        rowEnd: end,
        onChunk: ({ columnName, columnData, rowStart }) => {
          const c = index.get(columnName);
          if (c === undefined) return;
          const out = columns[c];
          const date = dateOnly.has(columnName);
          // A chunk may hold rows outside the group asked for.
          for (let r = Math.max(0, start - rowStart); r < columnData.length && rowStart + r < end; r++)
            out[rowStart + r - start] = cellText(columnData[r], date);
        },
      });
    } catch (e) {
      throw new SynthError(
        'parquet/unreadable',
        `${fileName} could not be read as Parquet (rows ${start + 1} to ${end}): ${(e as Error).message}.`,
        { file: fileName },
        'Check that the file was written completely, or export the table again (uncompressed, Snappy, gzip, Brotli, zstd and LZ4 pages are read).',
      );
    }
    onRows(header, columns, rows);
    start = end;
  }
}

/** Schema elements below element i (its children and theirs). */
function descendants(schema: { num_children?: number }[], i: number): number {
  let n = 0;
  let open = schema[i].num_children ?? 0;
  let j = i + 1;
  while (open > 0 && j < schema.length) {
    open += (schema[j].num_children ?? 0) - 1;
    n++;
    j++;
  }
  return n;
}

function cellText(v: unknown, dateOnly: boolean): string | null {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return Number.isFinite(v) ? String(v) : null;
    case 'bigint':
    case 'boolean':
      return String(v);
    default:
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : dateText(v, dateOnly);
      return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x));
  }
}

function dateText(d: Date, dateOnly: boolean): string {
  const iso = d.toISOString(); // 2024-01-31T12:34:56.789Z
  if (dateOnly) return iso.slice(0, 10);
  const ms = iso.slice(19, 23);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${ms === '.000' ? '' : ms}`;
}

/** Top-level columns, in schema order (a nested column counts once, as JSON text), and which hold dates. */
function topColumns(metadata: FileMetaData): { header: string[]; dateOnly: Set<string> } {
  const header: string[] = [];
  const dateOnly = new Set<string>();
  let i = 1;
  while (i < metadata.schema.length && header.length < (metadata.schema[0].num_children ?? 0)) {
    const el = metadata.schema[i];
    header.push(el.name);
    if (el.converted_type === 'DATE' || el.logical_type?.type === 'DATE') dateOnly.add(el.name);
    i += 1 + descendants(metadata.schema, i);
  }
  return { header, dateOnly };
}
