import { describe, expect, it } from 'vitest';
import { parseBlueprint } from '../../../src/core/blueprint/parse';
import { parseCsvText } from '../../../src/core/csv/read';
import { compare, generateFromText, synthesize } from '../../../src/core/pipeline';
import { bytes, fixture, synthError } from '../helpers';

describe('synthesize penguins.csv', () => {
  const out = synthesize({ csv: fixture('penguins.csv'), fileName: 'penguins.csv' });
  const synth = parseCsvText(out.csvText);
  const real = parseCsvText(new TextDecoder().decode(fixture('penguins.csv')));

  it('writes the same columns and as many rows as the source', () => {
    expect(synth.header).toEqual(real.header);
    expect(synth.rowCount).toBe(344);
    expect(out.names).toEqual({
      blueprint: 'penguins.synth.json',
      synthetic: 'penguins.synthetic.csv',
      reportJson: 'penguins.report.json',
      reportHtml: 'penguins.report.html',
    });
  });

  it('is byte-identical for the same seed and different for another', () => {
    const again = synthesize({ csv: fixture('penguins.csv'), fileName: 'penguins.csv' });
    expect(again.csvText).toBe(out.csvText);
    expect(again.blueprintText).toBe(out.blueprintText);
    expect(again.reportText).toBe(out.reportText);
    const other = synthesize({ csv: fixture('penguins.csv'), fileName: 'penguins.csv', seed: 7 });
    expect(other.csvText).not.toBe(out.csvText);
  });

  it('writes a blueprint that validates cleanly and regenerates the same rows', () => {
    const parsed = parseBlueprint(out.blueprintText, 'penguins.synth.json');
    expect(parsed.problems).toEqual([]);
    const regenerated = generateFromText({ blueprintText: out.blueprintText, fileName: 'penguins.synth.json' });
    expect(regenerated.csvText).toBe(out.csvText);
  });

  it('keeps categories, bounds, integers and decimals of the source', () => {
    const col = (t: typeof real, name: string): (string | null)[] => t.columns[t.header.indexOf(name)];
    expect(new Set(col(synth, 'species'))).toEqual(new Set(['Adelie', 'Chinstrap', 'Gentoo']));
    const mass = col(synth, 'body_mass_g')
      .filter((v): v is string => v !== null)
      .map(Number);
    expect(mass.every(Number.isInteger)).toBe(true);
    expect(Math.min(...mass)).toBeGreaterThanOrEqual(2700);
    expect(Math.max(...mass)).toBeLessThanOrEqual(6300);
    const bill = col(synth, 'bill_length_mm').filter((v): v is string => v !== null);
    expect(bill.every((v) => /^\d+(\.\d)?$/.test(v))).toBe(true);
  });

  it('models missing values: about as many as the source, not none', () => {
    // penguins.csv has 11 missing `sex` values of 344 (3.2%).
    const sex = synth.columns[synth.header.indexOf('sex')];
    const missing = sex.filter((v) => v === null).length;
    expect(missing).toBeGreaterThan(2);
    expect(missing).toBeLessThan(30);
  });

  it('scores far better than chance and reports per-column metrics', () => {
    expect(out.report.score).toBeGreaterThan(0.8);
    expect(out.report.fidelity.columns.species.metric).toBe('TVComplement');
    expect(out.report.fidelity.columns.bill_depth_mm.metric).toBe('KSComplement');
  });

  it('stores no quantile step narrower than minGroupSize rows', () => {
    for (const c of out.blueprint.columns) {
      if (c.distribution?.kind !== 'empirical') continue;
      // Every step of rising probability spans at least 5 of the column's present rows; two points
      // at one probability are a jump (no rows), two with one value an atom (fitted probabilities
      // are rounded to 8 digits).
      const present = 344 * (1 - (c.missing ?? 0));
      const q = c.distribution.quantiles;
      const p = c.distribution.probabilities ?? q.map((_, i) => i / (q.length - 1));
      for (let i = 1; i < p.length; i++)
        if (p[i] > p[i - 1]) expect((p[i] - p[i - 1]) * present).toBeGreaterThan(5 - 1e-3);
    }
  });
});

describe('identifiers and free text are generated, never copied', () => {
  const out = synthesize({ csv: fixture('messy.csv'), fileName: 'messy.csv' });
  const real = parseCsvText(new TextDecoder().decode(fixture('messy.csv')));
  const synth = parseCsvText(out.csvText);

  it('keeps ids unique and names out of both the blueprint and the output', () => {
    const ids = synth.columns[0];
    expect(new Set(ids).size).toBe(ids.length);
    const realNames = real.columns[1].filter((v): v is string => v !== null);
    const synthNames = new Set(synth.columns[1]);
    for (const n of realNames) {
      expect(synthNames.has(n)).toBe(false);
      expect(out.blueprintText.includes(n)).toBe(false);
    }
  });

  it('keeps the source line endings', () => {
    expect(out.csvText.includes('\r\n')).toBe(true);
  });
});

describe('bad input: one clear message, nothing produced', () => {
  it('an empty file', () => {
    expect(synthError(() => synthesize({ csv: new Uint8Array(0), fileName: 'empty.csv' })).message).toBe(
      'empty.csv is empty.',
    );
  });

  it('a header without rows', () => {
    expect(synthError(() => synthesize({ csv: bytes('a,b\n'), fileName: 'h.csv' })).code).toBe('csv/no-rows');
  });

  it('a blueprint with a JSON syntax error names line and column', () => {
    const e = synthError(() =>
      generateFromText({
        blueprintText: '{\n  "version": 1,\n  "name": "x"\n  "rows": 3\n}',
        fileName: 'bad.synth.json',
      }),
    );
    expect(e.code).toBe('json/syntax');
    expect(e.location).toMatchObject({ file: 'bad.synth.json', line: 4, column: 3 });
    expect(e.message).toContain('comma');
  });

  it('a blueprint with a semantic error names its JSON path', () => {
    const out = synthesize({ csv: fixture('tips.csv'), fileName: 'tips.csv' });
    const broken = out.blueprintText.replace('"type": "number"', '"type": "numbr"');
    const e = synthError(() => generateFromText({ blueprintText: broken, fileName: 'tips.synth.json' }));
    expect(e.location.jsonPath).toBe('columns[0].type');
    expect(e.location.line).toBeGreaterThan(1);
  });
});

describe('compare', () => {
  it("reads the second CSV with the first one's types and reports missing columns", () => {
    const real = fixture('tips.csv');
    const partial = bytes('"total_bill","tip"\n10.5,1.5\n20,3\n');
    const r = compare({ real, realName: 'tips.csv', synthetic: partial, syntheticName: 'part.csv' });
    expect(r.warnings.map((w) => w.code)).toContain('report/missing-columns');
    expect(Object.keys(r.report.fidelity.columns)).toEqual(['total_bill', 'tip']);
  });
});

describe('refitting keeps the constraints the user wrote', () => {
  const first = synthesize({ csv: fixture('taxis-200.csv'), fileName: 'taxis.csv', seed: 1 });

  it('the constraints found in the data are marked fitted', () => {
    expect(first.blueprint.constraints?.find((c) => c.expr === 'dropoff >= pickup')?.fitted).toBe(true);
  });

  it("a refit keeps the user's constraints after the found ones, drops stale fitted ones, and checks them all", () => {
    const edited = JSON.parse(first.blueprintText);
    edited.constraints.push(
      { expr: 'fare <= 150', description: 'our fare cap' },
      { expr: 'dropoff   >=  pickup' }, // the user's copy of a found one: not repeated
      { expr: 'tip <= 0', fitted: true }, // a fitted one the data no longer shows: dropped
    );
    // Comments are allowed in blueprints; the previous text is read as the editor reads it.
    const previous = `// edited by hand\n${JSON.stringify(edited, null, 2)}`;
    const again = synthesize({
      csv: fixture('taxis-200.csv'),
      fileName: 'taxis.csv',
      seed: 1,
      previousBlueprint: previous,
    });
    const exprs = again.blueprint.constraints!.map((c) => c.expr);
    expect(exprs).toContain('fare <= 150');
    expect(exprs.filter((e) => e.replace(/\s+/g, '') === 'dropoff>=pickup')).toHaveLength(1);
    expect(exprs).not.toContain('tip <= 0');
    expect(again.blueprint.constraints!.find((c) => c.expr === 'fare <= 150')).toEqual({
      expr: 'fare <= 150',
      description: 'our fare cap',
    });
    // The kept constraint is checked on the new synthetic rows like any other.
    expect(again.constraints.map((c) => c.expr)).toContain('fare <= 150');
    expect(
      parseBlueprint(again.blueprintText, 'taxis.synth.json').problems.filter((p) => p.severity === 'error'),
    ).toEqual([]);
  });

  it('a previous blueprint that does not parse is simply replaced', () => {
    const again = synthesize({
      csv: fixture('taxis-200.csv'),
      fileName: 'taxis.csv',
      seed: 1,
      previousBlueprint: '{ "constraints": [ oops',
    });
    expect(again.blueprintText).toBe(first.blueprintText);
  });
});

describe('generateFromText into a sink (VS Code Generate writes as it goes)', () => {
  const fit = synthesize({ csv: fixture('penguins.csv'), fileName: 'penguins.csv' });
  const input = {
    blueprintText: fit.blueprintText,
    fileName: 'penguins.synth.json',
    rows: 1000,
    sourceCsv: fixture('penguins.csv'),
  };
  const whole = generateFromText(input);

  it('hands the sink the bytes it would have returned, and returns none', () => {
    const parts: string[] = [];
    const out = generateFromText({ ...input, sink: (d) => parts.push(d as string) });
    expect(parts.join('')).toBe(whole.outputText);
    expect(out.outputText).toBe('');
    expect(out.constraints).toEqual(whole.constraints);
  });

  it('gives the same report when every row is kept, and says so when only the first are', () => {
    const all = generateFromText({ ...input, sink: () => undefined, keepRows: 1000 });
    expect(all.report).toEqual(whole.report);
    const first = generateFromText({ ...input, sink: () => undefined, keepRows: 300 });
    expect(first.report!.synthetic.rows).toBe(300);
    expect(first.report!.notes).toContain(
      'The synthetic side of this report is the first 300 of the 1,000 rows written.',
    );
  });
});

describe('a time of day and a duration', () => {
  // 300 shifts: a start time (HH:mm, earlier in the day for the night shift) and a length (H:mm:ss).
  let s = 11;
  const rnd = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const lines = ['shift,start,length'];
  for (let i = 0; i < 300; i++) {
    const night = rnd() < 0.3;
    const minute = Math.floor((night ? 1 + rnd() * 4 : 7 + rnd() * 10) * 60);
    const secs = Math.floor(3600 * (2 + rnd() * 6));
    const pad = (n: number): string => String(n).padStart(2, '0');
    lines.push(
      `${night ? 'night' : 'day'},${pad(Math.floor(minute / 60))}:${pad(minute % 60)},${Math.floor(secs / 3600)}:${pad(Math.floor(secs / 60) % 60)}:${pad(secs % 60)}`,
    );
  }
  const out = synthesize({ csv: bytes(lines.join('\n') + '\n'), fileName: 'shifts.csv' });

  it('are datetimes written back as times, never identifiers of digits or IP addresses', () => {
    const blueprint = JSON.parse(out.blueprintText) as { columns: { name: string; type: string; format?: string }[] };
    expect(blueprint.columns.map((c) => [c.name, c.type, c.format])).toEqual([
      ['shift', 'category', undefined],
      ['start', 'datetime', 'HH:mm'],
      ['length', 'datetime', 'H:mm:ss'],
    ]);
    const synth = parseCsvText(out.csvText);
    const start = synth.columns[1] as string[];
    const length = synth.columns[2] as string[];
    for (const v of start) expect(v).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
    for (const v of length) expect(v).toMatch(/^\d:[0-5]\d:[0-5]\d$/);
    // The night shift still starts at night: the time of day follows the shift.
    const shift = synth.columns[0] as string[];
    const nightStarts = start.filter((_, i) => shift[i] === 'night').map((v) => Number(v.slice(0, 2)));
    expect(nightStarts.filter((h) => h < 6).length).toBeGreaterThan(0.9 * nightStarts.length);
  });
});

describe('numbers written at full double precision (R, pandas: 0.31678086519241333)', () => {
  // Survey weights and fractions as R writes doubles: 16-17 significant digits. They were rounded
  // to 15 decimals in the blueprint, then written with 17-18 fixed decimals (0.31678086519241300,
  // 0.149692937731742998): every synthetic value a little off every real one, which a classifier
  // tells apart at once (ROC-AUC 1.00 on such tables of Rdatasets). A sum "weight = base + prob + 1"
  // was also found by rounding their differences to 0 decimals.
  const weights = [0.9965166449546814, 1.0045636892318726, 1.0065559148788452, 0.9536028504371643, 1.0358822345733643];
  const fractions = [0.03766150772571564, 0.0872853547334671, 0.5916954874992371, 0.40657591819763184];
  let r = 11;
  const rnd = (): number => (r = (r * 16807) % 2147483647) / 2147483647;
  const lines = ['constant,weight,fraction,prob'];
  for (let i = 0; i < 400; i++)
    lines.push(
      `0.31678086519241333,${weights[Math.floor(rnd() * weights.length)]},${fractions[Math.floor(rnd() * fractions.length)]},${(rnd() * 1e-3).toPrecision(15)}`,
    );
  const out = synthesize({ csv: bytes(lines.join('\n') + '\n'), fileName: 'weights.csv' });
  const synth = parseCsvText(out.csvText);

  it('keeps every value exactly and writes it as the source does', () => {
    const blueprint = JSON.parse(out.blueprintText) as {
      columns: { name: string; decimals?: number; format?: string }[];
    };
    for (const c of blueprint.columns.slice(0, 3))
      expect([c.name, c.decimals, c.format]).toEqual([c.name, undefined, undefined]);
    expect(new Set(synth.columns[0])).toEqual(new Set(['0.31678086519241333']));
    const realWeights = new Set(weights.map(String));
    const realFractions = new Set(fractions.map(String));
    expect((synth.columns[1] as string[]).every((v) => realWeights.has(v))).toBe(true);
    expect((synth.columns[2] as string[]).every((v) => realFractions.has(v))).toBe(true);
  });

  it('finds no sum among them', () => {
    expect(out.blueprintText).not.toContain('"differences"');
  });
});

describe('a header as R\'s write.csv writes it (row names headed "")', () => {
  const lines = ['"","age","group"'];
  for (let i = 1; i <= 120; i++) lines.push(`"${i}",${20 + (i % 50)},"${i % 3 === 0 ? 'a' : 'b'}"`);
  const out = synthesize({ csv: bytes(lines.join('\n') + '\n'), fileName: 'r.csv' });

  it('is the synthetic file header too, and the blueprint says so', () => {
    // The synthetic file stands in for the source: the same header row, the empty name included
    // (it was written "column_1", and detect.py refused the pair: "synthetic file lacks columns").
    expect(out.csvText.split('\n')[0]).toBe(',age,group');
    const blueprint = JSON.parse(out.blueprintText) as { columns: { name: string }[]; output: { header?: string[] } };
    expect(blueprint.columns[0].name).toBe('column_1');
    expect(blueprint.output.header).toEqual(['', 'age', 'group']);
    const again = generateFromText({ blueprintText: out.blueprintText, fileName: 'r.synth.json' });
    expect(again.csvText.split('\n')[0]).toBe(',age,group');
  });

  it('a header of another length is an error at output.header', () => {
    const blueprint = JSON.parse(out.blueprintText) as { output: { header?: string[] } };
    blueprint.output.header = ['', 'age'];
    const e = synthError(() =>
      generateFromText({ blueprintText: JSON.stringify(blueprint), fileName: 'r.synth.json' }),
    );
    expect(e.message).toContain('Output "header" has 2 names, but there are 3 columns.');
  });
});
