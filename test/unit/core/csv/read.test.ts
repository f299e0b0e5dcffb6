import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cellDictionary,
  isMissingMarker,
  parseCsvText,
  parseCsvTextWithPapaparse,
  readCsv,
} from '../../../../src/core/csv/read';
import { bytes, fixture, synthError } from '../../helpers';

describe('readCsv on real files', () => {
  it('reads messy.csv: BOM, CRLF, quoted commas, escaped quotes, non-ASCII, N/A and empty cells', () => {
    const t = readCsv(fixture('messy.csv'), { fileName: 'messy.csv' });
    expect(t.header).toEqual([
      'customer_id',
      'name',
      'city',
      'signup_date',
      'age',
      'monthly_spend',
      'plan',
      'notes',
      'churned',
    ]);
    expect(t.rowCount).toBe(50);
    expect(t.newline).toBe('\r\n');
    // Row 1 of the file: 1000,"Okafor, David","Portland, OR",...
    expect(t.columns[1][0]).toBe('Okafor, David');
    expect(t.columns[2][0]).toBe('Portland, OR');
    // Row 3: "VIP – ""gold"" tier" (escaped quotes inside a quoted field, an en dash).
    expect(t.columns[7][2]).toBe('VIP – "gold" tier');
    expect(t.columns[1][1]).toBe('Müller, Quentin');
    // Empty notes read as missing.
    expect(t.columns[7][0]).toBeNull();
  });

  it('keeps "None" as a value (a real holiday category in metro traffic)', () => {
    const t = readCsv(fixture('metro-300.csv'));
    expect(t.columns[0][0]).toBe('None');
    expect(isMissingMarker('None')).toBe(false);
  });

  it('treats the common missing markers as missing', () => {
    for (const m of ['', 'NA', 'N/A', 'n/a', '?', 'null', 'NULL', 'NaN', ' ? ']) expect(isMissingMarker(m)).toBe(true);
    for (const m of ['None', '0', 'no', 'nan-value']) expect(isMissingMarker(m)).toBe(false);
  });

  it('reads adult.csv\'s "?" as missing', () => {
    const t = readCsv(fixture('adult-2000.csv'));
    const workclass = t.columns[t.header.indexOf('workclass')];
    // adult rows 28 and 62 (1-based data rows) have workclass "?" in the UCI file.
    expect(workclass[27]).toBeNull();
    expect(workclass.filter((v) => v === null).length).toBeGreaterThan(50);
  });

  it('detects semicolon and tab delimiters', () => {
    expect(parseCsvText('a;b;c\n1;2;3\n4;5;6\n').delimiter).toBe(';');
    const tab = parseCsvText('a\tb\n1\t2\n');
    expect(tab.delimiter).toBe('\t');
    expect(tab.columns).toEqual([['1'], ['2']]);
  });

  it('tolerates a trailing delimiter and renames duplicate headers with a warning', () => {
    const t = parseCsvText('x,x,\n1,2,\n');
    expect(t.header).toEqual(['x', 'x.1', 'column_3']);
    expect(t.warnings.map((w) => w.code)).toContain('csv/duplicate-header');
  });
});

describe('readCsv refuses bad input with a located one-line message', () => {
  it('an empty file', () => {
    const e = synthError(() => readCsv(new Uint8Array(0), { fileName: 'empty.csv' }));
    expect(e.code).toBe('csv/empty');
    expect(e.message).toBe('empty.csv is empty.');
  });

  it('a file of blank lines', () => {
    expect(synthError(() => readCsv(bytes('\n\n  \n'), { fileName: 'blank.csv' })).code).toBe('csv/empty');
  });

  it('a header with no rows', () => {
    const e = synthError(() => readCsv(bytes('a,b,c\n'), { fileName: 'h.csv' }));
    expect(e.code).toBe('csv/no-rows');
    expect(e.message).toBe('h.csv has a header (3 columns) but no data rows.');
  });

  it('a binary file', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    const e = synthError(() => readCsv(png, { fileName: 'picture.csv' }));
    expect(e.code).toBe('csv/binary');
    expect(e.message).toContain('picture.csv is not a text file');
  });

  it('a text file with some control bytes in its cells is read; random bytes without a NUL are not', () => {
    // About 2% of the bytes are SUB (0x1a), as where an apostrophe was lost in a real export.
    const rows = Array.from(
      { length: 200 },
      (_, i) => `${i},"the staff member\x1as car was taken from the lot",${i % 7}`,
    );
    const raw = readCsv(bytes(`id,note,k\n${rows.join('\n')}\n`), { fileName: 'notes.csv' });
    expect(raw.rowCount).toBe(200);
    expect(raw.columns[1][0]).toBe('the staff member\x1as car was taken from the lot');
    let s = 3;
    const noise = Uint8Array.from({ length: 4096 }, () => 1 + ((s = (s * 16807) % 2147483647) % 255));
    expect(synthError(() => readCsv(noise, { fileName: 'blob.csv' })).code).toBe('csv/binary');
  });

  it('a row with the wrong number of fields, naming its line (counting a quoted line break)', () => {
    const text = 'a,b,c\n1,2,3\n"multi\nline",5,6\n7,8\n9,10,11\n';
    const e = synthError(() => parseCsvText(text, { fileName: 'r.csv' }));
    expect(e.code).toBe('csv/ragged-row');
    // Line 1 header, line 2 first row, lines 3-4 the quoted row, line 5 the short row.
    expect(e.location.line).toBe(5);
    expect(e.message).toBe('r.csv:5: row has 2 fields, but the header has 3.');
  });

  it('an unclosed quote', () => {
    const e = synthError(() => parseCsvText('a,b\n1,"oops\n2,3\n', { fileName: 'q.csv' }));
    expect(e.code).toBe('csv/quotes');
  });

  it('reads Windows-1252 text that is not UTF-8, with a warning', () => {
    // "café" in Windows-1252: é = 0xE9, invalid as UTF-8.
    const t = readCsv(new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a]), {
      fileName: 'w.csv',
    });
    expect(t.columns[0][0]).toBe('café');
    expect(t.warnings[0].code).toBe('csv/not-utf8');
  });
});

describe('the quote-free fast path', () => {
  // Tables, errors and warnings exactly as papaparse's path gives them, on quote-free text with any
  // delimiter, line ending (mixed too), empty lines, missing markers, ragged rows and a BOM.
  const outcome = (parse: () => unknown): unknown => {
    try {
      return parse();
    } catch (e) {
      return { error: (e as Error).message };
    }
  };
  const cell = fc.constantFrom(
    '',
    'NA',
    ' na ',
    '?',
    'x',
    'y',
    '1',
    '2.5',
    'None',
    'null',
    ' ',
    'a b',
    'é',
    '12,5',
    'a;b',
    'a\tb',
    'a|b',
    '-3',
    '#N/A',
  );
  const text = fc
    .record({
      delimiter: fc.constantFrom(',', ';', '\t', '|', ' '),
      newline: fc.constantFrom('\n', '\r\n', '\r', 'mixed'),
      header: fc.array(fc.constantFrom('a', 'b', '', 'col', 'x y'), { minLength: 1, maxLength: 5 }),
      rows: fc.array(fc.record({ cells: fc.array(cell, { maxLength: 6 }), blank: fc.boolean() }), { maxLength: 25 }),
      ends: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 30, maxLength: 30 }),
      bom: fc.boolean(),
      trailing: fc.boolean(),
    })
    .map(({ delimiter, newline, header, rows, ends, bom, trailing }) => {
      const lines = [header.join(delimiter), ...rows.map((r) => (r.blank ? '' : r.cells.join(delimiter)))];
      const eol = (i: number): string => (newline === 'mixed' ? ends[i % ends.length] : newline);
      return (bom ? '\ufeff' : '') + lines.map((l, i) => l + (i < lines.length - 1 || trailing ? eol(i) : '')).join('');
    });

  it('reads every quote-free table as papaparse does', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(outcome(() => parseCsvText(t, { fileName: 'f.csv' }))).toEqual(
          outcome(() => parseCsvTextWithPapaparse(t, { fileName: 'f.csv' })),
        );
      }),
      { numRuns: 3000 },
    );
  });

  it("keeps each column's dictionary as a fresh count would make it", () => {
    const t = parseCsvText('a,b,c\n1,x,NA\n2,y,\n1,x,z\n\n3,?,z\n');
    for (const cells of t.columns) {
      const kept = cellDictionary(cells);
      const fresh = cellDictionary(cells.slice());
      expect({ ...kept, counts: [...kept.counts], codes: [...kept.codes] }).toEqual({
        ...fresh,
        counts: [...fresh.counts],
        codes: [...fresh.codes],
      });
    }
    expect(t.columns[2]).toEqual([null, null, 'z', 'z']);
  });
});
