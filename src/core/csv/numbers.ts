/**
 * Number formats as they appear in CSV cells: plain (`12.5`, `-3`, `1e-4`), with a fixed number
 * of decimals (`18.0`), with thousands separators (`1,234.50`), with a currency prefix (`$12.00`)
 * or a percent suffix (`45%`), negatives in accounting style (`(1,234.50)`, `$(12.00)`). A format
 * is written as a pattern like `$#,##0.00`, `0.0`, `0.##`: `#,##0` means grouped thousands, `.00`
 * fixed decimals, `.##` up to that many decimals; a second section in parentheses, as in
 * spreadsheets (`#,##0.00;(#,##0.00)`), writes negatives in parentheses. Numbers written in
 * scientific notation (`6.786e-07`, `8.7979E+08`) keep it: `0.000e+00` is three decimals in the
 * mantissa and an exponent of at least two digits with its sign (`E-00`: a sign on negative
 * exponents only), `0.0##E+0` one to three decimals.
 */

export interface NumberFormat {
  prefix: string;
  suffix: string;
  grouping: boolean;
  minDecimals: number;
  maxDecimals: number;
  /** Digits before the point at least, zero-padded (`007`, month `03`); 1 when absent. */
  minIntegers?: number;
  /** Negatives written in parentheses (`(93.07)`, accounting style) instead of with a minus. */
  negativeParens?: boolean;
  /**
   * Scientific notation: one digit before the point, `minDecimals` to `maxDecimals` after it, then
   * the exponent in `digits` digits at least, `E` or `e`, with `+` on positive exponents or not.
   */
  exponent?: { digits: number; upper: boolean; plus: boolean };
}

const PLAIN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DECORATED = /^([+-]?)([$€£¥]?)([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(%?)$/;

/** A negative in accounting style: `(12.50)`, `(1,234)`, `$(12.00)`, `($12.00)`, `(45%)`. */
const PARENS = /^([$€£¥]?)\(([$€£¥]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(%?)\)(%?)$/;

/**
 * Parse a cell that may carry a currency sign, thousands separators, a percent sign or
 * accounting-style parentheses for a negative.
 */
export function parseNumber(text: string, format?: NumberFormat): number {
  const t = text.trim();
  // 1e999 overflows to Infinity, which no column can hold: not a number (read as missing).
  if (PLAIN.test(t)) return finiteOrNaN(Number(t));
  if (t.charCodeAt(t.length - 1) === 41 /* ) */ || t.charCodeAt(t.length - 2) === 41) {
    const p = PARENS.exec(t);
    if (!p || (p[1] && p[2]) || (p[5] && p[6])) return NaN;
    const sign = p[1] || p[2];
    if (format && sign && sign !== format.prefix.trim()) return NaN;
    return -finiteOrNaN(Number(p[3].replace(/,/g, '') + (p[4] ?? '')));
  }
  const m = DECORATED.exec(t);
  if (!m) return NaN;
  if (format && (m[2] !== format.prefix.trim() || m[6] !== format.suffix.trim())) {
    if (m[2] && m[2] !== format.prefix.trim()) return NaN;
  }
  const negative = m[1] === '-' || m[3] === '-';
  const value = finiteOrNaN(Number(m[4].replace(/,/g, '') + (m[5] ?? '')));
  return negative ? -value : value;
}

function finiteOrNaN(x: number): number {
  return Number.isFinite(x) ? x : NaN;
}

/** Digits after the decimal point as written (`18.0` -> 1, `1e-4` -> undefined). */
export function writtenDecimals(text: string): number | undefined {
  const t = text.trim();
  if (/[eE]/.test(t)) return undefined;
  const dot = t.indexOf('.');
  if (dot < 0) return 0;
  let end = dot + 1;
  while (end < t.length && t.charCodeAt(end) >= 48 && t.charCodeAt(end) <= 57) end++;
  return end - dot - 1;
}

const SCIENTIFIC = /^-?\d(?:\.(\d+))?([eE])([+-]?)(\d+)$/;

/** The scientific notation every cell is written in (`6.786e-07`); undefined when some is not. */
function scientific(cells: string[]): NumberFormat | undefined {
  let minDec = Infinity;
  let maxDec = 0;
  let digits = Infinity;
  let upper: boolean | undefined;
  let plus = false;
  let positive = false;
  for (const cell of cells) {
    const m = SCIENTIFIC.exec(cell.trim());
    if (!m) return undefined;
    const d = m[1]?.length ?? 0;
    minDec = Math.min(minDec, d);
    maxDec = Math.max(maxDec, d);
    digits = Math.min(digits, m[4].length);
    if (upper !== undefined && upper !== (m[2] === 'E')) return undefined;
    upper = m[2] === 'E';
    if (m[3] !== '-') positive = true;
    if (m[3] === '+') plus = true;
  }
  if (upper === undefined) return undefined;
  return {
    prefix: '',
    suffix: '',
    grouping: false,
    minDecimals: minDec,
    maxDecimals: maxDec,
    // Without a positive exponent seen, a `+` as most writers put it (C, Python, R, JavaScript).
    exponent: { digits, upper, plus: plus || !positive },
  };
}

/** Infer the format shared by `cells` (all parse as numbers). Undefined means plain. */
export function detectNumberFormat(cells: string[]): NumberFormat | undefined {
  const sci = cells.length ? scientific(cells) : undefined;
  if (sci) return sci;
  let prefix = '';
  let suffix = '';
  let grouping = false;
  let decorated = false;
  let minDec = Infinity;
  let maxDec = 0;
  let parens = 0;
  let minus = 0;
  for (const cell of cells) {
    const t = cell.trim();
    const d = writtenDecimals(t);
    if (d === undefined) return undefined;
    minDec = Math.min(minDec, d);
    maxDec = Math.max(maxDec, d);
    const p = PARENS.exec(t);
    if (p) {
      parens++;
      decorated = true;
      if (p[1] || p[2]) prefix = p[1] || p[2];
      if (p[5] || p[6]) suffix = p[5] || p[6];
      if (p[3].includes(',')) grouping = true;
      continue;
    }
    if (t.startsWith('-')) minus++;
    if (!PLAIN.test(t)) {
      const m = DECORATED.exec(t);
      if (!m) return undefined;
      decorated = true;
      if (m[2]) prefix = m[2];
      if (m[6]) suffix = m[6];
      if (m[4].includes(',')) grouping = true;
    }
  }
  if (cells.length === 0) return undefined;
  const padded = zeroPadded(cells);
  if (!decorated && !(minDec === maxDec && maxDec > 0) && !padded) return undefined;
  return {
    prefix,
    suffix,
    grouping,
    minDecimals: minDec === maxDec ? maxDec : 0,
    maxDecimals: maxDec,
    ...(padded ? { minIntegers: padded } : {}),
    // Negatives as most of them are written (a column of both styles is read either way).
    ...(parens > 0 && parens >= minus ? { negativeParens: true } : {}),
  };
}

/**
 * The width of zero-padded whole parts (`007`, `0420`, months `01`-`12`): every cell plain and
 * unsigned with the same number of digits before the point, at least two, and some of them
 * written with a leading zero. Undefined otherwise (a column of 10-99 is not padded).
 */
function zeroPadded(cells: string[]): number | undefined {
  let width = 0;
  let leading = false;
  for (const cell of cells) {
    const m = /^(\d+)(\.\d*)?$/.exec(cell.trim());
    if (!m) return undefined;
    const w = m[1].length;
    if (width === 0) width = w;
    else if (w !== width) return undefined;
    if (w > 1 && m[1][0] === '0') leading = true;
  }
  return leading && width > 1 ? width : undefined;
}

export function numberFormatToPattern(f: NumberFormat): string {
  const body = f.grouping ? '#,##0' : '0'.repeat(Math.max(1, f.minIntegers ?? 1));
  const dec = f.maxDecimals > 0 ? '.' + '0'.repeat(f.minDecimals) + '#'.repeat(f.maxDecimals - f.minDecimals) : '';
  if (f.exponent) {
    const e = f.exponent;
    return `0${dec}${e.upper ? 'E' : 'e'}${e.plus ? '+' : '-'}${'0'.repeat(e.digits)}`;
  }
  const positive = `${f.prefix}${body}${dec}${f.suffix}`;
  return f.negativeParens ? `${positive};(${positive})` : positive;
}

/**
 * Parse a pattern such as `$#,##0.00` (or `$#,##0.00;($#,##0.00)`: negatives in parentheses);
 * undefined when it is not a number pattern.
 */
export function patternToNumberFormat(pattern: string): NumberFormat | undefined {
  const semi = pattern.indexOf(';');
  if (semi >= 0) {
    const positive = pattern.slice(0, semi);
    if (pattern.slice(semi + 1) !== `(${positive})`) return undefined;
    const f = patternToNumberFormat(positive);
    return f && { ...f, negativeParens: true };
  }
  const e = /^0(?:\.(0*)(#*))?([eE])([+-])(0+)$/.exec(pattern);
  if (e) {
    const min = e[1]?.length ?? 0;
    return {
      prefix: '',
      suffix: '',
      grouping: false,
      minDecimals: min,
      maxDecimals: min + (e[2]?.length ?? 0),
      exponent: { digits: e[5].length, upper: e[3] === 'E', plus: e[4] === '+' },
    };
  }
  const m = /^([^#0,.;]*)([#0,]*0)(?:\.(0*)(#*))?([^#0,.;]*)$/.exec(pattern);
  if (!m) return undefined;
  const min = m[3]?.length ?? 0;
  const opt = m[4]?.length ?? 0;
  const grouping = m[2].includes(',');
  const zeros = grouping ? 1 : (m[2].match(/0/g) ?? []).length;
  return {
    prefix: m[1],
    suffix: m[5],
    grouping,
    minDecimals: min,
    maxDecimals: min + opt,
    ...(zeros > 1 ? { minIntegers: zeros } : {}),
  };
}

export function isNumberPattern(pattern: string): boolean {
  return patternToNumberFormat(pattern) !== undefined;
}

/**
 * Write `value` with at most `decimals` decimals (undefined: as JavaScript prints it), in
 * `format` when given. Trailing zeros are dropped unless the format fixes them.
 */
export function formatNumber(value: number, decimals: number | undefined, format?: NumberFormat): string {
  if (!Number.isFinite(value)) return '';
  if (format?.exponent) return formatScientific(value, format, format.exponent);
  const maxDec = format ? format.maxDecimals : decimals;
  let text: string;
  if (maxDec === undefined || (maxDec === 0 && Number.isInteger(value) && Math.abs(value) < 1e21)) {
    // A whole number to no decimals is its plain text (toFixed(0) gives the same, -0 included).
    text = String(value);
  } else {
    text = Math.abs(value) < 1e21 ? value.toFixed(maxDec) : String(value);
    const minDec = format ? format.minDecimals : 0;
    if (maxDec > minDec) text = trimZeros(text, minDec);
    if (text.charCodeAt(0) === 45 && /^-0(\.0*)?$/.test(text)) text = text.slice(1);
  }
  const width = format?.minIntegers ?? 1;
  if (!format || (!format.grouping && !format.prefix && !format.suffix && width <= 1 && !format.negativeParens))
    return text;
  let sign = '';
  if (text.startsWith('-')) {
    sign = '-';
    text = text.slice(1);
  }
  if (width > 1) {
    const dot = text.indexOf('.');
    const int = dot < 0 ? text : text.slice(0, dot);
    if (int.length < width && /^\d+$/.test(int)) text = int.padStart(width, '0') + text.slice(int.length);
  }
  if (format.grouping) {
    const dot = text.indexOf('.');
    const int = dot < 0 ? text : text.slice(0, dot);
    const frac = dot < 0 ? '' : text.slice(dot);
    text = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + frac;
  }
  return sign && format.negativeParens
    ? `(${format.prefix}${text}${format.suffix})`
    : `${sign}${format.prefix}${text}${format.suffix}`;
}

/** `value` in the scientific notation of `format` (`6.786e-07`). */
function formatScientific(value: number, format: NumberFormat, e: NonNullable<NumberFormat['exponent']>): string {
  const text = value.toExponential(format.maxDecimals);
  const at = text.indexOf('e');
  let mantissa = text.slice(0, at);
  if (format.maxDecimals > format.minDecimals) mantissa = trimZeros(mantissa, format.minDecimals);
  const power = Number(text.slice(at + 1));
  const sign = power < 0 ? '-' : e.plus ? '+' : '';
  return `${mantissa}${e.upper ? 'E' : 'e'}${sign}${String(Math.abs(power)).padStart(e.digits, '0')}`;
}

/** Trailing zeros of `text`'s decimals dropped down to `minDecimals` (and the point with the last of them). */
function trimZeros(text: string, minDecimals: number): string {
  const dot = text.indexOf('.');
  if (dot < 0) return text;
  let end = text.length;
  while (end > dot + 1 + minDecimals && text[end - 1] === '0') end--;
  return text.slice(0, end === dot + 1 ? dot : end);
}
