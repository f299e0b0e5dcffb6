/**
 * Calendar parts of a datetime column that a `cart` tree may split on, written `column@part` in a
 * split's `column` (`date_time@hour`). Traffic follows the hour of the day and the day of the
 * week; a tree on the timestamp alone (milliseconds since the epoch) would need a split per day to
 * see that. The parts are computed from the datetime as generated (UTC wall clock, as datetimes
 * are read), never stored or generated themselves.
 *   hour      time of day in hours, 0 to 24 (fractional: 7:30 is 7.5); columns with a time of day
 *   weekday   0 Monday ... 6 Sunday
 *   month     1 January ... 12 December
 */
export const CALENDAR_PARTS = ['hour', 'weekday', 'month'] as const;
export type CalendarPart = (typeof CALENDAR_PARTS)[number];

const DAY_MS = 86_400_000;

/** The parts a column offers: none unless it is a datetime; `hour` only with a time of day. */
export function calendarParts(spec: { type: string; resolution?: string }): CalendarPart[] {
  if (spec.type !== 'datetime') return [];
  return spec.resolution === 'day' ? ['weekday', 'month'] : [...CALENDAR_PARTS];
}

/** `column@part` split apart, or undefined when `name` names no part. */
export function parsePartName(name: string): { column: string; part: CalendarPart } | undefined {
  const at = name.lastIndexOf('@');
  if (at <= 0) return undefined;
  const part = name.slice(at + 1);
  return (CALENDAR_PARTS as readonly string[]).includes(part)
    ? { column: name.slice(0, at), part: part as CalendarPart }
    : undefined;
}

/**
 * The rows' place in a run, read beside a counter that numbers them (`id@row`): row g of N at
 * (g + 0.5) / N, from 0 (the first rows) to 1 (the last). A cart tree may split on it where the
 * source's rows are in an order the counter shows (their other columns change along it).
 */
export function positionName(counter: string): string {
  return `${counter}@row`;
}

/** The counter of a `counter@row` name, or undefined. */
export function parsePositionName(name: string): string | undefined {
  return name.endsWith('@row') && name.length > 4 ? name.slice(0, -4) : undefined;
}

export function partName(column: string, part: CalendarPart): string {
  return `${column}@${part}`;
}

/** The part of a datetime (ms since the epoch); NaN stays NaN. */
export function partOf(part: CalendarPart, t: number): number {
  if (t !== t) return NaN;
  switch (part) {
    case 'hour':
      return (((t % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000;
    case 'weekday':
      // 1970-01-01 was a Thursday (3 with Monday = 0).
      return (((Math.floor(t / DAY_MS) + 3) % 7) + 7) % 7;
    case 'month': {
      // Civil month from the day number without a Date per row (tree routing calls this for
      // every generated row): Hinnant's days_from_civil inverse, proleptic Gregorian.
      const z = Math.floor(t / DAY_MS) + 719468;
      const doe = z - Math.floor(z / 146097) * 146097;
      const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
      const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
      const mp = Math.floor((5 * doy + 2) / 153);
      return mp < 10 ? mp + 3 : mp - 9;
    }
  }
}
