/**
 * Column charts: one column's real and synthetic distributions overlaid, its box plot, and the
 * per-column scores of the Overview.
 */
import type { ColumnProfile, NumericStats } from '../quality/types';
import type { ChartSize, VegaLiteSpec } from './spec';
import { NUM, PCT, SIDES, sideColor, singleView, timeFormat } from './spec';
import type { ChartTheme } from './theme';
import { percent } from '../util/format';
import { scoreBand } from '../quality/score';

export type { VegaLiteSpec } from './spec';

/** What a column chart draws: `values` the whole histogram or only the values other than a dominant one; `only` one side. */
export interface ColumnChartOptions {
  height?: number;
  legend?: boolean;
  /** `others`: the histogram of the values other than `profile.dominant.value` (when there is one). */
  values?: 'all' | 'others';
  /** `synthetic`: the generated table alone (a rules blueprint's report, no real rows). */
  only?: 'synthetic';
}

/**
 * Real and synthetic distributions of one column overlaid in one chart. Numbers and datetimes: a
 * histogram of shares, real as filled bars and synthetic as a step outline drawn over them, so
 * both stay readable where they overlap. Categories: grouped horizontal bars. With `only:
 * 'synthetic'`, the generated table alone, as filled bars. Undefined when the column has nothing
 * to draw.
 */
export function columnDistributionSpec(
  profile: ColumnProfile,
  theme: ChartTheme,
  size: ChartSize = { width: 480 },
  options: ColumnChartOptions = {},
): VegaLiteSpec | undefined {
  const legend = options.legend ?? true;
  const one = options.only === 'synthetic';
  const others = options.values === 'others' && profile.dominant ? profile.dominant : undefined;
  if (profile.histogram && profile.histogram.edges.length > 1) {
    const h = others ? others.histogram : profile.histogram;
    const temporal = profile.type === 'datetime';
    const n = h.edges.length - 1;
    const values: Record<string, unknown>[] = [];
    for (let i = 0; i < n; i++)
      values.push({ start: h.edges[i], end: h.edges[i + 1], real: h.real[i] ?? 0, synthetic: h.synthetic[i] ?? 0 });
    // The step line needs the right edge of the last bin as a final point.
    values.push({ start: h.edges[n], end: null, real: null, synthetic: h.synthetic[n - 1] ?? 0 });
    const xType = temporal ? 'temporal' : 'quantitative';
    const x = {
      field: 'start',
      type: xType,
      title: profile.name,
      scale: temporal ? { type: 'utc', nice: false } : { zero: false, nice: false },
      axis: { labelOverlap: 'greedy', labelSeparation: 8, labelFlush: true, tickCount: 6 },
    };
    const edgeTip = (field: string, title: string): Record<string, unknown> =>
      temporal
        ? { field, title, type: 'temporal', format: timeFormat(profile.resolution), formatType: 'utc' }
        : { field, title, type: 'quantitative', format: NUM };
    const tooltip = [
      edgeTip('start', 'from'),
      edgeTip('end', 'to'),
      ...(one ? [] : [{ field: 'real', title: 'real', format: PCT }]),
      { field: 'synthetic', title: 'synthetic', format: PCT },
    ];
    // One bin holding nearly every row (a cost that is 0 in 98% of rows) would leave one spike and
    // nothing else visible: a symmetric log scale then shows the rest, and the axis title says so.
    const top = Math.max(0, ...(one ? [] : h.real), ...h.synthetic);
    const skewed = top >= SKEWED;
    const of = others ? `share of the values other than ${others.value}` : 'share of rows';
    const y = {
      type: 'quantitative',
      title: skewed ? `${of} (log scale: one bin holds ${Math.round(top * 100)}%)` : of,
      axis: { format: '.0%', tickCount: 4 },
      ...(skewed ? { scale: { type: 'symlog', constant: 0.001 } } : {}),
    };
    const what = others ? `the values of ${profile.name} other than ${others.value}` : profile.name;
    if (one)
      return singleView(
        theme,
        `Histogram of ${what} in the generated rows: share per bin.`,
        size,
        options.height ?? 200,
        {
          data: { values },
          transform: [{ filter: 'isValid(datum.end)' }],
          mark: { type: 'bar', binSpacing: 0, opacity: theme.highContrast ? 0.9 : 0.7 },
          encoding: {
            x: { ...x, bin: { binned: true } },
            x2: { field: 'end' },
            y: { ...y, field: 'synthetic' },
            color: { datum: 'Synthetic', ...colorScale(theme, false) },
            tooltip,
          },
        },
      );
    return singleView(
      theme,
      `Histogram of ${what}: share per bin; real as filled bars, synthetic as an outline.`,
      size,
      options.height ?? 200,
      {
        data: { values },
        layer: [
          {
            transform: [{ filter: 'isValid(datum.end)' }],
            mark: {
              type: 'bar',
              binSpacing: 0,
              opacity: theme.highContrast ? 0.8 : 0.5,
              ...(theme.highContrast ? {} : { strokeWidth: 0 }),
            },
            encoding: {
              x: { ...x, bin: { binned: true } },
              x2: { field: 'end' },
              y: { ...y, field: 'real' },
              color: { datum: 'Real', ...colorScale(theme, legend) },
              tooltip,
            },
          },
          {
            mark: { type: 'line', interpolate: 'step-after', strokeWidth: theme.highContrast ? 3 : 2 },
            encoding: {
              x,
              y: { ...y, field: 'synthetic' },
              color: { datum: 'Synthetic', ...colorScale(theme, legend) },
            },
          },
        ],
      },
    );
  }
  if (profile.categories && profile.categories.labels.length > 0) {
    const c = profile.categories;
    const values: Record<string, unknown>[] = [];
    const limit = Math.max(80, Math.min(220, size.width * 0.3));
    const shown = shortLabels(c.labels, Math.max(8, Math.floor(limit / 6.5)));
    c.labels.forEach((label, i) => {
      const row = { category: label, label: shown[i], order: i };
      if (!one) values.push({ ...row, side: 'Real', share: c.real[i] ?? 0, other: c.synthetic[i] ?? 0 });
      values.push({ ...row, side: 'Synthetic', share: c.synthetic[i] ?? 0, other: c.real[i] ?? 0 });
    });
    const band = one ? 16 : 24;
    return singleView(
      theme,
      one
        ? `Bar chart of ${profile.name} in the generated rows: share of rows per category.`
        : `Bar chart of ${profile.name}: share of rows per category, real and synthetic side by side.`,
      size,
      options.height ?? Math.max(60, c.labels.length * band),
      {
        data: { values },
        mark: { type: 'bar' },
        encoding: {
          y: {
            field: 'label',
            type: 'nominal',
            sort: { field: 'order' },
            title: null,
            axis: { labelLimit: limit + 40 },
          },
          ...(one ? {} : { yOffset: { field: 'side', sort: [...SIDES] } }),
          x: { field: 'share', type: 'quantitative', title: 'share of rows', axis: { format: '.0%', tickCount: 5 } },
          color: sideColor(theme, 'side', legend && !one),
          tooltip: [
            { field: 'category', title: profile.name },
            { field: 'side', title: 'table' },
            { field: 'share', title: 'share', format: PCT },
          ],
        },
      },
    );
  }
  return undefined;
}

/** A histogram bin holding at least this share of one side's rows gets a log scale. */
const SKEWED = 0.9;

/**
 * Category labels cut to `max` characters, each still distinct: "Unknown birth date (a)" and
 * "Unknown birth date (b)" become "Unknown bi…e (a)" and "Unknown bi…e (b)", not four identical
 * "Unknown bir…". The full label stays in the tooltip.
 */
export function shortLabels(labels: string[], max: number): string[] {
  const cut = (l: string, tail: number): string =>
    l.length <= max ? l : `${l.slice(0, Math.max(1, max - 1 - tail))}…${tail ? l.slice(-tail) : ''}`;
  const out = labels.map((l) => cut(l, 0));
  for (let tail = 1; tail < max - 2; tail++) {
    const seen = new Map<string, number>();
    for (const l of out) seen.set(l, (seen.get(l) ?? 0) + 1);
    const clash = out.map((l) => (seen.get(l) ?? 0) > 1);
    if (!clash.some(Boolean)) break;
    out.forEach((_, i) => {
      if (clash[i]) out[i] = cut(labels[i], tail);
    });
  }
  // Labels that differ only in the middle: numbered, so no two bars share a band.
  const count = new Map<string, number>();
  return out.map((l) => {
    const n = (count.get(l) ?? 0) + 1;
    count.set(l, n);
    return n === 1 ? l : `${l} (${n})`;
  });
}

function colorScale(theme: ChartTheme, legend: boolean): Record<string, unknown> {
  return {
    type: 'nominal',
    scale: { domain: [...SIDES], range: [theme.real, theme.synthetic] },
    legend: legend ? { title: null } : null,
  };
}

/**
 * Box plots of a numeric or datetime column, real above synthetic: whiskers (Tukey: the most
 * extreme values within 1.5 IQR of the quartiles), the quartile box, the median, and the minimum
 * and maximum as rings when values lie beyond the whiskers. Undefined for other columns.
 */
export function boxPlotSpec(
  profile: ColumnProfile,
  theme: ChartTheme,
  size: ChartSize = { width: 480 },
  options: Pick<ColumnChartOptions, 'only'> = {},
): VegaLiteSpec | undefined {
  if (!profile.numeric) return undefined;
  const rows = (
    [
      ['Real', profile.numeric.real],
      ['Synthetic', profile.numeric.synthetic],
    ] as const
  )
    .filter(([side]) => options.only !== 'synthetic' || side === 'Synthetic')
    .map(([side, s]) => boxRow(side, s))
    .filter((r): r is Record<string, unknown> => r !== undefined);
  if (rows.length === 0) return undefined;
  const temporal = profile.type === 'datetime';
  const xType = temporal ? 'temporal' : 'quantitative';
  const x = {
    type: xType,
    title: profile.name,
    scale: temporal ? { type: 'utc' } : { zero: false },
    axis: { labelOverlap: 'greedy', labelSeparation: 8, tickCount: 6 },
  };
  const fmt = (field: string, title: string): Record<string, unknown> =>
    temporal
      ? { field, title, type: 'temporal', format: timeFormat(profile.resolution), formatType: 'utc' }
      : { field, title, type: 'quantitative', format: NUM };
  const tooltip = [
    { field: 'side', title: 'table' },
    fmt('min', 'min'),
    fmt('low', 'lower whisker'),
    fmt('q1', '25%'),
    fmt('median', 'median'),
    fmt('q3', '75%'),
    fmt('high', 'upper whisker'),
    fmt('max', 'max'),
    { field: 'outliers', title: 'beyond whiskers', format: ',d' },
  ];
  const y = { field: 'side', type: 'nominal', sort: [...SIDES], title: null, axis: { labelPadding: 6 } };
  const color = sideColor(theme, 'side', false);
  return singleView(
    theme,
    `Box plot of ${profile.name}, ${options.only ? 'generated rows' : 'real and synthetic'}: quartiles, median, whiskers at 1.5 IQR, minimum and maximum.`,
    size,
    options.only ? 60 : 96,
    {
      data: { values: rows },
      encoding: { y, tooltip },
      layer: [
        {
          mark: { type: 'rule', strokeWidth: theme.highContrast ? 2 : 1.5 },
          encoding: { x: { ...x, field: 'low' }, x2: { field: 'high' }, color },
        },
        {
          mark: {
            type: 'bar',
            size: 18,
            opacity: theme.highContrast ? 1 : 0.45,
            stroke: theme.foreground,
            strokeWidth: theme.highContrast ? 1.5 : 0.5,
          },
          encoding: { x: { ...x, field: 'q1' }, x2: { field: 'q3' }, color },
        },
        {
          mark: { type: 'tick', size: 18, thickness: 3, color: theme.foreground },
          encoding: { x: { ...x, field: 'median' } },
        },
        // Rings at the extremes, only where values lie beyond the whiskers (an empty layer would
        // still widen the scale's domain to nothing).
        ...(['min', 'max'] as const)
          .filter((f) =>
            rows.some(
              (r) =>
                (r.outliers as number) > 0 &&
                (f === 'min' ? (r.min as number) < (r.low as number) : (r.max as number) > (r.high as number)),
            ),
          )
          .map((f) => ({
            transform: [
              {
                filter:
                  f === 'min'
                    ? 'datum.outliers > 0 && datum.min < datum.low'
                    : 'datum.outliers > 0 && datum.max > datum.high',
              },
            ],
            mark: { type: 'point', filled: false, size: 40, strokeWidth: 1.5 },
            encoding: { x: { ...x, field: f }, color },
          })),
      ],
    },
  );
}

function boxRow(side: string, s: NumericStats): Record<string, unknown> | undefined {
  if (s.p25 === null || s.p75 === null || s.median === null || s.min === null || s.max === null) return undefined;
  return {
    side,
    min: s.min,
    low: s.whiskerLow ?? s.min,
    q1: s.p25,
    median: s.median,
    q3: s.p75,
    high: s.whiskerHigh ?? s.max,
    max: s.max,
    outliers: s.outliers ?? 0,
  };
}

/**
 * Shape score per column (KSComplement or TVComplement), worst first, coloured by band (good
 * >= 90%, fair >= 75%, poor below). Excluded columns are left out.
 */
export function columnScoresSpec(
  columns: ColumnProfile[],
  theme: ChartTheme,
  size: ChartSize = { width: 480 },
): VegaLiteSpec | undefined {
  const scored = columns.filter((c) => c.score !== undefined).sort((a, b) => (a.score ?? 0) - (b.score ?? 0));
  if (scored.length === 0) return undefined;
  const values = scored.map((c, i) => ({
    column: c.name,
    order: i,
    score: c.score,
    metric: c.metric ?? '',
    type: c.type,
    band: scoreBand(c.score ?? 0),
  }));
  return singleView(
    theme,
    `Shape score of each column, worst first: ${scored.map((c) => `${c.name} ${percent(c.score ?? 0)}`).join(', ')}.`,
    size,
    Math.max(60, scored.length * 20),
    {
      data: { values },
      mark: { type: 'bar', cornerRadiusEnd: 2, height: 13, cursor: 'pointer' },
      encoding: {
        y: {
          field: 'column',
          type: 'nominal',
          sort: { field: 'order' },
          title: null,
          axis: { labelLimit: Math.max(80, Math.min(200, size.width * 0.3)) },
        },
        x: {
          field: 'score',
          type: 'quantitative',
          title: 'column shape score',
          scale: { domain: [0, 1] },
          axis: { format: '.0%', tickCount: 5 },
        },
        color: {
          field: 'band',
          type: 'nominal',
          scale: { domain: ['good', 'fair', 'poor'], range: [theme.good, theme.fair, theme.poor] },
          legend: {
            title: null,
            labelExpr: "datum.label == 'good' ? 'good (≥ 90%)' : datum.label == 'fair' ? 'fair (≥ 75%)' : 'poor'",
          },
        },
        tooltip: [
          { field: 'column', title: 'column' },
          { field: 'type', title: 'type' },
          { field: 'metric', title: 'metric' },
          { field: 'score', title: 'score', format: PCT },
        ],
      },
    },
  );
}
