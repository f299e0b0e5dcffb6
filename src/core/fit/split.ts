import { Rng } from '../random';

/**
 * The training rows of a table of `n` rows, in ascending order: the rows a blueprint fitted with
 * this `holdout` fraction and `seed` learned from. Fit and `augment` generation both call this, so
 * augmentation jitters exactly the rows the blueprint was fitted on and never a held-out one.
 * The split draws from the first stream forked off the seed; at least one training row is kept.
 */
export function trainingRows(n: number, holdout: number, seed: number): Int32Array {
  return splitRows(n, holdout, new Rng(seed).fork()).train;
}

/** A seeded random split of rows 0..n-1 into training and held-out rows (each ascending). */
export function splitRows(n: number, holdout: number, rng: Rng): { train: Int32Array; holdout: Int32Array } {
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
