import * as vscode from 'vscode';
import { Commands } from './commands';
import { BlueprintCodeActions } from './language/codeActions';
import { BlueprintCodeLens } from './language/codeLens';
import { LanguageCommands } from './language/commands';
import { ExpressionCompletion } from './language/completion';
import { BlueprintDiagnostics } from './language/diagnostics';
import { BlueprintHover } from './language/hover';
import { ReportPanel } from './reportPanel';
import { reportStore } from './reportStore';
import { SideView } from './sideView';

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Synth Studio');
  const diagnostics = BlueprintDiagnostics.register();
  context.subscriptions.push(
    output,
    diagnostics,
    ...Commands.register(context, output, diagnostics),
    ReportPanel.register(context),
    BlueprintCodeActions.register(diagnostics),
    BlueprintCodeLens.register(),
    BlueprintHover.register(),
    ExpressionCompletion.register(),
    ...LanguageCommands.register(),
    reportStore.persistIn(context),
    SideView.register(context),
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
