import type { ColumnSpec, Distribution } from '../blueprint/types';
import { RESOLUTION_MS } from '../blueprint/types';
import { parseDatetime } from '../csv/datetime';
import type { Rng } from '../random';
import { normalCdf, normalQuantile } from '../stats/normal';
import { betaQuantile, poissonInverse } from '../stats/special';

/** Turns a uniform draw u in (0, 1) into a value of the column (numeric storage). */
export type NumericInverse = (u: number) => number;

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
  const min = readValue(spec, spec.min);
  const max = readValue(spec, spec.max);
  const raw = rawInverse(spec, spec.distribution, min, max);
  const round = rounder(spec);
  const lo = Number.isNaN(min) ? -Infinity : min;
  const hi = Number.isNaN(max) ? Infinity : max;
  return (u) => {
    const x = round(raw(u));
    return x < lo ? lo : x > hi ? hi : x;
  };
}

function rawInverse(spec: ColumnSpec, dist: Distribution | undefined, min: number, max: number): NumericInverse {
  const parametric = parametricInverse(spec, dist);
  if (parametric) return parametric;
  if (dist?.kind === 'empirical' && dist.quantiles.length > 0) {
    const q = Float64Array.from(dist.quantiles.map((v) => readValue(spec, v)));
    const k = q.length - 1;
    if (k === 0) return () => q[0];
    return (u) => {
      const pos = u * k;
      const i = Math.min(k - 1, Math.floor(pos));
      return q[i] + (pos - i) * (q[i + 1] - q[i]);
    };
  }
  const lo = Number.isNaN(min) ? 0 : min;
  const hi = Number.isNaN(max) ? lo + 1 : max;
  return (u) => lo + u * (hi - lo);
}

function rounder(spec: ColumnSpec): (x: number) => number {
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
      if (levels.length === 0) return -1;
      let lo = 0;
      let hi = levels.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (u < cumulative[mid]) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    },
  };
}

const VOWELS = 'aeiou';
const CONSONANTS = 'bcdfghjklmnprstvwz';

/** Generator of identifier or text values in the shape of the source's (never its values). */
export function textGenerator(spec: ColumnSpec): (row: number, rng: Rng) => string {
  const dist = spec.distribution;
  if (dist?.kind === 'sequence') return (row) => String(dist.start + row * dist.step);
  const shapes = dist?.kind === 'shape' && dist.shapes.length ? dist.shapes : [{ shape: 'Aaaaaa', weight: 1 }];
  const prefix = dist?.kind === 'shape' ? dist.prefix ?? '' : '';
  const total = shapes.reduce((a, s) => a + s.weight, 0) || 1;
  const seen = spec.unique ? new Set<string>() : undefined;
  return (_row, rng) => {
    for (let attempt = 0; ; attempt++) {
      let u = rng.next() * total;
      let shape = shapes[shapes.length - 1].shape;
      for (const s of shapes) {
        if (u < s.weight) { shape = s.shape; break; }
        u -= s.weight;
      }
      let text = prefix + fillShape(shape, rng);
      if (seen) {
        if (seen.has(text)) {
          if (attempt < 20) continue;
          text += `-${seen.size}`;
        }
        seen.add(text);
      }
      return text;
    }
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
