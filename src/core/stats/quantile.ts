import { quantileSorted as quantileOfSorted } from 'simple-statistics';

/**
 * The p-quantile of values sorted ascending by linear interpolation between order statistics
 * (type 7 of Hyndman & Fan, the default of R and NumPy): simple-statistics' `quantileSorted`,
 * which throws on an empty sample where this returns NaN. (Measured: about 90 ns a call against
 * 50 ns for an inline copy; calls are per column and per bin, never per row.)
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  return sorted.length === 0 ? NaN : quantileOfSorted(sorted as readonly number[], p);
}
