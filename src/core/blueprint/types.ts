/**
 * The `.synth.json` blueprint: what to make, the source it was fitted from, the columns with
 * their marginal distributions, the fitted dependence model and the constraints. A person reads,
 * edits and reviews it; the engine generates from it. Values of datetime columns (bounds,
 * quantiles) are written in the column's own `format`, so they read like the data.
 */
import type { ColumnType } from '../table';
import type { FittedModel } from './models';

export type { FittedModel, GaussianCopulaModel } from './models';
export { missingVariable } from './models';

export const BLUEPRINT_VERSION = 1;

/** How rows are made: fitted from data (`copula`, `cart`, `augment`) or from rules alone. */
export type Method = 'copula' | 'cart' | 'augment' | 'rules';
export const METHODS: readonly Method[] = ['copula', 'cart', 'augment', 'rules'];

export type OutputFormat = 'csv' | 'json' | 'jsonl' | 'bundle';

export interface Blueprint {
  $schema?: string;
  /** Format version of this file. */
  version: number;
  /** A short name for the table (defaults to the source file's name). */
  name: string;
  description?: string;
  method: Method;
  /** Rows to generate. */
  rows: number;
  /** Seed of the random generator: same seed, same blueprint, same output, byte for byte. */
  seed: number;
  output?: OutputSpec;
  /** The CSV this blueprint was fitted from; absent for hand-written blueprints. */
  source?: SourceSpec;
  privacy?: PrivacySpec;
  /** Column used as the target for utility metrics and explanations. */
  target?: string;
  columns: ColumnSpec[];
  /** The fitted dependence model (absent for `rules`). */
  model?: FittedModel;
  constraints?: Constraint[];
}

export interface OutputSpec {
  /** Path of the generated file, relative to the blueprint. */
  path?: string;
  format?: OutputFormat;
}

export interface SourceSpec {
  /** Path of the source CSV, relative to the blueprint. */
  path: string;
  /** SHA-256 of the source file's bytes, to detect that the source changed since fitting. */
  sha256: string;
  /** Data rows in the source file. */
  rows: number;
  /** Rows the model was fitted on (the rest were held out for privacy and utility checks). */
  trainRows: number;
  /** Fraction of rows held out, 0 to <1. */
  holdout: number;
  delimiter?: string;
  newline?: 'lf' | 'crlf';
}

export interface PrivacySpec {
  /** Every stored distribution aggregates at least this many source rows (default 5). */
  minGroupSize?: number;
}

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  description?: string;
  /** Probability that a value is missing (0..1). */
  missing?: number;
  /** Lower bound (datetimes: in `format`). */
  min?: number | string;
  /** Upper bound (datetimes: in `format`). */
  max?: number | string;
  /** Decimal places kept (numbers). */
  decimals?: number;
  /** Datetime format (`YYYY-MM-DD HH:mm:ss`) or number pattern (`$#,##0.00`). */
  format?: string;
  /** Datetimes are rounded to this unit (the finest the source uses). */
  resolution?: DatetimeResolution;
  /** Values never repeat (identifiers). */
  unique?: boolean;
  distribution?: Distribution;
}

export type DatetimeResolution = 'day' | 'hour' | 'minute' | 'second' | 'millisecond';

export const RESOLUTION_MS: Record<DatetimeResolution, number> = {
  day: 86_400_000,
  hour: 3_600_000,
  minute: 60_000,
  second: 1000,
  millisecond: 1,
};

export type Distribution =
  | EmpiricalDistribution
  | CategoricalDistribution
  | SequenceDistribution
  | ShapeDistribution;

/**
 * Quantiles at evenly spaced probabilities 0, 1/k, ..., 1 (or at `probabilities` when given);
 * values between are interpolated linearly. Each step aggregates at least
 * `privacy.minGroupSize` source rows.
 */
export interface EmpiricalDistribution {
  kind: 'empirical';
  quantiles: (number | string)[];
  /**
   * The probability of each quantile, increasing from 0 to 1, when they are not evenly spaced:
   * fitted blueprints refine the tails (a step of `minGroupSize` rows at each end), so an
   * outlier is drawn as rarely as it occurs instead of spreading over a whole middle-sized step.
   */
  probabilities?: number[];
}

/** Categories and their probabilities, in the order the copula maps them to intervals. */
export interface CategoricalDistribution {
  kind: 'categorical';
  probabilities: Record<string, number>;
}

/** Integer identifiers counting up from `start` by `step`. */
export interface SequenceDistribution {
  kind: 'sequence';
  start: number;
  step: number;
}

/**
 * Strings generated in the shape of the source's: `A` an upper-case letter, `a` lower-case, `9`
 * a digit, anything else literal; a fixed `prefix` is kept. Used for identifiers and free text,
 * which are never copied from the source.
 */
export interface ShapeDistribution {
  kind: 'shape';
  prefix?: string;
  shapes: { shape: string; weight: number }[];
}

/** A rule every generated row must satisfy. */
export interface Constraint {
  /** An expression in the blueprint expression language, e.g. `pickup < dropoff`. */
  expr: string;
  description?: string;
}
