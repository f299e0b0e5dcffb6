import { classBalanceSpec, featureByTargetSpec } from '../../core/charts/target';
import { chart } from '../charts';
import { el, pct, section } from '../dom';
import { badge } from '../ui';
import type { TabContext } from './context';
import { targetChoice } from './targetPicker';

/** Target: class balance real vs synthetic, then every feature broken down by the target. */
export function targetTab(view: HTMLElement, ctx: TabContext): void {
  const r = ctx.report;
  const t = r.target;
  if (!t) {
    view.append(
      el('p', { class: 'muted', text: r.utility.skipped ? `No target: ${r.utility.skipped}.` : 'No target column.' }),
      targetChoice(ctx, 'target-picker'),
    );
    return;
  }
  view.append(
    el('p', { class: 'intro' }, ['Target ', el('strong', { text: t.column }), ' ', badge(t.task)]),
    targetChoice(ctx, 'target-picker'),
    section('Class balance', [
      chart({
        title: `${t.column}: class balance`,
        caption:
          t.task === 'regression'
            ? 'A numeric target, cut into quartile bins of the real values.'
            : `${t.classes.length} classes; share of rows in each.`,
        build: (theme, size) => classBalanceSpec(t, theme, size),
        attrs: { id: 'class-balance' },
      }),
      el('p', {
        class: 'muted',
        text: t.classes
          .map((c, i) => `${c}: ${pct(t.balance.real[i])} real, ${pct(t.balance.synthetic[i])} synthetic`)
          .join(' · '),
      }),
    ]),
  );
  const grid = el('div', { class: 'chart-grid wide' });
  for (const f of t.features) {
    grid.appendChild(
      chart({
        title: `${f.name} by ${t.column}`,
        caption: f.boxes
          ? 'Per class: box from 25% to 75%, line at the median, whiskers to the minimum and maximum.'
          : `Per class: share of each ${f.name} category.`,
        build: (theme, size) => featureByTargetSpec(t, f, theme, size),
        attrs: { 'data-feature': f.name },
        empty: `Nothing to draw for ${f.name}.`,
      }),
    );
  }
  view.appendChild(
    section('Features by target', [grid], {
      intro: `${t.features.length} features, each broken down by ${t.column}, real beside synthetic. A feature whose shape changes across classes in the real rows should change the same way in the synthetic rows.`,
    }),
  );
}
