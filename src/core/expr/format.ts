import type { Expr } from './ast';
import { isPlainName } from './lexer';

export interface FormatOptions {
  /** Write strings without quotes (for reading, not for parsing back): contract = month-to-month. */
  bareStrings?: boolean;
}

const PRECEDENCE: Record<string, number> = {
  or: 1,
  and: 2,
  '=': 4,
  '!=': 4,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
  '^': 8,
};

/**
 * Write an expression back as text with as few parentheses as its meaning needs. Parsing the
 * result gives the same tree (the round trip is a property test).
 */
export function formatExpr(e: Expr, options: FormatOptions = {}): string {
  return fmt(e, options);
}

function precedence(e: Expr): number {
  switch (e.kind) {
    case 'binary':
      return PRECEDENCE[e.op];
    case 'unary':
      return e.op === 'not' ? 3 : 7;
    case 'in':
      return 4;
    default:
      return 9;
  }
}

function fmt(e: Expr, o: FormatOptions): string {
  switch (e.kind) {
    case 'number':
      return formatNumber(e.value);
    case 'string':
      return o.bareStrings ? e.value : `'${e.value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    case 'boolean':
      return e.value ? 'true' : 'false';
    case 'null':
      return 'null';
    case 'column':
      return formatName(e.name);
    case 'unary': {
      const inner = wrap(
        e.operand,
        precedence(e.operand) < precedence(e) || (e.op === '-' && e.operand.kind === 'unary' && e.operand.op === '-'),
        o,
      );
      return e.op === 'not' ? `not ${inner}` : `-${inner}`;
    }
    case 'binary': {
      const p = PRECEDENCE[e.op];
      const rightAssoc = e.op === '^';
      const comparison = p === 4;
      // ^ binds tighter than unary minus on its left: (-2)^2 keeps its parentheses.
      const left = wrap(
        e.left,
        precedence(e.left) < p ||
          (rightAssoc && precedence(e.left) <= p) ||
          (e.op === '^' && e.left.kind === 'unary') ||
          (comparison && precedence(e.left) === p),
        o,
      );
      const right = wrap(
        e.right,
        precedence(e.right) < p ||
          (!rightAssoc && precedence(e.right) === p) ||
          (comparison && precedence(e.right) === p),
        o,
      );
      return `${left} ${e.op} ${right}`;
    }
    case 'in': {
      const value = wrap(e.value, precedence(e.value) <= 4, o);
      return `${value} ${e.negated ? 'not in' : 'in'} (${e.list.map((x) => fmt(x, o)).join(', ')})`;
    }
    case 'call':
      return `${e.name}(${e.args.map((x) => fmt(x, o)).join(', ')})`;
  }
}

function wrap(e: Expr, parens: boolean, o: FormatOptions): string {
  const s = fmt(e, o);
  return parens ? `(${s})` : s;
}

/** A column name as an expression writes it: plain, or in backticks when it needs them. */
export function formatName(name: string): string {
  return isPlainName(name) ? name : `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

export function formatNumber(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return String(x);
  return String(x);
}
