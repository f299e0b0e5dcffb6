/**
 * Chart tooltips built as DOM text. vega-embed's default handler (vega-tooltip) writes its
 * tooltip with `innerHTML`: column names and cell values reached markup there, escaped for `<`
 * and `&` only, and a tooltip field titled `image` or `title` (a CSV column of that name) was
 * drawn as an `<img>` or a heading instead of its value. This handler is given to vega-embed
 * (`tooltip`) in its place: every key and value lands in `textContent`, no field is special.
 * Styled by media/report.css (`#vg-tooltip-element`).
 */
import { el } from './dom';

/** Pixels between the pointer and the tooltip. */
const OFFSET = 10;

/** vega-embed's custom tooltip handler: called with the hovered item's tooltip value (null: hide). */
export type TooltipHandler = (handler: unknown, event: MouseEvent, item: unknown, value: unknown) => void;

export function textTooltip(): TooltipHandler {
  let box: HTMLElement | undefined;
  return (_handler, event, _item, value) => {
    box ??= document.body.appendChild(el('div', { id: 'vg-tooltip-element', attrs: { role: 'tooltip' } }));
    if (value === null || value === undefined || value === '') {
      box.classList.remove('visible');
      return;
    }
    box.replaceChildren(tooltipContent(value));
    box.classList.add('visible');
    // Below right of the pointer, flipped to the other side where it would leave the window.
    const { width, height } = box.getBoundingClientRect();
    const x =
      event.clientX + OFFSET + width > window.innerWidth ? event.clientX - OFFSET - width : event.clientX + OFFSET;
    const y =
      event.clientY + OFFSET + height > window.innerHeight ? event.clientY - OFFSET - height : event.clientY + OFFSET;
    box.style.left = `${Math.max(0, x)}px`;
    box.style.top = `${Math.max(0, y)}px`;
  };
}

/** A tooltip value as nodes: an object as a table of key and value rows, anything else as text. */
export function tooltipContent(value: unknown): Node {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const rows = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) =>
        el('tr', {}, [el('td', { class: 'key', text: k }), el('td', { class: 'value', text: text(v) })]),
      );
    return el('table', {}, [el('tbody', {}, rows)]);
  }
  return document.createTextNode(text(value));
}

function text(v: unknown): string {
  if (Array.isArray(v)) return v.map(text).join(', ');
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
