import type { ColumnProfile } from '../quality/model';
import type { ChartTheme } from './theme';
import { vegaConfig } from './theme';

/** A Vega-Lite spec as plain JSON (the webview hands it to vega-embed). */
export type VegaLiteSpec = Record<string, unknown>;

export const SIDES = ['Real', 'Synthetic'] as const;

/**
 * Real and synthetic distributions of one column overlaid in one chart: a histogram of shares
 * for numbers and datetimes (bars of the two sides drawn translucent over each other), grouped
 * horizontal bars for categories. Undefined when the column has nothing to draw.
 */
export function columnDistributionSpec(profile: ColumnProfile, theme: ChartTheme, options: { width?: number; height?: number } = {}): VegaLiteSpec | undefined {
  const color = { field: 'side', type: 'nominal', scale: { domain: [...SIDES], range: [theme.real, theme.synthetic] }, legend: { title: null } };
  const width = options.width ?? 'container';
  if (profile.histogram && profile.histogram.edges.length > 1) {
    const h = profile.histogram;
    const temporal = profile.type === 'datetime';
    const values: Record<string, unknown>[] = [];
    for (let i = 0; i < h.edges.length - 1; i++) {
      values.push({ start: h.edges[i], end: h.edges[i + 1], side: 'Real', share: h.real[i] });
      values.push({ start: h.edges[i], end: h.edges[i + 1], side: 'Synthetic', share: h.synthetic[i] });
    }
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      description: `Histogram of ${profile.name}: share of rows per bin, real and synthetic overlaid.`,
      width,
      height: options.height ?? 180,
      data: { values },
      mark: { type: 'bar', opacity: 0.6, binSpacing: 0 },
      encoding: {
        x: { field: 'start', type: temporal ? 'temporal' : 'quantitative', bin: { binned: true }, title: profile.name, axis: { labelOverlap: 'greedy', labelSeparation: 8, labelFlush: true } },
        x2: { field: 'end' },
        y: { field: 'share', type: 'quantitative', stack: null, title: 'share of rows', axis: { format: '.0%' } },
        color,
        tooltip: [
          { field: 'side', title: 'table' },
          { field: 'start', title: 'from', type: temporal ? 'temporal' : 'quantitative', ...(temporal ? {} : { format: ',.4~g' }) },
          { field: 'end', title: 'to', type: temporal ? 'temporal' : 'quantitative', ...(temporal ? {} : { format: ',.4~g' }) },
          { field: 'share', title: 'share', format: '.1%' },
        ],
      },
      config: vegaConfig(theme),
    };
  }
  if (profile.categories && profile.categories.labels.length > 0) {
    const c = profile.categories;
    const values: Record<string, unknown>[] = [];
    c.labels.forEach((label, i) => {
      values.push({ category: label, order: i, side: 'Real', share: c.real[i] });
      values.push({ category: label, order: i, side: 'Synthetic', share: c.synthetic[i] });
    });
    const band = 22;
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      description: `Bar chart of ${profile.name}: share of rows per category, real and synthetic side by side.`,
      width,
      height: options.height ?? Math.max(60, c.labels.length * band),
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'category', type: 'nominal', sort: { field: 'order' }, title: null, axis: { labelLimit: 160 } },
        yOffset: { field: 'side', sort: [...SIDES] },
        x: { field: 'share', type: 'quantitative', title: 'share of rows', axis: { format: '.0%' } },
        color,
        tooltip: [
          { field: 'category', title: profile.name },
          { field: 'side', title: 'table' },
          { field: 'share', title: 'share', format: '.1%' },
        ],
      },
      config: vegaConfig(theme),
    };
  }
  return undefined;
}
