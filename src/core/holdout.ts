/**
 * The holdout split: which rows of a source a blueprint was fitted on and which it held out.
 * Fitting makes it; generating an `augment` blueprint (which jitters training rows only) and the
 * report after Generate (which measures privacy and utility on held-out rows) make it again. The
 * rule that makes them agree is written once, in `fitStreams`: the split draws from the first
 * stream forked off the blueprint's seed.
 */
import { mix32, Rng } from './random';
import { takeRows, type Table } from './table';

/** The random streams of a fit, forked off its seed in this order: the holdout split's, then the model's. */
export function fitStreams(seed: number): { split: Rng; model: Rng } {
  const rng = new Rng(seed);
  const split = rng.fork();
  return { split, model: rng.fork() };
}

/**
 * The rows of a `table` a blueprint fitted with this `holdout` fraction and `seed` learned from, and
 * the rows it held out. `hashed`: the blueprint was fitted from a stream (`source.sample` set),
 * whose split is decided row by row by `heldOutByHash`.
 */
export function fittedSplit(
  table: Table,
  holdout: number,
  seed: number,
  hashed = false,
): { train: Table; holdout: Table } {
  if (!hashed) return splitTable(table, holdout, fitStreams(seed).split);
  const train: number[] = [];
  const held: number[] = [];
  for (let r = 0; r < table.rowCount; r++) (heldOutByHash(r, holdout, seed) ? held : train).push(r);
  return { train: takeRows(table, train), holdout: takeRows(table, held) };
}

/**
 * The split of a table read as a stream (too large to shuffle in memory): data row `row` (0-based)
 * is held out when a seeded hash of its number falls below `holdout`. Each row's fate depends on
 * its number and the seed only, so the split is the same whichever way the file is read.
 */
export function heldOutByHash(row: number, holdout: number, seed: number): boolean {
  if (holdout <= 0) return false;
  let h = mix32((seed >>> 0) ^ 0x5bd1e995);
  h = mix32(h ^ (row >>> 0));
  h = mix32(h ^ (Math.floor(row / 4294967296) >>> 0));
  return h / 4294967296 < holdout;
}

/** The training rows of a table of `n` rows, ascending, as `fittedSplit` chooses them. */
export function trainingRows(n: number, holdout: number, seed: number): Int32Array {
  return splitRows(n, holdout, fitStreams(seed).split).train;
}

/** A seeded random split of a table; at least one training row is always kept. */
export function splitTable(table: Table, fraction: number, rng: Rng): { train: Table; holdout: Table } {
  const { train, holdout } = splitRows(table.rowCount, fraction, rng);
  if (holdout.length === 0) return { train: table, holdout: takeRows(table, []) };
  return { train: takeRows(table, train), holdout: takeRows(table, holdout) };
}

/** A seeded random split of rows 0..n-1 into training and held-out rows (each ascending). */
function splitRows(n: number, holdout: number, rng: Rng): { train: Int32Array; holdout: Int32Array } {
  const holdoutCount = n < 2 ? 0 : Math.min(n - 1, Math.round(n * holdout));
  if (holdoutCount === 0) return { train: Int32Array.from({ length: n }, (_, i) => i), holdout: new Int32Array(0) };
  const perm = rng.permutation(n);
  // The first holdoutCount rows of the permutation are held out; both sets ascending (by marking
  // rather than sorting).
  const held = new Uint8Array(n);
  for (let i = 0; i < holdoutCount; i++) held[perm[i]] = 1;
  const train = new Int32Array(n - holdoutCount);
  const holdoutRows = new Int32Array(holdoutCount);
  let t = 0;
  let h = 0;
  for (let r = 0; r < n; r++) {
    if (held[r]) holdoutRows[h++] = r;
    else train[t++] = r;
  }
  return { train, holdout: holdoutRows };
}
