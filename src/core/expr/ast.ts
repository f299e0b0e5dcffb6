/**
 * The blueprint expression language: syntax tree and value types. Expressions are data: they are
 * parsed, type-checked and evaluated by this module, never by `eval` or `Function`.
 */

/** Types of values. Dates are milliseconds since the epoch (wall-clock time read as UTC). */
export type ValueType = 'number' | 'string' | 'boolean' | 'date';

/** A value at run time; `null` is a missing value. */
export type Value = number | string | boolean | null;

/** Character range in the expression text: `start` inclusive, `end` exclusive (0-based). */
export interface Span {
  start: number;
  end: number;
}

export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '^' | '=' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

export type Expr =
  | (Span & { kind: 'number'; value: number })
  | (Span & { kind: 'string'; value: string })
  | (Span & { kind: 'boolean'; value: boolean })
  | (Span & { kind: 'null' })
  | (Span & { kind: 'column'; name: string })
  | (Span & { kind: 'unary'; op: '-' | 'not'; operand: Expr })
  | (Span & { kind: 'binary'; op: BinaryOperator; left: Expr; right: Expr; opSpan: Span })
  | (Span & { kind: 'in'; negated: boolean; value: Expr; list: Expr[] })
  | (Span & { kind: 'call'; name: string; nameSpan: Span; args: Expr[] });

/** A problem in an expression, placed at the characters it concerns. */
export interface ExprError extends Span {
  message: string;
  hint?: string;
  /** `syntax`, `unknown-column` (with `name`), `unknown-function` or `type`. */
  code?: 'syntax' | 'unknown-column' | 'unknown-function' | 'type';
  /** The unknown name, for `unknown-column` (quick fixes add it or correct it). */
  name?: string;
  /** A close existing name, when there is one. */
  suggestion?: string;
}

/** Every column an expression reads, with the span of each mention. */
export function columnReferences(expr: Expr, out: { name: string; span: Span }[] = []): { name: string; span: Span }[] {
  switch (expr.kind) {
    case 'column':
      out.push({ name: expr.name, span: { start: expr.start, end: expr.end } });
      break;
    case 'unary':
      columnReferences(expr.operand, out);
      break;
    case 'binary':
      columnReferences(expr.left, out);
      columnReferences(expr.right, out);
      break;
    case 'in':
      columnReferences(expr.value, out);
      for (const e of expr.list) columnReferences(e, out);
      break;
    case 'call':
      for (const e of expr.args) columnReferences(e, out);
      break;
    default:
      break;
  }
  return out;
}
