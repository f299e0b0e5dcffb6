import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../../src/core/csv/read';
import { CsvStreamReader, skippedWarning } from '../../../../src/core/csv/stream';
import { SynthError } from '../../../../src/core/errors';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'fixtures');

/** Read bytes through the stream reader in chunks of `size` bytes: header, columns, lines. */
function streamRead(bytes: Uint8Array, size: number, fileName = 'x.csv') {
  const rows: (string | null)[][] = [];
  const lines: number[] = [];
  const reader = new CsvStreamReader(fileName, (cells, line) => {
    rows.push([...cells]);
    lines.push(line);
  });
  for (let i = 0; i < bytes.length; i += size) reader.push(bytes.subarray(i, i + size));
  reader.end();
  const header = reader.header!;
  const columns = header.map((_, c) => rows.map((r) => r[c]));
  return { reader, header, columns, lines };
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('CsvStreamReader', () => {
  // readCsv (papaparse and its quote-free fast path) is the reference: the same cells, whatever the chunking.
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.csv'));
  for (const file of files)
    it(`reads ${file} as readCsv does`, () => {
      const bytes = new Uint8Array(readFileSync(path.join(FIXTURES, file)));
      let expected;
      try {
        expected = readCsv(bytes, { fileName: file });
      } catch {
        return; // a fixture readCsv refuses (tested elsewhere)
      }
      const got = streamRead(bytes, 4096, file);
      expect(got.header).toEqual(expected.header);
      expect(got.columns).toEqual(expected.columns);
      expect(got.reader.delimiter).toBe(expected.delimiter);
      expect(got.reader.newline).toBe(expected.newline);
    });

  it('cuts quoted fields across chunk boundaries, with doubled quotes and line breaks inside', () => {
    // Over 1 MB, so that rows are cut while the file is still arriving.
    const parts = ['id,note,amount'];
    for (let i = 0; i < 30_000; i++) parts.push(`${i},"say ""hi""\nline ${i}, more",${i % 7}.5`);
    const text = parts.join('\r\n') + '\r\n';
    const bytes = enc(text);
    const expected = readCsv(bytes);
    for (const size of [1, 7, 65_536]) {
      if (size === 1) {
        // One byte at a time over the first rows only (the whole file would be slow).
        const head = enc(parts.slice(0, 50).join('\r\n'));
        const got = streamRead(head, 1);
        expect(got.columns[1].slice(0, 3)).toEqual(expected.columns[1].slice(0, 3));
        continue;
      }
      const got = streamRead(bytes, size);
      expect(got.header).toEqual(expected.header);
      expect(got.columns).toEqual(expected.columns);
      // Each row spans two lines: row r starts on line 2 + 2r.
      expect(got.lines[0]).toBe(2);
      expect(got.lines[29_999]).toBe(2 + 2 * 29_999);
    }
  });

  it("numbers each column's distinct cells, up to 65,536 of them, quoted or not, markers as null", () => {
    // Column a: 70,000 distinct numbers (past the table's 65,536); b: three levels and a marker;
    // c: quoted on every seventh row. Chunks of 4,093 bytes cut rows and cells anywhere.
    const parts = ['a,b,c'];
    for (let i = 0; i < 70_000; i++)
      parts.push(
        `${i * 7},${['x', 'yy', 'NA', 'a longer level name'][i % 4]},${i % 7 === 0 ? `"q${i % 5}"` : `q${i % 5}`}`,
      );
    const bytes = enc(parts.join('\n'));
    const seen: { cells: (string | null)[]; ids: number[] }[] = [];
    const reader = new CsvStreamReader('x.csv', (cells) => seen.push({ cells: [...cells], ids: [...reader.ids] }));
    for (let i = 0; i < bytes.length; i += 4093) reader.push(bytes.subarray(i, i + 4093));
    reader.end();
    expect(seen).toHaveLength(70_000);
    const expected = readCsv(bytes);
    expect(seen.map((r) => r.cells[0])).toEqual(expected.columns[0]);
    expect(seen.map((r) => r.cells[1])).toEqual(expected.columns[1]);
    expect(seen.map((r) => r.cells[2])).toEqual(expected.columns[2]);
    // Column a: ids in the order first met, then -1 once the table is full.
    expect(seen[0].ids[0]).toBe(0);
    expect(seen[65_535].ids[0]).toBe(65_535);
    expect(seen[65_536].ids[0]).toBe(-1);
    expect(reader.tables[0].size).toBe(65_536);
    // Column b: four texts, "NA" among them read as null; the same id for the same text everywhere.
    expect(reader.tables[1].texts).toEqual(['x', 'yy', 'NA', 'a longer level name']);
    expect(reader.tables[1].cells).toEqual(['x', 'yy', null, 'a longer level name']);
    expect(seen.every((r, i) => r.ids[1] === i % 4)).toBe(true);
    // Column c: quoted and unquoted cells of the same text share an id.
    expect(reader.tables[2].size).toBe(5);
    for (const r of seen) expect(reader.tables[2].texts[r.ids[2]]).toBe(r.cells[2]);
  });

  it('stops numbering a column of long texts at 2,000,000 characters, and still reads its cells', () => {
    // 3,000 distinct cells of 1,000 characters: the table takes 2,000 of them (2,000,000 characters).
    const parts = ['k,note'];
    for (let i = 0; i < 3000; i++) parts.push(`${i % 3},${String(i).padStart(6, '0')}${'x'.repeat(994)}`);
    const bytes = enc(parts.join('\n'));
    const ids: number[] = [];
    const notes: (string | null)[] = [];
    const reader = new CsvStreamReader('x.csv', (cells) => {
      ids.push(reader.ids[1]);
      notes.push(cells[1]);
    });
    for (let i = 0; i < bytes.length; i += 65_536) reader.push(bytes.subarray(i, i + 65_536));
    reader.end();
    expect(reader.tables[1].size).toBe(2000);
    expect(ids[1999]).toBe(1999);
    expect(ids[2000]).toBe(-1);
    expect(notes).toEqual(readCsv(bytes).columns[1]);
    // The short column is numbered throughout.
    expect(reader.tables[0].size).toBe(3);
  });

  it('skips a malformed row deep in the file and names its line', () => {
    const parts = ['a,b,c'];
    for (let i = 0; i < 100_000; i++) parts.push(i === 87_654 ? `${i},oops` : `${i},x,${i % 3}`);
    const got = streamRead(enc(parts.join('\n')), 65_536, 'big.csv');
    expect(got.reader.rows).toBe(99_999);
    expect(got.reader.skipped).toEqual({ count: 1, first: [{ line: 87_656, fields: 2 }] });
    const w = skippedWarning(got.reader.skipped, 3, 'big.csv')!;
    expect(w.message).toContain('line 87656 (2 fields)');
    expect(w.line).toBe(87_656);
  });

  it('refuses a quote that is never closed, naming the line it opens on', () => {
    const text = 'a,b\n1,2\n3,"never\n4,5\n';
    try {
      streamRead(enc(text), 3);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SynthError);
      expect((e as SynthError).message).toBe('x.csv:3: a quoted field is never closed.');
    }
  });

  it('refuses an empty file and a header without rows', () => {
    expect(() => streamRead(enc(''), 10)).toThrow(/is empty/);
    expect(() => streamRead(enc('a,b\n'), 10)).toThrow(/no data rows/);
  });
});
