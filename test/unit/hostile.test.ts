// Hostile input to the engine, as classes: user text that names Object's properties, input nested
// or chained past the stated limits, numbers a table cannot hold, cells that spreadsheets run.
import { describe, expect, it } from 'vitest';
import { parseBlueprint } from '../../src/core/blueprint/parse';
import { checkText, envOf, parseExpr } from '../../src/core/expr';
import { inferColumns } from '../../src/core/csv/infer';
import { readCsv } from '../../src/core/csv/read';
import { neutralizeFormula } from '../../src/core/csv/write';
import { MAX_EXPR_DEPTH, MAX_EXPR_NESTING, MAX_JSON_DEPTH } from '../../src/core/limits';
import { compare, generateFromText, synthesize } from '../../src/core/pipeline';
import { bytes } from './helpers';

const env = envOf([
  { name: 'a', type: 'number' },
  { name: 'b', type: 'number' },
]);

/** The names of Object.prototype's members and the usual prototype-pollution keys. */
const PROTO_NAMES = [
  'constructor',
  '__proto__',
  'CONSTRUCTOR',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
];

function rules(columns: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ version: 1, name: 't', method: 'rules', rows: 400, seed: 3, ...extra, columns });
}

function csvColumn(text: string, column: number): string[] {
  return text
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[column]);
}

describe('expressions: names are data, never Object properties', () => {
  for (const name of PROTO_NAMES)
    it(`${name}(a) is an unknown function, located at the name`, () => {
      const r = checkText(`1 + ${name}(a)`, env);
      expect(r.typed).toBeUndefined();
      expect(r.errors[0]).toMatchObject({ code: 'unknown-function', start: 4, end: 4 + name.length });
      expect(r.errors[0].message).toBe(`Unknown function "${name}".`);
    });

  it('a column named like an Object property is found as a column, not as a property', () => {
    const weird = envOf(PROTO_NAMES.map((name) => ({ name, type: 'number' as const })));
    for (const name of PROTO_NAMES) expect(checkText(`\`${name}\` * 2`, weird).typed, name).toBeDefined();
    expect(checkText('nosuch + 1', weird).errors[0].code).toBe('unknown-column');
  });
});

describe('expressions past the stated limits: a located error, not a stack overflow', () => {
  it(`${MAX_EXPR_NESTING} nested parentheses parse; 700 are refused at the first one past the limit`, () => {
    const ok = `${'('.repeat(MAX_EXPR_NESTING)}a${')'.repeat(MAX_EXPR_NESTING)}`;
    expect(parseExpr(ok).error).toBeUndefined();
    const e = parseExpr(`${'('.repeat(700)}a${')'.repeat(700)}`).error!;
    expect(e).toMatchObject({ code: 'syntax', start: MAX_EXPR_NESTING, end: MAX_EXPR_NESTING + 1 });
    expect(e.message).toMatch(/nested more than 100 deep/);
  });

  it('nested calls, signs and not are counted the same way', () => {
    for (const deep of [
      `${'abs('.repeat(700)}a${')'.repeat(700)}`,
      `${'-'.repeat(3000)}a`,
      `${'not '.repeat(3000)}true`,
      `${'a^'.repeat(3000)}1`,
    ])
      expect(parseExpr(deep).error?.message, deep.slice(0, 8)).toMatch(/nested more than 100 deep/);
  });

  it(`a flat sum of ${MAX_EXPR_DEPTH} terms checks and evaluates; 5,000 terms are refused at the operator past the limit`, () => {
    const ok = checkText(Array(MAX_EXPR_DEPTH).fill('a').join(' + '), env);
    expect(ok.typed).toBeDefined();
    const e = parseExpr(Array(5000).fill('a').join('+')).error!;
    // Term k+1 is joined by the k-th "+", at character 2k - 1; the tree passes the limit there.
    expect(e.start).toBe(2 * MAX_EXPR_DEPTH - 1);
    expect(e.message).toMatch(/more than 500 operations deep/);
  });

  it('in a blueprint: a located error at the expression, exit 1 material', () => {
    const text = rules([
      { name: 'a', type: 'number', distribution: { kind: 'uniform', low: 0, high: 1 } },
      { name: 'b', type: 'number', distribution: { kind: 'derived', expr: Array(5000).fill('a').join('+') } },
    ]);
    const { problems } = parseBlueprint(text, 't.synth.json');
    expect(problems[0]).toMatchObject({ severity: 'error', jsonPath: 'columns[1].distribution.expr', line: 1 });
    expect(problems[0].message.length).toBeLessThan(400);
  });
});

describe('blueprint JSON: nesting limit and "__proto__" keys', () => {
  it(`JSON nested 10,000 deep is refused at the bracket past ${MAX_JSON_DEPTH}, with line and column`, () => {
    const text = `{\n"a": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const { problems, blueprint } = parseBlueprint(text, 'deep.synth.json');
    expect(blueprint).toBeUndefined();
    // The outer object is level 1: the 100th "[" is level 101.
    expect(problems).toEqual([
      expect.objectContaining({ severity: 'error', code: 'json/limit', line: 2, column: 6 + MAX_JSON_DEPTH - 1 }),
    ]);
    // Brackets inside strings and comments do not count.
    const quoted = rules([{ name: '['.repeat(500), type: 'id' }]).replace('{', `{ /* ${'{'.repeat(500)} */ `);
    expect(parseBlueprint(quoted).problems.filter((p) => p.code === 'json/limit')).toEqual([]);
  });

  it('fields hidden in "__proto__": {...} do not count: rows is missing', () => {
    const text = `{"version":1,"name":"p","method":"rules","seed":1,"__proto__":{"rows":5},"columns":[{"name":"x","type":"id"}]}`;
    const { problems } = parseBlueprint(text);
    expect(problems.map((p) => p.message)).toContain('"rows" must be a whole number of at least 0.');
    expect(problems.some((p) => p.message.startsWith('Unknown property "__proto__"'))).toBe(true);
  });

  it('strict JSON (read by JSON.parse) and the same text with a comment (the tolerant parser) give one blueprint', () => {
    const strict = rules([
      { name: 'kind', type: 'category', distribution: { kind: 'categorical', probabilities: {} } },
      { name: 'n', type: 'number', min: 0, max: 1e-7 },
    ])
      .replace('"probabilities":{}', '"probabilities":{"__proto__":0.5,"constructor":0.25,"b":0.1,"b":0.25,"7":0.0}')
      .replace('"seed":3', '"seed":3,"__proto__":{"rows":5}');
    const tolerant = strict.replace('{', '{ /* a comment */ ');
    const a = parseBlueprint(strict);
    const b = parseBlueprint(tolerant);
    expect(a.blueprint).toEqual(b.blueprint);
    const probabilities = (bp: typeof a.blueprint) => {
      const d = bp?.columns[0].distribution;
      return d?.kind === 'categorical' ? d.probabilities : {};
    };
    // Own keys in the same order (integer keys first), the last of duplicates, no prototype set.
    for (const p of [probabilities(a.blueprint), probabilities(b.blueprint)]) {
      expect(Object.keys(p)).toEqual(['7', '__proto__', 'constructor', 'b']);
      expect(p.b).toBe(0.25);
      expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
    }
    expect(a.problems.map((p) => [p.code, p.line, p.column])).toEqual(
      b.problems.map((p) => [p.code, p.line, (p.column ?? 0) - (tolerant.length - strict.length)]),
    );
    expect(a.problems.length).toBeGreaterThan(0);
  });

  it('a category named "__proto__" in a probability table is validated, generated and written', () => {
    // JSON.stringify cannot write a "__proto__" key from an object literal: the text is written by hand.
    const text = rules([
      { name: 'kind', type: 'category', distribution: { kind: 'categorical', probabilities: {} } },
    ]).replace('"probabilities":{}', '"probabilities":{"__proto__":0.5,"constructor":0.25,"toString":0.25}');
    expect(parseBlueprint(text).problems).toEqual([]);
    const out = generateFromText({ blueprintText: text, fileName: 't.synth.json' });
    const levels = csvColumn(out.outputText, 0);
    const count = (l: string) => levels.filter((x) => x === l).length;
    expect(count('__proto__') / 400).toBeGreaterThan(0.4);
    expect(count('constructor') + count('toString') + count('__proto__')).toBe(400);
  });
});

describe('numbers too large in a blueprint', () => {
  it('probabilities that add up to Infinity are an error, not a silent pick of one level', () => {
    const text = rules([
      { name: 'x', type: 'category', distribution: { kind: 'categorical', probabilities: { a: 1e308, b: 1e308 } } },
    ]);
    const { problems } = parseBlueprint(text);
    expect(problems).toContainEqual(
      expect.objectContaining({ severity: 'error', jsonPath: 'columns[0].distribution.probabilities' }),
    );
  });

  it('a number beyond a double (1e400) is reported at its place', () => {
    const text = rules([{ name: 'x', type: 'number', distribution: { kind: 'uniform', low: 0, high: 1 } }]).replace(
      '"high":1',
      '"high":1e400',
    );
    expect(parseBlueprint(text).problems[0]).toMatchObject({
      severity: 'error',
      jsonPath: 'columns[0].distribution.high',
    });
  });
});

describe('CSVs whose values name Object properties survive fit and generation', () => {
  const header = '__proto__,constructor,toString,n';
  const levels = ['__proto__', '__proto__', '__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'];
  const rows = Array.from(
    { length: 350 },
    (_, i) => `${levels[i % 7]},${(i * 37) % 101},${levels[(i * 3) % 7]},${i % 13}`,
  );
  const csv = bytes(`${header}\n${rows.join('\n')}\n`);
  for (const method of ['copula', 'cart'] as const)
    it(`${method}: the "__proto__" level (3 rows in 7) is in the blueprint and in the output`, () => {
      const out = synthesize({ csv, fileName: 'proto.csv', method, holdout: 0 });
      const spec = out.blueprint.columns.find((c) => c.name === '__proto__')!;
      expect(spec.distribution?.kind).toBe('categorical');
      const probabilities = (spec.distribution as { probabilities: Record<string, number> }).probabilities;
      expect(Object.keys(probabilities).sort()).toEqual([
        '__proto__',
        'constructor',
        'hasOwnProperty',
        'toString',
        'valueOf',
      ]);
      expect(out.blueprintText).toContain('"__proto__": 0.428571');
      const generated = csvColumn(out.csvText, 0);
      const share = generated.filter((v) => v === '__proto__').length / generated.length;
      expect(share).toBeGreaterThan(0.3);
      expect(share).toBeLessThan(0.56);
      expect(out.csvText.split('\n')[0]).toBe(header);
    });
});

describe('numbers a table cannot hold', () => {
  const lines = ['id,v'];
  for (let i = 0; i < 300; i++)
    lines.push(
      `${i},${i % 10 === 0 ? ['Infinity', '-Infinity', 'inf', '-INF', '1e999'][(i / 10) % 5] : (i * 0.37).toFixed(2)}`,
    );
  const csv = bytes(`${lines.join('\n')}\n`);

  it('Infinity, -inf and 1e999 are read as missing with one warning; the column stays a number', () => {
    const warnings: { code: string; message: string }[] = [];
    const inferred = inferColumns(readCsv(csv), {}, warnings as never);
    expect(inferred.find((c) => c.name === 'v')!.type).toBe('number');
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'csv/infinite',
        message:
          'Column "v": 30 cells hold Infinity, -Infinity or a number too large to store (first "Infinity" on line 2); read as missing, the column stays numeric.',
      }),
    ]);
    const out = synthesize({ csv, fileName: 'inf.csv' });
    const v = out.blueprint.columns.find((c) => c.name === 'v')!;
    expect(v.type).toBe('number');
    // 30 of 300 cells: the missing rate of the training rows, about 0.1.
    expect(v.missing).toBeGreaterThan(0.05);
    expect(v.missing).toBeLessThan(0.15);
    expect(out.warnings.filter((w) => /Column "v"/.test(w.message))).toHaveLength(1);
    expect(out.csvText).not.toMatch(/Infinity|NaN/);
  });

  it('a column that is mostly numbers but read as identifiers is flagged, in the warnings and in the report', () => {
    const mixed = ['id,w', ...Array.from({ length: 300 }, (_, i) => `${i},${i % 3 ? (i * 1.7).toFixed(1) : `x${i}`}`)];
    const out = synthesize({ csv: bytes(`${mixed.join('\n')}\n`), fileName: 'mixed.csv' });
    const flag = out.warnings.find((w) => w.code === 'csv/looks-numeric')!;
    expect(flag.message).toBe(
      'Column "w" is read as identifiers although 67% of its cells are numbers: 100 are not (first "x0" on line 2).',
    );
    expect(out.report.notes.some((n) => n.startsWith('Column "w" is read as identifiers although 67%'))).toBe(true);
  });
});

describe('dates in several formats', () => {
  const formats = [
    (d: Date) => d.toISOString().slice(0, 10),
    (d: Date) =>
      `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${d.getUTCFullYear()}`,
    (d: Date) =>
      `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}`,
    (d: Date) => `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)}`,
  ];
  it('a column split evenly over four formats is read as dates, and the warning names the formats', () => {
    const cells = Array.from({ length: 280 }, (_, i) =>
      formats[i % 4](new Date(Date.UTC(2020, 0, 1) + i * 86_400_000 * 3)),
    );
    const warnings: { code: string; message: string }[] = [];
    const [col] = inferColumns(readCsv(bytes(`when\n${cells.join('\n')}\n`)), {}, warnings as never);
    expect(col.type).toBe('datetime');
    expect(warnings).toEqual([expect.objectContaining({ code: 'csv/mixed-date-formats' })]);
    expect(warnings[0].message).toMatch(/mixes date formats: .*\(25%\), .*\(25%\), .*\(25%\), .*\(25%\)/);
  });

  it('a category that is mostly dates says why it is not read as dates', () => {
    const cells = Array.from({ length: 200 }, (_, i) =>
      i % 3 === 0 ? ['soon', 'later', 'never'][i % 2] : formats[0](new Date(Date.UTC(2020, 0, 1 + (i % 6)))),
    );
    const warnings: { code: string; message: string }[] = [];
    const [col] = inferColumns(readCsv(bytes(`when\n${cells.join('\n')}\n`)), {}, warnings as never);
    expect(col.type).toBe('category');
    expect(warnings).toEqual([expect.objectContaining({ code: 'csv/dates-as-category' })]);
    expect(warnings[0].message).toMatch(/^Column "when" looks like dates \(67% of them read as YYYY-MM-DD\)/);
  });
});

describe('spreadsheet formulas in CSV output', () => {
  it('neutralizeFormula: OWASP starts get a leading quote; numbers do not', () => {
    for (const cell of ['=1+1', "=cmd|' /C calc'!A0", '+1+2', '-x', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("a")'])
      expect(neutralizeFormula(cell)).toBe(`'${cell}`);
    for (const cell of ['-5', '+7', '-1.5e3', '.5', 'ok', "'=already", ' =x', 'a=b', ''])
      expect(neutralizeFormula(cell)).toBe(cell);
  });

  const formulas = ["=cmd|' /C calc'!A0", '+1+2', '-x', '@SUM(A1)', 'plain', '-5'];
  const rows = Array.from({ length: 300 }, (_, i) => `${formulas[i % 6]},${i % 7},=HYPERLINK("http://x/${i}")`);
  const csv = bytes(`kind,n,link\n${rows.join('\n')}\n`);

  it('synthesize: copied formula levels are quoted, new text from shapes never starts a formula, -5 is kept', () => {
    const out = synthesize({ csv, fileName: 'f.csv' });
    const kinds = new Set(csvColumn(out.csvText, 0).map((c) => c.replace(/^"|"$/g, '').replace(/""/g, '"')));
    expect(kinds).toEqual(new Set(["'=cmd|' /C calc'!A0", "'+1+2", "'-x", "'@SUM(A1)", 'plain', '-5']));
    const links = out.csvText
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.slice(l.lastIndexOf(',') + 1));
    // Every cell starting with = + - @ in the file is neutralised or a plain number.
    for (const cell of out.csvText.trimEnd().split(/[\n,]/))
      expect(cell, cell).not.toMatch(/^"?[=+@\t\r]|^"?-(?![\d.])/);
    expect(links.every((l) => !/^"?[=+\-@]/.test(l))).toBe(true);
  });

  it('report reads the neutralised cells back as the values they are', () => {
    const out = synthesize({ csv, fileName: 'f.csv' });
    const r = compare({
      real: csv,
      realName: 'f.csv',
      synthetic: bytes(out.csvText),
      syntheticName: 'f.synthetic.csv',
    });
    expect(r.warnings.filter((w) => w.code === 'csv/unknown-category')).toEqual([]);
    expect(r.report.fidelity.columns.kind.score).toBeGreaterThan(0.9);
  });

  it('allowFormulas writes the cells as they are', () => {
    const out = synthesize({ csv, fileName: 'f.csv', allowFormulas: true });
    expect(csvColumn(out.csvText, 0)).toContain('@SUM(A1)');
  });
});

describe('text generated from shapes keeps its format where the values share one', () => {
  it('emails too varied for one shape to be common still come out as emails; names as two words', () => {
    // Distinct values from a small LCG: no email or name repeats, and no one shape holds 5 of them.
    let state = 12345;
    const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const word = (n: number) =>
      Array.from({ length: n }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(next() * 26)]).join('');
    const cap = (w: string) => w[0].toUpperCase() + w.slice(1);
    const rows = Array.from({ length: 300 }, (_, i) => {
      const email = `${word(3 + Math.floor(next() * 8))}.${word(3 + Math.floor(next() * 8))}@${word(4 + Math.floor(next() * 6))}.${['com', 'org', 'net'][i % 3]}`;
      const name = `${cap(word(3 + Math.floor(next() * 7)))} ${cap(word(4 + Math.floor(next() * 7)))}`;
      return `${email},${name},${i % 4}`;
    });
    const out = synthesize({ csv: bytes(`email,name,g\n${rows.join('\n')}\n`), fileName: 'people.csv' });
    const lines = out.csvText
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const emails = lines.map((l) => l[0]);
    const names = lines.map((l) => l[1]);
    // Recognised as personal data, they are made by faker: any well-formed address, any name of
    // capitalised words (faker's names include hyphens and apostrophes: "O'Keefe", "Smith-Jones").
    expect(
      emails.filter((e) => /^[\w.+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i.test(e)).length / emails.length,
    ).toBeGreaterThan(0.9);
    expect(
      names.filter((n) => /^[A-Z][\p{L}'.-]+( [A-Z][\p{L}'.-]+)+$/u.test(n)).length / names.length,
    ).toBeGreaterThan(0.9);
  });
});
