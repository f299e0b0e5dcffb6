import type { CartLeaf, CartModel, CartNode, CartSplit } from '../blueprint/models';
import type { ColumnSpec } from '../blueprint/types';
import { formatDatetime } from '../csv/datetime';
import { jitter, readValue } from '../generate/marginals';
import type { Rng } from '../random';

import type { NumericColumn, Table } from '../table';
import { calendarParts, partName, partOf, positionName, type CalendarPart } from '../blueprint/calendar';
import { levelCounts, rareLevels } from './marginals';
import { quantileSorted } from '../stats/quantile';
import { lowerBound, sortNumbers, upperBound } from '../stats/sort';
import { dict } from '../util/dict';
import { roundTo } from '../util/round';
import { cholesky } from '../stats/matrix';
import type { FoundRate } from './rates';

/**
 * Sequential trees in the spirit of synthpop's `syn.cart` (Nowok, Raab & Dibben 2016): columns
 * are visited in an order; each column gets a classification or regression tree on the columns
 * before it, and a synthetic row is made column by column, each value drawn from the leaf its row
 * falls into. synthpop draws a donor's real value from the leaf (rpart, minbucket = 5, cp = 1e-8)
 * and optionally smooths numbers with a Gaussian kernel; a blueprint may hold no real record, so
 * here each leaf stores an aggregate instead, and the smoothing is built in:
 *
 * - a numeric leaf stores quantiles of its rows' percentile ranks in the column (at most
 *   `leafQuantiles` steps, each of at least `minGroupSize` rows); generation draws a rank between
 *   two of them and reads the value off the column's blueprint marginal, so no stored number is a
 *   row's value, and the leaf keeps the column's atoms (hours-per-week = 40) and tails; where
 *   earlier numeric columns explain the leaf's ranks (`along`: a least-squares plane in
 *   percentile ranks over up to `alongTerms` of them), a value follows its row's predictors;
 * - a categorical leaf stores level probabilities shrunk toward its parent node's by `smoothing`
 *   pseudo-rows (recursively up to the column's marginal), so rare combinations of the training
 *   rows are not replayed as they were; the missing share of every leaf is shrunk the same way;
 * - a leaf holds at least `minLeaf` >= `privacy.minGroupSize` rows, and the missing share of the
 *   column in the leaf, so missingness follows the predictors.
 *
 * Trees grow best-first (largest impurity decrease first) up to `maxLeaves` leaves, splits must
 * lower the impurity by `minGain` of the root's. Impurity: n·Gini for categories (missing is a
 * class); for numbers, the squared error of the rows' percentile ranks u in (0, 1) (rank-based, so one
 * outlier does not steer the tree) plus n·p(1-p) of the missing share p. Numeric predictors are
 * cut at their quantiles (at most `bins` bins, thresholds are column quantiles); categorical
 * predictors are split by a subset of levels found by sorting the levels along the first
 * principal component of their class distributions (Coppersmith, Hong & Hosking 1999), which is
 * exact for two classes and for regression (Breiman et al. 1984).
 */
export interface CartOptions {
  /** Columns visited after all others, in this order (row numbers of a sorted file: fit/rowNumbers.ts `visitedLast`). */
  last?: readonly string[];
  minGroupSize: number;
  minLeaf: number;
  maxLeaves: number;
  bins: number;
  leafQuantiles: number;
  smoothing: number;
  minGain: number;
  /**
   * Where `minGain` applies, a split that falls short of it still counts when it lowers its own
   * node's impurity by `nodeGain` / (the node's rows) of that impurity (see `bestSplit`); 0 for no
   * such test.
   */
  nodeGain: number;
  /** Predictors a tree may use: the ones with the best root split, on wide tables. */
  maxPredictors: number;
  /** Least share of a numeric leaf's rank variance a predictor's line must explain (see `alongOf`). */
  alongR2: number;
  /** Most predictors a numeric leaf's plane uses. */
  alongTerms: number;
}

export function defaultCartOptions(rows: number, minGroupSize: number, columns = 0): CartOptions {
  return {
    minGroupSize,
    // Leaves of √n / 2 rows up to 45 (never fewer than minGroupSize): 13 on titanic, 45 on adult.
    // Fine leaves are what a boosted-tree detector cannot tell from the real rows (adult,
    // detect.py: 0.90 at 45 rows, 0.70 with leaves of 81 and 256 leaves at most); leaves of a
    // group of rows keep the synthetic rows from replaying individuals (DCR share 0.55 on adult,
    // 0.51 on diamonds; 0.57 with leaves of 30). Past 20 columns, times (20 / columns)^0.75: a
    // row of many columns is drawn from many leaves, and no leaf alone brings it near one real
    // row (digits, 65 columns: 19 -> 8, detect.py 0.52 -> 0.66, DCR share 0.20 -> 0.24; adult
    // one-hot, 109 columns: 40 -> 11, 0.85 -> 0.98, 0.47 -> 0.52). Measured in docs/engine.md.
    minLeaf: Math.max(
      minGroupSize,
      Math.round(Math.min(45, Math.sqrt(rows) / 2) * Math.min(1, (20 / Math.max(1, columns)) ** 0.75)),
    ),
    maxLeaves: 2048,
    // Fine thresholds: diamonds' price follows carat closely (detection 0.13 with 32 bins, 0.77
    // with 255); metro's weather follows its date_time, whose 255 bins are 9 days wide (0.77 with
    // 255, 0.80 with 1,023; diamonds 0.89 -> 0.90).
    bins: 1023,
    // Up to 64 rank quantiles per leaf (each step still >= minGroupSize rows): a leaf's ranks are
    // often multi-modal (atoms, mixtures the leaf could not split). 8 steps gave detection 0.81 on
    // diamonds, 0.78 on bank; 64 give 0.89, 0.83 (detect.py; DCR share unchanged, docs/engine.md).
    leafQuantiles: 64,
    smoothing: 0.25,
    // On small tables a split must lower the impurity by 2/n of the root's: on 40 rows that is 5%,
    // which chance splits rarely reach (messy DCR share 0.56 -> 0.55). From 2,000 rows any split
    // that leaves minLeaf rows on each side counts: a threshold relative to the root stops the
    // near-deterministic relations (price given carat and cut) long before they are drawn.
    minGain: rows < 2000 ? 2 / Math.max(1, rows) : 0,
    // ... unless the split is strong within its own node: 12 / m of the node's impurity for a
    // node of m rows, about what the best of a few hundred random cuts explains (one random cut
    // explains about 1 / m of it, the best of M cuts about 2 ln(M) / m). The root test alone
    // stopped the near-deterministic relations of small tables (price given carat deep in
    // diamonds' trees) long before they were drawn: diamonds' 2,200-row sample, detect.py 0.786 /
    // 0.808 -> 1.000 / 0.988 (seeds 42 / 7), DCR share 0.553 / 0.548 -> 0.550 / 0.544. A node test
    // alone (no root test) kept fewer splits: titanic DCR 0.584 -> 0.548, but digits' weak
    // pixel-to-pixel splits fell below it (detect.py 0.63 -> 0.23). docs/engine.md has the rest.
    nodeGain: 12,
    maxPredictors: 40,
    // Above what chance gives a leaf of 45 rows: r² of two independent samples of 45 exceeds 0.1
    // in about 3% of leaves.
    alongR2: 0.1,
    alongTerms: 3,
  };
}

export function fitCart(
  table: Table,
  specs: ColumnSpec[],
  rng: Rng,
  options: CartOptions,
  rates: FoundRate[] = [],
  counter?: string,
): CartModel {
  const prepared: Prepared[] = [];
  table.columns.forEach((_col, c) => {
    const p = prepare(table, c, specs[c], options, rng);
    if (p) prepared.push(p);
  });
  // Rows holding a rate of their column (fit/rates.ts): its leaves count them apart.
  const kept = rates.filter((f) => prepared.some((p) => p.kind === 'numeric' && p.name === f.rate.column));
  for (const f of kept) {
    const p = prepared.find((q) => q.name === f.rate.column)!;
    p.rated = f.rowRates;
    p.rates = f.rate.values.length;
    Object.assign(p, freeAtoms(table.columns[p.index] as NumericColumn, f.rowRates, p.spec, options.minGroupSize));
    // Rates are set from a base once it exists, drawn from ranks: the column stays a numeric target.
    p.role = 'numeric';
  }
  const order = visitOrder(prepared, options.last ?? []);
  // Calendar parts of each datetime column: predictors for the columns after it, never targets.
  const parts = new Map<string, Prepared[]>();
  for (const p of prepared)
    parts.set(
      p.name,
      calendarParts(p.spec).map((part, k) =>
        prepareNumeric(table, p.index, p.spec, options, rng, part, prepared.length + k),
      ),
    );
  // The rows' place in the table, where a counter numbers them (`counter@row`): a predictor of
  // every column, the first one included.
  const position = counter ? preparePosition(positionName(counter), table.rowCount, options, rng) : undefined;
  // Every tree but the first (whose leaf is the column's own marginal, unless it may split on the
  // rows' place) grows on its own from the prepared columns: the jobs may run side by side
  // (`useTreeRunner`).
  const columns = [...(position ? [position] : []), ...order.flatMap((p) => [p, ...(parts.get(p.name) ?? [])])];
  const at = new Map(columns.map((p, i) => [p, i] as const));
  const first = position ? 0 : 1;
  const jobs: TreeJob[] = order.slice(first).map((target, i) => ({
    target: at.get(target)!,
    predictors: [
      ...(position ? [position] : []),
      ...order.slice(0, i + first).flatMap((p) => [p, ...(parts.get(p.name) ?? [])]),
    ].map((q) => at.get(q)!),
  }));
  const grown = jobs.length ? treeRunner(columns, jobs, table.rowCount, options) : [];
  const trees: Record<string, CartNode> = dict();
  order.forEach((target, i) => {
    trees[target.name] = i < first ? firstLeaf(target, table.rowCount, options) : grown[i - first];
  });
  return {
    kind: 'cart',
    order: order.map((p) => p.name),
    smoothing: options.smoothing,
    trees,
    ...(kept.length ? { rates: kept.map((f) => f.rate) } : {}),
  };
}

/** A tree to grow: its target and predictors, as indices into the prepared columns. */
export interface TreeJob {
  target: number;
  predictors: number[];
}

/**
 * Grows the trees of a fit and returns them in the jobs' order. The default grows them one after
 * the other; a host with threads can grow them side by side (src/node/pool.ts), each with
 * `growTree`, which is pure (no random draws), so the trees are the same.
 */
export type TreeRunner = (columns: Prepared[], jobs: TreeJob[], rows: number, options: CartOptions) => CartNode[];

const sequentialTrees: TreeRunner = (columns, jobs, rows, options) =>
  jobs.map((job) => growTree(columns, job, rows, options));
let treeRunner: TreeRunner = sequentialTrees;

/** Set how a fit's trees grow (undefined: one after the other, in this thread). */
export function useTreeRunner(runner: TreeRunner | undefined): void {
  treeRunner = runner ?? sequentialTrees;
}

/** Grow one tree on every row of the prepared columns. Pure. */
export function growTree(columns: Prepared[], job: TreeJob, rows: number, options: CartOptions): CartNode {
  const all = new Int32Array(rows);
  for (let r = 0; r < rows; r++) all[r] = r;
  return grow(
    columns[job.target],
    job.predictors.map((i) => columns[i]),
    all,
    options,
  );
}

/**
 * Visit order: datetimes first (in table order), then categories and booleans, fewest levels
 * first, then numbers in table order. A datetime drawn from its own marginal keeps its calendar
 * (the joint of day and time of day) exactly, and every later column can split on it and on its
 * calendar parts (weather follows the season, traffic the hour). Few-level columns are cheap to
 * model from little context, and the many-valued columns that follow can then condition on all
 * of them, which is where trees shine. Columns in `last` come after all of them.
 */
function visitOrder(prepared: Prepared[], last: readonly string[]): Prepared[] {
  const rank = (p: Prepared): number =>
    // A column made in row order (`sorted`) is made first, whatever else is asked.
    p.spec.sorted
      ? -2
      : last.includes(p.name)
        ? 2e9 + last.indexOf(p.name)
        : p.spec.type === 'datetime'
          ? -1
          : p.kind === 'categorical'
            ? p.classes
            : 1e9;
  return [...prepared].sort((a, b) => rank(a) - rank(b) || a.index - b.index);
}

/** A column ready to be a predictor (bins) and a target (classes or mid-ranks). */
export interface Prepared {
  index: number;
  name: string;
  spec: ColumnSpec;
  kind: 'numeric' | 'categorical';
  /** Predictor bin of each row; the last bin (nBins - 1) holds missing values. */
  bins: Uint16Array;
  nBins: number;
  /** Numeric: bin j < nBins - 1 holds values <= thresholds[j] (and above thresholds[j - 1]). */
  thresholds: (number | string)[];
  /** Categorical: the level names in each bin (a pool of rare levels shares one bin). */
  binLevels: string[][];
  /** Categorical target: class of each row, `classes` = missing. */
  classOf: Int32Array;
  classes: number;
  /** Level names of each class (pooled classes list all their levels). */
  classLevels: string[][];
  /**
   * Categorical target of more than SPLIT_CLASSES classes: the class each row counts as when
   * splits are searched (the SPLIT_CLASSES - 1 most frequent classes, then the rest as one, then
   * missing), and how many such classes there are besides missing. Leaves keep every class.
   */
  splitClassOf?: Int32Array;
  splitClasses?: number;
  /** Numeric target: percentile rank u in (0, 1), NaN where missing. */
  u: Float64Array;
  /**
   * How the column is a target: as its kind, except a number column with few distinct values
   * (`discreteValues`), which is a categorical target over its values (classes) while it stays a
   * numeric predictor.
   */
  role: 'numeric' | 'categorical';
  /** Discrete number target: the value (as the blueprint writes it) of each class. */
  classValues?: string[];
  /** Numeric target with rates: the rate each row holds (-1: none), and how many rates there are. */
  rated?: Int8Array;
  rates?: number;
  /**
   * Numeric target with rates: the values its rows holding no rate repeat often (round tips), as
   * the blueprint writes them; the atom each such row holds (-1: none, or a rated or missing row)
   * and the atom nearest to its value (-1 for rated and missing rows).
   */
  atoms?: string[];
  atomOf?: Int32Array;
  nearestAtom?: Int32Array;
}

/** Most values a rated column's leaves hold exactly. */
const FREE_ATOMS = 32;

/**
 * The values that a rated column's rows holding no rate repeat (tips of exactly 0, 1, 2 dollars
 * among tips that are a share of the fare): each held by at least max(minGroupSize, 1/2000 of
 * those rows), the FREE_ATOMS most frequent. Those rows' ranks would otherwise be interpolated
 * across the ranks of the rated rows between them.
 */
function freeAtoms(
  col: NumericColumn,
  rated: Int8Array,
  spec: ColumnSpec,
  minGroupSize: number,
): { atoms?: string[]; atomOf?: Int32Array; nearestAtom?: Int32Array } {
  const counts = new Map<number, number>();
  let free = 0;
  for (let r = 0; r < col.values.length; r++) {
    const x = col.values[r];
    if (x !== x || rated[r] >= 0) continue;
    free++;
    counts.set(x, (counts.get(x) ?? 0) + 1);
  }
  const need = Math.max(minGroupSize, Math.ceil(free / 2000));
  const frequent = [...counts]
    .filter(([, c]) => c >= need)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, FREE_ATOMS)
    .map(([x]) => x)
    .sort((a, b) => a - b);
  const atoms = frequent.map((x) => String(writeValue(spec, x)));
  if (atoms.length === 0 || new Set(atoms).size < atoms.length) return {};
  const index = new Map(frequent.map((x, i) => [x, i] as const));
  const atomOf = new Int32Array(col.values.length).fill(-1);
  const nearestAtom = new Int32Array(col.values.length).fill(-1);
  for (let r = 0; r < col.values.length; r++) {
    const x = col.values[r];
    if (x !== x || rated[r] >= 0) continue;
    atomOf[r] = index.get(x) ?? -1;
    // The nearest frequent value, the smaller on a tie.
    let best = 0;
    for (let a = 1; a < frequent.length; a++) if (Math.abs(frequent[a] - x) < Math.abs(frequent[best] - x)) best = a;
    nearestAtom[r] = best;
  }
  return { atoms, atomOf, nearestAtom };
}

/**
 * A rated leaf's free rows at its atoms: the share of `rows` at each atom (when any) and the rows
 * at none, which its ranks describe. With fewer than minGroupSize rows at none, each counts as
 * its nearest atom and there is no rest (no ranks of fewer than minGroupSize rows).
 */
function atomShares(
  target: Prepared,
  rows: Int32Array,
  minGroupSize: number,
): { values?: Record<string, number>; rest: Int32Array } {
  if (!target.atoms || !target.atomOf || !target.nearestAtom) return { rest: rows };
  const counts = new Float64Array(target.atoms.length);
  const rest: number[] = [];
  for (const r of rows) {
    const a = target.atomOf[r];
    if (a >= 0) counts[a]++;
    else rest.push(r);
  }
  if (rest.length === rows.length) return { rest: rows };
  // Too few rows at none to describe on their own: each counts as the nearest value.
  if (rest.length < minGroupSize) {
    for (const r of rest) counts[target.nearestAtom[r]]++;
    rest.length = 0;
  }
  const values: Record<string, number> = dict();
  target.atoms.forEach((key, a) => {
    const share = roundTo(counts[a] / rows.length, 4);
    if (share > 0) values[key] = share;
  });
  return { values, rest: Int32Array.from(rest) };
}

/** The fields of a prepared column that its kind fills in (empty until then). */
function emptyPrepared(index: number, name: string, spec: ColumnSpec) {
  return {
    index,
    name,
    spec,
    thresholds: [] as (number | string)[],
    binLevels: [] as string[][],
    classOf: new Int32Array(0),
    classes: 0,
    classLevels: [] as string[][],
    u: new Float64Array(0),
  };
}

/**
 * Most distinct values (each held by at least minGroupSize rows) a number column may have to be
 * drawn as exact values from its leaves; at most this share of its present rows may hold rarer
 * values (those count as the nearest frequent value). Measured in docs/engine.md#discrete-numbers.
 */
const DISCRETE_VALUES = 64;
const DISCRETE_RARE_SHARE = 0.01;

/**
 * A number column with few distinct values (day of month, cloud cover in %, number of calls) as
 * a categorical target: each frequent value is a class (rows holding a rare value count as the
 * nearest frequent one), missing is the last class. Undefined when the column has too many values.
 */
function discreteValues(
  values: Float64Array,
  spec: ColumnSpec,
  minGroupSize: number,
): { classOf: Int32Array; classValues: string[] } | undefined {
  if (spec.type !== 'integer' && spec.type !== 'number') return undefined;
  const counts = new Map<number, number>();
  let present = 0;
  for (const x of values) {
    if (x !== x) continue;
    present++;
    counts.set(x, (counts.get(x) ?? 0) + 1);
    if (counts.size > 8 * DISCRETE_VALUES) return undefined;
  }
  const frequent = [...counts].filter(([, c]) => c >= minGroupSize).map(([x]) => x);
  if (frequent.length < 2 || frequent.length > DISCRETE_VALUES) return undefined;
  const rare = present - frequent.reduce((a, x) => a + counts.get(x)!, 0);
  if (rare > DISCRETE_RARE_SHARE * present) return undefined;
  const sorted = sortNumbers(Float64Array.from(frequent));
  const classValues = Array.from(sorted, (x) => String(writeValue(spec, x)));
  // Two frequent values that the blueprint writes alike cannot be told apart when read back.
  if (new Set(classValues).size < classValues.length) return undefined;
  const classOf = new Int32Array(values.length);
  for (let r = 0; r < values.length; r++) {
    const x = values[r];
    if (x !== x) {
      classOf[r] = sorted.length;
      continue;
    }
    const i = Math.min(sorted.length - 1, lowerBound(sorted, x));
    classOf[r] = i > 0 && x - sorted[i - 1] <= sorted[i] - x ? i - 1 : i;
  }
  return { classOf, classValues };
}

/**
 * Most classes a categorical target's splits are searched over. A split's histograms hold a count
 * per predictor bin and class, and ordering a categorical predictor's bins costs bins x classes
 * per step: a table of member ids, last names and first names (fivethirtyeight's congress_age,
 * thousands of levels each, 18,635 rows) took 65 s to fit, nearly all of it there; 2.8 s with
 * 64 classes, 3.4 s with 128. Taxis' zones (130 classes) lost detection at 64 (0.922 -> 0.896)
 * and none at 128.
 */
const SPLIT_CLASSES = 128;

/** A categorical target's classes for split search: the most frequent SPLIT_CLASSES - 1 kept, the rest one class. */
function splitClassesOf(
  classOf: Int32Array,
  classes: number,
): { splitClassOf: Int32Array; splitClasses: number } | undefined {
  if (classes <= SPLIT_CLASSES) return undefined;
  const counts = new Float64Array(classes + 1);
  for (const k of classOf) counts[k]++;
  const byCount = Array.from({ length: classes }, (_, k) => k).sort((a, b) => counts[b] - counts[a] || a - b);
  const map = new Int32Array(classes + 1).fill(SPLIT_CLASSES - 1);
  byCount.slice(0, SPLIT_CLASSES - 1).forEach((k, i) => (map[k] = i));
  map[classes] = SPLIT_CLASSES;
  return { splitClassOf: classOf.map((k) => map[k]), splitClasses: SPLIT_CLASSES };
}

function prepare(table: Table, c: number, spec: ColumnSpec, options: CartOptions, rng: Rng): Prepared | undefined {
  const col = table.columns[c];
  const n = table.rowCount;
  // Columns generated empty (too few values to describe) are not modelled at all.
  if ((spec.missing ?? 0) >= 1) return undefined;
  const base = emptyPrepared(c, col.name, spec);
  if (col.storage === 'categorical') {
    const dist = spec.distribution;
    if (dist?.kind !== 'categorical') return undefined;
    const counts = levelCounts(col.codes, col.levels.length);
    const pool = rareLevels(counts, options.minGroupSize);
    // Classes in the distribution's order; the pool of rare levels is one class.
    const classOfLevel = new Int32Array(col.levels.length).fill(-1);
    const classLevels: string[][] = [];
    let poolClass = -1;
    for (const level of Object.keys(dist.probabilities)) {
      const code = col.levels.indexOf(level);
      if (code < 0 || counts[code] === 0) continue;
      if (pool.has(code)) {
        if (poolClass < 0) {
          poolClass = classLevels.length;
          classLevels.push([]);
        }
        classLevels[poolClass].push(level);
        classOfLevel[code] = poolClass;
      } else {
        classOfLevel[code] = classLevels.length;
        classLevels.push([level]);
      }
    }
    const classes = classLevels.length;
    if (classes === 0) return undefined;
    const classOf = new Int32Array(n);
    const bins = new Uint16Array(n);
    for (let r = 0; r < n; r++) {
      const code = col.codes[r];
      const k = code < 0 ? -1 : classOfLevel[code];
      classOf[r] = k < 0 ? classes : k;
      bins[r] = k < 0 ? classes : k;
    }
    return {
      ...base,
      kind: 'categorical',
      role: 'categorical',
      bins,
      nBins: classes + 1,
      binLevels: classLevels,
      classOf,
      classes,
      classLevels,
      ...splitClassesOf(classOf, classes),
    };
  }
  if (col.storage !== 'numeric' || !col.values.some((v) => v === v)) return undefined;
  const numeric = prepareNumeric(table, c, spec, options, rng);
  const discrete = discreteValues(col.values, spec, options.minGroupSize);
  if (!discrete) return numeric;
  const classes = discrete.classValues.length;
  return {
    ...numeric,
    role: 'categorical',
    classOf: discrete.classOf,
    classes,
    classLevels: discrete.classValues.map((v) => [v]),
    classValues: discrete.classValues,
  };
}

/**
 * A numeric column, or with `part` one of a datetime column's calendar parts (a predictor only,
 * named `column@part`, its thresholds plain numbers), binned at its quantiles.
 */
function prepareNumeric(
  table: Table,
  c: number,
  spec: ColumnSpec,
  options: CartOptions,
  rng: Rng,
  part?: CalendarPart,
  index = c,
): Prepared {
  const col = table.columns[c] as NumericColumn;
  const n = table.rowCount;
  const base = emptyPrepared(index, part ? partName(col.name, part) : col.name, spec);
  const values = part ? col.values.map((t) => partOf(part, t)) : col.values;
  const sorted = sortNumbers(Float64Array.from(values));
  let m = n;
  while (m > 0 && Number.isNaN(sorted[m - 1])) m--;
  const present = sorted.subarray(0, m);
  // Percentile rank of each present value by the distributional transform: uniform in
  // (F(x-), F(x)], so the rows of an atom (hours-per-week = 40) spread over its whole interval and
  // a leaf's rank quantiles give the atom its true share, not a pile at its mid-rank.
  const u = new Float64Array(part ? 0 : n);
  for (let r = 0; r < u.length; r++) {
    const x = values[r];
    if (Number.isNaN(x)) {
      u[r] = NaN;
      continue;
    }
    const lo = lowerBound(present, x);
    const hi = upperBound(present, x);
    u[r] = (lo + jitter(rng) * (hi - lo)) / m;
  }
  // Thresholds: the column's quantiles at j / bins, as the blueprint writes them (so a split
  // compares generated values exactly as it compared the training values).
  const write = (v: number): number | string => (part ? roundTo(v, 6) : writeValue(spec, v));
  const thresholds: (number | string)[] = [];
  const cut: number[] = [];
  for (let j = 1; j < options.bins; j++) {
    const t = write(quantileSorted(present, j / options.bins));
    const x = readValue(spec, t);
    if (x >= present[m - 1] || (cut.length && x <= cut[cut.length - 1]) || x < present[0]) continue;
    thresholds.push(t);
    cut.push(x);
  }
  const nBins = cut.length + 2;
  const bins = new Uint16Array(n);
  for (let r = 0; r < n; r++) {
    const x = values[r];
    if (Number.isNaN(x)) {
      bins[r] = nBins - 1;
      continue;
    }
    let lo = 0;
    let hi = cut.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x <= cut[mid]) hi = mid;
      else lo = mid + 1;
    }
    bins[r] = lo;
  }
  return { ...base, kind: 'numeric', role: 'numeric', bins, nBins, thresholds, u };
}

/**
 * The rows' place in the table as a predictor (`counter@row`, see `positionName`): training row r
 * of n (in the file's order) at (r + 0.5) / n, binned at its quantiles like a number; never a
 * target, nor a term of a leaf's plane (no ranks).
 */
function preparePosition(name: string, n: number, options: CartOptions, rng: Rng): Prepared {
  const values = Float64Array.from({ length: n }, (_, r) => (r + 0.5) / n);
  const spec: ColumnSpec = { name, type: 'number', decimals: 6 };
  const table: Table = { rowCount: n, columns: [{ storage: 'numeric', name, type: 'number', values }] };
  // Index -1: no column of the table (it is only ever a predictor, never looked up).
  return { ...prepareNumeric(table, 0, spec, options, rng, undefined, -1), u: new Float64Array(0) };
}

function writeValue(spec: ColumnSpec, v: number): number | string {
  if (spec.type === 'datetime') return formatDatetime(v, spec.format ?? 'YYYY-MM-DD HH:mm:ss');
  if (spec.type === 'integer') return Math.round(v);
  return spec.decimals !== undefined ? roundTo(v, Math.min(15, spec.decimals + 2)) : v;
}

/** Target statistics of a set of rows: enough to get its impurity and its leaf. */
interface Stats {
  n: number;
  /** Categorical: count per class, the last one missing. */
  counts?: Float64Array;
  /** Categorical target with split classes: the counts per split class, the last one missing. */
  split?: Float64Array;
  /** Numeric: present rows, sum and sum of squares of u, missing rows. */
  present?: number;
  sum?: number;
  sq?: number;
}

/** The impurity splits are searched by: over the split classes where the target has them. */
function splitImpurity(s: Stats): number {
  return impurityOf(s.split ? { n: s.n, counts: s.split } : s);
}

function impurityOf(s: Stats): number {
  if (s.counts) {
    let sq = 0;
    for (const c of s.counts) sq += c * c;
    return s.n > 0 ? s.n - sq / s.n : 0;
  }
  const present = s.present!;
  const missing = s.n - present;
  const value = present > 0 ? s.sq! - (s.sum! * s.sum!) / present : 0;
  return value + (s.n > 0 ? (missing * present) / s.n : 0);
}

function statsOf(target: Prepared, rows: Int32Array): Stats {
  if (target.role === 'categorical') {
    const counts = new Float64Array(target.classes + 1);
    for (const r of rows) counts[target.classOf[r]]++;
    if (!target.splitClassOf) return { n: rows.length, counts };
    const split = new Float64Array(target.splitClasses! + 1);
    for (const r of rows) split[target.splitClassOf[r]]++;
    return { n: rows.length, counts, split };
  }
  let present = 0;
  let sum = 0;
  let sq = 0;
  for (const r of rows) {
    const u = target.u[r];
    if (u !== u) continue;
    present++;
    sum += u;
    sq += u * u;
  }
  return { n: rows.length, present, sum, sq };
}

interface Split {
  gain: number;
  predictor: Prepared;
  /** Bins that go left. */
  left: Uint8Array;
  /** Numeric predictor: present values left, missing right. */
  missingOnly?: boolean;
}

interface Growing {
  rows: Int32Array;
  stats: Stats;
  split?: Split;
  /** Per predictor, kept by big nodes until they are split. */
  histograms?: Histogram[];
  parent?: Growing;
  /** Categorical: class shares shrunk toward the parent's; numeric: [missing share] shrunk. */
  shrunk?: Float64Array;
  /** Filled in place: a split once it is chosen, a leaf when growing stops. */
  node: Record<string, unknown>;
}

/** Nodes at least this big keep their histograms, so a child's can be had by subtraction. */
const KEEP_HISTOGRAMS = 1024;

function grow(target: Prepared, predictors: Prepared[], rows: Int32Array, options: CartOptions): CartNode {
  const rootStats = statsOf(target, rows);
  const rootImpurity = splitImpurity(rootStats);
  const minGain = options.minGain * rootImpurity;
  const scratch = new Int32Array(rows.length);
  rows = Int32Array.from(rows);
  const root: Growing = { rows, stats: rootStats, node: {} };
  let rootHists = predictors.map((p) => histogram(target, p, rows));
  if (predictors.length > options.maxPredictors && rootImpurity > 0) {
    // Wide tables: keep the predictors whose best root split helps most. A 220-column table
    // would otherwise build 219 histograms in every node of its last tree.
    const gains = predictors.map(
      (p, i) => scan(target, p, rootHists[i], binOrder(target, p, rootHists[i]), rootImpurity, options)?.gain ?? 0,
    );
    const keep = predictors
      .map((_, i) => i)
      .sort((a, b) => gains[b] - gains[a] || a - b)
      .slice(0, options.maxPredictors)
      .sort((a, b) => a - b);
    predictors = keep.map((i) => predictors[i]);
    rootHists = keep.map((i) => rootHists[i]);
  }
  examine(target, predictors, root, rootHists, options, minGain);
  // Nodes that may still split, in a max-heap by gain (best-first growth); the others are leaves.
  const open: Growing[] = [];
  const done: Growing[] = [];
  const offer = (g: Growing): void => {
    if (g.split) heapPush(open, g);
    else done.push(g);
  };
  offer(root);
  let leaves = 1;
  while (leaves < options.maxLeaves && open.length) {
    const g = heapPop(open);
    const split = g.split!;
    const { left, right } = partition(g.rows, split, scratch);
    const l: Growing = { rows: left, stats: statsOf(target, left), node: {}, parent: g };
    const r: Growing = { rows: right, stats: statsOf(target, right), node: {}, parent: g };
    Object.assign(g.node, splitNode(split), { left: l.node, right: r.node });
    // Histograms of the smaller child are counted; the larger child's are the parent's minus
    // them when the parent kept its own (LightGBM's trick): most rows are never counted twice.
    const [small, large] = left.length <= right.length ? [l, r] : [r, l];
    const smallHists = predictors.map((p) => histogram(target, p, small.rows));
    const parentHists = g.histograms;
    g.histograms = undefined;
    const largeHists = parentHists
      ? parentHists.map((h, i) => minus(h, smallHists[i]))
      : predictors.map((p) => histogram(target, p, large.rows));
    examine(target, predictors, small, smallHists, options, minGain);
    examine(target, predictors, large, largeHists, options, minGain);
    offer(l);
    offer(r);
    leaves++;
  }
  // Every node not split is a leaf.
  for (const g of [...done, ...open]) Object.assign(g.node, leafOf(target, g, predictors, options));
  return root.node as unknown as CartNode;
}

/**
 * Binary max-heap of the nodes that may split, by gain: best-first growth takes the top in
 * O(log n) instead of scanning every open node (2,048 leaves). Equal gains leave in an order the
 * heap fixes deterministically, so a seed still gives one tree.
 */
function heapPush(heap: Growing[], g: Growing): void {
  heap.push(g);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent].split!.gain >= heap[i].split!.gain) break;
    [heap[parent], heap[i]] = [heap[i], heap[parent]];
    i = parent;
  }
}

function heapPop(heap: Growing[]): Growing {
  const top = heap[0];
  const last = heap.pop()!;
  if (heap.length) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && heap[l].split!.gain > heap[m].split!.gain) m = l;
      if (r < heap.length && heap[r].split!.gain > heap[m].split!.gain) m = r;
      if (m === i) break;
      [heap[m], heap[i]] = [heap[i], heap[m]];
      i = m;
    }
  }
  return top;
}

/** Find a node's best split from its histograms, and keep them if the node is big. */
function examine(
  target: Prepared,
  predictors: Prepared[],
  g: Growing,
  hists: Histogram[],
  options: CartOptions,
  minGain: number,
): void {
  g.split = bestSplit(target, predictors, g, hists, options, minGain);
  if (g.split && g.rows.length >= KEEP_HISTOGRAMS) g.histograms = hists;
}

/**
 * Split a node's rows in place (stably, so rows stay ascending and memory access sequential): the
 * left rows move to the front of the node's slice, the right ones after them, through `scratch`.
 * The children are views of the same buffer: no row list is ever copied into a new array.
 */
function partition(rows: Int32Array, split: Split, scratch: Int32Array): { left: Int32Array; right: Int32Array } {
  const bins = split.predictor.bins;
  const mask = split.left;
  let i = 0;
  let j = 0;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    if (mask[bins[r]]) rows[i++] = r;
    else scratch[j++] = r;
  }
  rows.set(scratch.subarray(0, j), i);
  return { left: rows.subarray(0, i), right: rows.subarray(i) };
}

/** The readable form of a split: a threshold (`le`) or a level set (`in`), and where missing goes. */
function splitNode(split: Split): Omit<CartSplit, 'left' | 'right'> {
  const p = split.predictor;
  const missingLeft = split.left[p.nBins - 1] === 1;
  if (p.kind === 'numeric') {
    // Present values left, missing right: a split on missingness alone.
    // (On a calendar part, the datetime column's own presence: a part is missing where it is.)
    if (split.missingOnly) return { column: p.spec.name, missing: 'right' };
    let last = -1;
    for (let b = 0; b < p.nBins - 1; b++) if (split.left[b]) last = b;
    return { column: p.name, le: p.thresholds[last], missing: missingLeft ? 'left' : 'right' };
  }
  const levels: string[] = [];
  for (let b = 0; b < p.nBins - 1; b++) if (split.left[b]) levels.push(...p.binLevels[b]);
  return { column: p.name, in: levels, missing: missingLeft ? 'left' : 'right' };
}

/** The first visited column has no predictors: one leaf, the column's own marginal. */
function firstLeaf(target: Prepared, n: number, options: CartOptions): CartLeaf {
  const leaf: CartLeaf = { rows: n, ...(target.spec.missing ? { missing: target.spec.missing } : {}) };
  if (target.rated) {
    const all = new Int32Array(n);
    for (let r = 0; r < n; r++) all[r] = r;
    const { rated, others } = ratedRows(target, all);
    if (rated) leaf.rated = rated;
    if (rated && others.length >= options.minGroupSize) {
      const { values, rest } = atomShares(target, others, options.minGroupSize);
      if (values) leaf.values = values;
      leaf.ranks = rankQuantiles(
        Array.from(rest, (r) => target.u[r]),
        options,
      );
    }
  }
  return leaf;
}

/**
 * A numeric leaf's rows split by rates: the share of its present rows holding each rate (rounded
 * to 4 decimals, undefined when none does) and the present rows holding none, which its ranks
 * describe.
 */
function ratedRows(target: Prepared, rows: Int32Array): { rated?: number[]; others: Int32Array } {
  const counts = new Float64Array(target.rates ?? 0);
  const others: number[] = [];
  let present = 0;
  for (const r of rows) {
    if (target.u[r] !== target.u[r]) continue;
    present++;
    const k = target.rated![r];
    if (k >= 0) counts[k]++;
    else others.push(r);
  }
  const any = counts.some((c) => c > 0);
  return {
    ...(any && present > 0 ? { rated: Array.from(counts, (c) => roundTo(c / present, 4)) } : {}),
    others: Int32Array.from(others),
  };
}

/**
 * A node's class shares (categorical target; missing is the last class) or missing share
 * (numeric target), shrunk toward its parent's by `smoothing` pseudo-rows, recursively up to the
 * root (the column's own shares): p = (counts + a·p_parent) / (n + a). A small leaf is thus pulled
 * toward the group it was cut from, not toward the whole table, and its rarest combinations are
 * not replayed as they were in the training rows.
 */
function shrunkShares(target: Prepared, g: Growing, a: number): Float64Array {
  if (g.shrunk) return g.shrunk;
  const n = g.stats.n;
  const own = target.role === 'categorical' ? g.stats.counts! : Float64Array.of(n - g.stats.present!);
  const out = new Float64Array(own.length);
  if (!g.parent) for (let k = 0; k < own.length; k++) out[k] = n > 0 ? own[k] / n : 0;
  else {
    const prior = shrunkShares(target, g.parent, a);
    for (let k = 0; k < own.length; k++) out[k] = (own[k] + a * prior[k]) / (n + a);
  }
  g.shrunk = out;
  return out;
}

/**
 * Shares (summing to 1) rounded to `digits` decimals so that the rounded ones still sum to 1:
 * each gets the floor of its share in units of 10^-digits, and the units left go to the largest
 * remainders (Hamilton's method). Rounding each share on its own drifted a 189-level leaf's sum
 * to 0.996..1.004, which the blueprint validator warns about.
 */
function roundShares(shares: number[], digits: number): number[] {
  const unit = 10 ** digits;
  const total = shares.reduce((a, b) => a + b, 0);
  const scaled = shares.map((s) => (total > 0 ? (s / total) * unit : 0));
  const units = scaled.map(Math.floor);
  let left = unit - units.reduce((a, b) => a + b, 0);
  const order = scaled.map((_, i) => i).sort((a, b) => scaled[b] - units[b] - (scaled[a] - units[a]) || a - b);
  for (let j = 0; left > 0 && j < order.length; j++, left--) units[order[j]]++;
  return units.map((u) => u / unit);
}

function leafOf(target: Prepared, g: Growing, predictors: Prepared[], options: CartOptions): CartLeaf {
  const rows = g.rows;
  const leaf: CartLeaf = { rows: rows.length };
  // Pseudo-rows per class (a Dirichlet prior centred on the parent): a leaf estimates one share
  // per class, so a column with many levels (taxi zones) needs proportionally more shrinkage.
  const shares = shrunkShares(target, g, options.smoothing * (target.role === 'categorical' ? target.classes + 1 : 2));
  if (target.role === 'categorical') {
    const missing = shares[target.classes];
    if (roundTo(missing, 4) > 0) leaf.missing = roundTo(missing, 4);
    const present = 1 - missing;
    if (present <= 0) return leaf;
    const levels: string[] = [];
    const raw: number[] = [];
    for (let k = 0; k < target.classes; k++) {
      for (const level of target.classLevels[k]) {
        levels.push(level);
        raw.push(shares[k] / present / target.classLevels[k].length);
      }
    }
    const rounded = roundShares(raw, 4);
    const probabilities: Record<string, number> = dict();
    levels.forEach((level, i) => {
      if (rounded[i] > 0) probabilities[level] = rounded[i];
    });
    if (target.classValues) leaf.values = probabilities;
    else leaf.distribution = { kind: 'categorical', probabilities };
    return leaf;
  }
  if (roundTo(shares[0], 4) > 0) leaf.missing = roundTo(shares[0], 4);
  // With rates, the ranks and plane describe the rows holding none (when there are at least minGroupSize).
  let described = rows;
  if (target.rated) {
    const { rated, others } = ratedRows(target, rows);
    if (rated) leaf.rated = rated;
    // Too few rows holding no rate to describe on their own: the leaf's ranks describe all its rows.
    if (rated && others.length >= options.minGroupSize) {
      const { values, rest } = atomShares(target, others, options.minGroupSize);
      if (values) leaf.values = values;
      described = rest;
    }
  }
  const us: number[] = [];
  for (let i = 0; i < described.length; i++) {
    const u = target.u[described[i]];
    if (u === u) us.push(u);
  }
  if (us.length === 0) return leaf;
  leaf.ranks = rankQuantiles(us, options);
  const along = alongOf(target, described, predictors, options);
  if (along) leaf.along = along;
  return leaf;
}

/** Evenly spaced quantiles of `values`, each step holding at least `minGroupSize` of them. */
function rankQuantiles(values: number[], options: CartOptions): number[] {
  const sorted = Float64Array.from(values).sort();
  const steps = Math.max(1, Math.min(options.leafQuantiles, Math.floor(sorted.length / options.minGroupSize)));
  return Array.from({ length: steps + 1 }, (_, i) => roundTo(quantileSorted(sorted, i / steps), 5));
}

/**
 * The numeric predictors a numeric leaf's ranks follow, as a least-squares plane in percentile
 * ranks (u = intercept + Σ slope · the predictor's u) with the quantiles of what it leaves over;
 * undefined when no predictor explains `alongR2` of the variance. Predictors enter one at a time
 * (forward selection), each the one that raises r² most, while it raises it by `alongR2` / 2, up
 * to `alongTerms`. A leaf spans a range of its predictors, and within that range a
 * near-functional relation (diamonds' z given x and y, taxis' fare given distance and duration)
 * is otherwise drawn flat: the detector sees a value that does not fit its row though it fits
 * the leaf. Plane and residual quantiles aggregate the leaf's rows (each residual step holds at
 * least `minGroupSize` of them), like `ranks`.
 */
function alongOf(target: Prepared, rows: Int32Array, predictors: Prepared[], options: CartOptions): CartLeaf['along'] {
  const candidates = predictors.filter((p) => p.kind === 'numeric' && p.u.length > 0);
  let chosen: { terms: Prepared[]; fit: PlaneFit } | undefined;
  while ((chosen?.terms.length ?? 0) < options.alongTerms) {
    let next: { terms: Prepared[]; fit: PlaneFit } | undefined;
    for (const p of candidates) {
      if (chosen?.terms.includes(p)) continue;
      const terms = [...(chosen?.terms ?? []), p];
      const fit = planeFit(target, rows, terms, 2 * options.minGroupSize);
      if (fit && (!next || fit.r2 > next.fit.r2)) next = { terms, fit };
    }
    const need = chosen ? chosen.fit.r2 + options.alongR2 / 2 : options.alongR2;
    if (!next || next.fit.r2 < need) break;
    chosen = next;
  }
  if (!chosen) return undefined;
  const { terms, fit } = chosen;
  const slopes = Array.from(fit.slopes, (b) => roundTo(b, 5));
  const intercept = roundTo(fit.intercept, 5);
  const residuals: number[] = [];
  for (const r of rows) {
    let e = target.u[r] - intercept;
    for (let j = 0; j < terms.length; j++) e -= slopes[j] * terms[j].u[r];
    if (e === e) residuals.push(e);
  }
  return {
    terms: terms.map((p, j) => ({ column: p.name, slope: slopes[j] })),
    intercept,
    residuals: rankQuantiles(residuals, options),
  };
}

interface PlaneFit {
  intercept: number;
  slopes: Float64Array;
  r2: number;
}

/**
 * Least squares of the target's ranks on the predictors' ranks over the rows where all are
 * present (at least `minRows` of them), by the Cholesky factor of the centred cross-products;
 * undefined when the predictors are collinear there or the target is constant.
 */
function planeFit(target: Prepared, rows: Int32Array, terms: Prepared[], minRows: number): PlaneFit | undefined {
  const k = terms.length;
  const mean = new Float64Array(k + 1);
  let n = 0;
  const present = (r: number): boolean => {
    if (target.u[r] !== target.u[r]) return false;
    for (const p of terms) if (p.u[r] !== p.u[r]) return false;
    return true;
  };
  for (const r of rows) {
    if (!present(r)) continue;
    n++;
    for (let j = 0; j < k; j++) mean[j] += terms[j].u[r];
    mean[k] += target.u[r];
  }
  if (n < minRows) return undefined;
  for (let j = 0; j <= k; j++) mean[j] /= n;
  // Cross-products of the centred predictors (k × k), with the target (k) and of the target.
  const xx = new Float64Array(k * k);
  const xy = new Float64Array(k);
  let yy = 0;
  const d = new Float64Array(k);
  for (const r of rows) {
    if (!present(r)) continue;
    for (let j = 0; j < k; j++) d[j] = terms[j].u[r] - mean[j];
    const y = target.u[r] - mean[k];
    for (let i = 0; i < k; i++) {
      xy[i] += d[i] * y;
      for (let j = 0; j <= i; j++) xx[i * k + j] += d[i] * d[j];
    }
    yy += y * y;
  }
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) xx[j * k + i] = xx[i * k + j];
  if (!(yy > 0)) return undefined;
  const l = cholesky(xx, k, 1e-10 * Math.max(1e-300, ...Array.from({ length: k }, (_, i) => xx[i * k + i])));
  if (!l) return undefined;
  // Solve L z = xy, then Lᵀ b = z.
  const z = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let v = xy[i];
    for (let j = 0; j < i; j++) v -= l[i * k + j] * z[j];
    z[i] = v / l[i * k + i];
  }
  const slopes = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let v = z[i];
    for (let j = i + 1; j < k; j++) v -= l[j * k + i] * slopes[j];
    slopes[i] = v / l[i * k + i];
  }
  // Explained sum of squares: bᵀ X'y.
  let explained = 0;
  for (let i = 0; i < k; i++) explained += slopes[i] * xy[i];
  let intercept = mean[k];
  for (let j = 0; j < k; j++) intercept -= slopes[j] * mean[j];
  return { intercept, slopes, r2: explained / yy };
}

/**
 * The best split of a node over all predictors, or undefined when none lowers the impurity by
 * `minGain` (or by `nodeGain` / n of the node's own impurity, for a node of n rows) while leaving
 * `minLeaf` rows on each side (and, for numeric targets, either no present value or at least
 * `minGroupSize` on each side, so every leaf distribution aggregates enough rows).
 */
function bestSplit(
  target: Prepared,
  predictors: Prepared[],
  g: Growing,
  hists: Histogram[],
  options: CartOptions,
  minGain: number,
): Split | undefined {
  const n = g.rows.length;
  if (n < 2 * options.minLeaf) return undefined;
  const parent = splitImpurity(g.stats);
  if (parent <= 0) return undefined;
  let best: Split | undefined;
  // Strong enough for the whole tree (minGain), or for its own node (nodeGain / n of it).
  const least = minGain > 0 && options.nodeGain > 0 ? Math.min(minGain, (parent * options.nodeGain) / n) : minGain;
  for (let i = 0; i < predictors.length; i++) {
    const p = predictors[i];
    const h = hists[i];
    const order = binOrder(target, p, h);
    const found = scan(target, p, h, order, parent, options);
    if (found && found.gain > least && (!best || found.gain > best.gain)) best = found;
  }
  return best;
}

/** Per-bin target statistics of a node for one predictor. */
interface Histogram {
  count: Float64Array;
  /** Categorical target: count per bin and class (bin * width + class). */
  classes?: Float64Array;
  width: number;
  /** Numeric target: present count, sum and sum of squares of u per bin. */
  present?: Float64Array;
  sum?: Float64Array;
  sq?: Float64Array;
}

function histogram(target: Prepared, p: Prepared, rows: Int32Array): Histogram {
  const nb = p.nBins;
  const count = new Float64Array(nb);
  const bins = p.bins;
  if (target.role === 'categorical') {
    const width = (target.splitClasses ?? target.classes) + 1;
    const classes = new Float64Array(nb * width);
    const classOf = target.splitClassOf ?? target.classOf;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const b = bins[r];
      count[b]++;
      classes[b * width + classOf[r]]++;
    }
    return { count, classes, width };
  }
  const present = new Float64Array(nb);
  const sum = new Float64Array(nb);
  const sq = new Float64Array(nb);
  const us = target.u;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const b = bins[r];
    count[b]++;
    const u = us[r];
    if (u !== u) continue;
    present[b]++;
    sum[b] += u;
    sq[b] += u * u;
  }
  return { count, width: 0, present, sum, sq };
}

/**
 * The order in which bins are swept into the left side. Numeric predictors: value bins in order;
 * their missing bin is tried on both sides in `scan`. Categorical predictors: every bin (missing
 * included) sorted by the mean u of a numeric target, or along the first principal component of
 * the class distributions of a categorical one.
 */
function binOrder(target: Prepared, p: Prepared, h: Histogram): number[] {
  const nb = p.nBins;
  if (p.kind === 'numeric') {
    const order: number[] = [];
    for (let b = 0; b < nb - 1; b++) if (h.count[b] > 0) order.push(b);
    return order;
  }
  const used: number[] = [];
  for (let b = 0; b < nb; b++) if (h.count[b] > 0) used.push(b);
  // Two levels (or one) have one split between them whatever their order.
  if (used.length <= 2) return used;
  const score = new Float64Array(nb);
  if (target.role === 'numeric') {
    // Bins with only missing targets sit in the middle; their missingness still counts in `scan`.
    for (const b of used) score[b] = h.present![b] > 0 ? h.sum![b] / h.present![b] : 0.5;
  } else {
    const w = h.width;
    const cls = h.classes!;
    const total = new Float64Array(w);
    let n = 0;
    for (const b of used) {
      n += h.count[b];
      for (let k = 0; k < w; k++) total[k] += cls[b * w + k];
    }
    const mean = new Float64Array(w);
    for (let k = 0; k < w; k++) mean[k] = total[k] / n;
    // Power iteration for the first eigenvector of the count-weighted covariance of the bins'
    // class distributions; start from the class with the largest spread.
    let v = new Float64Array(w);
    let start = 0;
    let spread = -1;
    for (let k = 0; k < w; k++) {
      let s = 0;
      for (const b of used) s += h.count[b] * (cls[b * w + k] / h.count[b] - mean[k]) ** 2;
      if (s > spread) {
        spread = s;
        start = k;
      }
    }
    v[start] = 1;
    // Each used bin's class shares minus the mean, computed once for the iterations.
    const devs = new Float64Array(used.length * w);
    used.forEach((b, i) => {
      for (let k = 0; k < w; k++) devs[i * w + k] = cls[b * w + k] / h.count[b] - mean[k];
    });
    for (let it = 0; it < 12; it++) {
      const next = new Float64Array(w);
      for (let i = 0; i < used.length; i++) {
        const o = i * w;
        let dot = 0;
        for (let k = 0; k < w; k++) dot += devs[o + k] * v[k];
        const f = h.count[used[i]] * dot;
        for (let k = 0; k < w; k++) next[k] += f * devs[o + k];
      }
      let norm = 0;
      for (let k = 0; k < w; k++) norm += next[k] * next[k];
      norm = Math.sqrt(norm);
      if (!(norm > 0)) break;
      for (let k = 0; k < w; k++) next[k] /= norm;
      v = next;
    }
    used.forEach((b, i) => {
      let dot = 0;
      for (let k = 0; k < w; k++) dot += devs[i * w + k] * v[k];
      score[b] = dot;
    });
  }
  return used.sort((a, b) => score[a] - score[b] || a - b);
}

/** Sweep bins left in `order`; return the best admissible split. */
function scan(
  target: Prepared,
  p: Prepared,
  h: Histogram,
  order: number[],
  parent: number,
  options: CartOptions,
): Split | undefined {
  const nb = p.nBins;
  const missingBin = nb - 1;
  const numericPredictor = p.kind === 'numeric';
  const hasMissing = numericPredictor && h.count[missingBin] > 0;
  const total = acc(target, h);
  for (let b = 0; b < nb; b++) add(total, h, b, 1);
  const left = acc(target, h);
  let bestGain = -Infinity;
  let bestCut = -1;
  let bestMissingLeft = false;
  const tryCut = (cut: number, missingLeft: boolean): void => {
    const l = missingLeft ? withBin(left, h, missingBin) : left;
    const nl = l.n;
    const nr = total.n - nl;
    if (nl < options.minLeaf || nr < options.minLeaf) return;
    if (target.role === 'numeric') {
      const pl = l.present!;
      const pr = total.present! - pl;
      if ((pl > 0 && pl < options.minGroupSize) || (pr > 0 && pr < options.minGroupSize)) return;
    }
    const gain = parent - impurityOf(l) - impurityOfRest(total, l);
    if (gain > bestGain) {
      bestGain = gain;
      bestCut = cut;
      bestMissingLeft = missingLeft;
    }
  };
  const last = numericPredictor ? order.length : order.length - 1;
  for (let i = 0; i < last; i++) {
    add(left, h, order[i], 1);
    // For a numeric predictor, all present bins left and missing right is a split on missingness.
    if (numericPredictor) {
      if (i < order.length - 1 || hasMissing) tryCut(i, false);
      if (hasMissing) tryCut(i, true);
    } else tryCut(i, false);
  }
  if (bestCut < 0) return undefined;
  const mask = new Uint8Array(nb);
  for (let i = 0; i <= bestCut; i++) mask[order[i]] = 1;
  if (numericPredictor && bestMissingLeft) mask[missingBin] = 1;
  const missingOnly = numericPredictor && bestCut === order.length - 1;
  return { gain: bestGain, predictor: p, left: mask, missingOnly };
}

/** The histogram of a node's rows minus those of some of them (parent minus child). */
function minus(a: Histogram, b: Histogram): Histogram {
  const sub = (x: Float64Array, y: Float64Array): Float64Array => {
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = x[i] - y[i];
    return out;
  };
  return a.classes
    ? { count: sub(a.count, b.count), classes: sub(a.classes, b.classes!), width: a.width }
    : {
        count: sub(a.count, b.count),
        width: 0,
        present: sub(a.present!, b.present!),
        sum: sub(a.sum!, b.sum!),
        sq: sub(a.sq!, b.sq!),
      };
}

function acc(target: Prepared, h: Histogram): Stats {
  return target.role === 'categorical'
    ? { n: 0, counts: new Float64Array(h.width) }
    : { n: 0, present: 0, sum: 0, sq: 0 };
}

function add(s: Stats, h: Histogram, b: number, sign: number): void {
  s.n += sign * h.count[b];
  if (s.counts) {
    const w = h.width;
    for (let k = 0; k < w; k++) s.counts[k] += sign * h.classes![b * w + k];
  } else {
    s.present! += sign * h.present![b];
    s.sum! += sign * h.sum![b];
    s.sq! += sign * h.sq![b];
  }
}

function withBin(s: Stats, h: Histogram, b: number): Stats {
  const out: Stats = s.counts ? { n: s.n, counts: Float64Array.from(s.counts) } : { ...s };
  add(out, h, b, 1);
  return out;
}

/** The impurity of the rows of `total` not in `part`, without making their stats (scan asks it per cut). */
function impurityOfRest(total: Stats, part: Stats): number {
  const n = total.n - part.n;
  if (total.counts) {
    const t = total.counts;
    const q = part.counts!;
    let sq = 0;
    for (let k = 0; k < t.length; k++) {
      const c = t[k] - q[k];
      sq += c * c;
    }
    return n > 0 ? n - sq / n : 0;
  }
  const present = total.present! - part.present!;
  const sum = total.sum! - part.sum!;
  const value = present > 0 ? total.sq! - part.sq! - (sum * sum) / present : 0;
  return value + (n > 0 ? ((n - present) * present) / n : 0);
}
