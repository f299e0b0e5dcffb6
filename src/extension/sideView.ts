import * as vscode from 'vscode';
import type { FromWebview, ToWebview } from '../webview/protocol';
import { Disposable } from './disposable';
import { activeFile, ReportPanel } from './reportPanel';
import { isReportFile, reportBadge, reportStore, summarize, type ReportFiles, type StoredReport } from './reportStore';
import { webviewHtml } from './webviewHtml';

/**
 * The side view ("Synth Quality" in the Explorer): a compact summary of the report for the active
 * CSV or blueprint (score, grade, a bar per column, violations) and a button for the full report.
 * It follows the active editor and updates after each Synthesize and Generate (the report store
 * fires). Messages wait for the webview's `ready`; a view that was hidden says `ready` again.
 */
export class SideView extends Disposable implements vscode.WebviewViewProvider {
  static readonly viewType = 'synthStudio.qualityView';

  private view: vscode.WebviewView | undefined;
  private ready = false;
  /** The file the view follows: the last active CSV or blueprint. */
  private file: vscode.Uri | undefined;
  private shown: StoredReport | undefined;
  private generation = 0;

  static register(context: vscode.ExtensionContext): vscode.Disposable {
    const provider = new SideView(context.extensionUri);
    const registration = vscode.window.registerWebviewViewProvider(SideView.viewType, provider);
    return vscode.Disposable.from(registration, provider);
  }

  private constructor(private readonly extensionUri: vscode.Uri) {
    super();
    this._register(vscode.window.tabGroups.onDidChangeTabs(() => this.follow()));
    this._register(vscode.window.tabGroups.onDidChangeTabGroups(() => this.follow()));
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.follow()));
    // A new report (Synthesize, Generate, a re-run) and the report the panel shows are followed
    // like an active file: the view never keeps showing another file's report beside them.
    this._register(reportStore.onDidChange((entry) => this.followReport(entry.files, true)));
    this._register(ReportPanel.onDidShowReport((files) => this.followReport(files, false)));
    this._register(reportStore.onDidGenerate((uri) => this.followReport({ blueprint: uri }, true)));
    this.file = candidate();
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    view.webview.options = {
      enableScripts: true,
      localResourceRoots: [
        vscode.Uri.joinPath(this.extensionUri, 'dist'),
        vscode.Uri.joinPath(this.extensionUri, 'media'),
      ],
    };
    view.webview.html = webviewHtml(view.webview, this.extensionUri, 'view');
    this._register(view.webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(m)));
    this._register(
      view.onDidChangeVisibility(() => {
        if (!view.visible) this.ready = false;
      }),
    );
    this._register(
      view.onDidDispose(() => {
        if (this.view === view) this.view = undefined;
        this.ready = false;
      }),
    );
  }

  private onMessage(m: FromWebview): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        void this.update();
        break;
      case 'openReport':
        if (this.shown) ReportPanel.showStored(this.extensionUri, this.shown);
        else void ReportPanel.showFor(this.extensionUri, this.file);
        break;
      case 'openFile':
        if (this.shown?.files[m.which]) void vscode.commands.executeCommand('vscode.open', this.shown.files[m.which]);
        break;
      default:
        break;
    }
  }

  /** Follow a report's file (kept when the followed file is one of its files); `fresh`: its report changed. */
  private followReport(files: ReportFiles, fresh: boolean): void {
    const all = [files.blueprint, files.source, files.synthetic].filter((u): u is vscode.Uri => !!u);
    if (all.length === 0) return;
    const followed = this.file && all.some((u) => u.toString() === this.file!.toString());
    if (followed && !fresh) return;
    if (!followed) this.file = all[0];
    void this.update();
  }

  /** Follow the active editor when it shows a CSV or a blueprint (other editors leave the view as it is). */
  private follow(): void {
    const next = candidate();
    if (!next || next.toString() === this.file?.toString()) return;
    this.file = next;
    void this.update();
  }

  private async update(): Promise<void> {
    if (!this.view || !this.ready) return;
    const generation = ++this.generation;
    const file = this.file;
    const entry = file ? await reportStore.find(file) : await reportStore.newest();
    if (generation !== this.generation) return; // a newer update started while this one read the disk
    this.shown = entry;
    let message: ToWebview;
    if (entry)
      message = {
        type: 'summary',
        summary: summarize(
          entry,
          file
            ? vscode.workspace.asRelativePath(file)
            : (entry.context.sourcePath ?? entry.context.blueprintPath ?? entry.report.title),
        ),
      };
    else if (file && reportStore.generatedNote(file))
      message = { type: 'empty', message: reportStore.generatedNote(file)! };
    else if (file)
      message = {
        type: 'empty',
        message: `No quality report for ${vscode.workspace.asRelativePath(file)} yet. ${/\.synth\.json$/i.test(file.path) ? 'Press Generate on the blueprint' : 'Right-click the CSV and choose Synthesize'} to make one.`,
      };
    else {
      // Nothing followed and nothing made in this session (a fresh window): the view keeps what
      // it showed before the reload, if anything, else its own hint.
      this.view.description = undefined;
      return;
    }
    this.view.description = entry ? reportBadge(entry.report) : undefined;
    void this.view.webview.postMessage(message);
  }
}

function candidate(): vscode.Uri | undefined {
  const uri = activeFile();
  return uri && isReportFile(uri) ? uri : undefined;
}
