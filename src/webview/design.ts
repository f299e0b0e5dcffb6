/**
 * The report of a rules blueprint without a source (a template, a hand-written blueprint): no
 * score, since there is nothing real to compare with; the tabs say what the blueprint declares and
 * what the generated rows achieve (validity, declared rates) and profile the generated table
 * (columns, pairs, data). Tabs that need real rows (fidelity, privacy, utility, target) are not
 * shown, and the header says why.
 */
import { boxPlotSpec, columnDistributionSpec } from '../core/charts/columns';
import { correlationHeatmapSpec, scatterMatrixSpec } from '../core/charts/pairs';
import type { ColumnProfile, CorrelationMatrices, DesignReport, EdaColumn } from '../core/quality/types';
import { chart, sweepCharts } from './charts';
import { date, el, int, kpi, num, pct, section, table, type Child } from './dom';
import type { ReportContext, ViewState } from './protocol';
import { distributionChart } from './tabs/columns';
import { badge, button, dropdown, labelled, selectTab, setDropdownValue, tabs, type TabItem } from './ui';

/** What the panel can do for the report (the fidelity report's handlers fit). */
interface DesignHandlers {
  onExport?: () => void;
  onOpenFile?: (which: 'source' | 'blueprint' | 'synthetic') => void;
  onState: (patch: Partial<ViewState>) => void;
}

/** Render a design report into `root` (replacing what was there). */
export function renderDesignReport(
  root: HTMLElement,
  report: DesignReport,
  context: ReportContext,
  state: ViewState,
  handlers: DesignHandlers,
): void {
  root.replaceChildren();
  sweepCharts();
  let panels: HTMLElement | undefined;
  const save = (patch: Partial<ViewState>): void => handlers.onState(patch);
  const goTo = (tab: string): void => {
    if (panels) selectTab(panels, tab);
  };
  root.appendChild(header(report, context, handlers));
  const items: TabItem[] = [
    { id: 'overview', label: 'Overview', render: (v) => overview(v, report, goTo) },
    { id: 'validity', label: 'Validity', render: (v) => validity(v, report) },
    { id: 'rates', label: 'Targets & rates', render: (v) => rates(v, report) },
    { id: 'columns', label: 'Columns', render: (v) => columns(v, report, state, save) },
    { id: 'pairs', label: 'Pairs', render: (v) => pairs(v, report) },
    { id: 'data', label: 'Data', render: (v) => data(v, report) },
  ];
  const known = items.some((i) => i.id === state.tab);
  panels = tabs(items, known ? state.tab! : 'overview', (id) => save({ tab: id }));
  panels.id = 'report-tabs';
  root.appendChild(panels);
}

/** The report header's buttons (both report kinds): open the blueprint, open the rows, export. */
export function reportActions(context: ReportContext, handlers: DesignHandlers, rowsLabel: string): HTMLElement {
  const actions = el('div', { class: 'actions' });
  if (handlers.onOpenFile && context.blueprintPath)
    actions.appendChild(
      button('Open Blueprint', () => handlers.onOpenFile!('blueprint'), {
        appearance: 'secondary',
        title: `Open ${context.blueprintPath}`,
      }),
    );
  if (handlers.onOpenFile && context.syntheticPath)
    actions.appendChild(
      button(rowsLabel, () => handlers.onOpenFile!('synthetic'), {
        appearance: 'secondary',
        title: `Open ${context.syntheticPath}`,
      }),
    );
  if (handlers.onExport)
    actions.appendChild(
      button('Export HTML', handlers.onExport, {
        appearance: 'secondary',
        title: 'Save this report as one HTML file that opens in any browser',
        id: 'export-html',
      }),
    );
  return actions;
}

function header(report: DesignReport, context: ReportContext, handlers: DesignHandlers): HTMLElement {
  const actions = reportActions(context, handlers, 'Open Generated File');
  const v = report.validity;
  const ok = v.passed === v.checks && report.rates.every((r) => r.within);
  const parts = [
    `${report.synthetic.rows.toLocaleString('en-US')} generated rows`,
    `method ${report.generator.method}`,
    `seed ${report.generator.seed}`,
  ];
  if (context.seconds !== undefined) parts.push(`${context.seconds.toFixed(1)} s`);
  return el('header', { class: 'report-header design-header' }, [
    el('div', { class: 'score-block', attrs: { role: 'group', 'aria-label': 'Checks passed' } }, [
      el('div', {
        class: `score ${ok ? 'band-good' : 'band-poor'}`,
        text: `${v.passed}/${v.checks}`,
        id: 'design-checks',
        title: 'Validity checks that pass: declared types, ranges, categories, uniqueness and constraints',
        attrs: { 'aria-label': `${v.passed} of ${v.checks} checks pass` },
      }),
      el('div', { class: 'grade band-none', text: 'checks', attrs: { 'aria-hidden': 'true' } }),
    ]),
    el('div', { class: 'title-block' }, [
      el('h1', { text: report.title }),
      el('p', { class: 'muted subtitle', text: parts.map((p) => p.replace(/ /g, '\u00a0')).join(' · ') }),
      el('p', { class: 'muted without-source', id: 'without-source', text: report.withoutSource }),
    ]),
    actions,
  ]);
}

function overview(view: HTMLElement, r: DesignReport, goTo: (tab: string) => void): void {
  const v = r.validity;
  const checked = v.constraints.filter((c) => !c.skipped);
  const broken = checked.filter((c) => c.violations > 0);
  const within = r.rates.filter((x) => x.within).length;
  const target =
    r.rates.find((x) => x.kind === 'target' && x.column === r.target) ?? r.rates.find((x) => x.kind === 'target');
  view.append(
    el('p', { class: 'intro verdict', id: 'design-verdict', text: r.verdict }),
    el('div', { class: 'kpis', attrs: { role: 'group', 'aria-label': 'Design figures' } }, [
      kpi('checks pass', `${v.passed} / ${v.checks}`, {
        band: v.passed === v.checks ? 'band-good' : 'band-poor',
        hint: 'Declared types, ranges, categories, uniqueness, and constraints, each checked on every generated row.',
        id: 'kpi-checks',
      }),
      kpi('constraints hold', checked.length ? `${checked.length - broken.length} / ${checked.length}` : 'none', {
        band: broken.length ? 'band-poor' : checked.length ? 'band-good' : undefined,
        id: 'kpi-constraints',
      }),
      kpi('rates within tolerance', r.rates.length ? `${within} / ${r.rates.length}` : 'none declared', {
        band: r.rates.length === 0 ? undefined : within === r.rates.length ? 'band-good' : 'band-fair',
        hint: r.tolerance,
        id: 'kpi-rates',
      }),
      target
        ? kpi(`${target.label} (target)`, `${pct(target.achieved)}`, {
            band: target.within ? 'band-good' : 'band-fair',
            detail: `declared ${pct(target.expected)} ± ${pct(3 * target.standardError)}`,
            hint: `Achieved on ${int(target.rows)} rows; within tolerance when at most 3 standard errors from the declared rate.`,
            id: 'kpi-target',
          })
        : kpi('missing cells', pct(r.synthetic.missingShare), { detail: 'of the generated table' }),
    ]),
    section('What this report can and cannot say', [
      el('ul', { class: 'plain-list' }, [
        el('li', {
          text: 'Validity: every range, category list, type, uniqueness rule and constraint the blueprint declares, checked on every generated row.',
        }),
        el('li', {
          text: 'Targets & rates: the rates the blueprint declares (a logistic target rate, category probabilities, missing rates) against the rates achieved, within their sampling error.',
        }),
        el('li', { text: 'Columns, Pairs, Data: the generated table itself (distributions, correlations, rows).' }),
        el('li', {
          text: 'Not shown: fidelity, detection, privacy and utility. They compare with real rows, and this blueprint has none. Synthesize a real CSV to get them.',
        }),
      ]),
      el('div', { class: 'actions' }, [
        button('Validity', () => goTo('validity'), { appearance: 'secondary', small: true }),
        button('Targets & rates', () => goTo('rates'), { appearance: 'secondary', small: true }),
        button('Columns', () => goTo('columns'), { appearance: 'secondary', small: true }),
      ]),
    ]),
  );
  if (r.notes.length)
    view.appendChild(
      section('Notes', [
        el(
          'ul',
          { class: 'notes' },
          r.notes.map((n) => el('li', { text: n })),
        ),
      ]),
    );
}

/** Row numbers as lines of the generated CSV (the header is line 1), as the fidelity report's Validity tab says them. */
function line(row: number | null): string {
  return row === null ? '' : `#${row + 1}`;
}

function validity(view: HTMLElement, r: DesignReport): void {
  const v = r.validity;
  view.appendChild(
    section(
      'Constraints',
      [
        v.constraints.length === 0
          ? el('p', { class: 'muted', text: 'The blueprint declares no constraints.' })
          : table(
              ['constraint', 'rows violating', 'rate', 'first rows', 'note'],
              v.constraints.map((c) => [
                el('code', { text: c.expr }),
                c.skipped ? '—' : int(c.violations),
                c.skipped ? '—' : pct(c.rate),
                c.firstRows
                  .slice(0, 8)
                  .map((i) => `#${i + 2}`)
                  .join(', '),
                c.skipped ? `not checked: ${c.skipped}` : (c.description ?? ''),
              ]),
              {
                class: 'stats design constraints',
                id: 'design-constraints',
                rowClass: (i) => (v.constraints[i].violations > 0 && !v.constraints[i].skipped ? 'bad' : undefined),
              },
            ),
      ],
      {
        intro: `Each rule checked on all ${int(r.synthetic.rows)} generated rows. Rows are line numbers in the generated CSV (the header is line 1).`,
      },
    ),
  );
  const fmt = (c: (typeof v.columns)[number], x: number | null): string =>
    x === null ? '—' : c.type === 'datetime' ? date(x, r.columns.find((p) => p.name === c.name)?.resolution) : num(x);
  view.appendChild(
    section(
      'Columns: declared vs generated',
      [
        table(
          ['column', 'declared', 'generated', 'breaking it', 'missing'],
          v.columns.map((c) => {
            const first = c.range?.firstRow ?? c.categories?.firstRow ?? c.duplicates?.firstRow ?? null;
            const bad =
              (c.range?.outside ?? 0) + (c.categories?.outside ?? 0) + (c.duplicates?.count ?? 0) + c.wrongType;
            const declared = [
              c.range ? `${fmt(c, c.range.min)} … ${fmt(c, c.range.max)}` : '',
              c.categories ? `${c.categories.declared.length} categories` : '',
              c.duplicates ? 'unique' : '',
              c.type === 'integer' ? 'whole' : '',
            ].filter(Boolean);
            const generated = [
              c.range ? `${fmt(c, c.range.achievedMin)} … ${fmt(c, c.range.achievedMax)}` : '',
              c.categories?.unknown.length ? `unknown: ${c.categories.unknown.join(', ')}` : '',
            ].filter(Boolean);
            return [
              el('span', { text: c.name, title: `${c.name} (${c.type})` }),
              el('span', { text: declared.join(', ') || '—', ...(c.range ? { title: `from ${c.range.source}` } : {}) }),
              generated.join(', ') || '—',
              declared.length ? (bad ? `${int(bad)} (first ${line(first)})` : '0') : '—',
              el('span', {
                text: `${pct(c.missing.declared)} / ${pct(c.missing.achieved)}`,
                title: 'declared / generated',
              }),
            ];
          }),
          {
            class: 'stats design declared',
            id: 'design-columns',
            rowClass: (i) => {
              const c = v.columns[i];
              return (c.range?.outside ?? 0) + (c.categories?.outside ?? 0) + (c.duplicates?.count ?? 0) + c.wrongType
                ? 'bad'
                : undefined;
            },
          },
        ),
      ],
      {
        intro:
          'Ranges from "min"/"max" and a distribution\'s own bounds; categories from categorical distributions (all cases of a conditional); integer columns must be whole; "unique" columns must not repeat.',
      },
    ),
  );
}

function rates(view: HTMLElement, r: DesignReport): void {
  if (r.rates.length === 0) {
    view.appendChild(
      el('p', {
        class: 'muted',
        text:
          r.notes.find((n) => /declared rates do not apply/.test(n)) ?? 'The blueprint declares no rates to compare.',
      }),
    );
    return;
  }
  const sorted = [...r.rates].sort((a, b) => order(a.kind) - order(b.kind));
  view.appendChild(
    section(
      'Declared vs achieved',
      [
        table(
          ['rate', 'declared', 'achieved', 'tolerance', 'z'],
          sorted.map((x) => [
            el('span', {
              text: `${x.within ? '' : '✗ '}${x.label}${x.given ? ` (${x.given})` : ''}${x.kind === 'target' ? ' · target' : ''}`,
              title: `Declared at ${x.path}; achieved on ${int(x.rows)} rows (${int(x.hits)} of them); ${x.within ? 'within' : 'outside'} tolerance.`,
            }),
            pct(x.expected),
            pct(x.achieved),
            `± ${pct(3 * x.standardError)}`,
            x.z === null ? '—' : x.z.toFixed(2),
          ]),
          {
            class: 'stats design rates',
            id: 'design-rates',
            rowClass: (i) => (sorted[i].within ? (sorted[i].kind === 'target' ? 'target-row' : undefined) : 'bad'),
          },
        ),
      ],
      { intro: r.tolerance },
    ),
  );
}

function order(kind: string): number {
  return kind === 'target' ? 0 : kind === 'category' ? 1 : 2;
}

/** An EDA column as the profile the shared chart builders draw (they draw one side with `only: 'synthetic'`). */
function asProfile(c: EdaColumn): ColumnProfile {
  return {
    name: c.name,
    type: c.type,
    ...(c.resolution ? { resolution: c.resolution } : {}),
    ...(c.numeric ? { numeric: { real: c.numeric, synthetic: c.numeric } } : {}),
    ...(c.categorical ? { categorical: { real: c.categorical, synthetic: c.categorical } } : {}),
    ...(c.histogram ? { histogram: { edges: c.histogram.edges, real: [], synthetic: c.histogram.shares } } : {}),
    ...(c.dominant
      ? {
          dominant: {
            value: c.dominant.value,
            real: c.dominant.share,
            synthetic: c.dominant.share,
            histogram: { edges: c.dominant.histogram.edges, real: [], synthetic: c.dominant.histogram.shares },
          },
        }
      : {}),
    ...(c.categories ? { categories: { labels: c.categories.labels, real: [], synthetic: c.categories.shares } } : {}),
  };
}

function columns(view: HTMLElement, r: DesignReport, state: ViewState, save: (p: Partial<ViewState>) => void): void {
  const cols = r.columns;
  if (cols.length === 0) {
    view.appendChild(el('p', { class: 'muted', text: 'The generated table has no columns.' }));
    return;
  }
  const detail = el('div', { class: 'column-detail', attrs: { 'aria-live': 'polite' } });
  const show = (name: string): void => {
    const c = cols.find((x) => x.name === name);
    if (!c) return;
    save({ column: name });
    detail.replaceChildren(columnDetail(c, r));
  };
  // The chosen column, else the first numeric one (a histogram says more than two bars), else the first drawable.
  const first =
    cols.find((c) => c.name === state.column) ??
    cols.find((c) => c.histogram && c.type !== 'datetime') ??
    cols.find((c) => c.histogram || c.categories) ??
    cols[0];
  const picker = dropdown(
    cols.map((c) => ({ value: c.name, label: `${c.name} · ${c.type}` })),
    first.name,
    show,
    'Column',
    'column-picker',
  );
  view.append(
    el('div', { class: 'toolbar' }, [
      labelled('Column', picker),
      el('span', { class: 'muted', text: `${cols.length} generated columns.` }),
    ]),
    detail,
  );
  show(first.name);
  const grid = el('div', { class: 'chart-grid' });
  for (const c of cols) {
    const p = asProfile(c);
    grid.appendChild(
      el('div', { class: 'chart-card' }, [
        el('div', { class: 'chart-card-head' }, [
          el('span', { class: 'name', text: c.name, title: c.name }),
          el('span', { class: 'muted', text: c.type }),
          button(
            'Details',
            () => {
              setDropdownValue(picker, c.name);
              show(c.name);
              picker.scrollIntoView({ block: 'start' });
            },
            { small: true, title: `Show ${c.name} in detail` },
          ),
        ]),
        c.histogram || c.categories
          ? chart({
              title: c.name,
              build: (theme, size) =>
                columnDistributionSpec(p, theme, size, {
                  height: c.categories ? Math.min(320, Math.max(50, c.categories.labels.length * 15)) : 120,
                  legend: false,
                  only: 'synthetic',
                  // A dominant value (at least 90% of the values) would leave one spike: the small chart shows the rest.
                  values: c.dominant && c.dominant.share >= 0.9 ? 'others' : 'all',
                }),
              attrs: { 'data-column': c.name, 'data-small': 'true' },
              minHeight: 'small',
              compact: true,
            })
          : el('p', { class: 'muted', text: c.type === 'id' ? 'Identifiers: values are generated.' : 'Free text.' }),
      ]),
    );
  }
  view.appendChild(section('All columns', [grid], { class: 'all-columns' }));
}

function columnDetail(c: EdaColumn, r: DesignReport): HTMLElement {
  const p = asProfile(c);
  const charts: Child[] = [
    distributionChart(p, {
      only: 'synthetic',
      title: `${c.name}: generated distribution`,
      empty: c.type === 'id' || c.type === 'text' ? 'Identifiers and free text are not profiled.' : 'Nothing to draw.',
    }),
  ];
  if (c.numeric)
    charts.push(
      chart({
        title: `${c.name}: box plot`,
        caption: 'Box: 25% to 75%; line: median; whiskers: the most extreme values within 1.5 IQR.',
        build: (theme, size) => boxPlotSpec(p, theme, size, { only: 'synthetic' }),
        attrs: { 'data-column': c.name, id: 'box-chart' },
        minHeight: 'small',
        empty: 'No values to draw.',
      }),
    );
  const rows: [string, string][] = [];
  const f = c.type === 'datetime' ? (x: number | null | undefined) => date(x, c.resolution) : num;
  if (c.numeric) {
    const s = c.numeric;
    rows.push(['count', int(s.count)], ['missing', int(s.missing)], ['mean', f(s.mean)]);
    if (c.type !== 'datetime') rows.push(['std', num(s.std)]);
    rows.push(['min', f(s.min)], ['25%', f(s.p25)], ['median', f(s.median)], ['75%', f(s.p75)], ['max', f(s.max)]);
  } else if (c.categorical) {
    const s = c.categorical;
    rows.push(
      ['count', int(s.count)],
      ['missing', int(s.missing)],
      ['distinct', int(s.distinct)],
      ['most common', s.mode ?? 'n/a'],
    );
  }
  const declared = r.validity.columns.find((x) => x.name === c.name);
  const columnRates = r.rates.filter((x) => x.column === c.name && !x.given);
  return el('div', { class: 'detail' }, [
    el('div', { class: 'detail-head' }, [el('h2', { text: c.name }), badge(c.type)]),
    el('div', { class: 'detail-charts' }, charts),
    el('div', { class: 'detail-tables' }, [
      rows.length
        ? table(['statistic', 'generated'], rows, { class: 'stats', caption: 'Summary statistics' })
        : el('p', { class: 'muted', text: 'No statistics for this column.' }),
      declared || columnRates.length
        ? table(
            ['declared', 'value', 'generated'],
            [
              ...(declared?.range
                ? [
                    [
                      `range (${declared.range.source})`,
                      `${f(declared.range.min)} … ${f(declared.range.max)}`,
                      `${f(declared.range.achievedMin)} … ${f(declared.range.achievedMax)}`,
                    ] as [string, string, string],
                  ]
                : []),
              ...(declared
                ? [
                    ['missing', pct(declared.missing.declared), pct(declared.missing.achieved)] as [
                      string,
                      string,
                      string,
                    ],
                  ]
                : []),
              ...columnRates
                .filter((x) => x.kind !== 'missing')
                .map(
                  (x) =>
                    [x.label, pct(x.expected), `${pct(x.achieved)}${x.within ? '' : ' (off)'}`] as [
                      string,
                      string,
                      string,
                    ],
                ),
            ],
            { class: 'stats metrics', caption: 'Declared vs generated' },
          )
        : null,
    ]),
  ]);
}

function pairs(view: HTMLElement, r: DesignReport): void {
  const corr = r.correlation;
  if (corr && corr.columns.length >= 2) {
    const m: CorrelationMatrices = {
      columns: corr.columns,
      real: corr.synthetic,
      synthetic: corr.synthetic,
      difference: corr.synthetic.map((row) => row.map(() => null)),
      meanAbsDifference: null,
      maxAbsDifference: null,
    };
    view.appendChild(
      section('Correlations', [
        chart({
          title: 'Generated rows',
          build: (t, s) => correlationHeatmapSpec(m, 'synthetic', t, s),
          attrs: { 'data-heatmap': 'synthetic' },
          minHeight: 'large',
          caption: 'Pearson r of each pair of numeric columns; colour scale ±1.',
        }),
      ]),
    );
  } else
    view.appendChild(
      section('Correlations', [
        el('p', { class: 'muted', text: 'Fewer than two numeric columns: no correlation matrix.' }),
      ]),
    );
  const sample = r.sample;
  if (sample && sample.columns.length >= 2)
    view.appendChild(
      section('Scatter matrix', [
        chart({
          title: 'Scatter matrix (generated rows)',
          caption: `${sample.synthetic.length.toLocaleString('en-US')} random generated rows; columns: ${sample.chosenBy}.`,
          build: (t, s) => scatterMatrixSpec(sample, 'synthetic', t, s),
          attrs: { id: 'scatter-matrix' },
          minHeight: 'large',
        }),
      ]),
    );
}

function data(view: HTMLElement, r: DesignReport): void {
  const p = r.preview;
  view.append(
    el('p', {
      class: 'muted',
      text: `The first ${p.synthetic.length} of ${r.synthetic.rows.toLocaleString('en-US')} rows of ${r.synthetic.name}.`,
    }),
    el('div', { class: 'grid-scroll', attrs: { tabindex: '0', role: 'region', 'aria-label': 'Preview rows' } }, [
      el('table', { class: 'preview', id: 'preview-table', attrs: { 'data-side': 'synthetic' } }, [
        el('thead', {}, [
          el('tr', {}, [
            el('th', { class: 'rownum', text: '#', attrs: { scope: 'col' } }),
            ...p.columns.map((c) =>
              el('th', { class: `type-${c.type}`, attrs: { scope: 'col' } }, [
                el('span', { class: 'col-name', text: c.name }),
                el('span', { class: `col-type type-${c.type}`, text: c.type }),
              ]),
            ),
          ]),
        ]),
        el(
          'tbody',
          {},
          p.synthetic.map((row, i) =>
            el('tr', {}, [
              el('th', { class: 'rownum', text: String(i + 1), attrs: { scope: 'row' } }),
              ...p.columns.map((c, j) =>
                row[j] === null || row[j] === undefined
                  ? el('td', { class: 'missing', text: '—', title: 'missing' })
                  : el('td', { class: `type-${c.type}`, text: row[j] }),
              ),
            ]),
          ),
        ),
      ]),
    ]),
  );
}
