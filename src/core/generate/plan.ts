import type { Rng } from '../random';
import type { Table } from '../table';
import type { Value } from '../expr';

/**
 * A blueprint compiled for generation. `generate` makes the next `n` rows (the first has global
 * index `offset`), drawing every random number from `rng` in a fixed order, so output depends
 * only on the blueprint, the seed and the row count, not on chunk sizes.
 */
export interface Plan {
  generate(n: number, offset: number, rng: Rng): Table;
  /**
   * The plan conditioned on `restriction` (conditional generation, condition.ts): a plan with the
   * same columns whose rows are drawn from this plan's distribution given that every column of
   * `restriction.columns` meets its restriction (a set of levels, intervals of values, missing
   * or not). What a model does with its structure here is what makes rare conditions fast: the
   * copula weights segments by their probability of meeting the restrictions and conditions its
   * Gaussian on them; trees restrict leaf draws and weigh rows by their leaves' probability.
   *
   * Contract, for a new model:
   * - Rows need only meet the restrictions the plan can enforce; ignore the rest (and
   *   `restriction.residual`). `conditionPlan` checks every row against the whole condition and
   *   draws failed rows again, so ignoring a restriction costs speed, never correctness.
   * - Throw a `SynthError` (code `condition/impossible`) naming the restriction's `parts` when
   *   the model gives it probability 0 (no component or leaf can produce it).
   * - `generate(n, offset, rng)` of the result follows the generation contract: it depends only on
   *   its arguments (one block's rng and offset), keeps no state across calls, and returns
   *   exactly n rows.
   * For a mixture of local product distributions: weight component k by
   * w_k · Π_columns P_k(column meets its restriction), deal each block's rows to components by
   * those weights, and draw each restricted column from its distribution in the component
   * restricted to the allowed levels or bins (`allowsLevel`, `allowsNumber`, `meeting`).
   * Absent: conditioning falls back to drawing and discarding whole rows (bounded).
   */
  condition?(restriction: Restriction): Plan;
}

/**
 * A plan of the columns `columns` from `plan`, which makes all of them but the computed ones:
 * each chunk gets column i from `fills[i]` (given the chunk's columns and rows) where there is
 * one, else the chunk's column of that name (`kept` gives its index). Used by the columns read
 * off a category (mappings.ts) and the products (products.ts).
 */
export function withComputed(
  columns: readonly { name: string }[],
  kept: Map<string, number>,
  fills: readonly (((made: Table['columns'], n: number) => Table['columns'][number]) | undefined)[],
): (plan: Plan) => Plan {
  return (plan) => ({
    generate(n, offset, rng): Table {
      const chunk = plan.generate(n, offset, rng);
      return {
        rowCount: chunk.rowCount,
        columns: columns.map((spec, i) => fills[i]?.(chunk.columns, n) ?? chunk.columns[kept.get(spec.name)!]),
      };
    },
  });
}

/**
 * Rows per stratification block. Methods that stratify their draws do so within blocks of this
 * many rows, counted from the first generated row; chunks are whole numbers of blocks, so the
 * output does not depend on the chunk size.
 */
export const STRATUM_ROWS = 4096;

/** Values of a number or datetime column: from `lo` to `hi`, each end included or not. */
export interface Interval {
  lo: number;
  hi: number;
  loOpen: boolean;
  hiOpen: boolean;
}

/**
 * What one column must be for a row to meet the condition. A missing value meets it when
 * `missing` is true; a present one when it is among `levels` (categories; for booleans the
 * words "true" / "false") or inside `intervals` (numbers, datetimes as ms since the epoch, after
 * the column's rounding). Absent `levels` and `intervals`: any present value. An empty set: no
 * present value.
 */
export interface ColumnRestriction {
  column: string;
  missing: boolean;
  levels?: ReadonlySet<string>;
  intervals?: readonly Interval[];
  /** The parts of the condition text it comes from, for messages. */
  parts: string[];
}

/** A compiled condition: every column restriction and the residual must hold. */
export interface Restriction {
  /** The condition as written. */
  text: string;
  /** By column name; at most one per column. */
  columns: Map<string, ColumnRestriction>;
  /** The conjuncts that read several columns, tested on finished rows (values by blueprint column index). */
  residual?: { parts: string[]; test(row: ArrayLike<Value>): boolean };
}
