import { describe, expect, it } from 'vitest';
import { bruteForceNeighbours, NeighbourIndex } from '../../../../src/core/quality/neighbors';
import {
  distanceStats,
  encodeTables,
  exactCopies,
  nndr,
  privacySection,
  probabilityLess,
  searchDcr,
} from '../../../../src/core/quality/privacy';
import { comparableColumns } from '../../../../src/core/quality/tables';
import { lcg, table } from './helpers';
import { readCsv } from '../../../../src/core/csv/read';
import { inferColumns } from '../../../../src/core/csv/infer';
import { toTable } from '../../../../src/core/csv/convert';
import { takeRows, type Column, type NumericColumn, type Table } from '../../../../src/core/table';
import { concatTables } from '../../../../src/core/generate';
import { fixture } from '../../helpers';

// A hand-checked example. Training age range 20..40 (20); two columns, so DCR = (d_age + d_city) / 2.
const train = table({ age: [20, 30, 40], city: ['x', 'y', 'x'] });
const holdout = table({ age: [25], city: ['y'] });
const synthetic = table({ age: [20, 35], city: ['x', 'x'] });

describe('distance to closest record', () => {
  it('computes SDMetrics distances by hand', () => {
    const s = searchDcr(train, holdout, synthetic);
    // (20,x) copies training row 0, and is (20/20 + 0) / 2 = .5 from (40,x);
    // (35,x) is 15/20 from (20,x) -> .375, .25+1 from (30,y) -> .625, 5/20 from (40,x) -> .125
    expect(Array.from(s.syntheticToTrain)).toEqual([0, 0.125]);
    expect(Array.from(s.syntheticSecond)).toEqual([0.5, 0.375]);
    expect(Array.from(s.closestTrain)).toEqual([0, 2]);
    // holdout (25,y): (30,y) is 5/20 away -> .125
    expect(Array.from(s.holdoutToTrain)).toEqual([0.125]);
    // synthetic to holdout: (20,x) -> (.25 + 1) / 2; (35,x) -> (.5 + 1) / 2
    expect(Array.from(s.syntheticToHoldout)).toEqual([0.625, 0.75]);
  });
  it('counts two missing values as equal and one missing as different', () => {
    const t = table({ a: [null, 1], b: ['x', null] });
    const q = table({ a: [null, 1], b: ['x', 'x'] });
    const s = searchDcr(t, table({ a: [], b: [] }, { b: 'category' }), q);
    // (NaN, x) equals row 0; (1, x): row 1 differs only in b (one missing) -> 1/2
    expect(Array.from(s.syntheticToTrain)).toEqual([0, 0.5]);
  });
  it('DCR share, closer-to-train, exact copies and the privacy score by hand', () => {
    const { report } = privacySection(train, holdout, synthetic);
    // both synthetic rows are nearer a training row (0, .125) than the holdout row (.625, .75): p = 1,
    // so the share is 1 whatever the fresh rate (3 / 4 here)
    expect(report.dcrShare).toBe(1);
    // synthetic DCRs {0, .125} vs holdout {.125}: P(X < Y) + ½ P(X = Y) = (1 + ½) / 2
    expect(report.dcr.distanceShare).toBe(0.75);
    expect(report.dcr.closerToTrain).toBe(1);
    expect(report.dcr.sdmetricsScore).toBe(0);
    expect(report.dcr.protection).toBe(0);
    expect(report.exactCopyRate).toBe(0.5);
    expect(report.exactCopies).toMatchObject({ count: 1, baselineRate: 0, baseline: 'holdout', excessRate: 0.5 });
    // score = protection x (1 - excess) = 0 x .5
    expect(report.score).toBe(0);
    // NNDR: row 0 is 0 / .5 = 0, row 1 .125 / .375 = 1/3: median 1/6
    expect(report.nndr.median).toBeCloseTo(1 / 6, 6);
  });
  it('skips the share without a holdout and uses the real table as its own baseline', () => {
    const real = table({ a: [1, 1, 2, 3], b: ['x', 'x', 'y', 'z'] });
    const { report } = privacySection(
      real,
      table({ a: [], b: [] }, { b: 'category' }),
      table({ a: [1, 5], b: ['x', 'x'] }),
    );
    expect(report.dcrShare).toBeNull();
    expect(report.score).toBeNull();
    // two of four real rows repeat another real row
    expect(report.exactCopies).toMatchObject({ count: 1, baseline: 'within-real', baselineRate: 0.5 });
  });
  it('DCR share matches judge.py on adult rows: near copies of training rows and fresh rows', () => {
    // test/unit/core/quality/reference/dcr_fixture.py (judge.py's nearest records and share formula,
    // ties counted at the fresh rate as ours does): 0.7042147516307075 (judge.py's own, ties ½: 0.70361)
    const raw = readCsv(fixture('adult-2000.csv'), { fileName: 'adult-2000.csv' });
    const all = toTable(raw, inferColumns(raw)).table;
    const use = ['age', 'fnlwgt', 'hours-per-week', 'sex', 'race', 'relationship'];
    const picked: Table = { rowCount: all.rowCount, columns: all.columns.filter((c) => use.includes(c.name)) };
    const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);
    const train = takeRows(picked, range(0, 1200));
    const near = takeRows(picked, range(0, 400));
    const plusOne = (c: Column): Column => {
      if (!['age', 'hours-per-week'].includes(c.name)) return c;
      if (c.storage !== 'numeric') throw new Error(`${c.name} is not read as numbers`);
      const top = Math.max(...(train.columns.find((t) => t.name === c.name) as NumericColumn).values);
      return { ...c, values: Float64Array.from(c.values, (v) => Math.min(v + 1, top)) };
    };
    const synthetic = concatTables([
      { rowCount: 400, columns: near.columns.map(plusOne) },
      takeRows(picked, range(1600, 2000)),
    ]);
    const { report } = privacySection(train, takeRows(picked, range(1200, 1600)), synthetic);
    expect(report.dcrShare).toBeCloseTo(0.7042147516307075, 6); // the report rounds to 6 decimals
  });
  it('P(X < Y) + ½ P(X = Y) matches scipy.stats.mannwhitneyu', () => {
    // scipy.stats.mannwhitneyu(Y, X).statistic / (5 * 4) == 0.7
    expect(probabilityLess([0.1, 0.2, 0.2, 0.5, 0.7], [0.2, 0.3, 0.6, 0.8])).toBeCloseTo(0.7, 12);
    expect(probabilityLess([], [1])).toBeNaN();
  });
  it('NNDR and distance summaries', () => {
    expect(nndr(1, 4)).toBe(0.25);
    expect(nndr(0, 0)).toBe(1);
    expect(distanceStats([0, 0.5, 1, 0])).toMatchObject({ mean: 0.375, median: 0.25, zeroShare: 0.5 });
  });
  it('leaves out identifiers and free text', () => {
    const t = table({ id: ['1', '2'], n: [1, 2], note: ['a', 'b'] }, { id: 'id', note: 'text' });
    expect(comparableColumns(t, t)).toEqual(['n']);
  });
});

describe('the nearest-neighbour index', () => {
  it('finds exactly what a brute-force scan finds, on mixed tables with missing values', () => {
    for (const seed of [1, 2, 3]) {
      const rnd = lcg(seed);
      const make = (n: number): ReturnType<typeof table> => {
        const cols: Record<string, (number | string | null)[]> = { a: [], b: [], c: [], d: [], e: [] };
        for (let i = 0; i < n; i++) {
          cols.a.push(rnd() < 0.05 ? null : Math.round(rnd() * 50));
          cols.b.push(rnd() * 1000);
          cols.c.push(['p', 'q', 'r', 's'][Math.floor(rnd() * 4)]);
          cols.d.push(rnd() < 0.1 ? null : ['u', 'v'][Math.floor(rnd() * 2)]);
          cols.e.push(rnd() < 0.5 ? 3 : rnd() * 3);
        }
        return table(cols);
      };
      const ref = make(700);
      const query = make(150);
      const names = comparableColumns(ref, query);
      const [r, q] = encodeTables([ref, query], names, ref);
      const index = new NeighbourIndex(r);
      for (let i = 0; i < q.rows; i++) {
        const a = index.search(q, i, 2);
        const b = bruteForceNeighbours(r, q, i);
        expect(a.d1).toBeCloseTo(b.d1, 12);
        expect(a.d2).toBeCloseTo(b.d2, 12);
      }
      // Leave-one-out on the reference itself.
      for (let i = 0; i < 50; i++) {
        expect(index.search(r, i, 1, i).d1).toBeCloseTo(bruteForceNeighbours(r, r, i, i).d1, 12);
      }
    }
  });
  it('handles numbers only, categories only and an empty reference', () => {
    const nums = table({ x: [1, 5, 9], y: [0, 0, 1] });
    const [e] = encodeTables([nums], ['x', 'y'], nums);
    expect(new NeighbourIndex(e).search(e, 1, 2, 1).d1).toBeCloseTo(bruteForceNeighbours(e, e, 1, 1).d1, 12);
    const cats = table({ c: ['a', 'b', 'a'] });
    const [k] = encodeTables([cats], ['c'], cats);
    expect(new NeighbourIndex(k).search(k, 0, 2)).toMatchObject({ d1: 0, d2: 0 });
    const empty = table({ x: [] });
    const [z] = encodeTables([empty], ['x'], empty);
    expect(new NeighbourIndex(z).search(e, 0, 1).d1).toBe(Infinity);
  });
});

describe('exact copies', () => {
  it('counts synthetic rows identical to a training row, with the holdout baseline', () => {
    const tr = table({ a: [1, 2, null], b: ['x', 'y', 'z'] });
    const ho = table({ a: [1, 7], b: ['x', 'x'] });
    const sy = table({ a: [null, 2, 2], b: ['z', 'x', 'y'] });
    const r = exactCopies(tr, ho, sy);
    expect(r.count).toBe(2); // (null, z) and (2, y)
    expect(r.rate).toBeCloseTo(2 / 3, 12);
    expect(r.baselineRate).toBe(0.5); // holdout (1, x) repeats a training row
    expect(r.firstRows).toEqual([0, 2]);
  });
});

describe('closest-record pairs', () => {
  it('spell the differences out in words', () => {
    const tr = table({ age: [20, 30], balance: [1000, 5000], job: ['a', 'b'] });
    const sy = table({ age: [27], balance: [2240], job: ['a'] });
    const { report } = privacySection(tr, table({ age: [], balance: [], job: [] }, { job: 'category' }), sy);
    const pair = report.closestPairs.pairs[0];
    expect(pair.real).toEqual(['20', '1000', 'a']);
    expect(pair.synthetic).toEqual(['27', '2240', 'a']);
    expect(pair.differs).toEqual([true, true, false]);
    expect(pair.description).toBe(
      'The closest real record differs by 7 in age and by 1,240 in balance; the other column matches.',
    );
    const same = privacySection(
      tr,
      table({ age: [], balance: [], job: [] }, { job: 'category' }),
      table({ age: [30], balance: [5000], job: ['b'] }),
    ).report;
    expect(same.closestPairs.pairs[0].description).toBe(
      'The closest real record is identical on all 3 compared columns.',
    );
    const cat = privacySection(
      tr,
      table({ age: [], balance: [], job: [] }, { job: 'category' }),
      table({ age: [30], balance: [5000], job: ['c'] }),
    ).report;
    expect(cat.closestPairs.pairs[0].description).toBe(
      'The closest real record differs in job (b instead of c); the other 2 columns match.',
    );
  });
});
