/**
 * The side view: a compact summary of the report for the active CSV or blueprint. Score and
 * grade, a mini bar per column, the violation count, and a button for the full report.
 */
import { band, el, pct, scoreBar } from './dom';
import type { DesignSummary, ReportSummary } from './protocol';
import { button } from './ui';

export function renderSummary(root: HTMLElement, s: ReportSummary | DesignSummary, onOpenReport: () => void): void {
  if ('kind' in s) {
    renderDesignSummary(root, s, onOpenReport);
    return;
  }
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

/** A rules blueprint's report: checks passed, the target's rate, rates within tolerance; no score (nothing real to compare with). */
function renderDesignSummary(root: HTMLElement, s: DesignSummary, onOpenReport: () => void): void {
  const ok = s.checks.passed === s.checks.made;
  root.replaceChildren(
    el('div', { class: 'side side-design' }, [
      el('div', { class: 'side-file', text: s.file, title: s.title }),
      el('div', { class: 'side-score' }, [
        el('span', {
          class: `score ${ok ? 'band-good' : 'band-poor'}`,
          text: `${s.checks.passed}/${s.checks.made}`,
          id: 'side-checks',
          attrs: { 'aria-label': `${s.checks.passed} of ${s.checks.made} checks pass` },
        }),
        el('span', { class: 'grade band-none', text: 'checks' }),
      ]),
      el('p', { class: 'side-verdict', text: s.verdict }),
      el('div', { class: 'side-facts' }, [
        el('span', { text: `${s.rows.synthetic.toLocaleString('en-US')} generated rows` }),
        el('span', {
          class: s.violations ? 'band-poor' : 'band-good',
          id: 'side-violations',
          text: `${s.violations.toLocaleString('en-US')} violation${s.violations === 1 ? '' : 's'}`,
        }),
      ]),
      s.target
        ? el('p', {
            class: `side-target ${s.target.within ? 'band-good' : 'band-fair'}`,
            id: 'side-target',
            text: `${s.target.label}: ${pct(s.target.achieved)} (declared ${pct(s.target.expected)})`,
          })
        : null,
      s.rates.compared
        ? el('p', {
            class: 'side-rates',
            id: 'side-rates',
            text: `${s.rates.within} of ${s.rates.compared} declared rates within tolerance`,
          })
        : null,
      button('Open Full Report', onOpenReport, {
        appearance: 'primary',
        id: 'open-report',
        title: 'Open the full report beside the editor',
      }),
      el('p', {
        class: 'muted side-note',
        text: 'No source data: fidelity, privacy and utility are not measured.',
      }),
      el('p', { class: 'muted side-when', text: `Report of ${new Date(s.createdAt).toLocaleString()}` }),
    ]),
  );
}
