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
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = a[i];
    // Whole numbers only (NaN and infinities fail this), and not -0, which sorts before 0.
    if (v !== Math.trunc(v) || (v === 0 && 1 / v < 0) || v !== v) return a.sort();
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min;
  if (!(range <= 2 * n + 4096) || min < -4503599627370496 || max > 4503599627370496) return a.sort();
  const counts = new Int32Array(range + 1);
  for (let i = 0; i < n; i++) counts[a[i] - min]++;
  let k = 0;
  for (let v = 0; v <= range; v++) {
    const x = v + min;
    for (let c = counts[v]; c > 0; c--) a[k++] = x;
  }
  return a;
}
