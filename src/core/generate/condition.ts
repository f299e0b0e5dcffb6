/**
 * Conditional generation: rows drawn from a model's distribution given a condition
 * (`generate --where 'y == "yes" and age >= 65'`, `output.where`), exactly as many as asked, every
 * one meeting it, without generating rows at large and throwing most away.
 *
 * A condition is compiled into a `Restriction`: the conjunction of per-column restrictions (a set
 * of category levels, a union of number or datetime intervals, missing or not) and a residual row
 * predicate for the conjuncts that read several columns (`dropoff - pickup > 30`). Each `Plan`
 * that knows its structure implements `Plan.condition(restriction)` (see plan.ts): the copula
 * weights its segments by their probability of meeting the restrictions and conditions the
 * Gaussian on the restricted variables; sequential trees restrict the draws of conditioned
 * columns at their leaves and accept a row with the probability of its leaves; rules restrict
 * each column's own draw. `conditionPlan` wraps the result: every generated row is checked
 * against the whole condition and the rows that fail (the residual, or a restriction a plan left
 * to it) are drawn again, in adaptively sized, bounded batches.
 *
 * Impossible conditions fail at once, naming the part that cannot hold: an unknown column or
 * level, a part that no value of its column meets, parts that contradict each other or a
 * constraint, a part the model gives probability 0 (no training row could produce it).
 */
import { valueTypeOf } from '../blueprint/graph';
import { constraintNeverHolds } from '../blueprint/ranges';
import { levelsOf } from '../blueprint/values';
import type { Blueprint, ColumnSpec } from '../blueprint/types';
import type { PathProblem } from '../blueprint/problems';
import { SynthError, type Location } from '../errors';
import { booleanWord, checkText, compileTyped, envOf, type ExprError, type Typed, type Value } from '../expr';
import { closest } from '../util/text';
import type { Rng } from '../random';
import { storageOf, type Column, type Table } from '../table';
import { groupThousands } from '../util/format';
import { STRATUM_ROWS, type ColumnRestriction, type Interval, type Plan, type Restriction } from './plan';
import { readValue } from './marginals';

/** Where a condition was written, for messages: the CLI option or the blueprint's `output.where`. */
export interface ConditionSource {
  /** "--where" or "output.where". */
  label: string;
  location: Location;
}

/** An error in a condition, at its characters. */
export type ConditionProblem = Omit<ExprError, 'code'> & {
  code?: ExprError['code'] | 'unknown-level' | 'derived' | 'impossible';
};

// ---------------------------------------------------------------------------------------------
// Compiling

/**
 * Problems in a condition text, each at its characters: syntax, unknown columns and functions,
 * types, an unknown level (with the closest level as a suggestion), a derived column, a part that
 * can never hold. Empty when the condition can be compiled. Used by validation, the editor and
 * the "Generate with condition" input box.
 */
export function conditionProblems(
  text: string,
  blueprint: Pick<Blueprint, 'columns' | 'constraints'>,
): ConditionProblem[] {
  try {
    compileRestriction(text, blueprint);
    return [];
  } catch (e) {
    if (e instanceof ConditionFailure) return [e.problem];
    throw e;
  }
}

/** Compile a condition against a blueprint, or throw a located `SynthError` naming the part that cannot hold. */
export function compileCondition(
  text: string,
  blueprint: Pick<Blueprint, 'columns' | 'constraints'>,
  source: ConditionSource,
): Restriction {
  try {
    return compileRestriction(text, blueprint);
  } catch (e) {
    if (e instanceof ConditionFailure) throw conditionError(source, text, e.problem);
    throw e;
  }
}

/** A condition problem as a `SynthError` located at the source, with the characters quoted. */
export function conditionError(source: ConditionSource, text: string, p: ConditionProblem): SynthError {
  const part = text.slice(p.start, p.end);
  const at = part && part !== text ? ` (at \`${part}\`, character ${p.start + 1})` : '';
  const code =
    p.code === 'unknown-level'
      ? 'condition/unknown-level'
      : p.code === 'unknown-column'
        ? 'condition/unknown-column'
        : p.code === 'derived'
          ? 'condition/derived-column'
          : p.code === 'impossible'
            ? 'condition/impossible'
            : 'condition/invalid';
  return new SynthError(
    code,
    `${source.label} \`${text}\`: ${p.message}${at}`,
    {
      ...source.location,
      ...(source.location.offset !== undefined
        ? { offset: source.location.offset + p.start, length: Math.max(1, p.end - p.start) }
        : {}),
    },
    p.hint ?? (p.suggestion ? `Did you mean "${p.suggestion}"?` : undefined),
  );
}

class ConditionFailure extends Error {
  constructor(readonly problem: ConditionProblem) {
    super(problem.message);
  }
}

function fail(span: { start: number; end: number }, message: string, extra: Partial<ConditionProblem> = {}): never {
  throw new ConditionFailure({ start: span.start, end: span.end, message, code: 'impossible', ...extra });
}

/** The levels a categorical column can take, from its distribution (undefined when not known). */
export function columnLevels(spec: ColumnSpec): string[] | undefined {
  if (spec.type === 'boolean') return ['true', 'false'];
  return levelsOf(spec.distribution);
}

function compileRestriction(text: string, blueprint: Pick<Blueprint, 'columns' | 'constraints'>): Restriction {
  const specs = blueprint.columns;
  const env = envOf(specs.map((c) => ({ name: c.name, type: valueTypeOf(c.type) })));
  const checked = checkText(text, env, 'boolean');
  if (!checked.typed) throw new ConditionFailure(checked.errors[0]);
  const byName = new Map(specs.map((c, i) => [c.name, i] as const));
  checkLevels(checked.typed, specs, byName);
  checkDerived(checked.typed, specs);
  const columns = new Map<string, ColumnRestriction>();
  const residualParts: { typed: Typed; text: string }[] = [];
  for (const part of conjuncts(checked.typed)) {
    const partText = text.slice(part.span.start, part.span.end);
    const read = [...new Set(columnsOf(part))];
    const never = constraintNeverHolds(part, specs, blueprint as unknown as Record<string, unknown>);
    if (never)
      fail(part.span, `\`${partText}\` never holds for this blueprint: ${never}.`, {
        hint: 'Change this part of the condition.',
      });
    if (read.length === 0) {
      const v = compileTyped(part)([]);
      if (v !== true) fail(part.span, `\`${partText}\` is never true.`);
      continue;
    }
    if (read.length > 1) {
      residualParts.push({ typed: part, text: partText });
      continue;
    }
    const spec = specs[byName.get(read[0])!];
    if (storageOf(spec.type) === 'text')
      fail(
        part.span,
        `"${spec.name}" is ${spec.type === 'id' ? 'an identifier' : 'free text'} generated afresh for every row; a condition cannot choose its values.`,
        {
          hint: 'Condition on category, boolean, number or datetime columns.',
        },
      );
    const r = restrictionOf(part, spec, byName.get(read[0])!, partText);
    if (!r) {
      residualParts.push({ typed: part, text: partText });
      continue;
    }
    const prev = columns.get(spec.name);
    const merged = prev ? intersect(prev, r) : r;
    if (isEmpty(merged))
      fail(
        part.span,
        prev
          ? `\`${prev.parts.join(' and ')}\` and \`${partText}\` cannot both hold: no value of "${spec.name}" meets them.`
          : `no value of "${spec.name}" meets \`${partText}\`.`,
      );
    columns.set(spec.name, merged);
  }
  for (const r of columns.values()) checkSupport(r, specs[byName.get(r.column)!], text);
  checkConstraints(columns, blueprint, specs, byName, text);
  const restriction: Restriction = { text, columns };
  if (residualParts.length) {
    const tests = residualParts.map((p) => compileTyped(p.typed));
    restriction.residual = {
      parts: residualParts.map((p) => p.text),
      test: (row) => tests.every((f) => f(row) === true),
    };
  }
  return restriction;
}

function conjuncts(t: Typed, out: Typed[] = []): Typed[] {
  if (t.op === 'logic' && t.operator === 'and') {
    conjuncts(t.a, out);
    conjuncts(t.b, out);
  } else out.push(t);
  return out;
}

function columnsOf(t: Typed, out: string[] = []): string[] {
  switch (t.op) {
    case 'column':
      out.push(t.name);
      break;
    case 'neg':
    case 'not':
      columnsOf(t.a, out);
      break;
    case 'arith':
    case 'compare':
    case 'logic':
      columnsOf(t.a, out);
      columnsOf(t.b, out);
      break;
    case 'in':
      columnsOf(t.a, out);
      for (const x of t.list) columnsOf(x, out);
      break;
    case 'call':
      for (const x of t.args) columnsOf(x, out);
      break;
    default:
      break;
  }
  return out;
}

/** A category column compared with a text that is none of its levels: located, with the closest level. */
function checkLevels(t: Typed, specs: ColumnSpec[], byName: Map<string, number>): void {
  const visit = (x: Typed): void => {
    const literalsOf = (col: Typed, lits: Typed[]): void => {
      if (col.op !== 'column') return;
      const spec = specs[byName.get(col.name)!];
      if (spec.type !== 'category') return;
      const levels = columnLevels(spec);
      if (!levels) return;
      for (const lit of lits) {
        if (lit.op !== 'const' || typeof lit.value !== 'string' || levels.includes(lit.value)) continue;
        const near = closest(lit.value, levels);
        const shown = levels.length <= 12 ? levels.map((l) => `"${l}"`).join(', ') : `${levels.length} levels`;
        // The span inside the quotes, so a quick fix replaces the name only.
        const inner = { start: lit.span.start + 1, end: Math.max(lit.span.start + 1, lit.span.end - 1) };
        fail(inner, `"${lit.value}" is not a level of "${spec.name}" (it takes ${shown}).`, {
          code: 'unknown-level',
          name: lit.value,
          ...(near ? { suggestion: near, hint: `Did you mean "${near}"?` } : { hint: `Use one of ${shown}.` }),
        });
      }
    };
    if (x.op === 'compare' && (x.operator === '=' || x.operator === '!=')) {
      literalsOf(x.a, [x.b]);
      literalsOf(x.b, [x.a]);
    }
    if (x.op === 'in') literalsOf(x.a, x.list);
    for (const k of ['a', 'b'] as const) if (k in x) visit((x as unknown as Record<string, Typed>)[k]);
    if (x.op === 'in') x.list.forEach(visit);
    if (x.op === 'call') x.args.forEach(visit);
  };
  visit(t);
}

/** A `rules` column computed by a formula cannot be conditioned on: say which columns to condition on instead. */
function checkDerived(t: Typed, specs: ColumnSpec[]): void {
  const visit = (x: Typed): void => {
    if (x.op === 'column') {
      const spec = specs.find((s) => s.name === x.name);
      if (spec?.distribution?.kind === 'derived') {
        const reads = checkText(
          spec.distribution.expr,
          envOf(specs.map((c) => ({ name: c.name, type: valueTypeOf(c.type) }))),
        ).columns;
        fail(
          x.span,
          `"${x.name}" is computed from ${reads.length ? reads.map((r) => `"${r}"`).join(', ') : 'other columns'} (${spec.distribution.expr}); a condition cannot be drawn for a derived column.`,
          {
            code: 'derived',
            hint: reads.length
              ? `Put the condition on ${reads.join(', ')} instead.`
              : 'Put the condition on the columns it is computed from.',
          },
        );
      }
    }
    for (const k of ['a', 'b'] as const) if (k in x) visit((x as unknown as Record<string, Typed>)[k]);
    if (x.op === 'in') x.list.forEach(visit);
    if (x.op === 'call') x.args.forEach(visit);
  };
  visit(t);
}

/** A single-column conjunct as a restriction, or undefined when it cannot be split (left to the residual). */
function restrictionOf(part: Typed, spec: ColumnSpec, index: number, partText: string): ColumnRestriction | undefined {
  const f = compileTyped(part);
  const row: Value[] = [];
  const at = (v: Value): boolean => {
    row[index] = v;
    return f(row) === true;
  };
  const missing = at(null);
  const storage = storageOf(spec.type);
  if (storage === 'categorical') {
    if (spec.type === 'boolean') {
      const levels = new Set<string>();
      if (at(true)) levels.add('true');
      if (at(false)) levels.add('false');
      return { column: spec.name, missing, levels, parts: [partText] };
    }
    const known = columnLevels(spec);
    if (!known) return undefined;
    return { column: spec.name, missing, levels: new Set(known.filter((l) => at(l))), parts: [partText] };
  }
  const intervals = numericSet(part);
  if (!intervals) return undefined;
  return { column: spec.name, missing, intervals, parts: [partText] };
}

const ALL: Interval[] = [{ lo: -Infinity, hi: Infinity, loOpen: true, hiOpen: true }];

/**
 * The present values of the one column `t` reads for which `t` is true, as intervals, when `t` is
 * built from comparisons with constants, `in`, `is_missing`, `and`, `or` and `not`. For a present
 * value every such comparison is true or false, so the sets follow ordinary set algebra.
 */
function numericSet(t: Typed): Interval[] | undefined {
  switch (t.op) {
    case 'const':
      return t.value === true ? ALL : t.value === false ? [] : undefined;
    case 'not': {
      const a = numericSet(t.a);
      return a && complement(a);
    }
    case 'logic': {
      const a = numericSet(t.a);
      const b = numericSet(t.b);
      if (!a || !b) return undefined;
      return t.operator === 'and' ? intersectIntervals(a, b) : unionIntervals([...a, ...b]);
    }
    case 'compare': {
      let op = t.operator;
      let value: Typed = t.b;
      if (t.a.op !== 'column') {
        if (t.b.op !== 'column') return undefined;
        value = t.a;
        op = op === '<' ? '>' : op === '>' ? '<' : op === '<=' ? '>=' : op === '>=' ? '<=' : op;
      }
      if (value.op !== 'const' || typeof value.value !== 'number') return undefined;
      const v = value.value;
      switch (op) {
        case '=':
          return [{ lo: v, hi: v, loOpen: false, hiOpen: false }];
        case '!=':
          return complement([{ lo: v, hi: v, loOpen: false, hiOpen: false }]);
        case '<':
          return [{ lo: -Infinity, hi: v, loOpen: true, hiOpen: true }];
        case '<=':
          return [{ lo: -Infinity, hi: v, loOpen: true, hiOpen: false }];
        case '>':
          return [{ lo: v, hi: Infinity, loOpen: true, hiOpen: true }];
        case '>=':
          return [{ lo: v, hi: Infinity, loOpen: false, hiOpen: true }];
      }
      return undefined;
    }
    case 'in': {
      if (t.a.op !== 'column') return undefined;
      const points: Interval[] = [];
      for (const x of t.list) {
        if (x.op !== 'const') return undefined;
        if (typeof x.value === 'number') points.push({ lo: x.value, hi: x.value, loOpen: false, hiOpen: false });
      }
      const set = unionIntervals(points);
      return t.negated ? complement(set) : set;
    }
    case 'call':
      return t.name === 'is_missing' && t.args[0]?.op === 'column' ? [] : undefined;
    default:
      return undefined;
  }
}

function below(a: Interval, b: Interval): boolean {
  // a's start is before b's start.
  return a.lo < b.lo || (a.lo === b.lo && !a.loOpen && b.loOpen);
}

/** Sorted, disjoint union. */
function unionIntervals(list: Interval[]): Interval[] {
  const sorted = list.filter((i) => !emptyInterval(i)).sort((a, b) => (below(a, b) ? -1 : below(b, a) ? 1 : 0));
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    const touches = last && (i.lo < last.hi || (i.lo === last.hi && !(i.loOpen && last.hiOpen)));
    if (!touches) out.push({ ...i });
    else if (i.hi > last.hi) {
      last.hi = i.hi;
      last.hiOpen = i.hiOpen;
    } else if (i.hi === last.hi) last.hiOpen = last.hiOpen && i.hiOpen;
  }
  return out;
}

function emptyInterval(i: Interval): boolean {
  return i.lo > i.hi || (i.lo === i.hi && (i.loOpen || i.hiOpen));
}

function complement(set: Interval[]): Interval[] {
  const out: Interval[] = [];
  let lo = -Infinity;
  let loOpen = true;
  for (const i of set) {
    out.push({ lo, hi: i.lo, loOpen, hiOpen: !i.loOpen });
    lo = i.hi;
    loOpen = !i.hiOpen;
  }
  out.push({ lo, hi: Infinity, loOpen, hiOpen: true });
  return out.filter((i) => !emptyInterval(i));
}

function intersectIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of a)
    for (const y of b) {
      const lo = Math.max(x.lo, y.lo);
      const hi = Math.min(x.hi, y.hi);
      const i: Interval = {
        lo,
        hi,
        loOpen: (x.lo === lo && x.loOpen) || (y.lo === lo && y.loOpen),
        hiOpen: (x.hi === hi && x.hiOpen) || (y.hi === hi && y.hiOpen),
      };
      if (!emptyInterval(i)) out.push(i);
    }
  return unionIntervals(out);
}

/** Both restrictions at once. */
export function intersect(a: ColumnRestriction, b: ColumnRestriction): ColumnRestriction {
  const out: ColumnRestriction = { column: a.column, missing: a.missing && b.missing, parts: [...a.parts, ...b.parts] };
  if (a.levels || b.levels)
    out.levels = a.levels && b.levels ? new Set([...a.levels].filter((l) => b.levels!.has(l))) : (a.levels ?? b.levels);
  if (a.intervals || b.intervals)
    out.intervals =
      a.intervals && b.intervals ? intersectIntervals(a.intervals, b.intervals) : (a.intervals ?? b.intervals);
  return out;
}

/** No present value is allowed. */
export function presentNone(r: ColumnRestriction): boolean {
  return (r.levels !== undefined && r.levels.size === 0) || (r.intervals !== undefined && r.intervals.length === 0);
}

/** Every present value is allowed. */
export function presentAny(r: ColumnRestriction): boolean {
  return (
    r.levels === undefined &&
    (r.intervals === undefined ||
      (r.intervals.length === 1 && r.intervals[0].lo === -Infinity && r.intervals[0].hi === Infinity))
  );
}

function isEmpty(r: ColumnRestriction): boolean {
  return !r.missing && presentNone(r);
}

/** Does a present categorical value (a level name) meet the restriction? Booleans by their truth value. */
export function allowsLevel(r: ColumnRestriction, level: string, boolean: boolean): boolean {
  if (!r.levels) return true;
  if (!boolean) return r.levels.has(level);
  const b = booleanWord(level);
  return b !== undefined && r.levels.has(String(b));
}

/** Does a present number meet the restriction? */
export function allowsNumber(r: ColumnRestriction, x: number): boolean {
  if (!r.intervals) return true;
  for (const i of r.intervals) {
    if (x < i.lo || (x === i.lo && i.loOpen)) return false;
    if (x < i.hi || (x === i.hi && !i.hiOpen)) return true;
  }
  return false;
}

/** The column's values the blueprint allows at all: a restriction outside them cannot hold. */
function checkSupport(r: ColumnRestriction, spec: ColumnSpec, text: string): void {
  const at = r.parts.join(' and ');
  const missingRate = spec.missing ?? 0;
  const canMissing = missingRate > 0;
  const canPresent = missingRate < 1;
  let presentOk = canPresent && !presentNone(r);
  if (presentOk && r.intervals && spec.distribution?.kind === 'empirical') {
    const lo = readValue(spec, spec.min);
    const hi = readValue(spec, spec.max);
    const inside = intersectIntervals(r.intervals, [
      { lo: Number.isNaN(lo) ? -Infinity : lo, hi: Number.isNaN(hi) ? Infinity : hi, loOpen: false, hiOpen: false },
    ]);
    presentOk = inside.length > 0;
  }
  if (presentOk && r.levels && spec.distribution?.kind === 'categorical') {
    const probs = spec.distribution.probabilities;
    presentOk = Object.keys(probs).some((l) => (probs[l] ?? 0) > 0 && allowsLevel(r, l, spec.type === 'boolean'));
  }
  if (presentOk || (r.missing && canMissing)) return;
  const why =
    r.missing && !canMissing && presentNone(r)
      ? `"${spec.name}" is never missing in the blueprint`
      : spec.min !== undefined && spec.max !== undefined && r.intervals
        ? `"${spec.name}" lies between ${spec.min} and ${spec.max} in the blueprint`
        : `no row of the blueprint has such a "${spec.name}"`;
  const start = Math.max(0, text.indexOf(r.parts[0]));
  throw new ConditionFailure({
    start,
    end: start + r.parts[0].length,
    message: `\`${at}\` cannot hold: ${why} (no training row could produce it).`,
    code: 'impossible',
  });
}

/** A part that contradicts a single-column constraint of the blueprint. */
function checkConstraints(
  columns: Map<string, ColumnRestriction>,
  blueprint: Pick<Blueprint, 'columns' | 'constraints'>,
  specs: ColumnSpec[],
  byName: Map<string, number>,
  text: string,
): void {
  const env = envOf(specs.map((c) => ({ name: c.name, type: valueTypeOf(c.type) })));
  (blueprint.constraints ?? []).forEach((c, i) => {
    const checked = checkText(c.expr, env, 'boolean');
    if (!checked.typed) return;
    for (const part of conjuncts(checked.typed)) {
      const read = [...new Set(columnsOf(part))];
      if (read.length !== 1) continue;
      const mine = columns.get(read[0]);
      if (!mine) continue;
      const spec = specs[byName.get(read[0])!];
      const r = restrictionOf(part, spec, byName.get(read[0])!, c.expr);
      // A constraint passes on a missing value.
      if (!r) continue;
      const both = intersect(mine, { ...r, missing: true });
      const start = Math.max(0, text.indexOf(mine.parts[0]));
      if (isEmpty(both))
        throw new ConditionFailure({
          start,
          end: start + mine.parts[0].length,
          code: 'impossible',
          message: `\`${mine.parts.join(' and ')}\` contradicts the blueprint's constraint \`${c.expr}\` (constraints[${i}]).`,
          hint: 'Change the condition, or the constraint if it is wrong.',
        });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Sets of uniforms: what a restriction allows of the u that a column's inverse distribution reads

/** A union of disjoint, sorted intervals [a, b] of (0, 1), and its total length. */
export interface USet {
  pieces: Float64Array;
  measure: number;
}

export const FULL_U: USet = { pieces: Float64Array.of(0, 1), measure: 1 };

function uSet(pairs: number[]): USet {
  const merged: number[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const a = Math.max(0, pairs[i]);
    const b = Math.min(1, pairs[i + 1]);
    if (!(b > a)) continue;
    const n = merged.length;
    if (n && a <= merged[n - 1]) merged[n - 1] = Math.max(merged[n - 1], b);
    else merged.push(a, b);
  }
  let measure = 0;
  for (let i = 0; i < merged.length; i += 2) measure += merged[i + 1] - merged[i];
  return { pieces: Float64Array.from(merged), measure };
}

/**
 * The u in (0, 1) whose value `inverse(u)` (non-decreasing, the column's rounding included) meets
 * the present-value part of `r`: each interval pulled back by bisection. Numbers only.
 */
export function numericUSet(r: ColumnRestriction, inverse: (u: number) => number): USet {
  if (!r.intervals) return FULL_U;
  const pairs: number[] = [];
  for (const i of r.intervals) {
    const geLo = (x: number): boolean => x > i.lo || (x === i.lo && !i.loOpen);
    const leHi = (x: number): boolean => x < i.hi || (x === i.hi && !i.hiOpen);
    const a = i.lo === -Infinity ? 0 : firstTrue((u) => geLo(inverse(u)));
    const b = i.hi === Infinity ? 1 : firstTrue((u) => !leHi(inverse(u)));
    if (b > a) pairs.push(a, b);
  }
  return uSet(pairs);
}

/** The smallest u in [0, 1] where a monotone predicate (false then true) becomes true, to 1e-15. */
function firstTrue(p: (u: number) => boolean): number {
  const eps = 1e-15;
  if (p(eps)) return 0;
  if (!p(1 - 1e-16)) return 1;
  let lo = eps;
  let hi = 1 - 1e-16;
  for (let k = 0; k < 80 && hi - lo > 1e-16; k++) {
    const mid = (lo + hi) / 2;
    if (p(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The u whose level (levels in inverse order with their cumulative probabilities, the last 1)
 * meets `r`.
 */
export function levelUSet(
  r: ColumnRestriction,
  levels: readonly string[],
  cumulative: ArrayLike<number>,
  boolean: boolean,
): USet {
  if (!r.levels) return FULL_U;
  const pairs: number[] = [];
  for (let k = 0; k < levels.length; k++)
    if (allowsLevel(r, levels[k], boolean)) pairs.push(k > 0 ? cumulative[k - 1] : 0, cumulative[k]);
  return uSet(pairs);
}

/** A uniform draw from the set (measure > 0). */
export function drawU(set: USet, rng: Rng): number {
  const p = set.pieces;
  if (p.length === 2) return clampOpen(p[0] + rng.nextOpen() * (p[1] - p[0]));
  let x = rng.nextOpen() * set.measure;
  for (let i = 0; i < p.length; i += 2) {
    const w = p[i + 1] - p[i];
    if (x < w || i === p.length - 2) return clampOpen(p[i] + Math.min(x, w));
    x -= w;
  }
  return clampOpen(p[p.length - 1]);
}

function clampOpen(u: number): number {
  return u <= 0 ? Number.MIN_VALUE : u >= 1 ? 1 - 1e-16 : u;
}

/**
 * How a column with missing share `m` meets `r`: the probability of a row doing so, and how to
 * draw: `missingShare` of the meeting rows are missing, the others take a u from `present`.
 */
export interface Meeting {
  probability: number;
  missingShare: number;
  present: USet;
}

export function meeting(r: ColumnRestriction, m: number, present: USet): Meeting {
  const miss = r.missing ? m : 0;
  const pres = m >= 1 || presentNone(r) ? 0 : (1 - m) * present.measure;
  const probability = miss + pres;
  return { probability, missingShare: probability > 0 ? miss / probability : 0, present };
}

// ---------------------------------------------------------------------------------------------
// Checking finished rows, and the bounded rejection for what plans leave to it

/** A function from row index to the value an expression sees (null for missing). */
export function valueReader(column: Column): (r: number) => Value {
  switch (column.storage) {
    case 'numeric': {
      const v = column.values;
      return (r) => (v[r] !== v[r] ? null : v[r]);
    }
    case 'categorical': {
      const { codes, levels } = column;
      if (column.type === 'boolean') {
        const truth = levels.map((l) => booleanWord(l) ?? null);
        return (r) => (codes[r] < 0 ? null : truth[codes[r]]);
      }
      return (r) => (codes[r] < 0 ? null : levels[codes[r]]);
    }
    case 'text': {
      const v = column.values;
      return (r) => v[r];
    }
  }
}

/** Rows of `table` (columns in blueprint order) that meet the whole restriction. */
export function rowsMeeting(table: Table, restriction: Restriction): Int32Array {
  const n = table.rowCount;
  const checks: ((r: number) => boolean)[] = [];
  const index = new Map(table.columns.map((c, i) => [c.name, i]));
  for (const cr of restriction.columns.values()) {
    const col = table.columns[index.get(cr.column)!];
    if (!col) continue;
    if (col.storage === 'numeric') {
      const v = col.values;
      checks.push((r) => (v[r] !== v[r] ? cr.missing : allowsNumber(cr, v[r])));
    } else if (col.storage === 'categorical') {
      const ok = col.levels.map((l) => allowsLevel(cr, l, col.type === 'boolean'));
      const codes = col.codes;
      checks.push((r) => (codes[r] < 0 ? cr.missing : ok[codes[r]]));
    }
  }
  const residual = restriction.residual;
  const readers = residual ? table.columns.map(valueReader) : [];
  const row: Value[] = new Array(readers.length).fill(null);
  const out = new Int32Array(n);
  let k = 0;
  for (let r = 0; r < n; r++) {
    let ok = true;
    for (const c of checks)
      if (!c(r)) {
        ok = false;
        break;
      }
    if (ok && residual) {
      for (let c = 0; c < readers.length; c++) row[c] = readers[c](r);
      ok = residual.test(row);
    }
    if (ok) out[k++] = r;
  }
  return out.subarray(0, k);
}

/** Rows drawn, at most, per row asked, before a condition is called too rare for drawing and discarding. */
export const MAX_DRAWS_PER_ROW = 2000;
/** Rows drawn without one meeting the condition, before it is called impossible. */
export const GIVE_UP_AFTER = 200_000;

/**
 * The plan conditioned on a restriction: `plan.condition` when the plan has it (rows meeting the
 * column restrictions, from the conditional distribution), every row then checked against the
 * whole condition, and rows that fail drawn again in batches sized by the acceptance seen so far,
 * each block with its own rng and the block's offset only (so blocks stay independent).
 * Columns in `renumber` (sequences and patterns, which count rows) are made again for the kept
 * rows by `renumber(table, offset)`.
 */
export function conditionPlan(
  plan: Plan,
  restriction: Restriction,
  renumber?: (table: Table, offset: number) => Table,
): Plan {
  // Only a residual: the plan's own (stratified, faster) rows, checked.
  const inner = plan.condition && restriction.columns.size ? plan.condition(restriction) : plan;
  const rejectionOnly = !plan.condition;
  return {
    generate(n, offset, rng): Table {
      // Block by block, so the rows do not depend on how many blocks a call asks for.
      const blocks: { table: Table; rows: Int32Array }[] = [];
      for (let start = 0; start < n; start += STRATUM_ROWS) {
        const m = Math.min(STRATUM_ROWS, n - start);
        const table = block(m, offset + start, rng);
        blocks.push({ table, rows: identity(m) });
      }
      const out = blocks.length === 1 ? blocks[0].table : gatherRows(blocks, n);
      return renumber ? renumber(out, offset) : out;
    },
  };

  function block(n: number, offset: number, rng: Rng): Table {
    const first = inner.generate(n, offset, rng);
    const kept = rowsMeeting(first, restriction);
    if (kept.length === n) return first;
    const parts: { table: Table; rows: Int32Array }[] = [{ table: first, rows: kept }];
    let accepted = kept.length;
    let drawn = n;
    while (accepted < n) {
      const need = n - accepted;
      if (accepted === 0 && drawn >= GIVE_UP_AFTER) throw tooRare(restriction, accepted, drawn, rejectionOnly);
      if (drawn > MAX_DRAWS_PER_ROW * Math.max(n, 64) && accepted / drawn < 1 / MAX_DRAWS_PER_ROW)
        throw tooRare(restriction, accepted, drawn, rejectionOnly);
      const rate = accepted > 0 ? accepted / drawn : 1 / drawn;
      const batch = Math.min(65_536, Math.max(need, Math.ceil((need / rate) * 1.2)));
      const t = inner.generate(batch, offset, rng);
      const rows = rowsMeeting(t, restriction);
      const take = rows.subarray(0, Math.min(rows.length, need));
      parts.push({ table: t, rows: take });
      accepted += take.length;
      drawn += batch;
    }
    return gatherRows(parts, n);
  }
}

function tooRare(restriction: Restriction, accepted: number, drawn: number, rejectionOnly: boolean): SynthError {
  const parts = [
    ...(restriction.residual?.parts ?? []),
    ...(rejectionOnly ? [...restriction.columns.values()].flatMap((c) => c.parts) : []),
  ];
  const what = parts.length ? parts.map((p) => `\`${p}\``).join(' and ') : `\`${restriction.text}\``;
  return new SynthError(
    accepted === 0 ? 'condition/impossible' : 'condition/too-rare',
    accepted === 0
      ? `No row out of ${groupThousands(drawn)} drawn from the model meets ${what}: the model does not produce such rows.`
      : `Only ${groupThousands(accepted)} of ${groupThousands(drawn)} rows drawn from the model meet ${what} (about ${(accepted / drawn).toPrecision(2)}); that is too rare to generate by drawing and discarding.`,
    {},
    'Write the condition per column (ranges, levels, missing), which the model meets directly, or loosen it.',
  );
}

/** The chosen rows of several tables with the same columns, in order, as one table of n rows. */
function gatherRows(parts: { table: Table; rows: Int32Array }[], n: number): Table {
  const template = parts[0].table;
  const columns = template.columns.map((first, c): Column => {
    switch (first.storage) {
      case 'numeric': {
        const values = new Float64Array(n);
        let k = 0;
        for (const p of parts) {
          const src = (p.table.columns[c] as typeof first).values;
          for (const r of p.rows) values[k++] = src[r];
        }
        return { ...first, values };
      }
      case 'categorical': {
        // Chunks of one plan share their level lists, except rules plans that append unseen levels.
        const levels = [...first.levels];
        const index = new Map(levels.map((l, i) => [l, i]));
        const codes = new Int32Array(n);
        let k = 0;
        for (const p of parts) {
          const col = p.table.columns[c] as typeof first;
          const map = col.levels.map((l) => {
            let i = index.get(l);
            if (i === undefined) {
              i = levels.length;
              levels.push(l);
              index.set(l, i);
            }
            return i;
          });
          for (const r of p.rows) codes[k++] = col.codes[r] < 0 ? -1 : map[col.codes[r]];
        }
        return { ...first, levels, codes };
      }
      case 'text': {
        const values: (string | null)[] = new Array(n);
        let k = 0;
        for (const p of parts) {
          const src = (p.table.columns[c] as typeof first).values;
          for (const r of p.rows) values[k++] = src[r];
        }
        return { ...first, values };
      }
    }
  });
  return { rowCount: n, columns };
}

// ---------------------------------------------------------------------------------------------
// Rebalancing: exact shares of a category's levels, each level's rows drawn given the level

/** Columns with more levels than this are not rebalanced (each level is generated on its own). */
export const MAX_REBALANCE_LEVELS = 100;

/** A rebalance resolved against a blueprint: each level (booleans: "true"/"false") and its share. */
export interface Rebalance {
  column: string;
  /** Level -> share, summing to 1, in the column's level order; level names as the blueprint writes them. */
  shares: Map<string, number>;
}

/** `output.rebalance`: the shares of a category or boolean column's levels in the output. */
export interface RebalanceInput {
  column: string;
  shares: Record<string, number>;
}

/**
 * Read a rebalance: the CLI's `y=0.5` (a two-level column: the rarer level gets the share) or
 * `segment=A:0.5,B:0.3,C:0.2`, or the blueprint's `{ column, shares }`. Shares must sum to 1;
 * levels not listed get no rows.
 */
export function resolveRebalance(
  input: string | RebalanceInput,
  blueprint: Pick<Blueprint, 'columns'>,
  source: ConditionSource,
): Rebalance {
  const bad = (message: string, hint?: string, code = 'rebalance/invalid'): SynthError =>
    new SynthError(code, `${source.label}: ${message}`, source.location, hint);
  let column: string;
  let given: [string, number][] | number;
  if (typeof input === 'string') {
    const eq = input.indexOf('=');
    if (eq <= 0)
      throw bad(
        `"${input}" is not a rebalance.`,
        'Write COLUMN=SHARE (two levels) or COLUMN=LEVEL:SHARE,LEVEL:SHARE,...',
      );
    column = input.slice(0, eq).trim();
    const rest = input.slice(eq + 1).trim();
    if (/^[0-9.]+$/.test(rest)) given = Number(rest);
    else
      given = rest.split(',').map((pair): [string, number] => {
        const colon = pair.lastIndexOf(':');
        const share = colon > 0 ? Number(pair.slice(colon + 1)) : NaN;
        if (!Number.isFinite(share))
          throw bad(
            `"${pair.trim()}" is not LEVEL:SHARE.`,
            'Write COLUMN=LEVEL:SHARE,LEVEL:SHARE,..., e.g. segment=A:0.5,B:0.3,C:0.2.',
          );
        return [pair.slice(0, colon).trim(), share];
      });
  } else {
    column = input.column;
    given = Object.entries(input.shares);
  }
  const spec = blueprint.columns.find((c) => c.name === column);
  if (!spec) {
    const near = closest(
      column,
      blueprint.columns.map((c) => c.name),
    );
    throw bad(
      `there is no column "${column}".`,
      near ? `Did you mean "${near}"?` : `Columns: ${blueprint.columns.map((c) => c.name).join(', ')}.`,
      'rebalance/unknown-column',
    );
  }
  if (spec.type !== 'category' && spec.type !== 'boolean')
    throw bad(
      `"${column}" is a ${spec.type} column; rebalancing sets the shares of a category or boolean column's levels.`,
      storageOf(spec.type) === 'numeric'
        ? `To pick ranges of "${column}", use a condition (--where '${column} >= ...').`
        : undefined,
      'rebalance/not-categorical',
    );
  if (spec.distribution?.kind === 'derived')
    throw bad(
      `"${column}" is computed from other columns (derived); its shares follow from theirs.`,
      'Rebalance a column it is computed from.',
      'rebalance/derived',
    );
  const boolean = spec.type === 'boolean';
  const probs = spec.distribution?.kind === 'categorical' ? spec.distribution.probabilities : undefined;
  const levels = boolean ? ['false', 'true'] : (columnLevels(spec) ?? []);
  if (levels.length > MAX_REBALANCE_LEVELS)
    throw bad(
      `"${column}" has ${levels.length} levels; rebalancing generates every level on its own and works on columns with at most ${MAX_REBALANCE_LEVELS}.`,
      `To keep some levels only, use a condition: --where '${column} in ("...", "...")'.`,
      'rebalance/too-many-levels',
    );
  const canonical = (level: string): string | undefined => {
    if (boolean) {
      const b = booleanWord(level);
      return b === undefined ? undefined : String(b);
    }
    return levels.includes(level) ? level : undefined;
  };
  const probabilityOf = (level: string): number => {
    if (!probs) return boolean ? (level === 'true' ? 0.5 : 0.5) : 1 / levels.length;
    let p = 0;
    for (const [k, v] of Object.entries(probs)) if ((boolean ? String(booleanWord(k)) : k) === level) p += v;
    return p;
  };
  let pairs: [string, number][];
  if (typeof given === 'number') {
    if (levels.length !== 2)
      throw bad(
        `"${column}" has ${levels.length} levels; a single share is for a column of two levels.`,
        `Give each level's share: ${column}=${levels
          .slice(0, 3)
          .map((l) => `${l}:0.3`)
          .join(',')}...`,
      );
    if (!(given >= 0 && given <= 1)) throw bad(`the share ${given} is not between 0 and 1.`);
    // The rarer level (booleans without probabilities: true) gets the share.
    const [a, b] = levels;
    const rare = probs ? (probabilityOf(a) <= probabilityOf(b) ? a : b) : boolean ? 'true' : a;
    pairs = [
      [rare, given],
      [rare === a ? b : a, 1 - given],
    ];
  } else {
    pairs = given.map(([level, share]) => {
      const c = canonical(level);
      if (c === undefined) {
        const near = closest(level, levels);
        throw bad(
          `"${level}" is not a level of "${column}" (it takes ${levels.length <= 12 ? levels.map((l) => `"${l}"`).join(', ') : `${levels.length} levels`}).`,
          near ? `Did you mean "${near}"?` : undefined,
          'rebalance/unknown-level',
        );
      }
      if (!(share >= 0 && share <= 1)) throw bad(`the share of "${level}" (${share}) is not between 0 and 1.`);
      return [c, share];
    });
  }
  const seen = new Set<string>();
  for (const [level] of pairs) {
    if (seen.has(level)) throw bad(`"${level}" is given twice.`);
    seen.add(level);
  }
  const sum = pairs.reduce((a, [, s]) => a + s, 0);
  if (Math.abs(sum - 1) > 1e-6)
    throw bad(
      `the shares sum to ${+sum.toFixed(6)}, not 1 (${pairs.map(([l, s]) => `${l} ${s}`).join(' + ')}).`,
      'Make them sum to 1; levels not listed get no rows.',
      'rebalance/shares-sum',
    );
  const shares = new Map<string, number>();
  for (const level of levels) {
    const p = pairs.find(([l]) => l === level);
    if (p && p[1] > 0) shares.set(level, p[1]);
  }
  return { column, shares };
}

/** Exact counts of m rows by shares: floor(m·share) each, the rest to the largest fractions (ties: first level). */
export function exactCounts(m: number, shares: number[]): number[] {
  const counts = shares.map((s) => Math.floor(m * s));
  let left = m - counts.reduce((a, b) => a + b, 0);
  const order = shares
    .map((_, i) => i)
    .sort((a, b) => m * shares[b] - counts[b] - (m * shares[a] - counts[a]) || a - b);
  for (let i = 0; left > 0; i = (i + 1) % order.length, left--) counts[order[i]]++;
  return counts;
}

/**
 * A plan with the rebalanced shares: within each block, every level gets exactly its share of
 * the rows (largest remainders), drawn from the plan conditioned on that level (and on `where`),
 * and the block's rows are shuffled so levels interleave.
 */
export function rebalancePlan(
  plan: Plan,
  rebalance: Rebalance,
  where: Restriction | undefined,
  renumber?: (table: Table, offset: number) => Table,
): Plan {
  const levels = [...rebalance.shares.keys()];
  const shares = levels.map((l) => rebalance.shares.get(l)!);
  const plans = levels.map((level) => {
    const own: ColumnRestriction = {
      column: rebalance.column,
      missing: false,
      levels: new Set([level]),
      parts: [`${rebalance.column} == "${level}"`],
    };
    const prev = where?.columns.get(rebalance.column);
    const r = prev ? intersect(prev, own) : own;
    if (isEmpty(r))
      throw new SynthError(
        'rebalance/impossible',
        `The condition \`${prev!.parts.join(' and ')}\` leaves no rows with ${rebalance.column} "${level}", which the rebalance asks ${shares[levels.indexOf(level)]} of.`,
        {},
        'Drop that level from the rebalance, or loosen the condition.',
      );
    const columns = new Map(where?.columns ?? []);
    columns.set(rebalance.column, r);
    return conditionPlan(plan, {
      text: where ? `${where.text} and ${own.parts[0]}` : own.parts[0],
      columns,
      ...(where?.residual ? { residual: where.residual } : {}),
    });
  });
  return {
    generate(n, offset, rng): Table {
      const parts: { table: Table; rows: Int32Array }[] = [];
      for (let start = 0; start < n; start += STRATUM_ROWS) {
        const m = Math.min(STRATUM_ROWS, n - start);
        const counts = exactCounts(m, shares);
        const block: { table: Table; rows: Int32Array }[] = [];
        counts.forEach((count, k) => {
          if (count > 0) block.push({ table: plans[k].generate(count, offset + start, rng), rows: identity(count) });
        });
        const whole = gatherRows(block, m);
        parts.push({ table: whole, rows: Int32Array.from(rng.permutation(m)) });
      }
      const out = gatherRows(parts, n);
      return renumber ? renumber(out, offset) : out;
    },
  };
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Validation of `output.where` and `output.rebalance`

/** Problems of a blueprint's `output.where` and `output.rebalance`, at their JSON paths (the condition's at its characters). */
export function validateOutputControl(value: Record<string, unknown>): PathProblem[] {
  const out: PathProblem[] = [];
  const output = value.output;
  if (output === null || typeof output !== 'object') return out;
  const o = output as Record<string, unknown>;
  const columns = (Array.isArray(value.columns) ? value.columns : []).filter(
    (c): c is ColumnSpec =>
      c !== null &&
      typeof c === 'object' &&
      typeof (c as ColumnSpec).name === 'string' &&
      typeof (c as ColumnSpec).type === 'string',
  );
  const blueprint = {
    columns,
    constraints: Array.isArray(value.constraints) ? (value.constraints as Blueprint['constraints']) : [],
  };
  if (o.where !== undefined) {
    if (typeof o.where !== 'string')
      out.push({
        severity: 'error',
        code: 'blueprint/type',
        path: ['output', 'where'],
        message: '"where" is a condition, e.g. "age >= 65".',
      });
    else
      for (const p of conditionProblems(o.where, blueprint)) {
        const code =
          p.code === 'unknown-column'
            ? 'expr/unknown-column'
            : p.code === 'unknown-function'
              ? 'expr/unknown-function'
              : p.code === 'syntax'
                ? 'expr/syntax'
                : p.code === 'type'
                  ? 'expr/type'
                  : `condition/${p.code ?? 'invalid'}`;
        out.push({
          severity: 'error',
          code,
          path: ['output', 'where'],
          message: p.message,
          ...(p.hint ? { hint: p.hint } : {}),
          ...(p.end > p.start ? { span: { start: p.start, end: p.end } } : {}),
          ...(p.name ? { data: { name: p.name, ...(p.suggestion ? { suggestion: p.suggestion } : {}) } } : {}),
        });
      }
  }
  if (o.rebalance !== undefined) {
    const r = o.rebalance as Record<string, unknown>;
    if (
      r === null ||
      typeof r !== 'object' ||
      typeof r.column !== 'string' ||
      r.shares === null ||
      typeof r.shares !== 'object'
    )
      out.push({
        severity: 'error',
        code: 'blueprint/type',
        path: ['output', 'rebalance'],
        message: '"rebalance" is { "column": "y", "shares": { "yes": 0.5, "no": 0.5 } }.',
      });
    else
      try {
        resolveRebalance({ column: r.column, shares: r.shares as Record<string, number> }, blueprint, {
          label: 'output.rebalance',
          location: {},
        });
      } catch (e) {
        if (!(e instanceof SynthError)) throw e;
        const path =
          e.code === 'rebalance/unknown-column' ||
          e.code === 'rebalance/not-categorical' ||
          e.code === 'rebalance/too-many-levels' ||
          e.code === 'rebalance/derived'
            ? ['output', 'rebalance', 'column']
            : ['output', 'rebalance', 'shares'];
        out.push({
          severity: 'error',
          code: e.code,
          path,
          message: e.message.replace(/^output\.rebalance: /, ''),
          ...(e.hint ? { hint: e.hint } : {}),
        });
      }
  }
  return out;
}
