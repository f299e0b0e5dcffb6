import { presentRange, sortedPresent } from '../stats/sort';
import type { ConversionIssue } from '../csv/convert';
import { throwIfAborted, type AbortSignalLike } from '../errors';
import { quantileSorted } from '../fit/columns';
import { Rng } from '../random';
import type { CategoricalColumn, Column, NumericColumn, Table } from '../table';
import { takeRows } from '../table';
import { distinguishabilitySection, type DistinguishabilityOptions } from './distinguishability';
import { preview, rowSample, targetBreakdown, timeTrends } from './explore';
import {
  chiSquareHomogeneity,
  correlationMatrix,
  correlationSimilarityOf,
  pearson,
  discretise,
  jensenShannonDivergence,
  ksStatisticSorted,
  totalVariation,
  tvComplement,
  wassersteinSorted,
} from './fidelity';
import type {
  CategoricalStats,
  ColumnFidelity,
  ColumnProfile,
  ConstraintInput,
  CorrelationMatrices,
  NumericStats,
  PairFidelity,
  PrivacyReport,
  QualityReport,
  TableSummary,
  UtilityReport,
} from './model';
import { gradeOf } from './model';
import { privacySection, round6, type PrivacyOptions } from './privacy';
import { sampleIndices } from './sample';
import { combineScores, type ScoreWeights } from './score';
import { utilitySection, type UtilityOptions } from './utility';
import { validitySection, type DeclaredColumn } from './validity';
import { groupThousands } from '../util/format';
import { columnCounts } from './counts';
import { dict } from '../util/dict';

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
  targetSource?: 'option' | 'blueprint';
  /** Weights of the overall score; defaults fidelity 0.4, utility 0.4, privacy 0.2. */
  weights?: Partial<ScoreWeights>;
  /** What the blueprint declares per column (bounds, categories), for validity. */
  schema?: DeclaredColumn[];
  /** Cells of the synthetic CSV that could not be read as their column's type. */
  syntheticIssues?: ConversionIssue[];
  /** Constraint results from the blueprint expression language. */
  constraints?: ConstraintInput[];
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

const HISTOGRAM_BINS = 30;
const MAX_CATEGORY_BARS = 20;
const DEFAULT_MAX_PAIR_ROWS = 50_000;
/** Categories (or bins) per column in the pair tables. */
const PAIR_TABLE_LABELS = 10;

/**
 * Compare a synthetic table with the real one. Columns are matched by name and typed by the
 * real table. Identifiers and free text are left out of the scores: their values are generated
 * fresh by design, so their distributions are not expected to match.
 */
export function buildReport(real: Table, synthetic: Table, options: ReportOptions = {}): QualityReport {
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
  const train = options.train ?? real;
  const holdout = options.holdout ?? takeRows(real, []);

  // ---- Column shapes and profiles --------------------------------------------------------------
  const pairs: [Column, Column][] = [];
  const excluded: { column: string; reason: string }[] = [];
  for (const r of real.columns) {
    const s = synthetic.columns.find((c) => c.name === r.name);
    if (!s) {
      excluded.push({ column: r.name, reason: 'not in the synthetic table' });
      continue;
    }
    if (r.storage === 'text') {
      excluded.push({
        column: r.name,
        reason:
          r.type === 'id'
            ? 'identifier: values are generated, not modelled'
            : 'free text: values are generated in shape only',
      });
      continue;
    }
    if (s.storage !== r.storage) {
      excluded.push({ column: r.name, reason: `type differs (${r.type} in real, ${s.type} in synthetic)` });
      continue;
    }
    pairs.push([r, s]);
  }
  for (const s of synthetic.columns) {
    if (!real.columns.some((c) => c.name === s.name))
      excluded.push({ column: s.name, reason: 'not in the real table' });
  }

  const columnScores: Record<string, ColumnFidelity> = dict();
  const profiles: ColumnProfile[] = [];
  const sortedReal = new Map<string, Float64Array>();
  for (const r of real.columns) {
    const match = pairs.find(([x]) => x === r);
    if (!match) {
      profiles.push({ name: r.name, type: r.type });
      continue;
    }
    const [, s] = match;
    if (r.storage === 'numeric') {
      const sn = s as NumericColumn;
      const rs = sortedPresent(r.values);
      const ss = sortedPresent(sn.values);
      sortedReal.set(r.name, rs);
      const d = ksStatisticSorted(rs, ss);
      const hist = histogram(r, rs, ss);
      if (!Number.isNaN(d)) {
        const range = rs[rs.length - 1] - rs[0];
        const js = jensenShannonDivergence(hist.realCounts, hist.syntheticCounts);
        columnScores[r.name] = {
          metric: 'KSComplement',
          score: 1 - d,
          ks: round6(d),
          wasserstein: round6(wassersteinSorted(rs, ss) / (range > 0 ? range : 1)),
          ...(Number.isNaN(js) ? {} : { jensenShannon: round6(js) }),
        };
      }
      profiles.push({
        name: r.name,
        type: r.type,
        metric: 'KSComplement',
        ...(Number.isNaN(d) ? {} : { score: round6(1 - d) }),
        numeric: {
          real: numericStatsSorted(rs, r.values.length - rs.length),
          synthetic: numericStatsSorted(ss, sn.values.length - ss.length),
        },
        histogram: { edges: hist.edges, real: hist.real, synthetic: hist.synthetic },
      });
    } else if (r.storage === 'categorical') {
      const { real: rc, synthetic: sc, labels } = alignedCounts(r, s as CategoricalColumn);
      const score = tvComplement(rc, sc);
      if (!Number.isNaN(score)) {
        const js = jensenShannonDivergence(rc, sc);
        const chi = chiSquareHomogeneity(rc, sc);
        columnScores[r.name] = {
          metric: 'TVComplement',
          score,
          ...(Number.isNaN(js) ? {} : { jensenShannon: round6(js) }),
          ...(Number.isNaN(chi.statistic)
            ? {}
            : {
                chiSquare: {
                  statistic: round6(chi.statistic),
                  dof: chi.dof,
                  pValue: roundP(chi.pValue),
                  cramersV: round6(chi.cramersV),
                },
              }),
        };
      }
      profiles.push({
        name: r.name,
        type: r.type,
        metric: 'TVComplement',
        ...(Number.isNaN(score) ? {} : { score: round6(score) }),
        categorical: {
          real: categoricalStats(rc, labels, missingOf(r)),
          synthetic: categoricalStats(sc, labels, missingOf(s as CategoricalColumn)),
        },
        categories: categoryBars(labels, rc, sc),
      });
    }
  }
  lap('columns');
  progress(0.15);

  // ---- Pair trends, on a seeded sample when the tables are large ------------------------------
  const maxRows = options.maxPairRows ?? DEFAULT_MAX_PAIR_ROWS;
  const rng = new Rng(20240229);
  const realSample = real.rowCount > maxRows ? takeRows(real, sampleIndices(real.rowCount, maxRows, rng)) : real;
  const synthSample =
    synthetic.rowCount > maxRows ? takeRows(synthetic, sampleIndices(synthetic.rowCount, maxRows, rng)) : synthetic;
  if (realSample !== real || synthSample !== synthetic) {
    notes.push(`Column pair trends were computed on a random sample of ${groupThousands(maxRows)} rows per table.`);
  }
  const byName = (t: Table, name: string): Column => t.columns.find((c) => c.name === name)!;
  const scored = pairs.filter(([r]) => columnScores[r.name] !== undefined).map(([r]) => r.name);
  const discrete = new Map<string, Discrete>();
  const discreteOf = (name: string): Discrete => {
    let d = discrete.get(name);
    if (!d) {
      d = discreteColumn(byName(real, name), byName(realSample, name), byName(synthSample, name));
      discrete.set(name, d);
    }
    return d;
  };
  // Pearson's r of each numeric pair, per table: the pair scores and the correlation matrices
  // both need it (pearson is symmetric to the bit, so one order serves both).
  const pearsons = new Map<Table, Map<string, number>>();
  const pearsonOf = (t: Table, a: string, b: string): number => {
    let m = pearsons.get(t);
    if (!m) pearsons.set(t, (m = new Map()));
    const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
    const known = m.get(key);
    if (known !== undefined) return known;
    const r = pearson((byName(t, a) as NumericColumn).values, (byName(t, b) as NumericColumn).values);
    m.set(key, r);
    return r;
  };
  const pairScores: PairFidelity[] = [];
  for (let i = 0; i < scored.length; i++) {
    throwIfAborted(options.signal);
    for (let j = i + 1; j < scored.length; j++) {
      const a = scored[i];
      const b = scored[j];
      const ra = byName(realSample, a);
      const rb = byName(realSample, b);
      const da = discreteOf(a);
      const db = discreteOf(b);
      // Joint counts over the full codes (missing as code -1), each side, in one pass.
      const jr = jointCounts(da.real, db.real, da.size, db.size);
      const js = jointCounts(da.synth, db.synth, da.size, db.size);
      const table = pairTable(da, db, jr, js);
      if (ra.storage === 'numeric' && rb.storage === 'numeric') {
        const c = correlationSimilarityOf(pearsonOf(realSample, a, b), () => pearsonOf(synthSample, a, b));
        if (!Number.isNaN(c.score))
          pairScores.push({
            columns: [a, b],
            metric: 'CorrelationSimilarity',
            score: c.score,
            real: c.real,
            synthetic: c.synthetic,
            table,
          });
      } else {
        // ContingencySimilarity (see fidelity.ts) from the joint counts.
        const score = 1 - totalVariation(jr, js);
        if (!Number.isNaN(score)) pairScores.push({ columns: [a, b], metric: 'ContingencySimilarity', score, table });
      }
    }
  }
  const numericScored = scored.filter((n) => byName(real, n).storage === 'numeric');
  const correlation =
    numericScored.length >= 2 ? correlationMatrices(numericScored, realSample, synthSample, pearsonOf) : undefined;
  lap('pairs');
  progress(0.3);

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
    sortedReal: (name) => sortedReal.get(name),
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
      privacy.meaning = `Privacy against a holdout was not measured (${noHoldout}). ${privacy.exactCopies.count === 0 ? 'No synthetic row copies a real row exactly.' : `${(privacy.exactCopyRate * 100).toFixed(1)}% of synthetic rows copy a real row exactly.`}`;
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
  progress(0.8);

  // ---- Distinguishability ---------------------------------------------------------------------
  const dist = distinguishabilitySection(real, synthetic, options.distinguishability);
  notes.push(...dist.notes);
  lap('distinguishability');
  progress(0.9);

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
  const fidelityMeaning = Number.isNaN(pairTrends)
    ? `Column distributions match ${pct(columnShapes)} (SDMetrics column shapes).`
    : `Column distributions match ${pct(columnShapes)} and relationships between columns ${pct(pairTrends)} (SDMetrics column shapes and pair trends).`;
  const combined = combineScores(
    {
      fidelity: { score: fidelity, meaning: fidelityMeaning },
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
  const realName = options.realName ?? 'real';
  const syntheticName = options.syntheticName ?? 'synthetic';
  const report: QualityReport = {
    version: 1,
    title: options.title ?? `${realName} vs ${syntheticName}`,
    score: combined.score,
    grade: gradeOf(combined.score),
    verdict: verdictOf(combined.score, columnShapes, pairTrends, utility, privacy),
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

/** A share as a percentage for people; 99.5% to 99.9% keep one decimal so they do not read as 100%. */
function pct(x: number): string {
  return x >= 0.995 && x < 1 ? `${Math.min(99.9, Math.round(x * 1000) / 10).toFixed(1)}%` : `${Math.round(x * 100)}%`;
}

function verdictOf(
  score: number,
  shapes: number,
  pairs: number,
  utility: UtilityReport,
  privacy: PrivacyReport,
): string {
  const lead = score >= 0.9 ? 'Excellent' : score >= 0.8 ? 'Good' : score >= 0.6 ? 'Fair' : 'Poor';
  const parts: string[] = [];
  if (Number.isNaN(shapes)) parts.push('no column could be compared');
  else
    parts.push(
      Number.isNaN(pairs)
        ? `columns match ${pct(shapes)}`
        : `columns match ${pct(shapes)} and relationships between columns ${pct(pairs)}`,
    );
  if (utility.retained !== null && utility.target) {
    const metric = utility.headline === 'r2' ? 'R²' : 'skill';
    parts.push(
      `models trained on it keep ${pct(utility.retained)} of their ${metric} at predicting real "${utility.target.column}"`,
    );
  }
  if (privacy.score !== null && privacy.dcrShare !== null) {
    const copies = privacy.exactCopies.excessRate > 0;
    if (privacy.dcrShare <= 0.55 && !copies) parts.push('its rows are no closer to real ones than fresh data');
    else if (copies) parts.push(`${(privacy.exactCopyRate * 100).toFixed(1)}% of its rows copy real ones`);
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

/** Counts per category over the union of both sides' levels, real levels first. */
function alignedCounts(
  r: CategoricalColumn,
  s: CategoricalColumn,
): { real: number[]; synthetic: number[]; labels: string[] } {
  const labels = [...r.levels];
  const index = new Map(labels.map((l, i) => [l, i] as const));
  const sMap = s.levels.map((l) => {
    let i = index.get(l);
    if (i === undefined) {
      i = labels.length;
      labels.push(l);
      index.set(l, i);
    }
    return i;
  });
  const real = new Array<number>(labels.length).fill(0);
  const synthetic = new Array<number>(labels.length).fill(0);
  const rc = columnCounts(r).levels;
  const sc = columnCounts(s).levels;
  for (let i = 0; i < rc.length; i++) real[i] += rc[i];
  for (let i = 0; i < sc.length; i++) synthetic[sMap[i]] += sc[i];
  return { real, synthetic, labels };
}

function missingOf(c: CategoricalColumn): number {
  return columnCounts(c).missing;
}

function categoryBars(
  labels: string[],
  real: number[],
  synthetic: number[],
): { labels: string[]; real: number[]; synthetic: number[] } {
  const rt = real.reduce((a, b) => a + b, 0) || 1;
  const st = synthetic.reduce((a, b) => a + b, 0) || 1;
  const order = labels
    .map((_, i) => i)
    .sort((a, b) => real[b] + synthetic[b] * (rt / st) - (real[a] + synthetic[a] * (rt / st)) || a - b);
  const top = order.slice(0, MAX_CATEGORY_BARS);
  const rest = order.slice(MAX_CATEGORY_BARS);
  const out = {
    labels: top.map((i) => labels[i]),
    real: top.map((i) => round6(real[i] / rt)),
    synthetic: top.map((i) => round6(synthetic[i] / st)),
  };
  if (rest.length) {
    out.labels.push(`Other (${rest.length})`);
    out.real.push(round6(rest.reduce((a, i) => a + real[i], 0) / rt));
    out.synthetic.push(round6(rest.reduce((a, i) => a + synthetic[i], 0) / st));
  }
  return out;
}

function categoricalStats(counts: number[], labels: string[], missing: number): CategoricalStats {
  let count = 0;
  let best = -1;
  let distinct = 0;
  counts.forEach((c, i) => {
    count += c;
    if (c > 0) distinct++;
    if (c > 0 && (best < 0 || c > counts[best])) best = i;
  });
  return { count, missing, distinct, mode: best >= 0 ? labels[best] : null };
}

/** Summary statistics of a numeric column (missing values dropped). */
export function numericStats(values: Float64Array): NumericStats {
  const sorted = sortedPresent(values);
  return numericStatsSorted(sorted, values.length - sorted.length);
}

/**
 * Summary statistics from the sorted non-missing values: mean, sample standard deviation (n - 1),
 * quantiles by linear interpolation (NumPy's default), adjusted skewness and excess kurtosis
 * (SciPy's `skew` / `kurtosis` with bias=False, as pandas), and Tukey's box-plot whiskers and
 * outliers (1.5 IQR).
 */
export function numericStatsSorted(sorted: Float64Array, missing: number): NumericStats {
  if (sorted.length === 0) {
    return {
      count: 0,
      missing,
      mean: null,
      std: null,
      min: null,
      p25: null,
      median: null,
      p75: null,
      max: null,
      skewness: null,
      kurtosis: null,
      p05: null,
      p95: null,
      whiskerLow: null,
      whiskerHigh: null,
      outliers: 0,
    };
  }
  const n = sorted.length;
  const m = sumOf(sorted) / n;
  // Central moments m2, m3, m4 (divided by n) in one pass.
  let [m2, m3, m4] = centralSums(sorted, m);
  const std = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const constant = sorted[0] === sorted[n - 1];
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const lo = q1 - 1.5 * (q3 - q1);
  const hi = q3 + 1.5 * (q3 - q1);
  let wl = sorted[0];
  let wh = sorted[n - 1];
  let outliers = 0;
  for (let i = 0; i < n; i++)
    if (sorted[i] >= lo) {
      wl = sorted[i];
      outliers += i;
      break;
    }
  for (let i = n - 1; i >= 0; i--)
    if (sorted[i] <= hi) {
      wh = sorted[i];
      outliers += n - 1 - i;
      break;
    }
  return {
    count: n,
    missing,
    mean: round6(m),
    std: round6(std),
    min: sorted[0],
    p25: round6(q1),
    median: round6(quantileSorted(sorted, 0.5)),
    p75: round6(q3),
    max: sorted[n - 1],
    // Adjusted Fisher-Pearson skewness G1 = g1·√(n(n-1))/(n-2), g1 = m3/m2^1.5, and sample excess
    // kurtosis G2 = ((n+1)·g2 + 6)(n-1)/((n-2)(n-3)), g2 = m4/m2² - 3: scipy.stats.skew and
    // scipy.stats.kurtosis with bias=False (pandas' skew and kurt).
    skewness: n >= 3 && !constant ? round6(((m3 / m2 ** 1.5) * Math.sqrt(n * (n - 1))) / (n - 2)) : null,
    kurtosis:
      n >= 4 && !constant ? round6((((n + 1) * (m4 / (m2 * m2) - 3) + 6) * (n - 1)) / ((n - 2) * (n - 3))) : null,
    p05: round6(quantileSorted(sorted, 0.05)),
    p95: round6(quantileSorted(sorted, 0.95)),
    whiskerLow: wl,
    whiskerHigh: wh,
    outliers,
  };
}

// One loop per function: run cold, code after a long loop would be compiled before it had run.
function sumOf(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum;
}

/** Σ d², Σ d³, Σ d⁴ of the deviations d from `m`. */
function centralSums(values: Float64Array, m: number): [number, number, number] {
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i] - m;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  return [m2, m3, m4];
}

/** Equal-width bins over the range of both sides; integer columns with a small range bin per value. */
function histogram(
  r: NumericColumn,
  rs: Float64Array,
  ss: Float64Array,
): { edges: number[]; real: number[]; synthetic: number[]; realCounts: number[]; syntheticCounts: number[] } {
  const rmin = rs.length ? rs[0] : Infinity;
  const rmax = rs.length ? rs[rs.length - 1] : -Infinity;
  const smin = ss.length ? ss[0] : Infinity;
  const smax = ss.length ? ss[ss.length - 1] : -Infinity;
  let min = Math.min(rmin, smin);
  let max = Math.max(rmax, smax);
  if (!Number.isFinite(min)) return { edges: [], real: [], synthetic: [], realCounts: [], syntheticCounts: [] };
  let bins = HISTOGRAM_BINS;
  if (r.type === 'integer' && max - min + 1 <= HISTOGRAM_BINS) {
    bins = max - min + 1;
    min -= 0.5;
    max += 0.5;
  } else if (max === min) {
    min -= 0.5;
    max += 0.5;
    bins = 1;
  }
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => round6(min + i * width));
  const count = (sorted: Float64Array): number[] => {
    const h = new Array<number>(bins).fill(0);
    for (let i = 0; i < sorted.length; i++) h[Math.min(bins - 1, Math.max(0, Math.floor((sorted[i] - min) / width)))]++;
    return h;
  };
  const rc = count(rs);
  const sc = count(ss);
  const share = (h: number[], total: number): number[] => h.map((c) => round6(total ? c / total : 0));
  return { edges, real: share(rc, rs.length), synthetic: share(sc, ss.length), realCounts: rc, syntheticCounts: sc };
}

/** A column as discrete codes on both sides, for contingency metrics and pair tables. */
interface Discrete {
  /** Codes for ContingencySimilarity (all categories; numbers in 10 bins of the real range; -1 missing). */
  real: Int32Array;
  synth: Int32Array;
  size: number;
  /** Pair-table label of each code + 1 (index 0: missing): at most 10 labels, "Other", "(missing)". */
  viewOf: Int32Array;
  labels: string[];
}

function discreteColumn(full: Column, r: Column, s: Column): Discrete {
  if (r.storage === 'numeric' && s.storage === 'numeric' && full.storage === 'numeric') {
    const [min, max] = presentRange(full.values);
    const real = discretise(r.values, min, max);
    const synth = discretise(s.values, min, max);
    const width = (max - min) / 10;
    const fmt = (x: number): string =>
      full.type === 'datetime' ? new Date(x).toISOString().slice(0, 10) : String(Number(x.toPrecision(3)));
    const labels =
      width > 0
        ? Array.from({ length: 10 }, (_, i) => `${fmt(min + i * width)} – ${fmt(min + (i + 1) * width)}`)
        : [Number.isFinite(min) ? fmt(min) : 'all'];
    const viewOf = new Int32Array(11);
    for (let c = 0; c < 10; c++) viewOf[c + 1] = Math.min(c, labels.length - 1);
    return withMissingLabel({ real, synth, size: 10, viewOf, labels });
  }
  const rc = r as CategoricalColumn;
  const sc = s as CategoricalColumn;
  const index = new Map(rc.levels.map((l, i) => [l, i] as const));
  let next = rc.levels.length;
  const extra = new Map<string, number>();
  const levelMap = sc.levels.map((level) => {
    let code = index.get(level) ?? extra.get(level);
    if (code === undefined) {
      code = next++;
      extra.set(level, code);
    }
    return code;
  });
  const mapped = new Int32Array(sc.codes.length);
  for (let i = 0; i < sc.codes.length; i++) mapped[i] = sc.codes[i] < 0 ? -1 : levelMap[sc.codes[i]];
  // View: the commonest real categories, the rest folded into "Other".
  const counts = new Array<number>(next).fill(0);
  const realCounts = columnCounts(rc).levels;
  for (let i = 0; i < realCounts.length; i++) counts[i] += realCounts[i];
  const order = counts.map((_, i) => i).sort((a, b) => counts[b] - counts[a] || a - b);
  const kept = order.slice(0, PAIR_TABLE_LABELS);
  const allLabels = [...rc.levels, ...extra.keys()];
  const viewOf = new Int32Array(next + 1).fill(kept.length);
  kept.forEach((c, k) => {
    viewOf[c + 1] = k;
  });
  const labels = kept.map((c) => allLabels[c]);
  if (next > kept.length) labels.push(`Other (${next - kept.length})`);
  return withMissingLabel({ real: rc.codes, synth: mapped, size: next, viewOf, labels });
}

/** Give missing values their own label when either side has any (else they never occur). */
function withMissingLabel(d: Discrete): Discrete {
  let any = false;
  for (let i = 0; i < d.real.length && !any; i++) if (d.real[i] < 0) any = true;
  for (let i = 0; i < d.synth.length && !any; i++) if (d.synth[i] < 0) any = true;
  if (!any) return d;
  const viewOf = Int32Array.from(d.viewOf);
  viewOf[0] = d.labels.length;
  return { ...d, viewOf, labels: [...d.labels, '(missing)'] };
}

/** Counts of (a, b) code pairs, flattened as (a + 1) * (sizeB + 1) + (b + 1). */
function jointCounts(a: Int32Array, b: Int32Array, sizeA: number, sizeB: number): Float64Array {
  const width = sizeB + 1;
  const g = new Float64Array((sizeA + 1) * width);
  for (let i = 0; i < a.length; i++) g[(a[i] + 1) * width + b[i] + 1]++;
  return g;
}

function pairTable(a: Discrete, b: Discrete, jr: Float64Array, js: Float64Array): PairFidelity['table'] {
  const la = a.labels.length;
  const lb = b.labels.length;
  const width = b.size + 1;
  const grid = (joint: Float64Array): number[][] => {
    const g = new Float64Array(la * lb);
    let n = 0;
    for (let k = 0; k < joint.length; k++) {
      const v = joint[k];
      if (v === 0) continue;
      g[a.viewOf[Math.floor(k / width)] * lb + b.viewOf[k % width]] += v;
      n += v;
    }
    const out: number[][] = [];
    for (let i = 0; i < la; i++) {
      const row = new Array<number>(lb);
      for (let j = 0; j < lb; j++) row[j] = round6(n ? g[i * lb + j] / n : 0);
      out.push(row);
    }
    return out;
  };
  return { a: a.labels, b: b.labels, real: grid(jr), synthetic: grid(js) };
}

function correlationMatrices(
  names: string[],
  real: Table,
  synthetic: Table,
  pearsonOf: (t: Table, a: string, b: string) => number,
): CorrelationMatrices {
  const col = (t: Table, n: string): Float64Array => (t.columns.find((c) => c.name === n) as NumericColumn).values;
  const r = correlationMatrix(
    names.map((n) => col(real, n)),
    (i, j) => pearsonOf(real, names[i], names[j]),
  );
  const s = correlationMatrix(
    names.map((n) => col(synthetic, n)),
    (i, j) => pearsonOf(synthetic, names[i], names[j]),
  );
  const round = (m: (number | null)[][]): (number | null)[][] =>
    m.map((row) => row.map((v) => (v === null ? null : round6(v))));
  const diff = r.map((row, i) => row.map((v, j) => (v === null || s[i][j] === null ? null : s[i][j]! - v)));
  let sum = 0;
  let count = 0;
  let max = 0;
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const d = diff[i][j];
      if (d === null) continue;
      sum += Math.abs(d);
      count++;
      max = Math.max(max, Math.abs(d));
    }
  }
  return {
    columns: names,
    real: round(r),
    synthetic: round(s),
    difference: round(diff),
    meanAbsDifference: count ? round6(sum / count) : null,
    maxAbsDifference: count ? round6(max) : null,
  };
}

function mean(xs: number[]): number {
  if (xs.length === 0) return NaN;
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** p-values keep 6 significant digits (they can be tiny). */
function roundP(p: number): number {
  if (!Number.isFinite(p) || p === 0) return p;
  return Number(p.toPrecision(6));
}
