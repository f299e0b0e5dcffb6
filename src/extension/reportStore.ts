import * as vscode from 'vscode';
import type { QualityReport } from '../core/quality/model';
import type { ReportContext, ReportSummary } from '../webview/protocol';
import { exists, readBytes } from './files';

export interface ReportFiles {
  source?: vscode.Uri;
  blueprint?: vscode.Uri;
  synthetic?: vscode.Uri;
}

export interface StoredReport {
  report: QualityReport;
  context: ReportContext;
  files: ReportFiles;
  createdAt: number;
}

/**
 * The reports of this session, keyed by every file they concern (the source CSV, the blueprint,
 * the synthetic CSV), so the side view can follow whichever of them is active. Commands publish a
 * report after each Synthesize and Generate; nothing is written to disk. A file with no report in
 * this session may have a `<name>.report.json` beside it (written by the command line): `find`
 * reads that.
 */
export class ReportStore implements vscode.Disposable {
  private readonly byFile = new Map<string, StoredReport>();
  private last: StoredReport | undefined;
  private readonly changed = new vscode.EventEmitter<StoredReport>();
  /** Fires after each `publish`. */
  readonly onDidChange = this.changed.event;

  /** Record a new report for its files. `seconds`: how long the job took. */
  publish(report: QualityReport, files: ReportFiles, seconds?: number): void {
    const rel = (u: vscode.Uri | undefined): string | undefined => (u ? vscode.workspace.asRelativePath(u) : undefined);
    const context: ReportContext = {
      ...(seconds !== undefined ? { seconds } : {}),
      ...(files.source ? { sourcePath: rel(files.source) } : {}),
      ...(files.blueprint ? { blueprintPath: rel(files.blueprint) } : {}),
      ...(files.synthetic ? { syntheticPath: rel(files.synthetic) } : {}),
    };
    const entry: StoredReport = { report, context, files, createdAt: Date.now() };
    for (const u of [files.source, files.blueprint, files.synthetic]) if (u) this.byFile.set(u.toString(), entry);
    this.last = entry;
    this.changed.fire(entry);
  }

  /** The newest report published in this session. */
  get latest(): StoredReport | undefined {
    return this.last;
  }

  /** The report for `uri` from this session, else from a `<name>.report.json` beside it. */
  async find(uri: vscode.Uri): Promise<StoredReport | undefined> {
    const known = this.byFile.get(uri.toString());
    if (known) return known;
    const json = reportJsonFor(uri);
    if (!json || !(await exists(json))) return undefined;
    try {
      const report = JSON.parse(new TextDecoder().decode(await readBytes(json))) as QualityReport;
      if (report?.version !== 1 || typeof report.score !== 'number' || !Array.isArray(report.columns)) return undefined;
      const stat = await vscode.workspace.fs.stat(json);
      return { report, context: {}, files: reportFilesFor(uri), createdAt: stat.mtime };
    } catch {
      return undefined;
    }
  }

  dispose(): void {
    this.changed.dispose();
    this.byFile.clear();
  }
}

/** Files Synth Studio makes or reads: a CSV or TSV, or a blueprint. */
export function isReportFile(uri: vscode.Uri): boolean {
  return /\.(csv|tsv)$/i.test(uri.path) || /\.synth\.json$/i.test(uri.path);
}

/** The base name shared by `x.csv`, `x.synth.json`, `x.synthetic.csv` and `x.report.json`. */
export function baseOf(path: string): string {
  const name = path.split('/').pop() ?? path;
  return name.replace(/\.synthetic\.(csv|tsv)$/i, '').replace(/\.synth\.json$/i, '').replace(/\.(csv|tsv)$/i, '');
}

function reportJsonFor(uri: vscode.Uri): vscode.Uri | undefined {
  if (!isReportFile(uri)) return undefined;
  return vscode.Uri.joinPath(uri, '..', `${baseOf(uri.path)}.report.json`);
}

function reportFilesFor(uri: vscode.Uri): ReportFiles {
  const base = baseOf(uri.path);
  const dir = vscode.Uri.joinPath(uri, '..');
  return { blueprint: vscode.Uri.joinPath(dir, `${base}.synth.json`), synthetic: vscode.Uri.joinPath(dir, `${base}.synthetic.csv`) };
}

/** What the side view shows of a report. */
export function summarize(entry: StoredReport, file: string): ReportSummary {
  const r = entry.report;
  return {
    title: r.title,
    score: r.score,
    grade: r.grade,
    verdict: r.verdict,
    rows: { real: r.real.rows, synthetic: r.synthetic.rows },
    columns: r.columns.map((c) => ({ name: c.name, type: c.type, score: c.score ?? null })),
    violations: r.validity?.violations ?? 0,
    file,
    createdAt: entry.createdAt,
    context: entry.context,
  };
}

/** The one store of the extension; commands publish to it, the panel and the side view read it. */
export const reportStore = new ReportStore();
