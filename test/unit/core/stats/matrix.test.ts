import { describe, expect, it } from 'vitest';
import { cholesky, minEigenvalue, nearestCorrelation, symmetricEigen } from '../../../../src/core/stats/matrix';

describe('symmetric matrices', () => {
  it('eigenvalues of [[2,1],[1,2]] are 1 and 3 (by hand: (2-λ)² = 1)', () => {
    const { values } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect([...values].sort()).toEqual([expect.closeTo(1, 12), expect.closeTo(3, 12)]);
  });

  it('an invalid correlation matrix has a negative eigenvalue (numpy.linalg.eigvalsh: -0.8, 1.9, 1.9)', () => {
    const m = Float64Array.from([1, 0.9, 0.9, 0.9, 1, -0.9, 0.9, -0.9, 1]);
    expect(minEigenvalue(m, 3)).toBeCloseTo(-0.8, 10);
  });

  it('cholesky of [[4,2],[2,3]] is [[2,0],[1,√2]] (by hand)', () => {
    const l = cholesky(Float64Array.from([4, 2, 2, 3]), 2)!;
    expect([...l]).toEqual([2, 0, 1, expect.closeTo(Math.SQRT2, 14)]);
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBeUndefined();
  });

  it('repairs an invalid correlation matrix into a valid one near it', () => {
    const m = Float64Array.from([1, 0.9, 0.9, 0.9, 1, -0.9, 0.9, -0.9, 1]);
    const r = nearestCorrelation(m, 3);
    expect(minEigenvalue(r, 3)).toBeGreaterThanOrEqual(-1e-9);
    for (let i = 0; i < 3; i++) expect(r[i * 3 + i]).toBeCloseTo(1, 12);
    expect(cholesky(r, 3)).toBeDefined();
    // Symmetric, and the signs of the original structure kept.
    expect(r[1]).toBeCloseTo(r[3], 12);
    expect(Math.sign(r[5])).toBe(-1);
  });
});
