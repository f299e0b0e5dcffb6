/**
 * The quality report, assembled: each section is computed by its own module (shapes, pairs,
 * validity, privacy, utility, distinguishability, explore) with the metrics of `metrics.ts`;
 * this file runs them in order, times them, combines the scores and writes the verdict.
 */
import type { ConstraintCheck } from '../constraints/check';
import type { ConversionIssue } from '../csv/convert';
import { throwIfAborted, type AbortSignalLike } from '../errors';
import type { Table } from '../table';
import { withSortedLevels } from './tables';
import { takeRows } from '../table';
import { percent, roundedPercent } from '../util/format';
import { round6 } from '../util/round';
import { columnCounts } from './counts';
import { startDistinguishability, type DistinguishabilityOptions } from './distinguishability';
import { preview, rowSample, targetBreakdown, timeTrends } from './explore';
import { pairTrendsSection } from './pairs';
import { privacySection, type PrivacyOptions } from './privacy';
import { combineScores, gradeOfParts, type ScoreWeights } from './score';
import { columnShapesSection, matchColumns } from './shapes';
import type {
  DistinguishabilityReport,
  Grade,
  PrivacyReport,
  QualityReport,
  TableSummary,
  UtilityReport,
} from './types';
import { utilitySection, type UtilityOptions } from './utility';
import { validitySection, type DeclaredColumn } from './validity';

export interface ReportOptions {
  title?: string;
  realName?: string;
  syntheticName?: string;
  holdoutName?: string;
  generator?: { method?: string; seed?: number };
  /**
   * The rows the generator was fitted on (default: `real`). Privacy measures distances to them;
   * utility trains its real-data models on them.
   */
  train?: Table;
  /** Real rows the generator never saw. Without them, privacy's DCR share and utility are skipped. */
  holdout?: Table;
  /** Why there is no holdout, when the caller knows (e.g. "fitted on all rows (--holdout 0)"). */
  noHoldoutReason?: string;
  /** Target column for utility and the target view (see `utility.ts` for how one is inferred). */
  target?: string;
  targetSource?: 'option' | 'blueprint' | 'setting' | 'picked';
  /** Weights of the overall score; defaults fidelity 0.4, utility 0.4, privacy 0.2. */
  weights?: Partial<ScoreWeights>;
  /** What the blueprint declares per column (bounds, categories), for validity. */
  schema?: DeclaredColumn[];
  /** Cells of the synthetic CSV that could not be read as their column's type. */
  syntheticIssues?: ConversionIssue[];
  /** Constraint results from the blueprint expression language. */
  constraints?: ConstraintCheck[];
  /** Pair metrics use at most this many rows per side (a seeded sample above it). */
  maxPairRows?: number;
  privacy?: PrivacyOptions;
  utility?: Pick<UtilityOptions, 'maxTrainRows' | 'maxTestRows' | 'seed'>;
  distinguishability?: DistinguishabilityOptions;
  signal?: AbortSignalLike;
  onProgress?: (fraction: number) => void;
  /** Filled with milliseconds per part of the report (for benchmarks). */
  timings?: Record<string, number>;
}

/**
 * Compare a synthetic table with the real one. Columns are matched by name and typed by the
 * real table. Identifiers and free text are left out of the scores: their values are generated
 * fresh by design, so their distributions are not expected to match.
 */
export function buildReport(realTable: Table, syntheticTable: Table, options: ReportOptions = {}): QualityReport {
  // Same rows, same numbers: whatever order each table lists its categories in.
  const real = withSortedLevels(realTable);
  const synthetic = withSortedLevels(syntheticTable);
  const notes: string[] = [];
  const timings = options.timings ?? {};
  let clock = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    timings[name] = (timings[name] ?? 0) + now - clock;
    clock = now;
  };
  const progress = (f: number): void => {
    throwIfAborted(options.signal);
    options.onProgress?.(f);
  };
  const train = options.train ? withSortedLevels(options.train) : real;
  const holdout = options.holdout ? withSortedLevels(options.holdout) : takeRows(real, []);

  // ---- Distinguishability: the detection score, part of fidelity ----------------------------------
  // Its folds start first (in other threads, where there are: the longest part of the report) and
  // it is finished after utility, so the sections between are built meanwhile; its notes come
  // after the pair trends' notes. Started after the pairs, the workers sat idle 0.4 s on adult.
  const finishDist = startDistinguishability(real, synthetic, {
    ...options.distinguishability,
    personal: options.schema?.filter((c) => c.pii).map((c) => ({ column: c.name, kind: c.pii! })),
  });
  lap('distinguishability');

  // ---- Column shapes and profiles --------------------------------------------------------------
  const { pairs, excluded } = matchColumns(real, synthetic);
  const shapes = columnShapesSection(real, pairs);
  const columnScores = shapes.scores;
  const profiles = shapes.profiles;
  lap('columns');
  progress(0.15);

  // ---- Pair trends, on a seeded sample when the tables are large ------------------------------
  const scored = pairs.filter(([r]) => columnScores[r.name] !== undefined).map(([r]) => r.name);
  const trends = pairTrendsSection(real, synthetic, scored, options.maxPairRows, options.signal);
  notes.push(...trends.notes);
  const pairScores = trends.scores;
  const correlation = trends.correlation;
  lap('pairs');
  progress(0.3);

  const distNotesAt = notes.length;

  const columnShapes = mean(Object.values(columnScores).map((c) => c.score));
  const pairTrends = mean(pairScores.map((p) => p.score));
  const fidelityScore = Number.isNaN(pairTrends)
    ? columnShapes
    : Number.isNaN(columnShapes)
      ? pairTrends
      : (columnShapes + pairTrends) / 2;
  const fidelity = Number.isNaN(fidelityScore) ? 0 : fidelityScore;
  if (Number.isNaN(pairTrends)) notes.push('No column pairs could be compared (fewer than two scored columns).');
  if (Number.isNaN(columnShapes)) notes.push('No column could be compared: fidelity is 0.');

  // ---- Validity -------------------------------------------------------------------------------
  const validity = validitySection(real, synthetic, {
    schema: options.schema,
    syntheticIssues: options.syntheticIssues,
    constraints: options.constraints,
    sortedReal: (name) => shapes.sortedReal.get(name),
  });
  lap('validity');
  progress(0.35);

  // ---- Privacy --------------------------------------------------------------------------------
  const noHoldout = options.noHoldoutReason ?? 'no holdout was given';
  let privacy: PrivacyReport;
  if (train.rowCount === 0 || synthetic.rowCount === 0) {
    privacy = emptyPrivacy('there are no rows to compare');
  } else {
    const p = privacySection(train, holdout, synthetic, options.privacy);
    privacy = p.report;
    notes.push(...p.notes);
    if (holdout.rowCount === 0) {
      privacy.skipped = `${noHoldout}: the DCR share needs real rows the generator never saw`;
      privacy.meaning = `Privacy against a holdout was not measured (${noHoldout}). ${privacy.exactCopies.count === 0 ? 'No synthetic row copies a real row exactly.' : `${percent(privacy.exactCopyRate)} of synthetic rows copy a real row exactly.`}`;
    }
  }
  lap('privacy');
  progress(0.6);

  // ---- Utility --------------------------------------------------------------------------------
  let utility: UtilityReport;
  if (holdout.rowCount === 0) {
    const why = `${noHoldout}: models trained on synthetic rows must be tested on real rows the generator never saw`;
    utility = {
      score: null,
      meaning: `Machine-learning utility was not measured (${noHoldout}).`,
      skipped: why,
      retained: null,
      models: [],
    };
  } else {
    const u = utilitySection(train, holdout, synthetic, {
      ...options.utility,
      target: options.target,
      targetSource: options.targetSource,
    });
    utility = u.report;
    notes.push(...u.notes);
  }
  if (utility.target)
    notes.push(`Target: "${utility.target.column}" (${utility.target.task}), ${utility.target.reason}.`);
  lap('utility');

  const dist = finishDist();
  notes.splice(distNotesAt, 0, ...dist.notes);
  lap('distinguishability');
  progress(0.8);
  // The fidelity sub-score: SDMetrics' quality times the detection score, so that rows a
  // classifier picks out cannot score high however well columns and pairs match.
  const detection = dist.report.score;
  const fidelityPart = detection === null ? fidelity : fidelity * detection;

  // ---- Panel data -----------------------------------------------------------------------------
  let targetView: QualityReport['target'];
  const targetName =
    utility.target?.column ??
    (options.target !== undefined && real.columns.some((c) => c.name === options.target) ? options.target : undefined);
  if (targetName !== undefined) {
    const col = real.columns.find((c) => c.name === targetName)!;
    const task = utility.target?.task ?? (col.storage === 'numeric' ? 'regression' : 'multiclass');
    const tb = targetBreakdown(real, synthetic, targetName, task);
    if (tb) {
      targetView = tb.breakdown;
      if (tb.sampled)
        notes.push('Target view: class breakdowns were computed on random samples of at most 5,000 rows per table.');
    }
  }
  const time = timeTrends(real, synthetic);
  const sample = rowSample(real, synthetic, targetName);
  lap('explore');

  // ---- Overall score --------------------------------------------------------------------------
  const shapesMeaning = Number.isNaN(pairTrends)
    ? `Column distributions match ${roundedPercent(columnShapes)} (SDMetrics column shapes)`
    : `Column distributions match ${roundedPercent(columnShapes)} and relationships between columns ${roundedPercent(pairTrends)} (SDMetrics column shapes and pair trends)`;
  const fidelityMeaning =
    detection === null
      ? `${shapesMeaning}; detection was not measured (${dist.report.skipped ?? 'skipped'}).`
      : `${shapesMeaning}, times the detection score ${detection.toFixed(2)} (a boosted-tree classifier's ROC-AUC ${dist.report.auc?.toFixed(2) ?? 'n/a'} at telling synthetic rows from real ones).`;
  const combined = combineScores(
    {
      fidelity: { score: fidelityPart, meaning: fidelityMeaning },
      utility: {
        score: utility.score,
        meaning: utility.meaning,
        ...(utility.skipped ? { skipped: utility.skipped } : {}),
      },
      privacy: {
        score: privacy.score,
        meaning: privacy.meaning,
        ...(privacy.skipped ? { skipped: privacy.skipped } : {}),
      },
    },
    options.weights,
  );
  notes.push(...combined.notes);
  const graded = gradeOfParts(combined.score, combined.breakdown);
  if (graded.note) notes.push(graded.note);
  const realName = options.realName ?? 'real';
  const syntheticName = options.syntheticName ?? 'synthetic';
  const report: QualityReport = {
    version: 1,
    title: options.title ?? `${realName} vs ${syntheticName}`,
    score: combined.score,
    grade: graded.grade,
    verdict: verdictOf(combined.score, graded.grade, columnShapes, pairTrends, dist.report, utility, privacy),
    real: summary(realName, real),
    synthetic: summary(syntheticName, synthetic),
    ...(holdout.rowCount ? { holdout: summary(options.holdoutName ?? 'holdout', holdout) } : {}),
    ...(options.generator ? { generator: options.generator } : {}),
    scores: combined.breakdown,
    fidelity: {
      score: round6(fidelity),
      columnShapes: round6(columnShapes),
      pairTrends: round6(pairTrends),
      columns: Object.fromEntries(Object.entries(columnScores).map(([k, v]) => [k, { ...v, score: round6(v.score) }])),
      pairs: pairScores.map((p) => ({
        ...p,
        score: round6(p.score),
        ...(p.real !== undefined ? { real: round6(p.real), synthetic: round6(p.synthetic!) } : {}),
      })),
      excluded,
      ...(correlation ? { correlation } : {}),
    },
    columns: profiles,
    validity,
    privacy,
    utility,
    distinguishability: dist.report,
    ...(targetView ? { target: targetView } : {}),
    ...(time.length ? { time } : {}),
    ...(sample ? { sample } : {}),
    preview: preview(real, synthetic),
    notes,
  };
  lap('assemble');
  options.onProgress?.(1);
  return report;
}

function emptyPrivacy(why: string): PrivacyReport {
  const stats = { mean: 0, median: 0, p05: 0, zeroShare: 0 };
  return {
    score: null,
    meaning: `Privacy was not measured: ${why}.`,
    skipped: why,
    dcrShare: null,
    exactCopyRate: 0,
    dcr: {
      closerToTrain: null,
      sdmetricsScore: null,
      distanceShare: null,
      protection: null,
      syntheticToTrain: stats,
      syntheticToHoldout: null,
      holdoutToTrain: null,
      histogram: { edges: [], syntheticToTrain: [], syntheticToHoldout: null, holdoutToTrain: null },
      sizes: { synthetic: 0, holdout: 0, train: 0, holdoutReference: 0 },
    },
    nndr: {
      median: null,
      p05: null,
      holdoutMedian: null,
      holdoutP05: null,
      histogram: { edges: [], synthetic: [], holdout: null },
    },
    exactCopies: { count: 0, rate: 0, rows: 0, baselineRate: null, baseline: 'holdout', excessRate: 0 },
    closestPairs: { columns: [], types: [], pairs: [] },
    columns: [],
  };
}

function verdictOf(
  score: number,
  grade: Grade,
  shapes: number,
  pairs: number,
  detection: DistinguishabilityReport,
  utility: UtilityReport,
  privacy: PrivacyReport,
): string {
  // "Excellent" is the A+ grade's word: an A+ score held to A by a weak part (gradeOfParts) is "Good".
  const lead = grade === 'A+' ? 'Excellent' : score >= 0.8 ? 'Good' : score >= 0.6 ? 'Fair' : 'Poor';
  const parts: string[] = [];
  if (Number.isNaN(shapes)) parts.push('no column could be compared');
  else
    parts.push(
      Number.isNaN(pairs)
        ? `columns match ${roundedPercent(shapes)}`
        : `columns match ${roundedPercent(shapes)} and relationships between columns ${roundedPercent(pairs)}`,
    );
  if (detection.score !== null && detection.auc !== null) {
    if (detection.auc < 0.6) parts.push('a boosted-tree classifier can hardly tell its rows from real ones');
    else
      parts.push(
        `a boosted-tree classifier ${detection.auc < 0.75 ? 'often' : 'easily'} picks its rows out (detection ${detection.score.toFixed(2)})`,
      );
  }
  if (utility.retained !== null && utility.target) {
    const metric = utility.headline === 'r2' ? 'R²' : 'skill';
    parts.push(
      `models trained on it keep ${roundedPercent(utility.retained)} of their ${metric} at predicting real "${utility.target.column}"`,
    );
  }
  if (privacy.score !== null && privacy.dcrShare !== null) {
    const copies = privacy.exactCopies.excessRate > 0;
    if (privacy.dcrShare <= 0.55 && !copies) parts.push('its rows are no closer to real ones than fresh data');
    else if (copies) parts.push(`${percent(privacy.exactCopyRate)} of its rows copy real ones`);
    else parts.push('its rows sit closer to the real ones than fresh data would');
  }
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `${lead}: ${list}.`;
}

function summary(name: string, t: Table): TableSummary {
  let missing = 0;
  for (const c of t.columns) missing += columnCounts(c).missing;
  const cells = t.rowCount * t.columns.length;
  return { name, rows: t.rowCount, columns: t.columns.length, missingShare: cells ? round6(missing / cells) : 0 };
}

function mean(xs: number[]): number {
  if (xs.length === 0) return NaN;
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
