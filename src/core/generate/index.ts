import type { Blueprint, ColumnSpec } from '../blueprint/types';
import { missingVariable } from '../blueprint/types';
import { throwIfAborted, type AbortSignalLike } from '../errors';
import { Rng } from '../random';
import { choleskyOfCorrelation, fromRows } from '../stats/matrix';
import { normalCdf } from '../stats/normal';
import type { Column, Table } from '../table';
import { storageOf } from '../table';
import { categoricalInverse, numericInverse, textGenerator } from './marginals';

export interface GenerateOptions {
  /** Overrides the blueprint's row count. */
  rows?: number;
  /** Overrides the blueprint's seed. */
  seed?: number;
  /** Rows per chunk (progress and cancellation are checked between chunks). */
  chunkSize?: number;
  signal?: AbortSignalLike;
  /** Fraction done, 0..1. */
  onProgress?: (fraction: number) => void;
}

/**
 * Generate rows from a blueprint in chunks, calling `onChunk` with each chunk (a `Table` whose
 * columns follow the blueprint) and the index of its first row. Deterministic: the same
 * blueprint, rows and seed give the same values, whatever the chunk size.
 */
export function generateChunks(blueprint: Blueprint, options: GenerateOptions, onChunk: (chunk: Table, offset: number) => void): void {
  const rows = options.rows ?? blueprint.rows;
  const chunkSize = Math.max(1, options.chunkSize ?? 8192);
  const rng = new Rng(options.seed ?? blueprint.seed);
  const plan = compile(blueprint);
  for (let offset = 0; offset < rows; offset += chunkSize) {
    throwIfAborted(options.signal);
    const n = Math.min(chunkSize, rows - offset);
    onChunk(plan.generate(n, offset, rng), offset);
    options.onProgress?.(Math.min(1, (offset + n) / rows));
  }
  if (rows === 0) onChunk(plan.generate(0, 0, rng), 0);
}

/** Generate the whole table in memory. */
export function generateTable(blueprint: Blueprint, options: GenerateOptions = {}): Table {
  const chunks: Table[] = [];
  generateChunks(blueprint, options, (chunk) => chunks.push(chunk));
  return concatTables(chunks);
}

interface Plan {
  generate(n: number, offset: number, rng: Rng): Table;
}

/**
 * Precompute what generation needs: per column an inverse CDF, the copula's Cholesky factor and
 * which variable drives which column.
 */
function compile(blueprint: Blueprint): Plan {
  const model = blueprint.model?.kind === 'gaussianCopula' ? blueprint.model : undefined;
  const variableIndex = new Map<string, number>();
  model?.variables.forEach((v, i) => variableIndex.set(v, i));
  const v = model?.variables.length ?? 0;
  const chol = v > 0 && model ? choleskyOfCorrelation(fromRows(model.correlation), v) : new Float64Array(0);
  const columns = blueprint.columns.map((spec) => compileColumn(spec, variableIndex));
  return {
    generate(n: number, offset: number, rng: Rng): Table {
      const outputs = columns.map((c) => c.allocate(n));
      const eps = new Float64Array(v);
      const u = new Float64Array(v);
      for (let r = 0; r < n; r++) {
        if (v > 0) {
          for (let i = 0; i < v; i++) eps[i] = rng.normal();
          for (let i = 0; i < v; i++) {
            let z = 0;
            const row = i * v;
            for (let k = 0; k <= i; k++) z += chol[row + k] * eps[k];
            u[i] = clampOpen(normalCdf(z));
          }
        }
        for (let c = 0; c < columns.length; c++) columns[c].fill(outputs[c], r, offset + r, u, rng);
      }
      return { rowCount: n, columns: outputs.map((o) => o.column) };
    },
  };
}

interface ColumnOutput {
  column: Column;
}

interface CompiledColumn {
  allocate(n: number): ColumnOutput;
  fill(out: ColumnOutput, r: number, globalRow: number, u: Float64Array, rng: Rng): void;
}

function compileColumn(spec: ColumnSpec, variables: Map<string, number>): CompiledColumn {
  const valueVar = variables.get(spec.name) ?? -1;
  const missingVar = variables.get(missingVariable(spec.name)) ?? -1;
  const missing = spec.missing ?? 0;
  const isMissing = (u: Float64Array, rng: Rng): boolean => {
    if (missing <= 0) return false;
    if (missing >= 1) return true;
    const draw = missingVar >= 0 ? u[missingVar] : rng.next();
    return draw >= 1 - missing;
  };
  const draw = (u: Float64Array, rng: Rng): number => (valueVar >= 0 ? u[valueVar] : rng.nextOpen());
  const storage = storageOf(spec.type);
  if (storage === 'numeric') {
    const inverse = numericInverse(spec);
    return {
      allocate: (n) => ({ column: { storage: 'numeric', name: spec.name, type: spec.type as 'integer' | 'number' | 'datetime', values: new Float64Array(n) } }),
      fill(out, r, _g, u, rng) {
        const values = (out.column as Extract<Column, { storage: 'numeric' }>).values;
        const x = draw(u, rng);
        values[r] = isMissing(u, rng) ? NaN : inverse(x);
      },
    };
  }
  if (storage === 'categorical') {
    const inv = categoricalInverse(spec);
    return {
      allocate: (n) => ({ column: { storage: 'categorical', name: spec.name, type: spec.type as 'category' | 'boolean', codes: new Int32Array(n), levels: inv.levels } }),
      fill(out, r, _g, u, rng) {
        const codes = (out.column as Extract<Column, { storage: 'categorical' }>).codes;
        const x = draw(u, rng);
        codes[r] = isMissing(u, rng) ? -1 : inv.pick(x);
      },
    };
  }
  const text = textGenerator(spec);
  return {
    allocate: (n) => ({ column: { storage: 'text', name: spec.name, type: spec.type as 'id' | 'text', values: new Array<string | null>(n) } }),
    fill(out, r, globalRow, u, rng) {
      const values = (out.column as Extract<Column, { storage: 'text' }>).values;
      values[r] = isMissing(u, rng) ? null : text(globalRow, rng);
    },
  };
}

function clampOpen(u: number): number {
  return u <= 0 ? Number.MIN_VALUE : u >= 1 ? 1 - 1e-16 : u;
}

/** Concatenate tables with the same columns. */
export function concatTables(tables: Table[]): Table {
  if (tables.length === 1) return tables[0];
  const rowCount = tables.reduce((a, t) => a + t.rowCount, 0);
  if (tables.length === 0) return { rowCount: 0, columns: [] };
  const columns = tables[0].columns.map((first, c): Column => {
    switch (first.storage) {
      case 'numeric': {
        const values = new Float64Array(rowCount);
        let o = 0;
        for (const t of tables) {
          const col = t.columns[c] as typeof first;
          values.set(col.values, o);
          o += col.values.length;
        }
        return { ...first, values };
      }
      case 'categorical': {
        const codes = new Int32Array(rowCount);
        let o = 0;
        for (const t of tables) {
          const col = t.columns[c] as typeof first;
          codes.set(col.codes, o);
          o += col.codes.length;
        }
        return { ...first, codes };
      }
      case 'text': {
        const values: (string | null)[] = [];
        for (const t of tables) for (const v of (t.columns[c] as typeof first).values) values.push(v);
        return { ...first, values };
      }
    }
  });
  return { rowCount, columns };
}
