import * as vscode from 'vscode';
import { lineStarts, parseBlueprint, position, type BlueprintProblem } from '../../core/blueprint/parse';
import type { ConstraintCheck } from '../../core/constraints/check';
import { constraintProblems, sourceProblems } from '../../core/constraints/problems';
import type { SourceViolations } from '../../core/constraints/source';
import type { Problem } from '../../core/errors';
import { sha256Hex } from '../../core/util/sha256';
import { Disposable } from '../disposable';
import { fileName, isBlueprint, rangeOf } from './selector';

const SOURCE = 'Synth Studio';

/**
 * Diagnostics of blueprints: the core's validation (schema-level mistakes, expressions at the
 * character, cycles, correlations, constraints that can never hold, a stale source fingerprint),
 * plus what the last Generate or Synthesize found in the data (constraint violations on the
 * constraint). Schema violations found in a source CSV are shown in that CSV.
 */
export class BlueprintDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('synth-studio'));
  private readonly dataCollection = this._register(vscode.languages.createDiagnosticCollection('synth-studio-data'));
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Problems of the last validation per blueprint (quick fixes look them up). */
  private readonly problems = new Map<string, BlueprintProblem[]>();
  private readonly findings = new Map<string, { results: ConstraintCheck[]; dataName: string }>();
  private readonly fingerprints = new Map<string, { mtime: number; size: number; sha256: string }>();
  private readonly watchers = new Map<string, vscode.FileSystemWatcher>();

  static register(): BlueprintDiagnostics {
    return new BlueprintDiagnostics();
  }

  private constructor() {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)));
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        this.schedule(e.document, 250);
        // Cell findings in a CSV go stale as soon as it is edited.
        if (this.dataCollection.has(e.document.uri) && !isBlueprint(e.document))
          this.dataCollection.delete(e.document.uri);
      }),
    );
    this._register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (!isBlueprint(d)) return;
        this.collection.delete(d.uri);
        this.problems.delete(d.uri.toString());
      }),
    );
    this._register({
      dispose: () => {
        for (const w of this.watchers.values()) w.dispose();
        for (const t of this.timers.values()) clearTimeout(t);
      },
    });
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** Last problems of a blueprint document, with offsets in its current text. */
  problemsOf(uri: vscode.Uri): BlueprintProblem[] {
    return this.problems.get(uri.toString()) ?? [];
  }

  /** Show what a Generate/Synthesize found: broken constraints on the blueprint. */
  setConstraintResults(blueprint: vscode.Uri, results: ConstraintCheck[], dataName: string): void {
    this.findings.set(blueprint.toString(), { results, dataName });
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === blueprint.toString());
    if (doc) this.schedule(doc, 0);
    else void this.validateFile(blueprint);
  }

  /**
   * Diagnostics of a blueprint that is not open, from its text on disk (opening it as a document
   * would pin its content in memory while other tools change the file).
   */
  private async validateFile(uri: vscode.Uri): Promise<void> {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const name = fileName(uri);
      const found = this.findings.get(uri.toString());
      const problems = [
        ...parseBlueprint(text, name).problems,
        ...(found ? constraintProblems(found.results, text, name, found.dataName) : []),
      ];
      const lines = lineStarts(text);
      this.collection.set(
        uri,
        problems.map((p) => {
          const start = position(lines, p.offset ?? 0);
          const end = position(lines, (p.offset ?? 0) + (p.length ?? 1));
          return toDiagnosticAt(new vscode.Range(start.line - 1, start.column - 1, end.line - 1, end.column - 1), p);
        }),
      );
    } catch {
      // The file went away: nothing to show.
    }
  }

  /** Show schema violations of a source CSV at their cells. */
  setSourceViolations(csv: vscode.Uri, violations: SourceViolations | undefined): void {
    if (!violations || (violations.total === 0 && violations.missingColumns.length === 0)) {
      this.dataCollection.delete(csv);
      return;
    }
    this.dataCollection.set(
      csv,
      sourceProblems(violations, fileName(csv)).map((p) => {
        const line = Math.max(0, (p.line ?? 1) - 1);
        const character = Math.max(0, (p.column ?? 1) - 1);
        const d = new vscode.Diagnostic(
          new vscode.Range(line, character, line, character + (p.length ?? 1)),
          withHint(p),
          vscode.DiagnosticSeverity.Warning,
        );
        d.source = SOURCE;
        d.code = p.code;
        return d;
      }),
    );
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!isBlueprint(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.validate(doc);
      }, delay),
    );
  }

  private async validate(doc: vscode.TextDocument): Promise<void> {
    if (doc.isClosed) return;
    const version = doc.version;
    const text = doc.getText();
    const name = fileName(doc.uri);
    const first = parseBlueprint(text, name);
    const sourcePath = first.blueprint?.source?.path;
    let problems = first.problems;
    if (typeof sourcePath === 'string' && first.blueprint) {
      const sha = await this.fingerprint(vscode.Uri.joinPath(doc.uri, '..', sourcePath), doc);
      if (doc.version !== version || doc.isClosed) return;
      problems = parseBlueprint(text, name, { sourceSha256: sha }).problems;
    }
    const found = this.findings.get(doc.uri.toString());
    const data = found ? constraintProblems(found.results, text, name, found.dataName) : [];
    this.problems.set(doc.uri.toString(), problems);
    // VS Code's JSON checker already lists syntax errors of an open blueprint (jsonc): not twice.
    this.collection.set(
      doc.uri,
      [...problems.filter((p) => p.code !== 'json/syntax'), ...data].map((p) => toDiagnostic(doc, p)),
    );
  }

  /** SHA-256 of the source CSV, recomputed only when its size or modification time changes; null when missing. */
  private async fingerprint(uri: vscode.Uri, blueprint: vscode.TextDocument): Promise<string | null> {
    this.watch(uri, blueprint);
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      const cached = this.fingerprints.get(uri.toString());
      if (cached && cached.mtime === stat.mtime && cached.size === stat.size) return cached.sha256;
      const sha256 = sha256Hex(await vscode.workspace.fs.readFile(uri));
      this.fingerprints.set(uri.toString(), { mtime: stat.mtime, size: stat.size, sha256 });
      return sha256;
    } catch {
      return null;
    }
  }

  /** Revalidate the blueprint when its source CSV changes on disk. */
  private watch(uri: vscode.Uri, blueprint: vscode.TextDocument): void {
    const key = uri.toString();
    if (this.watchers.has(key)) return;
    const folder = vscode.Uri.joinPath(uri, '..');
    const base = uri.path.split('/').pop() ?? '';
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, base));
    const again = (): void => {
      this.fingerprints.delete(key);
      this.schedule(blueprint, 100);
    };
    w.onDidChange(again);
    w.onDidCreate(again);
    w.onDidDelete(again);
    this.watchers.set(key, w);
  }
}

function withHint(p: Problem): string {
  return p.hint ? `${p.message} ${p.hint}` : p.message;
}

function toDiagnostic(doc: vscode.TextDocument, p: Problem): vscode.Diagnostic {
  return toDiagnosticAt(rangeOf(doc, p.offset ?? 0, p.length ?? 1), p);
}

function toDiagnosticAt(range: vscode.Range, p: Problem): vscode.Diagnostic {
  const severity =
    p.severity === 'error'
      ? vscode.DiagnosticSeverity.Error
      : p.severity === 'warning'
        ? vscode.DiagnosticSeverity.Warning
        : vscode.DiagnosticSeverity.Information;
  const d = new vscode.Diagnostic(range, withHint(p), severity);
  d.source = SOURCE;
  d.code = p.code;
  return d;
}
