import { columnScoresSpec } from '../../core/charts/columns';
import type { QualityReport, ScorePart } from '../../core/quality/types';
import { chart } from '../charts';
import { append, band, el, kpi, pct, scoreBar, section } from '../dom';
import type { TabContext } from './context';

const PARTS: { part: ScorePart; label: string }[] = [
  { part: 'fidelity', label: 'Fidelity' },
  { part: 'utility', label: 'Utility' },
  { part: 'privacy', label: 'Privacy' },
];

/** Overview: the verdict, key figures, how the score was made, each column's score, notes. */
export function overviewTab(view: HTMLElement, ctx: TabContext): void {
  const r = ctx.report;
  append(view, [
    el('p', { class: 'verdict', text: r.verdict, id: 'verdict' }),
    el('p', { class: 'muted', text: methodLine(r) }),
    kpis(ctx),
    section('How the score is made', [breakdown(r)], {
      intro: `The overall score ${pct(r.score)} is the weighted mean of these parts; fidelity is SDMetrics' quality times the detection score; validity is reported beside it.`,
    }),
    section('Column shapes', [
      chart({
        title: 'Shape score per column',
        caption:
          'KSComplement for numbers and dates, TVComplement for categories; worst first. Click a bar for the column.',
        build: (theme, size) => columnScoresSpec(r.columns, theme, size),
        empty: 'No column could be compared.',
        attrs: { id: 'column-scores' },
        onClick: (datum) => {
          const name = typeof datum?.column === 'string' ? datum.column : undefined;
          if (name) ctx.goTo('columns', { column: name });
        },
      }),
      r.fidelity.excluded.length
        ? el('p', {
            class: 'muted',
            text: `Not scored: ${r.fidelity.excluded.map((e) => `${e.column} (${e.reason})`).join('; ')}.`,
          })
        : null,
    ]),
    r.notes.length
      ? section('Notes', [
          el(
            'ul',
            { class: 'notes' },
            r.notes.map((n) => el('li', { text: n })),
          ),
        ])
      : null,
  ]);
}

function methodLine(r: QualityReport): string {
  const parts = [
    `${r.real.name} (${r.real.rows.toLocaleString('en-US')} rows) vs ${r.synthetic.name} (${r.synthetic.rows.toLocaleString('en-US')} rows)`,
  ];
  if (r.holdout) parts.push(`${r.holdout.rows.toLocaleString('en-US')} rows held out`);
  parts.push(`method ${r.generator?.method ?? 'not recorded'}`);
  parts.push(`seed ${r.generator?.seed ?? 'not recorded'}`);
  return parts.join(' · ');
}

function kpis(ctx: TabContext): HTMLElement {
  const r = ctx.report;
  const d = r.distinguishability;
  const part = (p: ScorePart, label: string): HTMLElement => {
    const s = r.scores[p];
    return kpi(label, s.score === null ? 'skipped' : pct(s.score), {
      hint: s.skipped ?? s.meaning,
      band: band(s.score),
      detail: s.score === null ? 'see its tab' : `weight ${s.appliedWeight.toFixed(2)}`,
      id: `kpi-${p}`,
    });
  };
  const cards = [
    kpi('rows', r.real.rows.toLocaleString('en-US'), {
      detail: `${r.synthetic.rows.toLocaleString('en-US')} synthetic`,
      hint: `${r.real.name}: ${r.real.rows.toLocaleString('en-US')} rows; ${r.synthetic.name}: ${r.synthetic.rows.toLocaleString('en-US')} rows`,
      id: 'kpi-rows',
    }),
    kpi('columns', String(r.real.columns), {
      detail: r.fidelity.excluded.length ? `${r.fidelity.excluded.length} not scored` : 'all scored',
      hint: 'Columns in the real table; identifiers and free text are not scored.',
      id: 'kpi-columns',
    }),
    kpi('missing cells', pct(r.real.missingShare), {
      detail: `${pct(r.synthetic.missingShare)} synthetic`,
      hint: 'Share of empty cells, real and synthetic.',
      id: 'kpi-missing',
    }),
    part('fidelity', 'fidelity'),
    kpi('detection', d.score === null ? 'skipped' : pct(d.score), {
      hint: d.skipped ?? d.meaning,
      band: band(d.score),
      detail: d.auc === null ? 'see the overview' : `ROC-AUC ${d.auc.toFixed(2)}`,
      id: 'kpi-detection',
    }),
    part('utility', 'utility'),
    part('privacy', 'privacy'),
  ];
  // Known for runs in VS Code; a CLI report leaves it out so its files stay byte-identical per seed.
  if (ctx.context.seconds !== undefined)
    cards.push(
      kpi('time taken', `${ctx.context.seconds.toFixed(1)} s`, {
        detail: 'fit, generate, report',
        hint: 'Time the job took, end to end.',
        id: 'kpi-time',
      }),
    );
  return el('div', { class: 'kpis', attrs: { role: 'group', 'aria-label': 'Key figures' } }, cards);
}

function breakdown(r: QualityReport): HTMLElement {
  const rows = PARTS.map(({ part, label }) => {
    const s = r.scores[part];
    return el('div', { class: 'part-row' }, [
      el('div', { class: 'part-name', text: label }),
      el('div', { class: 'part-bar' }, [scoreBar(s.score, `${label} ${pct(s.score)}`)]),
      el('div', { class: `part-score ${band(s.score)}`, text: s.score === null ? 'skipped' : pct(s.score) }),
      el('div', {
        class: 'part-weight muted',
        text: s.score === null ? 'not counted' : `× ${s.appliedWeight.toFixed(2)}`,
      }),
      el('div', { class: 'part-meaning', text: s.skipped ? `Skipped: ${s.skipped}.` : s.meaning }),
    ]);
  });
  const v = r.validity;
  const d = r.distinguishability;
  rows.push(
    el('div', { class: 'part-row beside' }, [
      el('div', { class: 'part-name', text: 'Validity' }),
      el('div', { class: 'part-bar' }, [scoreBar(v.score, `Validity ${pct(v.score)}`)]),
      el('div', { class: `part-score ${band(v.score)}`, text: pct(v.score) }),
      el('div', { class: 'part-weight muted', text: 'beside' }),
      el('div', {
        class: 'part-meaning',
        text: `${v.meaning} ${v.violations.toLocaleString('en-US')} violation${v.violations === 1 ? '' : 's'}.`,
      }),
    ]),
    el('div', { class: 'part-row beside' }, [
      el('div', { class: 'part-name', text: 'Detection' }),
      el('div', { class: 'part-bar' }, [scoreBar(d.score, `Detection ${pct(d.score)}`)]),
      el('div', { class: `part-score ${band(d.score)}`, text: d.score === null ? 'skipped' : pct(d.score) }),
      el('div', { class: 'part-weight muted', text: d.score === null ? 'not counted' : 'in fidelity' }),
      el('div', { class: 'part-meaning', text: d.skipped ? `Skipped: ${d.skipped}.` : d.meaning }),
    ]),
  );
  return el('div', { class: 'breakdown' }, rows);
}
