/**
 * Pair charts: correlation heatmaps (real, synthetic, difference), a scatter matrix of the bounded
 * row sample, and the contingency view of one pair (joint shares, real beside synthetic).
 *
 * Column names are never used as Vega field names (a dot or a bracket in a CSV header would be read
 * as a path): rows carry fixed keys and names only appear as values and titles.
 */
import type { CorrelationMatrices, PairFidelity, RowSample } from '../quality/types';
import type { ChartSize, VegaLiteSpec } from './spec';
import { clampWidth, composed, PCT, sideColor, timeFormat } from './spec';
import type { ChartTheme } from './theme';
import { textOn } from './theme';
import { percent } from '../util/format';

export type CorrelationKind = 'real' | 'synthetic' | 'difference';

const KIND_TEXT: Record<CorrelationKind, string> = {
  real: 'Pearson correlation of each pair of numeric columns in the real rows',
  synthetic: 'Pearson correlation of each pair of numeric columns in the synthetic rows',
  difference: 'Difference of correlations, synthetic minus real, for each pair of numeric columns',
};

/** The symmetric colour domain of the difference heatmap: the largest |difference|, at least 0.1, rounded up to 0.1. */
export function differenceDomain(m: CorrelationMatrices): number {
  return Math.max(0.1, Math.ceil((m.maxAbsDifference ?? 0) * 10 - 1e-9) / 10);
}

/** A correlation heatmap; cells show r (or the difference) when they are large enough to read. */
export function correlationHeatmapSpec(
  m: CorrelationMatrices,
  kind: CorrelationKind,
  theme: ChartTheme,
  size: ChartSize = { width: 360 },
): VegaLiteSpec | undefined {
  const n = m.columns.length;
  if (n < 2) return undefined;
  const matrix = m[kind];
  const values: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = matrix[i]?.[j];
      values.push({
        a: m.columns[i],
        b: m.columns[j],
        i,
        j,
        value: v ?? null,
        label: v === null || v === undefined ? 'n/a' : kind === 'difference' ? signed(v) : v.toFixed(2),
      });
    }
  }
  const limit = kind === 'difference' ? differenceDomain(m) : 1;
  const labelSpace = Math.min(130, 16 + 7 * Math.max(...m.columns.map((c) => Math.min(c.length, 18))));
  const cell = Math.max(14, Math.min(56, Math.floor((clampWidth(size.width) - labelSpace - 60) / n)));
  const strong = Math.abs(limit) * 0.55;
  const text = textOn(theme.positive, theme);
  return composed(theme, `${KIND_TEXT[kind]} (${n} columns).`, {
    width: cell * n,
    height: cell * n,
    data: { values },
    encoding: {
      x: {
        field: 'b',
        type: 'nominal',
        sort: m.columns,
        title: null,
        axis: { labelAngle: -40, labelLimit: 110, orient: 'bottom' },
      },
      y: { field: 'a', type: 'nominal', sort: m.columns, title: null, axis: { labelLimit: 110 } },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: theme.grid, strokeWidth: 0.5 },
        encoding: {
          color: {
            field: 'value',
            type: 'quantitative',
            title: kind === 'difference' ? 'Δ r' : 'r',
            scale: {
              domain: [-limit, 0, limit],
              range: [theme.negative, theme.surface, theme.positive],
              clamp: true,
              interpolate: 'rgb',
            },
            legend: {
              orient: 'right',
              title: kind === 'difference' ? 'Δ r' : 'r',
              gradientLength: Math.max(60, cell * n - 20),
              format: kind === 'difference' ? '+.2f' : '.1f',
              direction: 'vertical',
            },
          },
          tooltip: [
            { field: 'a', title: 'row' },
            { field: 'b', title: 'column' },
            { field: 'label', title: kind === 'difference' ? 'synthetic − real' : 'r' },
          ],
        },
      },
      ...(cell >= 26
        ? [
            {
              mark: { type: 'text', fontSize: Math.min(11, Math.max(8, cell / 4)) },
              encoding: {
                text: { field: 'label' },
                color: {
                  condition: { test: `isValid(datum.value) && abs(datum.value) > ${strong}`, value: text },
                  value: theme.foreground,
                },
              },
            },
          ]
        : []),
    ],
  });
}

function signed(v: number): string {
  const s = v.toFixed(2);
  return v > 0 && s !== '0.00' ? `+${s}` : s === '-0.00' ? '0.00' : s;
}

export type ScatterMode = 'both' | 'real' | 'synthetic';

/**
 * A scatter matrix of the sampled numeric columns: points off the diagonal, each column's
 * histogram on it. `both` overlays real and synthetic in their colours; one side alone colours
 * its points by the target's class when the sample carries it. Rendered on canvas (thousands of
 * points): `usermeta.renderer` tells the webview.
 */
export function scatterMatrixSpec(
  sample: RowSample,
  mode: ScatterMode,
  theme: ChartTheme,
  size: ChartSize = { width: 640 },
  maxColumns = 5,
): VegaLiteSpec | undefined {
  const cols = sample.columns.slice(0, maxColumns);
  const n = cols.length;
  if (n < 2) return undefined;
  const values: Record<string, unknown>[] = [];
  const add = (side: 'Real' | 'Synthetic', rows: (number | null)[][], targets: (string | null)[] | undefined): void => {
    rows.forEach((r, k) => {
      const row: Record<string, unknown> = { side, target: targets?.[k] ?? '(missing)' };
      for (let i = 0; i < n; i++) row[`c${i}`] = r[i];
      values.push(row);
    });
  };
  if (mode !== 'synthetic') add('Real', sample.real, sample.target?.real);
  if (mode !== 'real') add('Synthetic', sample.synthetic, sample.target?.synthetic);
  const byTarget = mode !== 'both' && !!sample.target;
  const color = byTarget
    ? {
        field: 'target',
        type: 'nominal',
        title: sample.target!.column,
        scale: { scheme: 'tableau10' },
        legend: { title: sample.target!.column, orient: 'top' },
      }
    : sideColor(theme);
  const cell = Math.max(70, Math.min(200, Math.floor((clampWidth(size.width) - 70 - 10 * n) / n)));
  // Datetimes are epoch milliseconds in the data: their axes read as dates, in the column's resolution.
  const dates = (k: number): Record<string, unknown> => {
    const d = sample.datetimes?.[k];
    return d ? { format: timeFormat(d) } : {};
  };
  const plain = (axis: Record<string, unknown>): Record<string, unknown> => {
    const { format: _f, formatType: _t, ...rest } = axis;
    return rest;
  };
  const kind = (k: number): string => (sample.datetimes?.[k] ? 'temporal' : 'quantitative');
  const scale = (k: number): Record<string, unknown> => (sample.datetimes?.[k] ? { type: 'utc' } : { zero: false });
  const rows = cols.map((_, i) => ({
    hconcat: cols.map((__, j) => {
      const xAxis =
        i === n - 1
          ? { title: cols[j], titleLimit: cell, labelOverlap: 'greedy', tickCount: 4, labelFlush: true, ...dates(j) }
          : { title: null, labels: false, ticks: false };
      // Row 0 starts with a histogram (its y is a count): its scale is labelled on the right instead.
      const yAxis =
        j === 0
          ? { title: cols[i], titleLimit: cell, tickCount: 4, labelOverlap: 'greedy', ...dates(i) }
          : i === 0 && j === n - 1
            ? { title: null, orient: 'right', tickCount: 4, labelOverlap: 'greedy', ...dates(i) }
            : { title: null, labels: false, ticks: false };
      if (i === j) {
        return {
          width: cell,
          height: cell,
          transform: [{ filter: `isValid(datum.c${i})` }],
          mark: {
            type: 'bar',
            opacity: theme.highContrast ? 0.8 : 0.5,
            binSpacing: 0,
            ...(byTarget ? { color: mode === 'real' ? theme.real : theme.synthetic } : {}),
          },
          encoding: {
            // A binned datetime keeps Vega's own date labels (a format would be dropped on bins).
            x: { field: `c${i}`, type: kind(i), bin: { maxbins: 20 }, axis: plain(xAxis) },
            y: {
              aggregate: 'count',
              type: 'quantitative',
              stack: null,
              axis: { ...plain(yAxis), labels: false, ticks: false, grid: false, title: j === 0 ? cols[i] : null },
            },
            ...(byTarget ? {} : { color }),
          },
        };
      }
      return {
        width: cell,
        height: cell,
        transform: [{ filter: `isValid(datum.c${i}) && isValid(datum.c${j})` }],
        mark: { type: 'circle', size: cell < 110 ? 6 : 10, opacity: theme.highContrast ? 0.8 : 0.45 },
        encoding: {
          x: { field: `c${j}`, type: kind(j), scale: scale(j), axis: xAxis },
          y: { field: `c${i}`, type: kind(i), scale: scale(i), axis: yAxis },
          color,
        },
      };
    }),
  }));
  const rowsDrawn =
    mode === 'both'
      ? sample.real.length + sample.synthetic.length
      : mode === 'real'
        ? sample.real.length
        : sample.synthetic.length;
  return composed(
    theme,
    `Scatter matrix of ${cols.join(', ')} on a random sample of ${rowsDrawn.toLocaleString('en-US')} rows (${mode === 'both' ? 'real and synthetic overlaid' : `${mode} rows${byTarget ? `, coloured by ${sample.target!.column}` : ''}`}); histograms on the diagonal.`,
    {
      usermeta: { renderer: 'canvas' },
      data: { values },
      vconcat: rows,
      spacing: 8,
      resolve: { scale: { color: 'shared' } },
    },
  );
}

/**
 * The contingency view of one pair: the share of rows in each joint cell (categories or bins of the
 * real range), real, synthetic, and their difference; side by side when wide enough, else stacked.
 */
export function contingencySpec(
  pair: PairFidelity,
  theme: ChartTheme,
  size: ChartSize = { width: 900 },
): VegaLiteSpec | undefined {
  const t = pair.table;
  if (!t || t.a.length === 0 || t.b.length === 0) return undefined;
  const [colA, colB] = pair.columns;
  const values: Record<string, unknown>[] = [];
  let maxShare = 0;
  let maxDiff = 0;
  for (let i = 0; i < t.a.length; i++) {
    for (let j = 0; j < t.b.length; j++) {
      const r = t.real[i]?.[j] ?? 0;
      const s = t.synthetic[i]?.[j] ?? 0;
      maxShare = Math.max(maxShare, r, s);
      maxDiff = Math.max(maxDiff, Math.abs(s - r));
      values.push({ a: t.a[i], b: t.b[j], real: r, synthetic: s, difference: s - r });
    }
  }
  const w = clampWidth(size.width, 260);
  const horizontal = w >= 760;
  const labelSpace = Math.min(150, 20 + 6.5 * Math.max(...t.a.map((x) => Math.min(x.length, 22))));
  const panels = horizontal ? 3 : 1;
  const avail = horizontal ? (w - labelSpace - 3 * 70) / 3 : w - labelSpace - 80;
  const cell = Math.max(12, Math.min(40, Math.floor(avail / t.b.length)));
  const showText = cell >= 30 && t.a.length <= 12;
  const diffLimit = Math.max(0.01, maxDiff);
  const panel = (field: 'real' | 'synthetic' | 'difference', index: number): Record<string, unknown> => {
    const isDiff = field === 'difference';
    const end = field === 'real' ? theme.real : field === 'synthetic' ? theme.synthetic : theme.positive;
    const scale = isDiff
      ? {
          domain: [-diffLimit, 0, diffLimit],
          range: [theme.negative, theme.surface, theme.positive],
          interpolate: 'rgb',
        }
      : { domain: [0, Math.max(maxShare, 1e-9)], range: [theme.surface, end], interpolate: 'rgb' };
    const strong = isDiff ? diffLimit * 0.55 : maxShare * 0.55;
    const title = field === 'real' ? 'Real' : field === 'synthetic' ? 'Synthetic' : 'Synthetic − real';
    return {
      title: { text: title, fontSize: theme.fontSize },
      width: cell * t.b.length,
      height: cell * t.a.length,
      encoding: {
        x: {
          field: 'b',
          type: 'nominal',
          sort: t.b,
          title: colB,
          axis: { labelAngle: -40, labelLimit: 100, titleLimit: cell * t.b.length },
        },
        y: {
          field: 'a',
          type: 'nominal',
          sort: t.a,
          title: index === 0 || !horizontal ? colA : null,
          axis:
            index === 0 || !horizontal
              ? { labelLimit: 140, titleLimit: cell * t.a.length }
              : { labels: false, ticks: false },
        },
      },
      layer: [
        {
          mark: { type: 'rect', stroke: theme.grid, strokeWidth: 0.5 },
          encoding: {
            color: {
              field,
              type: 'quantitative',
              scale,
              title: isDiff ? 'Δ share' : 'share',
              legend: {
                orient: horizontal ? 'bottom' : 'right',
                format: isDiff ? '+.1%' : '.0%',
                title: isDiff ? 'Δ share' : 'share',
                gradientLength: horizontal
                  ? Math.max(60, cell * t.b.length - 30)
                  : Math.max(60, cell * t.a.length - 20),
                ...(isDiff ? { values: [-diffLimit, 0, diffLimit] } : { tickCount: 3 }),
              },
            },
            tooltip: [
              { field: 'a', title: colA },
              { field: 'b', title: colB },
              { field: 'real', title: 'real', format: PCT },
              { field: 'synthetic', title: 'synthetic', format: PCT },
              { field: 'difference', title: 'synthetic − real', format: '+.1%' },
            ],
          },
        },
        ...(showText
          ? [
              {
                mark: { type: 'text', fontSize: 9 },
                encoding: {
                  text: { field, format: isDiff ? '+.0%' : '.0%' },
                  color: {
                    condition: { test: `abs(datum['${field}']) > ${strong}`, value: textOn(end, theme) },
                    value: theme.foreground,
                  },
                  opacity: { condition: { test: `abs(datum['${field}']) < 0.005`, value: 0 }, value: 1 },
                },
              },
            ]
          : []),
      ],
    };
  };
  const body = [panel('real', 0), panel('synthetic', 1), panel('difference', 2)];
  return composed(
    theme,
    `Joint distribution of ${colA} and ${colB}: share of rows in each combination, real, synthetic and their difference (${pair.metric} ${percent(pair.score)}).`,
    {
      data: { values },
      ...(panels === 3 ? { hconcat: body, spacing: 24 } : { vconcat: body, spacing: 20 }),
      resolve: { scale: { color: 'independent' } },
    },
  );
}
