/**
 * Seeded subsampling: k of n row indices, ascending, by a partial Fisher-Yates shuffle (k random
 * draws, not n), so sampling cost does not grow with the table beyond one index array.
 */
import type { Rng } from '../random';
import type { Table } from '../table';
import { takeRows } from '../table';

/** k distinct indices of 0..n-1, uniformly at random, sorted ascending (all of them when k >= n). */
export function sampleIndices(n: number, k: number, rng: Rng): Int32Array {
  if (k >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p.slice(0, k).sort();
}

/** The table itself when it has at most `max` rows, else a seeded random sample of `max` rows. */
export function sampleTable(t: Table, max: number, rng: Rng): Table {
  return t.rowCount <= max ? t : takeRows(t, sampleIndices(t.rowCount, max, rng));
}
