import { describe, expect, it } from 'vitest';
import { writeCsv } from '../../../../src/core/csv/write';
import { generateTable } from '../../../../src/core/generate';
import { normalRanks, RankScratch } from '../../../../src/core/generate/copula';
import { Rng } from '../../../../src/core/random';
import { fitted, labels } from '../fit/methods';

describe('stratified generation', () => {
  it('normalRanks gives the same ranks as sorting', () => {
    const rng = new Rng(3);
    for (const m of [1, 2, 17, 500, 4096]) {
      const z = Float64Array.from({ length: m }, () => rng.normal() * (m % 2 ? 3 : 1));
      const rank = new Int32Array(m);
      normalRanks(z, rank, new RankScratch(m));
      const expected = new Int32Array(m);
      Array.from(z.keys())
        .sort((a, b) => z[a] - z[b])
        .forEach((i, k) => (expected[i] = k));
      expect(Array.from(rank)).toEqual(Array.from(expected));
    }
  });

  it.each(['copula', 'cart'] as const)('%s: the output does not depend on the chunk size', (method) => {
    const { fit } = fitted('adult-2000.csv', method);
    const a = writeCsv(generateTable(fit.blueprint, { rows: 9000 }), fit.blueprint.columns);
    const b = writeCsv(generateTable(fit.blueprint, { rows: 9000, chunkSize: 100 }), fit.blueprint.columns);
    expect(b).toBe(a);
  });

  it('copula: category shares of a block match the blueprint to within a row or two per segment', () => {
    const { fit, synthetic } = fitted('adult-2000.csv', 'copula');
    const spec = fit.blueprint.columns.find((c) => c.name === 'race')!;
    if (spec.distribution?.kind !== 'categorical') throw new Error('race is not categorical');
    const got = labels(synthetic, 'race');
    const n = got.length;
    const segments = fit.blueprint.model?.kind === 'gaussianCopula' ? (fit.blueprint.model.segments?.length ?? 1) : 1;
    for (const [level, p] of Object.entries(spec.distribution.probabilities)) {
      const count = got.filter((l) => l === level).length;
      expect(Math.abs(count - p * n)).toBeLessThanOrEqual(2 * segments + 2);
    }
  });
});
