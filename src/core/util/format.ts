/**
 * A whole number with grouped thousands, as `n.toLocaleString('en-US')` writes it ("32,561"),
 * without its cost: the first toLocaleString call of a process sets up ICU's number formatting,
 * about 10 ms, which a report that only writes row counts need not pay. Anything other than a
 * safe integer (fractions, -0, huge values) goes to toLocaleString itself.
 */
export function groupThousands(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = digits.length > 3 ? '' : digits;
  if (digits.length > 3) {
    const head = digits.length % 3 || 3;
    out = digits.slice(0, head);
    for (let i = head; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  }
  return n < 0 ? `-${out}` : out;
}

/** A share as a percentage with `digits` decimals (0.1234 -> "12.3%"); "n/a" when there is none. */
export function percent(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || Number.isNaN(x) ? 'n/a' : `${(x * 100).toFixed(digits)}%`;
}

/** A share as a whole percentage for sentences; 99.5% to 99.9% keep one decimal so they do not read as 100%. */
export function roundedPercent(x: number): string {
  return x >= 0.995 && x < 1 ? `${Math.min(99.9, Math.round(x * 1000) / 10).toFixed(1)}%` : `${Math.round(x * 100)}%`;
}
