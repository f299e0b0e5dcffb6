/**
 * Machine-learning utility ("ML efficacy", Esteban et al. 2017's TSTR): train a model on synthetic
 * rows and test it on real held-out rows (TSTR), against the same model trained on the real
 * training rows and tested on the same holdout (TRTR). Two models: a linear one (logistic
 * regression for classes, ridge for numbers) and a random forest.
 *
 * Headline metric, whose TSTR / TRTR is "utility retained" (averaged over the two models):
 * - classification: the Gini coefficient 2·AUC - 1 (Somers' D; ROC-AUC macro one-vs-rest for
 *   more than two classes, Hand & Till 2001). It is 0 for a model that ranks at random, so the
 *   ratio says how much of the real model's skill survives, and unlike F1 (SDMetrics' choice) it
 *   does not depend on where a 0.5 threshold happens to fall on a model trained on synthetic rows,
 *   which makes it far more stable;
 * - regression: R² (0 for a model that predicts the mean), as SDMetrics' regression efficacy.
 * Accuracy, precision, recall, F1 and ROC-AUC (classification) or R² and MAE (regression) are
 * reported for both TSTR and TRTR.
 */
import { Rng } from '../random';
import type { CategoricalColumn, Column, NumericColumn, Table } from '../table';
import { takeRows } from '../table';

import { sampleIndices } from './sample';
import { BinEncoder, LinearEncoder } from './ml/design';
import { fitForest, predictForest } from './ml/forest';
import { fitLogistic, fitOneVsRest, fitRidge, predictProba, predictRidge } from './ml/linear';
import { classificationMetrics, regressionMetrics } from './ml/metrics';
import type { ModelMetrics, TargetChoice, UtilityModel, UtilityReport } from './types';
import { groupThousands, percent } from '../util/format';
import { distinctPresent } from '../stats/sort';
import { presentLevels } from './counts';
import { comparableColumns } from './tables';
import { round6 } from '../util/round';

export interface UtilityOptions {
  /** Target column asked for (CLI `--target`, the blueprint's `target`, VS Code's setting or the report's picker). */
  target?: string;
  /** Where `target` came from. */
  targetSource?: 'option' | 'blueprint' | 'setting' | 'picked';
  /** Training rows per model at most (a seeded sample above it). */
  maxTrainRows?: number;
  /** Holdout rows tested at most. */
  maxTestRows?: number;
  seed?: number;
}

export const DEFAULT_MAX_TRAIN_ROWS = 3000;
export const DEFAULT_MAX_TEST_ROWS = 3000;
/** Classification targets have at most this many classes. */
export const MAX_CLASSES = 20;

/**
 * Names that almost always mean "the column to predict" (compared without case, `_`, `-` and
 * spaces), in order of preference.
 */
const STRONG_TARGET_NAMES = ['y', 'target', 'label', 'class', 'outcome', 'churn'];

/** Names that often mean the column to predict, weaker: tried after the strong ones, binary columns first. */
const TARGET_NAMES = [
  'income',
  'churned',
  'exited',
  'attrition',
  'survived',
  'survival',
  'default',
  'defaulted',
  'fraud',
  'isfraud',
  'response',
  'converted',
  'conversion',
  'purchased',
  'subscribed',
  'approved',
  'diagnosis',
  'result',
  'species',
];

const normalise = (s: string): string => s.toLowerCase().replace(/[\s_-]+/g, '');

/** What each way of naming a target is called in the report. */
const SOURCE_REASONS: Record<NonNullable<UtilityOptions['targetSource']>, string> = {
  option: 'given as --target',
  blueprint: 'named by the blueprint\'s "target"',
  setting: 'from the synthStudio.target setting',
  picked: 'picked in the report',
};

/**
 * The target for utility: the one asked for; else a categorical column with 2..20 classes named
 * `y`, `target`, `label`, `class`, `outcome` or `churn` (any case); else one named like a target
 * (`income`, `species`, ...; binary ones first); else the last binary categorical column; else the
 * last categorical column with 3..20 classes. Returns a reason
 * instead when there is none. (bank-full.csv: `y`, not `default`, a binary column named like a
 * flag whose positives are 1.8% of the rows.)
 */
export function chooseTarget(train: Table, options: UtilityOptions = {}): TargetChoice | { skipped: string } {
  const usable = (name: string): { task: TargetChoice['task']; classes?: string[] } | string => {
    const col = train.columns.find((c) => c.name === name);
    if (!col) return `"${name}" is not a column of the real table`;
    if (col.storage === 'text') return `"${name}" is ${col.type === 'id' ? 'an identifier' : 'free text'}`;
    if (col.storage === 'numeric') {
      return distinctPresent(col.values, 2) < 2
        ? `"${name}" has fewer than two distinct values`
        : { task: 'regression' };
    }
    const classes = presentLevels(col);
    if (classes.length < 2) return `"${name}" has ${classes.length === 0 ? 'no values' : 'one category'}`;
    if (classes.length > MAX_CLASSES && options.target !== name)
      return `"${name}" has ${classes.length} categories (at most ${MAX_CLASSES})`;
    if (classes.length > 50) return `"${name}" has ${classes.length} categories (at most 50)`;
    return { task: classes.length === 2 ? 'binary' : 'multiclass', classes };
  };
  if (options.target !== undefined) {
    const u = usable(options.target);
    if (typeof u === 'string') return { skipped: `the target ${u}` };
    const from = options.targetSource ?? 'option';
    return {
      column: options.target,
      task: u.task,
      chosenBy: from,
      reason: SOURCE_REASONS[from],
      ...(u.classes ? { classes: u.classes } : {}),
    };
  }
  const categorical = train.columns.filter((c): c is CategoricalColumn => c.storage === 'categorical');
  const candidates = categorical
    .map((c) => ({ c, classes: presentLevels(c) }))
    .filter(({ classes }) => classes.length >= 2 && classes.length <= MAX_CLASSES);
  const choice = (
    pick: (typeof candidates)[number],
    chosenBy: TargetChoice['chosenBy'],
    reason: string,
  ): TargetChoice => ({
    column: pick.c.name,
    task: pick.classes.length === 2 ? 'binary' : 'multiclass',
    chosenBy,
    reason,
    classes: pick.classes,
  });
  for (const name of STRONG_TARGET_NAMES) {
    const named = candidates.find(({ c }) => normalise(c.name) === name);
    if (named) return choice(named, 'name', `inferred: a column named "${named.c.name}"`);
  }
  const named = candidates.filter(({ c }) => TARGET_NAMES.includes(normalise(c.name)));
  const likely = named.find(({ classes }) => classes.length === 2) ?? named[0];
  if (likely) return choice(likely, 'name', `inferred: a column named like a target ("${likely.c.name}")`);
  const binary = candidates.filter(({ classes }) => classes.length === 2);
  const lastBinary = binary[binary.length - 1];
  if (lastBinary)
    return choice(lastBinary, 'last-binary', `inferred: the last column with two categories ("${lastBinary.c.name}")`);
  const last = candidates[candidates.length - 1];
  if (last)
    return choice(
      last,
      'last-categorical',
      `inferred: the last categorical column with 3 to ${MAX_CLASSES} categories ("${last.c.name}")`,
    );
  return {
    skipped: `no categorical column with 2 to ${MAX_CLASSES} categories to predict; name a target column (a number gives a regression)`,
  };
}

/** Rows of `t` whose target is present, sampled to at most `max` (seeded). */
function rowsWithTarget(t: Table, target: string, max: number, rng: Rng): Int32Array {
  const col = t.columns.find((c) => c.name === target)!;
  const rows = presentRows(col);
  if (rows.length <= max) return Int32Array.from(rows);
  const pickRows = sampleIndices(rows.length, max, rng);
  for (let i = 0; i < pickRows.length; i++) pickRows[i] = rows[pickRows[i]];
  return pickRows;
}

/** Rows where the column has a value, ascending. */
function presentRows(col: Column): number[] {
  const rows: number[] = [];
  if (col.storage === 'numeric') {
    const v = col.values;
    for (let i = 0; i < v.length; i++) if (v[i] === v[i]) rows.push(i);
  } else if (col.storage === 'categorical') {
    const c = col.codes;
    for (let i = 0; i < c.length; i++) if (c[i] >= 0) rows.push(i);
  } else {
    const v = col.values;
    for (let i = 0; i < v.length; i++) if (v[i] !== null) rows.push(i);
  }
  return rows;
}

/** Class index of each row's target, over a shared list of class labels (extended as new labels appear). */
function classLabels(
  t: Table,
  target: string,
  rows: Int32Array,
  labels: string[],
  index: Map<string, number>,
): Int32Array {
  const col = t.columns.find((c) => c.name === target) as CategoricalColumn;
  const map = col.levels.map((l) => {
    let i = index.get(l);
    if (i === undefined) {
      i = labels.length;
      labels.push(l);
      index.set(l, i);
    }
    return i;
  });
  return Int32Array.from(rows, (r) => map[col.codes[r]]);
}

/** The utility section: TSTR vs TRTR for the chosen target. */
export function utilitySection(
  train: Table,
  holdout: Table,
  synthetic: Table,
  options: UtilityOptions = {},
): { report: UtilityReport; notes: string[] } {
  const notes: string[] = [];
  const skip = (why: string, target?: TargetChoice): { report: UtilityReport; notes: string[] } => ({
    report: {
      score: null,
      meaning: `Machine-learning utility was not measured: ${why}.`,
      skipped: why,
      retained: null,
      ...(target ? { target } : {}),
      models: [],
    },
    notes,
  });
  if (holdout.rowCount === 0)
    return skip('no holdout: models trained on synthetic rows must be tested on real rows the generator never saw');
  const choice = chooseTarget(train, options);
  if ('skipped' in choice) return skip(choice.skipped);
  const target = choice.column;
  const sc = synthetic.columns.find((c) => c.name === target);
  const tc = train.columns.find((c) => c.name === target)!;
  if (!sc || sc.storage !== tc.storage)
    return skip(`the synthetic table has no "${target}" column of the same type`, choice);
  const features = comparableColumns(train, holdout, synthetic).filter((n) => n !== target);
  if (features.length === 0) return skip('there are no feature columns besides the target', choice);

  const rng = new Rng(options.seed ?? 13);
  const maxTrain = options.maxTrainRows ?? DEFAULT_MAX_TRAIN_ROWS;
  const maxTest = options.maxTestRows ?? DEFAULT_MAX_TEST_ROWS;
  const realRows = rowsWithTarget(train, target, maxTrain, rng);
  const synthRows = rowsWithTarget(synthetic, target, maxTrain, rng);
  const testRows = rowsWithTarget(holdout, target, maxTest, rng);
  if (realRows.length < 2 || synthRows.length < 2 || testRows.length < 1)
    return skip(`too few rows with a "${target}" value to train and test on`, choice);
  const sampled: string[] = [];
  if (realRows.length === maxTrain && train.rowCount > maxTrain)
    sampled.push(`${groupThousands(maxTrain)} of ${groupThousands(train.rowCount)} real training rows`);
  if (synthRows.length === maxTrain && synthetic.rowCount > maxTrain)
    sampled.push(`${groupThousands(maxTrain)} of ${groupThousands(synthetic.rowCount)} synthetic rows`);
  if (testRows.length === maxTest && holdout.rowCount > maxTest)
    sampled.push(`${groupThousands(maxTest)} of ${groupThousands(holdout.rowCount)} holdout rows`);
  if (sampled.length) notes.push(`Utility: models were trained and tested on random samples (${sampled.join(', ')}).`);

  const models: UtilityModel[] = [];
  // Classification: the Gini a real-trained model must pass to count as skill (chanceGini).
  let floor = 0;
  const linearName = choice.task === 'regression' ? 'linear regression (ridge)' : 'logistic regression';
  const forestName = 'random forest';
  if (choice.task === 'regression') {
    const yOf = (t: Table): Float64Array =>
      Float64Array.from((t.columns.find((c) => c.name === target) as NumericColumn).values);
    const test = takeRows(holdout, testRows);
    const yTest = yOf(test);
    const run = (t: Table): { linear: ModelMetrics; forest: ModelMetrics } => {
      const y = yOf(t);
      const lin = new LinearEncoder(t, features);
      const lm = fitRidge(lin.encode(t), y);
      const bins = new BinEncoder(t, features, y);
      const forest = fitForest(bins.encode(t), y, 0);
      return {
        linear: regressionMetrics(predictRidge(lm, lin.encode(test)), yTest),
        forest: regressionMetrics(predictForest(forest, bins.encode(test)), yTest),
      };
    };
    const real = run(takeRows(train, realRows));
    const synth = run(takeRows(synthetic, synthRows));
    models.push(model(linearName, synth.linear, real.linear), model(forestName, synth.forest, real.forest));
  } else {
    const labels: string[] = [];
    const index = new Map<string, number>();
    const yReal = classLabels(train, target, realRows, labels, index);
    const ySynth = classLabels(synthetic, target, synthRows, labels, index);
    const yTest = classLabels(holdout, target, testRows, labels, index);
    const K = labels.length;
    // Binary: the rarer class of the real training rows is "positive" (income >50K, churned yes ...).
    let positive: number | undefined;
    if (choice.task === 'binary') {
      const counts = new Array<number>(K).fill(0);
      for (const y of yReal) counts[y]++;
      const present = counts.map((c, i) => [c, i] as const).filter(([c]) => c > 0);
      positive = present.length === 2 ? (present[0][0] <= present[1][0] ? present[0][1] : present[1][1]) : 0;
      choice.positiveClass = labels[positive];
    }
    const test = takeRows(holdout, testRows);
    const run = (t: Table, y: Int32Array): { linear: ModelMetrics; forest: ModelMetrics } => {
      const lin = new LinearEncoder(t, features);
      const design = lin.encode(t);
      const testDesign = lin.encode(test);
      const linearProba =
        K === 2
          ? predictProba(
              fitLogistic(
                design,
                Int32Array.from(y, (v) => (v === 1 ? 1 : 0)),
              ),
              testDesign,
            ).proba
          : predictProba(fitOneVsRest(design, y, K), testDesign).proba;
      const order = positive !== undefined ? Float64Array.from(y, (v) => (v === positive ? 1 : 0)) : undefined;
      const bins = new BinEncoder(t, features, order);
      const forest = fitForest(bins.encode(t), y, K);
      const forestProba = predictForest(forest, bins.encode(test));
      return {
        linear: classificationMetrics(linearProba, K, yTest, positive),
        forest: classificationMetrics(forestProba, K, yTest, positive),
      };
    };
    const real = run(takeRows(train, realRows), yReal);
    const synth = run(takeRows(synthetic, synthRows), ySynth);
    floor = chanceGini(yTest, K);
    models.push(
      model(linearName, synth.linear, real.linear, floor),
      model(forestName, synth.forest, real.forest, floor),
    );
  }
  const ratios = models.map((m) => m.retained).filter((r): r is number => r !== null);
  const retained = ratios.length ? ratios.reduce((a, b) => a + b, 0) / ratios.length : null;
  const headline = choice.task === 'regression' ? 'r2' : 'gini';
  const metricName = choice.task === 'regression' ? 'R²' : 'skill (Gini = 2·ROC-AUC - 1)';
  if (retained === null) {
    return {
      report: {
        score: null,
        meaning: `Machine-learning utility was not measured: models trained on real rows have no ${metricName} to retain on "${target}"${floor > 0 ? ` (none beyond the ${floor.toFixed(2)} that chance reaches on ${groupThousands(testRows.length)} held-out rows)` : ''}.`,
        skipped: `models trained on real rows have no ${metricName} to retain`,
        retained: null,
        target: choice,
        headline,
        models: models.map(roundModel),
        sizes: { trainReal: realRows.length, trainSynthetic: synthRows.length, test: testRows.length },
      },
      notes,
    };
  }
  const score = Math.max(0, Math.min(1, retained));
  const meaning = `Models trained on synthetic rows predict "${target}" on real held-out rows with ${percent(retained, 0)} of the ${metricName} of models trained on real rows.`;
  return {
    report: {
      score: round6(score),
      meaning,
      retained: round6(retained),
      target: choice,
      headline,
      models: models.map(roundModel),
      sizes: { trainReal: realRows.length, trainSynthetic: synthRows.length, test: testRows.length },
    },
    notes,
  };
}

/** The Gini coefficient 2·AUC - 1 (classification) or R² (regression); NaN when undefined. */
function headlineOf(m: ModelMetrics): number {
  if ('r2' in m) return m.r2;
  return m.rocAuc === null ? NaN : 2 * m.rocAuc - 1;
}

/**
 * A ratio of skills is only a measurement when the real-trained model's skill is more than chance
 * gives: `floor` is the least Gini (TRTR) that counts (0 for regression, where a model with no
 * skill scores R² <= 0 on held-out rows). Without it, a target the features do not predict (random
 * columns: TRTR ROC-AUC 0.52 on 60 held-out rows) gave "174% of the skill" and utility 100%.
 */
function model(name: string, tstr: ModelMetrics, trtr: ModelMetrics, floor = 0): UtilityModel {
  const a = headlineOf(tstr);
  const b = headlineOf(trtr);
  const retained = b > floor && Number.isFinite(a) ? Math.max(0, a) / b : null;
  return { name, tstr, trtr, retained };
}

/**
 * Twice the standard error of the Gini (2·AUC - 1) of a model that ranks at random, on the held-out
 * labels `y` (K classes): the AUC of a class with n1 rows against n2 others has variance
 * (n1 + n2 + 1) / (12·n1·n2) under no skill (the Mann-Whitney U statistic's null variance, no
 * ties; Hanley & McNeil 1982); the macro average of K such AUCs (one-vs-rest, the classes with
 * rows on both sides; one for two classes) has the mean of their variances over K, the classes
 * taken as independent. A Gini above it is skill at about the 2.5% level.
 */
export function chanceGini(y: Int32Array, K: number): number {
  const counts = new Array<number>(K).fill(0);
  for (const k of y) counts[k]++;
  const n = y.length;
  const variances: number[] = [];
  for (let k = 0; k < K; k++) {
    const n1 = counts[k];
    const n2 = n - n1;
    if (n1 > 0 && n2 > 0) variances.push((n1 + n2 + 1) / (12 * n1 * n2));
    if (K === 2) break;
  }
  if (variances.length === 0) return 0;
  const variance = variances.reduce((a, b) => a + b, 0) / variances.length ** 2;
  return 2 * 2 * Math.sqrt(variance);
}

function roundModel(m: UtilityModel): UtilityModel {
  const r = (x: ModelMetrics): ModelMetrics =>
    Object.fromEntries(
      Object.entries(x).map(([k, v]) => [k, v === null || Number.isNaN(v) ? null : round6(v as number)]),
    ) as unknown as ModelMetrics;
  return { name: m.name, tstr: r(m.tstr), trtr: r(m.trtr), retained: m.retained === null ? null : round6(m.retained) };
}
