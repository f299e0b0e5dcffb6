/**
 * Utility chart: each model's metrics trained on synthetic rows (TSTR) beside trained on real rows
 * (TRTR), both tested on the same real holdout rows.
 */
import type { ClassificationMetrics, ModelMetrics, RegressionMetrics, UtilityReport } from '../quality/types';
import type { ChartSize, VegaLiteSpec } from './spec';
import { clampWidth, composed } from './spec';
import type { ChartTheme } from './theme';

export const TRAINED_ON = ['Trained on real (TRTR)', 'Trained on synthetic (TSTR)'] as const;

/** Metrics shown per task, with their labels; all on a 0..1 scale (MAE is in the table only). */
export function chartMetrics(m: ModelMetrics): { key: string; label: string; value: number | null }[] {
  if ('r2' in m) return [{ key: 'r2', label: 'R²', value: (m as RegressionMetrics).r2 }];
  const c = m as ClassificationMetrics;
  return [
    { key: 'accuracy', label: 'accuracy', value: c.accuracy },
    { key: 'precision', label: 'precision', value: c.precision },
    { key: 'recall', label: 'recall', value: c.recall },
    { key: 'f1', label: 'F1', value: c.f1 },
    { key: 'rocAuc', label: 'ROC-AUC', value: c.rocAuc },
    // The headline: 0 for a model that ranks at random.
    { key: 'gini', label: 'Gini (2·AUC − 1)', value: c.rocAuc === null ? null : 2 * c.rocAuc - 1 },
  ];
}

export function utilitySpec(
  utility: UtilityReport,
  theme: ChartTheme,
  size: ChartSize = { width: 640 },
): VegaLiteSpec | undefined {
  if (utility.models.length === 0) return undefined;
  const values: Record<string, unknown>[] = [];
  let metricCount = 0;
  let min = 0;
  for (const model of utility.models) {
    const real = chartMetrics(model.trtr);
    const synth = chartMetrics(model.tstr);
    metricCount = Math.max(metricCount, real.length);
    real.forEach((r, i) => {
      const s = synth[i];
      if (r.value !== null)
        values.push({ model: model.name, metric: r.label, order: i, trained: TRAINED_ON[0], value: r.value });
      if (s?.value !== null && s?.value !== undefined)
        values.push({ model: model.name, metric: s.label, order: i, trained: TRAINED_ON[1], value: s.value });
      min = Math.min(min, r.value ?? 0, s?.value ?? 0);
    });
  }
  if (values.length === 0) return undefined;
  const w = clampWidth(size.width, 260);
  const columns = utility.models.length;
  const wide = w >= 560 || columns === 1;
  const panelWidth = wide ? Math.max(140, Math.floor((w - 110 - 20 * columns) / columns)) : Math.max(140, w - 120);
  const target = utility.target ? ` predicting ${utility.target.column}` : '';
  return composed(
    theme,
    `Machine-learning utility${target}: each model's metrics when trained on real rows and when trained on synthetic rows, both tested on real held-out rows.`,
    {
      data: { values },
      facet: {
        [wide ? 'column' : 'row']: {
          field: 'model',
          type: 'nominal',
          title: null,
          header: { labelFontSize: theme.fontSize, labelColor: theme.foreground, labelAnchor: 'start' },
        },
      },
      spacing: 20,
      spec: {
        width: panelWidth,
        height: Math.max(40, metricCount * 36),
        mark: { type: 'bar', cornerRadiusEnd: 2 },
        encoding: {
          y: { field: 'metric', type: 'nominal', sort: { field: 'order' }, title: null },
          yOffset: { field: 'trained', sort: [...TRAINED_ON] },
          x: {
            field: 'value',
            type: 'quantitative',
            title: 'score on real held-out rows',
            scale: { domain: [Math.min(0, min), 1] },
            axis: { format: '.0%', tickCount: 5 },
          },
          color: {
            field: 'trained',
            type: 'nominal',
            scale: { domain: [...TRAINED_ON], range: [theme.real, theme.synthetic] },
            legend: { title: null, orient: 'top', labelLimit: 0 },
          },
          tooltip: [
            { field: 'model', title: 'model' },
            { field: 'metric', title: 'metric' },
            { field: 'trained', title: 'trained on' },
            { field: 'value', title: 'value', format: '.3f' },
          ],
        },
      },
    },
  );
}
