import * as vscode from 'vscode';
import { Commands } from './commands';
import { ReportPanel } from './reportPanel';
import { reportStore } from './reportStore';
import { SideView } from './sideView';

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Synth Studio');
  context.subscriptions.push(
    output,
    ...Commands.register(context, output),
    ReportPanel.register(context),
    reportStore.persistIn(context),
    SideView.register(context),
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
