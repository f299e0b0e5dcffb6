import * as vscode from 'vscode';

/** Blueprints, whatever folder or scheme they live in. */
export const BLUEPRINTS: vscode.DocumentSelector = [{ pattern: '**/*.synth.json' }];

export function isBlueprint(doc: vscode.TextDocument): boolean {
  return /\.synth\.json$/i.test(doc.uri.path);
}

export function rangeOf(doc: vscode.TextDocument, offset: number, length: number): vscode.Range {
  return new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + Math.max(0, length)));
}

export function fileName(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri);
}
