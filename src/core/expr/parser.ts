import type { BinaryOperator, Expr, ExprError } from './ast';
import { err, ExprSyntaxError, tokenize, type Token } from './lexer';
import { MAX_EXPR_DEPTH, MAX_EXPR_NESTING } from '../limits';

export interface ParseResult {
  expr?: Expr;
  error?: ExprError;
}

/**
 * Parse an expression. Precedence, loosest first: `or` (`||`), `and` (`&&`), `not` (`!`),
 * comparisons (`=` `==` `!=` `<>` `<` `<=` `>` `>=`, and `in (...)`, `not in (...)`; not
 * chained), `+` `-`, `*` `/` `%`, unary minus, `^` (right-associative, so `-2^2` is -4), then
 * calls `f(a, b)`, names, literals and parentheses. Keywords are case-insensitive.
 *
 * Limits, so that no input runs the parser or a later walk of the tree out of stack: parentheses,
 * calls and prefix operators nest at most MAX_EXPR_NESTING deep, and the tree is at most
 * MAX_EXPR_DEPTH deep (a flat sum of N terms is N deep). Past them: a syntax error at the spot.
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
  private nesting = 0;
  private readonly depths = new WeakMap<Expr, number>();
  constructor(private readonly tokens: Token[]) {}

  /** Parse inside parentheses, a call or a prefix operator at `t`, counting the nesting. */
  private nest<T>(t: Token, parse: () => T): T {
    if (++this.nesting > MAX_EXPR_NESTING)
      throw err(
        t.start,
        t.end,
        `Parentheses, calls and signs are nested more than ${MAX_EXPR_NESTING} deep here; at most ${MAX_EXPR_NESTING} levels are allowed.`,
        'Split the formula into derived columns.',
      );
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }

  /** Record the depth of a new node (one more than its deepest child); refuse one too deep. */
  private track(e: Expr, children: Expr[], at: Token): Expr {
    let depth = 0;
    for (const c of children) depth = Math.max(depth, this.depths.get(c) ?? 1);
    if (depth + 1 > MAX_EXPR_DEPTH)
      throw err(
        at.start,
        at.end,
        `This formula is more than ${MAX_EXPR_DEPTH} operations deep here (a chain of ${MAX_EXPR_DEPTH} "+" counts as ${MAX_EXPR_DEPTH}); at most ${MAX_EXPR_DEPTH} are allowed.`,
        'Split the formula into derived columns.',
      );
    this.depths.set(e, depth + 1);
    return e;
  }

  private bin(op: BinaryOperator, left: Expr, right: Expr, t: Token): Expr {
    return this.track(binary(op, left, right, t), [left, right], t);
  }

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
      left = this.bin('or', left, right, t);
    }
  }

  private and(): Expr {
    let left = this.not();
    for (;;) {
      const t = this.peek();
      if (!(this.isWord(t, 'and') || this.isOp(t, '&&'))) return left;
      this.next();
      const right = this.operand(() => this.not(), t);
      left = this.bin('and', left, right, t);
    }
  }

  private not(): Expr {
    const t = this.peek();
    if (this.isWord(t, 'not') || this.isOp(t, '!')) {
      this.next();
      const operand = this.nest(t, () => this.operand(() => this.not(), t));
      return this.track({ kind: 'unary', op: 'not', operand, start: t.start, end: operand.end }, [operand], t);
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
          const e = this.track(
            { kind: 'in', negated: negatedIn, value: left, list, start: left.start, end: sep.end },
            [left, ...list],
            open,
          );
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
    const e = this.bin(op, left, right, t);
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
      left = this.bin(t.text as BinaryOperator, left, right, t);
    }
  }

  private multiplicative(): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (!this.isOp(t, '*', '/', '%')) return left;
      this.next();
      const right = this.operand(() => this.unary(), t);
      left = this.bin(t.text as BinaryOperator, left, right, t);
    }
  }

  private unary(): Expr {
    const t = this.peek();
    if (this.isOp(t, '-')) {
      this.next();
      const operand = this.nest(t, () => this.operand(() => this.unary(), t));
      return this.track({ kind: 'unary', op: '-', operand, start: t.start, end: operand.end }, [operand], t);
    }
    if (this.isOp(t, '+')) {
      this.next();
      return this.nest(t, () => this.operand(() => this.unary(), t));
    }
    return this.power();
  }

  private power(): Expr {
    const base = this.primary();
    const t = this.peek();
    if (!this.isOp(t, '^')) return base;
    this.next();
    const exponent = this.nest(t, () => this.operand(() => this.unary(), t));
    return this.bin('^', base, exponent, t);
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
          return this.nest(open, () => this.call(t, open));
        }
        return { kind: 'column', name: t.text, start: t.start, end: t.end };
      }
      case 'punct':
        if (t.text === '(') {
          const inner = this.nest(t, () => this.operand(() => this.expression(), t));
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

  /** A call `name(args)` after its "(" (`open`). */
  private call(t: Token, open: Token): Expr {
    const args: Expr[] = [];
    const node = (close: Token): Expr =>
      this.track(
        { kind: 'call', name: t.text, nameSpan: { start: t.start, end: t.end }, args, start: t.start, end: close.end },
        args,
        t,
      );
    if (this.peek().text === ')' && this.peek().kind === 'punct') return node(this.next());
    for (;;) {
      args.push(this.operand(() => this.expression(), args.length ? this.tokens[this.i - 1] : open));
      const sep = this.next();
      if (sep.kind === 'punct' && sep.text === ')') return node(sep);
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
