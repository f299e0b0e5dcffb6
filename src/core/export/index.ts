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
import { formatDatetime } from '../csv/datetime';
import { writeCsvChunks } from '../csv/write';
import { booleanWord } from '../expr';
import type { Table } from '../table';

export interface OutputWriter {
  /** Text of the whole file for these chunks, in order: call with each chunk, then `end()`. */
  chunk(table: Table): string;
  end(): string;
}

export interface WriterOptions {
  delimiter?: string;
  newline?: '\n' | '\r\n';
  /** Seed and row count actually used (the bundle records them). */
  seed?: number;
  rows?: number;
  /** CSV: write cells that a spreadsheet would run as formulas unchanged (see `neutralizeFormula`). */
  allowFormulas?: boolean;
}

/** File extension of each format (`bundle` is JSON). */
export const EXTENSIONS: Record<OutputFormat, string> = {
  csv: 'csv',
  json: 'json',
  jsonl: 'jsonl',
  bundle: 'bundle.json',
};

/** Where generated rows go when the blueprint does not say: `NAME.synthetic.EXT` beside it. */
export function defaultOutputPath(blueprint: Pick<Blueprint, 'name' | 'output'>): string {
  return blueprint.output?.path ?? `${blueprint.name}.synthetic.${EXTENSIONS[blueprint.output?.format ?? 'csv']}`;
}

export function createWriter(blueprint: Blueprint, options: WriterOptions = {}): OutputWriter {
  const format = blueprint.output?.format ?? 'csv';
  const newline = options.newline ?? '\n';
  if (format === 'csv') {
    let first = true;
    return {
      chunk(table) {
        const parts: string[] = [];
        writeCsvChunks(
          table,
          blueprint.columns,
          { delimiter: options.delimiter ?? ',', newline, header: first, allowFormulas: options.allowFormulas },
          (s) => parts.push(s),
        );
        first = false;
        return parts.join('');
      },
      end: () => '',
    };
  }
  let rowsWritten = 0;
  const jsonl = format === 'jsonl';
  const head =
    format === 'bundle'
      ? `{\n"generator": ${JSON.stringify({ tool: 'synth-studio', method: blueprint.method, seed: options.seed ?? blueprint.seed, rows: options.rows ?? blueprint.rows })},\n"blueprint": ${serializeBlueprint(blueprint).trimEnd()},\n"rows": [`
      : format === 'json'
        ? '['
        : '';
  let started = false;
  return {
    chunk(table) {
      const render = recordRenderer(table, blueprint.columns);
      let out = started ? '' : head;
      started = true;
      for (let r = 0; r < table.rowCount; r++) {
        const record = render(r);
        out += jsonl ? `${record}\n` : `${rowsWritten > 0 ? ',' : ''}\n${record}`;
        rowsWritten++;
      }
      return out;
    },
    end() {
      const prefix = started ? '' : head;
      if (jsonl) return prefix;
      return `${prefix}${rowsWritten ? '\n' : ''}]${format === 'bundle' ? '\n}' : ''}\n`;
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
          const format = spec?.format ?? 'YYYY-MM-DD HH:mm:ss';
          return (r: number) => `${key}:${Number.isNaN(v[r]) ? 'null' : JSON.stringify(formatDatetime(v[r], format))}`;
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
