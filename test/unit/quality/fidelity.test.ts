import { describe, expect, it } from 'vitest';
import { contingencySimilarity, correlationSimilarity, discretise, ksComplement, ksStatistic, pearson, totalVariation, tvComplement } from '../../../src/core/quality/fidelity';

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
