import { describe, expect, it } from 'vitest';
import { inferColumns, namesId } from '../../../../src/core/csv/infer';
import {
  detectNumberFormat,
  formatNumber,
  numberFormatToPattern,
  parseNumber,
  patternToNumberFormat,
} from '../../../../src/core/csv/numbers';
import { parseCsvText, readCsv } from '../../../../src/core/csv/read';
import { fixture } from '../../helpers';
import type { Problem } from '../../../../src/core/errors';
import { synthesize } from '../../../../src/core/pipeline';

function types(file: string): Record<string, string> {
  const raw = readCsv(fixture(file));
  return Object.fromEntries(inferColumns(raw).map((c) => [c.name, c.type]));
}

describe('type inference on real files', () => {
  it('penguins: categories, decimals and integers', () => {
    expect(types('penguins.csv')).toEqual({
      species: 'category',
      island: 'category',
      bill_length_mm: 'number',
      bill_depth_mm: 'number',
      flipper_length_mm: 'integer',
      body_mass_g: 'integer',
      sex: 'category',
    });
  });

  it('titanic: few-valued numeric codes are categories (SDV rule), True/False is boolean', () => {
    const t = types('titanic.csv');
    // survived (2 values), pclass (3), sibsp (7), parch (7): whole, >= 0, <= min(round(891/10), 10) distinct.
    expect(t.survived).toBe('category');
    expect(t.pclass).toBe('category');
    expect(t.sibsp).toBe('category');
    expect(t.parch).toBe('category');
    expect(t.age).toBe('number');
    expect(t.fare).toBe('number');
    expect(t.adult_male).toBe('boolean');
    expect(t.alone).toBe('boolean');
    expect(t.alive).toBe('boolean'); // yes/no
    expect(t.deck).toBe('category');
  });

  it('messy: identifiers, free text, dates among missing markers', () => {
    const t = types('messy.csv');
    expect(t.customer_id).toBe('id');
    expect(t.signup_date).toBe('datetime');
    expect(t.age).toBe('integer');
    expect(t.monthly_spend).toBe('number');
    expect(t.churned).toBe('boolean');
  });

  it('metro traffic: hourly datetimes keep their format', () => {
    const cols = inferColumns(readCsv(fixture('metro-300.csv')));
    const dt = cols.find((c) => c.name === 'date_time');
    expect(dt).toMatchObject({ type: 'datetime', format: 'YYYY-MM-DD HH:mm:ss' });
    expect(cols.find((c) => c.name === 'holiday')?.type).toBe('category');
  });

  it('keeps zero-padded whole parts (007, months 01-12) and writes them padded', () => {
    const months = Array.from({ length: 24 }, (_, i) => String((i % 12) + 1).padStart(2, '0'));
    const codes = Array.from({ length: 24 }, (_, i) => String((i * 37) % 1000).padStart(3, '0'));
    const wide = Array.from({ length: 24 }, (_, i) => String(10 + i * 3));
    const raw = parseCsvText(`m,c,w\n${months.map((m, i) => `${m},${codes[i]},${wide[i]}`).join('\n')}\n`);
    const cols = inferColumns(raw);
    expect(cols[0]).toMatchObject({ type: 'integer', format: '00' });
    expect(cols[1]).toMatchObject({ type: 'integer', format: '000' });
    // 10-79, all two digits, none with a leading zero: not padded.
    expect(cols[2].format).toBeUndefined();
    const f = patternToNumberFormat('000')!;
    expect([7, 42, 123, 1234, -7].map((v) => formatNumber(v, 0, f))).toEqual(['007', '042', '123', '1234', '-007']);
    expect(formatNumber(5.5, 2, patternToNumberFormat('00.00'))).toBe('05.50');
    expect(numberFormatToPattern(f)).toBe('000');
    expect(detectNumberFormat(['01', '12', '3'])).toBeUndefined();
  });

  it('keeps fixed decimals and number patterns (18.0, $1,234.50)', () => {
    const raw = parseCsvText(
      'a,b,c\n18.0,"$1,234.50",7\n15.5,$12.00,8\n16.0,"$100,000.25",9\n14.0,$3.10,10\n13.0,$4.40,11\n12.0,$5.50,12\n',
    );
    const cols = inferColumns(raw);
    expect(cols[0]).toMatchObject({ type: 'number', format: '0.0', decimals: 1 });
    expect(cols[1]).toMatchObject({ type: 'number', format: '$#,##0.00' });
    expect(cols[2]).toMatchObject({ type: 'integer' });
  });

  it('reads accounting negatives ((93.07), $(1,234.50)) as numbers and writes them back so', () => {
    // Spreadsheets' accounting formats write a negative in parentheses; such a column was read as
    // identifiers of shape "(99.99)" and generated as random digits.
    const rows = Array.from({ length: 30 }, (_, i) => {
      const v = ((i * 733) % 2000) - 900 + (i % 100) / 100;
      const grouped = Math.abs(v)
        .toFixed(2)
        .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
      return `${v < 0 ? `(${Math.abs(v).toFixed(2)})` : v.toFixed(2)},"${v < 0 ? `$(${grouped})` : `$${grouped}`}"`;
    });
    const raw = parseCsvText(`a,b\n${rows.join('\n')}\n`);
    const cols = inferColumns(raw);
    expect(cols[0]).toMatchObject({ type: 'number', format: '0.00;(0.00)' });
    expect(cols[1]).toMatchObject({ type: 'number', format: '$#,##0.00;($#,##0.00)' });
    const f = patternToNumberFormat('$#,##0.00;($#,##0.00)')!;
    expect(parseNumber('$(1,234.50)', f)).toBe(-1234.5);
    expect(parseNumber('($1,234.50)', f)).toBe(-1234.5);
    expect(parseNumber('(93.07)')).toBe(-93.07);
    expect(parseNumber('(12%)')).toBe(-12);
    expect(formatNumber(-1234.5, 2, f)).toBe('($1,234.50)');
    expect(formatNumber(1234.5, 2, f)).toBe('$1,234.50');
    expect(numberFormatToPattern(f)).toBe('$#,##0.00;($#,##0.00)');
    // Not numbers: a phone number, a list marker with text, both signs, a second section that is not the first in parentheses.
    expect(['(555) 123-4567', '(a)', '$($1.00)', '(-3)'].map((c) => parseNumber(c))).toEqual([NaN, NaN, NaN, NaN]);
    expect(patternToNumberFormat('0.00;-0.00')).toBeUndefined();
    // A column written mostly with minus signs keeps them (its few parentheses are still read).
    expect(detectNumberFormat(['-1.50', '-2.25', '(3.00)', '4.00'])?.negativeParens).toBeUndefined();
  });

  it('keeps scientific notation as written (6.786e-07, 8.7979E+08), not 17 digits', () => {
    // Written at full precision before (3.7196315346433193e-7) and the exponent's style lost.
    const x = Array.from(
      { length: 30 },
      (_, i) => `${(1 + ((i * 7) % 9) + (i % 10) / 10).toFixed(3)}e-0${5 + (i % 4)}`,
    );
    const y = Array.from({ length: 30 }, (_, i) => `${(1 + (i % 9)).toFixed(4)}E+0${3 + (i % 6)}`);
    const js = Array.from({ length: 30 }, (_, i) => String((i + 1) * 1.5e-9)); // JavaScript's own: 1.5e-9, 3e-9, ...
    const raw = parseCsvText(`x,y,z\n${x.map((v, i) => `${v},${y[i]},${js[i]}`).join('\n')}\n`);
    const cols = inferColumns(raw);
    expect(cols.map((c) => [c.type, c.format])).toEqual([
      ['number', '0.000e+00'],
      ['number', '0.0000E+00'],
      // No positive exponent seen: a plus sign on them, as JavaScript, C, Python and R write.
      ['number', '0.##e+0'],
    ]);
    const f = patternToNumberFormat('0.000e+00')!;
    expect([6.786e-7, 3.7196315346433193e-7, 1234567, -0.5, 0].map((v) => formatNumber(v, undefined, f))).toEqual([
      '6.786e-07',
      '3.720e-07',
      '1.235e+06',
      '-5.000e-01',
      '0.000e+00',
    ]);
    const g = patternToNumberFormat('0.##E-0')!;
    expect([1.5e-9, 3e-9, 2.25e12].map((v) => formatNumber(v, undefined, g))).toEqual(['1.5E-9', '3E-9', '2.25E12']);
    expect(numberFormatToPattern(f)).toBe('0.000e+00');
    expect(numberFormatToPattern(g)).toBe('0.##E-0');
    // Mixed notations keep the plain writing.
    expect(detectNumberFormat(['0.5', '1e-05', '2.5'])).toBeUndefined();
  });

  it('reads full-precision doubles as such, and the noise of a binary fraction as the decimals meant', () => {
    // sklearn's diabetes: s5 is 4.8598, 3.8918, ... and a few 4.803999999999999 (4.804 computed);
    // R writes weights as 0.31678086519241333 (17 significant digits, more than rounding keeps).
    const noisy = ['4.8598', '3.8918', '4.803999999999999', '5.3660000000000005', '4.2905', '4.1897'];
    const full = [
      '0.31678086519241333',
      '0.9965166449546814',
      '1.0045636892318726',
      '0.03766150772571564',
      '0.5',
      '0.25',
    ];
    const cols = inferColumns(parseCsvText(`a,b\n${noisy.map((v, i) => `${v},${full[i]}`).join('\n')}\n`));
    expect(cols[0]).toMatchObject({ type: 'number', decimals: 4 });
    expect(cols[1].type).toBe('number');
    expect(cols[1].decimals).toBeUndefined();
    expect(cols[1].format).toBeUndefined();
  });

  it('an all-empty column is a category with no levels, not a crash', () => {
    const cols = inferColumns(parseCsvText('a,b\n1,\n2,\n3,\n'));
    expect(cols[1]).toMatchObject({ type: 'category', levels: [] });
  });

  it('a column of mostly numbers with one typo stays numeric and warns with the line', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i},${i === 7 ? 'twelve' : i * 2}`).join('\n');
    const warnings: { code: string; line?: number }[] = [];
    const cols = inferColumns(parseCsvText(`id,x\n${rows}\n`), {}, warnings as never);
    expect(cols[1].type).toBe('integer');
    expect(warnings).toEqual([expect.objectContaining({ code: 'csv/not-a-number', line: 9 })]);
  });
});

describe('type inference rules (docs/engine.md)', () => {
  const infer = (csv: string) => inferColumns(parseCsvText(csv));
  const many = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n');

  it('booleans in their usual spellings, any case', () => {
    for (const [t, f] of [
      ['true', 'false'],
      ['T', 'F'],
      ['Yes', 'No'],
      ['y', 'n'],
    ]) {
      expect(infer(`b\n${many(30, (i) => (i % 3 ? t : f))}\n`)[0].type).toBe('boolean');
    }
  });

  it('integers vs decimals, keeping the written precision', () => {
    const cols = infer(`i,d,e\n${many(40, (i) => `${i * 3},${(i / 8).toFixed(3)},${i}.0`)}\n`);
    expect(cols[0]).toMatchObject({ type: 'integer' });
    expect(cols[1]).toMatchObject({ type: 'number', decimals: 3 });
    expect(cols[2]).toMatchObject({ type: 'number', decimals: 1, format: '0.0' });
  });

  it('few-valued whole numbers are codes (categories); many-valued ones stay numbers', () => {
    const cols = infer(`code,count\n${many(200, (i) => `${i % 4},${i % 37}`)}\n`);
    expect(cols[0]).toMatchObject({ type: 'category', levels: ['0', '1', '2', '3'] });
    expect(cols[1].type).toBe('integer');
  });

  it('identifiers: consecutive unique integers, or short unique codes; free text: unique prose', () => {
    const cols = infer(
      `row,ref,comment\n${many(60, (i) => `${i + 1},AB-${1000 + i * 7},"this is comment number ${i}"`)}\n`,
    );
    expect(cols.map((c) => c.type)).toEqual(['id', 'id', 'text']);
  });

  it('datetimes in common formats keep their format', () => {
    expect(infer(`d\n${many(30, (i) => `2023/0${1 + (i % 9)}/1${i % 10} 0${i % 10}:30`)}\n`)[0]).toMatchObject({
      type: 'datetime',
      format: 'YYYY/MM/DD HH:mm',
    });
    expect(infer(`d\n${many(30, (i) => `Jan ${10 + (i % 18)} 2021`)}\n`)[0]).toMatchObject({
      type: 'datetime',
      format: 'MMM DD YYYY',
    });
  });
});

describe('dates written alone at midnight beside date-times (ISO 8601, CDISC --DTC)', () => {
  // pharmaverse adpp's RFPENDTC: 49% "2013-06-22", 51% "2013-08-06T12:00". Written all with a
  // time, "2013-06-22T00:00" was a value no real row has.
  const rows = ['RFPENDTC,x'];
  for (let i = 0; i < 200; i++) {
    const day = `2013-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`;
    rows.push(
      i % 2
        ? `${day}T${String(8 + (i % 10)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')},${i}`
        : `${day},${i}`,
    );
  }
  const text = rows.join('\n') + '\n';

  it('keeps the date-time format and writes midnights as the date alone, and says so', () => {
    const warnings: Problem[] = [];
    const cols = inferColumns(readCsv(new TextEncoder().encode(text)), {}, warnings);
    expect(cols[0]).toMatchObject({ type: 'datetime', format: 'YYYY-MM-DDTHH:mm', midnightFormat: 'YYYY-MM-DD' });
    expect(warnings.map((w) => [w.severity, w.code])).toEqual([['info', 'csv/date-without-time']]);
  });

  it('a synthesized table writes its midnights as dates and its other times with the time', () => {
    const result = synthesize({ csv: new TextEncoder().encode(text), fileName: 'dtc.csv', method: 'cart' });
    const written = result.csvText
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]);
    expect(result.blueprint.columns[0]).toMatchObject({ format: 'YYYY-MM-DDTHH:mm', midnightFormat: 'YYYY-MM-DD' });
    expect(result.warnings.map((w) => w.code)).toContain('csv/date-without-time');
    const dates = written.filter((v) => /^\d{4}-\d\d-\d\d$/.test(v)).length;
    const times = written.filter((v) => /^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(v)).length;
    expect(dates + times).toBe(written.length);
    expect(written.some((v) => v.endsWith('T00:00'))).toBe(false);
    // About half of each, as in the source.
    expect(dates / written.length).toBeGreaterThan(0.35);
    expect(times / written.length).toBeGreaterThan(0.35);
  });
});

describe('headers that name an identifier', () => {
  it('the word id, or one word ending in it, but no word such as paid, kids or valid', () => {
    for (const name of ['id', 'customer_id', 'playerID', 'USUBJID', 'custid', 'SUBJID', 'order ids'])
      expect(namesId(name), name).toBe(true);
    for (const name of ['paid', 'kids', 'aids', 'valid', 'Android', 'covid_cases', 'idea', 'width'])
      expect(namesId(name), name).toBe(false);
  });
});
