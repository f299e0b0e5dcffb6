import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkText,
  compileTyped,
  envOf,
  formatExpr,
  parseExpr,
  type Expr,
  type Value,
} from '../../../../src/core/expr';

const env = envOf([
  { name: 'age', type: 'number' },
  { name: 'price', type: 'number' },
  { name: 'contract', type: 'string' },
  { name: 'signup', type: 'date' },
  { name: 'churn', type: 'boolean' },
  { name: 'monthly charges', type: 'number' },
]);

function run(text: string, row: Value[]): Value {
  const r = checkText(text, env);
  if (!r.typed) throw new Error(r.errors.map((e) => e.message).join('; '));
  return compileTyped(r.typed)(row);
}

const ROW: Value[] = [40, 12.5, 'two-year', Date.UTC(2024, 0, 1), true, 70];

describe('expression parser', () => {
  it('places a syntax error at the character after the dangling operator', () => {
    const r = parseExpr('age +');
    expect(r.error).toMatchObject({ start: 5, code: 'syntax' });
    expect(r.error!.message).toBe('Expected a value after "+", found the end of the expression.');
  });

  it('points at the unclosed parenthesis and at an unexpected character', () => {
    expect(parseExpr('min(age, 3').error).toMatchObject({ start: 3, end: 4 });
    expect(parseExpr('age $ 3').error).toMatchObject({ start: 4, end: 5, message: 'Unexpected character "$".' });
    expect(parseExpr('age 3').error!.hint).toBe('Is an operator missing before it?');
  });

  it('refuses chained comparisons with a hint to use and', () => {
    const e = parseExpr('0 < age < 10').error!;
    expect(e.start).toBe(8);
    expect(e.hint).toMatch(/and/);
  });

  it('gives ^ precedence over unary minus and reads keywords in any case', () => {
    expect(run('-2^2', ROW)).toBe(-4);
    expect(run('2^3^2', ROW)).toBe(512);
    expect(run('age > 30 AND NOT churn', ROW)).toBe(false);
  });
});

describe('expression checker', () => {
  it('reports an unknown column at its characters, with a suggestion', () => {
    const r = checkText('tenure + agee', env);
    expect(r.errors).toHaveLength(2);
    expect(r.errors[1]).toMatchObject({ start: 9, end: 13, code: 'unknown-column', name: 'agee', suggestion: 'age' });
    expect(r.errors[1].message).toBe('Unknown column "agee". Did you mean "age"?');
  });

  it('rejects mixing types, and says what is needed', () => {
    expect(checkText('contract + 1', env).errors[0].message).toBe('"+" cannot combine a string and a number.');
    expect(checkText('age', env, 'boolean').errors[0].message).toBe(
      'This expression gives a number, but a boolean is needed here.',
    );
    expect(checkText("if(churn, 1, 'x')", env).errors[0].message).toBe(
      'if() gives a number in one branch and a string in the other.',
    );
    expect(checkText("signup > '2024-13-01'", env).errors[0].message).toMatch(/is not a date/);
  });

  it('reads names in backticks and string literals as dates next to dates', () => {
    expect(run('`monthly charges` * 2', ROW)).toBe(140);
    expect(run("signup >= '2023-12-31' and signup < date('2024-01-02')", ROW)).toBe(true);
    expect(run("churn = 'Yes'", ROW)).toBe(true);
  });
  it('reads a time of day next to a date as that time on 1970-01-01 (time-of-day columns)', () => {
    const at = (h: number, m: number): Value[] => [40, 12.5, 'two-year', Date.UTC(1970, 0, 1, h, m), true, 70];
    expect(run("signup >= '20:00'", at(21, 5))).toBe(true);
    expect(run("signup >= '20:00'", at(7, 30))).toBe(false);
    expect(run("signup < '7:30:01'", at(7, 30))).toBe(true);
    expect(checkText("signup >= '25:00'", env).errors[0].message).toMatch(/nor a time of day HH:mm/);
  });
});

describe('expression evaluator', () => {
  it('computes arithmetic, functions and date parts', () => {
    expect(run('round(price * 1.1, 2)', ROW)).toBe(13.75);
    expect(run('clip(age, 0, 30)', ROW)).toBe(30);
    expect(run('max(age, price, 100)', ROW)).toBe(100);
    // 2024-01-01 was a Monday: ISO weekday 1.
    expect(run('weekday(signup)', ROW)).toBe(1);
    expect(run('year(signup + 366)', ROW)).toBe(2025);
    expect(run("signup - date('2023-12-25')", ROW)).toBe(7);
    expect(run('round(log(exp(2)), 12)', ROW)).toBe(2);
    expect(run("contract in ('one-year', 'two-year')", ROW)).toBe(true);
    expect(run("contract not in ('one-year', 'two-year')", ROW)).toBe(false);
  });

  it('propagates missing values like SQL: three-valued and/or, else-branch for a missing condition', () => {
    const row: Value[] = [null, 1, null, null, null, null];
    expect(run('age + 1', row)).toBe(null);
    expect(run('age > 1 and false', row)).toBe(false);
    expect(run('age > 1 or true', row)).toBe(true);
    expect(run('age > 1 and true', row)).toBe(null);
    expect(run("if(churn, 'a', 'b')", row)).toBe('b');
    expect(run('coalesce(age, price)', row)).toBe(1);
    expect(run('is_missing(contract)', row)).toBe(true);
    expect(run('price / 0', row)).toBe(null);
    expect(run('log(0)', row)).toBe(null);
  });
});

/** Random numeric expressions over age and price, and a reference evaluation written independently. */
const numericExpr: fc.Arbitrary<{ text: string; value: (age: number, price: number) => number }> = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.integer({ min: 0, max: 50 }).map((n) => ({ text: String(n), value: () => n })),
    fc.constant({ text: 'age', value: (a: number) => a }),
    fc.constant({ text: 'price', value: (_a: number, p: number) => p }),
  ),
  node: fc.oneof(
    { depthSize: 'small' },
    tie('leaf'),
    fc.tuple(tie('node'), fc.constantFrom('+', '-', '*'), tie('node')).map(([l, op, r]) => {
      const a = l as { text: string; value: (x: number, y: number) => number };
      const b = r as typeof a;
      return {
        text: `(${a.text} ${op} ${b.text})`,
        value: (x: number, y: number) =>
          op === '+'
            ? a.value(x, y) + b.value(x, y)
            : op === '-'
              ? a.value(x, y) - b.value(x, y)
              : a.value(x, y) * b.value(x, y),
      };
    }),
    tie('node').map((n) => {
      const a = n as { text: string; value: (x: number, y: number) => number };
      return { text: `-${a.text}`, value: (x: number, y: number) => -a.value(x, y) };
    }),
  ),
})).node as fc.Arbitrary<{ text: string; value: (age: number, price: number) => number }>;

describe('expression properties', () => {
  it('evaluates random arithmetic exactly as a reference evaluation does', () => {
    fc.assert(
      fc.property(
        numericExpr,
        fc.integer({ min: -100, max: 100 }),
        fc.integer({ min: -100, max: 100 }),
        (e, age, price) => {
          const got = run(e.text, [age, price, null, null, null, null]);
          const want = e.value(age, price);
          expect(got === null ? null : (got as number) + 0).toBe(Number.isFinite(want) ? want + 0 : null);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('formats to text that parses back to the same tree (round trip)', () => {
    const strip = (x: Expr): unknown =>
      JSON.parse(
        JSON.stringify(x, (k, v) =>
          k === 'start' || k === 'end' || k === 'opSpan' || k === 'nameSpan' ? undefined : v,
        ),
      );
    fc.assert(
      fc.property(
        numericExpr,
        fc.constantFrom('', ' > 3', ' = price and not churn', " in (1, 2) or contract = 'a''s'"),
        (e, tail) => {
          const text = `${e.text}${tail.replace("'a''s'", "'a\\'s'")}`;
          const first = parseExpr(text).expr!;
          const again = parseExpr(formatExpr(first)).expr!;
          expect(strip(again)).toEqual(strip(first));
        },
      ),
      { numRuns: 300 },
    );
  });
});
