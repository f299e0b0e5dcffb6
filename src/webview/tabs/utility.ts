import { utilitySpec } from '../../core/charts/utility';
import type { ClassificationMetrics, ModelMetrics, RegressionMetrics, UtilityModel } from '../../core/quality/types';
import { chart } from '../charts';
import { band, el, kpi, num, pct, section, table } from '../dom';
import type { TabContext } from './context';
import { targetChoice } from './targetPicker';

/** Utility: models trained on synthetic rows (TSTR) against trained on real rows (TRTR), tested on real held-out rows. */
export function utilityTab(view: HTMLElement, ctx: TabContext): void {
  const u = ctx.report.utility;
  if (u.skipped || u.models.length === 0) {
    view.append(
      el('p', { class: 'intro', text: u.meaning }),
      el('p', { class: 'muted', text: u.skipped ? `Skipped: ${u.skipped}.` : 'No model was trained.' }),
      targetChoice(ctx, 'utility-target-picker'),
    );
    return;
  }
  const headline = u.headline === 'r2' ? 'R²' : 'Gini (2·AUC − 1)';
  view.append(
    el('p', { class: 'intro', text: u.meaning }),
    targetChoice(ctx, 'utility-target-picker'),
    el('div', { class: 'kpis', attrs: { role: 'group', 'aria-label': 'Utility figures' } }, [
      kpi('skill retained', pct(u.retained), {
        band: band(u.score),
        detail: `TSTR / TRTR of ${headline}`,
        id: 'kpi-retained',
      }),
      ...u.models.map((m) => kpi(m.name, pct(m.retained), { band: band(m.retained), detail: 'retained' })),
      ...(u.target
        ? [
            kpi('target', u.target.column, {
              text: true,
              detail: `${u.target.task}${u.target.positiveClass ? `, positive: ${u.target.positiveClass}` : ''}`,
              hint: u.target.reason,
            }),
          ]
        : []),
    ]),
    section('Trained on synthetic vs trained on real', [
      chart({
        title: 'TSTR vs TRTR',
        caption: u.sizes
          ? `Each model trained on ${u.sizes.trainSynthetic.toLocaleString('en-US')} synthetic or ${u.sizes.trainReal.toLocaleString('en-US')} real training rows, tested on the same ${u.sizes.test.toLocaleString('en-US')} real held-out rows.`
          : undefined,
        build: (t, s) => utilitySpec(u, t, s),
        attrs: { id: 'utility-chart' },
      }),
    ]),
    section(
      'Metrics',
      u.models.map((m) => metricsTable(m)),
    ),
  );
}

function metricsTable(m: UtilityModel): HTMLElement {
  const rows = metricRows(m.tstr, m.trtr).map(([name, a, b, fmt]) => [
    name,
    fmt(a),
    fmt(b),
    a !== null && b !== null && b !== 0 ? `${((a / b) * 100).toFixed(0)}%` : 'n/a',
  ]);
  return table(['metric', 'TSTR (trained on synthetic)', 'TRTR (trained on real)', 'TSTR / TRTR'], rows, {
    class: 'stats compact utility-table',
    caption: `${m.name} · ${pct(m.retained)} retained`,
  });
}

type Row = [string, number | null, number | null, (x: number | null) => string];

function metricRows(s: ModelMetrics, r: ModelMetrics): Row[] {
  const f3 = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(3));
  if ('r2' in s) {
    const a = s as RegressionMetrics;
    const b = r as RegressionMetrics;
    return [
      ['R²', a.r2, b.r2, f3],
      ['MAE', a.mae, b.mae, num],
    ];
  }
  const a = s as ClassificationMetrics;
  const b = r as ClassificationMetrics;
  return [
    ['accuracy', a.accuracy, b.accuracy, f3],
    ['precision', a.precision, b.precision, f3],
    ['recall', a.recall, b.recall, f3],
    ['F1', a.f1, b.f1, f3],
    ['ROC-AUC', a.rocAuc, b.rocAuc, f3],
    ['Gini (2·AUC − 1)', a.rocAuc === null ? null : 2 * a.rocAuc - 1, b.rocAuc === null ? null : 2 * b.rocAuc - 1, f3],
  ];
}
