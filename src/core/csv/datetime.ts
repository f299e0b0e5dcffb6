/**
 * Date and datetime formats: detect the format of a column, parse to milliseconds since the epoch
 * (the wall-clock time read as UTC, so no time zone shifts a value), and format back in the same
 * shape, so synthetic dates look like the source's.
 *
 * Format tokens: YYYY, MM (01-12), M (1-12), MMM (Jan), MMMM (January), DD, D, HH, H, hh, h
 * (12-hour), mm, ss, SSS (milliseconds), A (AM/PM). Any other character is literal.
 */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const MONTH_ABBR = MONTHS.map((m) => m.slice(0, 3));
const TOKEN = /YYYY|MMMM|MMM|MM|M|DD|D|HH|H|hh|h|mm|ss|SSS|A/g;

interface CompiledFormat {
  readonly format: string;
  readonly regex: RegExp;
  readonly fields: string[];
}

const compiled = new Map<string, CompiledFormat>();

function compile(format: string): CompiledFormat {
  let c = compiled.get(format);
  if (c) return c;
  const fields: string[] = [];
  let pattern = '';
  let last = 0;
  for (const m of format.matchAll(TOKEN)) {
    pattern += escapeRegex(format.slice(last, m.index));
    last = m.index + m[0].length;
    fields.push(m[0]);
    switch (m[0]) {
      case 'YYYY':
        pattern += '(\\d{4})';
        break;
      case 'MMMM':
        pattern += '([A-Za-z]{3,9})';
        break;
      case 'MMM':
        pattern += '([A-Za-z]{3})';
        break;
      case 'MM':
      case 'DD':
      case 'HH':
      case 'hh':
      case 'mm':
      case 'ss':
        pattern += '(\\d{2})';
        break;
      case 'M':
      case 'D':
      case 'H':
      case 'h':
        pattern += '(\\d{1,2})';
        break;
      case 'SSS':
        pattern += '(\\d{1,9})';
        break;
      case 'A':
        pattern += '([AaPp][Mm])';
        break;
    }
  }
  pattern += escapeRegex(format.slice(last));
  c = { format, regex: new RegExp(`^${pattern}$`), fields };
  compiled.set(format, c);
  return c;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
}

/** Parse `text` in `format`; NaN when it does not match or is not a real calendar date. */
export function parseDatetime(text: string, format: string): number {
  const c = compile(format);
  const m = c.regex.exec(text.trim());
  if (!m) return NaN;
  let year = 1970,
    month = 1,
    day = 1,
    hour = 0,
    minute = 0,
    second = 0,
    ms = 0;
  let pm: boolean | undefined;
  for (let i = 0; i < c.fields.length; i++) {
    const v = m[i + 1];
    switch (c.fields[i]) {
      case 'YYYY':
        year = +v;
        break;
      case 'MM':
      case 'M':
        month = +v;
        break;
      case 'MMM':
      case 'MMMM': {
        const idx = MONTH_ABBR.findIndex((a) => a.toLowerCase() === v.slice(0, 3).toLowerCase());
        if (idx < 0) return NaN;
        if (c.fields[i] === 'MMMM' && v.length > 3 && MONTHS[idx].toLowerCase() !== v.toLowerCase()) return NaN;
        month = idx + 1;
        break;
      }
      case 'DD':
      case 'D':
        day = +v;
        break;
      case 'HH':
      case 'H':
      case 'hh':
      case 'h':
        hour = +v;
        break;
      case 'mm':
        minute = +v;
        break;
      case 'ss':
        second = +v;
        break;
      case 'SSS':
        ms = Math.round(+`0.${v}` * 1000);
        break;
      case 'A':
        pm = v.toLowerCase() === 'pm';
        break;
    }
  }
  if (pm !== undefined) {
    if (hour < 1 || hour > 12) return NaN;
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
    return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Format milliseconds since the epoch (UTC wall clock) in `format`. */
/** Milliseconds in a day: datetimes are UTC wall-clock times, so a midnight is a multiple of it. */
const DAY_MS = 86_400_000;

/** Whether a datetime (ms since the epoch, UTC wall clock) is at midnight. */
export function isMidnight(t: number): boolean {
  return t % DAY_MS === 0;
}

/**
 * How a datetime column writes its values: in `format`, and at midnight in `midnightFormat` when
 * it has one (the column's `midnightFormat`: its source wrote a date alone there).
 */
export function datetimeWriter(format: string, midnightFormat?: string): (t: number) => string {
  if (!midnightFormat) return (t) => formatDatetime(t, format);
  return (t) => formatDatetime(t, isMidnight(t) ? midnightFormat : format);
}

export function formatDatetime(ms: number, format: string): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  const hour = d.getUTCHours();
  return format.replace(TOKEN, (t) => {
    switch (t) {
      case 'YYYY':
        return String(year).padStart(4, '0');
      case 'MMMM':
        return MONTHS[month - 1];
      case 'MMM':
        return MONTH_ABBR[month - 1];
      case 'MM':
        return pad2(month);
      case 'M':
        return String(month);
      case 'DD':
        return pad2(day);
      case 'D':
        return String(day);
      case 'HH':
        return pad2(hour);
      case 'H':
        return String(hour);
      case 'hh':
        return pad2(hour % 12 === 0 ? 12 : hour % 12);
      case 'h':
        return String(hour % 12 === 0 ? 12 : hour % 12);
      case 'mm':
        return pad2(d.getUTCMinutes());
      case 'ss':
        return pad2(d.getUTCSeconds());
      case 'SSS':
        return String(d.getUTCMilliseconds()).padStart(3, '0');
      case 'A':
        return hour < 12 ? 'AM' : 'PM';
      default:
        return t;
    }
  });
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

const TIME_SUFFIXES = [
  '',
  ' HH:mm',
  ' HH:mm:ss',
  ' HH:mm:ss.SSS',
  'THH:mm',
  'THH:mm:ss',
  'THH:mm:ss.SSS',
  'THH:mm:ssZ',
  'THH:mm:ss.SSSZ',
  ' hh:mm A',
  ' hh:mm:ss A',
  ' h:mm A',
  ' h:mm:ss A',
  ' H:mm',
  ' H:mm:ss',
];
const DATE_PARTS = [
  'YYYY-MM-DD',
  'YYYY/MM/DD',
  'YYYY.MM.DD',
  'YYYY-M-D',
  'YYYY/M/D',
  'MM/DD/YYYY',
  'M/D/YYYY',
  'DD/MM/YYYY',
  'D/M/YYYY',
  'DD-MM-YYYY',
  'DD.MM.YYYY',
  'D.M.YYYY',
  'MM-DD-YYYY',
  'MMM DD YYYY',
  'MMM D YYYY',
  'MMM D, YYYY',
  'MMM DD, YYYY',
  'MMMM D, YYYY',
  'MMMM DD, YYYY',
  'D MMM YYYY',
  'DD MMM YYYY',
  'DD-MMM-YYYY',
  'D MMMM YYYY',
];

/**
 * A time of day alone (a shift's start, a departure time): read as that time on 1970-01-01 and
 * written back in its own format, so it is a datetime whose calendar parts other than the time
 * of day are constant. Without these, 08:15 was an identifier of shape 99:99, generated as 87:43.
 */
const TIMES_OF_DAY = [
  'HH:mm',
  'HH:mm:ss',
  'HH:mm:ss.SSS',
  'H:mm',
  'H:mm:ss',
  'hh:mm A',
  'hh:mm:ss A',
  'h:mm A',
  'h:mm:ss A',
];

/** Every candidate format, most specific first within each date part, then the times of day. */
export const CANDIDATE_FORMATS: readonly string[] = [
  ...DATE_PARTS.flatMap((d) => TIME_SUFFIXES.map((t) => d + t)),
  ...TIMES_OF_DAY,
];

export interface DatetimeDetection {
  format: string;
  /** Share of the sampled non-missing values the format parses. */
  share: number;
  /** Other formats needed to parse the rest, with their shares (mixed-format columns). */
  others: { format: string; share: number }[];
}

/**
 * Find the format that parses the most of `values` (a sample of non-missing cells). Returns
 * undefined when no format parses at least `minShare` of them. Ambiguous day/month orders are
 * settled by the data: `DD/MM` wins only when some first field exceeds 12.
 */
export function detectDatetimeFormat(values: string[], minShare = 0.9): DatetimeDetection | undefined {
  if (values.length === 0) return undefined;
  // Cheap pre-filter: datetimes have a digit and at most a few letters.
  const first = values[0].trim();
  if (!/\d/.test(first) || first.length > 40 || first.length < 4) return undefined;
  const best = bestFormat(values);
  if (!best) return undefined;
  const share = best.hits / values.length;
  // Mixed formats: explain the values the best format leaves, a few formats deep.
  const others: { format: string; share: number }[] = [];
  let rest = values.filter((v) => Number.isNaN(parseDatetime(v, best.format)));
  for (let depth = 0; depth < 3 && rest.length > 0; depth++) {
    const next = bestFormat(rest);
    if (!next) break;
    others.push({ format: next.format, share: next.hits / values.length });
    rest = rest.filter((v) => Number.isNaN(parseDatetime(v, next.format)));
  }
  const covered = share + others.reduce((a, o) => a + o.share, 0);
  // One format for most cells, or a few formats that together read nearly all of them (a column
  // split evenly over four formats is still dates; the caller says that the formats are mixed).
  if (covered < minShare || (share < 0.5 && covered < 0.9)) return undefined;
  return { format: preferPadded(best.format, values), share, others };
}

/** The candidate format that parses the most values (ties: the earlier, more common one). */
function bestFormat(values: string[]): { format: string; hits: number } | undefined {
  // Probe a few values spread over the sample to skip formats that match none of them.
  const probes: string[] = [];
  for (let i = 0; i < Math.min(8, values.length); i++)
    probes.push(values[Math.floor((i * values.length) / Math.min(8, values.length))].trim());
  let best: { format: string; hits: number } | undefined;
  for (const format of CANDIDATE_FORMATS) {
    const c = compile(format);
    if (!probes.some((p) => c.regex.test(p))) continue;
    let hits = 0;
    for (const v of values) if (!Number.isNaN(parseDatetime(v, format))) hits++;
    if (hits > 0 && (!best || hits > best.hits)) best = { format, hits };
  }
  return best;
}

/** When a single-digit token format won only because it also accepts two digits, keep padding. */
function preferPadded(format: string, values: string[]): string {
  const padded = format.replace(/\bM\b/g, 'MM').replace(/\bD\b/g, 'DD').replace(/\bH\b/g, 'HH');
  if (padded === format) return format;
  return values.every((v) => !Number.isNaN(parseDatetime(v, padded))) ? padded : format;
}
