import type { ColumnSpec, Distribution } from '../blueprint/types';
import { isCounter, RESOLUTION_MS } from '../blueprint/types';
import { parseDatetime } from '../csv/datetime';
import type { Rng } from '../random';
import { normalCdf, normalQuantile } from '../stats/normal';
import { betaQuantile, poissonInverse } from '../stats/special';
import type { Column } from '../table';
import { storageOf } from '../table';

/** Turns a uniform draw u in (0, 1) into a value of the column (numeric storage). */
export type NumericInverse = (u: number) => number;

/**
 * A uniform in (0, 1) from one 32-bit draw: for positions inside a stratum or a tie, where 2^-32
 * resolution is plenty and the second 32-bit draw of `Rng.next` would be wasted work.
 */
export function jitter(rng: Rng): number {
  return (rng.nextUint32() + 0.5) / 4294967296;
}

/**
 * The first index whose cumulative weight exceeds x (the last index when none does): the draw
 * of a discrete distribution at x, cumulative weights ascending.
 */
export function firstAbove(cumulative: Float64Array, x: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < cumulative[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Parse a bound or quantile written in the blueprint: datetimes in the column's format. */
export function readValue(spec: ColumnSpec, v: number | string | undefined): number {
  if (v === undefined) return NaN;
  if (typeof v === 'number') return v;
  if (spec.type === 'datetime') {
    const t = parseDatetime(v, spec.format ?? 'YYYY-MM-DD HH:mm:ss');
    return Number.isNaN(t) ? Date.parse(v) : t;
  }
  return Number(v);
}

/**
 * Inverse CDF of a numeric column, followed by the column's rounding (decimals, integers,
 * datetime resolution) and clamping to [min, max].
 */
export function numericInverse(spec: ColumnSpec): NumericInverse {
  const raw = rawInverse(spec, spec.distribution, readValue(spec, spec.min), readValue(spec, spec.max));
  const written = writtenAs(spec);
  return (u) => written(raw(u));
}

/** A value as the column writes it: rounded (decimals, integers, datetime resolution), within [min, max]. */
function writtenAs(spec: ColumnSpec): (x: number) => number {
  const min = readValue(spec, spec.min);
  const max = readValue(spec, spec.max);
  const round = rounder(spec);
  const lo = Number.isNaN(min) ? -Infinity : min;
  const hi = Number.isNaN(max) ? Infinity : max;
  return (x) => {
    const v = round(x);
    return v < lo ? lo : v > hi ? hi : v;
  };
}

/** `numericInverse` read at ascending percentiles `u[0..n-1]`, into `out[0..n-1]`. */
export type AscendingInverse = (u: Float64Array, n: number, out: Float64Array) => void;

/**
 * `numericInverse` for percentiles given in ascending order (a block's calibration reads 4,096 at
 * a time): an empirical distribution is read by one walk along its quantile points instead of a
 * search per value, with the same segments and arithmetic, so the same numbers.
 */
export function ascendingInverse(spec: ColumnSpec): AscendingInverse {
  const inverse = numericInverse(spec);
  const points = parametricInverse(spec, spec.distribution) ? undefined : quantilePoints(spec, spec.distribution);
  if (!points || points.q.length < 2)
    return (u, n, out) => {
      for (let i = 0; i < n; i++) out[i] = inverse(u[i]);
    };
  const { p, q } = points;
  const k = p.length - 1;
  const written = writtenAs(spec);
  return (u, n, out) => {
    // As piecewiseLinear's search: the last point before the last whose probability is <= u
    // (a step back for a percentile a little below the one before it).
    let a = 0;
    for (let i = 0; i < n; i++) {
      const x = u[i];
      while (a > 0 && p[a] > x) a--;
      while (a + 1 < k && p[a + 1] <= x) a++;
      const w = p[a + 1] - p[a];
      out[i] = written(w > 0 ? q[a] + ((x - p[a]) / w) * (q[a + 1] - q[a]) : q[a]);
    }
  };
}

function rawInverse(spec: ColumnSpec, dist: Distribution | undefined, min: number, max: number): NumericInverse {
  const parametric = parametricInverse(spec, dist);
  if (parametric) return parametric;
  const points = quantilePoints(spec, dist);
  if (points) {
    const { p, q } = points;
    if (q.length === 1) return () => q[0];
    return piecewiseLinear(p, q);
  }
  const lo = Number.isNaN(min) ? 0 : min;
  const hi = Number.isNaN(max) ? lo + 1 : max;
  return (u) => lo + u * (hi - lo);
}

/**
 * Points already read, by the distribution's quantile list (and the spec that read them: a
 * datetime's format or a number's type decides how a quantile reads). A cart blueprint's leaves
 * each ask for their column's and their predictors' points: read afresh, a table of 30 number
 * columns with 950-leaf trees spent 2 of its 5.4 s generating 20,000 rows here. The points are
 * read-only to every caller.
 */
const READ_POINTS = new WeakMap<
  readonly unknown[],
  { spec: ColumnSpec; probabilities: unknown; points: { p: Float64Array; q: Float64Array } }
>();

/** An empirical distribution as the points (p[i], q[i]) of its quantile function. */
export function quantilePoints(
  spec: ColumnSpec,
  dist: Distribution | undefined,
): { p: Float64Array; q: Float64Array } | undefined {
  if (dist?.kind !== 'empirical' || dist.quantiles.length === 0) return undefined;
  const known = READ_POINTS.get(dist.quantiles);
  if (known && known.spec === spec && known.probabilities === dist.probabilities) return known.points;
  const points = readPoints(spec, dist.quantiles, dist.probabilities);
  READ_POINTS.set(dist.quantiles, { spec, probabilities: dist.probabilities, points });
  return points;
}

function readPoints(
  spec: ColumnSpec,
  quantiles: readonly (number | string)[],
  given: readonly number[] | undefined,
): { p: Float64Array; q: Float64Array } {
  const q = Float64Array.from(quantiles.map((v) => readValue(spec, v)));
  const k = q.length - 1;
  const p =
    given && given.length === q.length
      ? Float64Array.from(given)
      : Float64Array.from({ length: q.length }, (_, i) => (k === 0 ? 0 : i / k));
  return { p, q };
}

/**
 * The percentile ranks of x under the quantile function through `points`, the inverse of the
 * column's blueprint marginal: one point where the function is increasing; for an atom (a value
 * repeated over several quantiles, like hours-per-week = 40) its whole plateau, widened halfway
 * to the neighbouring quantiles, since the atom's true share reaches into those steps. Drawing u
 * uniformly in this range is the distributional transform (Rüschendorf 2009) of the marginal
 * that generation inverts, so encoding and generation agree. Written into `out` (reused by
 * callers that ask for many values).
 */
export function percentileRange(
  points: { p: Float64Array; q: Float64Array },
  x: number,
  out: [number, number] = [0, 0],
): [number, number] {
  const { p, q } = points;
  const k = q.length;
  let lo = 0;
  let hi = k;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (q[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= k) {
    out[0] = out[1] = 1;
  } else if (q[lo] === x) {
    let last = lo;
    while (last + 1 < k && q[last + 1] === x) last++;
    out[0] = lo > 0 ? p[lo - 1] + (p[lo] - p[lo - 1]) / 2 : 0;
    out[1] = last + 1 < k ? p[last] + (p[last + 1] - p[last]) / 2 : 1;
  } else if (lo === 0) {
    out[0] = out[1] = 0;
  } else {
    out[0] = out[1] = p[lo - 1] + ((x - q[lo - 1]) / (q[lo] - q[lo - 1])) * (p[lo] - p[lo - 1]);
  }
  return out;
}

/** The function through the points (p[i], q[i]), p increasing from 0 to 1. */
function piecewiseLinear(p: Float64Array, q: Float64Array): NumericInverse {
  const k = p.length - 1;
  return (u) => {
    let lo = 0;
    let hi = k;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (p[mid] <= u) lo = mid;
      else hi = mid;
    }
    const w = p[hi] - p[lo];
    return w > 0 ? q[lo] + ((u - p[lo]) / w) * (q[hi] - q[lo]) : q[lo];
  };
}

/** Rounding of a generated value as the column is written: integers, decimals, datetime resolution. */
export function rounder(spec: ColumnSpec): (x: number) => number {
  if (spec.type === 'integer') return Math.round;
  if (spec.type === 'datetime') {
    const step = RESOLUTION_MS[spec.resolution ?? 'second'];
    return (x) => Math.round(x / step) * step;
  }
  if (spec.decimals !== undefined) {
    const f = 10 ** spec.decimals;
    return (x) => Math.round(x * f) / f;
  }
  return (x) => x;
}

/** Levels of a categorical column in distribution order, and their cumulative probabilities. */
export interface CategoricalInverse {
  levels: string[];
  cumulative: Float64Array;
  pick(u: number): number;
}

export function categoricalInverse(spec: ColumnSpec): CategoricalInverse {
  const dist = spec.distribution;
  const levels = dist?.kind === 'categorical' ? Object.keys(dist.probabilities) : [];
  const weights = dist?.kind === 'categorical' ? levels.map((l) => Math.max(0, dist.probabilities[l] ?? 0)) : [];
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const cumulative = new Float64Array(levels.length);
  let cum = 0;
  weights.forEach((w, i) => {
    cum += w / total;
    cumulative[i] = cum;
  });
  if (levels.length) cumulative[levels.length - 1] = 1;
  return {
    levels,
    cumulative,
    pick(u: number): number {
      return levels.length === 0 ? -1 : firstAbove(cumulative, u);
    },
  };
}

export const FORMULA_LEAD = /^[=+\-@\t\r\s]+/;
const VOWELS = 'aeiou';
const CONSONANTS = 'bcdfghjklmnprstvwz';

/** The shape of identifiers and text whose blueprint gives none. */
export const DEFAULT_SHAPE = 'Aaaaaa';

/**
 * A text column whose values must not repeat and are made from the row number by `withUniqueIds`
 * (uniqueIds.ts), not drawn here: unique values of the shape generator, and shuffled sequences
 * (unique by construction, `unique` or not).
 */
export function uniqueShaped(spec: ColumnSpec): boolean {
  if (spec.pii || storageOf(spec.type) !== 'text') return false;
  const dist = spec.distribution;
  if (dist?.kind === 'sequence') return dist.shuffle !== undefined;
  return spec.unique === true && (dist === undefined || dist.kind === 'shape');
}

/**
 * Row g's value of a counter: start + g x step. With a whole start and a fractional step of at
 * least 1 in size (identifiers that skip numbers, as fitted), start moved by the whole part of
 * g x |step| (up, or down for a negative step): never repeated, spaced as the source's on average.
 * The step is read to 1/10,000, so the product is exact: a value at a whole number is that number.
 */
export function sequenceValue(d: { start: number; step: number }, g: number): string {
  const size = Math.abs(d.step);
  if (!Number.isInteger(d.start) || Number.isInteger(d.step) || !(size >= 1)) return String(d.start + g * d.step);
  const moved = Math.floor((g * Math.round(size * 1e4)) / 1e4);
  return String(d.step > 0 ? d.start + moved : d.start - moved);
}

/**
 * Generator of identifier or text values in the shape of the source's (never its values). A
 * unique column gets a placeholder, replaced by `withUniqueIds` with values made from the row
 * number (a set of the values made so far would differ between the parts of a sharded run).
 */
export function textGenerator(spec: ColumnSpec): (row: number, rng: Rng) => string {
  const dist = spec.distribution;
  if (isCounter(dist)) return (row) => sequenceValue(dist, row);
  if (uniqueShaped(spec)) return () => '';
  const shapes = dist?.kind === 'shape' && dist.shapes.length ? dist.shapes : [{ shape: DEFAULT_SHAPE, weight: 1 }];
  const prefix = dist?.kind === 'shape' ? (dist.prefix ?? '') : '';
  const total = shapes.reduce((a, s) => a + s.weight, 0) || 1;
  return (_row, rng) => {
    let u = rng.next() * total;
    let shape = shapes[shapes.length - 1].shape;
    for (const s of shapes) {
      if (u < s.weight) {
        shape = s.shape;
        break;
      }
      u -= s.weight;
    }
    // A shape copied from cells like `=HYPERLINK(...)` must not make new formulas: text never
    // starts with what a spreadsheet would run (= + - @, tab, carriage return).
    return (prefix + fillShape(shape, rng)).replace(FORMULA_LEAD, '') || fillShape(DEFAULT_SHAPE, rng);
  };
}

/** Fill a shape: letters alternate consonant/vowel so text is pronounceable, digits are random. */
function fillShape(shape: string, rng: Rng): string {
  let out = '';
  let vowel = rng.next() < 0.5;
  for (const ch of shape) {
    if (ch === '9') out += String(rng.int(10));
    else if (ch === 'A' || ch === 'a') {
      const pool = vowel ? VOWELS : CONSONANTS;
      const letter = pool[rng.int(pool.length)];
      out += ch === 'A' ? letter.toUpperCase() : letter;
      vowel = !vowel;
      if (rng.next() < 0.15) vowel = !vowel;
    } else {
      out += ch;
      vowel = rng.next() < 0.5;
    }
  }
  return out;
}

/** Where a generated column goes: its empty column for `n` rows, and its levels (categories). */
export interface Output {
  allocate(n: number): Column;
  /** Level names of a categorical output, in code order. */
  levels: string[];
}

export function outputFor(spec: ColumnSpec): Output {
  const storage = storageOf(spec.type);
  const levels = spec.distribution?.kind === 'categorical' ? Object.keys(spec.distribution.probabilities) : [];
  return {
    levels,
    allocate(n) {
      if (storage === 'numeric')
        return {
          storage,
          name: spec.name,
          type: spec.type as 'integer' | 'number' | 'datetime',
          values: new Float64Array(n),
        };
      if (storage === 'categorical')
        return {
          storage,
          name: spec.name,
          type: spec.type as 'category' | 'boolean',
          codes: new Int32Array(n),
          levels,
        };
      return { storage, name: spec.name, type: spec.type as 'id' | 'text', values: new Array<string | null>(n) };
    },
  };
}

/**
 * Inverse distribution functions of the parametric distributions (`rules`): u in (0, 1) to a
 * value, before the column's rounding and bounds. Undefined for other kinds.
 *   normal            mean + sd·Φ⁻¹(u)
 *   lognormal         exp(meanlog + sdlog·Φ⁻¹(u))
 *   uniform           low + u·(high − low)
 *   exponential       −ln(1 − u)/rate
 *   poisson           smallest k with P(X ≤ k) ≥ u (table, stats/special.ts)
 *   truncatedNormal   Φ⁻¹(Φ(a) + u·(Φ(b) − Φ(a))) with a, b standardised bounds; in the upper
 *                     tail through the mirror image, so mass far from the mean is not lost
 *   beta              low + (high − low)·I⁻¹_u(alpha, beta)
 */
export function parametricInverse(spec: ColumnSpec, dist: Distribution | undefined): NumericInverse | undefined {
  switch (dist?.kind) {
    case 'normal': {
      const { mean, sd } = dist;
      return (u) => mean + sd * normalQuantile(u);
    }
    case 'lognormal': {
      const { meanlog, sdlog } = dist;
      return (u) => Math.exp(meanlog + sdlog * normalQuantile(u));
    }
    case 'uniform': {
      const lo = readValue(spec, dist.low);
      const hi = readValue(spec, dist.high);
      return (u) => lo + u * (hi - lo);
    }
    case 'exponential': {
      const rate = dist.rate;
      return (u) => -Math.log1p(-u) / rate;
    }
    case 'poisson':
      return poissonInverse(dist.lambda);
    case 'truncatedNormal':
      return truncatedNormalInverse(dist.mean, dist.sd, dist.low, dist.high);
    case 'beta': {
      const lo = dist.low ?? 0;
      const hi = dist.high ?? 1;
      const { alpha, beta } = dist;
      return (u) => lo + (hi - lo) * betaQuantile(u, alpha, beta);
    }
    default:
      return undefined;
  }
}

function truncatedNormalInverse(mean: number, sd: number, low: number, high: number): NumericInverse {
  const a = (low - mean) / sd;
  const b = (high - mean) / sd;
  const clamp = (z: number): number => mean + sd * Math.min(b, Math.max(a, z));
  if (a >= 0) {
    // Upper tail: work with upper-tail probabilities Φ(−z), which keep their precision there.
    const qa = normalCdf(-a);
    const qb = normalCdf(-b);
    if (!(qa > qb)) return (u) => low + u * (high - low);
    return (u) => clamp(-normalQuantile(qa - u * (qa - qb)));
  }
  const pa = normalCdf(a);
  const pb = normalCdf(b);
  if (!(pb > pa)) return (u) => low + u * (high - low);
  return (u) => clamp(normalQuantile(pa + u * (pb - pa)));
}
