/**
 * The bad inputs the engine promises to handle, each through fitting and generation with every method: handled with
 * a sensible result or refused with one clear message, never a crash.
 */
import { describe, expect, it } from 'vitest';
import type { Method } from '../../../src/core/blueprint/types';
import { parseCsvText } from '../../../src/core/csv/read';
import { synthError } from '../../unit/helpers';
import { synthesize } from '../../../src/core/pipeline';

const METHODS: Method[] = ['copula', 'cart', 'augment'];
const enc = (s: string) => new TextEncoder().encode(s);
const run = (csv: string, method: Method) => synthesize({ csv: enc(csv), fileName: 'bad.csv', method });
const col = (csvText: string, name: string) => {
  const t = parseCsvText(csvText);
  return t.columns[t.header.indexOf(name)];
};

/** A seeded linear congruential sequence, so the fixtures are fixed. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe.each(METHODS)('bad input, method %s', (method) => {
  it('an all-empty column stays empty; a constant column stays constant', () => {
    const r = lcg(1);
    const csv =
      'a,empty,const,b\n' +
      Array.from({ length: 100 }, () => `${r().toFixed(3)},,7,${'xyz'[Math.floor(r() * 3)]}`).join('\n') +
      '\n';
    const out = run(csv, method);
    expect(col(out.csvText, 'empty').every((v) => v === null)).toBe(true);
    expect(new Set(col(out.csvText, 'const'))).toEqual(new Set(['7']));
    expect(out.blueprint.columns.find((c) => c.name === 'empty')).toMatchObject({ missing: 1 });
  });

  it('a single row is refused: it cannot be described without storing it', () => {
    const e = synthError(() => run('a,b,c\n1.5,x,2020-01-01\n', method));
    expect(e.code).toBe('fit/too-few-rows');
    expect(e.message).toMatch(/1 data row.*at least 5/);
  });

  it('a table of 5 rows is fitted on all of them (a holdout would leave 4), with a note', () => {
    const out = run('a,b\n1,x\n2,y\n3,x\n4,y\n5,x\n', method);
    expect(out.blueprint.source?.holdout).toBe(0);
    expect(out.warnings.map((w) => w.code)).toContain('fit/no-holdout');
  });

  it('a column with fewer values than minGroupSize is generated empty, with a warning', () => {
    const csv =
      'a,rare\n' + Array.from({ length: 50 }, (_, i) => `${i % 9},${i < 3 ? 1000 + i : ''}`).join('\n') + '\n';
    const out = run(csv, method);
    expect(col(out.csvText, 'rare').every((v) => v === null)).toBe(true);
    expect(out.warnings.map((w) => w.code)).toContain('fit/too-few-values');
    expect(out.blueprintText).not.toContain('1000');
  });

  it('220 columns', () => {
    const r = lcg(2);
    const header = Array.from({ length: 220 }, (_, i) => `c${i}`).join(',');
    const rows = Array.from({ length: 120 }, () =>
      Array.from({ length: 220 }, (_, i) => (i % 3 ? (r() * 10).toFixed(2) : 'abc'[Math.floor(r() * 3)])).join(','),
    );
    const out = run(`${header}\n${rows.join('\n')}\n`, method);
    expect(parseCsvText(out.csvText).header.length).toBe(220);
    expect(out.report.fidelity.score).toBeGreaterThan(0.5);
  });

  it('a 100-category column keeps its category set', () => {
    const r = lcg(3);
    const csv =
      'cat,x\n' +
      Array.from({ length: 2000 }, () => {
        const c = Math.floor(r() * 100);
        return `level_${c},${(c + r()).toFixed(2)}`;
      }).join('\n') +
      '\n';
    const out = run(csv, method);
    const cats = new Set(col(out.csvText, 'cat'));
    for (const c of cats) expect(c).toMatch(/^level_\d+$/);
    expect(cats.size).toBeGreaterThan(90);
  });

  it('thousands separators and currency signs are read as numbers and written back the same way', () => {
    const r = lcg(4);
    const csv =
      'price,qty,share\n' +
      Array.from(
        { length: 200 },
        () =>
          `"$${(r() * 20000).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}","${Math.floor(r() * 5000).toLocaleString('en-US')}",${Math.floor(r() * 100)}%`,
      ).join('\n') +
      '\n';
    const out = run(csv, method);
    expect(out.blueprint.columns.map((c) => c.type)).toEqual(['number', 'integer', 'integer']);
    for (const v of col(out.csvText, 'price')) expect(v).toMatch(/^\$\d{1,3}(,\d{3})*\.\d\d$/);
    for (const v of col(out.csvText, 'qty')) expect(v).toMatch(/^\d{1,3}(,\d{3})*$/);
    for (const v of col(out.csvText, 'share')) expect(v).toMatch(/^\d+%$/);
  });

  it('mixed date formats are all read, with a warning, and written in the main format', () => {
    const csv =
      'd,x\n' +
      Array.from({ length: 200 }, (_, i) => {
        const y = 2020 + (i % 3);
        const m = String(1 + (i % 12)).padStart(2, '0');
        const d = String(1 + (i % 28)).padStart(2, '0');
        return `${i % 10 === 0 ? `${m}/${d}/${y}` : `${y}-${m}-${d}`},${i}`;
      }).join('\n') +
      '\n';
    const out = run(csv, method);
    expect(out.warnings.map((w) => w.code)).toContain('csv/mixed-date-formats');
    expect(out.issues).toEqual([]);
    for (const v of col(out.csvText, 'd')) expect(v).toMatch(/^202[0-2]-\d\d-\d\d$/);
  });
});
