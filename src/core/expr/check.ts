import type { BinaryOperator, Expr, ExprError, Span, Value, ValueType } from './ast';
import { FUNCTIONS, functionNamed, parseDateLiteral, type ExprType } from './functions';
import { parseExpr } from './parser';
import { closest } from '../util/text';

/** What the checker knows about the columns an expression may read. */
export interface ExprEnv {
  /** Type of a column, undefined when there is no such column. */
  typeOf(name: string): ValueType | undefined;
  /** Index of a column in the row arrays the evaluator will read. */
  indexOf(name: string): number;
  /** All column names (for "did you mean" suggestions). */
  names(): readonly string[];
}

/** A checked expression: every node has its type, names are resolved, literals are coerced. */
export type Typed = { type: ExprType; span: Span } & (
  | { op: 'const'; value: Value }
  | { op: 'column'; index: number; name: string }
  | { op: 'neg'; a: Typed }
  | { op: 'not'; a: Typed }
  | {
      op: 'arith';
      operator: '+' | '-' | '*' | '/' | '%' | '^';
      a: Typed;
      b: Typed;
      dates: 'none' | 'date-date' | 'date-days' | 'days-date';
    }
  | { op: 'compare'; operator: '=' | '!=' | '<' | '<=' | '>' | '>='; a: Typed; b: Typed }
  | { op: 'logic'; operator: 'and' | 'or'; a: Typed; b: Typed }
  | { op: 'in'; negated: boolean; a: Typed; list: Typed[] }
  | { op: 'call'; name: string; args: Typed[] }
);

export interface CheckResult {
  typed?: Typed;
  /** Problems, each at the characters they concern; empty when the expression is sound. */
  errors: ExprError[];
  /** Columns read (each once, in order of first mention). */
  columns: string[];
}

const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0']);

/** Reads a spelling of true or false (true/false, t/f, yes/no, y/n, 1/0, any case); undefined otherwise. */
export function booleanWord(text: string): boolean | undefined {
  const w = text.trim().toLowerCase();
  return TRUE_WORDS.has(w) ? true : FALSE_WORDS.has(w) ? false : undefined;
}

/**
 * Parse and type-check `text`. `expected` is what the context needs (a constraint needs a
 * boolean, a derived number column a number); a mismatch is an error on the whole expression.
 */
export function checkText(text: string, env: ExprEnv, expected?: ValueType | readonly ValueType[]): CheckResult {
  const parsed = parseExpr(text);
  if (!parsed.expr) return { errors: [parsed.error!], columns: [] };
  return checkExpr(parsed.expr, env, expected);
}

export function checkExpr(expr: Expr, env: ExprEnv, expected?: ValueType | readonly ValueType[]): CheckResult {
  const errors: ExprError[] = [];
  const columns: string[] = [];
  const typed = new Checker(env, errors, columns).check(expr);
  if (errors.length === 0 && expected !== undefined) {
    const allowed = typeof expected === 'string' ? [expected] : expected;
    if (typed.type !== 'null' && !allowed.includes(typed.type)) {
      errors.push({
        start: expr.start,
        end: expr.end,
        code: 'type',
        message: `This expression gives a ${typed.type}, but a ${allowed.join(' or ')} is needed here.`,
        ...(allowed.includes('boolean') ? { hint: 'Write a condition, e.g. x >= 0.' } : {}),
      });
    }
  }
  return errors.length ? { errors, columns } : { typed, errors, columns };
}

class Checker {
  constructor(
    private readonly env: ExprEnv,
    private readonly errors: ExprError[],
    private readonly columns: string[],
  ) {}

  private fail(span: Span, message: string, hint?: string, extra: Partial<ExprError> = {}): void {
    this.errors.push({ start: span.start, end: span.end, message, code: 'type', ...(hint ? { hint } : {}), ...extra });
  }

  check(e: Expr): Typed {
    const span = { start: e.start, end: e.end };
    switch (e.kind) {
      case 'number':
        return { op: 'const', value: e.value, type: 'number', span };
      case 'string':
        return { op: 'const', value: e.value, type: 'string', span };
      case 'boolean':
        return { op: 'const', value: e.value, type: 'boolean', span };
      case 'null':
        return { op: 'const', value: null, type: 'null', span };
      case 'column': {
        const type = this.env.typeOf(e.name);
        if (!this.columns.includes(e.name)) this.columns.push(e.name);
        if (type === undefined) {
          const close = closest(e.name, this.env.names());
          const fn = functionNamed(e.name) ? ` ${e.name} is a function: call it as ${e.name}(...).` : '';
          this.fail(
            span,
            `Unknown column "${e.name}".${close ? ` Did you mean "${close}"?` : ''}${fn}`,
            close
              ? undefined
              : 'Add the column to "columns", or fix the name (names with spaces go in backticks: `my column`).',
            { code: 'unknown-column', name: e.name, ...(close ? { suggestion: close } : {}) },
          );
          return { op: 'const', value: null, type: 'null', span };
        }
        return { op: 'column', index: this.env.indexOf(e.name), name: e.name, type, span };
      }
      case 'unary': {
        const a = this.check(e.operand);
        if (e.op === '-') {
          if (a.type !== 'number' && a.type !== 'null')
            this.fail(span, `Only numbers can be negated, not a ${a.type}.`);
          if (a.op === 'const' && typeof a.value === 'number')
            return { op: 'const', value: -a.value, type: 'number', span };
          return { op: 'neg', a, type: 'number', span };
        }
        if (a.type !== 'boolean' && a.type !== 'null')
          this.fail(span, `"not" needs a condition (true or false), not a ${a.type}.`);
        return { op: 'not', a, type: 'boolean', span };
      }
      case 'binary':
        return this.binary(e.op, this.check(e.left), this.check(e.right), span, e.opSpan);
      case 'in': {
        const a = this.check(e.value);
        const list = e.list.map((x) => this.check(x));
        const listType = list.find((x) => x.type !== 'null')?.type;
        const target = a.type !== 'null' ? a.type : listType;
        const coerced = list.map((x) => (target ? this.coerce(x, target) : x));
        for (const x of coerced)
          if (target && x.type !== 'null' && x.type !== target)
            this.fail(x.span, `The list after "in" mixes a ${target} and a ${x.type}.`);
        return { op: 'in', negated: e.negated, a, list: coerced, type: 'boolean', span };
      }
      case 'call': {
        const spec = functionNamed(e.name);
        const args = e.args.map((x) => this.check(x));
        if (!spec) {
          const close = closest(e.name.toLowerCase(), Object.keys(FUNCTIONS));
          this.fail(
            e.nameSpan,
            `Unknown function "${e.name}".${close ? ` Did you mean "${close}"?` : ''}`,
            `Available: ${Object.keys(FUNCTIONS).join(', ')}.`,
            { code: 'unknown-function', name: e.name, ...(close ? { suggestion: close } : {}) },
          );
          return { op: 'const', value: null, type: 'null', span };
        }
        const name = e.name.toLowerCase();
        // date("2024-01-31"): a literal that is not a date is a mistake we can show now.
        if (
          name === 'date' &&
          args.length === 1 &&
          args[0].op === 'const' &&
          typeof args[0].value === 'string' &&
          parseDateLiteral(args[0].value) === null
        ) {
          this.fail(
            args[0].span,
            `"${args[0].value}" is not a date written YYYY-MM-DD (optionally with HH:mm:ss), nor a time of day HH:mm.`,
          );
        }
        const result = spec.check(args.map((a) => a.type));
        if (typeof result === 'object') {
          this.fail(result.arg !== undefined ? args[result.arg].span : span, result.error);
          return { op: 'call', name, args, type: 'null', span };
        }
        return { op: 'call', name, args, type: result, span };
      }
    }
  }

  /** A string literal compared with a date (or a boolean) is read as one. */
  private coerce(x: Typed, target: ExprType): Typed {
    if (x.op !== 'const' || typeof x.value !== 'string') return x;
    if (target === 'date') {
      const t = parseDateLiteral(x.value);
      if (t === null) {
        this.fail(
          x.span,
          `"${x.value}" is not a date written YYYY-MM-DD (optionally with HH:mm:ss), nor a time of day HH:mm.`,
        );
        return { ...x, type: 'null', value: null };
      }
      return { ...x, type: 'date', value: t };
    }
    if (target === 'boolean') {
      const b = booleanWord(x.value);
      if (b === undefined) return x;
      return { ...x, type: 'boolean', value: b };
    }
    return x;
  }

  private binary(op: BinaryOperator, a: Typed, b: Typed, span: Span, opSpan: Span): Typed {
    if (op === 'and' || op === 'or') {
      for (const x of [a, b])
        if (x.type !== 'boolean' && x.type !== 'null')
          this.fail(
            x.span,
            `"${op}" joins conditions (true or false); this is a ${x.type}.`,
            x.type === 'string' ? 'Compare it, e.g. contract = "two-year".' : undefined,
          );
      return { op: 'logic', operator: op, a, b, type: 'boolean', span };
    }
    if (op === '=' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=') {
      a = this.coerce(a, b.type);
      b = this.coerce(b, a.type);
      if (a.type !== 'null' && b.type !== 'null' && a.type !== b.type) {
        this.fail(
          opSpan,
          `Cannot compare a ${a.type} with a ${b.type}.`,
          a.type === 'boolean' || b.type === 'boolean'
            ? 'A boolean column is a condition itself: write churn, or not churn.'
            : undefined,
        );
      } else if (op !== '=' && op !== '!=' && (a.type === 'boolean' || b.type === 'boolean')) {
        this.fail(
          opSpan,
          `"${op}" orders numbers, dates and strings; true/false values can only be tested with = or !=.`,
        );
      }
      return { op: 'compare', operator: op, a, b, type: 'boolean', span };
    }
    // Arithmetic; dates: date - date is days between, date ± number adds days.
    const t1 = a.type;
    const t2 = b.type;
    if ((t1 === 'number' || t1 === 'null') && (t2 === 'number' || t2 === 'null')) {
      if (
        a.op === 'const' &&
        b.op === 'const' &&
        typeof a.value === 'number' &&
        typeof b.value === 'number' &&
        op !== '/' &&
        op !== '%'
      ) {
        const v =
          op === '+'
            ? a.value + b.value
            : op === '-'
              ? a.value - b.value
              : op === '*'
                ? a.value * b.value
                : a.value ** b.value;
        if (Number.isFinite(v)) return { op: 'const', value: v, type: 'number', span };
      }
      return { op: 'arith', operator: op, a, b, dates: 'none', type: 'number', span };
    }
    if (op === '-' && t1 === 'date' && t2 === 'date')
      return { op: 'arith', operator: op, a, b, dates: 'date-date', type: 'number', span };
    if ((op === '+' || op === '-') && t1 === 'date' && (t2 === 'number' || t2 === 'null'))
      return { op: 'arith', operator: op, a, b, dates: 'date-days', type: 'date', span };
    if (op === '+' && (t1 === 'number' || t1 === 'null') && t2 === 'date')
      return { op: 'arith', operator: op, a, b, dates: 'days-date', type: 'date', span };
    const hint =
      t1 === 'string' || t2 === 'string'
        ? 'To join text, use concat(a, b).'
        : t1 === 'date' || t2 === 'date'
          ? 'Dates can be subtracted (giving days) or moved by a number of days.'
          : undefined;
    this.fail(opSpan, `"${op}" cannot combine a ${t1} and a ${t2}.`, hint);
    return { op: 'arith', operator: op, a, b, dates: 'none', type: 'null', span };
  }
}

/** A checking environment over named, typed columns (index = position in `columns`). */
export function envOf(columns: readonly { name: string; type: ValueType }[]): ExprEnv {
  const index = new Map<string, number>();
  columns.forEach((c, i) => {
    if (!index.has(c.name)) index.set(c.name, i);
  });
  const names = columns.map((c) => c.name);
  return {
    typeOf: (n) => {
      const i = index.get(n);
      return i === undefined ? undefined : columns[i].type;
    },
    indexOf: (n) => index.get(n) ?? -1,
    names: () => names,
  };
}
