import { describe, expect, it } from 'vitest';
import { timeFormat } from '../../../../src/core/charts/spec';
import { isClockTrend } from '../../../../src/core/charts/time';
import { pairTrendsSection } from '../../../../src/core/quality/pairs';
import { cellText, datetimeDisplay } from '../../../../src/core/quality/tables';
import type { NumericColumn, Table } from '../../../../src/core/table';

const H = 3_600_000;
const datetime = (name: string, values: number[]): NumericColumn => ({
  storage: 'numeric',
  name,
  type: 'datetime',
  values: Float64Array.from(values),
});

describe('how datetimes are shown', () => {
  it('a column of times of day (all on 1970-01-01) by the clock time alone', () => {
    const times = datetime('start', [8 * H, 20.25 * H, NaN, 23.999 * H]);
    expect(datetimeDisplay(times.values)).toBe('clock');
    expect(cellText(times, 1)).toBe('20:15:00');
    expect(cellText(times, 2)).toBeNull();
    expect(timeFormat('clock')).toBe('%H:%M');
    // Whole days stay dates; a later day makes every value a full datetime.
    expect(datetimeDisplay(Float64Array.of(0, 86_400_000))).toBe('day');
    const mixed = datetime('at', [8 * H, 30 * H]);
    expect(datetimeDisplay(mixed.values)).toBe('time');
    expect(cellText(mixed, 0)).toBe('1970-01-01 08:00:00');
    // The time tab's hours: a trend whose hourly periods all fall on 1970-01-01.
    const trend = (periods: string[]) => ({
      column: 'start',
      period: 'hour' as const,
      periods,
      counts: { real: [], synthetic: [] },
      measures: [],
    });
    expect(isClockTrend(trend(['1970-01-01T00:00', '1970-01-01T23:00']))).toBe(true);
    expect(isClockTrend(trend(['1970-01-01T23:00', '1970-01-02T00:00']))).toBe(false);
  });

  it("labels a time-of-day column's pair-table bins by hour and minute", () => {
    const table = (shift: number): Table => ({
      rowCount: 40,
      columns: [
        datetime(
          'start',
          Array.from({ length: 40 }, (_, i) => (i % 20) * H + shift),
        ),
        datetime(
          'end',
          Array.from({ length: 40 }, (_, i) => ((i % 20) + 2) * H),
        ),
      ],
    });
    const section = pairTrendsSection(table(0), table(60_000), ['start', 'end']);
    const labels = section.scores[0].table!.a;
    // The real column's range, 0:00 to 19:00, in ten bins of 1.9 hours (1:54): the last from
    // 9 x 1.9 = 17.1 hours (17:06).
    expect(labels[0]).toBe('00:00 – 01:54');
    expect(labels[9]).toBe('17:06 – 19:00');
  });
});

describe('pair trends of a wide table', () => {
  // 120 number columns of 30 rows: 7,140 pairs. Every pair is scored; contingency tables are kept
  // for the 300 worst and the correlation matrices for the 100 columns of the worst number pairs
  // (1,000 columns made a report too long to write: "Invalid string length").
  let s = 5;
  const rnd = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const wide = (): Table => ({
    rowCount: 30,
    columns: Array.from({ length: 120 }, (_, j) => ({
      storage: 'numeric' as const,
      name: `c${j}`,
      type: 'number' as const,
      values: Float64Array.from({ length: 30 }, () => rnd()),
    })),
  });
  const real = wide();
  const names = real.columns.map((c) => c.name);
  const section = pairTrendsSection(real, wide(), names);

  it('scores every pair and keeps tables for the 300 worst', () => {
    expect(section.scores).toHaveLength((120 * 119) / 2);
    const withTable = section.scores.filter((p) => p.table);
    expect(withTable).toHaveLength(300);
    const cut = Math.max(...withTable.map((p) => p.score));
    expect(section.scores.filter((p) => !p.table).every((p) => p.score >= cut)).toBe(true);
    expect(section.notes.join(' ')).toMatch(/300 worst of 7,140 column pairs/);
  });

  it('limits the correlation matrices to 100 columns, those of the worst number pairs', () => {
    expect(section.correlation!.columns).toHaveLength(100);
    const worst = [...section.scores].sort((a, b) => a.score - b.score)[0];
    for (const n of worst.columns) expect(section.correlation!.columns).toContain(n);
    expect(section.notes.join(' ')).toMatch(/100 numeric columns in the worst number pairs, of 120/);
  });
});
