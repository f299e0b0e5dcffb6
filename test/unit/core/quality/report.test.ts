import { describe, expect, it } from 'vitest';
import { compare, generateFromText, synthesize } from '../../../../src/core/pipeline';
import type { QualityReport } from '../../../../src/core/quality/types';
import { buildReport } from '../../../../src/core/quality/report';
import { numericStats } from '../../../../src/core/quality/shapes';
import { stringifyReport } from '../../../../src/core/quality/serialize';
import type { Table } from '../../../../src/core/table';
import { toTable } from '../../../../src/core/csv/convert';
import { inferColumns } from '../../../../src/core/csv/infer';
import { readCsv } from '../../../../src/core/csv/read';
import { gradeOf } from '../../../../src/core/quality/score';
import { fixture } from '../../helpers';
import { lcg, table } from './helpers';

/** Paths of numbers that are not finite (they would turn into null in JSON). */
function nonFinite(value: unknown, path = '$', out: string[] = []): string[] {
  if (typeof value === 'number' && !Number.isFinite(value)) out.push(path);
  else if (Array.isArray(value)) value.forEach((v, i) => nonFinite(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) nonFinite(v, `${path}.${k}`, out);
  return out;
}

function people(n: number, seed: number): Table {
  const rnd = lcg(seed);
  const rows = {
    age: [] as number[],
    income: [] as string[],
    city: [] as string[],
    balance: [] as (number | null)[],
    joined: [] as number[],
  };
  for (let i = 0; i < n; i++) {
    const age = 18 + Math.floor(rnd() * 60);
    rows.age.push(age);
    rows.city.push(['Oslo', 'Bergen', 'Tromsø'][Math.floor(rnd() * 3)]);
    rows.income.push(rnd() < (age > 45 ? 0.5 : 0.15) ? '>50K' : '<=50K');
    rows.balance.push(rnd() < 0.05 ? null : Math.round(age * 30 + rnd() * 500));
    rows.joined.push(Date.UTC(2020, 0, 1) + Math.floor(rnd() * 900) * 86_400_000);
  }
  return table(rows, { age: 'integer', joined: 'datetime' });
}

describe('buildReport', () => {
  const train = people(800, 1);
  const holdout = people(200, 2);
  const synthetic = people(1000, 3);
  const report = buildReport(train, synthetic, {
    train,
    holdout,
    realName: 'real.csv',
    syntheticName: 'synthetic.csv',
  });

  it('keeps the foundation keys and adds the quality sections', () => {
    for (const key of [
      'version',
      'title',
      'score',
      'grade',
      'verdict',
      'real',
      'synthetic',
      'fidelity',
      'columns',
      'notes',
    ])
      expect(report).toHaveProperty(key);
    for (const key of ['score', 'columnShapes', 'pairTrends', 'columns', 'pairs', 'excluded'])
      expect(report.fidelity).toHaveProperty(key);
    expect(report.validity.score).toBeGreaterThan(0.99);
    expect(report.privacy.dcrShare).toBeGreaterThan(0.3);
    expect(report.privacy.dcrShare).toBeLessThan(0.7);
    expect(report.privacy.exactCopyRate).toBe(0);
    expect(report.distinguishability.auc).toBeGreaterThan(0.4);
    expect(report.utility.retained).toBeGreaterThan(0.5);
    expect(report.utility.target).toMatchObject({ column: 'income', chosenBy: 'name' });
    expect(report.scores.fidelity.appliedWeight).toBe(0.4);
    expect(report.score).toBeCloseTo(
      0.4 * report.scores.fidelity.score! + 0.4 * report.scores.utility.score! + 0.2 * report.scores.privacy.score!,
      5,
    );
    for (const p of ['fidelity', 'utility', 'privacy'] as const) expect(report.scores[p].meaning).toMatch(/\.$/);
    expect(nonFinite(report)).toEqual([]);
  });
  it('carries the per-column extras and the pre-aggregated panel data', () => {
    expect(report.fidelity.columns.age).toMatchObject({
      metric: 'KSComplement',
      ks: expect.any(Number),
      wasserstein: expect.any(Number),
      jensenShannon: expect.any(Number),
    });
    expect(report.fidelity.columns.city.chiSquare).toMatchObject({
      dof: 2,
      pValue: expect.any(Number),
      cramersV: expect.any(Number),
    });
    expect(report.fidelity.correlation?.columns).toEqual(['age', 'balance', 'joined']);
    const pair = report.fidelity.pairs.find((p) => p.columns[0] === 'age' && p.columns[1] === 'income')!;
    expect(pair.table!.real.length).toBe(pair.table!.a.length);
    expect(pair.table!.real.flat().reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(report.target?.classes).toEqual(['<=50K', '>50K']);
    expect(report.target?.features.find((f) => f.name === 'age')?.boxes?.real).toHaveLength(2);
    expect(report.time?.[0]).toMatchObject({ column: 'joined', period: 'week' }); // 900 days: at most 200 periods
    expect(report.time?.[0].counts.real.reduce((a, b) => a + b, 0)).toBe(800);
    expect(report.sample?.real.length).toBe(500);
    expect(report.sample?.target?.column).toBe('income');
    expect(report.preview.real).toHaveLength(20);
    expect(report.privacy.closestPairs.pairs).toHaveLength(10);
    expect(report.privacy.dcr.histogram.syntheticToTrain.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(report.columns.find((c) => c.name === 'age')?.numeric?.real).toHaveProperty('whiskerHigh');
  });
  it('serialises compactly and parses back to the same value', () => {
    const text = stringifyReport(report);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(text.length).toBeLessThan(JSON.stringify(report, null, 2).length * 0.7);
  });
  it('is deterministic', () => {
    const again = buildReport(train, synthetic, {
      train,
      holdout,
      realName: 'real.csv',
      syntheticName: 'synthetic.csv',
    });
    expect(stringifyReport(again)).toBe(stringifyReport(report));
  });
});

describe('edge cases', () => {
  const check = (r: QualityReport): void => {
    expect(r.grade).toMatch(/^(A\+|A|B\+|B|C|F)$/);
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThanOrEqual(1);
    expect(() => JSON.parse(stringifyReport(r))).not.toThrow();
  };
  it('constant columns, all-missing columns and one category', () => {
    const real = table({
      k: [5, 5, 5, 5],
      m: [null, null, null, null],
      one: ['a', 'a', 'a', 'a'],
      same: ['s', 's', 's', 's'],
      x: [1, 2, 3, 4],
    });
    const synth = table({
      k: [5, 5, 6, 5],
      m: [null, null, null, null],
      one: ['a', 'a', 'a', 'b'],
      same: ['s', 's', 's', 's'],
      x: [1, 2, 2, 4],
    });
    const r = buildReport(real, synth, { train: real, holdout: real });
    check(r);
    expect(r.columns.find((c) => c.name === 'k')?.numeric?.real).toMatchObject({
      std: 0,
      skewness: null,
      kurtosis: null,
    });
    expect(r.fidelity.columns.m).toBeUndefined(); // nothing to compare
    expect(r.fidelity.columns.same).toMatchObject({ score: 1, jensenShannon: 0 });
    expect(r.fidelity.columns.same.chiSquare).toBeUndefined(); // one category on both sides: nothing to test
    expect(r.fidelity.columns.one.chiSquare?.dof).toBe(1);
    expect(r.validity.columns.find((c) => c.name === 'one')?.categories).toMatchObject({ outside: 1, unknown: ['b'] });
    expect(r.utility.skipped).toMatch(/categor/);
  });
  it('tiny tables of 1 to 3 rows', () => {
    for (const n of [1, 2, 3]) {
      const real = table({ a: [1, 2, 3].slice(0, n), c: ['x', 'y', 'x'].slice(0, n) });
      const synth = table({ a: [2, 2, 9].slice(0, n), c: ['x', 'x', 'z'].slice(0, n) });
      check(buildReport(real, synth));
      check(buildReport(real, synth, { train: real, holdout: table({ a: [1], c: ['y'] }) }));
    }
    check(buildReport(table({ a: [] }), table({ a: [] })));
  });
  it('no holdout: privacy share and utility are skipped and the weights renormalised', () => {
    const real = people(300, 4);
    const r = buildReport(real, people(300, 5), { noHoldoutReason: 'fitted on all rows (holdout 0)' });
    check(r);
    expect(r.privacy.dcrShare).toBeNull();
    expect(r.privacy.skipped).toMatch(/^fitted on all rows \(holdout 0\)/);
    expect(r.utility.skipped).toMatch(/^fitted on all rows \(holdout 0\)/);
    expect(r.scores.fidelity.appliedWeight).toBe(1);
    expect(r.score).toBe(r.scores.fidelity.score);
    // Fidelity in the score: SDMetrics' quality times the detection score.
    expect(r.scores.fidelity.score).toBeCloseTo(r.fidelity.score * (r.distinguishability.score ?? 1), 5);
    expect(r.notes.join(' ')).toMatch(/left out utility .*privacy .*renormalised to fidelity 1/);
  });
});

describe('numeric summaries', () => {
  it('match NumPy and SciPy', () => {
    const x = Float64Array.from([2.0, 4.5, 1.0, 7.0, 3.5, 9.0, 12.5, 4.0, 5.0, 30.0, NaN]);
    const s = numericStats(x);
    // numpy: mean 7.85, std(ddof=1) 8.488718002933854, quantile(.05,.25,.5,.75,.95) = 1.45, 3.625, 4.75, 8.5, 22.125
    // scipy.stats.skew(x, bias=False) 2.32668563479196, scipy.stats.kurtosis(x, bias=False) 5.972447924978498
    expect(s).toMatchObject({
      count: 10,
      missing: 1,
      mean: 7.85,
      p05: 1.45,
      p25: 3.625,
      median: 4.75,
      p75: 8.5,
      p95: 22.125,
      min: 1,
      max: 30,
    });
    expect(s.std).toBeCloseTo(8.488718002933854, 6);
    expect(s.skewness).toBeCloseTo(2.32668563479196, 6);
    expect(s.kurtosis).toBeCloseTo(5.972447924978498, 6);
    // fences -3.6875 and 15.8125: whiskers 1 and 12.5, one outlier (30)
    expect(s).toMatchObject({ whiskerLow: 1, whiskerHigh: 12.5, outliers: 1 });
  });
});

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
function csv(t: Table, from = 0, to = t.rowCount): string {
  const lines = [t.columns.map((c) => c.name).join(',')];
  for (let i = from; i < to; i++) {
    lines.push(
      t.columns
        .map((c) => {
          if (c.storage === 'numeric')
            return Number.isNaN(c.values[i])
              ? ''
              : c.type === 'datetime'
                ? new Date(c.values[i]).toISOString().slice(0, 10)
                : String(c.values[i]);
          if (c.storage === 'categorical') return c.codes[i] < 0 ? '' : c.levels[c.codes[i]];
          return c.values[i] ?? '';
        })
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('pipeline', () => {
  const all = people(1200, 7);
  it('compare() takes a holdout and a target', () => {
    const out = compare({
      real: enc(csv(all, 0, 900)),
      realName: 'train.csv',
      synthetic: enc(csv(people(900, 8))),
      syntheticName: 's.csv',
      holdout: enc(csv(all, 900)),
      holdoutName: 'h.csv',
      target: 'city',
    });
    expect(out.report.holdout).toMatchObject({ name: 'h.csv', rows: 300 });
    expect(out.report.utility.target).toMatchObject({ column: 'city', task: 'multiclass', chosenBy: 'option' });
    expect(out.report.privacy.dcrShare).not.toBeNull();
    expect(out.report.utility.models[0].tstr).toHaveProperty('rocAuc');
    expect(() =>
      compare({
        real: enc(csv(all)),
        realName: 'a.csv',
        synthetic: enc(csv(all)),
        syntheticName: 'b.csv',
        target: 'nope',
      }),
    ).toThrow(/no column "nope"/);
  });
  it('compares two synthetic outputs (no holdout): fidelity only', () => {
    const out = compare({
      real: enc(csv(people(500, 9))),
      realName: 'copula.csv',
      synthetic: enc(csv(people(500, 10))),
      syntheticName: 'cart.csv',
    });
    expect(out.report.title).toBe('copula.csv vs cart.csv');
    expect(out.report.scores.fidelity.appliedWeight).toBe(1);
    expect(out.report.utility.skipped).toMatch(/no --holdout file was given/);
  });
  it('counts unreadable synthetic cells as wrong types', () => {
    const bad = csv(people(50, 11)).replace(/\n(\d+),/, '\nabc,');
    const out = compare({
      real: enc(csv(people(50, 12))),
      realName: 'a.csv',
      synthetic: enc(bad),
      syntheticName: 'b.csv',
    });
    expect(out.report.validity.columns.find((c) => c.name === 'age')).toMatchObject({ wrongType: 1 });
  });
  it('generate against the source recreates the fitting split for privacy and utility', () => {
    const source = enc(csv(all));
    const fitted = synthesize({ csv: source, fileName: 'people.csv' });
    const out = generateFromText({
      blueprintText: fitted.blueprintText,
      fileName: 'people.synth.json',
      sourceCsv: source,
    });
    expect(out.report?.holdout?.rows).toBe(fitted.blueprint.source!.rows - fitted.blueprint.source!.trainRows);
    // Same blueprint, seed and split: the same report as synthesize made.
    expect(out.report?.privacy.dcrShare).toBe(fitted.report.privacy.dcrShare);
    expect(out.report?.utility.retained).toBe(fitted.report.utility.retained);
    expect(out.report?.notes.join(' ')).toMatch(/held out when the blueprint was fitted/);
  });
  it('synthesize with holdout 0 skips the holdout parts and says so', () => {
    const out = synthesize({ csv: enc(csv(all)), fileName: 'people.csv', holdout: 0 });
    expect(out.report.privacy.skipped).toMatch(/^fitted on all rows \(holdout 0\)/);
    expect(out.report.utility.skipped).toMatch(/^fitted on all rows \(holdout 0\)/);
    expect(out.report.holdout).toBeUndefined();
    const held = synthesize({ csv: enc(csv(all)), fileName: 'people.csv', target: 'income' });
    expect(held.report.holdout?.rows).toBe(240);
    expect(held.report.utility.target).toMatchObject({ column: 'income', chosenBy: 'option' });
    expect(JSON.parse(held.reportText).privacy.dcrShare).toBe(held.report.privacy.dcrShare);
  });
});

function load(name: string): Table {
  const raw = readCsv(fixture(name));
  return toTable(raw, inferColumns(raw)).table;
}

// The foundation's cases (from main), kept with toMatchObject now that columns carry more metrics.
describe('buildReport on the foundation fixtures', () => {
  const penguins = load('penguins.csv');

  it('scores a table against itself as perfect', () => {
    const r = buildReport(penguins, penguins);
    expect(r.score).toBe(1);
    expect(r.fidelity.columnShapes).toBe(1);
    expect(r.fidelity.pairTrends).toBe(1);
    expect(r.grade).toBe('A+');
    expect(r.verdict).toMatch(/^Excellent/);
    // 7 scored columns -> 21 pairs; 4 numeric columns -> 6 CorrelationSimilarity pairs.
    expect(r.fidelity.pairs).toHaveLength(21);
    expect(r.fidelity.pairs.filter((p) => p.metric === 'CorrelationSimilarity')).toHaveLength(6);
    expect(r.fidelity.columns.species).toMatchObject({ metric: 'TVComplement', score: 1, jensenShannon: 0 });
    expect(r.fidelity.columns.body_mass_g).toMatchObject({ metric: 'KSComplement', score: 1, ks: 0, wasserstein: 0 });
  });

  it('keeps column shapes but loses pair trends when a column is shuffled', () => {
    const mass = penguins.columns.find((c) => c.name === 'body_mass_g')!;
    if (mass.storage !== 'numeric') throw new Error('numeric expected');
    const reversed = Float64Array.from(mass.values).reverse();
    const synth: Table = {
      rowCount: penguins.rowCount,
      columns: penguins.columns.map((c) => (c === mass ? { ...mass, values: reversed } : c)),
    };
    const r = buildReport(penguins, synth);
    expect(r.fidelity.columnShapes).toBe(1);
    expect(r.fidelity.pairTrends).toBeLessThan(0.95);
    const pair = r.fidelity.pairs.find((p) => p.columns.join() === 'flipper_length_mm,body_mass_g')!;
    // numpy.corrcoef(flipper_length_mm, body_mass_g) over the 342 penguins rows with both present
    // = 0.8712017673060111; reversing one column breaks the relation.
    expect(pair.real).toBeCloseTo(0.8712017673060111, 6);
    expect(pair.score).toBeCloseTo(1 - Math.abs(pair.real! - pair.synthetic!) / 2, 6);
  });

  it('leaves identifiers and text out of the scores and says why', () => {
    const messy = load('messy.csv');
    const r = buildReport(messy, messy);
    expect(r.fidelity.columns.customer_id).toBeUndefined();
    expect(r.fidelity.excluded.find((e) => e.column === 'customer_id')?.reason).toMatch(/identifier/);
  });

  it("grades on the issue's scale", () => {
    expect([0.95, 0.9, 0.85, 0.7, 0.65, 0.5, 0.49].map(gradeOf)).toEqual(['A+', 'A+', 'A', 'B+', 'B', 'C', 'F']);
  });
});
