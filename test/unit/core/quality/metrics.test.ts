// The metric registry: every metric the report runs has a reference value here, computed
// independently (by hand, or with NumPy 2.4 / SciPy 1.17 / scikit-learn as noted; the SciPy ones
// by test/unit/core/quality/reference/scipy_metrics.py), and docs/quality.md's table is the registry's.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRICS, metricsMarkdown, type MetricName } from '../../../../src/core/quality/metrics';
import { sortedPresent } from '../../../../src/core/stats/sort';
import { table } from './helpers';

const A = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const B = [2.5, 3.5, 4.5, 11, 12, 13];

const REFERENCES: Record<MetricName, () => void> = {
  // scipy.stats.ks_2samp(A, B).statistic == 0.5
  KSComplement: () => expect(METRICS.KSComplement.fn(A, B)).toBeCloseTo(0.5, 12),
  KSStatistic: () => expect(METRICS.KSStatistic.fn(sortedPresent(A), sortedPresent(B))).toBeCloseTo(0.5, 12),
  // p = (½, ½, 0), q = (¼, ¼, ½): TV = ½ (¼ + ¼ + ½) = ½
  TVComplement: () => expect(METRICS.TVComplement.fn([2, 2, 0], [1, 1, 2])).toBeCloseTo(0.5, 12),
  // real r = 1, synthetic r = -1: 1 - |1 - (-1)| / 2 = 0
  CorrelationSimilarity: () =>
    expect(METRICS.CorrelationSimilarity.fn([1, 2, 3], [1, 2, 3], [1, 2, 3], [3, 2, 1]).score).toBeCloseTo(0, 12),
  // real (0,0) (0,1) (1,1) (miss,1), synthetic (0,0) (0,0) (1,1) (1,1): TV = ½ (¼ + ¼ + ¼ + ¼) = ½
  ContingencySimilarity: () =>
    expect(METRICS.ContingencySimilarity.fn([0, 0, 1, -1], [0, 1, 1, 1], [0, 0, 1, 1], [0, 0, 1, 1], 2, 2)).toBeCloseTo(
      0.5,
      12,
    ),
  // scipy.stats.wasserstein_distance(A, B) / 9 == 0.26481481481481484
  ScaledWasserstein: () =>
    expect(METRICS.ScaledWasserstein.fn(sortedPresent(A), sortedPresent(B))).toBeCloseTo(0.26481481481481484, 12),
  // scipy.spatial.distance.jensenshannon([10,20,30,40],[15,15,35,35], base=2)**2 == 0.00880796796645794
  JensenShannonDivergence: () =>
    expect(METRICS.JensenShannonDivergence.fn([10, 20, 30, 40], [15, 15, 35, 35])).toBeCloseTo(0.00880796796645794, 12),
  // scipy.stats.chi2_contingency([[10,20,30],[15,15,40]]): 2.3877551020408165, p 0.30304391468510006
  ChiSquareHomogeneity: () => {
    const r = METRICS.ChiSquareHomogeneity.fn([10, 20, 30], [15, 15, 40]);
    expect(r.statistic).toBeCloseTo(2.3877551020408165, 10);
    expect(r.pValue).toBeCloseTo(0.30304391468510006, 10);
  },
  // numpy.corrcoef(x, y)[0, 1] == 0.8175951324040074
  PearsonCorrelation: () =>
    expect(
      METRICS.PearsonCorrelation.fn(
        [2.0, 4.5, 1.0, 7.0, 3.5, 9.0, 12.5, 4.0, 5.0, 30.0],
        [1.0, 2.0, 1.5, 3.0, 2.5, 4.0, 5.0, 3.0, 4.5, 6.0],
      ),
    ).toBeCloseTo(0.8175951324040074, 12),
  // by hand: 2 in [0, 1] of 4 (2 is outside, a missing value counts as outside when not allowed)
  BoundaryAdherence: () =>
    expect(METRICS.BoundaryAdherence.fn(Float64Array.from([0, 0.5, 2, NaN]), 0, 1, false)).toEqual({
      adherence: 0.5,
      outside: 2,
    }),
  // by hand: 100 of 4 present values lies outside [0, 10]
  OutlierRate: () => expect(METRICS.OutlierRate.fn(Float64Array.from([1, 2, NaN, 3, 100]), 0, 10)).toBe(0.25),
  // by hand: 3 training rows, 1 holdout row, fresh rate q = 3/4; rows closer to train, tied, closer to
  // holdout, closer to train: p = (1 + 3/4 + 0 + 1) / 4 = 11/16; p (1 - q) / (p (1 - q) + (1 - p) q) = 11/26
  DCRShare: () =>
    expect(METRICS.DCRShare.fn([0.1, 0.2, 0.3, 0.4], [0.2, 0.2, 0.1, 0.5], 3, 1)).toBeCloseTo(11 / 26, 12),
  // by hand: pairs (1,2) (1,3) (2,3) count 1, (2,2) a tie counts ½: 3.5 / 4
  DCRDistanceShare: () => expect(METRICS.DCRDistanceShare.fn([1, 2], [2, 3])).toBe(0.875),
  NNDR: () => {
    expect(METRICS.NNDR.fn(1, 4)).toBe(0.25);
    expect(METRICS.NNDR.fn(0, 0)).toBe(1);
  },
  // sklearn.metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
  ROCAUC: () => expect(METRICS.ROCAUC.fn([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75),
  // by hand: predictions (0, 1, 0, 0) for truth (0, 1, 1, 0): accuracy ¾, precision 1, recall ½, F1 ⅔
  ClassificationMetrics: () => {
    const m = METRICS.ClassificationMetrics.fn(
      Float64Array.from([0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.7, 0.3]),
      2,
      Int32Array.from([0, 1, 1, 0]),
      1,
    );
    expect(m.accuracy).toBeCloseTo(0.75, 12);
    expect(m.precision).toBeCloseTo(1, 12);
    expect(m.recall).toBeCloseTo(0.5, 12);
    expect(m.f1).toBeCloseTo(2 / 3, 12);
  },
  // sklearn.metrics.r2_score([3, -0.5, 2, 7], [2.5, 0, 2, 8]) == 0.9486081370449679; MAE 0.5
  RegressionMetrics: () => {
    const m = METRICS.RegressionMetrics.fn([2.5, 0, 2, 8], [3, -0.5, 2, 7]);
    expect(m.r2).toBeCloseTo(0.9486081370449679, 12);
    expect(m.mae).toBeCloseTo(0.5, 12);
  },
  // Separable tables (x in {0, 1} real, {2, 3} synthetic, 30 rows of each value, so every fold
  // trains on every value): one split puts every test row on its side, so each fold's ROC-AUC is
  // 1 and the score 1 - (max(0.5, 1)·2 - 1) = 0 (by hand).
  // Identical tables: a row and its copy get the same margin, so AUC stays near ½ and the score near 1.
  Detection: () => {
    const real = table({ x: Array.from({ length: 60 }, (_, i) => i % 2) });
    const synthetic = table({ x: Array.from({ length: 60 }, (_, i) => 2 + (i % 2)) });
    const apart = METRICS.Detection.fn(real, synthetic, ['x']);
    expect(apart.foldAucs).toEqual([1, 1, 1]);
    expect(apart.score).toBe(0);
    expect(METRICS.Detection.fn(real, real, ['x']).score).toBeGreaterThanOrEqual(0.95);
  },
};

describe('the metric registry', () => {
  it('has a reference test for every metric', () => {
    expect(Object.keys(REFERENCES).sort()).toEqual(Object.keys(METRICS).sort());
  });
  for (const [name, check] of Object.entries(REFERENCES)) it(`${name} matches its reference`, check);
  it('is the table docs/quality.md shows (npm run docs writes it)', () => {
    const doc = readFileSync(path.join(__dirname, '..', '..', '..', '..', 'docs', 'quality.md'), 'utf8');
    const start = doc.indexOf('<!-- metrics:start -->');
    const end = doc.indexOf('<!-- metrics:end -->');
    expect(start).toBeGreaterThan(0);
    expect(doc.slice(start + '<!-- metrics:start -->'.length, end).trim()).toBe(metricsMarkdown());
  });
});
