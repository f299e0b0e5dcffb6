import { describe, expect, it } from 'vitest';
import type { Method } from '../../../../src/core/blueprint/types';
import { parseBlueprint } from '../../../../src/core/blueprint/parse';
import { formatDatetime, parseDatetime } from '../../../../src/core/csv/datetime';
import { parseCsvText } from '../../../../src/core/csv/read';
import { readValue } from '../../../../src/core/generate/marginals';
import { generateFromText, synthesize } from '../../../../src/core/pipeline';
import { fixture } from '../../helpers';
import { FITTED, fitText, fitted, labels, numbers } from '../fit/methods';

// Fixtures: whole seaborn/UCI files or slices of them (test/fixtures/README.md).
const FILES = ['penguins.csv', 'titanic.csv', 'tips.csv', 'taxis-200.csv', 'adult-2000.csv', 'metro-300.csv'];

describe.each(FITTED)('method %s', (method) => {
  it('is byte-identical for the same seed, different for another', () => {
    const run = (seed?: number) =>
      synthesize({
        csv: fixture('taxis-200.csv'),
        fileName: 'taxis-200.csv',
        method,
        ...(seed !== undefined ? { seed } : {}),
      });
    const a = run();
    const b = run();
    expect(b.csvText).toBe(a.csvText);
    expect(b.blueprintText).toBe(a.blueprintText);
    expect(run(7).csvText).not.toBe(a.csvText);
  });

  it('writes a blueprint that validates cleanly and regenerates the same rows from its text', () => {
    const out = synthesize({ csv: fixture('penguins.csv'), fileName: 'penguins.csv', method });
    expect(parseBlueprint(out.blueprintText, 'penguins.synth.json').problems).toEqual([]);
    const again = generateFromText({
      blueprintText: out.blueprintText,
      fileName: 'penguins.synth.json',
      sourceCsv: fixture('penguins.csv'),
    });
    expect(again.csvText).toBe(out.csvText);
  });

  it.each(FILES)('respects bounds, integers, decimals, category sets and date ranges of %s', (file) => {
    const { fit, synthetic } = fitted(file, method);
    for (const spec of fit.blueprint.columns) {
      if (spec.type === 'integer' || spec.type === 'number' || spec.type === 'datetime') {
        const xs = numbers(synthetic, spec.name);
        if ((spec.missing ?? 0) < 1) expect(xs.length).toBeGreaterThan(0);
        const lo = readValue(spec, spec.min);
        const hi = readValue(spec, spec.max);
        for (const x of xs) {
          expect(x).toBeGreaterThanOrEqual(lo);
          expect(x).toBeLessThanOrEqual(hi);
          if (spec.type === 'integer') expect(Number.isInteger(x)).toBe(true);
          if (spec.type === 'number' && spec.decimals !== undefined)
            expect(Math.abs(x * 10 ** spec.decimals - Math.round(x * 10 ** spec.decimals))).toBeLessThan(1e-6);
          if (spec.type === 'datetime') expect(parseDatetime(formatDatetime(x, spec.format!), spec.format!)).toBe(x);
        }
      } else if (spec.type === 'category' || spec.type === 'boolean') {
        const allowed = new Set(
          spec.distribution?.kind === 'categorical' ? Object.keys(spec.distribution.probabilities) : [],
        );
        // A pooled rare level (`rareLevel`) is written as fresh values instead, none of the levels.
        const fresh = spec.rareLevel !== undefined && spec.type === 'category';
        for (const l of labels(synthetic, spec.name))
          if (l !== null) expect(fresh ? l !== spec.rareLevel : allowed.has(l)).toBe(true);
      }
    }
  });

  it('keeps the source number and date formats in the CSV it writes', () => {
    const csv =
      'price,day,n\n' +
      Array.from(
        { length: 60 },
        (_, i) =>
          `"$${(1000 + i * 37.5).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}",2021/03/${String(1 + (i % 28)).padStart(2, '0')} 10:${String(i % 60).padStart(2, '0')},${i % 7}`,
      ).join('\n') +
      '\n';
    const out = synthesize({ csv: new TextEncoder().encode(csv), fileName: 'f.csv', method });
    const rows = parseCsvText(out.csvText);
    for (const v of rows.columns[0]) expect(v).toMatch(/^\$\d{1,3}(,\d{3})*\.\d{2}$/);
    for (const v of rows.columns[1]) expect(v).toMatch(/^2021\/03\/\d{2} \d{2}:\d{2}$/);
  });
});

describe.each(['copula', 'cart'] as Method[])('%s models missing values with their relations', (method) => {
  // x is missing in 60% of the rows of group a and never in group b.
  const csv =
    'g,x,y\n' +
    Array.from({ length: 400 }, (_, i) => {
      const g = i % 2 === 0 ? 'a' : 'b';
      const missing = g === 'a' && (i * 7919) % 10 < 6;
      return `${g},${missing ? '' : (i % 50) + 0.5},${i % 13}`;
    }).join('\n') +
    '\n';
  const { synthetic } = fitText(csv, method);
  const g = labels(synthetic, 'g');
  const x = (synthetic.columns[1] as { values: Float64Array }).values;
  const rate = (level: string) => {
    let n = 0;
    let m = 0;
    g.forEach((l, i) => {
      if (l === level) {
        n++;
        if (Number.isNaN(x[i])) m++;
      }
    });
    return m / n;
  };
  it('missing where the source is missing, present where it is present', () => {
    expect(rate('a')).toBeGreaterThan(0.45);
    expect(rate('a')).toBeLessThan(0.75);
    expect(rate('b')).toBeLessThan(0.1);
  });
});
