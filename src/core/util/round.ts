/** Rounding to decimal places, as the blueprint and the report write numbers. */

/** x rounded to `digits` decimal places (-0 written as 0). */
export function roundTo(x: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

/** Six decimal places, the precision of every share and score in report.json. */
export function round6(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x * 1e6) / 1e6;
  return Object.is(r, -0) ? 0 : r;
}
