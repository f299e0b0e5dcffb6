/**
 * Output formats of generated rows (the blueprint's `output.format`): CSV, JSON (an array of row
 * objects), JSON Lines (one row object per line) and a bundle (one JSON object holding the
 * blueprint that made the rows, how they were made, and the rows). Writers work chunk by chunk,
 * like generation, so a large table never needs one giant string built at once.
 *
 * In the JSON formats values keep their types: numbers as numbers (integers and decimals as
 * generated, without the CSV's display pattern), booleans as true/false, datetimes as text in the
 * column's format, missing values as null.
 */
import { serializeBlueprint } from '../blueprint/serialize';
import type { Blueprint, ColumnSpec, OutputFormat } from '../blueprint/types';
import { datetimeWriter } from '../csv/datetime';
import { writeCsvChunks } from '../csv/write';
import { booleanWord } from '../expr';
import { parquetWriter } from './parquet';
import type { Table } from '../table';

export interface OutputWriter {
  /**
   * The file's next bytes for this chunk (text for the text formats, bytes for Parquet), in
   * order: call with each chunk, then `end()`.
   */
  chunk(table: Table): string | Uint8Array;
  end(): string | Uint8Array;
}

/**
 * Which part of a sharded run a writer writes (see `generate --shard`): the text parts,
 * concatenated in order, are the file a single run writes. The first part alone gets the CSV
 * header or the JSON opening, the last alone the closing; `rowsBefore` rows come before this part.
 */
export interface WriterPart {
  first: boolean;
  last: boolean;
  rowsBefore: number;
  /** Rows of the whole run (all parts). */
  totalRows: number;
}

export interface WriterOptions {
  delimiter?: string;
  newline?: '\n' | '\r\n';
  /** Seed and row count actually used (the bundle records them). */
  seed?: number;
  rows?: number;
  /** CSV: write cells that a spreadsheet would run as formulas unchanged (see `neutralizeFormula`). */
  allowFormulas?: boolean;
  /** Write only this part of a sharded run (default: the whole file). */
  part?: WriterPart;
}

/** File extension of each format (`bundle` is JSON). */
export const EXTENSIONS: Record<OutputFormat, string> = {
  csv: 'csv',
  json: 'json',
  jsonl: 'jsonl',
  bundle: 'bundle.json',
  parquet: 'parquet',
};

/** Where generated rows go when the blueprint does not say: `NAME.synthetic.EXT` beside it. */
export function defaultOutputPath(blueprint: Pick<Blueprint, 'name' | 'output'>): string {
  return blueprint.output?.path ?? `${blueprint.name}.synthetic.${EXTENSIONS[blueprint.output?.format ?? 'csv']}`;
}

export function createWriter(blueprint: Blueprint, options: WriterOptions = {}): OutputWriter {
  const format = blueprint.output?.format ?? 'csv';
  const newline = options.newline ?? '\n';
  const part = options.part ?? { first: true, last: true, rowsBefore: 0, totalRows: options.rows ?? blueprint.rows };
  if (format === 'parquet') {
    const pq = parquetWriter(blueprint.columns, [
      {
        key: 'synth-studio',
        value: JSON.stringify({ method: blueprint.method, seed: options.seed ?? blueprint.seed, rows: part.totalRows }),
      },
    ]);
    return { chunk: (table) => pq.chunk(table), end: () => pq.end() };
  }
  if (format === 'csv') {
    let first = part.first;
    return {
      chunk(table) {
        const parts: string[] = [];
        writeCsvChunks(
          table,
          blueprint.columns,
          {
            delimiter: options.delimiter ?? ',',
            newline,
            header: first,
            headerNames: blueprint.output?.header,
            allowFormulas: options.allowFormulas,
          },
          (s) => parts.push(s),
        );
        first = false;
        return parts.join('');
      },
      end: () => '',
    };
  }
  let rowsWritten = part.rowsBefore;
  const jsonl = format === 'jsonl';
  // Made when written (a chunk written by a writer starting past the first row has none).
  const head = (): string =>
    format === 'bundle'
      ? `{\n"generator": ${JSON.stringify({ tool: 'synth-studio', method: blueprint.method, seed: options.seed ?? blueprint.seed, rows: options.rows ?? blueprint.rows })},\n"blueprint": ${serializeBlueprint(blueprint).trimEnd()},\n"rows": [`
      : format === 'json'
        ? '['
        : '';
  let started = !part.first;
  return {
    chunk(table) {
      const render = recordRenderer(table, blueprint.columns);
      let out = started ? '' : head();
      started = true;
      for (let r = 0; r < table.rowCount; r++) {
        const record = render(r);
        out += jsonl ? `${record}\n` : `${rowsWritten > 0 ? ',' : ''}\n${record}`;
        rowsWritten++;
      }
      return out;
    },
    end() {
      const prefix = started ? '' : head();
      if (jsonl || !part.last) return prefix;
      return `${prefix}${part.totalRows ? '\n' : ''}]${format === 'bundle' ? '\n}' : ''}\n`;
    },
  };
}

/** Row r of `table` as a JSON object text, with the value types described above. */
export function recordRenderer(table: Table, specs: ColumnSpec[]): (r: number) => string {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const cells = table.columns.map((col) => {
    const key = JSON.stringify(col.name);
    const spec = byName.get(col.name);
    switch (col.storage) {
      case 'numeric': {
        const v = col.values;
        if (col.type === 'datetime') {
          const write = datetimeWriter(spec?.format ?? 'YYYY-MM-DD HH:mm:ss', spec?.midnightFormat);
          return (r: number) => `${key}:${Number.isNaN(v[r]) ? 'null' : JSON.stringify(write(v[r]))}`;
        }
        return (r: number) => `${key}:${Number.isFinite(v[r]) ? String(v[r]) : 'null'}`;
      }
      case 'categorical': {
        const { codes, levels } = col;
        const rendered = levels.map((l) =>
          col.type === 'boolean' && booleanWord(l) !== undefined ? String(booleanWord(l)) : JSON.stringify(l),
        );
        return (r: number) =>
          `${key}:${codes[r] < 0 ? 'null' : (rendered[codes[r]] ?? JSON.stringify(levels[codes[r]]))}`;
      }
      case 'text': {
        const v = col.values;
        return (r: number) => `${key}:${v[r] === null ? 'null' : JSON.stringify(v[r])}`;
      }
    }
  });
  return (r) => `{${cells.map((c) => c(r)).join(',')}}`;
}
