import { sigmoid } from '../stats/special';
import type { Value, ValueType } from './ast';

/** Argument or result type as the checker sees it: `null` is the type of the literal null. */
export type ExprType = ValueType | 'null';

export interface FunctionSpec {
  /** One line for completion and hover. */
  signature: string;
  doc: string;
  /** Result type for these argument types, or a message saying what is wrong. */
  check(args: ExprType[]): ExprType | { error: string; arg?: number };
  /** Implementation on non-null arguments (nulls give null, unless `nullable`). */
  apply(args: Value[]): Value;
  /** Receives nulls itself (coalesce, is_missing). */
  nullable?: boolean;
}

const DAY_MS = 86_400_000;

const numeric = (
  name: string,
  arity: number,
  f: (...x: number[]) => number | null,
  doc: string,
  signature: string,
): FunctionSpec => ({
  signature,
  doc,
  check: (args) => {
    if (args.length !== arity)
      return { error: `${name}() takes ${arity} argument${arity === 1 ? '' : 's'}, not ${args.length}.` };
    const bad = args.findIndex((t) => t !== 'number' && t !== 'null');
    return bad >= 0 ? { error: `${name}() needs a number, not a ${args[bad]}.`, arg: bad } : 'number';
  },
  apply: (args) => {
    const r = f(...(args as number[]));
    return r === null || !Number.isFinite(r) ? null : r;
  },
});

const datePart = (name: string, f: (d: Date) => number, doc: string): FunctionSpec => ({
  signature: `${name}(date) -> number`,
  doc,
  check: (args) =>
    args.length !== 1
      ? { error: `${name}() takes one date.` }
      : args[0] === 'date' || args[0] === 'null'
        ? 'number'
        : { error: `${name}() needs a date, not a ${args[0]}.`, arg: 0 },
  apply: (args) => f(new Date(args[0] as number)),
});

/** min/max: numbers or dates, all of one type. */
const extreme = (name: 'min' | 'max'): FunctionSpec => ({
  signature: `${name}(a, b, ...) -> number or date`,
  doc: `The ${name === 'min' ? 'smallest' : 'largest'} of its arguments (numbers, or dates).`,
  check: (args) => {
    if (args.length < 2) return { error: `${name}() takes at least two arguments.` };
    return sameType(name, args, ['number', 'date']);
  },
  apply: (args) => (name === 'min' ? Math.min(...(args as number[])) : Math.max(...(args as number[]))),
});

function sameType(name: string, args: ExprType[], allowed: ValueType[]): ExprType | { error: string; arg?: number } {
  let type: ExprType = 'null';
  for (let i = 0; i < args.length; i++) {
    const t = args[i];
    if (t === 'null') continue;
    if (!allowed.includes(t))
      return { error: `${name}() takes ${allowed.join(' or ')} arguments, not a ${t}.`, arg: i };
    if (type !== 'null' && t !== type) return { error: `${name}() mixes a ${type} and a ${t}.`, arg: i };
    type = t;
  }
  return type;
}

/** Round half away from zero to `digits` decimals (so round(2.5) = 3 and round(-2.5) = -3). */
export function roundHalfAway(x: number, digits = 0): number {
  const f = 10 ** digits;
  const r = (Math.sign(x) * Math.round(Math.abs(x) * f)) / f;
  return Object.is(r, -0) ? 0 : r;
}

const TABLE: Record<string, FunctionSpec> = {
  min: extreme('min'),
  max: extreme('max'),
  round: {
    signature: 'round(x, digits = 0) -> number',
    doc: 'x rounded to `digits` decimals, halves away from zero.',
    check: (args) => {
      if (args.length < 1 || args.length > 2)
        return { error: `round() takes one or two arguments, not ${args.length}.` };
      const bad = args.findIndex((t) => t !== 'number' && t !== 'null');
      return bad >= 0 ? { error: `round() needs numbers, not a ${args[bad]}.`, arg: bad } : 'number';
    },
    apply: (args) => roundHalfAway(args[0] as number, args.length > 1 ? Math.trunc(args[1] as number) : 0),
  },
  floor: numeric('floor', 1, Math.floor, 'The largest whole number not above x.', 'floor(x) -> number'),
  ceil: numeric('ceil', 1, Math.ceil, 'The smallest whole number not below x.', 'ceil(x) -> number'),
  abs: numeric('abs', 1, Math.abs, 'The absolute value of x.', 'abs(x) -> number'),
  sqrt: numeric(
    'sqrt',
    1,
    (x) => (x < 0 ? null : Math.sqrt(x)),
    'The square root of x (missing when x < 0).',
    'sqrt(x) -> number',
  ),
  log: numeric(
    'log',
    1,
    (x) => (x <= 0 ? null : Math.log(x)),
    'The natural logarithm of x (missing when x <= 0).',
    'log(x) -> number',
  ),
  log10: numeric(
    'log10',
    1,
    (x) => (x <= 0 ? null : Math.log10(x)),
    'The base-10 logarithm of x (missing when x <= 0).',
    'log10(x) -> number',
  ),
  exp: numeric('exp', 1, Math.exp, 'e to the power x.', 'exp(x) -> number'),
  sigmoid: numeric(
    'sigmoid',
    1,
    sigmoid,
    'The logistic function 1 / (1 + exp(-x)), from a log-odds to a probability.',
    'sigmoid(x) -> number',
  ),
  clip: numeric(
    'clip',
    3,
    (x, lo, hi) => (lo > hi ? null : Math.min(hi, Math.max(lo, x))),
    'x limited to the range [lo, hi].',
    'clip(x, lo, hi) -> number',
  ),
  if: {
    signature: 'if(condition, then, else) -> the type of then/else',
    doc: '`then` when the condition is true, otherwise `else` (also when the condition is missing).',
    check: (args) => {
      if (args.length !== 3)
        return { error: `if() takes three arguments (condition, then, else), not ${args.length}.` };
      if (args[0] !== 'boolean' && args[0] !== 'null')
        return { error: `The condition of if() must be true or false, not a ${args[0]}.`, arg: 0 };
      if (args[1] !== 'null' && args[2] !== 'null' && args[1] !== args[2])
        return { error: `if() gives a ${args[1]} in one branch and a ${args[2]} in the other.`, arg: 2 };
      return args[1] === 'null' ? args[2] : args[1];
    },
    apply: (args) => (args[0] === true ? args[1] : args[2]),
    nullable: true,
  },
  coalesce: {
    signature: 'coalesce(a, b, ...) -> the first value that is not missing',
    doc: 'The first argument that is not missing.',
    check: (args) =>
      args.length < 1
        ? { error: 'coalesce() takes at least one argument.' }
        : sameType('coalesce', args, ['number', 'string', 'boolean', 'date']),
    apply: (args) => args.find((a) => a !== null) ?? null,
    nullable: true,
  },
  is_missing: {
    signature: 'is_missing(x) -> boolean',
    doc: 'True when x is missing.',
    check: (args) => (args.length !== 1 ? { error: 'is_missing() takes one argument.' } : 'boolean'),
    apply: (args) => args[0] === null,
    nullable: true,
  },
  concat: {
    signature: 'concat(a, b, ...) -> string',
    doc: 'The texts joined together (numbers are written as they print).',
    check: (args) => {
      if (args.length < 1) return { error: 'concat() takes at least one argument.' };
      const bad = args.findIndex((t) => t !== 'string' && t !== 'number' && t !== 'null');
      return bad >= 0 ? { error: `concat() joins strings and numbers, not a ${args[bad]}.`, arg: bad } : 'string';
    },
    apply: (args) => args.map(String).join(''),
  },
  length: {
    signature: 'length(text) -> number',
    doc: 'The number of characters in a string.',
    check: (args) =>
      args.length !== 1
        ? { error: 'length() takes one string.' }
        : args[0] === 'string' || args[0] === 'null'
          ? 'number'
          : { error: `length() needs a string, not a ${args[0]}.`, arg: 0 },
    apply: (args) => (args[0] as string).length,
  },
  date: {
    signature: 'date("2024-01-31") or date(year, month, day) -> date',
    doc: 'A date from text written YYYY-MM-DD (optionally with HH:mm:ss), or from year, month and day.',
    check: (args) => {
      if (args.length === 1)
        return args[0] === 'string' || args[0] === 'null'
          ? 'date'
          : { error: `date() reads a string like "2024-01-31", not a ${args[0]}.`, arg: 0 };
      if (args.length === 3) {
        const bad = args.findIndex((t) => t !== 'number' && t !== 'null');
        return bad >= 0 ? { error: `date(year, month, day) needs numbers, not a ${args[bad]}.`, arg: bad } : 'date';
      }
      return { error: 'date() takes a string, or year, month and day.' };
    },
    apply: (args) =>
      args.length === 1
        ? parseDateLiteral(args[0] as string)
        : Date.UTC(args[0] as number, (args[1] as number) - 1, args[2] as number),
  },
  year: datePart('year', (d) => d.getUTCFullYear(), 'The year of a date, e.g. 2024.'),
  quarter: datePart('quarter', (d) => Math.floor(d.getUTCMonth() / 3) + 1, 'The quarter of a date, 1 to 4.'),
  month: datePart('month', (d) => d.getUTCMonth() + 1, 'The month of a date, 1 (January) to 12.'),
  day: datePart('day', (d) => d.getUTCDate(), 'The day of the month, 1 to 31.'),
  weekday: datePart(
    'weekday',
    (d) => ((d.getUTCDay() + 6) % 7) + 1,
    'The day of the week, 1 (Monday) to 7 (Sunday), as ISO 8601 numbers them.',
  ),
  dayofyear: datePart(
    'dayofyear',
    (d) => Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS) + 1,
    'The day of the year, 1 to 366.',
  ),
  hour: datePart('hour', (d) => d.getUTCHours(), 'The hour of a datetime, 0 to 23.'),
  minute: datePart('minute', (d) => d.getUTCMinutes(), 'The minute of a datetime, 0 to 59.'),
};

/**
 * The functions by lower-case name. A name is user text: the table has no prototype, so
 * `constructor(x)` or `__proto__(1)` is an unknown function, not a property of Object.
 */
export const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, FunctionSpec>, TABLE),
);

/** The function called `name` (any case), or undefined. */
export function functionNamed(name: string): FunctionSpec | undefined {
  const key = name.toLowerCase();
  return Object.hasOwn(FUNCTIONS, key) ? FUNCTIONS[key] : undefined;
}

/**
 * A date written in an expression: `YYYY-MM-DD`, optionally followed by `THH:mm` or ` HH:mm:ss`
 * (read as UTC wall-clock time, like every date in the tables), or a time of day alone (`20:00`,
 * `7:30:15`), read as that time on 1970-01-01 as time-of-day columns are. Null when it is not one.
 */
export function parseDateLiteral(text: string): number | null {
  const time = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (time) {
    const [h, mi, s] = time.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
    return h > 23 || mi > 59 || s > 59 ? null : Date.UTC(1970, 0, 1, h, mi, s);
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?Z?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s, ms] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const back = new Date(t);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return t;
}

export { DAY_MS };
