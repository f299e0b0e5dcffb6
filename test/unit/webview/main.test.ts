// @vitest-environment happy-dom
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Untrusted text is text: a CSV whose header and cells hold markup and script is rendered by the
 * panel's DOM builders as literal text, in every tab and in the side view. (The browser check of
 * the same file, with the real CSP and Vega, is in test/e2e/panel.e2e.mjs.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateFromText, synthesize } from '../../../src/core/pipeline';
import type { QualityReport } from '../../../src/core/quality/types';
import { opaque } from '../../../src/webview/charts';
import { el, table } from '../../../src/webview/dom';
import type { ViewState } from '../../../src/webview/protocol';
import { renderReport, TABS } from '../../../src/webview/report';
import { renderSummary } from '../../../src/webview/sideView';
import { textTooltip } from '../../../src/webview/tooltip';
import { fixture } from '../helpers';

// Charts draw when they scroll into view; here nothing scrolls, so no chart draws (Vega is tested
// on its own in specs.test.ts). The DOM around them is what this file checks.
class Never {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
(globalThis as Record<string, unknown>).IntersectionObserver = Never;
(globalThis as Record<string, unknown>).ResizeObserver = Never;

const MARKUP = [
  '<img src=x onerror=alert(1)>',
  '<script>alert("h")</script>',
  '<script>alert(2)</script>',
  '<b>bold</b>',
  '<img src=x onerror=alert(3)>',
];
let report: QualityReport;

beforeAll(() => {
  report = synthesize({ csv: fixture('markup.csv'), fileName: 'markup.csv' }).report;
});

function render(state: ViewState): HTMLElement {
  const root = document.createElement('div');
  document.body.replaceChildren(root);
  renderReport(root, report, { seconds: 1.5 }, state, { onState: () => undefined });
  return root;
}

/** Elements the page never makes itself: if one appears, markup from the data was parsed. */
function injected(root: HTMLElement): string[] {
  return [...root.querySelectorAll('img, script, b, iframe, object, embed, [onerror], [onload]')].map((e) =>
    e.outerHTML.slice(0, 80),
  );
}

describe('untrusted text is text', () => {
  for (const tab of TABS.map((t) => t.id)) {
    it(`the ${tab} tab creates no element from the data's markup`, () => {
      const root = render({ tab });
      const view = root.querySelector(`#view-${tab}`);
      if (tab === 'time' && !report.time?.length) return;
      expect(view, `#view-${tab}`).not.toBeNull();
      expect(view!.textContent!.length).toBeGreaterThan(20);
      expect(injected(root)).toEqual([]);
    });
  }

  it('shows the header and cells literally: the column picker, the preview grid, the closest records', () => {
    const columns = render({ tab: 'columns' });
    const options = [...columns.querySelectorAll('#column-picker vscode-option')].map((o) => o.textContent);
    expect(options.some((o) => o?.startsWith('<img src=x onerror=alert(1)>'))).toBe(true);
    expect(columns.textContent).toContain('<script>alert("h")</script>');

    const data = render({ tab: 'data', dataSide: 'real' });
    const heads = [...data.querySelectorAll('#preview-table thead .col-name')].map((h) => h.textContent);
    expect(heads).toEqual([
      '<img src=x onerror=alert(1)>',
      '<script>alert("h")</script>',
      'price.usd[0]',
      'note',
      'when',
      'label',
    ]);
    const cells = [...data.querySelectorAll('#preview-table tbody td')].map((c) => c.textContent);
    for (const m of ['<b>bold</b>', '&amp; entity', '"quoted"', '</td></tr><tr><td>']) expect(cells).toContain(m);
    expect(data.querySelectorAll('#preview-table tbody tr').length).toBe(report.preview.real.length);

    const privacy = render({ tab: 'privacy' });
    const pairText = privacy.querySelector('.pair-table')!.textContent!;
    expect(pairText).toContain('<img src=x onerror=alert(1)>');
    expect(MARKUP.some((m) => pairText.includes(m))).toBe(true);
    expect(injected(privacy)).toEqual([]);
  });

  it('the side view shows column names as text', () => {
    const root = document.createElement('div');
    renderSummary(
      root,
      {
        title: report.title,
        score: report.score,
        grade: report.grade,
        verdict: report.verdict,
        rows: { real: 150, synthetic: 150 },
        columns: report.columns.map((c) => ({ name: c.name, type: c.type, score: c.score ?? null })),
        violations: 0,
        file: '<b>x</b>.csv',
        createdAt: 0,
        context: {},
      },
      () => undefined,
    );
    expect([...root.querySelectorAll('.side-col-name')].map((e) => e.textContent)).toContain(
      '<img src=x onerror=alert(1)>',
    );
    expect(root.querySelector('.side-file')!.textContent).toBe('<b>x</b>.csv');
    expect(injected(root)).toEqual([]);
  });

  it('the DOM builders put strings in text nodes and attributes only', () => {
    const e = el('div', { text: '<img src=x onerror=alert(1)>', title: '"><script>', attrs: { 'data-x': '<b>' } }, [
      '<script>alert(1)</script>',
      el('span', { text: '<i>' }),
    ]);
    expect(e.children.length).toBe(1);
    expect(e.textContent).toBe('<img src=x onerror=alert(1)><script>alert(1)</script><i>');
    expect(e.getAttribute('title')).toBe('"><script>');
    const t = table(['<th>'], [['<td>', el('em', { text: '<u>' })]]);
    expect(t.querySelectorAll('td, th').length).toBe(3);
    expect(t.textContent).toBe('<th><td><u>');
  });

  it('draws a chart tooltip as text: markup stays text, a field titled image or title is a row like any other', () => {
    // vega-tooltip, the default, wrote these with innerHTML and drew `image` as an <img>.
    const show = textTooltip();
    const at = { clientX: 20, clientY: 30 } as MouseEvent;
    show(undefined, at, undefined, {
      '<img src=x onerror=alert(1)>': '<script>alert("v")</script>',
      image: 'https://example.com/x.png',
      title: '<b>t</b>',
    });
    const box = document.getElementById('vg-tooltip-element')!;
    expect(box.classList.contains('visible')).toBe(true);
    expect(box.querySelectorAll('img, script, b, h2').length).toBe(0);
    expect([...box.querySelectorAll('tr')].map((r) => [...r.querySelectorAll('td')].map((d) => d.textContent))).toEqual(
      [
        ['<img src=x onerror=alert(1)>', '<script>alert("v")</script>'],
        ['image', 'https://example.com/x.png'],
        ['title', '<b>t</b>'],
      ],
    );
    show(undefined, at, undefined, '<i>plain</i>');
    expect(box.textContent).toBe('<i>plain</i>');
    show(undefined, at, undefined, null);
    expect(box.classList.contains('visible')).toBe(false);
    expect(document.querySelectorAll('#vg-tooltip-element').length).toBe(1);
  });

  it('no webview source assigns HTML (innerHTML, outerHTML, insertAdjacentHTML, document.write)', () => {
    const dir = path.join(__dirname, '..', '..', '..', 'src', 'webview');
    const files = (d: string): string[] =>
      readdirSync(d).flatMap((n) =>
        statSync(path.join(d, n)).isDirectory() ? files(path.join(d, n)) : n.endsWith('.ts') ? [path.join(d, n)] : [],
      );
    const code = (f: string): string => readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const offenders = files(dir).filter((f) =>
      /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment/.test(code(f)),
    );
    expect(offenders).toEqual([]);
  });
});

describe('the panel', () => {
  it('keeps the selectors the end-to-end tests use', () => {
    const root = render({});
    expect(root.querySelector('#overall-score')!.textContent).toMatch(/^\d{1,3}(\.\d{1,2})?%$/);
    expect(root.querySelector('#grade')!.textContent).toBe(report.grade);
    for (const t of TABS)
      if (!t.available || t.available(report)) expect(root.querySelector(`#tab-${t.id}`), t.id).not.toBeNull();
  });

  it('shows detection as a key figure and in the breakdown, with what gives the rows away', () => {
    const root = render({});
    const d = report.distinguishability;
    const card = root.querySelector('#kpi-detection')!;
    expect(card).not.toBeNull();
    expect(card.textContent).toContain(d.score === null ? 'skipped' : 'ROC-AUC');
    const rows = [...root.querySelectorAll('.part-row')].map((r) => r.textContent ?? '');
    const row = rows.find((t) => t.startsWith('Detection'))!;
    expect(row).toContain(d.score === null ? 'not counted' : 'in fidelity');
    expect(row).toContain(d.meaning);
  });

  it('opens on the tab and column the state names', () => {
    const root = render({ tab: 'columns', column: 'price.usd[0]' });
    expect(root.querySelector('#report-tabs')!.getAttribute('activeid')).toBe('tab-columns');
    expect(root.querySelector('.column-detail h2')!.textContent).toBe('price.usd[0]');
    expect(root.querySelector('#column-chart')!.getAttribute('data-column')).toBe('price.usd[0]');
  });

  it('has one wrapping tab bar: a click or an arrow key switches tabs, one view shown at a time', () => {
    const saved: ViewState[] = [];
    const root = document.createElement('div');
    document.body.replaceChildren(root);
    renderReport(root, report, {}, {}, { onState: (p) => saved.push(p) });
    const tabs = root.querySelector('#report-tabs')!;
    expect(tabs.querySelector('[role="tablist"]')).not.toBeNull();
    expect(tabs.getAttribute('activeid')).toBe('tab-overview');
    (root.querySelector('#tab-privacy') as HTMLElement).click();
    expect(tabs.getAttribute('activeid')).toBe('tab-privacy');
    expect(saved.at(-1)).toEqual({ tab: 'privacy' });
    const visible = [...root.querySelectorAll('[role="tabpanel"]')].filter((v) => !(v as HTMLElement).hidden);
    expect(visible.map((v) => v.id)).toEqual(['view-privacy']);
    root.querySelector('#tab-privacy')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' }));
    const next = TABS.filter((t) => !t.available || t.available(report)).map((t) => t.id);
    expect(tabs.getAttribute('activeid')).toBe(`tab-${next[next.indexOf('privacy') + 1]}`);
    expect(root.querySelector(`#tab-${next[next.indexOf('privacy') + 1]}`)!.getAttribute('aria-selected')).toBe('true');
  });

  it('reports the tab and column it shows, so they can be saved', () => {
    const saved: ViewState[] = [];
    const root = document.createElement('div');
    renderReport(root, report, {}, { tab: 'columns' }, { onState: (p) => saved.push(p) });
    expect(saved.some((s) => typeof s.column === 'string')).toBe(true);
  });
});

describe('theme colours', () => {
  // Light and Dark Modern define charts.orange as rgba(234, 92, 0, 0.33): series need it solid.
  it('drops transparency from a theme colour', () => {
    expect(opaque('rgba(234, 92, 0, 0.33)')).toBe('#ea5c00');
    expect(opaque('#0063d3')).toBe('#0063d3');
    expect(opaque('#0063d380')).toBe('#0063d3');
    expect(opaque('red')).toBe('red');
    expect(opaque('')).toBeUndefined();
  });
});

describe("a rules blueprint's design report", () => {
  // Markup in a column name and in category levels: it must stay text here too.
  const blueprintText = JSON.stringify({
    version: 1,
    name: 'markup_rules',
    method: 'rules',
    rows: 300,
    seed: 5,
    target: 'flag',
    columns: [
      {
        name: MARKUP[0],
        type: 'category',
        distribution: { kind: 'categorical', probabilities: { [MARKUP[1]]: 0.5, [MARKUP[3]]: 0.5 } },
      },
      { name: 'cost', type: 'number', min: 0, distribution: { kind: 'exponential', rate: 0.5 } },
      { name: 'n', type: 'integer', min: 0, max: 9, distribution: { kind: 'poisson', lambda: 2 } },
      {
        name: 'flag',
        type: 'boolean',
        distribution: { kind: 'logistic', rate: 0.3, terms: [{ coef: 0.2, expr: 'n' }] },
      },
    ],
    constraints: [{ expr: 'cost >= 0', description: MARKUP[4] }],
  });
  const design = generateFromText({ blueprintText, fileName: 'markup_rules.synth.json' }).design!;

  function renderDesign(state: ViewState): HTMLElement {
    const root = document.createElement('div');
    document.body.replaceChildren(root);
    renderReport(root, design, { blueprintPath: 'markup_rules.synth.json' }, state, { onState: () => undefined });
    return root;
  }

  for (const tab of ['overview', 'validity', 'rates', 'columns', 'pairs', 'data'])
    it(`the ${tab} tab shows the data's markup as text`, () => {
      const root = renderDesign({ tab });
      expect(root.querySelector(`#view-${tab}`)!.textContent!.length).toBeGreaterThan(20);
      expect(injected(root)).toEqual([]);
    });

  it('shows no score and no tab that needs real rows, and says why', () => {
    const root = renderDesign({});
    expect(root.querySelector('#overall-score')).toBeNull();
    const tabs = [...root.querySelectorAll('[role="tab"]')].map((t) => t.id);
    expect(tabs).toEqual(['tab-overview', 'tab-validity', 'tab-rates', 'tab-columns', 'tab-pairs', 'tab-data']);
    expect(root.querySelector('#without-source')!.textContent).toMatch(/no source CSV/);
    expect(root.querySelector('#design-checks')!.textContent).toBe(
      `${design.validity.passed}/${design.validity.checks}`,
    );
    const rates = renderDesign({ tab: 'rates' }).querySelector('#design-rates')!.textContent!;
    expect(rates).toContain(`${MARKUP[0]} = ${MARKUP[1]}`);
    expect(rates).toContain('flag = true · target');
  });

  it('the side view shows the checks and the target rate, not a score', () => {
    const root = document.createElement('div');
    renderSummary(
      root,
      {
        kind: 'design',
        title: design.title,
        verdict: design.verdict,
        rows: { synthetic: 300 },
        checks: { passed: 6, made: 6 },
        constraints: { broken: 0, checked: 1 },
        rates: { within: 3, compared: 3 },
        target: { label: 'flag = true', expected: 0.3, achieved: 0.31, within: true },
        violations: 0,
        file: `${MARKUP[2]}.synth.json`,
        createdAt: 0,
        context: {},
      },
      () => undefined,
    );
    expect(root.querySelector('#side-score')).toBeNull();
    expect(root.querySelector('#side-checks')!.textContent).toBe('6/6');
    expect(root.querySelector('#side-target')!.textContent).toBe('flag = true: 31.0% (declared 30.0%)');
    expect(root.querySelector('.side-file')!.textContent).toBe(`${MARKUP[2]}.synth.json`);
    expect(injected(root)).toEqual([]);
  });
});
