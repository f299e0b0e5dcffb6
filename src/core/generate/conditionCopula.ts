/**
 * The Gaussian copula (copula.ts) conditioned on a restriction. Each segment's probability of
 * meeting the restrictions is computed from its own marginals and correlation (a restricted
 * column's allowed u's: its allowed levels' probability intervals, or its allowed values pulled
 * back through its quantile function, and its missingness), segments are weighted by
 * weight × probability, and each block's rows are dealt to segments in those shares (as
 * unconditioned generation deals them by weight). Inside a segment the restricted variables are
 * drawn from their truncated joint normal and the others from the Gaussian conditioned on them
 * (conditionGaussian.ts); independent draws (variables outside the correlation) from their
 * allowed u's. Rows are drawn row by row from Φ(z), without the stratification of unconditioned
 * blocks (the conditional marginals are not the blueprint's).
 */
import type { Blueprint, ColumnSpec } from '../blueprint/types';
import { missingVariable } from '../blueprint/models';
import { SynthError } from '../errors';
import type { Rng } from '../random';
import { fromRows } from '../stats/matrix';
import { normalCdf } from '../stats/normal';
import type { CategoricalColumn, Column, NumericColumn, Table, TextColumn } from '../table';
import { storageOf } from '../table';
import { FULL_U, drawU, levelUSet, numericUSet, presentAny, presentNone, type USet } from './condition';
import { type ColumnRestriction, type Plan, type Restriction, STRATUM_ROWS } from './plan';
import { GaussianCondition } from './conditionGaussian';
import { dealSegments, segmentSpec } from './copula';
import { categoricalInverse, numericInverse, outputFor, textGenerator, type Output } from './marginals';

export function conditionCopula(blueprint: Blueprint, restriction: Restriction): Plan {
  const model = blueprint.model?.kind === 'gaussianCopula' ? blueprint.model : undefined;
  const outputs = blueprint.columns.map((spec) => outputFor(spec));
  const texts = blueprint.columns.map((spec) => (storageOf(spec.type) === 'text' ? textGenerator(spec) : undefined));
  const parts = model?.segments?.length
    ? model.segments.map((seg) =>
        conditionPart(
          blueprint.columns.map((spec) => segmentSpec(spec, seg)),
          seg.variables,
          seg.correlation,
          outputs,
          texts,
          restriction,
        ),
      )
    : [conditionPart(blueprint.columns, model?.variables ?? [], model?.correlation ?? [], outputs, texts, restriction)];
  const weights = model?.segments?.length ? model.segments.map((s) => Math.max(0, s.weight)) : [1];
  const mass = parts.map((p, s) => weights[s] * p.probability);
  const total = mass.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw impossible(restriction, parts, weights);
  const shares = mass.map((m) => m / total);
  return {
    generate(n: number, offset: number, rng: Rng): Table {
      const columns = outputs.map((o) => o.allocate(n));
      for (let start = 0; start < n; start += STRATUM_ROWS) {
        const m = Math.min(STRATUM_ROWS, n - start);
        const labels = dealSegments(m, shares, rng);
        for (let i = 0; i < m; i++) parts[labels[i]].fill(columns, start + i, offset + start + i, rng);
      }
      return { rowCount: n, columns };
    },
  };
}

/** Which restricted columns no segment can meet, or else that no segment meets them together. */
function impossible(restriction: Restriction, parts: ConditionedPart[], weights: number[]): SynthError {
  const never = [...restriction.columns.values()].filter((r) =>
    parts.every((p, s) => weights[s] <= 0 || (p.columnProbability.get(r.column) ?? 1) <= 0),
  );
  const named = (never.length ? never : [...restriction.columns.values()]).flatMap((r) => r.parts);
  return new SynthError(
    'condition/impossible',
    never.length
      ? `The model cannot produce \`${named.join(' and ')}\`: no training row could produce it (it has probability 0 in every segment of the copula).`
      : `The model cannot produce \`${named.join('` together with `')}\`: no segment of the copula has rows meeting them together (no training row could produce them).`,
    {},
    'Loosen the condition.',
  );
}

interface ConditionedPart {
  /** P(a row of this segment meets the restrictions it enforces). */
  probability: number;
  /** Each restricted column's own probability in this segment (for messages). */
  columnProbability: Map<string, number>;
  /** Fills row r (global row g) of the output columns. */
  fill(columns: Column[], r: number, g: number, rng: Rng): void;
}

/** One copula (the model or a segment) conditioned; its uniforms are its variables then independent extras. */
function conditionPart(
  specs: ColumnSpec[],
  variables: string[],
  correlation: number[][],
  outputs: Output[],
  texts: (((row: number, rng: Rng) => string) | undefined)[],
  restriction: Restriction,
): ConditionedPart {
  const variableIndex = new Map<string, number>();
  variables.forEach((name, i) => variableIndex.set(name, i));
  const v = variables.length;
  let width = v;
  const restrictedGauss = new Map<number, USet>();
  const extraSets = new Map<number, USet>();
  const columnProbability = new Map<string, number>();
  let impossibleHere = false;
  const restrict = (variable: number, set: USet): void => {
    const sets = variable < v ? restrictedGauss : extraSets;
    const prev = sets.get(variable);
    sets.set(variable, prev ? intersectU(prev, set) : set);
  };
  const fills = specs.map((spec, c) => {
    const storage = storageOf(spec.type);
    let valueVar = variableIndex.get(spec.name) ?? -1;
    if (valueVar < 0 && storage !== 'text') valueVar = width++;
    const missing = spec.missing ?? 0;
    let missingVar = variableIndex.get(missingVariable(spec.name)) ?? -1;
    if (missingVar < 0 && missing > 0 && missing < 1) missingVar = width++;
    const r = restriction.columns.get(spec.name);
    if (r && storage !== 'text') {
      const present = presentSet(r, spec);
      const p = restrictColumn(r, missing, present, valueVar, missingVar, restrict);
      columnProbability.set(spec.name, p);
      if (p <= 0) impossibleHere = true;
    }
    return fillerOf(spec, valueVar, missingVar, outputs[c], texts[c]);
  });
  const gauss = new GaussianCondition(v > 0 ? fromRows(correlation) : new Float64Array(0), v, restrictedGauss);
  let probability = impossibleHere ? 0 : gauss.probability;
  for (const set of extraSets.values()) probability *= set.measure;
  const z = new Float64Array(v);
  const u = new Float64Array(width);
  return {
    probability,
    columnProbability,
    fill(columns, r, g, rng) {
      if (v > 0) {
        gauss.draw(rng, z);
        for (let j = 0; j < v; j++) u[j] = clampOpen(normalCdf(z[j]));
      }
      for (let j = v; j < width; j++) {
        const set = extraSets.get(j);
        u[j] = set ? drawU(set, rng) : rng.nextOpen();
      }
      for (let c = 0; c < fills.length; c++) fills[c](columns[c], r, g, u, rng);
    },
  };
}

/** The u's of a column's value that meet the present part of a restriction, through its (segment) marginal. */
function presentSet(r: ColumnRestriction, spec: ColumnSpec): USet {
  if (storageOf(spec.type) === 'numeric') return numericUSet(r, numericInverse(spec));
  const inv = categoricalInverse(spec);
  return levelUSet(r, inv.levels, inv.cumulative, spec.type === 'boolean');
}

/**
 * Restrict a column's variables: missing is u_missing in [1 - m, 1), present below. Returns the
 * column's probability of meeting `r` in this copula. A restriction allowing both missing and
 * some present values is not a box: it is left to the rows' check (the value's own probability
 * is still returned).
 */
function restrictColumn(
  r: ColumnRestriction,
  m: number,
  present: USet,
  valueVar: number,
  missingVar: number,
  restrict: (variable: number, set: USet) => void,
): number {
  const presentP = m >= 1 ? 0 : (1 - m) * present.measure;
  const missingP = r.missing ? m : 0;
  if (r.missing && presentAny(r)) return 1;
  if (r.missing && !presentNone(r)) return missingP + presentP;
  if (r.missing) {
    // Missing only.
    if (m <= 0) return 0;
    if (m < 1) restrict(missingVar, { pieces: Float64Array.of(1 - m, 1), measure: m });
    return m;
  }
  // Present only.
  if (m >= 1 || present.measure <= 0) return 0;
  if (m > 0) restrict(missingVar, { pieces: Float64Array.of(0, 1 - m), measure: 1 - m });
  if (present !== FULL_U) restrict(valueVar, present);
  return presentP;
}

function intersectU(a: USet, b: USet): USet {
  const out: number[] = [];
  for (let i = 0; i < a.pieces.length; i += 2)
    for (let j = 0; j < b.pieces.length; j += 2) {
      const lo = Math.max(a.pieces[i], b.pieces[j]);
      const hi = Math.min(a.pieces[i + 1], b.pieces[j + 1]);
      if (hi > lo) out.push(lo, hi);
    }
  let measure = 0;
  for (let i = 0; i < out.length; i += 2) measure += out[i + 1] - out[i];
  return { pieces: Float64Array.from(out), measure };
}

type Filler = (column: Column, r: number, g: number, u: Float64Array, rng: Rng) => void;

/** A column's value from its u's, as copula.ts writes it. */
function fillerOf(
  spec: ColumnSpec,
  valueVar: number,
  missingVar: number,
  output: Output,
  text: ((row: number, rng: Rng) => string) | undefined,
): Filler {
  const missing = spec.missing ?? 0;
  const isMissing = (u: Float64Array): boolean =>
    missing <= 0 ? false : missing >= 1 ? true : u[missingVar] >= 1 - missing;
  const storage = storageOf(spec.type);
  if (storage === 'numeric') {
    const inverse = numericInverse(spec);
    return (column, r, _g, u) => {
      (column as NumericColumn).values[r] = isMissing(u) ? NaN : inverse(u[valueVar]);
    };
  }
  if (storage === 'categorical') {
    const inv = categoricalInverse(spec);
    const index = new Map(output.levels.map((l, i) => [l, i] as const));
    const toOutput = Int32Array.from(inv.levels, (l) => index.get(l) ?? -1);
    return (column, r, _g, u) => {
      const code = inv.pick(u[valueVar]);
      (column as CategoricalColumn).codes[r] = isMissing(u) || code < 0 ? -1 : toOutput[code];
    };
  }
  const generateText = text ?? textGenerator(spec);
  return (column, r, g, u, rng) => {
    (column as TextColumn).values[r] = isMissing(u) ? null : generateText(g, rng);
  };
}

function clampOpen(u: number): number {
  return u <= 0 ? Number.MIN_VALUE : u >= 1 ? 1 - 1e-16 : u;
}
