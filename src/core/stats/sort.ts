/**
 * Sorting numbers in place, ascending, with the same result as `Float64Array.prototype.sort()`
 * (numeric order, NaN last). Most numeric columns of real tables are whole numbers in a range not
 * much wider than the number of rows (ages, hours, counts, codes, amounts in whole units): those
 * are sorted by counting, one pass to count and one to write back, instead of an O(n log n) sort.
 * Anything else (fractions, -0, NaN, infinities, huge or sparse ranges, small arrays) goes to the
 * native sort.
 */
export function sortNumbers<T extends Float64Array>(a: T): T {
  const n = a.length;
  if (n < 256) return a.sort();
  const [min, max] = wholeRange(a);
  const range = max - min;
  // Only whole numbers (wholeRange gives NaN otherwise), in a range not much wider than n.
  if (!(range <= 2 * n + 4096) || min < -4503599627370496 || max > 4503599627370496) return a.sort();
  writeCounted(a, countValues(a, min, range), min);
  return a;
}

/** Distinct present (not NaN) values of `values`, counted up to `cap` + 1: enough to tell "more than cap". */
export function distinctPresent(values: ArrayLike<number>, cap: number): number {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v && seen.add(v).size > cap) break;
  }
  return seen.size;
}

// One loop per function: run cold, code after a long loop would be compiled before it had run.

/** [min, max] of whole numbers; [NaN, NaN] as soon as a value is not one (or is -0, or NaN). */
function wholeRange(a: Float64Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    // Whole numbers only (NaN and infinities fail this), and not -0, which sorts before 0.
    if (v !== Math.trunc(v) || (v === 0 && 1 / v < 0) || v !== v) return [NaN, NaN];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

function countValues(a: Float64Array, min: number, range: number): Int32Array {
  const counts = new Int32Array(range + 1);
  for (let i = 0; i < a.length; i++) counts[a[i] - min]++;
  return counts;
}

function writeCounted(a: Float64Array, counts: Int32Array, min: number): void {
  let k = 0;
  for (let v = 0; v < counts.length; v++) {
    const x = v + min;
    for (let c = counts[v]; c > 0; c--) a[k++] = x;
  }
}

/** The non-missing (non-NaN) values, sorted ascending. */
export function sortedPresent(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) out[k++] = v;
  }
  return sortNumbers(k === out.length ? out : out.slice(0, k));
}

/** [min, max] of the non-missing values ([Infinity, -Infinity] when there are none). */
export function presentRange(values: Float64Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

/** In ascending `a`, the first index whose value is not below `v` (a.length if none). */
export function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** In ascending `a`, the first index whose value is above `v` (a.length if none). */
export function upperBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
