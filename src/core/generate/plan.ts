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
