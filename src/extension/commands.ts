import * as vscode from 'vscode';
import { keptRelations } from '../core/blueprint/models';
import { parseBlueprint } from '../core/blueprint/parse';
import { DEFAULT_METHOD, type Method } from '../core/blueprint/types';
import { describeError, formatProblem, isCancelled, SynthError, type Problem } from '../core/errors';
import { outputNames } from '../core/names';
import { describeControl } from '../core/generate/control';
import { DEFAULT_SAMPLE_ROWS } from '../core/synthesizeStream';
import { MAX_INPUT_BYTES } from '../core/limits';
import { askCondition } from './condition';
import { commitTemp, exists, inputSize, readBytes, siblingUri, writeAllAtomic } from './files';
import { activeFile, ReportPanel } from './reportPanel';
import { reportStore } from './reportStore';
import { runJob } from './workerClient';
import type { GenerateResult, SynthesizeFileResult, SynthesizeResult, SynthesizeSettings } from './workerProtocol';
import type { ConstraintCheck } from '../core/constraints/check';
import type { SourceViolations } from '../core/constraints/source';
import { defaultOutputPath } from '../core/export';
import { neutralizeFormula } from '../core/csv/write';
import { isInsideFolder, removeTemp, tempNameFor } from '../node/replace';
import { percent as pct } from '../core/util/format';

export const COMMANDS = {
  synthesize: 'synthStudio.synthesize',
  generate: 'synthStudio.generate',
  showReport: 'synthStudio.showReport',
  generateWithCondition: 'synthStudio.generateWithCondition',
} as const;

/** Where findings about generated and source data are shown (the blueprint diagnostics). */
export interface DataFindings {
  setConstraintResults(blueprint: vscode.Uri, results: ConstraintCheck[], dataName: string): void;
  setSourceViolations(csv: vscode.Uri, violations: SourceViolations | undefined): void;
}

/** Registers the commands; activation reads as a list. */
export class Commands {
  static register(
    context: vscode.ExtensionContext,
    output: vscode.OutputChannel,
    findings?: DataFindings,
  ): vscode.Disposable[] {
    const c = new Commands(context, output, findings);
    ReportPanel.onPickTarget = (files, column) => {
      if (files.blueprint) void c.generate(files.blueprint, { reportOnly: true, target: column });
    };
    return [
      vscode.commands.registerCommand(COMMANDS.synthesize, (uri?: vscode.Uri) => c.synthesize(uri)),
      vscode.commands.registerCommand(COMMANDS.generate, (uri?: vscode.Uri) => c.generate(uri)),
      vscode.commands.registerCommand(COMMANDS.showReport, (uri?: vscode.Uri) => c.showReport(uri)),
      vscode.commands.registerCommand(COMMANDS.generateWithCondition, (uri?: vscode.Uri, where?: string) =>
        c.generateWithCondition(uri, where),
      ),
    ];
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.OutputChannel,
    private readonly findings?: DataFindings,
  ) {}

  async synthesize(arg?: vscode.Uri): Promise<void> {
    const uri = await this.pick(arg, /\.(csv|tsv|parquet)$/i, 'Synthesize', {
      'CSV and Parquet files': ['csv', 'tsv', 'parquet'],
    });
    if (!uri) return;
    const fileName = uri.path.split('/').pop() ?? 'data.csv';
    const names = outputNames(fileName);
    const blueprintUri = siblingUri(uri, names.blueprint);
    const syntheticUri = siblingUri(uri, names.synthetic);
    if (!(await this.confirmOverwrite([blueprintUri, syntheticUri], blueprintUri))) return;
    // The constraints the user wrote in the blueprint being replaced are kept (unsaved edits included).
    const previousBlueprint = await this.textOf(blueprintUri);
    const config = vscode.workspace.getConfiguration('synthStudio', uri);
    const rows = config.get<number>('rows', 0);
    const target = config.get<string>('target', '').trim();
    const started = Date.now();
    try {
      const settings: SynthesizeSettings = {
        fileName,
        ...(rows > 0 ? { rows } : {}),
        seed: config.get<number>('seed', 42),
        method: config.get<Method>('method', DEFAULT_METHOD),
        holdout: config.get<number>('holdout', 0.2),
        allowFormulas: config.get<boolean>('allowFormulas', false),
        ...(previousBlueprint !== undefined ? { previousBlueprint } : {}),
        ...(target ? { target, targetSource: 'setting' as const } : {}),
      };
      const title = `Synthesizing ${fileName}`;
      let result: SynthesizeResult | SynthesizeFileResult;
      if (uri.scheme === 'file' && syntheticUri.scheme === 'file') {
        // A local file never passes through memory whole: the worker reads it from disk in one
        // pass and writes the synthetic rows into a temporary next to their target (as the CLI
        // does); the blueprint and the rows then replace the old ones together, and Cancel or a
        // failure removes the temporary, leaving the old files as they were.
        await inputSize(uri);
        const temp = tempNameFor(syntheticUri.fsPath);
        try {
          result = (await this.withProgress(title, (progress, token) =>
            runJob(
              this.context.extensionPath,
              {
                kind: 'synthesizeFile',
                sourcePath: uri.fsPath,
                syntheticPath: syntheticUri.fsPath,
                tempPath: temp,
                sampleRows: this.sampleSetting(config),
                ...settings,
              },
              progress,
              token,
            ),
          )) as SynthesizeFileResult;
        } catch (e) {
          await removeTemp(temp);
          throw e;
        }
        await writeAllAtomic([
          { uri: blueprintUri, data: result.blueprintText },
          { uri: syntheticUri, temp },
        ]);
      } else {
        // A remote or virtual folder: the bytes come through VS Code's file system, whole.
        const csv = await readBytes(uri);
        const inMemory = (await this.withProgress(title, (progress, token) =>
          runJob(this.context.extensionPath, { kind: 'synthesize', csv, ...settings }, progress, token),
        )) as SynthesizeResult;
        await writeAllAtomic([
          { uri: blueprintUri, data: inMemory.blueprintText },
          { uri: syntheticUri, data: inMemory.csvText },
        ]);
        result = inMemory;
      }
      this.findings?.setConstraintResults(
        blueprintUri,
        result.constraints,
        vscode.workspace.asRelativePath(syntheticUri),
      );
      this.findings?.setSourceViolations(uri, result.sourceViolations);
      const seconds = (Date.now() - started) / 1000;
      this.log(
        `Synthesized ${vscode.workspace.asRelativePath(uri)} in ${seconds.toFixed(2)} s (read ${ms(result.timings.read)}, fit ${ms(result.timings.fit)}, generate ${ms(result.timings.generate)}, report ${ms(result.timings.report)}); quality ${pct(result.report.score)} (${result.report.grade}).`,
      );
      const streamed = result.kind === 'synthesizeFile' && result.streamed;
      if (result.kind === 'synthesizeFile' && result.streamed)
        this.log(
          `  ${result.sourceRows.toLocaleString()} rows read as a stream: the model was fitted on a seeded sample of ${(result.sampleRows ?? 0).toLocaleString()} training rows, missing rates, category shares and quantiles counted over every training row.`,
        );
      const synthesizedRows = streamed ? result.blueprint.rows : result.report.synthetic.rows;
      const kept = keptRelations(result.blueprint.model);
      if (kept.length) this.log(`Relations found in ${fileName} and kept exactly: ${kept.join(', ')}.`);
      this.logProblems(result.warnings, fileName);
      reportStore.publish(result.report, { source: uri, blueprint: blueprintUri, synthetic: syntheticUri }, seconds);
      if (config.get<boolean>('openReport', true)) {
        ReportPanel.show(
          this.context.extensionUri,
          result.report,
          {
            seconds,
            sourcePath: vscode.workspace.asRelativePath(uri),
            blueprintPath: vscode.workspace.asRelativePath(blueprintUri),
            syntheticPath: vscode.workspace.asRelativePath(syntheticUri),
          },
          { source: uri, blueprint: blueprintUri, synthetic: syntheticUri },
        );
      }
      const warn = result.warnings.length
        ? ` ${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'} in the Synth Studio output.`
        : '';
      void vscode.window
        .showInformationMessage(
          `Synthesized ${synthesizedRows.toLocaleString()} rows from ${fileName}: quality ${pct(result.report.score)} (${result.report.grade}).${warn}`,
          'Open Blueprint',
          'Open Synthetic CSV',
        )
        .then((choice) => {
          if (choice === 'Open Blueprint') void vscode.window.showTextDocument(blueprintUri);
          if (choice === 'Open Synthetic CSV') void vscode.commands.executeCommand('vscode.open', syntheticUri);
        });
    } catch (e) {
      this.fail('Synthesize', fileName, e);
    }
  }

  /** Ask for a condition (completing columns and levels), then generate the rows that meet it. */
  async generateWithCondition(arg?: vscode.Uri, where?: string): Promise<void> {
    const uri = await this.pick(arg, /\.synth\.json$/i, 'Generate', { Blueprints: ['json'] });
    if (!uri) return;
    const doc = await vscode.workspace.openTextDocument(uri);
    const bp = parseBlueprint(doc.getText(), vscode.workspace.asRelativePath(uri)).blueprint;
    if (!bp) return this.generate(uri);
    const condition = where ?? (await askCondition(bp, bp.output?.where ?? ''));
    if (condition === undefined || condition === '') return;
    return this.generate(uri, { where: condition });
  }

  /**
   * Generate rows into the output file; with `reportOnly`, only build the quality report against
   * the source; `target`: the report's target, picked in the report.
   */
  async generate(
    arg?: vscode.Uri,
    options: { reportOnly?: boolean; where?: string; target?: string } = {},
  ): Promise<void> {
    const uri = await this.pick(arg, /\.synth\.json$/i, 'Generate', { Blueprints: ['json'] });
    if (!uri) return;
    const fileName = uri.path.split('/').pop() ?? 'blueprint.synth.json';
    const started = Date.now();
    try {
      // Use the editor's text when the blueprint is open: unsaved edits count.
      const doc = await vscode.workspace.openTextDocument(uri);
      const text = doc.getText();
      const parsed = parseBlueprint(text, vscode.workspace.asRelativePath(uri));
      const firstError = parsed.problems.find((p) => p.severity === 'error');
      if (!parsed.blueprint || firstError) {
        const p = firstError!;
        throw new SynthError(
          p.code,
          p.message,
          { file: vscode.workspace.asRelativePath(uri), line: p.line, column: p.column },
          'Fix the problems shown in the editor, then generate again.',
        );
      }
      const bp = parsed.blueprint;
      const outUri = vscode.Uri.joinPath(uri, '..', defaultOutputPath(bp));
      const sourceUri = bp.source?.path ? vscode.Uri.joinPath(uri, '..', bp.source.path) : undefined;
      if (sourceUri && sourceUri.toString() === outUri.toString()) {
        throw new SynthError(
          'generate/overwrite-source',
          `The blueprint's output path is its source CSV (${bp.source?.path}); generating would overwrite the real data.`,
          { file: fileName },
          'Change "output.path" in the blueprint.',
        );
      }
      if (outUri.toString() === uri.toString())
        throw new SynthError(
          'generate/overwrite-blueprint',
          'The output path is the blueprint itself.',
          { file: fileName },
          'Change "output.path" in the blueprint.',
        );
      if (options.reportOnly && !sourceUri && bp.method !== 'rules')
        throw new SynthError(
          'report/no-source',
          'This blueprint has no source CSV to compare generated rows with.',
          { file: fileName },
          'A quality report needs real data: Synthesize a CSV, or set "source.path".',
        );
      const config = vscode.workspace.getConfiguration('synthStudio', uri);
      const allowFormulas = config.get<boolean>('allowFormulas', false);
      if (!options.reportOnly && !(await this.confirmOutsideFolder(uri, outUri, bp.output?.path ?? ''))) return;
      if (
        !options.reportOnly &&
        (await exists(outUri)) &&
        !(await this.looksGenerated(
          outUri,
          bp.columns.map((c) => c.name),
          bp.output?.format ?? 'csv',
          allowFormulas,
        )) &&
        !(await this.confirmOverwrite([outUri]))
      )
        return;
      // A local source larger than the blueprint's sample (or than a file read whole may be) is
      // read by the worker into the samples the blueprint was fitted on; a smaller one whole.
      const sourceThere = sourceUri !== undefined && (await exists(sourceUri));
      const sourceFile =
        sourceThere &&
        sourceUri.scheme === 'file' &&
        bp.source &&
        (bp.source.sample !== undefined || (await inputSize(sourceUri)) > MAX_INPUT_BYTES)
          ? {
              path: sourceUri.fsPath,
              name: vscode.workspace.asRelativePath(sourceUri),
              ...(bp.source.sample !== undefined ? { sampleRows: bp.source.sample } : {}),
              holdout: bp.source.holdout,
              seed: bp.seed,
            }
          : undefined;
      const sourceCsv = sourceThere && !sourceFile ? await readBytes(sourceUri) : undefined;
      const settingTarget = config.get<string>('target', '').trim();
      const target = options.target
        ? { target: options.target, targetSource: 'picked' as const }
        : bp.target === undefined && settingTarget
          ? { target: settingTarget, targetSource: 'setting' as const }
          : {};
      const title = options.target
        ? `Quality report of ${fileName} with target ${options.target}`
        : `Generating from ${fileName}`;
      // A local output is written by the worker as the rows are made, into a temporary sibling
      // that is renamed over the output only when every row is written (Cancel removes it).
      const temp = !options.reportOnly && outUri.scheme === 'file' ? tempNameFor(outUri.fsPath) : undefined;
      let result: GenerateResult;
      try {
        result = (await this.withProgress(title, (progress, token) =>
          runJob(
            this.context.extensionPath,
            {
              kind: 'generate',
              blueprintText: text,
              fileName,
              allowFormulas,
              ...(sourceCsv ? { sourceCsv } : {}),
              ...(sourceFile ? { sourceFile } : {}),
              ...(options.where !== undefined ? { where: options.where } : {}),
              ...(temp ? { tempPath: temp } : {}),
              ...target,
            },
            progress,
            token,
            bp.rows,
          ),
        )) as GenerateResult;
        if (temp) await commitTemp(temp, outUri.fsPath);
      } catch (e) {
        if (temp) await removeTemp(temp);
        throw e;
      }
      if (!options.reportOnly && !temp)
        await writeAllAtomic([{ uri: outUri, data: result.outputBytes ?? result.outputText }]);
      this.findings?.setConstraintResults(uri, result.constraints, vscode.workspace.asRelativePath(outUri));
      if (sourceUri) this.findings?.setSourceViolations(sourceUri, result.sourceViolations);
      const seconds = (Date.now() - started) / 1000;
      this.log(
        `Generated ${bp.rows.toLocaleString()} rows from ${vscode.workspace.asRelativePath(uri)} in ${seconds.toFixed(2)} s -> ${vscode.workspace.asRelativePath(outUri)}.`,
      );
      // A fitted blueprint's report compares with its source; a rules blueprint's checks its rows against its own declarations.
      const shown = result.report ?? result.design;
      if (shown) reportStore.publish(shown, { source: sourceUri, blueprint: uri, synthetic: outUri }, seconds);
      else if (!options.reportOnly) {
        const broken = result.constraints.filter((c) => c.violations > 0);
        reportStore.noteGenerated(
          uri,
          `Generated ${bp.rows.toLocaleString()} rows into ${vscode.workspace.asRelativePath(outUri)}. ${
            result.constraints.length
              ? broken.length
                ? `${broken.length} of ${result.constraints.length} constraints broken (see the Problems panel).`
                : `All ${result.constraints.length} constraints hold.`
              : ''
          } No quality report: this blueprint has no source CSV to compare its rows with.`.replace(/\s+/g, ' '),
        );
      }
      for (const line of describeControl(result.control)) this.log(`  ${line}`);
      this.logProblems(result.problems, fileName);
      if (result.staleSource)
        this.log(
          `Warning: ${bp.source?.path} changed since the blueprint was fitted; refit to model the current data.`,
        );
      if (shown && (options.reportOnly || config.get<boolean>('openReport', true))) {
        ReportPanel.show(
          this.context.extensionUri,
          shown,
          {
            seconds,
            ...(sourceUri ? { sourcePath: vscode.workspace.asRelativePath(sourceUri) } : {}),
            blueprintPath: vscode.workspace.asRelativePath(uri),
            syntheticPath: vscode.workspace.asRelativePath(outUri),
          },
          { source: sourceUri, blueprint: uri, synthetic: outUri },
        );
      }
      if (options.reportOnly) return;
      const quality = result.report
        ? `: quality ${pct(result.report.score)} (${result.report.grade})`
        : result.design
          ? `: ${result.design.validity.passed} of ${result.design.validity.checks} checks pass${result.design.rates.length ? `, ${result.design.rates.filter((r) => r.within).length} of ${result.design.rates.length} declared rates within tolerance` : ''}`
          : '';
      const broken = result.constraints.filter((c) => c.violations > 0).length;
      const constraints = broken
        ? ` ${broken} constraint${broken === 1 ? ' is' : 's are'} broken; see the Problems panel.`
        : '';
      void vscode.window
        .showInformationMessage(
          `Generated ${bp.rows.toLocaleString()} rows into ${vscode.workspace.asRelativePath(outUri)}${options.where ? `, every one meeting ${options.where}` : ''}${quality}.${constraints}`,
          'Open Output',
        )
        .then((choice) => {
          if (choice) void vscode.commands.executeCommand('vscode.open', outUri);
        });
    } catch (e) {
      this.fail('Generate', fileName, e);
    }
  }

  /**
   * "Show Quality Report": the report of the given or active file. A blueprint without one gets it
   * made in memory: compared with its source CSV, or, for a rules blueprint without one, its design
   * report (its rows checked against what it declares). Never another file's report.
   */
  async showReport(uri?: vscode.Uri): Promise<void> {
    const target = uri instanceof vscode.Uri ? uri : activeFile();
    if (target && /\.synth\.json$/i.test(target.path) && !(await reportStore.find(target))) {
      const doc = await vscode.workspace.openTextDocument(target);
      const bp = parseBlueprint(doc.getText(), vscode.workspace.asRelativePath(target)).blueprint;
      if (bp?.source?.path || bp?.method === 'rules') return this.generate(target, { reportOnly: true });
      void vscode.window.showInformationMessage(
        `${vscode.workspace.asRelativePath(target)} has no source CSV, so there are no real rows to compare its rows with. Generate writes its rows; the Problems panel lists broken constraints.`,
      );
      return;
    }
    await ReportPanel.showFor(this.context.extensionUri, target);
  }

  private async pick(
    arg: vscode.Uri | undefined,
    pattern: RegExp,
    action: string,
    filters: Record<string, string[]>,
  ): Promise<vscode.Uri | undefined> {
    if (arg instanceof vscode.Uri) return arg;
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active && pattern.test(active.path)) return active;
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters, openLabel: action });
    return picked?.[0];
  }

  private async confirmOverwrite(uris: vscode.Uri[], blueprint?: vscode.Uri): Promise<boolean> {
    const existing: vscode.Uri[] = [];
    for (const u of uris) if (await exists(u)) existing.push(u);
    if (existing.length === 0) return true;
    const names = existing.map((u) => u.path.split('/').pop()).join(' and ');
    const refit = blueprint !== undefined && existing.some((u) => u.toString() === blueprint.toString());
    const detail = refit
      ? 'The blueprint is fitted again: constraints you wrote in it are kept, other edits to these files are lost.'
      : 'Edits you made to these files will be lost.';
    const choice = await vscode.window.showWarningMessage(
      `${names} already exist${existing.length === 1 ? 's' : ''}. Overwrite?`,
      { modal: true, detail },
      'Overwrite',
    );
    return choice === 'Overwrite';
  }

  /** The synthStudio.sample setting, or the default (said in the output) when it is not a valid row count. */
  private sampleSetting(config: vscode.WorkspaceConfiguration): number {
    const value = config.get<unknown>('sample', DEFAULT_SAMPLE_ROWS);
    if (Number.isInteger(value) && (value as number) >= 1000 && (value as number) <= 10_000_000) return value as number;
    this.log(
      `Setting synthStudio.sample is ${JSON.stringify(value)}; it must be a whole number from 1,000 to 10,000,000. Using ${DEFAULT_SAMPLE_ROWS.toLocaleString('en-US')}.`,
    );
    return DEFAULT_SAMPLE_ROWS;
  }

  /** The text of a file (an editor's unsaved edits, else the disk's), or undefined if there is none. */
  private async textOf(uri: vscode.Uri): Promise<string | undefined> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open?.isDirty) return open.getText();
    if (!(await exists(uri))) return undefined;
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined;
    }
  }

  /**
   * True when the file is a previous output of this blueprint, so regenerating may replace it
   * without asking: a CSV whose header is exactly the blueprint's columns, JSON or JSON Lines whose
   * first record has exactly those keys, or a bundle written by Synth Studio.
   */
  private async looksGenerated(
    uri: vscode.Uri,
    columns: string[],
    format: string,
    allowFormulas: boolean,
  ): Promise<boolean> {
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      const lines = new TextDecoder().decode(bytes.subarray(0, 65536)).split(/\r?\n/, 3);
      const sameKeys = (line: string | undefined): boolean => {
        try {
          const record: unknown = JSON.parse((line ?? '').replace(/,$/, ''));
          if (typeof record !== 'object' || record === null || Array.isArray(record)) return false;
          const keys = Object.keys(record);
          return keys.length === columns.length && keys.every((k, i) => k === columns[i]);
        } catch {
          return false;
        }
      };
      switch (format) {
        case 'csv': {
          const cell = (c: string): string => (allowFormulas ? c : neutralizeFormula(c));
          return (
            lines[0] ===
            columns
              .map((c) => (/[",\n\r]|^ | $/.test(cell(c)) ? `"${cell(c).replace(/"/g, '""')}"` : cell(c)))
              .join(',')
          );
        }
        case 'jsonl':
          return sameKeys(lines[0]);
        case 'json':
          return lines[0] === '[' && sameKeys(lines[1]);
        case 'bundle':
          return lines[0] === '{' && /^"generator": \{"tool":"synth-studio"/.test(lines[1] ?? '');
        default:
          return false;
      }
    } catch {
      return false;
    }
  }

  /**
   * A blueprint is a shareable file: its "output.path" may point anywhere. Writing outside the
   * blueprint's folder or the workspace needs a trusted workspace and the user's yes.
   */
  private async confirmOutsideFolder(blueprint: vscode.Uri, out: vscode.Uri, written: string): Promise<boolean> {
    const folder = vscode.Uri.joinPath(blueprint, '..');
    const inWorkspace =
      !vscode.workspace.workspaceFolders?.length || vscode.workspace.getWorkspaceFolder(out) !== undefined;
    const inFolder =
      out.scheme === 'file' && folder.scheme === 'file'
        ? isInsideFolder(out.fsPath, folder.fsPath)
        : out.toString().startsWith(`${folder.toString()}/`);
    if (inFolder && inWorkspace) return true;
    const where = out.scheme === 'file' ? out.fsPath : out.toString();
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(
        `Generate refused: the blueprint's "output.path" (${written}) points outside its ${inFolder ? 'workspace' : 'folder'}, to ${where}, and this workspace is not trusted. Trust the workspace, or change "output.path".`,
      );
      return false;
    }
    const choice = await vscode.window.showWarningMessage(
      `The blueprint's "output.path" points outside its ${inFolder ? 'workspace' : 'folder'}: ${where}. Write there?`,
      {
        modal: true,
        detail: `It says "${written}". A blueprint from someone else could use this to overwrite files elsewhere on your disk.`,
      },
      'Write There',
    );
    return choice === 'Write There';
  }

  private withProgress<T>(
    title: string,
    task: (p: vscode.Progress<{ message?: string; increment?: number }>, t: vscode.CancellationToken) => Promise<T>,
  ): Thenable<T> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      task,
    );
  }

  private fail(action: string, fileName: string, e: unknown): void {
    if (isCancelled(e)) {
      void vscode.window.showInformationMessage(`${action} cancelled; nothing was written.`);
      return;
    }
    if (e instanceof SynthError) {
      this.log(`${action} ${fileName}: ${describeError(e)}`);
      void vscode.window.showErrorMessage(`${action} failed: ${describeError(e)}`);
      return;
    }
    this.log(`${action} ${fileName}: internal error: ${(e as Error)?.stack ?? String(e)}`);
    void vscode.window.showErrorMessage(
      `${action} failed with an internal error: ${(e as Error)?.message ?? String(e)}. Details are in the Synth Studio output.`,
    );
  }

  private log(line: string): void {
    this.output.appendLine(`[${new Date().toLocaleTimeString()}] ${line}`);
  }

  private logProblems(problems: Problem[], fileName: string): void {
    for (const p of problems) this.output.appendLine(`  ${formatProblem(p, fileName)}`);
  }
}

function ms(x: number): string {
  return `${Math.round(x)} ms`;
}
