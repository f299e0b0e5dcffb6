import type { Value } from './ast';
import type { Typed } from './check';
import { DAY_MS, functionNamed } from './functions';

/** Reads the value of column `index` in the current row. */
export type Row = ArrayLike<Value>;
export type Evaluator = (row: Row) => Value;

/**
 * Turn a checked expression into a function of a row. Missing values (null) follow SQL: they
 * propagate through arithmetic, comparisons and functions; `and`/`or` use three-valued logic
 * (false and missing = false, true or missing = true); `if` takes its else branch on a missing
 * condition. Division or remainder by zero, log of a non-positive number and overflow give
 * missing rather than Infinity or NaN.
 */
export function compileTyped(t: Typed): Evaluator {
  switch (t.op) {
    case 'const': {
      const v = t.value;
      return () => v;
    }
    case 'column': {
      const i = t.index;
      return (row) => row[i] ?? null;
    }
    case 'neg': {
      const a = compileTyped(t.a);
      return (row) => {
        const x = a(row);
        return x === null ? null : -(x as number);
      };
    }
    case 'not': {
      const a = compileTyped(t.a);
      return (row) => {
        const x = a(row);
        return x === null ? null : !x;
      };
    }
    case 'arith':
      return arith(t.operator, t.dates, compileTyped(t.a), compileTyped(t.b));
    case 'compare': {
      const a = compileTyped(t.a);
      const b = compileTyped(t.b);
      const cmp = COMPARE[t.operator];
      return (row) => {
        const x = a(row);
        if (x === null) return null;
        const y = b(row);
        return y === null ? null : cmp(x, y);
      };
    }
    case 'logic': {
      const a = compileTyped(t.a);
      const b = compileTyped(t.b);
      if (t.operator === 'and') {
        return (row) => {
          const x = a(row);
          if (x === false) return false;
          const y = b(row);
          if (y === false) return false;
          return x === null || y === null ? null : true;
        };
      }
      return (row) => {
        const x = a(row);
        if (x === true) return true;
        const y = b(row);
        if (y === true) return true;
        return x === null || y === null ? null : false;
      };
    }
    case 'in': {
      const a = compileTyped(t.a);
      const list = t.list.map(compileTyped);
      const constants = t.list.every((x) => x.op === 'const')
        ? new Set(t.list.map((x) => (x as { value: Value }).value))
        : undefined;
      const negated = t.negated;
      if (constants && !constants.has(null))
        return (row) => {
          const x = a(row);
          return x === null ? null : constants.has(x) !== negated;
        };
      return (row) => {
        const x = a(row);
        if (x === null) return null;
        let unknown = false;
        for (const f of list) {
          const y = f(row);
          if (y === null) unknown = true;
          else if (y === x) return !negated;
        }
        return unknown ? null : negated;
      };
    }
    case 'call':
      return call(t.name, t.args.map(compileTyped));
  }
}

const COMPARE: Record<string, (x: Value, y: Value) => boolean> = {
  '=': (x, y) => x === y,
  '!=': (x, y) => x !== y,
  '<': (x, y) => (x as number) < (y as number),
  '<=': (x, y) => (x as number) <= (y as number),
  '>': (x, y) => (x as number) > (y as number),
  '>=': (x, y) => (x as number) >= (y as number),
};

function arith(op: string, dates: string, a: Evaluator, b: Evaluator): Evaluator {
  const f = ((): ((x: number, y: number) => number) => {
    if (dates === 'date-date') return (x, y) => (x - y) / DAY_MS;
    if (dates === 'date-days') return op === '+' ? (x, y) => x + y * DAY_MS : (x, y) => x - y * DAY_MS;
    if (dates === 'days-date') return (x, y) => x * DAY_MS + y;
    switch (op) {
      case '+':
        return (x, y) => x + y;
      case '-':
        return (x, y) => x - y;
      case '*':
        return (x, y) => x * y;
      case '/':
        return (x, y) => x / y;
      case '%':
        return (x, y) => x % y;
      default:
        return (x, y) => x ** y;
    }
  })();
  return (row) => {
    const x = a(row);
    if (x === null) return null;
    const y = b(row);
    if (y === null) return null;
    const r = f(x as number, y as number);
    return Number.isFinite(r) ? r : null;
  };
}

function call(name: string, args: Evaluator[]): Evaluator {
  if (name === 'if') {
    const [c, yes, no] = args;
    return (row) => (c(row) === true ? yes(row) : no(row));
  }
  if (name === 'coalesce') {
    return (row) => {
      for (const f of args) {
        const v = f(row);
        if (v !== null) return v;
      }
      return null;
    };
  }
  const spec = functionNamed(name);
  // The checker accepts only known functions; an unknown one here is a bug of ours.
  if (!spec) throw new Error(`unknown function ${name}`);
  const values: Value[] = new Array(args.length);
  if (spec.nullable)
    return (row) => {
      for (let i = 0; i < args.length; i++) values[i] = args[i](row);
      return spec.apply(values);
    };
  return (row) => {
    for (let i = 0; i < args.length; i++) {
      const v = args[i](row);
      if (v === null) return null;
      values[i] = v;
    }
    const r = spec.apply(values);
    return typeof r === 'number' && !Number.isFinite(r) ? null : r;
  };
}
