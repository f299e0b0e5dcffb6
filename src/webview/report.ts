/**
 * The report panel: a header that stays (score, grade, what was compared, actions) and one tab
 * per question a person asks of synthetic data. Tabs render when first opened; charts draw when
 * they scroll into view.
 */
import { isDesignReport, type AnyReport, type QualityReport } from '../core/quality/types';
import { sweepCharts } from './charts';
import { renderDesignReport, reportActions } from './design';
import { band, el, pct } from './dom';
import type { ReportContext, ViewState } from './protocol';
import { columnsTab } from './tabs/columns';
import type { TabContext } from './tabs/context';
import { dataTab } from './tabs/data';
import { overviewTab } from './tabs/overview';
import { pairsTab } from './tabs/pairs';
import { privacyTab } from './tabs/privacy';
import { targetTab } from './tabs/target';
import { timeTab } from './tabs/time';
import { utilityTab } from './tabs/utility';
import { validityTab } from './tabs/validity';
import { selectTab, tabs, type TabItem } from './ui';

export interface ReportHandlers {
  onExport?: () => void;
  onOpenFile?: (which: 'source' | 'blueprint' | 'synthetic') => void;
  /** Re-run the report with this target column (VS Code only). */
  onPickTarget?: (column: string) => void;
  /** Persist view state (tab, chosen column, ...). */
  onState: (patch: Partial<ViewState>) => void;
}

/** The tabs, in order; `available` says whether a report has anything for the tab. */
export const TABS: {
  id: string;
  label: string;
  render: (view: HTMLElement, ctx: TabContext) => void;
  available?: (r: QualityReport) => boolean;
}[] = [
  { id: 'overview', label: 'Overview', render: overviewTab },
  { id: 'columns', label: 'Columns', render: columnsTab },
  { id: 'pairs', label: 'Pairs', render: pairsTab },
  { id: 'target', label: 'Target', render: targetTab },
  { id: 'time', label: 'Time', render: timeTab, available: (r) => (r.time?.length ?? 0) > 0 },
  { id: 'validity', label: 'Validity', render: validityTab },
  { id: 'privacy', label: 'Privacy', render: privacyTab },
  { id: 'utility', label: 'Utility', render: utilityTab },
  { id: 'data', label: 'Data', render: dataTab },
];

/** Render the whole report into `root` (replacing what was there). */
export function renderReport(
  root: HTMLElement,
  report: AnyReport,
  context: ReportContext,
  state: ViewState,
  handlers: ReportHandlers,
): void {
  if (isDesignReport(report)) {
    renderDesignReport(root, report, context, state, handlers);
    return;
  }
  root.replaceChildren();
  sweepCharts();
  let panels: HTMLElement | undefined;
  const ctx: TabContext = {
    report,
    context,
    state: { ...state },
    save(patch) {
      Object.assign(ctx.state, patch);
      handlers.onState(patch);
    },
    goTo(tab, patch) {
      if (patch) ctx.save(patch);
      if (panels) selectTab(panels, tab);
    },
    ...(handlers.onPickTarget ? { pickTarget: handlers.onPickTarget } : {}),
  };
  root.appendChild(header(report, context, handlers));
  const items: TabItem[] = TABS.filter((t) => !t.available || t.available(report)).map((t) => ({
    id: t.id,
    label: t.label,
    render: (view) => t.render(view, ctx),
  }));
  panels = tabs(items, state.tab ?? 'overview', (id) => ctx.save({ tab: id }));
  panels.id = 'report-tabs';
  root.appendChild(panels);
}

function header(report: QualityReport, context: ReportContext, handlers: ReportHandlers): HTMLElement {
  const actions = reportActions(context, handlers, 'Open Synthetic CSV');
  const b = band(report.score);
  return el('header', { class: 'report-header' }, [
    el('div', { class: 'score-block', attrs: { role: 'group', 'aria-label': 'Overall quality' } }, [
      el('div', {
        class: `score ${b}`,
        text: pct(report.score),
        id: 'overall-score',
        attrs: { 'aria-label': `Overall score ${pct(report.score)}` },
      }),
      el('div', {
        class: `grade ${b}`,
        text: report.grade,
        id: 'grade',
        title: 'Grades: A+ >= 90, A >= 80, B+ >= 70, B >= 60, C >= 50, F below',
        attrs: { 'aria-label': `Grade ${report.grade}` },
      }),
    ]),
    el('div', { class: 'title-block' }, [
      el('h1', { text: report.title }),
      el('p', { class: 'muted subtitle', text: subtitle(report, context) }),
    ]),
    actions,
  ]);
}

function subtitle(report: QualityReport, context: ReportContext): string {
  const parts = [
    `${report.real.rows.toLocaleString('en-US')} real rows`,
    `${report.synthetic.rows.toLocaleString('en-US')} synthetic rows`,
  ];
  if (report.generator?.method) parts.push(`method ${report.generator.method}`);
  if (report.generator?.seed !== undefined) parts.push(`seed ${report.generator.seed}`);
  if (context.seconds !== undefined) parts.push(`${context.seconds.toFixed(1)} s`);
  // Each part stays on one line; the line breaks between parts.
  return parts.map((p) => p.replace(/ /g, '\u00a0')).join(' · ');
}
