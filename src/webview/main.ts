/**
 * Entry of the report webviews. `#app[data-mode]` says which: `report` (the panel) or `view` (the
 * side view). In VS Code the page says `ready` and renders what the host posts; as a standalone
 * HTML report it reads the report embedded in the page. Either way it renders from plain data with
 * textContent and vega-embed, never from HTML strings.
 */
import type { AnyReport } from '../core/quality/types';
import { onThemeChange, setChartSaver } from './charts';
import { el } from './dom';
import type { FromWebview, ReportContext, ToWebview, ViewState, WebviewState } from './protocol';
import { renderReport } from './report';
import { renderSummary } from './sideView';
import { progressRing, registerComponents } from './ui';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): WebviewState | undefined;
  setState(state: WebviewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

registerComponents();

const root = document.getElementById('app') ?? document.body;
const mode = root.getAttribute('data-mode') === 'view' ? 'view' : 'report';
const vscode: VsCodeApi | undefined = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
let state: WebviewState = vscode?.getState() ?? {};

function saveState(patch: Partial<WebviewState>): void {
  state = { ...state, ...patch };
  vscode?.setState(state);
  if (!vscode && mode === 'report') saveHash(state);
}

function showReport(report: AnyReport, context: ReportContext): void {
  renderReport(root, report, context, state, {
    ...(vscode
      ? {
          onExport: () => vscode.postMessage({ type: 'exportHtml' }),
          onOpenFile: (which: 'source' | 'blueprint' | 'synthetic') => vscode.postMessage({ type: 'openFile', which }),
          ...(context.blueprintPath
            ? { onPickTarget: (column: string) => vscode.postMessage({ type: 'pickTarget', column }) }
            : {}),
        }
      : {}),
    onState: (patch) => saveState(patch),
  });
  root.setAttribute('data-rendered', 'true');
}

function busy(message: string): void {
  root.replaceChildren(el('div', { class: 'busy' }, [progressRing(), el('span', { text: message })]));
  root.removeAttribute('data-rendered');
}

if (vscode) {
  setChartSaver((fileName, format, data) => vscode.postMessage({ type: 'saveChart', fileName, format, data }));
  window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
    const m = event.data;
    switch (m.type) {
      case 'report':
        // A new report keeps the tab but not choices that may not exist in it.
        saveState({
          report: m.report,
          context: m.context,
          ...(state.report && state.report.title !== m.report.title ? resetChoices() : {}),
        });
        showReport(m.report, m.context);
        break;
      case 'summary':
        saveState({ summary: m.summary });
        renderSummary(root, m.summary, () => vscode.postMessage({ type: 'openReport' }));
        root.setAttribute('data-rendered', 'true');
        break;
      case 'busy':
        busy(m.message);
        break;
      case 'empty':
        saveState({ summary: undefined });
        root.replaceChildren(el('p', { class: 'muted empty', text: m.message }));
        root.setAttribute('data-rendered', 'empty');
        break;
    }
  });
  // A restored panel shows its last report at once; the host may send a newer one after `ready`.
  if (mode === 'report' && state.report) showReport(state.report, state.context ?? {});
  else if (mode === 'view' && state.summary)
    renderSummary(root, state.summary, () => vscode.postMessage({ type: 'openReport' }));
  else if (mode === 'report') busy('Waiting for the report…');
  else {
    root.replaceChildren(
      el('p', { class: 'muted empty', text: 'Open a CSV or a .synth.json blueprint to see its quality here.' }),
    );
    root.setAttribute('data-rendered', 'empty');
  }
  vscode.postMessage({ type: 'ready' });
} else {
  const data = document.getElementById('report-data');
  if (data?.textContent) {
    const report = JSON.parse(data.textContent) as AnyReport;
    const ctxText = document.getElementById('report-context')?.textContent;
    const context = ctxText ? (JSON.parse(ctxText) as ReportContext) : {};
    state = { ...readHash() };
    showReport(report, context);
    window.addEventListener('hashchange', () => {
      const next = readHash();
      if (next.tab !== state.tab) {
        state = { ...state, ...next };
        showReport(report, context);
      }
    });
  }
}

onThemeChange();

function resetChoices(): Partial<ViewState> {
  return {
    column: undefined,
    pair: undefined,
    feature: undefined,
    timeColumn: undefined,
    measure: undefined,
    privacyPair: undefined,
  };
}

/** Standalone page: the tab and chosen column live in the URL's hash, so a reload or a shared link keeps them. */
function saveHash(s: ViewState): void {
  const params = new URLSearchParams();
  if (s.tab) params.set('tab', s.tab);
  if (s.column) params.set('column', s.column);
  const hash = params.toString();
  if (`#${hash}` !== window.location.hash)
    history.replaceState(null, '', hash ? `#${hash}` : window.location.pathname + window.location.search);
}

function readHash(): ViewState {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const s: ViewState = {};
  const tab = params.get('tab');
  const column = params.get('column');
  if (tab) s.tab = tab;
  if (column) s.column = column;
  return s;
}
