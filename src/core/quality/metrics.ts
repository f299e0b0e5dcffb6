/**
 * Every metric of the report by its standard name: the function the report calls, a one-line
 * definition and where the definition comes from (in the manner of arquero's table of aggregate
 * functions). The report's sections call these functions through this table; docs/quality.md's
 * metric table is generated from it (`npm run docs`, checked by a test); the tests check every
 * entry against independently computed values (test/unit/core/quality/metrics.test.ts fails on an
 * entry without one).
 *
 * To add a metric: write it (with its doc comment) in the module of its section, add it here,
 * give it a reference test, run `npm run docs`.
 */
import {
  chiSquareHomogeneity,
  contingencySimilarity,
  contingencySimilarityOfCounts,
  correlationSimilarity,
  correlationSimilarityOf,
  jensenShannonDivergence,
  ksComplement,
  ksComplementOf,
  ksStatisticSorted,
  pearson,
  scaledWassersteinSorted,
  tvComplement,
} from './fidelity';
import { detectTables } from './detection';
import { classificationMetrics, regressionMetrics, rocAuc } from './ml/metrics';
import { dcrShare, nndr, probabilityLess } from './privacy';
import { boundaryAdherence, outlierRate } from './validity';

export type MetricSection = 'fidelity' | 'validity' | 'privacy' | 'utility' | 'distinguishability';

export interface Metric {
  section: MetricSection;
  /** What it compares. */
  on: string;
  /** The definition in one line. */
  definition: string;
  /** Where the definition comes from (library function or paper). */
  source: string;
  /** Where report.json carries it. */
  field: string;
  /** The implementation the report runs. */
  fn: (...args: never[]) => unknown;
  /** Other entry points of the same implementation (from a statistic, from counts). */
  [variant: `from${string}`]: ((...args: never[]) => unknown) | undefined;
}

export const METRICS = {
  KSComplement: {
    section: 'fidelity',
    on: 'numbers, datetimes',
    definition: '1 - D, D the two-sample Kolmogorov-Smirnov statistic of the present values',
    source: 'SDMetrics KSComplement',
    field: 'fidelity.columns.<column>.score',
    fn: ksComplement,
    fromStatistic: ksComplementOf,
  },
  TVComplement: {
    section: 'fidelity',
    on: 'categories, booleans',
    definition: '1 - ½ Σ_c |p_real(c) - p_synth(c)| over the union of categories (present values)',
    source: 'SDMetrics TVComplement',
    field: 'fidelity.columns.<column>.score',
    fn: tvComplement,
  },
  CorrelationSimilarity: {
    section: 'fidelity',
    on: 'pairs of numbers',
    definition: "1 - |r_real - r_synth| / 2, Pearson's r over rows where both values are present",
    source: 'SDMetrics CorrelationSimilarity',
    field: 'fidelity.pairs[].score',
    fn: correlationSimilarity,
    fromCorrelations: correlationSimilarityOf,
  },
  ContingencySimilarity: {
    section: 'fidelity',
    on: 'other pairs',
    definition:
      '1 - ½ Σ_{a,b} |p_real(a,b) - p_synth(a,b)|; missing is a category, numbers in 10 bins of the real range',
    source: 'SDMetrics ContingencySimilarity',
    field: 'fidelity.pairs[].score',
    fn: contingencySimilarity,
    fromJointCounts: contingencySimilarityOfCounts,
  },
  KSStatistic: {
    section: 'fidelity',
    on: 'numbers, datetimes',
    definition: 'D = sup_x |F_real(x) - F_synth(x)| over the empirical distribution functions',
    source: 'scipy.stats.ks_2samp',
    field: 'fidelity.columns.<column>.ks',
    fn: ksStatisticSorted,
  },
  ScaledWasserstein: {
    section: 'fidelity',
    on: 'numbers, datetimes',
    definition: '∫ |F_real - F_synth| dx divided by the real range (a constant column by 1)',
    source: 'scipy.stats.wasserstein_distance',
    field: 'fidelity.columns.<column>.wasserstein',
    fn: scaledWassersteinSorted,
  },
  JensenShannonDivergence: {
    section: 'fidelity',
    on: 'categories; numbers in 30 histogram bins',
    definition: '½ KL(p‖m) + ½ KL(q‖m), m = ½(p + q), in bits (0 same, 1 disjoint)',
    source: 'scipy.spatial.distance.jensenshannon(base=2) squared',
    field: 'fidelity.columns.<column>.jensenShannon',
    fn: jensenShannonDivergence,
  },
  ChiSquareHomogeneity: {
    section: 'fidelity',
    on: 'categories, booleans',
    definition: "Pearson's χ² test on the 2 x K table of counts (Yates when dof = 1), p-value and Cramér's V",
    source: 'scipy.stats.chi2_contingency, scipy.stats.contingency.association',
    field: 'fidelity.columns.<column>.chiSquare',
    fn: chiSquareHomogeneity,
  },
  PearsonCorrelation: {
    section: 'fidelity',
    on: 'pairs of numbers',
    definition: 'Pearson correlation over rows where both values are present',
    source: 'numpy.corrcoef',
    field: 'fidelity.correlation',
    fn: pearson,
  },
  BoundaryAdherence: {
    section: 'validity',
    on: 'numbers, datetimes',
    definition: 'share of synthetic values within [min, max] of the blueprint or the real column',
    source: 'SDMetrics BoundaryAdherence',
    field: 'validity.columns[].range.adherence',
    fn: boundaryAdherence,
  },
  OutlierRate: {
    section: 'validity',
    on: 'numbers, datetimes',
    definition: "share of present values beyond the real column's fences Q1 - 1.5 IQR, Q3 + 1.5 IQR",
    source: 'Tukey, Exploratory Data Analysis (1977)',
    field: 'validity.columns[].outliers',
    fn: outlierRate,
  },
  DCRShare: {
    section: 'privacy',
    on: 'rows',
    definition:
      "how often a synthetic row's closest real record is a training row rather than a holdout row, as an odds ratio against fresh data's train / (train + holdout), mapped to 0..1 (ties count the fresh rate): 0.5 is fresh data",
    source: 'Platzer & Reutterer, holdout-based assessment (2021), size-corrected as ../shared/tools/judge.py',
    field: 'privacy.dcrShare',
    fn: dcrShare,
  },
  DCRDistanceShare: {
    section: 'privacy',
    on: 'rows',
    definition:
      'P(DCR of a synthetic row < DCR of a holdout row), ties half: 0.5 is as far from the training rows as fresh data',
    source: 'Mann-Whitney U / (n m) over SDMetrics calculate_dcr distances',
    field: 'privacy.dcr.distanceShare',
    fn: probabilityLess,
  },
  NNDR: {
    section: 'privacy',
    on: 'rows',
    definition: 'distance to the closest training row / distance to the second closest (0/0 is 1)',
    source: 'Zhao et al., CTAB-GAN (2021); synthcity',
    field: 'privacy.nndr',
    fn: nndr,
  },
  ROCAUC: {
    section: 'utility',
    on: 'model scores',
    definition: 'P(a random positive scores above a random negative), ties half',
    source: 'sklearn.metrics.roc_auc_score',
    field: 'utility.models[].tstr.rocAuc',
    fn: rocAuc,
  },
  ClassificationMetrics: {
    section: 'utility',
    on: 'predicted classes',
    definition: 'accuracy; precision, recall, F1 of the positive class (multiclass: macro averages)',
    source: 'sklearn.metrics accuracy_score, precision_recall_fscore_support',
    field: 'utility.models[].tstr',
    fn: classificationMetrics,
  },
  RegressionMetrics: {
    section: 'utility',
    on: 'predicted numbers',
    definition: 'R² = 1 - SS_res / SS_tot and the mean absolute error',
    source: 'sklearn.metrics r2_score, mean_absolute_error',
    field: 'utility.models[].tstr',
    fn: regressionMetrics,
  },
  Detection: {
    section: 'distinguishability',
    on: 'rows',
    definition:
      '1 - mean over 3 stratified folds of (max(0.5, ROC-AUC)·2 - 1) of a gradient-boosted classifier of real vs synthetic rows',
    source: 'SDMetrics detection metrics (C2ST) with XGBoost, as tabpc / ../shared/tools/detect.py',
    field: 'distinguishability.score, auc',
    fn: detectTables,
  },
} as const satisfies Record<string, Metric>;

export type MetricName = keyof typeof METRICS;

/** The metric table of docs/quality.md, generated from `METRICS`. */
export function metricsMarkdown(): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  const rows = Object.entries(METRICS).map(
    ([name, m]: [string, Metric]) =>
      `| **${name}** | ${m.section} | ${cell(m.on)} | ${cell(m.definition)} | ${cell(m.source)} | \`${m.field}\` |`,
  );
  return [
    '| metric | section | on | definition | source | in report.json |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
