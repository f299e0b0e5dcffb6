/**
 * The side view: a compact summary of the report for the active CSV or blueprint. Score and
 * grade, a mini bar per column, the violation count, and a button for the full report.
 */
import { band, el, pct, scoreBar } from './dom';
import type { ReportSummary } from './protocol';
import { button } from './ui';

export function renderSummary(root: HTMLElement, s: ReportSummary, onOpenReport: () => void): void {
  const b = band(s.score);
  const columns = [...s.columns].sort((x, y) => (x.score ?? 2) - (y.score ?? 2));
  root.replaceChildren(
    el('div', { class: 'side' }, [
      el('div', { class: 'side-file', text: s.file, title: s.title }),
      el('div', { class: 'side-score' }, [
        el('span', {
          class: `score ${b}`,
          text: pct(s.score),
          id: 'side-score',
          attrs: { 'aria-label': `Overall score ${pct(s.score)}` },
        }),
        el('span', {
          class: `grade ${b}`,
          text: s.grade,
          id: 'side-grade',
          attrs: { 'aria-label': `Grade ${s.grade}` },
        }),
      ]),
      el('p', { class: 'side-verdict', text: s.verdict }),
      el('div', { class: 'side-facts' }, [
        el('span', { text: `${s.rows.synthetic.toLocaleString('en-US')} synthetic rows` }),
        el('span', {
          class: s.violations ? 'band-poor' : 'band-good',
          id: 'side-violations',
          text: `${s.violations.toLocaleString('en-US')} violation${s.violations === 1 ? '' : 's'}`,
        }),
      ]),
      button('Open Full Report', onOpenReport, {
        appearance: 'primary',
        id: 'open-report',
        title: 'Open the full quality report beside the editor',
      }),
      el('h2', { class: 'side-heading', text: 'Columns, worst first' }),
      el(
        'ul',
        { class: 'side-columns', attrs: { 'aria-label': 'Shape score per column' } },
        columns.map((c) =>
          el(
            'li',
            { class: 'side-column', title: `${c.name} (${c.type}): ${c.score === null ? 'not scored' : pct(c.score)}` },
            [
              el('span', { class: 'side-col-name', text: c.name }),
              scoreBar(c.score, `${c.name} ${pct(c.score)}`),
              el('span', { class: `side-col-score ${band(c.score)}`, text: c.score === null ? '—' : pct(c.score, 0) }),
            ],
          ),
        ),
      ),
      el('p', { class: 'muted side-when', text: `Report of ${new Date(s.createdAt).toLocaleString()}` }),
    ]),
  );
}
