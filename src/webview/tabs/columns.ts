import { boxPlotSpec, columnDistributionSpec } from '../../core/charts/columns';
import type { ColumnProfile, QualityReport } from '../../core/quality/types';
import { chart } from '../charts';
import { band, date, el, int, num, pct, scoreBar, section, sideLegend, table, type Child } from '../dom';
import { badge, button, dropdown, labelled, setDropdownValue } from '../ui';
import type { TabContext } from './context';

/** Columns: pick a column; its distributions overlaid, its box plot, its statistics and metrics; then all columns at a glance. */
export function columnsTab(view: HTMLElement, ctx: TabContext): void {
  const r = ctx.report;
  const profiles = r.columns;
  if (profiles.length === 0) {
    view.appendChild(el('p', { class: 'muted', text: 'The report has no columns.' }));
    return;
  }
  const drawable = profiles.filter((p) => p.histogram || p.categories);
  const worst = [...drawable].sort((a, b) => (a.score ?? 1) - (b.score ?? 1))[0] ?? profiles[0];
  const current = profiles.find((p) => p.name === ctx.state.column) ?? worst;
  const detail = el('div', { class: 'column-detail', attrs: { 'aria-live': 'polite' } });
  const show = (name: string): void => {
    const p = profiles.find((x) => x.name === name);
    if (!p) return;
    ctx.save({ column: name });
    detail.replaceChildren(columnDetail(p, r));
  };
  const picker = dropdown(
    profiles.map((p) => ({
      value: p.name,
      label: `${p.name} · ${p.type}${p.score !== undefined ? ` · ${pct(p.score)}` : ''}`,
    })),
    current.name,
    show,
    'Column',
    'column-picker',
  );
  view.append(
    el('div', { class: 'toolbar' }, [
      labelled('Column', picker),
      el('span', { class: 'muted', text: `${profiles.length} columns; the worst-matching is chosen first.` }),
    ]),
    detail,
  );
  show(current.name);
  view.appendChild(
    allColumns(r, (name) => {
      setDropdownValue(picker, name);
      show(name);
      picker.scrollIntoView({ block: 'start' });
      picker.focus();
    }),
  );
}

/**
 * A column's distribution chart; when one value dominates (0 in a cost column), a switch between
 * all values and the values other than it, with a note on how many rows it holds. Opens on the
 * other values when the dominant value holds 90% or more (the whole histogram is then one spike).
 */
export function distributionChart(
  p: ColumnProfile,
  options: { only?: 'synthetic'; title: string; empty: string },
): HTMLElement {
  const d = p.dominant;
  const holder = el('div', { class: 'distribution' });
  const captionAll = p.histogram
    ? options.only
      ? 'Share of the generated values per bin.'
      : 'Share of rows per bin; real as filled bars, synthetic as an outline.'
    : 'Share of rows per category (the 20 commonest; the rest as "Other").';
  const draw = (values: 'all' | 'others'): void => {
    const value = d ? (p.type === 'datetime' ? date(d.value, p.resolution) : num(d.value)) : '';
    const note = d
      ? options.only
        ? `${pct(d.synthetic)} of the values are ${value}; showing the other ${pct(1 - d.synthetic)}.`
        : `${pct(d.real)} of real and ${pct(d.synthetic)} of synthetic values are ${value}; showing the other ${pct(1 - d.real)} and ${pct(1 - d.synthetic)}.`
      : '';
    holder.replaceChildren(
      ...(d
        ? [
            el('div', { class: 'toolbar dominant-toolbar' }, [
              el('div', { class: 'segmented', attrs: { role: 'group', 'aria-label': 'Values shown' } }, [
                pressed(
                  button('All values', () => draw('all'), {
                    small: true,
                    id: 'values-all',
                    title: 'The histogram of every value',
                  }),
                  values === 'all',
                ),
                pressed(
                  button(`Other than ${value}`, () => draw('others'), {
                    small: true,
                    id: 'values-others',
                    title: `The histogram of the values other than ${value}`,
                  }),
                  values === 'others',
                ),
              ]),
              el('span', {
                class: 'muted dominant-note',
                id: 'dominant-note',
                text:
                  values === 'others'
                    ? note
                    : `${options.only ? pct(d.synthetic) : pct(d.real)} of the ${options.only ? '' : 'real '}values are ${value}: "Other than ${value}" shows the rest.`,
              }),
            ]),
          ]
        : []),
      chart({
        title: options.title,
        caption:
          values === 'others' && d
            ? `Share of the values other than ${p.type === 'datetime' ? date(d.value, p.resolution) : num(d.value)} per bin${options.only ? '' : '; real as filled bars, synthetic as an outline'}.`
            : captionAll,
        build: (theme, size) =>
          columnDistributionSpec(p, theme, size, {
            ...(p.histogram ? { height: 220 } : {}),
            values,
            ...(options.only ? { only: options.only } : {}),
          }),
        attrs: { 'data-column': p.name, 'data-values': values, id: 'column-chart' },
        minHeight: 'large',
        empty: options.empty,
      }),
    );
  };
  draw(d && (options.only ? d.synthetic : d.real) >= 0.9 ? 'others' : 'all');
  return holder;
}

/** A toggle button's state, for assistive technology and the stylesheet. */
function pressed(b: HTMLElement, on: boolean): HTMLElement {
  b.setAttribute('aria-pressed', String(on));
  return b;
}

function columnDetail(p: ColumnProfile, r: QualityReport): HTMLElement {
  const excluded = r.fidelity.excluded.find((e) => e.column === p.name);
  const charts: Child[] = [
    distributionChart(p, {
      title: `${p.name}: real and synthetic distributions`,
      empty: excluded ? `Not compared: ${excluded.reason}.` : 'Nothing to draw for this column.',
    }),
  ];
  if (p.numeric) {
    charts.push(
      chart({
        title: `${p.name}: box plot`,
        caption:
          'Box: 25% to 75%; line: median; whiskers: the most extreme values within 1.5 IQR; rings: minimum and maximum beyond them.',
        build: (theme, size) => boxPlotSpec(p, theme, size),
        attrs: { 'data-column': p.name, id: 'box-chart' },
        minHeight: 'small',
        empty: 'No values to draw.',
      }),
    );
  }
  return el('div', { class: 'detail' }, [
    el('div', { class: 'detail-head' }, [
      el('h2', { text: p.name }),
      badge(p.type),
      p.score !== undefined
        ? el('span', { class: `detail-score ${band(p.score)}`, text: `${p.metric ?? 'score'} ${pct(p.score)}` })
        : el('span', { class: 'muted', text: excluded ? `not scored: ${excluded.reason}` : 'not scored' }),
    ]),
    el('div', { class: 'detail-charts' }, charts),
    el('div', { class: 'detail-tables' }, [statsTable(p), metricsTable(p, r)]),
  ]);
}

function statsTable(p: ColumnProfile): HTMLElement {
  const rows: [string, string, string][] = [];
  if (p.numeric) {
    const f = p.type === 'datetime' ? (x: number | null | undefined) => date(x, p.resolution) : num;
    const a = p.numeric.real;
    const b = p.numeric.synthetic;
    rows.push(
      ['count', int(a.count), int(b.count)],
      ['missing', int(a.missing), int(b.missing)],
      ['mean', f(a.mean), f(b.mean)],
    );
    if (p.type !== 'datetime') rows.push(['std', num(a.std), num(b.std)]);
    rows.push(['min', f(a.min), f(b.min)]);
    if (a.p05 !== undefined) rows.push(['5%', f(a.p05), f(b.p05)]);
    rows.push(['25%', f(a.p25), f(b.p25)], ['median', f(a.median), f(b.median)], ['75%', f(a.p75), f(b.p75)]);
    if (a.p95 !== undefined) rows.push(['95%', f(a.p95), f(b.p95)]);
    rows.push(['max', f(a.max), f(b.max)]);
    if (p.type !== 'datetime')
      rows.push(['skewness', num(a.skewness), num(b.skewness)], ['excess kurtosis', num(a.kurtosis), num(b.kurtosis)]);
    if (a.outliers !== undefined) rows.push(['beyond whiskers', int(a.outliers), int(b.outliers)]);
  } else if (p.categorical) {
    const a = p.categorical.real;
    const b = p.categorical.synthetic;
    rows.push(
      ['count', int(a.count), int(b.count)],
      ['missing', int(a.missing), int(b.missing)],
      ['distinct', int(a.distinct), int(b.distinct)],
      ['most common', a.mode ?? 'n/a', b.mode ?? 'n/a'],
    );
  }
  if (rows.length === 0) return el('p', { class: 'muted', text: 'No statistics for this column.' });
  return table(['statistic', 'real', 'synthetic'], rows, { class: 'stats', caption: 'Summary statistics' });
}

function metricsTable(p: ColumnProfile, r: QualityReport): HTMLElement {
  const f = r.fidelity.columns[p.name];
  const v = r.validity.columns.find((c) => c.name === p.name);
  const rows: [string, string, string][] = [];
  if (f) {
    rows.push([
      f.metric,
      pct(f.score),
      f.metric === 'KSComplement'
        ? '1 − Kolmogorov-Smirnov D; 100% = same distribution'
        : '1 − total variation distance; 100% = same shares',
    ]);
    if (f.ks !== undefined)
      rows.push(['KS statistic D', num(f.ks), 'largest gap between the two cumulative distributions']);
    if (f.wasserstein !== undefined)
      rows.push(['Wasserstein', num(f.wasserstein), 'mass moved, as a share of the real range']);
    if (f.jensenShannon !== undefined)
      rows.push(['Jensen-Shannon', num(f.jensenShannon), 'divergence in bits, 0 = same, 1 = disjoint']);
    if (f.chiSquare) {
      rows.push([
        'chi-square',
        `${num(f.chiSquare.statistic)} (dof ${f.chiSquare.dof})`,
        f.chiSquare.pValue < 0.05
          ? `p = ${num(f.chiSquare.pValue)}: the shares differ beyond chance; in large samples even a tiny difference does, so read Cramér's V for its size`
          : `p = ${num(f.chiSquare.pValue)}: no difference beyond what chance gives`,
      ]);
      rows.push(["Cramér's V", num(f.chiSquare.cramersV), 'effect size, 0 = none, 1 = complete']);
    }
  }
  if (v) {
    if (v.typeAdherence !== null)
      rows.push(['type adherence', pct(v.typeAdherence), `${int(v.wrongType)} synthetic cells of the wrong type`]);
    if (v.range)
      rows.push([
        'range adherence',
        pct(v.range.adherence),
        `${int(v.range.outside)} outside ${p.type === 'datetime' ? date(v.range.min, p.resolution) : num(v.range.min)} … ${p.type === 'datetime' ? date(v.range.max, p.resolution) : num(v.range.max)} (${v.range.source})`,
      ]);
    if (v.categories)
      rows.push([
        'category adherence',
        pct(v.categories.adherence),
        v.categories.unknown.length
          ? `unknown: ${v.categories.unknown.join(', ')}`
          : 'every synthetic category occurs in the real data',
      ]);
    if (v.outliers)
      rows.push([
        'outliers',
        `${pct(v.outliers.real)} / ${pct(v.outliers.synthetic)}`,
        'real / synthetic, beyond the real 1.5 IQR fences',
      ]);
    rows.push(['missing', `${pct(v.missing.real)} / ${pct(v.missing.synthetic)}`, 'real / synthetic']);
  }
  if (rows.length === 0) return el('p', { class: 'muted', text: 'No metrics for this column.' });
  return table(['metric', 'value', 'meaning'], rows, { class: 'stats metrics', caption: 'Metrics' });
}

function allColumns(r: QualityReport, onPick: (name: string) => void): HTMLElement {
  const grid = el('div', { class: 'chart-grid' });
  for (const p of r.columns) {
    const excluded = r.fidelity.excluded.find((e) => e.column === p.name);
    grid.appendChild(
      el('div', { class: 'chart-card' }, [
        el('div', { class: 'chart-card-head' }, [
          el('span', { class: 'name', text: p.name, title: p.name }),
          el('span', { class: 'muted', text: `${p.type}${p.score !== undefined ? ` · ${pct(p.score)}` : ''}` }),
          button('Details', () => onPick(p.name), { small: true, title: `Show ${p.name} in detail` }),
        ]),
        scoreBar(p.score, `${p.name} ${pct(p.score)}`),
        p.histogram || p.categories
          ? chart({
              title: p.name,
              build: (theme, size) =>
                columnDistributionSpec(p, theme, size, {
                  height: p.categories ? Math.min(320, Math.max(50, p.categories.labels.length * 15)) : 120,
                  legend: false,
                }),
              attrs: { 'data-column': p.name, 'data-small': 'true' },
              minHeight: 'small',
              compact: true,
            })
          : el('p', { class: 'muted', text: `Not scored: ${excluded?.reason ?? 'nothing to compare'}.` }),
      ]),
    );
  }
  return section('All columns', [sideLegend(), grid], { class: 'all-columns' });
}
