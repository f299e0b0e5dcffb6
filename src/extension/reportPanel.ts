import * as vscode from 'vscode';
import { renderReportHtml } from '../core/quality/html';
import type { AnyReport } from '../core/quality/types';
import type { FromWebview, ReportContext, ToWebview, WebviewState } from '../webview/protocol';
import { Disposable } from './disposable';
import { readBytes, writeAllAtomic } from './files';
import { isReportFile, reportName, reportStore, type ReportFiles, type StoredReport } from './reportStore';
import { webviewHtml } from './webviewHtml';

export type { ReportFiles } from './reportStore';

/**
 * The quality report panel, beside the editor. One panel is reused for every report; messages are
 * held until the webview says `ready`. The webview keeps its report and view state (tab, chosen
 * column...) with setState, so hiding the panel costs nothing and a serializer restores it after a
 * window reload.
 */
export class ReportPanel extends Disposable {
  static readonly viewType = 'synthStudio.report';
  private static current: ReportPanel | undefined;
  /** Re-runs the report of `files` with another target (set by the commands). */
  static onPickTarget: ((files: ReportFiles, column: string) => void) | undefined;
  private static readonly shownEmitter = new vscode.EventEmitter<ReportFiles>();
  /** Fires with the report's files when the panel shows a report or becomes the active editor (the side view follows). */
  static readonly onDidShowReport = ReportPanel.shownEmitter.event;

  private ready = false;
  private pending: ToWebview[] = [];
  private report: AnyReport | undefined;
  private context: ReportContext = {};
  private files: ReportFiles = {};

  static register(context: vscode.ExtensionContext): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(ReportPanel.viewType, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const p = new ReportPanel(panel, context.extensionUri);
        const s = state as WebviewState | undefined;
        if (s?.report) {
          p.report = s.report;
          p.context = s.context ?? {};
          p.files = filesFromContext(p.context);
          panel.title = `Report: ${reportName(s.report)}`;
        }
        ReportPanel.current = p;
      },
    });
  }

  /** Show `report` in the panel, creating or revealing it. */
  static show(extensionUri: vscode.Uri, report: AnyReport, context: ReportContext, files: ReportFiles): ReportPanel {
    let p = ReportPanel.current;
    if (!p) {
      const panel = vscode.window.createWebviewPanel(
        ReportPanel.viewType,
        'Synth Studio Report',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        ReportPanel.options(extensionUri),
      );
      p = new ReportPanel(panel, extensionUri);
      ReportPanel.current = p;
    } else {
      // Reveal where it is: "Beside" would move it to a new column right of the active one.
      p.panel.reveal(p.panel.viewColumn, true);
    }
    p.report = report;
    p.context = context;
    p.files = files;
    p.panel.title = `Report: ${reportName(report)}`;
    p.post({ type: 'report', report, context });
    ReportPanel.shownEmitter.fire(files);
    return p;
  }

  static showStored(extensionUri: vscode.Uri, entry: StoredReport): ReportPanel {
    return ReportPanel.show(extensionUri, entry.report, entry.context, entry.files);
  }

  /**
   * "Show Quality Report": the report of `uri` (or of the active CSV or blueprint), else the newest
   * of this session, else the panel as it is; says what to do when there is none.
   */
  static async showFor(extensionUri: vscode.Uri, uri?: vscode.Uri): Promise<void> {
    const target = uri instanceof vscode.Uri ? uri : activeFile();
    // A CSV or blueprint in view: its own report or none (never another file's); else the newest.
    const entry = target && isReportFile(target) ? await reportStore.find(target) : await reportStore.newest();
    if (entry) ReportPanel.showStored(extensionUri, entry);
    else if (ReportPanel.current && !(target && isReportFile(target)))
      ReportPanel.current.panel.reveal(ReportPanel.current.panel.viewColumn, false);
    else
      void vscode.window.showInformationMessage(
        target && isReportFile(target)
          ? `No report for ${vscode.workspace.asRelativePath(target)} yet: run "Synth Studio: Synthesize" on the CSV, or "Generate" on its blueprint.`
          : 'No report yet: run "Synth Studio: Synthesize" on a CSV, or "Generate" on a blueprint.',
      );
  }

  static get active(): ReportPanel | undefined {
    return ReportPanel.current;
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
  ) {
    super();
    panel.webview.options = ReportPanel.options(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'report');
    this._register(
      panel.onDidDispose(() => {
        if (ReportPanel.current === this) ReportPanel.current = undefined;
        this.dispose();
      }),
    );
    // A hidden webview is destroyed (retainContextWhenHidden is off); it says `ready` again when shown.
    this._register(
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
        if (panel.active && this.report) ReportPanel.shownEmitter.fire(this.files);
      }),
    );
    this._register(panel.webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(m)));
  }

  private post(message: ToWebview): void {
    if (this.ready) void this.panel.webview.postMessage(message);
    else {
      // Only the newest message of a kind matters to a webview that is not listening yet.
      this.pending = this.pending.filter((p) => p.type !== message.type);
      this.pending.push(message);
    }
  }

  private onMessage(m: FromWebview): void {
    switch (m.type) {
      case 'ready': {
        this.ready = true;
        const queued = this.pending;
        this.pending = [];
        for (const q of queued) void this.panel.webview.postMessage(q);
        break;
      }
      case 'exportHtml':
        void this.exportHtml().catch(
          (e) => void vscode.window.showErrorMessage(`Export failed: ${(e as Error)?.message ?? String(e)}`),
        );
        break;
      case 'saveChart':
        void saveChart(m, this.files).catch(
          (e) => void vscode.window.showErrorMessage(`Saving the chart failed: ${(e as Error)?.message ?? String(e)}`),
        );
        break;
      case 'openFile': {
        const uri = this.files[m.which];
        if (uri) void vscode.commands.executeCommand('vscode.open', uri);
        break;
      }
      case 'pickTarget':
        if (typeof m.column === 'string' && this.files.blueprint) ReportPanel.onPickTarget?.(this.files, m.column);
        break;
      case 'openReport':
        break;
    }
  }

  private async exportHtml(): Promise<void> {
    const report = this.report;
    if (!report) return;
    const base = this.files.synthetic ?? this.files.source;
    const defaultUri = base
      ? vscode.Uri.joinPath(base, '..', `${reportName(report).replace(/\.[^.]+$/, '')}.report.html`)
      : undefined;
    const target = await vscode.window.showSaveDialog({
      defaultUri,
      filters: { HTML: ['html'] },
      saveLabel: 'Export Report',
    });
    if (!target) return;
    const [script, css] = await Promise.all([
      readBytes(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js')),
      readBytes(vscode.Uri.joinPath(this.extensionUri, 'media', 'report.css')),
    ]);
    const decoder = new TextDecoder();
    await writeAllAtomic([
      { uri: target, data: renderReportHtml(report, decoder.decode(script), decoder.decode(css), this.context) },
    ]);
    const open = await vscode.window.showInformationMessage(
      `Report exported to ${vscode.workspace.asRelativePath(target)}.`,
      'Open in Browser',
    );
    if (open) await vscode.env.openExternal(target);
  }
}

/** Save an exported chart where the user says (webviews cannot download files). */
export async function saveChart(
  m: { fileName: string; format: 'svg' | 'png'; data: string },
  files: ReportFiles,
): Promise<vscode.Uri | undefined> {
  const fileName = m.fileName.replace(/[^\w.-]+/g, '-');
  let bytes: Uint8Array;
  if (m.format === 'svg') {
    if (!/^\s*<svg[\s>]/.test(m.data)) throw new Error('the chart did not come out as SVG');
    bytes = new TextEncoder().encode(m.data);
  } else {
    const match = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(m.data);
    if (!match) throw new Error('the chart did not come out as PNG');
    bytes = Buffer.from(match[1], 'base64');
  }
  const base = files.synthetic ?? files.source ?? files.blueprint;
  const folder = base ? vscode.Uri.joinPath(base, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
  const defaultUri = folder ? vscode.Uri.joinPath(folder, fileName) : undefined;
  const target = await vscode.window.showSaveDialog({
    defaultUri,
    filters: m.format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
    saveLabel: 'Save Chart',
  });
  if (!target) return undefined;
  await writeAllAtomic([{ uri: target, data: bytes }]);
  void vscode.window.showInformationMessage(`Chart saved to ${vscode.workspace.asRelativePath(target)}.`);
  return target;
}

/** The file shown in the active editor tab (text or custom editor), if any. */
export function activeFile(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) return input.uri;
  if (input instanceof vscode.TabInputTextDiff) return input.modified;
  return vscode.window.activeTextEditor?.document.uri;
}

/** Files of a restored panel, from the workspace-relative paths its state kept. */
function filesFromContext(c: ReportContext): ReportFiles {
  const resolve = (p: string | undefined): vscode.Uri | undefined => {
    if (!p) return undefined;
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) return undefined;
    if (folders.length > 1) {
      // asRelativePath names the folder first in a multi-root workspace.
      const [head, ...rest] = p.split('/');
      const f = folders.find((x) => x.name === head);
      if (f) return vscode.Uri.joinPath(f.uri, ...rest);
    }
    return vscode.Uri.joinPath(folders[0].uri, p);
  };
  return { source: resolve(c.sourcePath), blueprint: resolve(c.blueprintPath), synthetic: resolve(c.syntheticPath) };
}
