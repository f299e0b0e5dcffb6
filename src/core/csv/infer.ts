import type { Problem } from '../errors';
import type { ColumnType } from '../table';
import { cellDictionary, type RawTable } from './read';
import { detectDatetimeFormat, isMidnight, parseDatetime } from './datetime';
import { detectNumberFormat, numberFormatToPattern, parseNumber, writtenDecimals } from './numbers';
import { percent, roundedPercent } from '../util/format';

/** What inference learns about one column: its type and how its values are written. */
export interface InferredColumn {
  name: string;
  type: ColumnType;
  /** Datetime format or number pattern. */
  format?: string;
  /** Datetimes: the format of values at midnight (see ColumnSpec.midnightFormat). */
  midnightFormat?: string;
  /** Max decimals written (numbers). */
  decimals?: number;
  /** Observed levels, sorted (categories and booleans). */
  levels?: string[];
  unique?: boolean;
  /**
   * An identifier of consecutive whole numbers not named as one (`rownames`, `Unnamed: 0`): a
   * row number, which the fit keeps as a number when the rows are sorted by other columns
   * (fit/rowNumbers.ts).
   */
  rowNumbers?: boolean;
}

export interface InferOptions {
  /** Override the inferred type of named columns. */
  types?: Record<string, ColumnType>;
  /**
   * Rows a category level needs to be stored by name (privacy.minGroupSize, default 5): a column
   * whose rows are mostly in rarer levels (names, free text) is text, described by its shapes.
   */
  minGroupSize?: number;
}

/** Cells that are numbers a table cannot hold: infinities and values too large for a double. */
const INFINITE = /^[+-]?(inf|infinity)$/i;

const BOOLEAN_PAIRS: [string, string][] = [
  ['true', 'false'],
  ['t', 'f'],
  ['yes', 'no'],
  ['y', 'n'],
];
const SAMPLE = 2000;

/**
 * Infer each column's type from its cells:
 * - `boolean`: exactly two spellings of one of true/false, t/f, yes/no, y/n (any case);
 * - `integer` / `number`: every cell parses as a number (currency signs, thousands separators and
 *   percent signs allowed when the whole column uses them); whole, non-negative numbers with at
 *   most min(round(n/10), 10) distinct values are codes and become `category` (SDV's rule, so
 *   our scores compare with SDMetrics');
 * - `id`: integers whose name has an `id` token, or that are unique and consecutive; strings
 *   that are mostly unique and look like codes (no spaces, short);
 * - `text`: strings that are mostly unique and read like prose or names;
 * - `datetime`: a date format from `datetime.ts` parses at least 90% of the cells;
 * - `category`: everything else, unless most rows hold levels seen in fewer than `minGroupSize`
 *   rows (names, addresses): those are `text`, so that no rare value is stored by name.
 * Cells holding Infinity, -Infinity or a number too large to store count as numbers (read as
 * missing, with a warning); a column that is mostly numbers but read as text is flagged.
 */
export function inferColumns(raw: RawTable, options: InferOptions = {}, warnings: Problem[] = []): InferredColumn[] {
  return raw.header.map((name, i) => {
    const forced = options.types && Object.hasOwn(options.types, name) ? options.types[name] : undefined;
    const inferred = inferColumn(name, raw.columns[i], raw.rowCount, warnings, options.minGroupSize ?? 5);
    if (forced && forced !== inferred.type) return coerceTo(forced, name, raw.columns[i]);
    return inferred;
  });
}

function inferColumn(
  name: string,
  cells: (string | null)[],
  rowCount: number,
  warnings: Problem[],
  minGroupSize: number,
): InferredColumn {
  // Every test looks at distinct values only (the column's dictionary, counted when it was read),
  // which for most columns (ages, categories, codes) is a few dozen strings instead of every row.
  const dict = cellDictionary(cells);
  const presentCount = dict.present;
  if (presentCount === 0) return { name, type: 'category', levels: [] };
  const distinct = dict.values;
  const counts = new Map<string, number>();
  for (let k = 0; k < distinct.length; k++) counts.set(distinct[k], dict.counts[k]);

  // Booleans.
  if (distinct.length === 2) {
    const lower = distinct.map((v) => v.trim().toLowerCase()).sort();
    for (const [t, f] of BOOLEAN_PAIRS) {
      if (lower[0] === [t, f].sort()[0] && lower[1] === [t, f].sort()[1]) {
        return { name, type: 'boolean', levels: [...distinct].sort() };
      }
    }
  }

  // Numbers: allowed up to 1% of unreadable cells (typos), which are then read as missing.
  const allowedBad = presentCount >= 20 ? Math.max(1, presentCount * 0.01) : 0;
  const numbers = new Map<string, number>();
  let bad = 0;
  let infinite = 0;
  let numeric = 0;
  for (const d of distinct) {
    const v = parseNumber(d);
    if (Number.isNaN(v)) {
      if (isInfinite(d)) {
        infinite += counts.get(d)!;
        continue;
      }
      bad += counts.get(d)!;
      // Past half the cells it is neither numeric nor numeric-looking: stop parsing.
      if (bad > presentCount / 2) break;
    } else {
      numbers.set(d, v);
      numeric += counts.get(d)!;
    }
  }
  if (numbers.size > 0 && bad <= allowedBad) {
    if (infinite > 0) {
      const first = cells.findIndex((c) => c !== null && !numbers.has(c) && isInfinite(c));
      warnings.push({
        severity: 'warning',
        code: 'csv/infinite',
        line: first + 2,
        message: `Column "${name}": ${infinite} cell${infinite === 1 ? ' holds' : 's hold'} Infinity, -Infinity or a number too large to store (first "${cells[first]}" on line ${first + 2}); read as missing, the column stays numeric.`,
        hint: 'Blank these cells, or replace them with the largest real value, if that is what they mean.',
      });
    }
    if (bad > 0) {
      const firstBad = cells.findIndex((c) => c !== null && !numbers.has(c) && !isInfinite(c));
      warnings.push({
        severity: 'warning',
        code: 'csv/not-a-number',
        line: firstBad + 2,
        column: undefined,
        message: `Column "${name}": ${bad} value${bad === 1 ? ' is' : 's are'} not a number (first "${cells[firstBad]}" on line ${firstBad + 2}); read as missing.`,
        hint: 'Fix or blank these cells if they are typos.',
      });
    }
    return inferNumeric(name, cells.length, numbers, counts, rowCount);
  }
  const looksNumeric = (kind: string): void => {
    if (numeric + infinite < presentCount * 0.5) return;
    const first = cells.findIndex((c) => c !== null && !numbers.has(c) && !isInfinite(c));
    warnings.push({
      severity: 'warning',
      code: 'csv/looks-numeric',
      line: first + 2,
      message: `Column "${name}" is read as ${kind} although ${roundedPercent((numeric + infinite) / presentCount)} of its cells are numbers: ${bad} ${bad === 1 ? 'is' : 'are'} not (first "${cells[first]}" on line ${first + 2}).`,
      hint: 'If the column is numeric, fix or blank the cells that are not numbers.',
    });
  };

  // Datetimes.
  const sample = presentSample(cells, presentCount, SAMPLE);
  const dt = detectDatetimeFormat(sample);
  if (dt) {
    const midnight = midnightFormats(dt, sample);
    if (midnight) {
      warnings.push({
        severity: 'info',
        code: 'csv/date-without-time',
        message: `Column "${name}" writes a date alone (${midnight.format}) where the time is 00:00, and the time beside the date elsewhere (${midnight.withTime}): synthetic values are written the same way.`,
      });
      return { name, type: 'datetime', format: midnight.withTime, midnightFormat: midnight.format };
    }
    if (dt.others.length > 0) {
      const mix = [
        `${dt.format} (${percent(dt.share, 0)})`,
        ...dt.others.map((o) => `${o.format} (${percent(o.share, 0)})`),
      ].join(', ');
      warnings.push({
        severity: 'warning',
        code: 'csv/mixed-date-formats',
        message: `Column "${name}" mixes date formats: ${mix}. All are read; output uses ${dt.format}.`,
        hint: 'Write every date the same way to be sure none is misread.',
      });
    }
    return { name, type: 'datetime', format: dt.format };
  }
  const withFlag = (c: InferredColumn): InferredColumn => {
    looksNumeric(c.type === 'id' ? 'identifiers' : c.type === 'text' ? 'text' : 'categories');
    return c;
  };

  // Strings: category, identifier or free text.
  const uniqueRatio = distinct.length / presentCount;
  if (presentCount >= 20 && distinct.length > 20 && uniqueRatio > 0.5) {
    let spaces = 0;
    let length = 0;
    for (const v of sample) {
      if (/\s/.test(v.trim())) spaces++;
      length += v.length;
    }
    const prose = spaces / sample.length > 0.2 || length / sample.length > 24;
    return withFlag({
      name,
      type: prose ? 'text' : 'id',
      unique: distinct.length === presentCount && presentCount === rowCount,
    });
  }
  // Levels seen in fewer than minGroupSize rows are never stored by name: when they hold most
  // rows (a column of people's names), the column is text and keeps only its values' shapes.
  let rareRows = 0;
  let rareLevels = 0;
  for (let k = 0; k < distinct.length; k++)
    if (dict.counts[k] < minGroupSize) {
      rareRows += dict.counts[k];
      rareLevels++;
    }
  if (rareLevels > minGroupSize && rareRows > presentCount / 2) {
    warnings.push({
      severity: 'info',
      code: 'csv/rare-levels',
      message: `Column "${name}" is read as text: ${roundedPercent(rareRows / presentCount)} of its rows hold one of ${rareLevels} values seen fewer than ${minGroupSize} times, which a blueprint never stores by name; synthetic values keep only their shapes.`,
      hint: 'If it is a category, group the rare values (for example into "other") in the CSV.',
    });
    return withFlag({ name, type: 'text' });
  }
  warnDates(name, sample, warnings);
  return withFlag({ name, type: 'category', levels: [...distinct].sort(compareLevels) });
}

/** A format that writes a time of day. */
const hasTime = (format: string): boolean => /H|h|m|s|A/.test(format.replace(/MMMM|MMM|MM|M/g, ''));

/**
 * The two formats of a column that writes its midnights as a date alone (`2013-06-22`) and other
 * values with their time (`2013-08-06T12:00`): a date format and a datetime format that starts
 * with it, the one covering the other's values, and of the values written with a time at most
 * one in ten at midnight for each written without. Undefined for any other mix.
 */
function midnightFormats(
  dt: { format: string; share: number; others: { format: string; share: number }[] },
  sample: string[],
): { format: string; withTime: string } | undefined {
  const all = [{ format: dt.format, share: dt.share }, ...dt.others];
  if (all.length !== 2 || all[0].share + all[1].share < 0.99) return undefined;
  const date = all.find((f) => !hasTime(f.format));
  const time = all.find((f) => hasTime(f.format));
  if (!date || !time || !time.format.startsWith(date.format)) return undefined;
  let timedMidnights = 0;
  let dates = 0;
  for (const v of sample) {
    const t = parseDatetime(v, time.format);
    if (t === t) {
      if (isMidnight(t)) timedMidnights++;
    } else if (!Number.isNaN(parseDatetime(v, date.format))) dates++;
  }
  return dates > 0 && timedMidnights <= dates / 10 ? { format: date.format, withTime: time.format } : undefined;
}

function isInfinite(cell: string): boolean {
  const t = cell.trim();
  return INFINITE.test(t) || (/^[+-]?[\d.]+e/i.test(t) && !Number.isFinite(Number(t)));
}

/** A category whose values are mostly dates in too many formats: say why it is not a datetime. */
function warnDates(name: string, sample: string[], warnings: Problem[]): void {
  const withDigits = sample.filter((v) => /\d/.test(v));
  if (withDigits.length < sample.length / 2) return;
  const loose = detectDatetimeFormat(withDigits, 0);
  if (!loose) return;
  const covered = ((loose.share + loose.others.reduce((a, o) => a + o.share, 0)) * withDigits.length) / sample.length;
  if (covered < 0.5) return;
  warnings.push({
    severity: 'warning',
    code: 'csv/dates-as-category',
    message: `Column "${name}" looks like dates (${roundedPercent(covered)} of them read as ${[loose.format, ...loose.others.map((o) => o.format)].join(', ')}), but is read as a category: no one format covers most of them.`,
    hint: 'Write every date the same way (for example YYYY-MM-DD) to model the column as dates.',
  });
}

/**
 * A numeric column's kind from its distinct written values (`numbers`: text -> value) and their
 * row counts: identifier, category code, integer or decimal number, and its written format.
 */
function inferNumeric(
  name: string,
  cellCount: number,
  numbers: Map<string, number>,
  counts: Map<string, number>,
  rowCount: number,
): InferredColumn {
  let maxDecimals: number | undefined = 0;
  let allWhole = true;
  let nonNegative = true;
  let rows = 0;
  let maxAbs = 0;
  const distinctValues = new Set<number>();
  for (const [text, v] of numbers) {
    rows += counts.get(text)!;
    distinctValues.add(v);
    if (!Number.isInteger(v)) allWhole = false;
    if (v < 0) nonNegative = false;
    maxAbs = Math.max(maxAbs, Math.abs(v));
    const d = meantDecimals(writtenDecimals(text.replace(/[$€£¥%,]/g, '')), v);
    maxDecimals = d === undefined || maxDecimals === undefined ? undefined : Math.max(maxDecimals, d);
  }
  // Numbers written at a double's full precision (R and pandas write 0.31678086519241333): more
  // digits than a double holds exactly. Rounding to so many decimals is not a rounding (x · 10^17
  // is past 2^53) and loses the values' last digits, so such a column keeps its values exactly and
  // is written back as each value's shortest exact text, like the source.
  const fullPrecision = maxDecimals !== undefined && maxDecimals + wholeDigits(maxAbs) > MAX_SIGNIFICANT;
  if (fullPrecision) maxDecimals = undefined;
  const detected = detectNumberFormat(evenSample([...numbers.keys()], SAMPLE * 5));
  const fmt =
    fullPrecision && detected && !detected.prefix && !detected.suffix && !detected.grouping ? undefined : detected;
  const integerWritten = maxDecimals === 0 && allWhole;
  const unique = distinctValues.size === rows && rows === rowCount;
  if (integerWritten && unique && namesId(name)) return { name, type: 'id', unique };
  if (integerWritten && unique && rows >= 20 && isConsecutive(distinctValues))
    return { name, type: 'id', unique, rowNumbers: true };
  // SDV's rule for numeric codes: whole, non-negative, few distinct values.
  if (allWhole && nonNegative && rows > 5 && distinctValues.size <= Math.min(Math.round(cellCount / 10), 10)) {
    const levels = [...counts.keys()].sort(compareLevels);
    return { name, type: 'category', levels };
  }
  const col: InferredColumn = { name, type: integerWritten ? 'integer' : 'number' };
  if (maxDecimals !== undefined && !integerWritten) col.decimals = maxDecimals;
  if (fmt) col.format = numberFormatToPattern(fmt);
  return col;
}

/** Significant digits a column's written decimals may need and still round exactly in a double. */
const MAX_SIGNIFICANT = 15;

/**
 * The decimals a cell means: as written, except for a binary fraction's noise (Python writes 4.804
 * computed as 4.8 + 0.004 as 4.803999999999999): past 12 decimals, the fewest (at most 12) that
 * give the same value to within 10^-14 of it, a few units in a double's last place. A value
 * written at full precision (0.31678086519241333) is 10^-13 or more from every 12-decimal one.
 */
function meantDecimals(written: number | undefined, v: number): number | undefined {
  if (written === undefined || written <= 12) return written;
  const tolerance = 1e-14 * Math.abs(v);
  for (let d = 0; d <= 12; d++) if (Math.abs(Number(v.toFixed(d)) - v) <= tolerance) return d;
  return written;
}

/** Digits of the whole part of x >= 0 (0 for x < 1). */
function wholeDigits(x: number): number {
  return x < 1 ? 0 : Math.floor(Math.log10(x)) + 1;
}

function coerceTo(type: ColumnType, name: string, cells: (string | null)[]): InferredColumn {
  const present = cells.filter((c): c is string => c !== null);
  switch (type) {
    case 'category':
    case 'boolean':
      return { name, type, levels: [...new Set(present)].sort(compareLevels) };
    case 'datetime': {
      const dt = detectDatetimeFormat(evenSample(present, SAMPLE), 0);
      return { name, type, format: dt?.format ?? 'YYYY-MM-DD' };
    }
    case 'integer':
    case 'number': {
      const counts = new Map<string, number>();
      const numbers = new Map<string, number>();
      for (const c of present) {
        counts.set(c, (counts.get(c) ?? 0) + 1);
        const v = parseNumber(c);
        if (!Number.isNaN(v)) numbers.set(c, v);
      }
      const c = inferNumeric(name, cells.length, numbers, counts, cells.length);
      return { ...c, type };
    }
    default:
      return { name, type };
  }
}

/** Numbers in numeric order, then everything else alphabetically. */
export function compareLevels(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  const xn = a.trim() !== '' && Number.isFinite(x);
  const yn = b.trim() !== '' && Number.isFinite(y);
  if (xn && yn) return x - y;
  if (xn) return -1;
  if (yn) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Words ending in "id" that name no identifier. */
const NOT_IDS = new Set([
  'android',
  'paid',
  'unpaid',
  'prepaid',
  'valid',
  'invalid',
  'covid',
  'acid',
  'fluid',
  'liquid',
  'rapid',
  'humid',
  'solid',
  'hybrid',
  'void',
  'squid',
  'avoid',
  'said',
  'laid',
  'maid',
  'raid',
  'braid',
  'aid',
  'bid',
  'kid',
  'lid',
  'mid',
  'rid',
  'grid',
  'did',
  'arid',
  'lipid',
  'vivid',
  'timid',
  'placid',
  'pyramid',
]);

/**
 * A header that names an identifier: the word id (`id`, `customer_id`, `playerID`) or one word
 * ending in it (`USUBJID`, `custid`, `SUBJID`), not a word like paid or valid.
 */
export function namesId(name: string): boolean {
  const tokens = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  // The stop list is of singular words: `kids` and `aids` are no ids either.
  return tokens.some(
    (t) => t === 'id' || t === 'ids' || (/^[a-z]{1,6}ids?$/.test(t) && !NOT_IDS.has(t.replace(/s$/, ''))),
  );
}

function isConsecutive(values: Set<number>): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return max - min + 1 === values.size;
}

/** `evenSample` of the column's present cells, without collecting them all first. */
function presentSample(cells: (string | null)[], present: number, n: number): string[] {
  if (present === cells.length) return evenSample(cells as string[], n);
  const out: string[] = [];
  const step = present / n;
  let next = 0;
  let k = 0;
  for (let r = 0; r < cells.length && out.length < Math.min(n, present); r++) {
    const c = cells[r];
    if (c === null) continue;
    if (present <= n || k === Math.floor(next * step)) {
      out.push(c);
      next++;
    }
    k++;
  }
  return out;
}

function evenSample<T>(values: T[], n: number): T[] {
  if (values.length <= n) return values;
  const out: T[] = [];
  const step = values.length / n;
  for (let i = 0; i < n; i++) out.push(values[Math.floor(i * step)]);
  return out;
}
