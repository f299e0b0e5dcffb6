import { describe, expect, it } from 'vitest';
import type { ColumnSpec } from '../../../../src/core/blueprint/types';
import { ascendingInverse, numericInverse, quantilePoints } from '../../../../src/core/generate/marginals';

describe('quantile points of a marginal', () => {
  it('are read once per quantile list and spec, and read again for another spec or list', () => {
    const quantiles = ['08:00', '12:00', '18:00'];
    const times: ColumnSpec = {
      name: 't',
      type: 'datetime',
      format: 'HH:mm',
      distribution: { kind: 'empirical', quantiles },
    };
    const first = quantilePoints(times, times.distribution)!;
    // Hours of 1970-01-01 in milliseconds, as the column's format reads them.
    expect(Array.from(first.q)).toEqual([8, 12, 18].map((h) => Date.UTC(1970, 0, 1, h)));
    expect(Array.from(first.p)).toEqual([0, 0.5, 1]);
    expect(quantilePoints(times, times.distribution)).toBe(first);
    // The same list under a spec that reads it otherwise is read afresh (a stale cache would
    // return the times above).
    const dates: ColumnSpec = {
      ...times,
      format: 'YYYY-MM-DD',
      distribution: { kind: 'empirical', quantiles: ['2024-01-01', '2024-01-02'] },
    };
    expect(Array.from(quantilePoints(dates, dates.distribution)!.q)).toEqual([
      Date.UTC(2024, 0, 1),
      Date.UTC(2024, 0, 2),
    ]);
    const numbers: ColumnSpec = {
      name: 'x',
      type: 'number',
      distribution: { kind: 'empirical', quantiles: [1, 2, 4], probabilities: [0, 0.25, 1] },
    };
    expect(Array.from(quantilePoints(numbers, numbers.distribution)!.p)).toEqual([0, 0.25, 1]);
    // A new probabilities list on the same quantiles is not served the old points.
    const reweighted: ColumnSpec = {
      ...numbers,
      distribution: {
        kind: 'empirical',
        quantiles: (numbers.distribution as { quantiles: number[] }).quantiles,
        probabilities: [0, 0.75, 1],
      },
    };
    expect(Array.from(quantilePoints(reweighted, reweighted.distribution)!.p)).toEqual([0, 0.75, 1]);
    // The inverse reads the points: the median of 1, 2, 4 at ranks 0, 0.75, 1 is 1 + (0.5 / 0.75).
    expect(numericInverse(reweighted)(0.5)).toBeCloseTo(1 + 0.5 / 0.75, 12);
  });
});

describe('ascendingInverse', () => {
  // The reference is numericInverse itself, one percentile at a time (its own search per value).
  const specs: ColumnSpec[] = [
    // Refined tails, an atom at 0 (two points with one value) and a jump (two points with one probability).
    {
      name: 'cost',
      type: 'number',
      decimals: 2,
      min: 0,
      max: 900,
      distribution: {
        kind: 'empirical',
        quantiles: [0, 0, 0, 10, 40, 40, 200, 900],
        probabilities: [0, 0.001, 0.6, 0.7, 0.8, 0.8, 0.99, 1],
      },
    },
    {
      name: 'age',
      type: 'integer',
      min: 17,
      max: 90,
      distribution: { kind: 'empirical', quantiles: [17, 30, 45, 90] },
    },
    { name: 'z', type: 'number', distribution: { kind: 'normal', mean: 3, sd: 2 } },
    { name: 'one', type: 'number', distribution: { kind: 'empirical', quantiles: [5] } },
  ];
  for (const spec of specs)
    it(`reads ${spec.name} at ascending percentiles as numericInverse does at each`, () => {
      const one = numericInverse(spec);
      const n = 4096;
      // Ascending, with ties, every quantile point's own probability, and a step back of 1e-13.
      const u = Float64Array.from({ length: n }, (_, i) => (i + 0.5) / n);
      u[100] = u[101];
      u[2457] = 0.6;
      u[2458] = 0.6 - 1e-13;
      u[3276] = 0.8;
      u[3000] = u[2999] - 1e-13;
      const out = new Float64Array(n);
      ascendingInverse(spec)(u, n, out);
      for (let i = 0; i < n; i++) expect(out[i]).toBe(one(u[i]));
    });
});
