import { el } from '../dom';
import { dropdown, labelled } from '../ui';
import type { TabContext } from './context';

/** Data: the first rows of the real or the synthetic table, with each column's type. Values are text, never markup. */
export function dataTab(view: HTMLElement, ctx: TabContext): void {
  const p = ctx.report.preview;
  let side: 'real' | 'synthetic' = ctx.state.dataSide ?? 'synthetic';
  const holder = el('div', {
    class: 'grid-scroll',
    attrs: { tabindex: '0', role: 'region', 'aria-label': 'Preview rows' },
  });
  const note = el('p', { class: 'muted' });
  const draw = (): void => {
    ctx.save({ dataSide: side });
    const rows = p[side];
    const name = side === 'real' ? ctx.report.real.name : ctx.report.synthetic.name;
    note.textContent = `The first ${rows.length} of ${(side === 'real' ? ctx.report.real.rows : ctx.report.synthetic.rows).toLocaleString('en-US')} rows of ${name}.`;
    holder.replaceChildren(
      el('table', { class: 'preview', id: 'preview-table', attrs: { 'data-side': side } }, [
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
          rows.map((row, i) =>
            el('tr', {}, [
              el('th', { class: 'rownum', text: String(i + 1), attrs: { scope: 'row' } }),
              ...p.columns.map((c, j) => {
                const v = row[j];
                return v === null || v === undefined
                  ? el('td', { class: 'missing', text: '—', title: 'missing' })
                  : el('td', { class: `type-${c.type}`, text: v });
              }),
            ]),
          ),
        ),
      ]),
    );
  };
  view.append(
    el('div', { class: 'toolbar' }, [
      labelled(
        'Table',
        dropdown(
          [
            { value: 'synthetic', label: `Synthetic (${ctx.report.synthetic.name})` },
            { value: 'real', label: `Real (${ctx.report.real.name})` },
          ],
          side,
          (v) => {
            side = v === 'real' ? 'real' : 'synthetic';
            draw();
          },
          'Table to preview',
          'data-side',
        ),
      ),
      note,
    ]),
    holder,
  );
  draw();
}
