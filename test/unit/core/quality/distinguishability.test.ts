import { describe, expect, it } from 'vitest';
import { distinguishabilitySection, propensityMse } from '../../../../src/core/quality/distinguishability';
import { lcg, table } from './helpers';

describe('pMSE and S_pMSE (synthpop / Snoke et al. 2018)', () => {
  it('match scipy on a small example', () => {
    // test/unit/core/quality/reference/scipy_models.py: logistic regression on [1, z(x), b, c] (treatment
    // coding, reference "a", the commonest level), λ = 1/N, minimised with scipy.optimize (BFGS):
    // pMSE 0.0020029390869119217, null (k-1)(1-c)^2 c/N = 0.03088127166415742 with k = 4, c = 6/13,
    // S_pMSE 0.0648593461012374; AUC of the propensities (Mann-Whitney) 0.6428571428571429.
    const real = table({ x: [0.5, 1.2, 2.3, 3.1, 0.7, 2.8, 1.9], c: ['a', 'a', 'b', 'a', 'c', 'b', 'a'] });
    const synthetic = table({ x: [3.5, 0.2, 2.2, 1.1, 2.9, 1.4], c: ['b', 'a', 'c', 'a', 'b', 'c'] });
    const r = propensityMse(real, synthetic, ['x', 'c']);
    expect(r.parameters).toBe(4);
    expect(r.c).toBeCloseTo(6 / 13, 12);
    expect(r.pMSE).toBeCloseTo(0.0020029390869119217, 8);
    expect(r.nullPMSE).toBeCloseTo(0.03088127166415742, 12);
    expect(r.sPMSE).toBeCloseTo(0.0648593461012374, 5);
    expect(r.auc).toBeCloseTo(0.6428571428571429, 12);
  });
  it('is near 1 for two samples of one distribution and large for different ones', () => {
    const rnd = lcg(5);
    const sample = (n: number, shift: number): ReturnType<typeof table> =>
      table({
        x: Array.from({ length: n }, () => rnd() * 10 + shift),
        c: Array.from({ length: n }, () => (rnd() < 0.3 ? 'p' : 'q')),
      });
    const same = distinguishabilitySection(sample(2000, 0), sample(2000, 0)).report;
    expect(same.sPMSE!).toBeLessThan(4);
    expect(same.auc!).toBeLessThan(0.56);
    expect(same.score!).toBeGreaterThan(0.99);
    const apart = distinguishabilitySection(sample(2000, 0), sample(2000, 5)).report;
    expect(apart.sPMSE!).toBeGreaterThan(100);
    expect(apart.score!).toBeLessThan(0.8);
  });
  it('skips tables it cannot model', () => {
    expect(distinguishabilitySection(table({ x: [1] }), table({ x: [2, 3] })).report.skipped).toMatch(
      /at least two rows/,
    );
    expect(
      distinguishabilitySection(table({ id: ['a', 'b'] }, { id: 'id' }), table({ id: ['c', 'd'] }, { id: 'id' })).report
        .sPMSE,
    ).toBeNull();
  });
});
