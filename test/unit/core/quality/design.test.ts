import { describe, expect, it } from 'vitest';
import { findTemplate, templateText } from '../../../../src/core/blueprint/templates';
import type { Blueprint } from '../../../../src/core/blueprint/types';
import { checkConstraints } from '../../../../src/core/constraints/check';
import { generateFromText } from '../../../../src/core/pipeline';
import { declaredBounds, designReport } from '../../../../src/core/quality/design';
import { table } from './helpers';

// Ten rows written by hand; every expected number below is counted from them and the standard
// errors computed with Python's math.sqrt (the formula is in the comment beside each).
const rows = table(
  {
    plan: ['a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'c'],
    pay: ['x', 'x', 'x', 'y', 'y', 'x', 'x', 'x', 'y', 'x'],
    cost: [1, 2, 2.5, 150, 0, 0, 0, 5, 7, 9],
    flag: ['Y', 'Y', 'Y', 'N', 'N', 'N', 'N', 'N', 'N', 'N'],
    id: ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r3'],
    x: [1, null, 2, null, 3, null, 4, 5, 6, 7],
  },
  { cost: 'integer', flag: 'boolean', id: 'id' },
);

const blueprint: Blueprint = {
  version: 1,
  name: 'hand',
  method: 'rules',
  rows: 10,
  seed: 1,
  noise: 0.1,
  target: 'flag',
  columns: [
    { name: 'plan', type: 'category', distribution: { kind: 'categorical', probabilities: { a: 0.6, b: 0.4 } } },
    {
      name: 'pay',
      type: 'category',
      distribution: {
        kind: 'conditional',
        on: 'plan',
        cases: {
          a: { kind: 'categorical', probabilities: { x: 0.5, y: 0.5 } },
          b: { kind: 'categorical', probabilities: { x: 0.9, y: 0.1 } },
        },
      },
    },
    { name: 'cost', type: 'integer', min: 0, max: 100, distribution: { kind: 'poisson', lambda: 3 } },
    {
      name: 'flag',
      type: 'boolean',
      distribution: { kind: 'logistic', rate: 0.3, values: ['N', 'Y'], terms: [{ coef: 1, expr: 'cost' }] },
    },
    { name: 'id', type: 'id', unique: true, distribution: { kind: 'pattern', pattern: 'r{0}' } },
    { name: 'x', type: 'number', missing: 0.2, distribution: { kind: 'normal', mean: 0, sd: 1 } },
  ],
  constraints: [{ expr: 'cost <= 100' }],
};

describe('designReport', () => {
  const report = designReport(blueprint, rows, { constraints: checkConstraints(blueprint, rows) });

  it('checks every declared type, range, category list and uniqueness, with the first row breaking it', () => {
    const col = (n: string) => report.validity.columns.find((c) => c.name === n)!;
    // cost: 2.5 is not whole (row 3); 150 is above max 100 (row 4); 9 present values... 1 of 10 outside.
    expect(col('cost').wrongType).toBe(1);
    expect(col('cost').range).toEqual({
      min: 0,
      max: 100,
      source: 'min/max',
      achievedMin: 0,
      achievedMax: 150,
      outside: 1,
      rate: 0.1,
      firstRow: 4,
    });
    // plan: "c" is not declared (row 10).
    expect(col('plan').categories).toEqual({
      declared: ['a', 'b'],
      outside: 1,
      rate: 0.1,
      unknown: ['c'],
      firstRow: 10,
    });
    // pay: the union of the conditional's cases, x and y: nothing outside.
    expect(col('pay').categories?.outside).toBe(0);
    expect(col('flag').categories).toMatchObject({ declared: ['N', 'Y'], outside: 0 });
    // id: r3 again in row 10.
    expect(col('id').duplicates).toEqual({ count: 1, firstRow: 10 });
    // x: 3 of 10 missing, 0.2 declared.
    expect(col('x').missing).toEqual({ declared: 0.2, achieved: 0.3 });
    // The constraint: row 4 (0-based 3) has cost 150.
    expect(report.validity.constraints[0]).toMatchObject({ violations: 1, rows: 10, rate: 0.1, firstRows: [3] });
    // Checks: cost type, cost range, plan, pay, flag categories, id uniqueness, the constraint = 7;
    // the pay and flag category checks pass.
    expect(report.validity).toMatchObject({ checks: 7, passed: 2, violations: 5 });
    expect(report.verdict).toMatch(/^Check the design: on 10 generated rows, 1 of 1 constraints are broken somewhere/);
  });

  it('compares declared rates with achieved ones within 3 binomial standard errors', () => {
    const rate = (label: string, given?: string) => report.rates.find((r) => r.label === label && r.given === given)!;
    // plan = a: 5 of 10, expected 0.6; SE = sqrt(0.6*0.4/10) = 0.154919, z = -0.1/SE = -0.645497.
    expect(rate('plan = a')).toMatchObject({
      expected: 0.6,
      achieved: 0.5,
      hits: 5,
      rows: 10,
      standardError: 0.154919,
      z: -0.645497,
      within: true,
      kind: 'category',
    });
    // pay = x given plan = a, noise 0.1: expected 0.9*0.5 + 0.1*(0.5+0.9)/2 = 0.52; 3 of 5;
    // SE = sqrt(0.52*0.48/5) = 0.223428, z = 0.08/SE = 0.358057.
    expect(rate('pay = x', 'plan = a')).toMatchObject({
      expected: 0.52,
      achieved: 0.6,
      rows: 5,
      standardError: 0.223428,
      z: 0.358057,
    });
    // pay = x given plan = b: expected 0.9*0.9 + 0.1*0.7 = 0.88; 3 of 4; SE = sqrt(0.88*0.12/4) = 0.162481.
    expect(rate('pay = x', 'plan = b')).toMatchObject({ expected: 0.88, achieved: 0.75, standardError: 0.162481 });
    // flag = Y, the target: 3 of 10, rate 0.3; SE adds the intercept solve on 20,000 rows:
    // sqrt(0.21/10 + 0.21/20000) = 0.14495, z = 0.
    expect(rate('flag = Y')).toMatchObject({
      kind: 'target',
      expected: 0.3,
      achieved: 0.3,
      standardError: 0.14495,
      z: 0,
    });
    // x missing: 3 of 10, declared 0.2; SE = sqrt(0.2*0.8/10) = 0.126491, z = 0.790569.
    expect(rate('x is missing')).toMatchObject({
      kind: 'missing',
      achieved: 0.3,
      standardError: 0.126491,
      z: 0.790569,
    });
  });

  it('flags a rate more than 3 standard errors off', () => {
    // 10 rows all "a" against 0.6: z = 0.4/0.154919 = 2.58 (within); 100 rows all "a": SE = sqrt(0.24/100) = 0.04899, z = 8.16.
    const many = table({ plan: Array.from({ length: 100 }, () => 'a') });
    const bp: Blueprint = { ...blueprint, columns: [blueprint.columns[0]], constraints: [] };
    const r = designReport(bp, many).rates.find((x) => x.label === 'plan = a')!;
    expect(r.z).toBeCloseTo(8.164966, 5);
    expect(r.within).toBe(false);
  });

  it('profiles the generated table alone and invents no score', () => {
    expect(report.kind).toBe('design');
    expect('score' in report).toBe(false);
    expect('fidelity' in report).toBe(false);
    const cost = report.columns.find((c) => c.name === 'cost')!;
    // Shares of the 10 present values per bin sum to 1.
    expect(cost.histogram!.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(cost.numeric).toMatchObject({ count: 10, missing: 0, min: 0, max: 150 });
    const plan = report.columns.find((c) => c.name === 'plan')!;
    expect(plan.categories).toEqual({ labels: ['a', 'b', 'c'], shares: [0.5, 0.4, 0.1] });
    expect(report.preview.real).toEqual([]);
    expect(report.preview.synthetic.length).toBe(10);
  });
});

describe('declaredBounds', () => {
  it('takes the tighter of min/max and the distribution bounds; a dates end covers its whole day', () => {
    expect(
      declaredBounds({
        name: 'a',
        type: 'number',
        min: 0,
        max: 10,
        distribution: { kind: 'truncatedNormal', mean: 5, sd: 1, low: 2, high: 20 },
      }),
    ).toEqual({ min: 2, max: 10, source: 'min/max, truncatedNormal low/high' });
    // 2024-01-02 is 1704153600000 ms (Date.UTC(2024, 0, 2)); the whole day ends 86,400,000 - 1 ms later.
    expect(
      declaredBounds({
        name: 'd',
        type: 'datetime',
        format: 'YYYY-MM-DD',
        distribution: { kind: 'dates', start: '2024-01-01', end: '2024-01-02' },
      }),
    ).toEqual({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 0, 2) + 86_400_000 - 1, source: 'dates start/end' });
  });
});

describe('generate from a template', () => {
  it("gives a design report, not a fidelity report, with the template's declared churn rate", () => {
    const out = generateFromText({ blueprintText: templateText(findTemplate('churn')!), fileName: 'c.synth.json' });
    expect(out.report).toBeUndefined();
    const d = out.design!;
    expect(d.validity.constraints.length).toBe(5);
    const churn = d.rates.find((r) => r.kind === 'target')!;
    // The template declares rate 0.265 for churn = Yes.
    expect(churn).toMatchObject({ column: 'churn', label: 'churn = Yes', expected: 0.265, rows: 5000 });
    expect(churn.hits / churn.rows).toBeCloseTo(churn.achieved, 6);
  });
});
