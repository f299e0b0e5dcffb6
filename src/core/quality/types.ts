/**
 * The report model: plain JSON, written to `report.json`, sent to the webview and embedded in
 * the standalone HTML report. It carries every number the report shows, pre-aggregated (bins,
 * counts, matrices, a bounded sample of rows), never whole columns of data.
 *
 * Sections and what they answer (docs/quality.md has every definition and its source):
 * - `fidelity`: do columns and pairs of columns look like the real ones? (SDMetrics metrics)
 * - `utility`: does a model trained on synthetic rows predict real ones as well? (TSTR / TRTR)
 * - `privacy`: are synthetic rows closer to the training rows than fresh real rows are? (DCR)
 * - `distinguishability`: can a gradient-boosted classifier tell real from synthetic? (detection, C2ST)
 * - `validity`: do synthetic values have the right types, ranges, categories, constraints?
 * - `target`, `time`, `sample`, `preview`: pre-aggregated data for the report panel's views.
 * The overall `score` combines fidelity, utility and privacy with `scores.*.weight`.
 */
import type { ConstraintCheck } from '../constraints/check';
import type { ColumnType } from '../table';

export type Grade = 'A+' | 'A' | 'B+' | 'B' | 'C' | 'F';

/** Facts about a report that are not in report.json (they differ from run to run). */
export interface ReportContext {
  /** Seconds the job took, end to end. */
  seconds?: number;
  /** Workspace-relative paths of the files involved, for display and "open" buttons. */
  sourcePath?: string;
  blueprintPath?: string;
  syntheticPath?: string;
}

export interface QualityReport {
  version: 1;
  /** What was compared, e.g. "penguins.csv vs penguins.synthetic.csv". */
  title: string;
  /** Overall score, 0..1: the weighted mean of the sub-scores in `scores` that could be computed. */
  score: number;
  grade: Grade;
  /** One plain-language sentence on what the score means. */
  verdict: string;
  real: TableSummary;
  synthetic: TableSummary;
  /** Rows held out from fitting (privacy and utility are measured against them), when known. */
  holdout?: TableSummary;
  /** Generation settings when known (method, seed). */
  generator?: { method?: string; seed?: number };
  /** How the overall score was put together: each part's score, weight and meaning. */
  scores: ScoreBreakdown;
  fidelity: FidelityReport;
  columns: ColumnProfile[];
  validity: ValidityReport;
  privacy: PrivacyReport;
  utility: UtilityReport;
  distinguishability: DistinguishabilityReport;
  /** The utility target broken down for the panel's Target view (absent without a target). */
  target?: TargetBreakdown;
  /** Trends over time per datetime column (absent when there is none). */
  time?: TimeTrend[];
  /** A bounded random sample of a few numeric columns, for scatter plots. */
  sample?: RowSample;
  /** The first rows of each table, for a preview grid. */
  preview: Preview;
  /** How the numbers were computed where it matters (subsampling, exclusions, skipped parts). */
  notes: string[];
  /** Rows generated under a condition or with rebalanced shares: what they are compared with. */
  conditioning?: ConditioningReport;
}

/** A generate run with `where` or `rebalance`: the real rows compared, and each class against its real rows. */
export interface ConditioningReport {
  /** The condition, and how many real rows meet it (the rows the report compares with). */
  where?: { condition: string; realRows: number; realTotal: number };
  rebalance?: {
    column: string;
    classes: {
      level: string;
      /** Share asked and share made. */
      asked: number;
      achieved: number;
      /** Share of the level among the real rows (meeting the condition). */
      realShare: number;
      realRows: number;
      syntheticRows: number;
      /** Mean KS / TV complement of the class's synthetic rows against the real rows of the class. */
      columnShapes: number | null;
    }[];
  };
}

export interface TableSummary {
  name: string;
  rows: number;
  columns: number;
  /** Share of missing cells, 0..1. */
  missingShare: number;
}

// ---------------------------------------------------------------------------------------------
// Overall score

export type ScorePart = 'fidelity' | 'utility' | 'privacy';

export interface SubScore {
  /** 0..1, or null when this part could not be computed (see `skipped`). */
  score: number | null;
  /** The weight asked for (options or defaults: fidelity 0.4, utility 0.4, privacy 0.2). */
  weight: number;
  /** The weight used: the asked-for weights renormalised over the parts that could be computed. */
  appliedWeight: number;
  /** One plain-language sentence on what this score means. */
  meaning: string;
  /** Why this part was left out of the overall score. */
  skipped?: string;
}

export type ScoreBreakdown = Record<ScorePart, SubScore>;

// ---------------------------------------------------------------------------------------------
// Fidelity

export interface FidelityReport {
  /** Mean of `columnShapes` and `pairTrends` (SDMetrics QualityReport's overall score). */
  score: number;
  /** Mean of the per-column scores. */
  columnShapes: number;
  /** Mean of the per-pair scores. */
  pairTrends: number;
  columns: Record<string, ColumnFidelity>;
  pairs: PairFidelity[];
  /** Columns left out of the scores, and why. */
  excluded: { column: string; reason: string }[];
  /** Pearson correlation matrices of the numeric columns, for heatmaps. */
  correlation?: CorrelationMatrices;
}

export type ShapeMetric = 'KSComplement' | 'TVComplement';
export type PairMetric = 'CorrelationSimilarity' | 'ContingencySimilarity';

export interface ColumnFidelity {
  metric: ShapeMetric;
  score: number;
  /** Numbers and datetimes: the Kolmogorov-Smirnov statistic D (score = 1 - D). */
  ks?: number;
  /** Numbers and datetimes: Wasserstein-1 distance divided by the real column's range (0 = same). */
  wasserstein?: number;
  /** Jensen-Shannon divergence, base 2 (0 = same, 1 = disjoint), over categories or histogram bins. */
  jensenShannon?: number;
  /** Categories: Pearson's chi-square test of homogeneity of the real and synthetic counts. */
  chiSquare?: ChiSquareResult;
}

export interface ChiSquareResult {
  statistic: number;
  dof: number;
  /** Probability of a statistic at least this large if both came from one distribution. */
  pValue: number;
  /**
   * Cramér's V effect size, 0..1, from the uncorrected statistic: √(χ² / (N (min(rows, cols) - 1))).
   * Large samples make tiny differences "significant"; V says how big they are.
   */
  cramersV: number;
}

export interface PairFidelity {
  columns: [string, string];
  metric: PairMetric;
  score: number;
  /** Pearson r of the real pair (CorrelationSimilarity only). */
  real?: number;
  /** Pearson r of the synthetic pair (CorrelationSimilarity only). */
  synthetic?: number;
  /**
   * The joint distribution for a contingency view: shares of rows per cell (rows: categories or
   * bins of the first column, columns: of the second); at most 10 categories per column, the
   * rest folded into "Other"; missing values as "(missing)".
   */
  table?: { a: string[]; b: string[]; real: number[][]; synthetic: number[][] };
}

export interface CorrelationMatrices {
  columns: string[];
  /** Pearson r; null where undefined (a constant column). */
  real: (number | null)[][];
  synthetic: (number | null)[][];
  /** synthetic - real. */
  difference: (number | null)[][];
  /** Mean of |difference| over the pairs above the diagonal where both are defined. */
  meanAbsDifference: number | null;
  maxAbsDifference: number | null;
}

// ---------------------------------------------------------------------------------------------
// Column profiles

export interface NumericStats {
  count: number;
  missing: number;
  mean: number | null;
  std: number | null;
  min: number | null;
  p25: number | null;
  median: number | null;
  p75: number | null;
  max: number | null;
  skewness: number | null;
  kurtosis: number | null;
  p05?: number | null;
  p95?: number | null;
  /** Box plot whiskers: the most extreme values within 1.5 IQR of the quartiles (Tukey). */
  whiskerLow?: number | null;
  whiskerHigh?: number | null;
  /** Values beyond the whiskers. */
  outliers?: number;
}

export interface CategoricalStats {
  count: number;
  missing: number;
  distinct: number;
  mode: string | null;
}

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  /** The column's shape score (absent for excluded columns). */
  score?: number;
  metric?: ShapeMetric;
  /** Datetimes: `day` when every real value is a whole day (shown as dates, never with a clock time). */
  resolution?: DatetimeDisplay;
  /** Numbers and datetimes (datetimes in ms since the epoch, UTC). */
  numeric?: { real: NumericStats; synthetic: NumericStats };
  categorical?: { real: CategoricalStats; synthetic: CategoricalStats };
  /** Numbers and datetimes: shares of each side's non-missing values per bin. */
  histogram?: { edges: number[]; real: number[]; synthetic: number[] };
  /**
   * Numbers and datetimes where one value holds at least half of the real values (0 in a cost
   * column): that value, its share of each side's non-missing values, and the histogram of the
   * other values (shares of each side's other values), so the rest can be read.
   */
  dominant?: Dominant;
  /** Categories: shares of each side's non-missing values; rare categories folded into "Other". */
  categories?: { labels: string[]; real: number[]; synthetic: number[] };
}

export interface Dominant {
  value: number;
  real: number;
  synthetic: number;
  histogram: { edges: number[]; real: number[]; synthetic: number[] };
}

// ---------------------------------------------------------------------------------------------
// Validity

export interface ValidityReport {
  /** Mean of every adherence check below (types, ranges, categories, constraints), 0..1. */
  score: number;
  meaning: string;
  /** Out-of-range values + unknown categories + values of the wrong type + constraint violations. */
  violations: number;
  columns: ColumnValidity[];
  constraints: ConstraintValidity[];
  /** Schema differences: columns missing or extra, types that differ. */
  issues: string[];
}

export interface ColumnValidity {
  name: string;
  type: ColumnType;
  /** Share of the synthetic column's non-missing cells that are of the column's type. */
  typeAdherence: number | null;
  /** Synthetic cells that could not be read as the column's type (numbers, dates), or non-whole integers. */
  wrongType: number;
  /** Numbers and datetimes: SDMetrics BoundaryAdherence against `min`..`max`. */
  range?: { min: number; max: number; source: 'real' | 'blueprint'; adherence: number; outside: number };
  /** Categories: SDMetrics CategoryAdherence; `unknown` lists up to 5 values the real data never has. */
  categories?: { adherence: number; outside: number; unknown: string[] };
  /** Numbers and datetimes: share of values beyond the real column's 1.5 IQR fences, each side. */
  outliers?: { low: number; high: number; real: number; synthetic: number };
  /** Share of missing cells, each side. */
  missing: { real: number; synthetic: number };
}

/**
 * A constraint of the blueprint checked on the synthetic rows: `checkConstraints`' result (the
 * report does not evaluate expressions itself), first rows cut to 20, with the rate.
 */
export interface ConstraintValidity extends ConstraintCheck {
  /** violations / rows. */
  rate: number;
}

// ---------------------------------------------------------------------------------------------
// Privacy

export interface PrivacyReport {
  /** 0..1, or null without a holdout: DCR protection x (1 - excess exact-copy rate). */
  score: number | null;
  meaning: string;
  skipped?: string;
  /**
   * DCR share: how often a synthetic row's closest real record is a training row rather than a
   * holdout row, against the fresh-data rate train / (train + holdout), as an odds ratio mapped to
   * 0..1 (`dcrShare` in privacy.ts). 0.5 is ideal (as for fresh real rows); 1 means every synthetic
   * row sits on a training row. Null without a holdout.
   */
  dcrShare: number | null;
  /** Share of synthetic rows identical to a training row on every compared column. */
  exactCopyRate: number;
  dcr: DcrSummary;
  nndr: NndrSummary;
  exactCopies: {
    count: number;
    rate: number;
    /** Synthetic rows checked (all of them). */
    rows: number;
    /**
     * How often the real data repeats itself: with a holdout, the share of holdout rows equal to a
     * training row; without, the share of real rows equal to another real row.
     */
    baselineRate: number | null;
    baseline: 'holdout' | 'within-real';
    /** max(0, rate - baselineRate). */
    excessRate: number;
  };
  /** A few synthetic rows, each beside its closest training row, differences spelled out. */
  closestPairs: ClosestPairs;
  /** Columns the distances use (identifiers and free text are left out). */
  columns: string[];
  /** Columns of personal data, generated as fakes: how many synthetic values equal a real one. */
  pii?: PiiColumnCheck[];
}

/** A personal-data column (blueprint `pii`): its synthetic values are fakes; real ones found in them are counted. */
export interface PiiColumnCheck {
  column: string;
  /** The blueprint's `pii` kind, e.g. `email`. */
  kind: string;
  locale: string;
  /** Non-missing synthetic values. */
  syntheticValues: number;
  /** Distinct real values of the column. */
  realValues: number;
  /** Synthetic values equal (ignoring case and spaces around) to a real value of the column. */
  realInOutput: number;
  /** The real value found most often in the output, and how often. */
  worst?: { value: string; count: number };
}

export interface DistanceStats {
  mean: number;
  median: number;
  p05: number;
  /** Share of distances that are exactly 0. */
  zeroShare: number;
}

export interface DcrSummary {
  /** SDMetrics' DCROverfittingProtection breakdown: share of synthetic rows closer to train than to holdout. */
  closerToTrain: number | null;
  /** SDMetrics' DCROverfittingProtection score, min(1, 2 (1 - closerToTrain)); depends on split sizes. */
  sdmetricsScore: number | null;
  /**
   * P(DCR_train(synthetic row) < DCR_train(holdout row)), ties half: whether synthetic rows are as
   * far from the training rows as fresh rows are, in distance alone (below 0.5: farther, a model
   * that smooths detail away). A row can be far from every real row and still nearer its training
   * neighbours than the holdout, which the DCR share catches and this does not.
   */
  distanceShare: number | null;
  /** Our DCR protection, min(1, 2 (1 - dcrShare)): 1 when synthetic rows are no closer than fresh real rows. */
  protection: number | null;
  syntheticToTrain: DistanceStats;
  syntheticToHoldout: DistanceStats | null;
  holdoutToTrain: DistanceStats | null;
  /** Shares of rows per distance bin, the three series on the same edges. */
  histogram: {
    edges: number[];
    syntheticToTrain: number[];
    syntheticToHoldout: number[] | null;
    holdoutToTrain: number[] | null;
  };
  /** Rows compared: synthetic and holdout rows checked, and the rows searched. */
  sizes: { synthetic: number; holdout: number; train: number; holdoutReference: number };
}

export interface NndrSummary {
  /** Median NNDR of synthetic rows against the training rows (0 = much closer to one real row). */
  median: number | null;
  p05: number | null;
  /** The same for holdout rows (fresh real data), the baseline. */
  holdoutMedian: number | null;
  holdoutP05: number | null;
  /** Shares of rows per NNDR bin of width 0.1 on [0, 1]. */
  histogram: { edges: number[]; synthetic: number[]; holdout: number[] | null };
}

export interface ClosestPairs {
  columns: string[];
  types: ColumnType[];
  pairs: ClosestPair[];
}

export interface ClosestPair {
  /** `closest`: among the synthetic rows nearest to a real row; `random`: a typical row. */
  kind: 'closest' | 'random';
  /** 0-based index of the synthetic row, and of its closest row in the real table. */
  syntheticRow: number;
  realRow: number;
  /** DCR, 0..1. */
  distance: number;
  synthetic: (string | null)[];
  real: (string | null)[];
  /** Per column: do the two values differ? */
  differs: boolean[];
  /** e.g. "The closest real record differs by 7 in age and 1,240 in balance; the other 12 columns match." */
  description: string;
}

// ---------------------------------------------------------------------------------------------
// Utility

export type Task = 'binary' | 'multiclass' | 'regression';

export interface ClassificationMetrics {
  accuracy: number;
  /** Binary: of the positive class; multiclass: macro average. */
  precision: number;
  recall: number;
  f1: number;
  /** Binary: ROC-AUC; multiclass: macro one-vs-rest ROC-AUC. Null when the test set has one class. */
  rocAuc: number | null;
}

export interface RegressionMetrics {
  r2: number;
  mae: number;
}

export type ModelMetrics = ClassificationMetrics | RegressionMetrics;

export interface UtilityModel {
  name: string;
  /** Trained on synthetic, tested on the real holdout. */
  tstr: ModelMetrics;
  /** Trained on real (training rows), tested on the same holdout. */
  trtr: ModelMetrics;
  /** TSTR / TRTR of the headline metric (TSTR below 0 counts as 0; may exceed 1 by chance). */
  retained: number | null;
}

export interface UtilityReport {
  /** 0..1: `retained` clipped to [0, 1]; null when skipped. */
  score: number | null;
  meaning: string;
  skipped?: string;
  /** Mean over the models of TSTR / TRTR of the headline metric. */
  retained: number | null;
  target?: TargetChoice;
  /**
   * The metric whose TSTR / TRTR is `retained`: `gini` = 2·ROC-AUC - 1 for classification (0 for
   * a model that ranks at random), `r2` for regression.
   */
  headline?: 'gini' | 'r2';
  models: UtilityModel[];
  sizes?: { trainReal: number; trainSynthetic: number; test: number };
}

export interface TargetChoice {
  column: string;
  task: Task;
  /** How the target was chosen. */
  chosenBy: 'option' | 'blueprint' | 'setting' | 'picked' | 'name' | 'last-binary' | 'last-categorical';
  reason: string;
  /** Binary: the class counted as positive (the rarer class in the real training rows). */
  positiveClass?: string;
  classes?: string[];
}

// ---------------------------------------------------------------------------------------------
// Distinguishability

export interface DistinguishabilityReport {
  /**
   * The detection score (C2ST; SDMetrics' detection metric with a gradient-boosted tree
   * classifier): 1 - mean over 3 stratified folds of (max(0.5, ROC-AUC)·2 - 1). 1 means a
   * classifier cannot tell synthetic rows from real ones, 0 that it separates them perfectly.
   * Null if skipped.
   */
  score: number | null;
  meaning: string;
  skipped?: string;
  /** Mean ROC-AUC of the classifier over the folds (real rows positive; 0.5 = guessing). */
  auc: number | null;
  /** ROC-AUC of each fold. */
  foldAucs: number[];
  folds: number;
  /** The classifier and its settings, in words. */
  classifier: string;
  /** Rows per table the classifier saw (seeded random samples of at most `maxRows`). */
  rows: { real: number; synthetic: number };
  maxRows: number;
  /** What gives the rows away: the columns with the largest share of the classifier's split gain. */
  features: { column: string; share: number }[];
  /** Pairs: the gain of splits on one column directly under a split on the other, as a share of all gain. */
  pairs: { columns: [string, string]; share: number }[];
  /** The same in one sentence, when the classifier tells the tables apart (AUC >= 0.6). */
  givesAway?: string;
  /**
   * Columns of both tables the classifier did not see: identifiers and free text (generated fresh
   * by design, so any classifier given them as categories tells every row apart), and columns
   * whose type differs between the tables. The meaning says so.
   */
  leftOut?: { column: string; reason: string }[];
}

// ---------------------------------------------------------------------------------------------
// Panel data

export interface TargetBreakdown {
  column: string;
  task: Task;
  /** Classes (regression: quartile bins of the real target, labelled by range). */
  classes: string[];
  /** Class balance: share of rows per class, each side (missing targets left out). */
  balance: { real: number[]; synthetic: number[] };
  features: TargetFeature[];
}

export interface BoxStats {
  count: number;
  min: number | null;
  p25: number | null;
  median: number | null;
  p75: number | null;
  max: number | null;
  mean: number | null;
}

export interface TargetFeature {
  name: string;
  type: ColumnType;
  /** Numbers and datetimes: a box per class, each side. */
  boxes?: { real: BoxStats[]; synthetic: BoxStats[] };
  /** Categories: per class, the share of each category (top 10 and "Other"), each side. */
  shares?: { labels: string[]; real: number[][]; synthetic: number[][] };
}

export interface TimeTrend {
  column: string;
  period: 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';
  /** Period starts, ISO 8601. */
  periods: string[];
  counts: { real: number[]; synthetic: number[] };
  /** Mean of each numeric column per period (null where a period has no value). */
  measures: { name: string; real: (number | null)[]; synthetic: (number | null)[] }[];
}

/**
 * How a datetime column is shown: `day` as dates (2024-03-01), `time` with the clock time,
 * `clock` as the clock time alone (a column of times of day, all on 1970-01-01: 20:15).
 */
export type DatetimeDisplay = 'day' | 'time' | 'clock';

export interface RowSample {
  columns: string[];
  /** Per column: how a datetime is shown (null for numbers). */
  datetimes?: (DatetimeDisplay | null)[];
  /** How the columns were chosen. */
  chosenBy: string;
  real: (number | null)[][];
  synthetic: (number | null)[][];
  /** The categorical target's value of each sampled row, to colour the points. */
  target?: { column: string; real: (string | null)[]; synthetic: (string | null)[] };
}

export interface Preview {
  columns: { name: string; type: ColumnType }[];
  real: (string | null)[][];
  synthetic: (string | null)[][];
}

// ---------------------------------------------------------------------------------------------
// Design report: a rules blueprint's generated rows, without a source to compare them with

/**
 * The report of a blueprint made by hand or from a template (`method: rules`, no source CSV):
 * what can be said without real rows. There is no fidelity, privacy or utility score (they
 * compare with real data); instead, every range, category, missing rate and constraint the
 * blueprint declares is checked on the generated rows, the rates it declares (a logistic target's
 * `rate`, categorical probabilities, missing rates) are compared with the rates achieved within
 * their sampling error, and the generated table is profiled (EDA). Written by `designReport`.
 */
export interface DesignReport {
  version: 1;
  kind: 'design';
  /** e.g. "customer_churn.synth.json (rules, no source data)". */
  title: string;
  /** One plain-language sentence: constraints holding, rates within tolerance. */
  verdict: string;
  /** Why the real-data parts are not in this report. */
  withoutSource: string;
  synthetic: TableSummary;
  generator: { method: string; seed: number };
  /** The blueprint's `target`, when it names one. */
  target?: string;
  validity: DesignValidity;
  rates: DeclaredRate[];
  /** How a rate counts as within tolerance, in words. */
  tolerance: string;
  /** Profiles of the generated columns (one side: the generated table). */
  columns: EdaColumn[];
  /** Pearson r between the generated numeric columns. */
  correlation?: { columns: string[]; synthetic: (number | null)[][] };
  /** A bounded random sample of a few numeric columns (`real` is empty). */
  sample?: RowSample;
  /** The first generated rows (`real` is empty). */
  preview: Preview;
  notes: string[];
}

/** A generated column's profile: statistics and shares of the generated values only. */
export interface EdaColumn {
  name: string;
  type: ColumnType;
  resolution?: DatetimeDisplay;
  numeric?: NumericStats;
  categorical?: CategoricalStats;
  /** Numbers and datetimes: shares of the non-missing values per bin. */
  histogram?: { edges: number[]; shares: number[] };
  /** A value holding at least half of the values, its share, and the histogram of the others (see `ColumnProfile.dominant`). */
  dominant?: { value: number; share: number; histogram: { edges: number[]; shares: number[] } };
  /** Categories: shares of the non-missing values; rare categories folded into "Other". */
  categories?: { labels: string[]; shares: number[] };
}

export interface DesignValidity {
  /** Checks that pass (a column's range, categories, type, uniqueness; a constraint), and checks made. */
  passed: number;
  checks: number;
  /** Values outside a declared range or category list, wrong types, duplicates, and constraint violations. */
  violations: number;
  columns: DeclaredColumnCheck[];
  constraints: ConstraintValidity[];
}

/** A column as declared in the blueprint and as generated. Row numbers are 1-based data rows. */
export interface DeclaredColumnCheck {
  name: string;
  type: ColumnType;
  /** Non-missing values of the wrong type (integer columns: values that are not whole). */
  wrongType: number;
  /** The bounds declared (`min`/`max`, or a distribution's `low`/`high`, `start`/`end`), and the values outside them. */
  range?: {
    min: number | null;
    max: number | null;
    /** Where the bounds come from, e.g. "min/max" or "distribution low/high". */
    source: string;
    achievedMin: number | null;
    achievedMax: number | null;
    outside: number;
    /** outside / non-missing values. */
    rate: number;
    firstRow: number | null;
  };
  /** The categories declared (a categorical distribution, its cases, a logistic's values) and the values outside them. */
  categories?: { declared: string[]; outside: number; rate: number; unknown: string[]; firstRow: number | null };
  /** `unique` columns: values that repeat an earlier row's. */
  duplicates?: { count: number; firstRow: number | null };
  /** Declared missing probability (0 when none is declared) and the share of missing cells generated. */
  missing: { declared: number; achieved: number };
}

/**
 * A rate the blueprint declares, expected vs achieved. `standardError` is the binomial standard
 * error √(p(1 − p)/n) of a share of n independent rows with expected share p (plus, for a
 * logistic `rate`, the Monte Carlo error of solving its intercept); `within` is |z| ≤ 3.
 */
export interface DeclaredRate {
  column: string;
  /** What is counted, e.g. `churn = Yes`, `total_charges is missing`. */
  label: string;
  kind: 'target' | 'category' | 'missing';
  /** The rows the share is taken over, e.g. `contract = one-year` for a conditional case. */
  given?: string;
  /** Where the number is written in the blueprint (a JSON path). */
  path: string;
  expected: number;
  achieved: number;
  /** Rows counted (n) and rows that have it. */
  rows: number;
  hits: number;
  standardError: number;
  /** (achieved − expected) / standardError; null when the standard error is 0. */
  z: number | null;
  within: boolean;
}

/** What the report panel shows: a fidelity report, or a rules blueprint's design report. */
export type AnyReport = QualityReport | DesignReport;

export function isDesignReport(r: AnyReport): r is DesignReport {
  return (r as DesignReport).kind === 'design';
}
