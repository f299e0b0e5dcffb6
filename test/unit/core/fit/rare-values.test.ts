// "A fitted blueprint never holds a real record": no value seen in fewer than privacy.minGroupSize
// rows of a text-like column is written into a fitted blueprint, whatever the method, on every
// shared fixture and on a table of people's names.
import { readdirSync } from 'node:fs';
import { parseBlueprint } from '../../../../src/core/blueprint/parse';
import { describe, expect, it } from 'vitest';
import type { Method } from '../../../../src/core/blueprint/types';
import { inferColumns } from '../../../../src/core/csv/infer';
import { readCsv } from '../../../../src/core/csv/read';
import { synthesize } from '../../../../src/core/pipeline';
import { bytes, fixture, FIXTURES } from '../../helpers';

const K = 5; // privacy.minGroupSize default

/** Every string in a JSON value: values and keys. */
function strings(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      strings(v, out);
    }
  return out;
}

/**
 * Values of the table's category, boolean, id and text columns seen in fewer than K rows of their
 * column, and not seen K times or more in any other column (a value frequent elsewhere, like
 * "yes", may rightly be stored), counted on the raw cells, independently of the fit.
 */
function rareValues(csv: Uint8Array): Map<string, string> {
  const raw = readCsv(csv);
  const kinds = inferColumns(raw);
  const counts = raw.columns.map((cells) => {
    const m = new Map<string, number>();
    for (const c of cells) if (c !== null) m.set(c, (m.get(c) ?? 0) + 1);
    return m;
  });
  const frequent = new Set<string>(raw.header);
  for (const m of counts) for (const [v, n] of m) if (n >= K) frequent.add(v);
  const rare = new Map<string, string>();
  raw.header.forEach((name, i) => {
    if (!['category', 'boolean', 'id', 'text'].includes(kinds[i].type)) return;
    for (const [v, n] of counts[i]) if (n < K && !frequent.has(v)) rare.set(v, name);
  });
  return rare;
}

const FILES = readdirSync(FIXTURES).filter((f) => f.endsWith('.csv'));

describe.each(['copula', 'cart', 'augment'] as Method[])(
  '%s: no rare real value in the blueprint, a blueprint generate accepts',
  (method) => {
    it.each(FILES)('%s', (file) => {
      const csv = fixture(file);
      const rare = rareValues(csv);
      const out = synthesize({ csv, fileName: file, method, holdout: 0 });
      const stored = strings(JSON.parse(out.blueprintText));
      const leaked = [...rare].filter(([v]) => stored.has(v)).map(([v, col]) => `${col}: ${JSON.stringify(v)}`);
      expect(leaked).toEqual([]);
      // And the blueprint it writes is one `generate` accepts (a fitted tree once split on a
      // calendar part's presence, which the validator refused).
      const problems = parseBlueprint(out.blueprintText, `${file}.synth.json`).problems.filter(
        (p) => p.severity === 'error',
      );
      expect(problems.map((p) => `${p.jsonPath ?? ''}: ${p.message}`)).toEqual([]);
    });
  },
);

describe("a column of people's names (issue 12: 120 rows, 44 names, 6 seen once)", () => {
  const first = ['Ada', 'Bruno', 'Chen', 'Dara', 'Emeka', 'Farah', 'Goran', 'Hana', 'Ivo', 'Jun', 'Kemal'];
  const last = ['Okafor', 'Lindqvist', 'Moreau', 'Tanaka'];
  const names = first.flatMap((f) => last.map((l) => `${f} ${l}`)); // 44 names
  // 6 names once, 38 names 2 or 3 times: 6 + 38 * 2 + 38 = 120 rows.
  const cells = names.flatMap((n, i) => Array(i < 6 ? 1 : i < 44 ? (i % 2 ? 2 : 3) : 0).fill(n)).slice(0, 120);
  while (cells.length < 120) cells.push(names[10]);
  const csv = bytes(
    `name,age,plan\n${cells.map((n, i) => `${n},${20 + ((i * 7) % 50)},${['basic', 'pro', 'team'][i % 3]}`).join('\n')}\n`,
  );

  for (const method of ['copula', 'cart'] as Method[])
    it(`${method}: no name in the blueprint, no synthetic name is a real one`, () => {
      const out = synthesize({ csv, fileName: 'people.csv', method });
      const spec = out.blueprint.columns.find((c) => c.name === 'name')!;
      expect(spec.type).toBe('text');
      for (const n of names) expect(out.blueprintText).not.toContain(n);
      const synthetic = out.csvText
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]);
      expect(synthetic.filter((n) => names.includes(n))).toEqual([]);
      expect(out.warnings.map((w) => w.code)).toContain('csv/rare-levels');
    });
});

describe('a category with a few rare levels keeps its frequent ones and pools the rest as "other"', () => {
  it('the rare levels are generated as "other", with about their share of rows', () => {
    const levels = [...Array(60).fill('red'), ...Array(40).fill('blue'), 'Zelda', 'Yusuf', 'Xi', 'Wren'];
    const csv = bytes(`colour,n\n${levels.map((l, i) => `${l},${i % 9}`).join('\n')}\n`);
    const out = synthesize({ csv, fileName: 'c.csv', holdout: 0 });
    const spec = out.blueprint.columns.find((c) => c.name === 'colour')!;
    const p = (spec.distribution as { probabilities: Record<string, number> }).probabilities;
    expect(Object.keys(p).sort()).toEqual(['blue', 'other', 'red']);
    // 4 rare rows, counted as K = 5 by the floor that protects small groups: 5 / 105.
    expect(p.other).toBeCloseTo(5 / 105, 5);
    expect(out.warnings).toContainEqual(
      expect.objectContaining({
        code: 'fit/rare-levels',
        message:
          'Column "colour": 4 values seen fewer than 5 times (4 rows) are generated as "other", so that the blueprint names no rare value.',
      }),
    );
  });

  it('"other" as a real level: the pool gets another name', () => {
    const levels = [...Array(30).fill('red'), ...Array(30).fill('other'), 'Zelda', 'Yusuf'];
    const out = synthesize({ csv: bytes(`colour\n${levels.join('\n')}\n`), fileName: 'c.csv', holdout: 0 });
    const p = (out.blueprint.columns[0].distribution as { probabilities: Record<string, number> }).probabilities;
    expect(Object.keys(p).sort()).toEqual(['(other)', 'other', 'red']);
  });
});

describe('a column of number codes pools its rare levels into the nearest common one', () => {
  // titanic's sibsp: whole numbers of at most 10 values are codes (SDV's rule), and 5 and 8
  // siblings are rare. "other" in such a column is a word among numbers.
  const sibsp = [...Array(60).fill(0), ...Array(30).fill(1), ...Array(12).fill(2), ...Array(6).fill(4), 5, 5, 8];
  const csv = bytes(`sibsp,n\n${sibsp.map((v, i) => `${v},${i % 7}`).join('\n')}\n`);

  it.each(['cart', 'copula'] as Method[])('%s: no "other"; 5 and 8 are generated as 4', (method) => {
    const out = synthesize({ csv, fileName: 's.csv', holdout: 0, method });
    const spec = out.blueprint.columns.find((c) => c.name === 'sibsp')!;
    expect(spec.type).toBe('category');
    const p = (spec.distribution as { probabilities: Record<string, number> }).probabilities;
    expect(Object.keys(p).sort()).toEqual(['0', '1', '2', '4']);
    // 6 rows of 4 and the 3 rare rows: 9 / 111 (no floor: the pooled rows join a common level).
    expect(p['4']).toBeCloseTo(9 / 111, 5);
    const values = new Set(
      out.csvText
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    );
    expect([...values].every((v) => ['0', '1', '2', '4'].includes(v))).toBe(true);
    expect(out.warnings).toContainEqual(
      expect.objectContaining({
        code: 'fit/rare-levels',
        message:
          'Column "sibsp": 2 values seen fewer than 5 times (3 rows) are generated as the nearest value seen at least 5 times, so that the blueprint names no rare value.',
      }),
    );
  });
});
