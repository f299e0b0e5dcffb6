import * as vscode from 'vscode';
import { setLogisticEdits } from '../../core/blueprint/fixes';
import { parseBlueprint } from '../../core/blueprint/parse';
import { findTemplate, TEMPLATES, templateText } from '../../core/blueprint/templates';
import { describeError } from '../../core/errors';
import { interceptForRate } from '../../core/generate/logistic';
import { exists, writeAllAtomic } from '../files';
import { rangeOf } from './selector';

export const LANGUAGE_COMMANDS = {
  newFromTemplate: 'synthStudio.newFromTemplate',
  setTargetRate: 'synthStudio.setTargetRate',
} as const;

/** "New Blueprint from Template" and the prevalence knob of logistic targets. */
export class LanguageCommands {
  static register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand(LANGUAGE_COMMANDS.newFromTemplate, (uri?: vscode.Uri, templateId?: string) =>
        newFromTemplate(uri, templateId),
      ),
      vscode.commands.registerCommand(
        LANGUAGE_COMMANDS.setTargetRate,
        (uri: vscode.Uri, index: number, rate?: number) => setTargetRate(uri, index, rate),
      ),
    ];
  }
}

/** Ask for a template (unless given), write it into the folder (Explorer) or the workspace, and open it. */
export async function newFromTemplate(target?: vscode.Uri, templateId?: string): Promise<vscode.Uri | undefined> {
  let template = templateId ? findTemplate(templateId) : undefined;
  if (!template) {
    const picked = await vscode.window.showQuickPick(
      TEMPLATES.map((t) => ({
        label: t.title,
        description: `${t.blueprint.columns.length} columns`,
        detail: t.description,
        id: t.id,
      })),
      { title: 'New Blueprint from Template', placeHolder: 'Choose what the table holds' },
    );
    if (!picked) return undefined;
    template = findTemplate(picked.id)!;
  }
  let folder = target;
  if (folder) {
    try {
      if ((await vscode.workspace.fs.stat(folder)).type !== vscode.FileType.Directory)
        folder = vscode.Uri.joinPath(folder, '..');
    } catch {
      folder = undefined;
    }
  }
  folder ??= vscode.workspace.workspaceFolders?.[0]?.uri;
  let uri: vscode.Uri | undefined;
  if (folder) {
    uri = vscode.Uri.joinPath(folder, `${template.blueprint.name}.synth.json`);
    for (let i = 2; await exists(uri); i++)
      uri = vscode.Uri.joinPath(folder, `${template.blueprint.name}-${i}.synth.json`);
  } else {
    uri = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(`${template.blueprint.name}.synth.json`),
      filters: { Blueprints: ['json'] },
    });
    if (!uri) return undefined;
  }
  try {
    await writeAllAtomic([{ uri, data: templateText(template) }]);
  } catch (e) {
    void vscode.window.showErrorMessage(`New Blueprint from Template failed: ${describeError(e)}`);
    return undefined;
  }
  await vscode.window.showTextDocument(uri);
  return uri;
}

/**
 * The prevalence knob: ask for the rate a logistic target should have, then write it (when the
 * column states a `rate`) or write the intercept solved for it.
 */
export async function setTargetRate(uri: vscode.Uri, index: number, given?: number): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const parsed = parseBlueprint(doc.getText(), doc.uri.path);
  const column = parsed.blueprint?.columns?.[index];
  if (!parsed.blueprint || column?.distribution?.kind !== 'logistic') return;
  let rate = given;
  if (rate === undefined) {
    const answer = await vscode.window.showInputBox({
      title: `Expected rate of ${column.name}`,
      prompt: 'A share such as 0.25 or 25%: the intercept is solved so that the model gives this rate.',
      value: column.distribution.rate !== undefined ? String(column.distribution.rate) : '',
      validateInput: (v) =>
        readRate(v) === undefined ? 'Enter a share between 0 and 1 (e.g. 0.25) or a percentage (e.g. 25%).' : undefined,
    });
    if (answer === undefined) return;
    rate = readRate(answer)!;
  }
  try {
    const text = doc.getText();
    const edits =
      column.distribution.rate !== undefined
        ? setLogisticEdits(text, index, { rate })
        : setLogisticEdits(text, index, {
            intercept: Math.round(interceptForRate(parsed.blueprint, column.name, rate) * 1e4) / 1e4,
          });
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) edit.replace(uri, rangeOf(doc, e.offset, e.length), e.newText);
    await vscode.workspace.applyEdit(edit);
  } catch (e) {
    void vscode.window.showErrorMessage(`Could not set the rate of ${column.name}: ${describeError(e)}`);
  }
}

function readRate(v: string): number | undefined {
  const t = v.trim();
  const pct = t.endsWith('%');
  const x = Number(pct ? t.slice(0, -1) : t) / (pct ? 100 : 1);
  return Number.isFinite(x) && x > 0 && x < 1 ? x : undefined;
}
