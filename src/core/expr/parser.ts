import type { BinaryOperator, Expr, ExprError } from './ast';
import { err, ExprSyntaxError, tokenize, type Token } from './lexer';

export interface ParseResult {
  expr?: Expr;
  error?: ExprError;
}

/**
 * Parse an expression. Precedence, loosest first: `or` (`||`), `and` (`&&`), `not` (`!`),
 * comparisons (`=` `==` `!=` `<>` `<` `<=` `>` `>=`, and `in (...)`, `not in (...)`; not
 * chained), `+` `-`, `*` `/` `%`, unary minus, `^` (right-associative, so `-2^2` is -4), then
 * calls `f(a, b)`, names, literals and parentheses. Keywords are case-insensitive.
 */
export function parseExpr(text: string): ParseResult {
  try {
    const tokens = tokenize(text);
    if (tokens.length === 1)
      throw err(
        0,
        Math.max(1, text.length),
        'The expression is empty.',
        'Write a formula such as price * quantity, or a condition such as age >= 18.',
      );
    const p = new Parser(tokens);
    const expr = p.expression();
    const t = p.peek();
    if (t.kind !== 'end') {
      const hint =
        t.kind === 'identifier' || t.kind === 'number' || t.kind === 'string' || t.kind === 'quoted'
          ? 'Is an operator missing before it?'
          : t.text === ')'
            ? 'Remove it, or add the matching "(".'
            : undefined;
      throw err(t.start, t.end, `Unexpected ${describe(t)} after a complete expression.`, hint);
    }
    return { expr };
  } catch (e) {
    if (e instanceof ExprSyntaxError) return { error: e.error };
    throw e;
  }
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    return this.tokens[this.i++];
  }

  private isWord(t: Token, word: string): boolean {
    return t.kind === 'identifier' && t.text.toLowerCase() === word;
  }

  private isOp(t: Token, ...ops: string[]): boolean {
    return t.kind === 'operator' && ops.includes(t.text);
  }

  expression(): Expr {
    return this.or();
  }

  private or(): Expr {
    let left = this.and();
    for (;;) {
      const t = this.peek();
      if (!(this.isWord(t, 'or') || this.isOp(t, '||'))) return left;
      this.next();
      const right = this.operand(() => this.and(), t);
      left = binary('or', left, right, t);
    }
  }

  private and(): Expr {
    let left = this.not();
    for (;;) {
      const t = this.peek();
      if (!(this.isWord(t, 'and') || this.isOp(t, '&&'))) return left;
      this.next();
      const right = this.operand(() => this.not(), t);
      left = binary('and', left, right, t);
    }
  }

  private not(): Expr {
    const t = this.peek();
    if (this.isWord(t, 'not') || this.isOp(t, '!')) {
      this.next();
      const operand = this.operand(() => this.not(), t);
      return { kind: 'unary', op: 'not', operand, start: t.start, end: operand.end };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.additive();
    const t = this.peek();
    const negatedIn = this.isWord(t, 'not') && this.isWord(this.tokens[this.i + 1], 'in');
    if (this.isWord(t, 'in') || negatedIn) {
      this.next();
      if (negatedIn) this.next();
      const open = this.next();
      if (open.text !== '(' || open.kind !== 'punct')
        throw err(
          open.start,
          open.end,
          `"in" is followed by a list in parentheses, not ${describe(open)}.`,
          'Write, for example, contract in ("one-year", "two-year").',
        );
      const list: Expr[] = [];
      for (;;) {
        list.push(this.operand(() => this.additive(), open));
        const sep = this.next();
        if (sep.text === ')' && sep.kind === 'punct') {
          const e: Expr = { kind: 'in', negated: negatedIn, value: left, list, start: left.start, end: sep.end };
          this.noChain(e);
          return e;
        }
        if (sep.text !== ',' || sep.kind !== 'punct')
          throw err(sep.start, sep.end, `Expected "," or ")" in the list after "in", found ${describe(sep)}.`);
      }
    }
    if (t.kind !== 'operator' || !['=', '==', '!=', '<>', '<', '<=', '>', '>='].includes(t.text)) return left;
    this.next();
    const op = (t.text === '==' ? '=' : t.text === '<>' ? '!=' : t.text) as BinaryOperator;
    const right = this.operand(() => this.additive(), t);
    const e = binary(op, left, right, t);
    this.noChain(e);
    return e;
  }

  private noChain(e: Expr): void {
    const t = this.peek();
    if (t.kind === 'operator' && ['=', '==', '!=', '<>', '<', '<=', '>', '>='].includes(t.text)) {
      throw err(
        t.start,
        t.end,
        `Comparisons cannot be chained ("${t.text}" after a comparison).`,
        'Join them with "and", e.g. 0 <= x and x <= 100.',
      );
    }
    if (this.isWord(t, 'in'))
      throw err(t.start, t.end, '"in" cannot follow a comparison.', 'Join the two conditions with "and".');
    void e;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    for (;;) {
      const t = this.peek();
      if (!this.isOp(t, '+', '-')) return left;
      this.next();
      const right = this.operand(() => this.multiplicative(), t);
      left = binary(t.text as BinaryOperator, left, right, t);
    }
  }

  private multiplicative(): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (!this.isOp(t, '*', '/', '%')) return left;
      this.next();
      const right = this.operand(() => this.unary(), t);
      left = binary(t.text as BinaryOperator, left, right, t);
    }
  }

  private unary(): Expr {
    const t = this.peek();
    if (this.isOp(t, '-')) {
      this.next();
      const operand = this.operand(() => this.unary(), t);
      return { kind: 'unary', op: '-', operand, start: t.start, end: operand.end };
    }
    if (this.isOp(t, '+')) {
      this.next();
      return this.operand(() => this.unary(), t);
    }
    return this.power();
  }

  private power(): Expr {
    const base = this.primary();
    const t = this.peek();
    if (!this.isOp(t, '^')) return base;
    this.next();
    const exponent = this.operand(() => this.unary(), t);
    return binary('^', base, exponent, t);
  }

  /** Parse what must follow `after`; a missing operand is reported right after it. */
  private operand(parse: () => Expr, after: Token): Expr {
    const t = this.peek();
    if (
      t.kind === 'end' ||
      (t.kind === 'punct' && t.text !== '(') ||
      (t.kind === 'operator' && !['-', '+', '!'].includes(t.text)) ||
      this.isWord(t, 'and') ||
      this.isWord(t, 'or')
    ) {
      const what = after.kind === 'punct' ? `"${after.text}"` : `"${after.text}"`;
      throw err(
        t.kind === 'end' ? after.end : t.start,
        t.kind === 'end' ? after.end + 1 : t.end,
        `Expected a value after ${what}, found ${describe(t)}.`,
      );
    }
    return parse();
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return { kind: 'number', value: t.value!, start: t.start, end: t.end };
      case 'string':
        return { kind: 'string', value: t.text, start: t.start, end: t.end };
      case 'quoted':
        return { kind: 'column', name: t.text, start: t.start, end: t.end };
      case 'identifier': {
        const word = t.text.toLowerCase();
        if (word === 'true' || word === 'false')
          return { kind: 'boolean', value: word === 'true', start: t.start, end: t.end };
        if (word === 'null') return { kind: 'null', start: t.start, end: t.end };
        if (word === 'and' || word === 'or' || word === 'in')
          throw err(t.start, t.end, `Expected a value, found "${t.text}".`);
        const open = this.peek();
        if (open.kind === 'punct' && open.text === '(') {
          this.next();
          const args: Expr[] = [];
          if (this.peek().text === ')' && this.peek().kind === 'punct') {
            const close = this.next();
            return {
              kind: 'call',
              name: t.text,
              nameSpan: { start: t.start, end: t.end },
              args,
              start: t.start,
              end: close.end,
            };
          }
          for (;;) {
            args.push(this.operand(() => this.expression(), args.length ? this.tokens[this.i - 1] : open));
            const sep = this.next();
            if (sep.kind === 'punct' && sep.text === ')')
              return {
                kind: 'call',
                name: t.text,
                nameSpan: { start: t.start, end: t.end },
                args,
                start: t.start,
                end: sep.end,
              };
            if (sep.kind === 'end')
              throw err(open.start, open.end, `The "(" of ${t.text}( is never closed.`, 'Add the closing ")".');
            if (sep.kind !== 'punct' || sep.text !== ',')
              throw err(
                sep.start,
                sep.end,
                `Expected "," or ")" in the arguments of ${t.text}(...), found ${describe(sep)}.`,
              );
          }
        }
        return { kind: 'column', name: t.text, start: t.start, end: t.end };
      }
      case 'punct':
        if (t.text === '(') {
          const inner = this.operand(() => this.expression(), t);
          const close = this.next();
          if (close.kind !== 'punct' || close.text !== ')') {
            if (close.kind === 'end') throw err(t.start, t.end, 'This "(" is never closed.', 'Add the closing ")".');
            throw err(
              close.start,
              close.end,
              `Expected ")" to close the "(" at character ${t.start + 1}, found ${describe(close)}.`,
            );
          }
          // Spans keep pointing at the inner expression: a squiggle under a name excludes its parentheses.
          return inner;
        }
        throw err(t.start, t.end, `Expected a value, found "${t.text}".`);
      case 'operator':
        throw err(t.start, t.end, `Expected a value, found "${t.text}".`);
      case 'end':
        throw err(t.start, t.end + 1, 'The expression ends too early.');
    }
  }
}

function binary(op: BinaryOperator, left: Expr, right: Expr, t: Token): Expr {
  return { kind: 'binary', op, left, right, opSpan: { start: t.start, end: t.end }, start: left.start, end: right.end };
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'end':
      return 'the end of the expression';
    case 'string':
      return `the string "${t.text}"`;
    case 'number':
      return `the number ${t.text}`;
    case 'quoted':
      return `the name \`${t.text}\``;
    default:
      return `"${t.text}"`;
  }
}
