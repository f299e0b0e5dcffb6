import { columnDistributionSpec } from '../core/charts/columns';
import type { ColumnProfile, QualityReport } from '../core/quality/model';
import type { ReportContext } from './protocol';
import { currentTheme, renderChart } from './charts';
import { band, date, el, num, pct, scoreBar } from './dom';
import { badge, button, dropdown } from './ui';

export interface ReportHandlers {
  onExport?: () => void;
  onOpenFile?: (which: 'source' | 'blueprint' | 'synthetic') => void;
  onColumn?: (name: string) => void;
}

/** Render the whole report into `root` (replacing what was there). */
export function renderReport(root: HTMLElement, report: QualityReport, context: ReportContext, selectedColumn: string | undefined, handlers: ReportHandlers): void {
  root.replaceChildren();
  root.appendChild(header(report, context, handlers));
  root.appendChild(kpis(report, context));
  root.appendChild(columnExplorer(report, selectedColumn, handlers));
  root.appendChild(allColumns(report));
  if (report.notes.length) {
    root.appendChild(el('section', { class: 'notes' }, [el('h2', { text: 'Notes' }), el('ul', {}, report.notes.map((n) => el('li', { text: n })))]));
  }
}

function header(report: QualityReport, context: ReportContext, handlers: ReportHandlers): HTMLElement {
  const actions = el('div', { class: 'actions' });
  if (handlers.onOpenFile && context.blueprintPath) actions.appendChild(button('Open Blueprint', () => handlers.onOpenFile!('blueprint'), { appearance: 'secondary' }));
  if (handlers.onOpenFile && context.syntheticPath) actions.appendChild(button('Open Synthetic CSV', () => handlers.onOpenFile!('synthetic'), { appearance: 'secondary' }));
  if (handlers.onExport) actions.appendChild(button('Export HTML', handlers.onExport, { appearance: 'secondary', title: 'Save this report as one HTML file that opens in any browser' }));
  return el('header', { class: 'report-header' }, [
    el('div', { class: 'score-block' }, [
      el('div', { class: `score ${band(report.score)}`, text: pct(report.score), attrs: { id: 'overall-score', 'aria-label': `Overall score ${pct(report.score)}` } }),
      el('div', { class: `grade ${band(report.score)}`, text: report.grade, attrs: { id: 'grade', title: 'A+ >= 90, A >= 80, B+ >= 70, B >= 60, C >= 50, F below' } }),
    ]),
    el('div', { class: 'title-block' }, [
      el('h1', { text: report.title }),
      el('p', { class: 'verdict', text: report.verdict }),
      report.generator ? el('p', { class: 'muted', text: `method ${report.generator.method ?? 'n/a'} · seed ${report.generator.seed ?? 'n/a'}` }) : null,
    ]),
    actions,
  ]);
}

function kpis(report: QualityReport, context: ReportContext): HTMLElement {
  const card = (label: string, value: string, hint: string): HTMLElement =>
    el('div', { class: 'kpi', title: hint }, [el('div', { class: 'kpi-value', text: value }), el('div', { class: 'kpi-label', text: label })]);
  const cards = [
    card('real rows', report.real.rows.toLocaleString('en-US'), `${report.real.name}`),
    card('synthetic rows', report.synthetic.rows.toLocaleString('en-US'), `${report.synthetic.name}`),
    card('columns', String(report.real.columns), 'columns in the real table'),
    card('missing cells', `${pct(report.real.missingShare)} / ${pct(report.synthetic.missingShare)}`, 'share of empty cells, real / synthetic'),
    card('column shapes', pct(report.fidelity.columnShapes), 'mean of KSComplement (numbers, dates) and TVComplement (categories) over columns'),
    card('pair trends', pct(report.fidelity.pairTrends), 'mean of CorrelationSimilarity (number pairs) and ContingencySimilarity (other pairs)'),
  ];
  if (context.seconds !== undefined) cards.push(card('time', `${context.seconds.toFixed(2)} s`, 'time the job took'));
  return el('section', { class: 'kpis', attrs: { 'aria-label': 'Key figures' } }, cards);
}

function columnExplorer(report: QualityReport, selected: string | undefined, handlers: ReportHandlers): HTMLElement {
  const profiles = report.columns.filter((c) => c.histogram || c.categories);
  const section = el('section', { class: 'explorer' }, [el('h2', { text: 'Column' })]);
  if (profiles.length === 0) {
    section.appendChild(el('p', { class: 'muted', text: 'No column could be compared.' }));
    return section;
  }
  const current = profiles.find((p) => p.name === selected) ?? worstFirst(profiles)[0];
  const body = el('div', { class: 'explorer-body' });
  const show = (name: string): void => {
    const p = profiles.find((x) => x.name === name);
    if (!p) return;
    handlers.onColumn?.(name);
    body.replaceChildren(columnDetail(p));
  };
  const picker = dropdown(profiles.map((p) => ({ value: p.name, label: `${p.name} (${p.type}, ${pct(p.score)})` })), current.name, show, 'Column');
  picker.id = 'column-picker';
  section.appendChild(el('div', { class: 'toolbar' }, [el('label', { text: 'Column' }), picker]));
  section.appendChild(body);
  show(current.name);
  return section;
}

function columnDetail(p: ColumnProfile): HTMLElement {
  const chart = el('div', { class: 'chart chart-large', attrs: { 'data-column': p.name } });
  const spec = columnDistributionSpec(p, currentTheme());
  if (spec) void renderChart(chart, spec, `${p.name}: real and synthetic distributions`);
  return el('div', { class: 'detail' }, [
    el('div', { class: 'detail-head' }, [
      el('h3', { text: p.name }),
      badge(p.type),
      el('span', { class: 'muted', text: `${p.metric ?? ''} ${pct(p.score)}` }),
    ]),
    chart,
    statsTable(p),
  ]);
}

function statsTable(p: ColumnProfile): HTMLElement {
  const rows: [string, string, string][] = [];
  if (p.numeric) {
    const f = p.type === 'datetime' ? date : num;
    const r = p.numeric.real;
    const s = p.numeric.synthetic;
    rows.push(['count', num(r.count), num(s.count)], ['missing', num(r.missing), num(s.missing)]);
    rows.push(['mean', f(r.mean), f(s.mean)]);
    if (p.type !== 'datetime') rows.push(['std', num(r.std), num(s.std)]);
    rows.push(['min', f(r.min), f(s.min)], ['25%', f(r.p25), f(s.p25)], ['median', f(r.median), f(s.median)], ['75%', f(r.p75), f(s.p75)], ['max', f(r.max), f(s.max)]);
    if (p.type !== 'datetime') rows.push(['skewness', num(r.skewness), num(s.skewness)], ['kurtosis', num(r.kurtosis), num(s.kurtosis)]);
  } else if (p.categorical) {
    const r = p.categorical.real;
    const s = p.categorical.synthetic;
    rows.push(['count', num(r.count), num(s.count)], ['distinct', num(r.distinct), num(s.distinct)], ['most common', r.mode ?? 'n/a', s.mode ?? 'n/a']);
  }
  return el('table', { class: 'stats' }, [
    el('thead', {}, [el('tr', {}, [el('th', { text: 'statistic' }), el('th', { text: 'real' }), el('th', { text: 'synthetic' })])]),
    el('tbody', {}, rows.map(([k, a, b]) => el('tr', {}, [el('th', { text: k }), el('td', { text: a }), el('td', { text: b })]))),
  ]);
}

function allColumns(report: QualityReport): HTMLElement {
  const section = el('section', { class: 'all-columns' }, [el('h2', { text: 'All columns' })]);
  const grid = el('div', { class: 'chart-grid' });
  for (const p of report.columns) {
    const card = el('div', { class: 'chart-card' }, [
      el('div', { class: 'chart-card-head' }, [el('span', { class: 'name', text: p.name }), el('span', { class: 'muted', text: `${p.type}${p.score !== undefined ? ` · ${pct(p.score)}` : ''}` })]),
      scoreBar(p.score),
    ]);
    const spec = columnDistributionSpec(p, currentTheme(), { height: p.categories ? Math.min(240, Math.max(60, p.categories.labels.length * 14)) : 120 });
    if (spec) {
      const chart = el('div', { class: 'chart', attrs: { 'data-column': p.name } });
      card.appendChild(chart);
      void renderChart(chart, spec, `${p.name}: real and synthetic distributions`);
    } else {
      const reason = report.fidelity.excluded.find((e) => e.column === p.name)?.reason ?? 'nothing to compare';
      card.appendChild(el('p', { class: 'muted', text: `Not scored: ${reason}.` }));
    }
    grid.appendChild(card);
  }
  section.appendChild(grid);
  return section;
}

function worstFirst(profiles: ColumnProfile[]): ColumnProfile[] {
  return [...profiles].sort((a, b) => (a.score ?? 1) - (b.score ?? 1));
}
