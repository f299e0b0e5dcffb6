import { describe, expect, it } from 'vitest';
import {
  chiSquareHomogeneity,
  contingencySimilarity,
  correlationMatrix,
  correlationSimilarity,
  discretise,
  jensenShannonDivergence,
  ksComplement,
  ksStatistic,
  pearson,
  scaledWasserstein,
  totalVariation,
  tvComplement,
  wassersteinSorted,
} from '../../../../src/core/quality/fidelity';
import { sortedPresent } from '../../../../src/core/stats/sort';
import { chiSquareSurvival, gammaQ, lnGamma } from '../../../../src/core/stats/special';

// Reference values were computed once with NumPy 2.4.6 / SciPy 1.17.1 by
// test/unit/core/quality/reference/scipy_metrics.py; each is hard-coded beside the call that made it.
const A = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const B = [2.5, 3.5, 4.5, 11, 12, 13];

describe('Kolmogorov-Smirnov', () => {
  it('matches scipy.stats.ks_2samp', () => {
    // scipy.stats.ks_2samp(A, B).statistic == 0.5
    expect(ksStatistic(A, B)).toBeCloseTo(0.5, 12);
    expect(ksComplement(A, B)).toBeCloseTo(0.5, 12);
    // scipy.stats.ks_2samp([1,1,2,2,3],[1,2,2,3,3,3]).statistic == 0.3 (ties)
    expect(ksStatistic([1, 1, 2, 2, 3], [1, 2, 2, 3, 3, 3])).toBeCloseTo(0.3, 12);
  });
  it('drops missing values and is NaN on an empty side', () => {
    expect(ksStatistic([1, NaN, 2], [1, 2])).toBe(0);
    expect(ksStatistic([NaN], [1])).toBeNaN();
  });
});

describe('Wasserstein distance', () => {
  it('matches scipy.stats.wasserstein_distance', () => {
    // scipy.stats.wasserstein_distance(A, B) == 2.3833333333333333
    expect(wassersteinSorted(sortedPresent(A), sortedPresent(B))).toBeCloseTo(2.3833333333333333, 12);
    // scaled by the range of A (9): 0.26481481481481484
    expect(scaledWasserstein(A, B)).toBeCloseTo(0.26481481481481484, 12);
    // scipy.stats.wasserstein_distance([1,1,2,2,3],[1,2,2,3,3,3]) == 0.5333333333333334
    expect(wassersteinSorted([1, 1, 2, 2, 3], [1, 2, 2, 3, 3, 3])).toBeCloseTo(0.5333333333333334, 12);
  });
  it('is 0 for identical samples and divides a constant real column by 1', () => {
    expect(scaledWasserstein([3, 1, 2], [1, 2, 3])).toBe(0);
    expect(scaledWasserstein([5, 5, 5], [6, 6])).toBe(1);
  });
});

describe('Jensen-Shannon divergence', () => {
  it('is scipy jensenshannon(base=2) squared', () => {
    // scipy.spatial.distance.jensenshannon([10,20,30,40],[15,15,35,35], base=2)**2 == 0.00880796796645794
    expect(jensenShannonDivergence([10, 20, 30, 40], [15, 15, 35, 35])).toBeCloseTo(0.00880796796645794, 12);
    // disjoint supports: 1
    expect(jensenShannonDivergence([1, 0], [0, 1])).toBeCloseTo(1, 12);
    expect(jensenShannonDivergence([1, 2], [2, 4])).toBe(0);
    expect(jensenShannonDivergence([0, 0], [1, 1])).toBeNaN();
  });
});

describe('chi-square test of homogeneity', () => {
  it('matches scipy.stats.chi2_contingency on a 2 x 3 table', () => {
    // chi2_contingency([[10,20,30],[15,15,40]]): statistic 2.3877551020408165, p 0.30304391468510006, dof 2
    // scipy.stats.contingency.association(..., method='cramer') == 0.1355261854357877
    const r = chiSquareHomogeneity([10, 20, 30], [15, 15, 40]);
    expect(r.statistic).toBeCloseTo(2.3877551020408165, 10);
    expect(r.pValue).toBeCloseTo(0.30304391468510006, 10);
    expect(r.dof).toBe(2);
    expect(r.cramersV).toBeCloseTo(0.1355261854357877, 10);
  });
  it("applies Yates' correction on 2 x 2 tables, as scipy does", () => {
    // chi2_contingency([[12,5],[7,14]]): statistic 3.831932773109244, p 0.05028491606049412, dof 1
    // association(..., method='cramer') == 0.3704792868174742 (uncorrected)
    const r = chiSquareHomogeneity([12, 5], [7, 14]);
    expect(r.statistic).toBeCloseTo(3.831932773109244, 10);
    expect(r.pValue).toBeCloseTo(0.05028491606049412, 10);
    expect(r.cramersV).toBeCloseTo(0.3704792868174742, 10);
  });
  it('matches on large counts and drops categories empty on both sides', () => {
    // chi2_contingency([[1000,2000,3000,500],[1100,1900,3050,450]]): 10.370809413871616, p 0.015663375055013362, dof 3
    const r = chiSquareHomogeneity([1000, 2000, 0, 3000, 500], [1100, 1900, 0, 3050, 450]);
    expect(r.statistic).toBeCloseTo(10.370809413871616, 9);
    expect(r.pValue).toBeCloseTo(0.015663375055013362, 12);
    expect(r.dof).toBe(3);
  });
  it('has nothing to test with one category or an empty side', () => {
    expect(chiSquareHomogeneity([5], [7]).statistic).toBeNaN();
    expect(chiSquareHomogeneity([5, 3], [0, 0]).pValue).toBeNaN();
  });
});

describe('chi-square survival and the incomplete gamma function', () => {
  it('matches scipy.stats.chi2.sf and scipy.special', () => {
    // scipy.stats.chi2.sf(x, k) for (x, k) below
    const cases: [number, number, number][] = [
      [0.5, 1, 0.47950012218695337],
      [3.84, 1, 0.05004352124870519],
      [10, 4, 0.04042768199451279],
      [100, 10, 5.4497019829205215e-17],
      [0.001, 3, 0.9999915920809419],
      [250, 3, 6.543750030967994e-54],
    ];
    for (const [x, k, p] of cases) expect(chiSquareSurvival(x, k) / p).toBeCloseTo(1, 9);
    // scipy.special.gammaincc(2.5, 1.7) == 0.6385699231037951; gammaincc(0.5, 8.0) == 6.334248366623988e-05
    expect(gammaQ(2.5, 1.7)).toBeCloseTo(0.6385699231037951, 12);
    expect(gammaQ(0.5, 8) / 6.334248366623988e-5).toBeCloseTo(1, 10);
    // scipy.special.gammaln(0.3), gammaln(7.5), gammaln(100.25)
    expect(lnGamma(0.3)).toBeCloseTo(1.0957979948180756, 12);
    expect(lnGamma(7.5)).toBeCloseTo(7.534364236758734, 12);
    expect(lnGamma(100.25)).toBeCloseTo(360.28455963776423, 10);
    expect(chiSquareSurvival(0, 3)).toBe(1);
  });
});

describe('SDMetrics column and pair metrics', () => {
  it('TVComplement by hand', () => {
    // p = (2/4, 2/4, 0), q = (1/4, 1/4, 2/4): TV = ½ (¼ + ¼ + ½) = ½
    expect(totalVariation([2, 2, 0], [1, 1, 2])).toBeCloseTo(0.5, 12);
    expect(tvComplement([2, 2, 0], [1, 1, 2])).toBeCloseTo(0.5, 12);
    expect(tvComplement([3, 1], [6, 2])).toBe(1);
  });
  it('Pearson and CorrelationSimilarity', () => {
    const x = [2.0, 4.5, 1.0, 7.0, 3.5, 9.0, 12.5, 4.0, 5.0, 30.0];
    const y = [1.0, 2.0, 1.5, 3.0, 2.5, 4.0, 5.0, 3.0, 4.5, 6.0];
    // numpy.corrcoef(x, y)[0, 1] == 0.8175951324040074
    expect(pearson(x, y)).toBeCloseTo(0.8175951324040074, 12);
    // real r = 1, synthetic r = -1: 1 - |1 - (-1)| / 2 = 0
    expect(correlationSimilarity([1, 2, 3], [1, 2, 3], [1, 2, 3], [3, 2, 1]).score).toBeCloseTo(0, 12);
    // constant real column: undefined; constant synthetic: r counts as 0
    expect(correlationSimilarity([1, 1, 1], [1, 2, 3], [1, 2, 3], [1, 2, 3]).score).toBeNaN();
    expect(correlationSimilarity([1, 2, 3], [1, 2, 3], [1, 1, 1], [1, 2, 3]).score).toBeCloseTo(0.5, 12);
    const m = correlationMatrix([
      Float64Array.from(x),
      Float64Array.from(y),
      Float64Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
    ]);
    expect(m[0][0]).toBeCloseTo(1, 12);
    expect(m[0][1]).toBeCloseTo(0.8175951324040074, 12);
    expect(m[1][0]).toBe(m[0][1]);
    expect(m[2][0]).toBeNull();
  });
  it('ContingencySimilarity by hand, missing values as a category', () => {
    // real pairs (a,b): (0,0) (0,1) (1,1) (-1,1); synthetic: (0,0) (0,0) (1,1) (1,1)
    // p: (0,0)¼ (0,1)¼ (1,1)¼ (miss,1)¼; q: (0,0)½ (1,1)½; TV = ½(¼ + ¼ + ¼ + ¼) = ½
    const s = contingencySimilarity([0, 0, 1, -1], [0, 1, 1, 1], [0, 0, 1, 1], [0, 0, 1, 1], 2, 2);
    expect(s).toBeCloseTo(0.5, 12);
  });
  it('discretises on the real range, clamping to the end bins', () => {
    expect(Array.from(discretise([0, 5, 9.99, 10, -3, 15, NaN], 0, 10))).toEqual([0, 5, 9, 9, 0, 9, -1]);
    expect(Array.from(discretise([4, 4], 4, 4))).toEqual([0, 0]);
  });
});

// The foundation's cases (from main), kept as they were.
describe('KSComplement', () => {
  it('matches scipy.stats.ks_2samp(real, synthetic).statistic', () => {
    // scipy 1.17: ks_2samp([1,2,3,4],[3,4,5,6]).statistic == 0.5
    expect(ksStatistic([1, 2, 3, 4], [3, 4, 5, 6])).toBe(0.5);
    // scipy 1.17: ks_2samp([0.1,0.5,0.5,0.9,1.3],[0.2,0.5,0.7]).statistic == 0.4 (ties across samples)
    expect(ksStatistic([0.1, 0.5, 0.5, 0.9, 1.3], [0.2, 0.5, 0.7])).toBeCloseTo(0.4, 15);
    expect(ksComplement([1, 2, 3, 4], [3, 4, 5, 6])).toBe(0.5);
  });

  it('drops missing values and is 1 for identical samples', () => {
    expect(ksComplement([1, NaN, 2, 3], [3, 2, 1, NaN, NaN])).toBe(1);
    expect(ksComplement([NaN], [1])).toBeNaN();
  });
});

describe('TVComplement', () => {
  it('is 1 - ½ Σ|p - q| (by hand: p = (½, ½), q = (¾, ¼) gives TV ¼)', () => {
    expect(totalVariation([2, 2], [3, 1])).toBe(0.25);
    expect(tvComplement([2, 2], [3, 1])).toBe(0.75);
  });

  it('counts a category missing on one side fully', () => {
    // p = (1, 0), q = (0, 1): disjoint supports, TV = 1.
    expect(tvComplement([5, 0], [0, 7])).toBe(0);
  });
});

describe('CorrelationSimilarity', () => {
  it('uses Pearson r: scipy.stats.pearsonr([1,2,3,4,5],[2,4,5,4,5]) = 0.7745966692414834', () => {
    expect(pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])).toBeCloseTo(0.7745966692414834, 14);
  });

  it('is 1 - |r_real - r_synth| / 2 (by hand: r = 1 and -1 give 0)', () => {
    const c = correlationSimilarity([1, 2, 3], [1, 2, 3], [1, 2, 3], [3, 2, 1]);
    expect(c).toEqual({ score: 0, real: 1, synthetic: -1 });
  });

  it('is undefined (NaN) when the real pair is constant; an undefined synthetic r counts as 0', () => {
    expect(correlationSimilarity([1, 1, 1], [1, 2, 3], [1, 2, 3], [1, 2, 3]).score).toBeNaN();
    expect(correlationSimilarity([1, 2, 3], [1, 2, 3], [1, 1, 1], [1, 2, 3]).score).toBe(0.5);
  });

  it('uses rows where both values are present', () => {
    expect(pearson([1, 2, NaN, 3], [2, 4, 100, 6])).toBeCloseTo(1, 15);
  });
});

describe('ContingencySimilarity', () => {
  it('is 1 - ½ Σ|p(a,b) - q(a,b)| over joint categories (hand-computed: 0.5)', () => {
    // real: (0,0) (0,0) (1,1) (1,0) -> p = {00: ½, 11: ¼, 10: ¼}
    // synth: (0,0) (1,1) (1,1) (0,1) -> q = {00: ¼, 11: ½, 01: ¼}
    // |p - q| = ¼ + ¼ + ¼ + ¼ = 1, so TV = ½.
    expect(contingencySimilarity([0, 0, 1, 1], [0, 0, 1, 0], [0, 1, 1, 0], [0, 1, 1, 1], 2, 2)).toBe(0.5);
  });

  it('counts missing (-1) as a category of its own', () => {
    expect(contingencySimilarity([-1, 0], [0, 0], [0, 0], [0, 0], 1, 1)).toBe(0.5);
    expect(contingencySimilarity([-1, 0], [0, -1], [-1, 0], [0, -1], 1, 1)).toBe(1);
  });
});

describe('discretise (10 equal-width bins of the real range)', () => {
  it('maps values to bins, clips outside values to the end bins and keeps missing', () => {
    expect([...discretise([0, 1, 5, 9.99, 10, -1, 11, NaN], 0, 10)]).toEqual([0, 1, 5, 9, 9, 0, 9, -1]);
  });

  it('puts everything in one bin for a constant real column', () => {
    expect([...discretise([3, 3, 4], 3, 3)]).toEqual([0, 0, 0]);
  });
});
