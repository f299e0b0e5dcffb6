/**
 * DOM building with text only: every string lands in `textContent` or an attribute, never in
 * HTML markup, so cell values and column names from a CSV cannot inject anything.
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { class?: string; text?: string; title?: string; attrs?: Record<string, string> } = {}, children: (Node | null | undefined)[] = []): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.class) e.className = props.class;
  if (props.text !== undefined) e.textContent = props.text;
  if (props.title) e.title = props.title;
  if (props.attrs) for (const [k, v] of Object.entries(props.attrs)) e.setAttribute(k, v);
  for (const c of children) if (c) e.appendChild(c);
  return e;
}

export function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || Number.isNaN(x) ? 'n/a' : `${(x * 100).toFixed(digits)}%`;
}

export function num(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return 'n/a';
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e7 || a < 1e-3)) return x.toExponential(3);
  return x.toLocaleString('en-US', { maximumFractionDigits: a >= 100 ? 1 : 3 });
}

export function date(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return 'n/a';
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}

/** A horizontal bar showing a 0..1 score (CSS width via a class-free custom property). */
export function scoreBar(score: number | undefined): HTMLElement {
  const outer = el('div', { class: 'score-bar', attrs: { role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': score === undefined ? '0' : String(Math.round(score * 100)) } });
  const inner = el('div', { class: `score-fill ${band(score)}` });
  inner.style.width = `${Math.max(0, Math.min(1, score ?? 0)) * 100}%`;
  outer.appendChild(inner);
  return outer;
}

export function band(score: number | undefined): string {
  if (score === undefined || Number.isNaN(score)) return 'band-none';
  if (score >= 0.9) return 'band-good';
  if (score >= 0.75) return 'band-fair';
  return 'band-poor';
}
