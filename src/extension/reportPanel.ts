import * as vscode from 'vscode';
import { renderReportHtml } from '../core/quality/html';
import type { QualityReport } from '../core/quality/model';
import type { FromWebview, ReportContext, ToWebview, WebviewState } from '../webview/protocol';
import { Disposable } from './disposable';
import { readBytes, writeAllAtomic } from './files';
import { webviewHtml } from './webviewHtml';

export interface ReportFiles {
  source?: vscode.Uri;
  blueprint?: vscode.Uri;
  synthetic?: vscode.Uri;
}

/**
 * The quality report panel, beside the editor. One panel is reused for every report; messages are
 * held until the webview says `ready`. A serializer restores it after a window reload from the
 * state the webview saved.
 */
export class ReportPanel extends Disposable {
  static readonly viewType = 'synthStudio.report';
  private static current: ReportPanel | undefined;

  private ready = false;
  private pending: ToWebview[] = [];
  private report: QualityReport | undefined;
  private files: ReportFiles = {};

  static register(context: vscode.ExtensionContext): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(ReportPanel.viewType, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const p = new ReportPanel(panel, context.extensionUri);
        const s = state as WebviewState | undefined;
        if (s?.report) p.report = s.report;
        ReportPanel.current = p;
      },
    });
  }

  /** Show `report` in the panel, creating or revealing it. */
  static show(extensionUri: vscode.Uri, report: QualityReport, context: ReportContext, files: ReportFiles): ReportPanel {
    let p = ReportPanel.current;
    if (!p) {
      const panel = vscode.window.createWebviewPanel(ReportPanel.viewType, 'Synth Studio Report', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, ReportPanel.options(extensionUri));
      p = new ReportPanel(panel, extensionUri);
      ReportPanel.current = p;
    } else {
      p.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    p.report = report;
    p.files = files;
    p.panel.title = `Report: ${report.real.name}`;
    p.post({ type: 'report', report, context });
    return p;
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

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri) {
    super();
    panel.webview.options = ReportPanel.options(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'report');
    this._register(panel.onDidDispose(() => {
      if (ReportPanel.current === this) ReportPanel.current = undefined;
      this.dispose();
    }));
    // A hidden webview is destroyed (retainContextWhenHidden is off); it says `ready` again when shown.
    this._register(panel.onDidChangeViewState(() => {
      if (!panel.visible) this.ready = false;
    }));
    this._register(panel.webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(m)));
  }

  private post(message: ToWebview): void {
    if (this.ready) void this.panel.webview.postMessage(message);
    else {
      // Only the newest report matters to a webview that is not listening yet.
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
        void this.exportHtml();
        break;
      case 'openFile': {
        const uri = this.files[m.which];
        if (uri) void vscode.commands.executeCommand('vscode.open', uri);
        break;
      }
      case 'openReport':
        break;
    }
  }

  private async exportHtml(): Promise<void> {
    const report = this.report;
    if (!report) return;
    const base = this.files.synthetic ?? this.files.source;
    const defaultUri = base ? vscode.Uri.joinPath(base, '..', `${report.real.name.replace(/\.[^.]+$/, '')}.report.html`) : undefined;
    const target = await vscode.window.showSaveDialog({ defaultUri, filters: { HTML: ['html'] }, saveLabel: 'Export Report' });
    if (!target) return;
    const [script, css] = await Promise.all([
      readBytes(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js')),
      readBytes(vscode.Uri.joinPath(this.extensionUri, 'media', 'report.css')),
    ]);
    const decoder = new TextDecoder();
    await writeAllAtomic([{ uri: target, data: renderReportHtml(report, decoder.decode(script), decoder.decode(css)) }]);
    const open = await vscode.window.showInformationMessage(`Report exported to ${vscode.workspace.asRelativePath(target)}.`, 'Open in Browser');
    if (open) await vscode.env.openExternal(target);
  }
}
