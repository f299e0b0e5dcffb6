/**
 * DOM building with text only: every string lands in `textContent` or an attribute, never in
 * HTML markup, so cell values and column names from a CSV cannot inject anything. Nothing in the
 * webview assigns `innerHTML`, `outerHTML` or calls `insertAdjacentHTML` (a unit test checks).
 */
import { scoreBand } from '../core/quality/score';

export type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  text?: string;
  title?: string;
  id?: string;
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  children: Child[] = [],
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.class) e.className = props.class;
  if (props.id) e.id = props.id;
  if (props.text !== undefined) e.textContent = props.text;
  if (props.title) e.title = props.title;
  if (props.attrs) for (const [k, v] of Object.entries(props.attrs)) e.setAttribute(k, v);
  append(e, children);
  return e;
}

/** Append children; strings become text nodes (never parsed as HTML). */
export function append(parent: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** A plain table: a header row and body rows of text (or nodes); `numeric` right-aligns columns. */
export function table(
  head: string[],
  rows: Child[][],
  options: { class?: string; caption?: string; id?: string; rowClass?: (i: number) => string | undefined } = {},
): HTMLTableElement {
  return el('table', { class: options.class ?? 'data-table', ...(options.id ? { id: options.id } : {}) }, [
    options.caption ? el('caption', { text: options.caption }) : null,
    el('thead', {}, [
      el(
        'tr',
        {},
        head.map((h) => el('th', { text: h, attrs: { scope: 'col' } })),
      ),
    ]),
    el(
      'tbody',
      {},
      rows.map((r, i) => {
        const cls = options.rowClass?.(i);
        return el(
          'tr',
          cls ? { class: cls } : {},
          r.map((c, j) => (j === 0 ? el('th', { attrs: { scope: 'row' } }, [c]) : el('td', {}, [c]))),
        );
      }),
    ),
  ]);
}

export function pct(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || Number.isNaN(x)) return 'n/a';
  const p = x * 100;
  // Near 100% (or 0%) one decimal hides the difference that matters: keep two.
  const d = digits === 1 && ((p > 99.9 && p < 100) || (p > 0 && p < 0.1)) ? 2 : digits;
  return `${p.toFixed(d)}%`;
}

export function num(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return 'n/a';
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e7 || a < 1e-3)) return x.toExponential(3);
  return x.toLocaleString('en-US', { maximumFractionDigits: a >= 100 ? 1 : 3 });
}

export function int(x: number | null | undefined): string {
  return x === null || x === undefined || Number.isNaN(x) ? 'n/a' : Math.round(x).toLocaleString('en-US');
}

/**
 * A datetime (ms since the epoch, UTC) as text. `day`: the column holds whole days, so every
 * figure of it (a mean or a quartile too) is shown as the nearest date, never with a clock time.
 */
export function date(ms: number | null | undefined, resolution?: 'day' | 'time' | 'clock'): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return 'n/a';
  const DAY = 86_400_000;
  // A time of day: the clock time alone (a mean or quartile of times is a time too).
  if (resolution === 'clock') return new Date(ms).toISOString().slice(11, 19);
  const iso = new Date(resolution === 'day' ? Math.round(ms / DAY) * DAY : ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}

/** A horizontal bar showing a 0..1 score (width set through the CSSOM, which the CSP allows). */
export function scoreBar(score: number | null | undefined, label?: string): HTMLElement {
  const s = score ?? undefined;
  const outer = el('div', {
    class: 'score-bar',
    attrs: {
      role: 'meter',
      'aria-valuemin': '0',
      'aria-valuemax': '100',
      'aria-valuenow': s === undefined ? '0' : String(Math.round(s * 100)),
      ...(label ? { 'aria-label': label } : {}),
    },
  });
  const inner = el('div', { class: `score-fill ${band(s)}` });
  inner.style.width = `${Math.max(0, Math.min(1, s ?? 0)) * 100}%`;
  outer.appendChild(inner);
  return outer;
}

/** The CSS class of a score's colour band (`scoreBand`: the same thresholds as the charts). */
export function band(score: number | null | undefined): string {
  if (score === undefined || score === null || Number.isNaN(score)) return 'band-none';
  return `band-${scoreBand(score)}`;
}

/** A KPI card: a big value, a label under it, an optional line of detail; `hint` is the tooltip. */
export function kpi(
  label: string,
  value: string,
  options: { hint?: string; detail?: string; band?: string; id?: string; text?: boolean } = {},
): HTMLElement {
  return el(
    'div',
    { class: 'kpi', ...(options.hint ? { title: options.hint } : {}), ...(options.id ? { id: options.id } : {}) },
    [
      el('div', {
        class: `kpi-value ${options.text ? 'kpi-text' : ''} ${options.band ?? ''}`.replace(/\s+/g, ' ').trim(),
        text: value,
        ...(options.text ? { title: value } : {}),
      }),
      el('div', { class: 'kpi-label', text: label }),
      options.detail ? el('div', { class: 'kpi-detail', text: options.detail }) : null,
    ],
  );
}

/** A section with a heading and an optional one-line explanation under it. */
export function section(
  title: string,
  children: Child[],
  options: { intro?: string; class?: string; id?: string } = {},
): HTMLElement {
  return el('section', { class: `block ${options.class ?? ''}`.trim(), ...(options.id ? { id: options.id } : {}) }, [
    el('h2', { text: title }),
    options.intro ? el('p', { class: 'muted intro', text: options.intro }) : null,
    ...children,
  ]);
}

/** A legend for charts drawn without their own: swatches in the theme's real and synthetic colours. */
export function sideLegend(labels: [string, string] = ['Real', 'Synthetic']): HTMLElement {
  return el('div', { class: 'side-legend', attrs: { 'aria-hidden': 'true' } }, [
    el('span', { class: 'swatch swatch-real' }),
    el('span', { text: labels[0] }),
    el('span', { class: 'swatch swatch-synthetic' }),
    el('span', { text: labels[1] }),
  ]);
}
