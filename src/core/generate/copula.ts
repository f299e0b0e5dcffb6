import type { CopulaSegment } from '../blueprint/models';
import type { Blueprint, ColumnSpec } from '../blueprint/types';
import { missingVariable } from '../blueprint/types';
import type { Rng } from '../random';
import { choleskyOfCorrelation, fromRows } from '../stats/matrix';
import { normalCdf } from '../stats/normal';
import type { CategoricalColumn, Column, NumericColumn, Table, TextColumn } from '../table';
import { storageOf } from '../table';
import { categoricalInverse, numericInverse, outputFor, textGenerator, type Output } from './marginals';
import type { Plan } from './plan';

/**
 * Generation from a Gaussian copula: draw z ~ N(0, R) through the Cholesky factor of the
 * correlation matrix R, map each z to u = Φ(z), and each u through its column's inverse marginal.
 * Columns the model does not cover (identifiers, text, constant columns, or a blueprint without
 * a model) draw their own independent u. A mixture (`segments`) first draws each row's segment
 * by weight, then generates the row from that segment's copula and marginals.
 */
export function compileCopula(blueprint: Blueprint): Plan {
  const model = blueprint.model?.kind === 'gaussianCopula' ? blueprint.model : undefined;
  const outputs = blueprint.columns.map((spec) => outputFor(spec));
  const texts = blueprint.columns.map((spec) => (storageOf(spec.type) === 'text' ? textGenerator(spec) : undefined));
  const parts = model?.segments?.length
    ? model.segments.map((seg) => compilePart(blueprint.columns.map((spec) => segmentSpec(spec, seg)), seg.variables, seg.correlation, outputs, texts))
    : [compilePart(blueprint.columns, model?.variables ?? [], model?.correlation ?? [], outputs, texts)];
  const weights = model?.segments?.length ? model.segments.map((s) => Math.max(0, s.weight)) : [1];
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const cumulative = new Float64Array(weights.length);
  weights.reduce((acc, w, i) => (cumulative[i] = acc + w / total), 0);
  cumulative[cumulative.length - 1] = 1;
  return {
    generate(n: number, offset: number, rng: Rng): Table {
      const columns = outputs.map((o) => o.allocate(n));
      for (let r = 0; r < n; r++) {
        let part = 0;
        if (parts.length > 1) {
          const u = rng.next();
          while (part < parts.length - 1 && u >= cumulative[part]) part++;
        }
        parts[part](columns, r, offset + r, rng);
      }
      return { rowCount: n, columns };
    },
  };
}

/** The column as a segment sees it: the segment's marginal and missing rate, the column's bounds. */
function segmentSpec(spec: ColumnSpec, segment: CopulaSegment): ColumnSpec {
  const own = segment.columns[spec.name];
  if (!own) return spec;
  const out: ColumnSpec = { ...spec };
  delete out.missing;
  delete out.distribution;
  if (own.missing) out.missing = own.missing;
  if (own.distribution) out.distribution = own.distribution;
  else if (storageOf(spec.type) !== 'text') out.missing = 1;
  return out;
}

type RowFiller = (columns: Column[], r: number, globalRow: number, rng: Rng) => void;

/** One copula (the whole model, or one segment) as a function that fills row `r` of the outputs. */
function compilePart(specs: ColumnSpec[], variables: string[], correlation: number[][], outputs: Output[], texts: (((row: number, rng: Rng) => string) | undefined)[]): RowFiller {
  const variableIndex = new Map<string, number>();
  variables.forEach((name, i) => variableIndex.set(name, i));
  const v = variables.length;
  const chol = v > 0 ? choleskyOfCorrelation(fromRows(correlation), v) : new Float64Array(0);
  const fills = specs.map((spec, c) => compileColumn(spec, variableIndex, outputs[c], texts[c]));
  const eps = new Float64Array(v);
  const u = new Float64Array(v);
  return (columns, r, globalRow, rng) => {
    if (v > 0) {
      for (let i = 0; i < v; i++) eps[i] = rng.normal();
      for (let i = 0; i < v; i++) {
        let z = 0;
        const row = i * v;
        for (let k = 0; k <= i; k++) z += chol[row + k] * eps[k];
        u[i] = clampOpen(normalCdf(z));
      }
    }
    for (let c = 0; c < fills.length; c++) fills[c](columns[c], r, globalRow, u, rng);
  };
}

type ColumnFiller = (column: Column, r: number, globalRow: number, u: Float64Array, rng: Rng) => void;

function compileColumn(spec: ColumnSpec, variables: Map<string, number>, output: Output, text: ((row: number, rng: Rng) => string) | undefined): ColumnFiller {
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
    return (column, r, _g, u, rng) => {
      const x = draw(u, rng);
      (column as NumericColumn).values[r] = isMissing(u, rng) ? NaN : inverse(x);
    };
  }
  if (storage === 'categorical') {
    const inv = categoricalInverse(spec);
    // This part's levels may be a subset of the column's, in the same order: map to output codes.
    const index = new Map(output.levels.map((l, i) => [l, i] as const));
    const toOutput = Int32Array.from(inv.levels, (l) => index.get(l) ?? -1);
    return (column, r, _g, u, rng) => {
      const x = draw(u, rng);
      const code = inv.pick(x);
      (column as CategoricalColumn).codes[r] = isMissing(u, rng) || code < 0 ? -1 : toOutput[code];
    };
  }
  const generateText = text ?? textGenerator(spec);
  return (column, r, globalRow, u, rng) => {
    (column as TextColumn).values[r] = isMissing(u, rng) ? null : generateText(globalRow, rng);
  };
}

function clampOpen(u: number): number {
  return u <= 0 ? Number.MIN_VALUE : u >= 1 ? 1 - 1e-16 : u;
}
