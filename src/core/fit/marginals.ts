import type { ColumnSpec, DatetimeResolution, Distribution, SequenceDistribution } from '../blueprint/types';
import { RESOLUTION_MS } from '../blueprint/types';
import type { InferredColumn } from '../csv/infer';
import { formatDatetime, isMidnight } from '../csv/datetime';
import type { Problem } from '../errors';
import type { CategoricalColumn, Column, Table } from '../table';
import { quantileSorted } from '../stats/quantile';
import { sortedPresent } from '../stats/sort';
import { dict } from '../util/dict';
import { roundTo } from '../util/round';

export interface MarginalOptions {
  /** Each stored quantile step and category aggregates at least this many rows. */
  minGroupSize: number;
  /** Upper bound on stored quantiles per numeric column. */
  maxQuantiles: number;
  /**
   * Model frequent values exactly (`marginalPoints`). Fitted for `cart`; the copula keeps plain
   * quantiles, which its k-means segments and Gaussian scores were tuned on (with atoms, penguins'
   * segments stop separating the species).
   */
  atoms?: boolean;
  /**
   * The share of the source's rows the described rows are (the training rows, or a streamed
   * input's sample of them; default 1): a counter is spaced as over the whole source.
   */
  rowShare?: number;
}

/**
 * The share of a datetime column's values at midnight, when midnight is an atom of its time of
 * day: held by at least minGroupSize values and by more than twice the share its resolution gives
 * it by chance, plus 2% (a trial's sample times on a schedule, 33% at 00:00:00; dates written
 * alone beside date-times). Undefined otherwise, and for whole days.
 */
function midnightShare(sorted: Float64Array, resolution: DatetimeResolution, minGroupSize: number): number | undefined {
  if (resolution === 'day') return undefined;
  let at = 0;
  for (const v of sorted) if (isMidnight(v)) at++;
  const share = at / sorted.length;
  const chance = RESOLUTION_MS[resolution] / RESOLUTION_MS.day;
  return at >= minGroupSize && share > 2 * chance + 0.02 ? roundTo(share, 4) : undefined;
}

/**
 * Describe one column of the training table as a blueprint column: type, format, bounds,
 * missing rate and marginal distribution. Numbers and datetimes keep evenly spaced quantiles
 * (at most one per `minGroupSize` values, so no stored number is a single row's); categories keep
 * their probabilities; identifiers and free text keep only their shapes.
 */
export function describeColumn(
  col: Column,
  inferred: InferredColumn,
  options: MarginalOptions,
  warnings?: Problem[],
): ColumnSpec {
  const n = col.storage === 'categorical' ? col.codes.length : col.values.length;
  const spec: ColumnSpec = { name: col.name, type: inferred.type };
  if (inferred.format) spec.format = inferred.format;
  if (inferred.midnightFormat) spec.midnightFormat = inferred.midnightFormat;
  if (inferred.decimals !== undefined && col.type === 'number') spec.decimals = inferred.decimals;
  switch (col.storage) {
    case 'numeric': {
      const sorted = sortedPresent(col.values);
      setMissing(spec, n - sorted.length, n);
      if (sorted.length === 0) return spec;
      if (sorted.length < options.minGroupSize)
        return tooFewValues(spec, sorted.length, options.minGroupSize, warnings);
      const isDate = col.type === 'datetime';
      let resolution: DatetimeResolution | undefined;
      if (isDate) {
        resolution = detectResolution(sorted);
        spec.resolution = resolution;
        const midnight = midnightShare(sorted, resolution, options.minGroupSize);
        if (midnight !== undefined) spec.midnight = midnight;
      }
      const write = (v: number): number | string =>
        isDate ? formatDatetime(v, spec.format ?? 'YYYY-MM-DD HH:mm:ss') : tidy(v, spec);
      spec.min = write(sorted[0]);
      spec.max = write(sorted[sorted.length - 1]);
      const points = options.atoms
        ? marginalPoints(sorted, options.minGroupSize, options.maxQuantiles)
        : gridPoints(sorted, options.minGroupSize, options.maxQuantiles);
      spec.distribution = {
        kind: 'empirical',
        quantiles: points.values.map(write),
        ...(points.probabilities ? { probabilities: points.probabilities.map((p) => roundTo(p, 8)) } : {}),
      };
      return spec;
    }
    case 'categorical': {
      const counts = levelCounts(col.codes, col.levels.length);
      let present = 0;
      for (const c of counts) present += c;
      setMissing(spec, n - present, n);
      if (present === 0) return spec;
      if (present < options.minGroupSize) return tooFewValues(spec, present, options.minGroupSize, warnings);
      const pool = rareLevels(counts, options.minGroupSize);
      spec.distribution = {
        kind: 'categorical',
        probabilities: levelProbabilities(col.levels, counts, pool, options.minGroupSize),
      } satisfies Distribution;
      return spec;
    }
    case 'text': {
      let present = 0;
      for (const v of col.values) if (v !== null) present++;
      setMissing(spec, n - present, n);
      if (inferred.unique) spec.unique = true;
      spec.distribution =
        describeSequence(col.values, options.rowShare, options.minGroupSize) ??
        describeShapes(col.values, options.minGroupSize);
      if (spec.distribution.kind === 'sequence' && spec.distribution.shuffle !== undefined)
        warnings?.push({
          severity: 'info',
          code: 'fit/shuffled-ids',
          message: `Column "${col.name}" numbers the rows in no order (its values do not rise with the rows): it is generated as identifiers over its span, each once, in a random order (distribution.shuffle), not counting up with the rows.`,
          hint: 'Remove "shuffle" from its distribution to make the identifiers count up with the rows.',
        });
      return spec;
    }
  }
}

/**
 * The rare-level policy for names: in a category column, the levels seen in fewer than
 * `minGroupSize` rows of the training table are merged into one generated level ("other", or
 * "(other)" when "other" is a real level) before anything is fitted, so that no part of the
 * blueprint (marginals, copula segments, tree leaves, mappings) stores a rare value by name. A
 * real record's unusual value (a person's name seen once) never reaches the blueprint; the pooled
 * rows are generated under the generated label. In a column of number codes each rare level goes
 * to the nearest common one instead (`nearestKept`). Booleans are left alone.
 */
export function poolRareLevels(
  table: Table,
  minGroupSize: number,
  warnings?: Problem[],
  /** Whether a pool of many rare values may get fresh values (not for a model that copies rows). */
  allowFresh = true,
): { table: Table; rareLevels: Map<string, string> } {
  let changed = false;
  const rareLevels = new Map<string, string>();
  const columns = table.columns.map((col): Column => {
    if (col.storage !== 'categorical' || col.type !== 'category') return col;
    const counts = levelCounts(col.codes, col.levels.length);
    let rareRows = 0;
    let rare = 0;
    let unseen = 0;
    for (let i = 0; i < counts.length; i++) {
      if (counts[i] === 0) unseen++;
      else if (counts[i] < minGroupSize) {
        rare++;
        rareRows += counts[i];
      }
    }
    if (rare === 0 && unseen === 0) return col;
    changed = true;
    const label = pooledLabel(col.levels);
    const levels: string[] = [];
    const recode = new Int32Array(col.levels.length).fill(-1);
    for (let i = 0; i < counts.length; i++)
      if (counts[i] >= minGroupSize) {
        recode[i] = levels.length;
        levels.push(col.levels[i]);
      }
    const nearest = rare > 0 ? nearestKept(col.levels, counts, minGroupSize) : undefined;
    if (nearest) {
      for (let i = 0; i < counts.length; i++)
        if (counts[i] > 0 && counts[i] < minGroupSize) recode[i] = recode[nearest[i]];
      warnings?.push({
        severity: 'info',
        code: 'fit/rare-levels',
        message: `Column "${col.name}": ${rare} value${rare === 1 ? '' : 's'} seen fewer than ${minGroupSize} times (${rareRows} row${rareRows === 1 ? '' : 's'}) ${rare === 1 ? 'is' : 'are'} generated as the nearest value seen at least ${minGroupSize} times, so that the blueprint names no rare value.`,
        hint: 'Lower privacy.minGroupSize only if the data is not sensitive.',
      });
    } else if (rare > 0) {
      const pooled = levels.length;
      levels.push(label);
      for (let i = 0; i < counts.length; i++) if (counts[i] > 0 && counts[i] < minGroupSize) recode[i] = pooled;
      // Many rare values (names, lists, codes): generated as fresh values, not as the one label.
      const fresh = allowFresh && rare >= FRESH_RARE_VALUES && levels.length > 1;
      if (fresh) rareLevels.set(col.name, label);
      warnings?.push({
        severity: 'info',
        code: 'fit/rare-levels',
        message: `Column "${col.name}": ${rare} value${rare === 1 ? '' : 's'} seen fewer than ${minGroupSize} times (${rareRows} row${rareRows === 1 ? '' : 's'}) ${rare === 1 ? 'is' : 'are'} ${fresh ? `generated as fresh values made like the column's other values (level "${label}", rareLevel)` : `generated as "${label}"`}, so that the blueprint names no rare value.`,
        hint: 'Lower privacy.minGroupSize only if the data is not sensitive.',
      });
    }
    const codes = new Int32Array(col.codes.length);
    for (let r = 0; r < codes.length; r++) codes[r] = col.codes[r] < 0 ? -1 : recode[col.codes[r]];
    return { ...col, codes, levels } satisfies CategoricalColumn;
  });
  return { table: changed ? { rowCount: table.rowCount, columns } : table, rareLevels };
}

/**
 * Least number of distinct rare values pooled for their rows to get fresh values (`rareLevel`,
 * generate/rareValues.ts): the source's rare rows are then many distinct values (pet names,
 * lists of countries, offence codes), which one label the source never has gives away
 * (openintro's seattlepets, detect.py 0.61 -> 0.95 in a trial). A few rare levels of a short list
 * (adult's `workclass`: Never-worked, Without-pay) stay one label: an invented kind of
 * employment would read as a wrong value.
 */
export const FRESH_RARE_VALUES = 10;

/**
 * A column of number codes (every level a number: SDV's rule makes whole numbers of at most 10
 * values a category, titanic's sibsp, digits' pixels) pools each rare level into the nearest
 * level seen at least `minGroupSize` times (the lower one on a tie), not into "other": a word in
 * a column of numbers is a value the column never has, and a reader of the synthetic file
 * (pandas) would read the whole column as text. Undefined when a level is not a number or no
 * level is common enough.
 */
function nearestKept(levels: readonly string[], counts: Float64Array, minGroupSize: number): Int32Array | undefined {
  const values = levels.map(codeValue);
  if (values.some((v) => !Number.isFinite(v))) return undefined;
  const kept = values.map((_, i) => i).filter((i) => counts[i] >= minGroupSize);
  if (kept.length === 0) return undefined;
  const keptValues = kept.map((i) => values[i]);
  return Int32Array.from(values, (v) => kept[nearest(keptValues, v)]);
}

/** A category level as a number code (NaN when it is not a number). */
export function codeValue(level: string): number {
  return level.trim() === '' ? NaN : Number(level);
}

/** Index of the point nearest v (the lower one on a tie). */
export function nearest(points: readonly number[], v: number): number {
  let best = 0;
  for (let k = 1; k < points.length; k++) {
    const d = Math.abs(points[k] - v);
    const bd = Math.abs(points[best] - v);
    if (d < bd || (d === bd && points[k] < points[best])) best = k;
  }
  return best;
}

/** A label for pooled rare levels that is not one of the real levels. */
export function pooledLabel(levels: readonly string[]): string {
  const taken = new Set(levels);
  if (!taken.has('other')) return 'other';
  for (let i = 1; ; i++) {
    const label = i === 1 ? '(other)' : `(other ${i})`;
    if (!taken.has(label)) return label;
  }
}

export function levelCounts(codes: Int32Array, levels: number): Float64Array {
  const counts = new Float64Array(levels);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c >= 0) counts[c]++;
  }
  return counts;
}

/**
 * The rare-level policy. Levels seen in fewer than `minGroupSize` rows form one pool: the pool's
 * share of rows is split equally among its levels, so no stored probability tells how often a
 * single rare level occurred, and conditional models (segments, tree leaves) treat the pool as
 * one group. The level names are kept, so the source's category set is respected. Returns the
 * pooled level codes (empty when fewer than two levels are rare: a pool of one hides nothing,
 * and its count is protected by the floor in `levelProbabilities` instead).
 */
export function rareLevels(counts: ArrayLike<number>, minGroupSize: number): Set<number> {
  const rare = new Set<number>();
  for (let i = 0; i < counts.length; i++) if (counts[i] > 0 && counts[i] < minGroupSize) rare.add(i);
  return rare.size >= 2 ? rare : new Set();
}

/**
 * Probabilities of the present levels, in level order, with `pool` sharing its total equally.
 * With `floor` set (the whole-column marginal), a pool or a lone level holding fewer than `floor`
 * rows is counted as `floor` rows, so no probability reveals a group of fewer than
 * `minGroupSize` rows; the distortion is at most `floor / rows` per level.
 */
export function levelProbabilities(
  levels: string[],
  counts: ArrayLike<number>,
  pool: Set<number>,
  floor = 0,
): Record<string, number> {
  let pooled = 0;
  for (const i of pool) pooled += counts[i];
  const weight = (i: number): number => {
    if (pool.has(i)) return Math.max(pooled, floor) / pool.size;
    return counts[i] > 0 ? Math.max(counts[i], floor) : 0;
  };
  let total = 0;
  for (let i = 0; i < levels.length; i++) total += weight(i);
  const probabilities: Record<string, number> = dict();
  for (let i = 0; i < levels.length; i++) {
    const w = weight(i);
    if (w > 0 || (pool.has(i) && pooled > 0)) probabilities[levels[i]] = roundTo(w / total, 6);
  }
  return probabilities;
}

/**
 * A column with a handful of values cannot be described without revealing them (its quantiles or
 * levels would be single rows' values): it is generated empty, and the user is told.
 */
function tooFewValues(spec: ColumnSpec, present: number, minGroupSize: number, warnings?: Problem[]): ColumnSpec {
  warnings?.push({
    severity: 'warning',
    code: 'fit/too-few-values',
    message: `Column "${spec.name}" has only ${present} value${present === 1 ? '' : 's'} in the rows fitted on, fewer than privacy.minGroupSize (${minGroupSize}); it is generated empty so that no single row's value is stored.`,
    hint: 'Fill in more values, or lower privacy.minGroupSize if this data is not sensitive.',
  });
  delete spec.min;
  delete spec.max;
  delete spec.decimals;
  spec.missing = 1;
  return spec;
}

function setMissing(spec: ColumnSpec, missing: number, n: number): void {
  if (missing > 0 && n > 0) spec.missing = roundTo(missing / n, 6);
}

/**
 * The points (probability, value) of a numeric column's quantile function, as the blueprint stores
 * them. Atoms are modelled exactly: a value held by at least `max(minGroupSize, n / 2000)` rows
 * (capital-gain = 0 in 92% of adult's rows, hours-per-week = 40) gets two points, (F(v−), v) and
 * (F(v), v), so generation draws it with its own probability and never interpolates across the
 * step from it to its neighbours (which would invent values the column never has). Between two
 * atoms, a run of at least `minGroupSize` other values keeps its own quantiles (`quantileGrid`,
 * its share of `maxQuantiles` steps), starting and ending with jumps; a shorter run is generated
 * as the next atom, so every step of rising probability holds at least `minGroupSize` rows. At
 * most `MAX_ATOMS` atoms (the most frequent). Without atoms the result is the plain grid
 * (`probabilities` undefined when evenly spaced).
 */
export function marginalPoints(
  sorted: Float64Array,
  minGroupSize: number,
  maxQuantiles: number,
): { values: number[]; probabilities?: number[] } {
  const n = sorted.length;
  const atomRows = Math.max(minGroupSize, Math.ceil(n / 2000));
  let atoms: { start: number; end: number; value: number }[] = [];
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    if (j - i >= atomRows) atoms.push({ start: i, end: j, value: sorted[i] });
    i = j;
  }
  if (atoms.length > MAX_ATOMS) {
    atoms = atoms
      .sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)
      .slice(0, MAX_ATOMS)
      .sort((a, b) => a.start - b.start);
  }
  if (atoms.length === 0) return gridPoints(sorted, minGroupSize, maxQuantiles);
  const probabilities: number[] = [];
  const values: number[] = [];
  const push = (p: number, v: number): void => {
    const last = probabilities.length - 1;
    if (last >= 0 && probabilities[last] === p && values[last] === v) return;
    probabilities.push(p);
    values.push(v);
  };
  // A run of non-atom values [a, b) keeps its own quantiles; a run of fewer than minGroupSize
  // rows joins the next atom (or the last one), so every rising step holds a group of rows.
  for (let i = 0; i < atoms.length; i++) {
    const before = i === 0 ? 0 : atoms[i - 1].end;
    if (atoms[i].start - before < minGroupSize) atoms[i].start = before;
  }
  const last = atoms[atoms.length - 1];
  if (n - last.end < minGroupSize) last.end = n;
  const run = (a: number, b: number): void => {
    const len = b - a;
    if (len === 0) return;
    const part = sorted.subarray(a, b);
    const steps = Math.max(1, Math.round((maxQuantiles * len) / n));
    const grid = quantileGrid(len, minGroupSize, steps);
    for (const g of grid.probabilities) push((a + g * len) / n, quantileSorted(part, g));
  };
  push(0, sorted[0]);
  let from = 0;
  for (const atom of atoms) {
    run(from, atom.start);
    push(atom.start / n, atom.value);
    push(atom.end / n, atom.value);
    from = atom.end;
  }
  run(from, n);
  push(1, sorted[n - 1]);
  return { values, probabilities };
}

/** Quantiles on `quantileGrid` (`probabilities` undefined when evenly spaced). */
function gridPoints(
  sorted: Float64Array,
  minGroupSize: number,
  maxQuantiles: number,
): { values: number[]; probabilities?: number[] } {
  const grid = quantileGrid(sorted.length, minGroupSize, maxQuantiles);
  return {
    values: grid.probabilities.map((p) => quantileSorted(sorted, p)),
    ...(grid.even ? {} : { probabilities: grid.probabilities }),
  };
}

/** Atoms kept per column (two points each), the most frequent first. */
const MAX_ATOMS = 256;

/**
 * Probabilities at which a column of `n` values keeps its quantiles. Every step spans at least
 * `minGroupSize` values. Small columns get evenly spaced steps of about `minGroupSize` values.
 * Large ones get `maxSteps` even steps in the middle, and tails refined geometrically down to a
 * step of `minGroupSize` values at each end: the last even step of a large table spans hundreds
 * of rows, and interpolating across it would spread a few outliers (diamonds' y = 58.9 among
 * values below 11) over half a percent of the synthetic rows, which wrecks Pearson correlations.
 */
export function quantileGrid(
  n: number,
  minGroupSize: number,
  maxSteps: number,
): { probabilities: number[]; even: boolean } {
  const steps = Math.max(1, Math.min(maxSteps, Math.floor(n / Math.max(1, minGroupSize))));
  const even = Array.from({ length: steps + 1 }, (_, i) => i / steps);
  const tail = minGroupSize / n;
  if (steps < maxSteps || tail * 2 >= 1 / steps) return { probabilities: even, even: true };
  const low: number[] = [];
  for (let p = tail; p < 0.5 / steps; p *= 2) low.push(p);
  const probabilities = [0, ...low, ...even.slice(1, -1), ...low.map((p) => 1 - p).reverse(), 1];
  return { probabilities, even: false };
}

function tidy(v: number, spec: ColumnSpec): number {
  if (spec.type === 'integer') return Math.round(v);
  // Quantiles may fall between values: keep two more digits than the data has.
  return spec.decimals !== undefined ? roundTo(v, Math.min(15, spec.decimals + 2)) : v;
}

function detectResolution(sorted: Float64Array): DatetimeResolution {
  const units: DatetimeResolution[] = ['day', 'hour', 'minute', 'second'];
  for (const unit of units) {
    const step = RESOLUTION_MS[unit];
    let ok = true;
    for (let i = 0; i < sorted.length; i += Math.max(1, Math.floor(sorted.length / 5000))) {
      if (sorted[i] % step !== 0) {
        ok = false;
        break;
      }
    }
    if (ok) return unit;
  }
  return 'millisecond';
}

/**
 * Integer identifiers become a counter with the source's typical step: the span of its values over
 * the rows of the whole source (`share` of which these are), at least 1, to four decimals. A
 * source whose identifiers skip numbers (a filtered export: 32,561 rows numbered up to 55,000)
 * gets a fractional step, so its synthetic identifiers span its range (generated whole: see
 * `sequenceValue`); with a whole step of 2 they ran to 65,121, past every real one, and detect.py
 * scored adult with such an identifier 0.78, against 0.93 with the source's spacing.
 */
function describeSequence(values: (string | null)[], share = 1, minGroupSize = 5): Distribution | undefined {
  let min = Infinity;
  let max = -Infinity;
  let count = 0;
  // Sums for the correlation of the values with their place among the present ones.
  let sx = 0;
  let sxx = 0;
  let sxi = 0;
  let first = NaN;
  for (const v of values) {
    if (v === null) continue;
    if (!/^\s*-?\d+\s*$/.test(v)) return undefined;
    const value = Number(v);
    min = Math.min(min, value);
    max = Math.max(max, value);
    // Measured from the first value, so that large identifiers keep their spread's digits.
    if (first !== first) first = value;
    const x = value - first;
    sx += x;
    sxx += x * x;
    sxi += x * count;
    count++;
  }
  if (count === 0) return undefined;
  const rows = count / Math.min(1, Math.max(share, 1e-9));
  const step = rows > 1 ? Math.max(1, Math.round(((max - min) / (rows - 1)) * 1e4) / 1e4) : 1;
  const r = count < 3 ? 1 : rowOrder(count, sx, sxx, sxi);
  // Newest first (an export sorted by id, descending): a counter down from the largest.
  if (r <= -IN_ORDER) return { kind: 'sequence', start: max, step: -step };
  const sequence: SequenceDistribution = { kind: 'sequence', start: min, step };
  if (r >= IN_ORDER) return sequence;
  const shuffled: SequenceDistribution = { ...sequence, shuffle: Math.round(rows) };
  // Identifiers without gaps (step 1) are spread evenly already.
  const quantiles = step > 1 ? idQuantiles(values, minGroupSize, min, max) : undefined;
  return quantiles ? { ...shuffled, quantiles } : shuffled;
}

/** Most steps of a shuffled sequence's `quantiles`. */
const ID_QUANTILE_STEPS = 64;

/**
 * Evenly spaced order statistics of identifiers (the smallest first, the largest last), each step
 * spanning at least `minGroupSize` of them, for a shuffled sequence to spread its values as the
 * source's are (generate/uniqueIds.ts). Undefined with fewer than two steps, or identifiers past
 * 2^36 (where the generator's arithmetic could no longer keep them apart).
 */
function idQuantiles(values: (string | null)[], minGroupSize: number, min: number, max: number): number[] | undefined {
  if (!(Math.max(Math.abs(min), Math.abs(max)) < 2 ** 36)) return undefined;
  const sorted = Float64Array.from(
    values.filter((v): v is string => v !== null),
    Number,
  ).sort();
  const steps = Math.min(ID_QUANTILE_STEPS, Math.floor(sorted.length / Math.max(1, minGroupSize)));
  if (steps < 2) return undefined;
  return Array.from({ length: steps + 1 }, (_, j) => sorted[Math.round((j * (sorted.length - 1)) / steps)]);
}

/** Least correlation (in size) of identifiers with their row's place for them to count with the rows. */
export const IN_ORDER = 0.9;

/**
 * Pearson's r of identifiers (sums `sx`, `sxx` and `sxi` of x, x² and x times its place 0..n-1)
 * with their place; 1 for identifiers that are all equal. At least `IN_ORDER` they count up with
 * the rows, at most -`IN_ORDER` down; in between they are shuffled
 * (`SequenceDistribution.shuffle`): wooldridge's elem94_95, sorted by district, numbers its
 * schools in no order beside R's row numbers, and a counter beside the row numbers gave every
 * synthetic row away (detect.py 0.07; 0.83 shuffled).
 */
function rowOrder(n: number, sx: number, sxx: number, sxi: number): number {
  const mi = (n - 1) / 2;
  const vi = (n * n - 1) / 12;
  const mx = sx / n;
  const vx = sxx / n - mx * mx;
  if (!(vx > 0)) return 1;
  return (sxi / n - mx * mi) / Math.sqrt(vx * vi);
}

/** Character classes of a string: `A` upper-case letter, `a` lower-case, `9` digit, others kept. */
export function shapeOf(text: string): string {
  let s = '';
  for (const ch of text) {
    if (ch >= '0' && ch <= '9') s += '9';
    else if (ch.toLowerCase() !== ch.toUpperCase()) s += ch === ch.toUpperCase() ? 'A' : 'a';
    else s += ch;
  }
  return s;
}

/**
 * Shapes of the values (never the values): the most common shapes that occur at least
 * `minGroupSize` times, and for the rest, shapes made of the rest's typical length. A prefix every
 * value shares (like `CUST-`) is kept literally.
 */
export function describeShapes(values: (string | null)[], minGroupSize: number): Distribution {
  const present = values.filter((v): v is string => v !== null);
  let prefix = present[0] ?? '';
  for (const v of present) {
    let i = 0;
    while (i < prefix.length && i < v.length && prefix[i] === v[i]) i++;
    prefix = prefix.slice(0, i);
    if (!prefix) break;
  }
  // A shared prefix must not swallow the variable part, nor be a single row's text.
  if (present.length < minGroupSize) prefix = '';
  prefix = prefix.replace(/[0-9A-Za-z]+$/, (m) => (/^[0-9]+$/.test(m) ? '' : m));
  const counts = new Map<string, number>();
  for (const v of present) {
    const shape = shapeOf(v.slice(prefix.length));
    counts.set(shape, (counts.get(shape) ?? 0) + 1);
  }
  const shapes: { shape: string; weight: number }[] = [];
  const rare = new Map<string, number>();
  for (const [shape, count] of counts) {
    if (count >= minGroupSize && shapes.length < 50) shapes.push({ shape, weight: count });
    else rare.set(shape, count);
  }
  // Rare shapes that share a skeleton (emails: a.a@a.a) keep it, with each run's mean length.
  const { kept, rest, restLength } = skeletonShapes(rare, minGroupSize, 50 - shapes.length);
  shapes.push(...kept);
  if (rest > 0) {
    // Rare shapes could identify a row: replace them by a generic word-like shape of the mean length.
    const len = Math.max(1, Math.round(restLength / rest));
    shapes.push({ shape: genericShape(len), weight: rest });
  }
  const total = present.length || 1;
  shapes.sort((a, b) => b.weight - a.weight || (a.shape < b.shape ? -1 : 1));
  return {
    kind: 'shape',
    ...(prefix ? { prefix } : {}),
    shapes: shapes.map((s) => ({ shape: s.shape, weight: roundTo(s.weight / total, 6) })),
  };
}

/** `aaaa.aaaaa@aaaaa.aaa` -> runs [a 4][. 1][a 5][@ 1][a 5][. 1][a 3]; `Aaaa` is one run of A then a. */
function runsOf(shape: string): { ch: string; n: number }[] {
  const runs: { ch: string; n: number }[] = [];
  for (const ch of shape) {
    const last = runs[runs.length - 1];
    if (last && last.ch === ch) last.n++;
    else runs.push({ ch, n: 1 });
  }
  return runs;
}

/**
 * Rare shapes grouped by skeleton (their runs of letters, digits and literal characters, whatever
 * the run lengths): a group of at least `minGroupSize` values becomes one shape with each run's
 * mean length, so emails or codes too varied for any one shape to be common keep their format.
 * What no group covers is returned as `rest` (and its total length) for the generic shape.
 */
function skeletonShapes(
  rare: Map<string, number>,
  minGroupSize: number,
  room: number,
): { kept: { shape: string; weight: number }[]; rest: number; restLength: number } {
  const groups = new Map<string, { count: number; lengths: number[] }>();
  for (const [shape, count] of rare) {
    const runs = runsOf(shape);
    const key = runs.map((r) => r.ch).join('');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { count: 0, lengths: new Array<number>(runs.length).fill(0) }));
    g.count += count;
    runs.forEach((r, i) => (g.lengths[i] += r.n * count));
  }
  const kept: { shape: string; weight: number }[] = [];
  let rest = 0;
  let restLength = 0;
  for (const [key, g] of groups) {
    if (g.count >= minGroupSize && kept.length < room) {
      const shape = [...key].map((ch, i) => ch.repeat(Math.max(1, Math.round(g.lengths[i] / g.count)))).join('');
      kept.push({ shape, weight: g.count });
    } else {
      rest += g.count;
      restLength += g.lengths.reduce((a, b) => a + b, 0);
    }
  }
  return { kept, rest, restLength };
}

function genericShape(length: number): string {
  let s = 'A';
  for (let i = 1; i < length; i++) s += i % 7 === 6 ? ' ' : 'a';
  return s.trimEnd();
}
