import type { Blueprint, ColumnSpec, Method } from '../blueprint/types';
import { BLUEPRINT_VERSION } from '../blueprint/types';
import { toTable, type ConversionIssue } from '../csv/convert';
import { inferColumns, type InferOptions, type InferredColumn } from '../csv/infer';
import type { RawTable } from '../csv/read';
import { SynthError, throwIfAborted, type AbortSignalLike, type Problem } from '../errors';
import { Rng } from '../random';
import type { Table } from '../table';
import { takeRows } from '../table';
import { fitGaussianCopula } from './copula';
import { describeColumn } from './columns';

export interface FitOptions extends InferOptions {
  method?: Method;
  /** Fraction of rows held out from fitting (for privacy and utility checks). Default 0.2. */
  holdout?: number;
  seed?: number;
  /** Rows the blueprint generates; default: as many as the source has. */
  rows?: number;
  minGroupSize?: number;
  maxQuantiles?: number;
  name?: string;
  /** Source path as the blueprint should record it (relative to the blueprint). */
  sourcePath?: string;
  sourceSha256?: string;
  /** Output path as the blueprint should record it (relative to the blueprint). */
  outputPath?: string;
  signal?: AbortSignalLike;
}

export interface FitResult {
  blueprint: Blueprint;
  inferred: InferredColumn[];
  /** The whole source, typed. */
  table: Table;
  train: Table;
  /** Held-out rows (empty when `holdout` is 0). */
  holdout: Table;
  issues: ConversionIssue[];
  warnings: Problem[];
}

export const DEFAULT_SEED = 42;
export const DEFAULT_HOLDOUT = 0.2;
export const DEFAULT_MIN_GROUP_SIZE = 5;

/** Infer types, split train/holdout, describe every column and fit the dependence model. */
export function fitBlueprint(raw: RawTable, options: FitOptions = {}): FitResult {
  const method = options.method ?? 'copula';
  if (method === 'rules') {
    throw new SynthError('fit/method', 'The "rules" method is for hand-written blueprints; it cannot be fitted from data.', {}, 'Use method "copula" to fit from a CSV.');
  }
  if (method !== 'copula') {
    throw new SynthError('fit/method', `The "${method}" method is not available yet.`, {}, 'Use method "copula".');
  }
  const seed = options.seed ?? DEFAULT_SEED;
  const holdoutFraction = options.holdout ?? DEFAULT_HOLDOUT;
  if (!(holdoutFraction >= 0 && holdoutFraction < 1)) {
    throw new SynthError('fit/holdout', `Holdout fraction ${holdoutFraction} is out of range.`, {}, 'Use a fraction from 0 (fit on all rows) to below 1, e.g. 0.2.');
  }
  const minGroupSize = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  const warnings: Problem[] = [...raw.warnings];
  const inferred = inferColumns(raw, options, warnings);
  const { table, issues } = toTable(raw, inferred);
  throwIfAborted(options.signal);

  const rng = new Rng(seed);
  const { train, holdout } = splitHoldout(table, holdoutFraction, rng.fork());
  if (holdoutFraction > 0 && holdout.rowCount === 0) {
    warnings.push({ severity: 'info', code: 'fit/no-holdout', message: `Only ${table.rowCount} row${table.rowCount === 1 ? '' : 's'}: nothing was held out, so privacy and utility against a holdout are not measured.` });
  }
  const columns: ColumnSpec[] = train.columns.map((col, i) => describeColumn(col, inferred[i], { minGroupSize, maxQuantiles: options.maxQuantiles ?? 200 }));
  throwIfAborted(options.signal);
  const model = fitGaussianCopula(train, columns, rng.fork());

  const blueprint: Blueprint = {
    version: BLUEPRINT_VERSION,
    name: options.name ?? 'table',
    method,
    rows: options.rows ?? table.rowCount,
    seed,
    output: { path: options.outputPath ?? `${options.name ?? 'table'}.synthetic.csv`, format: 'csv' },
    source: {
      path: options.sourcePath ?? `${options.name ?? 'table'}.csv`,
      sha256: options.sourceSha256 ?? '',
      rows: table.rowCount,
      trainRows: train.rowCount,
      holdout: holdoutFraction,
      ...(raw.delimiter !== ',' ? { delimiter: raw.delimiter } : {}),
      ...(raw.newline === '\r\n' ? { newline: 'crlf' as const } : {}),
    },
    privacy: { minGroupSize },
    columns,
    model,
  };
  return { blueprint, inferred, table, train, holdout, issues, warnings };
}

/** A seeded random split; at least one training row is always kept. */
export function splitHoldout(table: Table, fraction: number, rng: Rng): { train: Table; holdout: Table } {
  const n = table.rowCount;
  const holdoutCount = n < 2 ? 0 : Math.min(n - 1, Math.round(n * fraction));
  if (holdoutCount === 0) return { train: table, holdout: takeRows(table, []) };
  const perm = rng.permutation(n);
  const hold = Array.from(perm.subarray(0, holdoutCount)).sort((a, b) => a - b);
  const trainIdx = Array.from(perm.subarray(holdoutCount)).sort((a, b) => a - b);
  return { train: takeRows(table, trainIdx), holdout: takeRows(table, hold) };
}
