import type { Rng } from '../random';
import type { Table } from '../table';

/**
 * A blueprint compiled for generation. `generate` makes the next `n` rows (the first has global
 * index `offset`), drawing every random number from `rng` in a fixed order, so output depends
 * only on the blueprint, the seed and the row count, not on chunk sizes.
 */
export interface Plan {
  generate(n: number, offset: number, rng: Rng): Table;
}

/**
 * Rows per stratification block. Methods that stratify their draws do so within blocks of this
 * many rows, counted from the first generated row; chunks are whole numbers of blocks, so the
 * output does not depend on the chunk size.
 */
export const STRATUM_ROWS = 4096;
