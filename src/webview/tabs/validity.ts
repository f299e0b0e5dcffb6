import { missingSpec, outlierSpec } from '../../core/charts/validity';
import type { ColumnValidity } from '../../core/quality/types';
import { chart } from '../charts';
import { band, date, el, int, kpi, num, pct, section, table } from '../dom';
import type { TabContext } from './context';

/** Validity: constraint violations, schema issues, missing values and outlier rates, adherence per column. */
export function validityTab(view: HTMLElement, ctx: TabContext): void {
  const v = ctx.report.validity;
  const checked = v.constraints.filter((c) => !c.skipped);
  const broken = checked.filter((c) => c.violations > 0);
  view.append(
    el('p', { class: 'intro', text: v.meaning }),
    el('div', { class: 'kpis', attrs: { role: 'group', 'aria-label': 'Validity figures' } }, [
      kpi('validity', pct(v.score), {
        band: band(v.score),
        hint: 'Mean of every adherence check: types, ranges, categories, constraints.',
        id: 'kpi-validity',
      }),
      kpi('violations', int(v.violations), {
        band: v.violations === 0 ? 'band-good' : 'band-poor',
        detail: 'values and rows',
        hint: 'Out-of-range values + unknown categories + wrong types + constraint violations.',
        id: 'kpi-violations',
      }),
      kpi('constraints', checked.length === 0 ? 'none' : `${checked.length - broken.length} / ${checked.length}`, {
        detail: checked.length === 0 ? 'declared' : 'hold',
        band: broken.length ? 'band-poor' : checked.length ? 'band-good' : undefined,
      }),
      kpi('schema issues', int(v.issues.length), {
        band: v.issues.length ? 'band-poor' : 'band-good',
        detail: v.issues.length ? 'see below' : 'same columns and types',
      }),
    ]),
  );

  view.appendChild(
    section(
      'Constraints',
      [
        v.constraints.length === 0
          ? el('p', {
              class: 'muted',
              text: 'The blueprint declares no constraints (ranges, inequalities between columns, allowed combinations); only column types, ranges and categories were checked.',
            })
          : table(
              ['constraint', 'violations', 'rate', 'first rows', 'note'],
              v.constraints.map((c) => [
                el('code', { text: c.expr }),
                c.skipped ? '—' : int(c.violations),
                c.skipped ? '—' : pct(c.rate),
                c.firstRows.length
                  ? c.firstRows
                      .slice(0, 8)
                      .map((i) => `#${i + 2}`)
                      .join(', ')
                  : '',
                c.skipped ? `not checked: ${c.skipped}` : (c.description ?? ''),
              ]),
              {
                class: 'stats constraints',
                rowClass: (i) => (v.constraints[i].violations > 0 && !v.constraints[i].skipped ? 'bad' : undefined),
              },
            ),
        v.constraints.some((c) => c.firstRows.length)
          ? el('p', { class: 'muted', text: 'Rows are line numbers in the synthetic CSV (the header is line 1).' })
          : null,
      ],
      { intro: 'Rules from the blueprint, checked on every synthetic row.' },
    ),
  );

  view.appendChild(
    section('Schema', [
      v.issues.length === 0
        ? el('p', {
            class: 'muted',
            text: "No schema issues: the synthetic table has the real table's columns, with the same types.",
          })
        : el(
            'ul',
            { class: 'issues' },
            v.issues.map((i) => el('li', { text: i })),
          ),
    ]),
  );

  view.appendChild(
    el('div', { class: 'two-up' }, [
      section('Missing values', [
        chart({
          title: 'Missing values per column',
          build: (t, s) => missingSpec(v, t, s),
          attrs: { id: 'missing-chart' },
          empty: 'No missing values in either table.',
        }),
      ]),
      section('Outliers', [
        chart({
          title: 'Outlier rate per column',
          caption: "Values beyond the real column's Tukey fences (1.5 IQR).",
          build: (t, s) => outlierSpec(v, t, s),
          attrs: { id: 'outlier-chart' },
          empty: "No values beyond the real columns' 1.5 IQR fences in either table.",
        }),
      ]),
    ]),
  );

  view.appendChild(
    section(
      'Adherence per column',
      [
        table(
          [
            'column',
            'type',
            'type adherence',
            'range / categories',
            'outliers real / synthetic',
            'missing real / synthetic',
          ],
          v.columns.map((c) => [
            c.name,
            c.type,
            c.typeAdherence === null
              ? 'n/a'
              : `${pct(c.typeAdherence)}${c.wrongType ? ` (${int(c.wrongType)} wrong)` : ''}`,
            bounds(c),
            c.outliers ? `${pct(c.outliers.real)} / ${pct(c.outliers.synthetic)}` : '',
            `${pct(c.missing.real)} / ${pct(c.missing.synthetic)}`,
          ]),
          {
            class: 'stats adherence',
            rowClass: (i) => {
              const c = v.columns[i];
              return (c.range && c.range.outside > 0) || (c.categories && c.categories.outside > 0) || c.wrongType > 0
                ? 'bad'
                : undefined;
            },
          },
        ),
      ],
      {
        intro:
          'BoundaryAdherence and CategoryAdherence (SDMetrics): the share of synthetic values inside the real (or declared) range, or among the real categories.',
      },
    ),
  );
}

function bounds(c: ColumnValidity): string {
  if (c.range) {
    const f = c.type === 'datetime' ? date : num;
    return `${pct(c.range.adherence)} in ${f(c.range.min)} … ${f(c.range.max)}${c.range.outside ? `, ${int(c.range.outside)} outside` : ''} (${c.range.source})`;
  }
  if (c.categories)
    return `${pct(c.categories.adherence)} known${c.categories.unknown.length ? `; unknown: ${c.categories.unknown.join(', ')}` : ''}`;
  return '';
}
