/**
 * What every chart spec shares. Builders take pre-aggregated numbers from the report model and a
 * width in pixels (the chart's container, measured by the webview); they never see raw rows.
 */
import type { ChartTheme } from './theme';
import { VEGA_LITE_SCHEMA, vegaConfig } from './theme';

/** A Vega-Lite spec as plain JSON (the webview hands it to vega-embed). */
export type VegaLiteSpec = Record<string, unknown>;

/** Size of the space a chart may use. */
export interface ChartSize {
  /** Width of the chart's container in CSS pixels. */
  width: number;
  height?: number;
}

export const SIDES = ['Real', 'Synthetic'] as const;

/** The colour encoding of the two sides: the theme's real and synthetic colours, a legend on top. */
export function sideColor(theme: ChartTheme, field = 'side', legend = true): Record<string, unknown> {
  return {
    field,
    type: 'nominal',
    scale: { domain: [...SIDES], range: [theme.real, theme.synthetic] },
    legend: legend ? { title: null } : null,
  };
}

/**
 * A single-view chart that fits `size.width` exactly (axes and legend included), with its
 * description as the text alternative (Vega puts it in the SVG's aria-label).
 */
export function singleView(
  theme: ChartTheme,
  description: string,
  size: ChartSize,
  height: number,
  body: Record<string, unknown>,
): VegaLiteSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    description,
    width: Math.max(120, Math.floor(size.width)),
    height: Math.max(40, Math.round(height)),
    autosize: { type: 'fit-x', contains: 'padding' },
    ...body,
    config: vegaConfig(theme),
  };
}

/** A composed chart (concat, facet, repeat): sizes are per cell, set by the builder. */
export function composed(theme: ChartTheme, description: string, body: Record<string, unknown>): VegaLiteSpec {
  return { $schema: VEGA_LITE_SCHEMA, description, ...body, config: vegaConfig(theme) };
}

/** Clamp to a sane range so a tiny or huge container still gives a readable chart. */
export function clampWidth(w: number, min = 160, max = 4000): number {
  return Math.max(min, Math.min(max, Math.floor(Number.isFinite(w) ? w : min)));
}

/** Short number format for tooltips and labels: 3 significant digits, grouping. */
export const NUM = ',.4~g';
export const PCT = '.1%';

/** A datetime's d3 time format in its column's own resolution: dates alone for day-only columns. */
export function timeFormat(resolution: 'day' | 'time' | 'clock' | null | undefined): string {
  return resolution === 'day' ? '%Y-%m-%d' : resolution === 'clock' ? '%H:%M' : '%Y-%m-%d %H:%M';
}
