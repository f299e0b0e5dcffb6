import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { isDesignReport, type AnyReport, type QualityReport } from '../core/quality/types';
import type { DesignSummary, ReportContext, ReportSummary } from '../webview/protocol';
import { exists, readBytes } from './files';

export interface ReportFiles {
  source?: vscode.Uri;
  blueprint?: vscode.Uri;
  synthetic?: vscode.Uri;
}

export interface StoredReport {
  report: AnyReport;
  context: ReportContext;
  files: ReportFiles;
  createdAt: number;
}

/** What the workspace state keeps per report: where its JSON is, and its files and context. */
interface IndexEntry {
  json: string;
  files: { source?: string; blueprint?: string; synthetic?: string };
  context: ReportContext;
  createdAt: number;
}

const INDEX_KEY = 'synthStudio.reports';
/** Reports kept on disk per workspace (the oldest are deleted). */
const KEEP = 20;

/**
 * The reports, keyed by every file they concern (the source CSV, the blueprint, the synthetic
 * CSV), so the side view can follow whichever of them is active. Commands publish a report after
 * each Synthesize and Generate. Once `persistIn` is called, reports are also kept in the
 * extension's workspace storage (never in the workspace), so they survive a window reload. A file
 * with no report may have a `<name>.report.json` beside it (written by the command line): `find`
 * reads that.
 */
export class ReportStore implements vscode.Disposable {
  private readonly byFile = new Map<string, StoredReport>();
  private last: StoredReport | undefined;
  private readonly changed = new vscode.EventEmitter<StoredReport>();
  private storage: { dir: vscode.Uri; state: vscode.Memento } | undefined;
  private writing: Promise<void> = Promise.resolve();
  /** Fires after each `publish`. */
  readonly onDidChange = this.changed.event;
  /** What the last Generate of a blueprint without a source made (no report: nothing real to compare). */
  private readonly generated = new Map<string, string>();
  private readonly generatedChanged = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidGenerate = this.generatedChanged.event;

  /** Record what Generate made from a blueprint that has no report (a template: no source CSV). */
  noteGenerated(blueprint: vscode.Uri, message: string): void {
    this.generated.set(blueprint.toString(), message);
    this.generatedChanged.fire(blueprint);
  }

  /** The note of the last Generate of `uri` without a report, if any. */
  generatedNote(uri: vscode.Uri): string | undefined {
    return this.generated.get(uri.toString());
  }

  /** Keep reports in the extension's storage for this workspace; returns the store (to dispose with the extension). */
  persistIn(context: vscode.ExtensionContext): this {
    const base = context.storageUri ?? context.globalStorageUri;
    this.storage = { dir: vscode.Uri.joinPath(base, 'reports'), state: context.workspaceState };
    return this;
  }

  /** Record a new report for its files. `seconds`: how long the job took. */
  publish(report: AnyReport, files: ReportFiles, seconds?: number): void {
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
    this.writing = this.writing.then(() => this.save(entry)).catch(() => undefined);
  }

  /** The newest report: of this session, else the newest kept in storage. */
  get latest(): StoredReport | undefined {
    return this.last;
  }

  /** The newest report, looking in storage too (after a reload). */
  async newest(): Promise<StoredReport | undefined> {
    if (this.last) return this.last;
    const index = this.index();
    const newest = Object.values(index).sort((a, b) => b.createdAt - a.createdAt)[0];
    return newest ? this.load(newest) : undefined;
  }

  /** The report for `uri`: of this session, else kept in storage, else a `<name>.report.json` beside it. */
  async find(uri: vscode.Uri): Promise<StoredReport | undefined> {
    const known = this.byFile.get(uri.toString());
    if (known) return known;
    const kept = this.index()[uri.toString()];
    if (kept) {
      const entry = await this.load(kept);
      if (entry) return entry;
    }
    const json = reportJsonFor(uri);
    if (!json || !(await exists(json))) return undefined;
    try {
      const report = JSON.parse(new TextDecoder().decode(await readBytes(json))) as AnyReport;
      if (report?.version !== 1 || !Array.isArray(report.columns)) return undefined;
      // A fidelity report has its score; a design report (`report <blueprint>` --json) has none.
      if (!isDesignReport(report) && typeof (report as QualityReport).score !== 'number') return undefined;
      const stat = await vscode.workspace.fs.stat(json);
      return { report, context: {}, files: reportFilesFor(uri), createdAt: stat.mtime };
    } catch {
      return undefined;
    }
  }

  dispose(): void {
    this.changed.dispose();
    this.generatedChanged.dispose();
    this.byFile.clear();
  }

  private index(): Record<string, IndexEntry> {
    return this.storage?.state.get<Record<string, IndexEntry>>(INDEX_KEY) ?? {};
  }

  private async save(entry: StoredReport): Promise<void> {
    if (!this.storage) return;
    const { dir, state } = this.storage;
    const files = {
      source: entry.files.source?.toString(),
      blueprint: entry.files.blueprint?.toString(),
      synthetic: entry.files.synthetic?.toString(),
    };
    const keys = [files.source, files.blueprint, files.synthetic].filter((k): k is string => !!k);
    if (keys.length === 0) return;
    const json = `${createHash('sha256').update(keys[0]).digest('hex').slice(0, 24)}.json`;
    await vscode.workspace.fs.createDirectory(dir);
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(dir, json),
      new TextEncoder().encode(JSON.stringify(entry.report)),
    );
    const index = this.index();
    for (const k of keys) index[k] = { json, files, context: entry.context, createdAt: entry.createdAt };
    // Keep the newest reports; delete the JSON of the others.
    const jsons = [
      ...new Map(
        Object.values(index)
          .sort((a, b) => b.createdAt - a.createdAt)
          .map((e) => [e.json, e]),
      ).keys(),
    ];
    const dropped = new Set(jsons.slice(KEEP));
    for (const [k, e] of Object.entries(index)) if (dropped.has(e.json)) delete index[k];
    await state.update(INDEX_KEY, index);
    for (const j of dropped)
      await Promise.resolve(vscode.workspace.fs.delete(vscode.Uri.joinPath(dir, j))).catch(() => undefined);
  }

  private async load(e: IndexEntry): Promise<StoredReport | undefined> {
    if (!this.storage) return undefined;
    try {
      const report = JSON.parse(
        new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.storage.dir, e.json))),
      ) as AnyReport;
      const uri = (s: string | undefined): vscode.Uri | undefined => (s ? vscode.Uri.parse(s) : undefined);
      const entry: StoredReport = {
        report,
        context: e.context,
        files: { source: uri(e.files.source), blueprint: uri(e.files.blueprint), synthetic: uri(e.files.synthetic) },
        createdAt: e.createdAt,
      };
      for (const u of [entry.files.source, entry.files.blueprint, entry.files.synthetic])
        if (u && !this.byFile.has(u.toString())) this.byFile.set(u.toString(), entry);
      return entry;
    } catch {
      return undefined;
    }
  }
}

/** Files Synth Studio makes or reads: a CSV or TSV, or a blueprint. */
export function isReportFile(uri: vscode.Uri): boolean {
  return /\.(csv|tsv)$/i.test(uri.path) || /\.synth\.json$/i.test(uri.path);
}

/** The base name shared by `x.csv`, `x.synth.json`, `x.synthetic.csv` and `x.report.json`. */
export function baseOf(path: string): string {
  const name = path.split('/').pop() ?? path;
  return name
    .replace(/\.synthetic\.(csv|tsv)$/i, '')
    .replace(/\.synth\.json$/i, '')
    .replace(/\.(csv|tsv)$/i, '');
}

function reportJsonFor(uri: vscode.Uri): vscode.Uri | undefined {
  if (!isReportFile(uri)) return undefined;
  return vscode.Uri.joinPath(uri, '..', `${baseOf(uri.path)}.report.json`);
}

function reportFilesFor(uri: vscode.Uri): ReportFiles {
  const base = baseOf(uri.path);
  const dir = vscode.Uri.joinPath(uri, '..');
  return {
    blueprint: vscode.Uri.joinPath(dir, `${base}.synth.json`),
    synthetic: vscode.Uri.joinPath(dir, `${base}.synthetic.csv`),
  };
}

/** What the side view shows of a report. */
export function summarize(entry: StoredReport, file: string): ReportSummary | DesignSummary {
  const r = entry.report;
  if (isDesignReport(r)) {
    const checked = r.validity.constraints.filter((c) => !c.skipped);
    const target =
      r.rates.find((x) => x.kind === 'target' && x.column === r.target) ?? r.rates.find((x) => x.kind === 'target');
    return {
      kind: 'design',
      title: r.title,
      verdict: r.verdict,
      rows: { synthetic: r.synthetic.rows },
      checks: { passed: r.validity.passed, made: r.validity.checks },
      constraints: { broken: checked.filter((c) => c.violations > 0).length, checked: checked.length },
      rates: { within: r.rates.filter((x) => x.within).length, compared: r.rates.length },
      ...(target
        ? {
            target: {
              label: target.label,
              expected: target.expected,
              achieved: target.achieved,
              within: target.within,
            },
          }
        : {}),
      violations: r.validity.violations,
      file,
      createdAt: entry.createdAt,
      context: entry.context,
    };
  }
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

/** What a report is called in titles and file names: the real table's name, or the generated table's. */
export function reportName(r: AnyReport): string {
  return isDesignReport(r) ? r.synthetic.name : r.real.name;
}

/** "A · 91.2%" for a fidelity report; "17/17 checks" for a design report. */
export function reportBadge(r: AnyReport): string {
  return isDesignReport(r)
    ? `${r.validity.passed}/${r.validity.checks} checks${r.rates.length ? ` · ${r.rates.filter((x) => x.within).length}/${r.rates.length} rates` : ''}`
    : `${r.grade} · ${(r.score * 100).toFixed(1)}%`;
}

/** The one store of the extension; commands publish to it, the panel and the side view read it. */
export const reportStore = new ReportStore();
