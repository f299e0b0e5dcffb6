import * as vscode from 'vscode';
import { quickFixes } from '../../core/blueprint/fixes';
import { parseBlueprint } from '../../core/blueprint/parse';
import type { BlueprintDiagnostics } from './diagnostics';
import { BLUEPRINTS, rangeOf } from './selector';

/** Quick fixes for blueprint diagnostics; the edits themselves are computed in core (blueprint/fixes.ts). */
export class BlueprintCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  static register(diagnostics: BlueprintDiagnostics): vscode.Disposable {
    return vscode.languages.registerCodeActionsProvider(BLUEPRINTS, new BlueprintCodeActions(diagnostics), {
      providedCodeActionKinds: BlueprintCodeActions.kinds,
    });
  }

  private constructor(private readonly diagnostics: BlueprintDiagnostics) {}

  provideCodeActions(
    doc: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const text = doc.getText();
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'Synth Studio') continue;
      const problem = this.diagnostics
        .problemsOf(doc.uri)
        .find(
          (p) => p.code === diagnostic.code && rangeOf(doc, p.offset ?? 0, p.length ?? 1).isEqual(diagnostic.range),
        );
      if (!problem) continue;
      for (const fix of quickFixes(text, problem)) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.preferred;
        if (fix.command === 'refit') {
          const source = this.sourceUri(doc);
          if (!source) continue;
          action.command = { command: 'synthStudio.synthesize', title: fix.title, arguments: [source] };
        } else {
          const edit = new vscode.WorkspaceEdit();
          for (const e of fix.edits) edit.replace(doc.uri, rangeOf(doc, e.offset, e.length), e.newText);
          action.edit = edit;
        }
        actions.push(action);
      }
    }
    return actions;
  }

  private sourceUri(doc: vscode.TextDocument): vscode.Uri | undefined {
    const path = parseBlueprint(doc.getText(), doc.uri.path).blueprint?.source?.path;
    return typeof path === 'string' ? vscode.Uri.joinPath(doc.uri, '..', path) : undefined;
  }
}
