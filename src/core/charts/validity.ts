/** Validity charts: missing values per column and outlier rates per numeric column, real vs synthetic. */
import type { ValidityReport } from '../quality/types';
import type { ChartSize, VegaLiteSpec } from './spec';
import { SIDES, sideColor, singleView } from './spec';
import type { ChartTheme } from './theme';
import { percent } from '../util/format';

function pairedBars(
  theme: ChartTheme,
  description: string,
  size: ChartSize,
  rows: { name: string; real: number; synthetic: number }[],
  xTitle: string,
): VegaLiteSpec {
  const values: Record<string, unknown>[] = [];
  rows.forEach((r, i) => {
    values.push({ column: r.name, order: i, side: 'Real', share: r.real });
    values.push({ column: r.name, order: i, side: 'Synthetic', share: r.synthetic });
  });
  return singleView(theme, description, size, Math.max(60, rows.length * 26), {
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: {
        field: 'column',
        type: 'nominal',
        sort: { field: 'order' },
        title: null,
        axis: { labelLimit: Math.max(80, Math.min(200, size.width * 0.3)) },
      },
      yOffset: { field: 'side', sort: [...SIDES] },
      x: { field: 'share', type: 'quantitative', title: xTitle, axis: { format: '.1~%', tickCount: 5 } },
      color: sideColor(theme),
      tooltip: [
        { field: 'column', title: 'column' },
        { field: 'side', title: 'table' },
        { field: 'share', title: xTitle, format: '.2%' },
      ],
    },
  });
}

/**
 * Share of missing cells per column, real vs synthetic. Only columns with missing values on
 * either side are drawn; undefined when there are none (the panel says so in words).
 */
export function missingSpec(
  validity: ValidityReport,
  theme: ChartTheme,
  size: ChartSize = { width: 480 },
): VegaLiteSpec | undefined {
  const rows = validity.columns
    .filter((c) => c.missing.real > 0 || c.missing.synthetic > 0)
    .map((c) => ({ name: c.name, real: c.missing.real, synthetic: c.missing.synthetic }));
  if (rows.length === 0) return undefined;
  return pairedBars(
    theme,
    `Share of missing values per column, real and synthetic: ${rows.map((r) => `${r.name} ${percent(r.real)} vs ${percent(r.synthetic)}`).join('; ')}.`,
    size,
    rows,
    'missing values',
  );
}

/**
 * Share of values beyond the real column's Tukey fences (1.5 IQR), real vs synthetic, for the
 * numeric columns where either side has some; undefined when none has.
 */
export function outlierSpec(
  validity: ValidityReport,
  theme: ChartTheme,
  size: ChartSize = { width: 480 },
): VegaLiteSpec | undefined {
  const rows = validity.columns
    .filter((c) => c.outliers && (c.outliers.real > 0 || c.outliers.synthetic > 0))
    .map((c) => ({ name: c.name, real: c.outliers!.real, synthetic: c.outliers!.synthetic }));
  if (rows.length === 0) return undefined;
  return pairedBars(
    theme,
    `Share of values beyond the real column's 1.5 IQR fences, real and synthetic: ${rows.map((r) => `${r.name} ${percent(r.real)} vs ${percent(r.synthetic)}`).join('; ')}.`,
    size,
    rows,
    'outliers',
  );
}
