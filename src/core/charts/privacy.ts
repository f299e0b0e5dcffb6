/**
 * Privacy charts: distances to the closest record (DCR) and nearest-neighbour distance ratios
 * (NNDR), as shares of rows per bin on common edges.
 */
import type { DcrSummary, NndrSummary } from '../quality/types';
import type { ChartSize, VegaLiteSpec } from './spec';
import { PCT, singleView } from './spec';
import type { ChartTheme } from './theme';

export const DCR_SERIES = ['Synthetic → train', 'Synthetic → holdout', 'Holdout → train'] as const;

/**
 * DCR histograms: synthetic rows' distance to the closest training row and to the closest holdout
 * row, and, as the baseline, holdout rows' distance to the closest training row. Synthetic rows
 * that sit much closer to the training rows than to the holdout rows would point at memorised records.
 */
export function dcrHistogramSpec(
  dcr: DcrSummary,
  theme: ChartTheme,
  size: ChartSize = { width: 560 },
): VegaLiteSpec | undefined {
  const h = dcr.histogram;
  if (h.edges.length < 2) return undefined;
  const series: [string, number[] | null, string][] = [
    [DCR_SERIES[0], h.syntheticToTrain, theme.synthetic],
    [DCR_SERIES[1], h.syntheticToHoldout, theme.holdout],
    [DCR_SERIES[2], h.holdoutToTrain, theme.real],
  ];
  const present = series.filter((s): s is [string, number[], string] => s[1] !== null);
  return stepHistogram(
    theme,
    size,
    h.edges,
    present,
    'distance to the closest record (0 = identical)',
    `Histogram of distances to the closest record: ${present.map((s) => s[0]).join(', ')}; shares of rows per distance bin.`,
  );
}

/** NNDR histograms: synthetic rows and (the baseline) holdout rows against the training rows. */
export function nndrHistogramSpec(
  nndr: NndrSummary,
  theme: ChartTheme,
  size: ChartSize = { width: 560 },
): VegaLiteSpec | undefined {
  const h = nndr.histogram;
  if (h.edges.length < 2) return undefined;
  const present: [string, number[], string][] = [['Synthetic → train', h.synthetic, theme.synthetic]];
  if (h.holdout) present.push(['Holdout → train', h.holdout, theme.real]);
  return stepHistogram(
    theme,
    size,
    h.edges,
    present,
    'closest / second-closest distance',
    `Histogram of nearest-neighbour distance ratios: ${present.map((s) => s[0]).join(', ')}; shares of rows per bin.`,
  );
}

function stepHistogram(
  theme: ChartTheme,
  size: ChartSize,
  edges: number[],
  series: [string, number[], string][],
  xTitle: string,
  description: string,
): VegaLiteSpec {
  const values: Record<string, unknown>[] = [];
  const n = edges.length - 1;
  for (const [name, shares] of series) {
    for (let i = 0; i < n; i++)
      values.push({ series: name, start: edges[i], end: edges[i + 1], share: shares[i] ?? 0 });
    values.push({ series: name, start: edges[n], end: null, share: shares[n - 1] ?? 0 });
  }
  const color = {
    field: 'series',
    type: 'nominal',
    scale: { domain: series.map((s) => s[0]), range: series.map((s) => s[2]) },
    legend: { title: null },
  };
  const x = {
    field: 'start',
    type: 'quantitative',
    title: xTitle,
    scale: { domain: [edges[0], edges[n]], nice: false },
    axis: { format: '.2~f', tickCount: 6, labelFlush: true },
  };
  const y = {
    field: 'share',
    type: 'quantitative',
    title: 'share of rows',
    stack: null,
    axis: { format: '.0%', tickCount: 4 },
  };
  return singleView(theme, description, size, 220, {
    data: { values },
    layer: [
      {
        // Filled first series, faint, so where the synthetic rows sit reads at a glance.
        transform: [{ filter: { field: 'series', equal: series[0][0] } }, { filter: 'isValid(datum.end)' }],
        mark: {
          type: 'bar',
          binSpacing: 0,
          opacity: theme.highContrast ? 0.5 : 0.25,
          strokeWidth: 0,
          color: series[0][2],
        },
        encoding: { x: { ...x, bin: { binned: true } }, x2: { field: 'end' }, y },
      },
      {
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: theme.highContrast ? 3 : 2 },
        encoding: {
          x,
          y,
          color,
          strokeDash: {
            field: 'series',
            type: 'nominal',
            scale: {
              domain: series.map((s) => s[0]),
              range: [
                [1, 0],
                [6, 3],
                [2, 2],
              ].slice(0, series.length),
            },
            legend: { title: null },
          },
        },
      },
      {
        transform: [{ filter: 'isValid(datum.end)' }],
        mark: { type: 'bar', binSpacing: 0, opacity: 0 },
        encoding: {
          x: { ...x, bin: { binned: true } },
          x2: { field: 'end' },
          y,
          tooltip: [
            { field: 'series', title: 'rows' },
            { field: 'start', title: 'from', format: '.3f' },
            { field: 'end', title: 'to', format: '.3f' },
            { field: 'share', title: 'share', format: PCT },
          ],
        },
      },
    ],
  });
}
