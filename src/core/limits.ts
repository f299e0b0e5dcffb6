/**
 * The stated limits (README, "Limits"). Input past one of them is refused at once, with a message
 * that names the limit and says where, instead of running until memory or the call stack runs out.
 */

/** Rows one blueprint, `--rows` or the `rows` setting may ask for. */
export const MAX_ROWS = 100_000_000;

/** Rows of a run split into parts (`generate --shard K/N`): each part still writes at most `MAX_ROWS`. */
export const MAX_SHARDED_ROWS = 1_000_000_000_000;

/** Parts of a sharded run. */
export const MAX_SHARDS = 1_000_000;

/** Bytes of a CSV or blueprint file read into memory (just under JavaScript's longest string). */
export const MAX_INPUT_BYTES = 500 * 1024 * 1024;

/** Nesting of objects and arrays in a blueprint's JSON. */
export const MAX_JSON_DEPTH = 100;

/** Nesting of parentheses, calls and prefix operators in one expression. */
export const MAX_EXPR_NESTING = 100;

/** Depth of an expression's tree: a flat sum of N terms is N levels deep. */
export const MAX_EXPR_DEPTH = 500;

/** "500 MiB" for a byte count. */
export function mebibytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MiB`;
}
