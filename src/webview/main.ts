/**
 * Entry of the report webview. In VS Code it says `ready` and renders what the host posts; as a
 * standalone HTML report it reads the report embedded in the page. Either way it renders from
 * plain data with textContent and vega-embed, never from HTML strings.
 */
import type { QualityReport } from '../core/quality/model';
import { onThemeChange } from './charts';
import { el } from './dom';
import type { FromWebview, ReportContext, ToWebview, WebviewState } from './protocol';
import { renderReport } from './report';
import { progressRing, registerComponents } from './ui';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): WebviewState | undefined;
  setState(state: WebviewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

registerComponents();

const root = document.getElementById('app') ?? document.body;
const vscode: VsCodeApi | undefined = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
let state: WebviewState = vscode?.getState() ?? {};

function saveState(patch: Partial<WebviewState>): void {
  state = { ...state, ...patch };
  vscode?.setState(state);
}

function show(report: QualityReport, context: ReportContext): void {
  renderReport(root, report, context, state.column, {
    ...(vscode ? { onExport: () => vscode.postMessage({ type: 'exportHtml' }), onOpenFile: (which) => vscode.postMessage({ type: 'openFile', which }) } : {}),
    onColumn: (name) => saveState({ column: name }),
  });
  root.setAttribute('data-rendered', 'true');
}

function rerender(): void {
  if (state.report) show(state.report, state.context ?? {});
}

if (vscode) {
  window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
    const m = event.data;
    switch (m.type) {
      case 'report':
        saveState({ report: m.report, context: m.context });
        show(m.report, m.context);
        break;
      case 'busy':
        root.replaceChildren(el('div', { class: 'busy' }, [progressRing(), el('span', { text: m.message })]));
        break;
      case 'empty':
        root.replaceChildren(el('p', { class: 'muted empty', text: m.message }));
        break;
    }
  });
  // A restored panel shows its last report at once; the host may send a newer one after `ready`.
  if (state.report) rerender();
  else root.replaceChildren(el('div', { class: 'busy' }, [progressRing(), el('span', { text: 'Waiting for the report…' })]));
  vscode.postMessage({ type: 'ready' });
} else {
  const data = document.getElementById('report-data');
  if (data?.textContent) {
    const report = JSON.parse(data.textContent) as QualityReport;
    state = { report, context: {} };
    rerender();
  }
}

onThemeChange(rerender);
