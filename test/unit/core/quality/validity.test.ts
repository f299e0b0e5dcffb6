import { describe, expect, it } from 'vitest';
import { boundaryAdherence, outlierRate, tukeyFences, validitySection } from '../../../../src/core/quality/validity';
import { table } from './helpers';

describe('validity', () => {
  it('BoundaryAdherence and CategoryAdherence by hand (SDMetrics definitions)', () => {
    const real = table({ n: [1, 5, 10, null], c: ['a', 'b', 'a', 'b'] });
    const synthetic = table({ n: [0, 5, 11, null, 7], c: ['a', 'z', null, 'b', 'z'] });
    const v = validitySection(real, synthetic);
    const n = v.columns.find((c) => c.name === 'n')!;
    // 0 and 11 fall outside [1, 10]; the missing value adheres because the real column has missing values
    expect(n.range).toEqual({ min: 1, max: 10, source: 'real', adherence: 0.6, outside: 2 });
    expect(n.missing).toEqual({ real: 0.25, synthetic: 0.2 });
    const c = v.columns.find((x) => x.name === 'c')!;
    // 'z' twice is unknown and the missing value is not allowed (the real column has none): 3 of 5
    expect(c.categories).toEqual({ adherence: 0.4, outside: 3, unknown: ['z'] });
    expect(v.violations).toBe(5);
    // checks: n range .6, n type 1, c categories .4 -> mean 2/3
    expect(v.score).toBeCloseTo(2 / 3, 6);
  });
  it('uses the blueprint bounds and categories when declared', () => {
    const real = table({ n: [1, 5, 10], c: ['a', 'b', 'a'] });
    const synthetic = table({ n: [0, 12, 20], c: ['a', 'c', null] });
    const v = validitySection(real, synthetic, {
      schema: [
        { name: 'n', type: 'number', min: 0, max: 15 },
        { name: 'c', type: 'category', levels: ['a', 'b', 'c'], missing: true },
      ],
    });
    expect(v.columns[0].range).toMatchObject({ min: 0, max: 15, source: 'blueprint', outside: 1 });
    expect(v.columns[1].categories).toMatchObject({ adherence: 1, outside: 0 });
  });
  it('counts values of the wrong type: unreadable cells and fractions in integer columns', () => {
    const real = table({ k: [1, 2, 3] }, { k: 'integer' });
    const synthetic = table({ k: [1, 2.5, null] }, { k: 'integer' });
    const v = validitySection(real, synthetic, {
      syntheticIssues: [{ column: 'k', count: 1, firstRow: 2, firstValue: 'abc', kind: 'not-a-number' }],
    });
    // cells checked: 2 present + 1 unreadable; wrong: 2.5 and "abc"
    expect(v.columns[0]).toMatchObject({ wrongType: 2, typeAdherence: 0.333333 });
  });
  it("outlier rates against the real column's Tukey fences", () => {
    const x = [2.0, 4.5, 1.0, 7.0, 3.5, 9.0, 12.5, 4.0, 5.0, 30.0];
    // numpy.quantile(x, [.25, .75]) = 3.625, 8.5: fences -3.6875 and 15.8125
    const [lo, hi] = tukeyFences(Float64Array.from(x).sort());
    expect(lo).toBeCloseTo(-3.6875, 12);
    expect(hi).toBeCloseTo(15.8125, 12);
    expect(outlierRate(Float64Array.from(x), lo, hi)).toBeCloseTo(0.1, 12);
    const v = validitySection(table({ x }), table({ x: [1, 2, 20, 40, null] }));
    expect(v.columns[0].outliers).toEqual({ low: -3.6875, high: 15.8125, real: 0.1, synthetic: 0.5 });
    expect(boundaryAdherence(Float64Array.from([NaN]), 0, 1, false).adherence).toBe(0);
  });
  it('reports constraints passed in and schema differences', () => {
    const v = validitySection(table({ a: [1, 2], b: ['x', 'y'] }), table({ a: ['p', 'q'], c: [1, 2] }), {
      constraints: [
        { index: 0, expr: 'a < 10', violations: 1, rows: 4, firstRows: [3] },
        { index: 1, expr: 'a >= 0', violations: 0, rows: 4, firstRows: [] },
        { index: 2, expr: 'zz > 1', violations: 0, rows: 4, firstRows: [], skipped: 'the table has no column "zz"' },
      ],
    });
    expect(v.constraints).toEqual([
      { index: 0, expr: 'a < 10', violations: 1, rows: 4, firstRows: [3], rate: 0.25 },
      { index: 1, expr: 'a >= 0', violations: 0, rows: 4, firstRows: [], rate: 0 },
      {
        index: 2,
        expr: 'zz > 1',
        violations: 0,
        rows: 4,
        firstRows: [],
        skipped: 'the table has no column "zz"',
        rate: 0,
      },
    ]);
    expect(v.issues).toEqual([
      'Column "a" is number in the real table but category in the synthetic one.',
      'Column "b" is missing from the synthetic table.',
      'Column "c" is in the synthetic table but not in the real one.',
    ]);
    expect(v.violations).toBe(1);
    expect(v.meaning).toMatch(/1 of 2 constraints are broken somewhere. 1 constraint was not checked\./);
    // checks: a range? no (type differs); constraints .75 and 1 -> score .875
    expect(v.score).toBeCloseTo(0.875, 6);
  });
});
