import type { Blueprint, ColumnSpec } from '../blueprint/types';
import { missingVariable } from '../blueprint/types';
import type { Rng } from '../random';
import { choleskyOfCorrelation, fromRows } from '../stats/matrix';
import { normalCdf } from '../stats/normal';
import type { Column, Table } from '../table';
import { storageOf } from '../table';
import { categoricalInverse, numericInverse, textGenerator } from './marginals';
import type { Plan } from './plan';

/**
 * Generation from a Gaussian copula: draw z ~ N(0, R) through the Cholesky factor of the
 * correlation matrix R, map each z to u = Φ(z), and each u through its column's inverse marginal.
 * Columns the model does not cover (identifiers, text, constant columns, or a blueprint without
 * a model) draw their own independent u.
 */
export function compileCopula(blueprint: Blueprint): Plan {
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
