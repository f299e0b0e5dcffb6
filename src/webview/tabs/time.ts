import { isClockTrend, trendSpec } from '../../core/charts/time';
import { chart } from '../charts';
import { el, section } from '../dom';
import { dropdown, labelled } from '../ui';
import type { TabContext } from './context';

/** Time: for a datetime column, the trend by period (rows, or the mean of a measure), real vs synthetic. */
export function timeTab(view: HTMLElement, ctx: TabContext): void {
  const trends = ctx.report.time ?? [];
  if (trends.length === 0) {
    view.appendChild(el('p', { class: 'muted', text: 'No datetime column: nothing to show over time.' }));
    return;
  }
  let trend = trends.find((t) => t.column === ctx.state.timeColumn) ?? trends[0];
  let measure = trend.measures.some((m) => m.name === ctx.state.measure) ? ctx.state.measure : undefined;
  const holder = el('div');
  const measureSlot = el('span');
  const draw = (): void => {
    ctx.save({ timeColumn: trend.column, measure: measure ?? '' });
    const t = trend;
    const m = measure;
    const period = (p: string): string => (isClockTrend(t) ? p.slice(11) : p);
    holder.replaceChildren(
      chart({
        title: m ? `Mean ${m} by ${t.period} of ${t.column}` : `Rows per ${t.period} of ${t.column}`,
        caption: `${t.periods.length} periods from ${period(t.periods[0])} to ${period(t.periods[t.periods.length - 1])}; real solid, synthetic dashed.`,
        build: (theme, size) => trendSpec(t, m, theme, { width: size.width, height: 260 }),
        attrs: { id: 'time-chart', 'data-column': t.column, 'data-measure': m ?? '' },
        minHeight: 'large',
      }),
    );
  };
  const measurePicker = (): HTMLElement =>
    labelled(
      'Measure',
      dropdown(
        [{ value: '', label: 'Row count' }, ...trend.measures.map((m) => ({ value: m.name, label: `Mean ${m.name}` }))],
        measure ?? '',
        (v) => {
          measure = v || undefined;
          draw();
        },
        'Measure',
        'time-measure',
      ),
    );
  const controls = el('div', { class: 'toolbar' });
  if (trends.length > 1) {
    controls.appendChild(
      labelled(
        'Column',
        dropdown(
          trends.map((t) => ({ value: t.column, label: t.column })),
          trend.column,
          (v) => {
            trend = trends.find((t) => t.column === v) ?? trend;
            if (!trend.measures.some((m) => m.name === measure)) measure = undefined;
            measureSlot.replaceChildren(measurePicker());
            draw();
          },
          'Datetime column',
          'time-column',
        ),
      ),
    );
  }
  measureSlot.appendChild(measurePicker());
  controls.appendChild(measureSlot);
  view.appendChild(
    section('Trend', [controls, holder], {
      intro:
        "Counts per period show whether the synthetic rows spread over time like the real ones; a measure's mean per period shows whether its level follows the same course.",
    }),
  );
  draw();
}
