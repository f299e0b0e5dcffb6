import { describe, expect, it } from 'vitest';
import { findTemplate } from '../../../../src/core/blueprint/templates';
import type { Blueprint, ColumnSpec } from '../../../../src/core/blueprint/types';
import { generateTable } from '../../../../src/core/generate';
import { explainLogistic, interceptForRate, logisticFormula } from '../../../../src/core/generate/logistic';
import { sigmoid } from '../../../../src/core/stats/special';
import type { Table } from '../../../../src/core/table';

function rules(columns: ColumnSpec[], extra: Partial<Blueprint> = {}): Blueprint {
  return { version: 1, name: 't', method: 'rules', rows: 20000, seed: 4, columns, ...extra };
}

function share(t: Table, name: string): number {
  const c = t.columns.find((x) => x.name === name)!;
  if (c.storage === 'categorical') return c.codes.filter((x) => x === 1).length / c.codes.length;
  if (c.storage === 'numeric') return c.values.reduce((a, b) => a + b, 0) / c.values.length;
  throw new Error('text');
}

describe('logistic targets', () => {
  it('writes the formula in readable form', () => {
    const f = logisticFormula(
      {
        kind: 'logistic',
        intercept: -1.2,
        terms: [
          { coef: 0.8, expr: "contract = 'month-to-month'" },
          { coef: -0.04, expr: 'tenure_months' },
          { coef: 0.15, expr: 'monthly_charges / 10' },
          { coef: 0.035, expr: 'senior' },
        ],
      },
      -1.2,
      rules([
        { name: 'contract', type: 'category' },
        { name: 'tenure_months', type: 'integer' },
        { name: 'monthly_charges', type: 'number' },
        { name: 'senior', type: 'boolean' },
      ]),
    );
    expect(f).toBe(
      'logit(p) = -1.20 + 0.80*[contract = month-to-month] - 0.04*tenure_months + 0.15*(monthly_charges / 10) + 0.035*[senior]',
    );
  });

  it('expects the closed-form rate with a categorical predictor: P(a)·σ(b0 + b1) + P(b)·σ(b0)', () => {
    const bp = rules([
      { name: 'x', type: 'category', distribution: { kind: 'categorical', probabilities: { a: 0.3, b: 0.7 } } },
      {
        name: 'y',
        type: 'boolean',
        distribution: { kind: 'logistic', intercept: -1, terms: [{ coef: 2, expr: "x = 'a'" }] },
      },
    ]);
    const closed = 0.3 * sigmoid(1) + 0.7 * sigmoid(-1);
    const ex = explainLogistic(bp, 'y');
    // Monte Carlo over the predictor only: sd of σ(η) is 0.458·(σ(1) − σ(−1)) ≈ 0.21, so se ≈ 0.0015.
    expect(Math.abs(ex.expectedRate - closed)).toBeLessThan(0.006);
    expect(Math.abs(share(generateTable(bp), 'y') - closed)).toBeLessThan(0.015);
  });

  it('expects E[σ(b0 + b1·X)] for a normal X, as numerical integration gives', () => {
    const bp = rules([
      { name: 'x', type: 'number', distribution: { kind: 'normal', mean: 0, sd: 1 } },
      {
        name: 'y',
        type: 'integer',
        distribution: { kind: 'logistic', intercept: -1, terms: [{ coef: 1.5, expr: 'x' }] },
      },
    ]);
    // Composite Simpson's rule of σ(−1 + 1.5z)·φ(z) on [−10, 10].
    const n = 4000;
    const h = 20 / n;
    let s = 0;
    for (let i = 0; i <= n; i++) {
      const z = -10 + i * h;
      const f = (sigmoid(-1 + 1.5 * z) * Math.exp((-z * z) / 2)) / Math.sqrt(2 * Math.PI);
      s += f * (i === 0 || i === n ? 1 : i % 2 ? 4 : 2);
    }
    const integral = (s * h) / 3;
    expect(integral).toBeGreaterThan(0.3);
    expect(Math.abs(explainLogistic(bp, 'y').expectedRate - integral)).toBeLessThan(0.01);
  });

  it('solves the intercept for a requested rate (the prevalence knob), and generation hits it', () => {
    const cols: ColumnSpec[] = [
      { name: 'x', type: 'number', distribution: { kind: 'normal', mean: 0, sd: 1 } },
      { name: 'y', type: 'integer', distribution: { kind: 'logistic', rate: 0.3, terms: [{ coef: 1.5, expr: 'x' }] } },
    ];
    const bp = rules(cols);
    const ex = explainLogistic(bp, 'y');
    expect(ex.expectedRate).toBeCloseTo(0.3, 9);
    expect(Math.abs(share(generateTable(bp), 'y') - 0.3)).toBeLessThan(0.015);
    const b0 = interceptForRate(
      rules([
        cols[0],
        { ...cols[1], distribution: { kind: 'logistic', intercept: 0, terms: [{ coef: 1.5, expr: 'x' }] } },
      ]),
      'y',
      0.3,
    );
    expect(b0).toBeCloseTo(ex.intercept, 9);
  });

  it('each template hits its stated target rate', () => {
    for (const id of ['churn', 'loan', 'bank']) {
      const bp = findTemplate(id)!.blueprint;
      const dist = bp.columns.find((c) => c.name === bp.target)!.distribution as { rate: number };
      expect(Math.abs(share(generateTable({ ...bp, rows: 20000 }), bp.target!) - dist.rate)).toBeLessThan(0.02);
    }
  });
});

describe('loan template: installment by the EMI formula', () => {
  it('matches a textbook example: 100,000 at 12% a year over 12 months is 8,884.88 a month', () => {
    const bp = findTemplate('loan')!.blueprint;
    const columns: ColumnSpec[] = [
      { name: 'loan_amount', type: 'integer', distribution: { kind: 'categorical', probabilities: { '100000': 1 } } },
      { name: 'interest_rate', type: 'number', distribution: { kind: 'categorical', probabilities: { '12': 1 } } },
      { name: 'term_months', type: 'integer', distribution: { kind: 'categorical', probabilities: { '12': 1 } } },
      bp.columns.find((c) => c.name === 'installment')!,
    ];
    const t = generateTable(rules(columns, { rows: 1 }));
    expect((t.columns[3] as { values: Float64Array }).values[0]).toBe(8884.88);
  });

  it('every generated installment equals P·r·(1+r)^n / ((1+r)^n − 1), computed here by hand', () => {
    const bp = findTemplate('loan')!.blueprint;
    const t = generateTable({ ...bp, rows: 500 });
    const col = (n: string) => (t.columns.find((c) => c.name === n) as { values: Float64Array }).values;
    const [p, rate, n, inst] = ['loan_amount', 'interest_rate', 'term_months', 'installment'].map(col);
    for (let i = 0; i < 500; i++) {
      const r = rate[i] / 1200;
      const emi = (p[i] * r * (1 + r) ** n[i]) / ((1 + r) ** n[i] - 1);
      expect(inst[i]).toBeCloseTo(Math.round(emi * 100) / 100, 6);
    }
  });
});
