import { describe, expect, it } from 'vitest';
import type { Blueprint, ColumnSpec, Distribution } from '../../../../src/core/blueprint/types';
import { generateTable } from '../../../../src/core/generate';
import { dateWeights } from '../../../../src/core/generate/rules';
import { betaQuantile, lnGamma, poissonInverse, regularizedBeta } from '../../../../src/core/stats/special';
import { normalCdf } from '../../../../src/core/stats/normal';
import type { Table } from '../../../../src/core/table';

function rules(columns: ColumnSpec[], extra: Partial<Blueprint> = {}): Blueprint {
  return { version: 1, name: 't', method: 'rules', rows: 20000, seed: 9, columns, ...extra };
}

function numbers(t: Table, name: string): number[] {
  const c = t.columns.find((x) => x.name === name)!;
  if (c.storage !== 'numeric') throw new Error('not numeric');
  return [...c.values];
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function sd(xs: number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

function draw(dist: Distribution, type: ColumnSpec['type'] = 'number'): number[] {
  return numbers(generateTable(rules([{ name: 'x', type, distribution: dist }])), 'x');
}

describe('special functions (reference values)', () => {
  it('lnGamma matches ln((n-1)!) and ln Γ(1/2) = ln √π', () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(lnGamma(11)).toBeCloseTo(Math.log(3628800), 12);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
  });

  it('the regularized incomplete beta matches the binomial-sum closed form for integer shapes, and inverts', () => {
    // I_x(a, b) = Σ_{j=a}^{a+b-1} C(a+b-1, j) x^j (1-x)^(a+b-1-j)  (Abramowitz & Stegun 26.5.4 / 6.6.4)
    const closed = (x: number, a: number, b: number): number => {
      const n = a + b - 1;
      let s = 0;
      for (let j = a; j <= n; j++)
        s += Math.exp(lnGamma(n + 1) - lnGamma(j + 1) - lnGamma(n - j + 1)) * x ** j * (1 - x) ** (n - j);
      return s;
    };
    for (const [x, a, b] of [
      [0.3, 2, 3],
      [0.9, 5, 2],
      [0.05, 1, 7],
      [0.5, 4, 4],
    ]) {
      expect(regularizedBeta(x, a, b)).toBeCloseTo(closed(x, a, b), 12);
      expect(betaQuantile(closed(x, a, b), a, b)).toBeCloseTo(x, 10);
    }
    // Arcsine law: Beta(1/2, 1/2) has CDF (2/π) asin(√x).
    expect(regularizedBeta(0.25, 0.5, 0.5)).toBeCloseTo((2 / Math.PI) * Math.asin(0.5), 12);
  });

  it('the Poisson inverse returns the smallest k with P(X <= k) >= u', () => {
    const inv = poissonInverse(3);
    const cdf = (k: number): number => {
      let s = 0;
      for (let j = 0; j <= k; j++) s += (Math.exp(-3) * 3 ** j) / Math.exp(lnGamma(j + 1));
      return s;
    };
    for (const u of [0.01, 0.2, 0.5, 0.8, 0.99, 0.99999]) {
      const k = inv(u);
      expect(cdf(k)).toBeGreaterThanOrEqual(u - 1e-12);
      if (k > 0) expect(cdf(k - 1)).toBeLessThan(u);
    }
  });
});

describe('rules distributions (moments against theory, 20,000 draws; tolerances are about 4 standard errors)', () => {
  it('normal, lognormal, exponential, uniform, poisson', () => {
    const n = draw({ kind: 'normal', mean: 50, sd: 10 });
    expect(mean(n)).toBeCloseTo(50, 0);
    expect(Math.abs(sd(n) - 10)).toBeLessThan(0.25);
    const ln = draw({ kind: 'lognormal', meanlog: 2, sdlog: 0.5 }).sort((a, b) => a - b);
    expect(Math.abs(ln[10000] / Math.exp(2) - 1)).toBeLessThan(0.02); // median exp(meanlog)
    expect(Math.abs(mean(draw({ kind: 'exponential', rate: 0.25 })) - 4)).toBeLessThan(0.12); // mean 1/rate, se 4/√n
    const u = draw({ kind: 'uniform', low: 10, high: 20 });
    expect(Math.min(...u)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...u)).toBeLessThanOrEqual(20);
    expect(Math.abs(mean(u) - 15)).toBeLessThan(0.1);
    const p = draw({ kind: 'poisson', lambda: 2.5 }, 'integer');
    expect(Math.abs(mean(p) - 2.5)).toBeLessThan(0.05);
    expect(Math.abs(sd(p) ** 2 - 2.5)).toBeLessThan(0.15); // variance = λ
  });

  it('truncated normal has the truncated mean μ + σ(φ(a) − φ(b))/(Φ(b) − Φ(a)), also far in a tail', () => {
    const phi = (z: number): number => Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI);
    for (const [mu, s, lo, hi] of [
      [10, 14, 1, 72],
      [0, 1, 3, 6],
    ]) {
      const a = (lo - mu) / s;
      const b = (hi - mu) / s;
      const expected = mu + (s * (phi(a) - phi(b))) / (normalCdf(b) - normalCdf(a));
      const xs = draw({ kind: 'truncatedNormal', mean: mu, sd: s, low: lo, high: hi });
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(lo);
      expect(Math.max(...xs)).toBeLessThanOrEqual(hi);
      expect(Math.abs(mean(xs) - expected)).toBeLessThan((4 * sd(xs)) / Math.sqrt(xs.length));
    }
  });

  it('beta has mean α/(α+β), stretched to [low, high]', () => {
    const xs = draw({ kind: 'beta', alpha: 2, beta: 8, low: 0, high: 60 });
    expect(Math.abs(mean(xs) - 60 * 0.2)).toBeLessThan((4 * sd(xs)) / Math.sqrt(xs.length));
  });

  it('categorical weights on an integer column draw the listed numbers in proportion', () => {
    const xs = draw({ kind: 'categorical', probabilities: { '12': 0.2, '36': 0.8 } }, 'integer');
    expect(new Set(xs)).toEqual(new Set([12, 36]));
    expect(Math.abs(xs.filter((x) => x === 12).length / xs.length - 0.2)).toBeLessThan(0.015);
  });
});

describe('rules dependence', () => {
  it('a conditional table draws each case from its own distribution', () => {
    const t = generateTable(
      rules([
        {
          name: 'contract',
          type: 'category',
          distribution: { kind: 'categorical', probabilities: { m: 0.5, y: 0.5 } },
        },
        {
          name: 'pay',
          type: 'category',
          distribution: {
            kind: 'conditional',
            on: 'contract',
            cases: {
              m: { kind: 'categorical', probabilities: { check: 0.8, card: 0.2 } },
              y: { kind: 'categorical', probabilities: { check: 0.1, card: 0.9 } },
            },
          },
        },
      ]),
    );
    const c = t.columns[0] as Extract<Table['columns'][0], { storage: 'categorical' }>;
    const p = t.columns[1] as typeof c;
    let m = 0,
      mCheck = 0,
      y = 0,
      yCheck = 0;
    for (let r = 0; r < t.rowCount; r++) {
      const isCheck = p.levels[p.codes[r]] === 'check';
      if (c.levels[c.codes[r]] === 'm') {
        m++;
        if (isCheck) mCheck++;
      } else {
        y++;
        if (isCheck) yCheck++;
      }
    }
    expect(Math.abs(mCheck / m - 0.8)).toBeLessThan(0.025);
    expect(Math.abs(yCheck / y - 0.1)).toBeLessThan(0.02);
  });

  it('bands pick the distribution by range of another column', () => {
    const t = generateTable(
      rules([
        { name: 'tenure', type: 'integer', distribution: { kind: 'uniform', low: 0, high: 48 } },
        {
          name: 'tickets',
          type: 'integer',
          distribution: {
            kind: 'bands',
            on: 'tenure',
            bands: [
              { below: 12, distribution: { kind: 'poisson', lambda: 5 } },
              { distribution: { kind: 'poisson', lambda: 1 } },
            ],
          },
        },
      ]),
    );
    const tenure = numbers(t, 'tenure');
    const tickets = numbers(t, 'tickets');
    const early = tickets.filter((_, i) => tenure[i] < 12);
    const late = tickets.filter((_, i) => tenure[i] >= 12);
    expect(Math.abs(mean(early) - 5)).toBeLessThan(0.15);
    expect(Math.abs(mean(late) - 1)).toBeLessThan(0.05);
  });

  it('correlated columns have the requested correlation of normal scores (Pearson on normal marginals)', () => {
    const t = generateTable(
      rules(
        [
          { name: 'a', type: 'number', distribution: { kind: 'normal', mean: 0, sd: 1 } },
          { name: 'b', type: 'number', distribution: { kind: 'normal', mean: 5, sd: 2 } },
        ],
        { correlations: [{ columns: ['a', 'b'], r: 0.6 }] },
      ),
    );
    const a = numbers(t, 'a');
    const b = numbers(t, 'b');
    const ma = mean(a),
      mb = mean(b);
    const r = a.reduce((s, x, i) => s + (x - ma) * (b[i] - mb), 0) / ((a.length - 1) * sd(a) * sd(b));
    // Standard error of r is about (1 − r²)/√n = 0.0045.
    expect(Math.abs(r - 0.6)).toBeLessThan(0.02);
  });

  it('derived columns follow their formula exactly without noise, and scatter by the noise knob', () => {
    const cols: ColumnSpec[] = [
      { name: 'q', type: 'integer', distribution: { kind: 'poisson', lambda: 3 }, min: 1 },
      { name: 'p', type: 'number', decimals: 2, distribution: { kind: 'lognormal', meanlog: 2, sdlog: 0.3 } },
      { name: 'rev', type: 'number', distribution: { kind: 'derived', expr: 'q * p' } },
    ];
    const exact = generateTable(rules(cols));
    const [q, p, rev] = ['q', 'p', 'rev'].map((n) => numbers(exact, n));
    for (let i = 0; i < 100; i++) expect(rev[i]).toBe(q[i] * p[i]);
    const noisy = generateTable(rules(cols, { noise: 0.1 }));
    const [q2, p2, rev2] = ['q', 'p', 'rev'].map((n) => numbers(noisy, n));
    const ratio = rev2.map((x, i) => x / (q2[i] * p2[i]) - 1);
    expect(Math.abs(mean(ratio))).toBeLessThan(0.003);
    expect(Math.abs(sd(ratio) - 0.1)).toBeLessThan(0.003);
  });

  it('missing rates, patterns and byte-identical output for the same seed whatever the chunk size', () => {
    const bp = rules([
      { name: 'id', type: 'id', distribution: { kind: 'pattern', pattern: 'CUST-{00000}' } },
      { name: 'x', type: 'number', missing: 0.1, distribution: { kind: 'normal', mean: 0, sd: 1 } },
    ]);
    const a = generateTable(bp);
    const b = generateTable(bp, { chunkSize: 777 });
    expect(numbers(b, 'x')).toEqual(numbers(a, 'x'));
    const ids = (a.columns[0] as { values: string[] }).values;
    expect(ids.slice(0, 2)).toEqual(['CUST-00001', 'CUST-00002']);
    expect(ids[19999]).toBe('CUST-20000');
    const miss = numbers(a, 'x').filter(Number.isNaN).length / 20000;
    expect(Math.abs(miss - 0.1)).toBeLessThan(0.01);
  });
});

describe('dates with trend and seasonality', () => {
  it('weights days by (1 + trend)^years, the yearly cosine and the weekday', () => {
    const start = Date.UTC(2023, 0, 1) / 86400000;
    const w = dateWeights(
      {
        kind: 'dates',
        start: '2023-01-01',
        end: '2024-12-31',
        trend: 0.2,
        seasonality: { amplitude: 0.5, peakMonth: 7 },
        weekdays: [1, 1, 1, 1, 1, 2, 2],
      },
      start,
      731,
    );
    // 2023-07-15 (a Saturday, the peak) against 2023-01-15 (a Sunday, the trough half a year away).
    const peak = w[Date.UTC(2023, 6, 15) / 86400000 - start];
    const trough = w[Date.UTC(2023, 0, 15) / 86400000 - start];
    const years = (Date.UTC(2023, 6, 15) - Date.UTC(2023, 0, 15)) / 86400000 / 365.25;
    const season = (1 + 0.5) / (1 + 0.5 * Math.cos((2 * Math.PI * (14 - 195)) / 365.25));
    expect(peak / trough).toBeCloseTo(1.2 ** years * season, 6);
  });

  it('generates more rows in the second year by the trend factor', () => {
    const t = generateTable(
      rules([
        {
          name: 'd',
          type: 'datetime',
          format: 'YYYY-MM-DD',
          distribution: { kind: 'dates', start: '2023-01-01', end: '2024-12-31', trend: 0.5 },
        },
      ]),
    );
    const d = numbers(t, 'd');
    const second = d.filter((x) => x >= Date.UTC(2024, 0, 1)).length;
    const first = d.length - second;
    // ∫ over year 2 / ∫ over year 1 of 1.5^t dt = 1.5 (the 366-day 2024 adds a little).
    expect(second / first).toBeGreaterThan(1.45);
    expect(second / first).toBeLessThan(1.6);
    expect(d.every((x) => x % 86400000 === 0)).toBe(true);
  });
});
