/** Time charts: a datetime column's trend by period, row counts or the mean of a measure, real vs synthetic. */
import type { TimeTrend } from '../quality/types';
import type { ChartSize, VegaLiteSpec } from './spec';
import { NUM, sideColor, singleView } from './spec';
import type { ChartTheme } from './theme';

/** Milliseconds of a period start as the report writes it (UTC, "2019-03-01" or "2019-03-01T05:00"). */
export function periodMs(iso: string): number {
  const s = /[zZ]|[+-]\d\d:?\d\d$/.test(iso)
    ? iso
    : iso.length <= 10
      ? `${iso}T00:00:00Z`
      : `${iso.length === 16 ? `${iso}:00` : iso}Z`;
  return Date.parse(s);
}

const FORMAT: Record<TimeTrend['period'], string> = {
  hour: '%Y-%m-%d %H:00',
  day: '%Y-%m-%d',
  week: 'week of %Y-%m-%d',
  month: '%Y-%m',
  quarter: '%Y-%m',
  year: '%Y',
};

/**
 * A trend of a column of times of day (read on 1970-01-01): hourly periods all on that day, which
 * are named and drawn by the hour alone.
 */
export function isClockTrend(trend: TimeTrend): boolean {
  return trend.period === 'hour' && trend.periods.every((p) => p.startsWith('1970-01-01T'));
}

/**
 * The trend of `trend.column` by period: rows per period (`measure` undefined) or the mean of a
 * numeric column per period, real and synthetic as two lines.
 */
export function trendSpec(
  trend: TimeTrend,
  measure: string | undefined,
  theme: ChartTheme,
  size: ChartSize = { width: 640 },
): VegaLiteSpec | undefined {
  if (trend.periods.length === 0) return undefined;
  const m = measure === undefined ? undefined : trend.measures.find((x) => x.name === measure);
  const realSeries = m ? m.real : trend.counts.real;
  const synthSeries = m ? m.synthetic : trend.counts.synthetic;
  const values: Record<string, unknown>[] = [];
  trend.periods.forEach((p, i) => {
    const t = periodMs(p);
    values.push({ t, side: 'Real', value: realSeries[i] ?? null });
    values.push({ t, side: 'Synthetic', value: synthSeries[i] ?? null });
  });
  const what = m ? `mean ${m.name}` : `rows per ${trend.period}`;
  const clock = isClockTrend(trend);
  const few = trend.periods.length <= 60;
  return singleView(
    theme,
    `${what} by ${trend.period} of ${trend.column}, real and synthetic (${trend.periods.length} periods).`,
    { width: size.width },
    size.height ?? 240,
    {
      data: { values },
      mark: {
        type: 'line',
        strokeWidth: theme.highContrast ? 3 : 2,
        point: few ? { size: 24, filled: true } : false,
        interpolate: 'monotone',
      },
      encoding: {
        x: {
          field: 't',
          type: 'temporal',
          title: `${trend.column} (by ${trend.period})`,
          scale: { type: 'utc' },
          axis: {
            labelOverlap: 'greedy',
            labelSeparation: 10,
            tickCount: 8,
            labelFlush: true,
            ...(clock ? { format: '%H:%M' } : {}),
          },
        },
        y: {
          field: 'value',
          type: 'quantitative',
          title: what,
          scale: { zero: !m },
          axis: { format: m ? '~s' : ',d', tickCount: 5 },
        },
        color: sideColor(theme),
        strokeDash: {
          field: 'side',
          type: 'nominal',
          scale: {
            domain: ['Real', 'Synthetic'],
            range: [
              [1, 0],
              [6, 3],
            ],
          },
          legend: { title: null },
        },
        tooltip: [
          {
            field: 't',
            type: 'temporal',
            title: trend.period,
            format: clock ? '%H:00' : FORMAT[trend.period],
            formatType: 'utc',
          },
          { field: 'side', title: 'table' },
          { field: 'value', title: what, format: m ? NUM : ',d' },
        ],
      },
    },
  );
}
