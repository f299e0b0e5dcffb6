/**
 * Which values each column can take, and whether a constraint can hold at all: interval
 * arithmetic for numbers and dates, sets for categories, possible truth values for conditions
 * (abstract interpretation over the typed expression). The ranges over-approximate, so "can
 * never hold" is a proof, never a guess; a constraint that might fail is not reported.
 */
import { parseExpr, checkExpr, envOf, type Typed } from '../expr';
import { DAY_MS } from '../expr/functions';
import { valueTypeOf } from './graph';
import { isObject, levelsOf, readDate } from './values';
import { RESOLUTION_MS, type ColumnSpec } from './types';

export type Range =
  | { type: 'number' | 'date'; lo: number; hi: number }
  | { type: 'string'; values: Set<string> | null }
  | { type: 'boolean'; canTrue: boolean; canFalse: boolean }
  | { type: 'null' };

const TOP_NUMBER: Range = { type: 'number', lo: -Infinity, hi: Infinity };

/**
 * Why `typed` (a condition) is false for every row the blueprint can generate, or undefined when
 * it may hold. Missing values are left out: a constraint on a missing value passes anyway.
 */
export function constraintNeverHolds(
  typed: Typed,
  columns: ColumnSpec[],
  blueprint: Record<string, unknown>,
): string | undefined {
  const ranges = new ColumnRanges(columns, typeof blueprint.noise === 'number' ? blueprint.noise : 0);
  const r = evaluate(typed, ranges);
  if (r.type !== 'boolean' || r.canTrue) return undefined;
  const read = [...new Set(collectColumns(typed))];
  const parts = read.map(
    (name) =>
      `${name} ${describe(
        ranges.of(name),
        columns.find((c) => c.name === name),
      )}`,
  );
  return parts.length ? parts.join(', and ') : 'it is false whatever the row';
}

function collectColumns(t: Typed, out: string[] = []): string[] {
  if (t.op === 'column') out.push(t.name);
  for (const k of ['a', 'b'] as const) if (k in t) collectColumns((t as unknown as Record<string, Typed>)[k], out);
  if (t.op === 'in') t.list.forEach((x) => collectColumns(x, out));
  if (t.op === 'call') t.args.forEach((x) => collectColumns(x, out));
  return out;
}

function describe(r: Range, spec?: ColumnSpec): string {
  const f = (x: number): string =>
    r.type === 'date'
      ? Number.isFinite(x)
        ? new Date(x).toISOString().slice(0, 10)
        : x > 0
          ? 'any later date'
          : 'any earlier date'
      : Number.isFinite(x)
        ? String(+x.toPrecision(10))
        : x > 0
          ? '∞'
          : '-∞';
  switch (r.type) {
    case 'number':
    case 'date':
      return r.lo === r.hi
        ? `is always ${f(r.lo)}`
        : `lies in [${f(r.lo)}, ${f(r.hi)}]${spec ? ' (from its bounds and distribution)' : ''}`;
    case 'string':
      return r.values ? `is one of ${[...r.values].map((v) => `"${v}"`).join(', ')}` : 'can be any text';
    case 'boolean':
      return r.canTrue && r.canFalse ? 'is true or false' : r.canTrue ? 'is always true' : 'is always false';
    default:
      return 'is always missing';
  }
}

/** Ranges of columns, computed on demand (derived columns from their expressions). */
class ColumnRanges {
  private readonly cache = new Map<string, Range>();
  private readonly busy = new Set<string>();
  private readonly byName: Map<string, ColumnSpec>;

  constructor(
    private readonly columns: ColumnSpec[],
    private readonly noise: number,
  ) {
    this.byName = new Map(columns.map((c) => [c.name, c]));
  }

  of(name: string): Range {
    const hit = this.cache.get(name);
    if (hit) return hit;
    const spec = this.byName.get(name);
    if (!spec) return { type: 'null' };
    if (this.busy.has(name)) return top(valueTypeOf(spec.type));
    this.busy.add(name);
    const r = this.compute(spec);
    this.busy.delete(name);
    this.cache.set(name, r);
    return r;
  }

  private compute(spec: ColumnSpec): Range {
    const vt = valueTypeOf(spec.type);
    if (vt === 'string') {
      if (spec.type !== 'category') return top('string');
      return { type: 'string', values: this.strings(spec.distribution) };
    }
    if (vt === 'boolean') {
      const levels = levelsOf(spec.distribution);
      if (levels && spec.distribution && (spec.distribution as { kind: string }).kind !== 'logistic') {
        const words = levels.map((l) => /^(true|t|yes|y|1)$/i.test(l.trim()));
        return { type: 'boolean', canTrue: words.includes(true), canFalse: words.includes(false) };
      }
      return { type: 'boolean', canTrue: true, canFalse: true };
    }
    const format = spec.format ?? 'YYYY-MM-DD HH:mm:ss';
    const read = (v: unknown): number => (typeof v === 'number' ? v : vt === 'date' ? readDate(v, format) : NaN);
    const min = read(spec.min);
    const max = read(spec.max);
    const columnNoise = spec.noise ?? this.noise;
    let support = this.support(spec.distribution, vt, read, columnNoise);
    if (!spec.distribution)
      support = [Number.isNaN(min) ? 0 : min, Number.isNaN(max) ? (Number.isNaN(min) ? 0 : min) + 1 : max];
    let [lo, hi] = support;
    // Clamping to [min, max] happens after drawing: the result always lies inside them.
    if (!Number.isNaN(min)) {
      lo = Math.max(lo, min);
      hi = Math.max(hi, min);
    }
    if (!Number.isNaN(max)) {
      hi = Math.min(hi, max);
      lo = Math.min(lo, max);
    }
    // Rounding can move a value by up to half a unit; widen so the range stays an over-approximation.
    const unit =
      spec.type === 'integer'
        ? 1
        : vt === 'date'
          ? (RESOLUTION_MS[spec.resolution ?? 'second'] ?? 1000)
          : spec.decimals !== undefined
            ? 10 ** -spec.decimals
            : 0;
    if (unit) {
      lo = Number.isNaN(min) ? lo - unit : Math.max(min, lo - unit);
      hi = Number.isNaN(max) ? hi + unit : Math.min(max, hi + unit);
    }
    return { type: vt, lo, hi };
  }

  private support(dist: unknown, vt: 'number' | 'date', read: (v: unknown) => number, noise: number): [number, number] {
    if (!isObject(dist)) return [-Infinity, Infinity];
    const n = (v: unknown, fallback: number): number => (typeof v === 'number' ? v : fallback);
    switch (dist.kind) {
      case 'normal':
        return [-Infinity, Infinity];
      case 'lognormal':
        return [0, Infinity];
      case 'exponential':
      case 'poisson':
        return [0, Infinity];
      case 'uniform':
        return orInf(read(dist.low), read(dist.high));
      case 'truncatedNormal':
        return [n(dist.low, -Infinity), n(dist.high, Infinity)];
      case 'beta':
        return [n(dist.low, 0), n(dist.high, 1)];
      case 'empirical':
        return Array.isArray(dist.quantiles) && dist.quantiles.length
          ? orInf(read(dist.quantiles[0]), read(dist.quantiles[dist.quantiles.length - 1]))
          : [-Infinity, Infinity];
      case 'dates':
        return orInf(read(dist.start), read(dist.end) + DAY_MS - 1);
      case 'logistic':
        return [0, 1];
      case 'categorical': {
        const keys = isObject(dist.probabilities)
          ? Object.keys(dist.probabilities).map(Number).filter(Number.isFinite)
          : [];
        return keys.length ? [Math.min(...keys), Math.max(...keys)] : [-Infinity, Infinity];
      }
      case 'sequence':
        return [-Infinity, Infinity];
      case 'conditional':
      case 'bands': {
        const parts =
          dist.kind === 'conditional'
            ? [
                ...(isObject(dist.cases) ? Object.values(dist.cases) : []),
                ...(dist.default !== undefined ? [dist.default] : []),
              ]
            : Array.isArray(dist.bands)
              ? dist.bands.map((b) => (isObject(b) ? b.distribution : undefined))
              : [];
        let lo = Infinity;
        let hi = -Infinity;
        for (const p of parts) {
          const [a, b] = this.support(p, vt, read, noise);
          lo = Math.min(lo, a);
          hi = Math.max(hi, b);
        }
        return lo <= hi ? [lo, hi] : [-Infinity, Infinity];
      }
      case 'derived': {
        if (noise > 0 || typeof dist.expr !== 'string') return [-Infinity, Infinity];
        const r = this.expression(dist.expr);
        return r.type === 'number' || r.type === 'date' ? [r.lo, r.hi] : [-Infinity, Infinity];
      }
      default:
        return [-Infinity, Infinity];
    }
  }

  private strings(dist: unknown): Set<string> | null {
    if (!isObject(dist)) return null;
    if (dist.kind === 'derived' && typeof dist.expr === 'string') {
      const r = this.expression(dist.expr);
      return r.type === 'string' ? r.values : null;
    }
    const parts: unknown[] =
      dist.kind === 'conditional' && isObject(dist.cases)
        ? [...Object.values(dist.cases), ...(dist.default !== undefined ? [dist.default] : [])]
        : dist.kind === 'bands' && Array.isArray(dist.bands)
          ? dist.bands.map((b) => (isObject(b) ? b.distribution : undefined))
          : [];
    if (dist.kind === 'categorical') {
      const l = levelsOf(dist);
      return l ? new Set(l) : null;
    }
    if (!parts.length) return null;
    const out = new Set<string>();
    for (const p of parts) {
      const s = this.strings(p);
      if (!s) return null;
      for (const x of s) out.add(x);
    }
    return out;
  }

  private expression(text: string): Range {
    const parsed = parseExpr(text);
    if (!parsed.expr) return { type: 'null' };
    const checked = checkExpr(
      parsed.expr,
      envOf(this.columns.map((c) => ({ name: c.name, type: valueTypeOf(c.type) }))),
    );
    return checked.typed ? evaluate(checked.typed, this) : { type: 'null' };
  }
}

function orInf(lo: number, hi: number): [number, number] {
  return [Number.isNaN(lo) ? -Infinity : lo, Number.isNaN(hi) ? Infinity : hi];
}

function top(type: string): Range {
  switch (type) {
    case 'number':
    case 'date':
      return { type, lo: -Infinity, hi: Infinity };
    case 'string':
      return { type: 'string', values: null };
    case 'boolean':
      return { type: 'boolean', canTrue: true, canFalse: true };
    default:
      return { type: 'null' };
  }
}

const BOTH: Range = { type: 'boolean', canTrue: true, canFalse: true };

function evaluate(t: Typed, cols: { of(name: string): Range }): Range {
  switch (t.op) {
    case 'const': {
      const v = t.value;
      if (typeof v === 'number') return { type: t.type === 'date' ? 'date' : 'number', lo: v, hi: v };
      if (typeof v === 'string') return { type: 'string', values: new Set([v]) };
      if (typeof v === 'boolean') return { type: 'boolean', canTrue: v, canFalse: !v };
      return { type: 'null' };
    }
    case 'column':
      return cols.of(t.name);
    case 'neg': {
      const a = evaluate(t.a, cols);
      return a.type === 'number' ? { type: 'number', lo: -a.hi, hi: -a.lo } : TOP_NUMBER;
    }
    case 'not': {
      const a = evaluate(t.a, cols);
      return a.type === 'boolean' ? { type: 'boolean', canTrue: a.canFalse, canFalse: a.canTrue } : BOTH;
    }
    case 'logic': {
      const a = evaluate(t.a, cols);
      const b = evaluate(t.b, cols);
      if (a.type !== 'boolean' || b.type !== 'boolean') return BOTH;
      return t.operator === 'and'
        ? { type: 'boolean', canTrue: a.canTrue && b.canTrue, canFalse: a.canFalse || b.canFalse }
        : { type: 'boolean', canTrue: a.canTrue || b.canTrue, canFalse: a.canFalse && b.canFalse };
    }
    case 'arith':
      return arith(t, evaluate(t.a, cols), evaluate(t.b, cols));
    case 'compare':
      return compare(t.operator, evaluate(t.a, cols), evaluate(t.b, cols));
    case 'in': {
      const a = evaluate(t.a, cols);
      let r: Range = { type: 'boolean', canTrue: false, canFalse: true };
      for (const x of t.list) {
        const eq = compare('=', a, evaluate(x, cols));
        if (eq.type !== 'boolean') return BOTH;
        r = {
          type: 'boolean',
          canTrue: (r as { canTrue: boolean }).canTrue || eq.canTrue,
          canFalse: (r as { canFalse: boolean }).canFalse && eq.canFalse,
        };
      }
      const rb = r as { canTrue: boolean; canFalse: boolean };
      return t.negated ? { type: 'boolean', canTrue: rb.canFalse, canFalse: rb.canTrue } : r;
    }
    case 'call':
      return call(
        t.name,
        t.args.map((x) => evaluate(x, cols)),
        t.type,
      );
  }
}

function interval(r: Range): [number, number] | undefined {
  return r.type === 'number' || r.type === 'date' ? [r.lo, r.hi] : undefined;
}

function arith(t: Extract<Typed, { op: 'arith' }>, a: Range, b: Range): Range {
  const x = interval(a);
  const y = interval(b);
  const type = t.type === 'date' ? 'date' : 'number';
  if (!x || !y) return top(type);
  const safe = (v: number[]): Range => {
    const finite = v.filter((z) => !Number.isNaN(z));
    return finite.length === v.length ? { type, lo: Math.min(...finite), hi: Math.max(...finite) } : top(type);
  };
  if (t.dates === 'date-date') return safe([(x[0] - y[1]) / DAY_MS, (x[1] - y[0]) / DAY_MS]);
  if (t.dates === 'date-days')
    return t.operator === '+'
      ? safe([x[0] + y[0] * DAY_MS, x[1] + y[1] * DAY_MS])
      : safe([x[0] - y[1] * DAY_MS, x[1] - y[0] * DAY_MS]);
  if (t.dates === 'days-date') return safe([x[0] * DAY_MS + y[0], x[1] * DAY_MS + y[1]]);
  switch (t.operator) {
    case '+':
      return safe([x[0] + y[0], x[1] + y[1]]);
    case '-':
      return safe([x[0] - y[1], x[1] - y[0]]);
    case '*':
      return safe([x[0] * y[0], x[0] * y[1], x[1] * y[0], x[1] * y[1]]);
    case '/':
      if (y[0] <= 0 && y[1] >= 0) return top(type);
      return safe([x[0] / y[0], x[0] / y[1], x[1] / y[0], x[1] / y[1]]);
    default:
      return top(type);
  }
}

function compare(op: string, a: Range, b: Range): Range {
  const x = interval(a);
  const y = interval(b);
  if (x && y) {
    switch (op) {
      case '<':
        return { type: 'boolean', canTrue: x[0] < y[1], canFalse: x[1] >= y[0] };
      case '<=':
        return { type: 'boolean', canTrue: x[0] <= y[1], canFalse: x[1] > y[0] };
      case '>':
        return { type: 'boolean', canTrue: x[1] > y[0], canFalse: x[0] <= y[1] };
      case '>=':
        return { type: 'boolean', canTrue: x[1] >= y[0], canFalse: x[0] < y[1] };
      case '=':
        return {
          type: 'boolean',
          canTrue: x[0] <= y[1] && y[0] <= x[1],
          canFalse: !(x[0] === x[1] && y[0] === y[1] && x[0] === y[0]),
        };
      case '!=':
        return {
          type: 'boolean',
          canTrue: !(x[0] === x[1] && y[0] === y[1] && x[0] === y[0]),
          canFalse: x[0] <= y[1] && y[0] <= x[1],
        };
    }
  }
  if (a.type === 'string' && b.type === 'string' && (op === '=' || op === '!=')) {
    const overlap = !a.values || !b.values || [...a.values].some((v) => b.values!.has(v));
    const fixed = a.values?.size === 1 && b.values?.size === 1 && [...a.values][0] === [...b.values][0];
    return op === '='
      ? { type: 'boolean', canTrue: overlap, canFalse: !fixed }
      : { type: 'boolean', canTrue: !fixed, canFalse: overlap };
  }
  if (a.type === 'boolean' && b.type === 'boolean' && (op === '=' || op === '!=')) {
    const sameCan = (a.canTrue && b.canTrue) || (a.canFalse && b.canFalse);
    const diffCan = (a.canTrue && b.canFalse) || (a.canFalse && b.canTrue);
    return op === '='
      ? { type: 'boolean', canTrue: sameCan, canFalse: diffCan }
      : { type: 'boolean', canTrue: diffCan, canFalse: sameCan };
  }
  return BOTH;
}

function call(name: string, args: Range[], type: string): Range {
  const iv = args.map(interval);
  const all = iv.every(Boolean) ? (iv as [number, number][]) : undefined;
  const t = type === 'date' ? 'date' : 'number';
  const mono = (f: (v: number) => number, domainLo = -Infinity): Range =>
    all && all[0][0] >= domainLo ? { type: 'number', lo: f(all[0][0]), hi: f(all[0][1]) } : top('number');
  switch (name) {
    case 'min':
      return all ? { type: t, lo: Math.min(...all.map((v) => v[0])), hi: Math.min(...all.map((v) => v[1])) } : top(t);
    case 'max':
      return all ? { type: t, lo: Math.max(...all.map((v) => v[0])), hi: Math.max(...all.map((v) => v[1])) } : top(t);
    case 'clip':
      // clip(x, lo, hi) = min(hi, max(lo, x)), monotone in every argument.
      return all
        ? {
            type: 'number',
            lo: Math.min(Math.max(all[0][0], all[1][0]), all[2][0]),
            hi: Math.min(Math.max(all[0][1], all[1][1]), all[2][1]),
          }
        : top('number');
    case 'round':
    case 'floor':
    case 'ceil':
      return all ? { type: 'number', lo: Math.floor(all[0][0]) - 1, hi: Math.ceil(all[0][1]) + 1 } : top('number');
    case 'abs':
      return all
        ? {
            type: 'number',
            lo: all[0][0] <= 0 && all[0][1] >= 0 ? 0 : Math.min(Math.abs(all[0][0]), Math.abs(all[0][1])),
            hi: Math.max(Math.abs(all[0][0]), Math.abs(all[0][1])),
          }
        : top('number');
    case 'exp':
      return mono(Math.exp);
    case 'sigmoid':
      return mono((v) => 1 / (1 + Math.exp(-v)));
    case 'sqrt':
      return mono(Math.sqrt, 0);
    case 'log':
      return mono(Math.log, 0);
    case 'log10':
      return mono(Math.log10, 0);
    case 'month':
      return { type: 'number', lo: 1, hi: 12 };
    case 'day':
      return { type: 'number', lo: 1, hi: 31 };
    case 'weekday':
      return { type: 'number', lo: 1, hi: 7 };
    case 'quarter':
      return { type: 'number', lo: 1, hi: 4 };
    case 'dayofyear':
      return { type: 'number', lo: 1, hi: 366 };
    case 'hour':
      return { type: 'number', lo: 0, hi: 23 };
    case 'minute':
      return { type: 'number', lo: 0, hi: 59 };
    case 'year':
      return all && Number.isFinite(all[0][0]) && Number.isFinite(all[0][1])
        ? { type: 'number', lo: new Date(all[0][0]).getUTCFullYear(), hi: new Date(all[0][1]).getUTCFullYear() }
        : top('number');
    case 'if': {
      const [, a, b] = args;
      const c = args[0];
      const branches = c.type === 'boolean' ? [...(c.canTrue ? [a] : []), b] : [a, b];
      return union(branches, type);
    }
    case 'coalesce':
      return union(args, type);
    default:
      return top(type);
  }
}

function union(rs: Range[], type: string): Range {
  const live = rs.filter((r) => r.type !== 'null');
  if (!live.length) return top(type);
  if (live.every((r) => r.type === 'number' || r.type === 'date')) {
    const iv = live.map(interval) as [number, number][];
    return {
      type: live[0].type as 'number' | 'date',
      lo: Math.min(...iv.map((v) => v[0])),
      hi: Math.max(...iv.map((v) => v[1])),
    };
  }
  if (live.every((r) => r.type === 'string')) {
    const out = new Set<string>();
    for (const r of live as { values: Set<string> | null }[]) {
      if (!r.values) return { type: 'string', values: null };
      for (const v of r.values) out.add(v);
    }
    return { type: 'string', values: out };
  }
  if (live.every((r) => r.type === 'boolean')) {
    const bs = live as { canTrue: boolean; canFalse: boolean }[];
    return { type: 'boolean', canTrue: bs.some((b) => b.canTrue), canFalse: bs.some((b) => b.canFalse) };
  }
  return top(type);
}

export { ColumnRanges };
