import type { QualityReport } from '../../core/quality/types';
import { el } from '../dom';
import { dropdown, labelled } from '../ui';
import type { TabContext } from './context';

/** Column types a model can predict (identifiers and free text cannot be targets). */
const PREDICTABLE = new Set(['integer', 'number', 'category', 'boolean', 'datetime']);

/** The target column the report used (utility's choice, else the Target tab's), if any. */
export function currentTarget(r: QualityReport): string | undefined {
  return r.utility.target?.column ?? r.target?.column;
}

/**
 * The chosen target, how it was chosen, and how to change it: a picker that re-runs the report
 * (in VS Code), and where to keep the choice (the blueprint's "target", or the setting).
 */
export function targetChoice(ctx: TabContext, id: string): HTMLElement {
  const r = ctx.report;
  const current = currentTarget(r);
  const choice = r.utility.target;
  const how = choice ? choice.reason : current ? '' : 'no column was suitable';
  const keep = current
    ? `To keep it, write "target": "${current}" in the blueprint`
    : 'To choose one, write "target": "<column>" in the blueprint';
  const children: (HTMLElement | string | null)[] = [];
  if (ctx.pickTarget) {
    const names = r.columns.filter((c) => PREDICTABLE.has(c.type)).map((c) => c.name);
    const options = [
      ...(current ? [] : [{ value: '', label: '(none)' }]),
      ...names.map((n) => ({ value: n, label: n })),
    ];
    const pick = ctx.pickTarget;
    children.push(
      labelled(
        'Target',
        dropdown(
          options,
          current ?? '',
          (v) => {
            if (v && v !== current) pick(v);
          },
          'Target column: picking another re-runs the report',
          id,
        ),
      ),
    );
  } else if (current) children.push(el('strong', { text: current }));
  children.push(
    el('span', {
      class: 'muted',
      text: [
        how ? `${how}.` : '',
        ctx.pickTarget
          ? `Picking another re-runs the report. ${keep} (or set synthStudio.target in the settings, used when a blueprint names none).`
          : `${keep}, or pass --target to synth-studio.`,
      ]
        .filter(Boolean)
        .join(' '),
    }),
  );
  return el('div', { class: 'target-choice', attrs: { 'data-target': current ?? '' } }, children);
}
