import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile } from '../../../../src/core/stats/normal';

// Reference values from SciPy 1.17: scipy.stats.norm.cdf / norm.ppf, printed with repr().
describe('standard normal', () => {
  it('cdf matches scipy.stats.norm.cdf', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(normalCdf(0.5)).toBeCloseTo(0.6914624612740131, 14);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(-8) / 6.22096057427174e-16).toBeCloseTo(1, 10);
  });

  it('quantile matches scipy.stats.norm.ppf, including the far tail', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 10);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });

  it('quantile inverts cdf across the range', () => {
    // Above z ≈ 4.5, Φ(z) is within 1e-5 of 1 where doubles are spaced 1.1e-16 apart, so the
    // round trip loses digits to representation, not to the algorithms; the lower tail has no limit.
    for (let z = -8; z <= 4.5; z += 0.37) expect(normalQuantile(normalCdf(z))).toBeCloseTo(z, 8);
  });
});
