import * as vscode from 'vscode';
import { getLocation, parseTree, findNodeAtLocation } from 'jsonc-parser';
import { valueTypeOf } from '../../core/blueprint/graph';
import { FUNCTIONS, formatName } from '../../core/expr';
import type { ColumnType } from '../../core/table';
import { BLUEPRINTS } from './selector';

/** Where a blueprint string holds an expression: derived `expr`, `on`, logistic terms, constraints. */
export function isExpressionPath(path: (string | number)[]): boolean {
  const last = path[path.length - 1];
  if (path[0] === 'constraints') return path.length === 3 && last === 'expr';
  if (path[0] !== 'columns' || !path.includes('distribution')) return false;
  return last === 'expr' || last === 'on';
}

/** Column names and functions inside expression strings. */
export class ExpressionCompletion implements vscode.CompletionItemProvider {
  static register(): vscode.Disposable {
    return vscode.languages.registerCompletionItemProvider(BLUEPRINTS, new ExpressionCompletion());
  }

  provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    const text = doc.getText();
    const location = getLocation(text, doc.offsetAt(position));
    if (
      location.isAtPropertyKey ||
      !location.previousNode ||
      location.previousNode.type !== 'string' ||
      !isExpressionPath(location.path)
    )
      return undefined;
    const tree = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
    const columns = tree && findNodeAtLocation(tree, ['columns']);
    const items: vscode.CompletionItem[] = [];
    const word = doc.getWordRangeAtPosition(position, /[A-Za-z_][A-Za-z0-9_]*/);
    for (const col of columns?.children ?? []) {
      const name = findNodeAtLocation(col, ['name'])?.value;
      const type = findNodeAtLocation(col, ['type'])?.value;
      if (typeof name !== 'string') continue;
      const item = new vscode.CompletionItem(name, vscode.CompletionItemKind.Field);
      item.insertText = formatName(name);
      item.detail =
        typeof type === 'string' ? `column (${type}: ${valueTypeOf(type as ColumnType)} in expressions)` : 'column';
      if (word) item.range = word;
      items.push(item);
    }
    for (const [name, spec] of Object.entries(FUNCTIONS)) {
      const item = new vscode.CompletionItem(name, vscode.CompletionItemKind.Function);
      item.detail = spec.signature;
      item.documentation = spec.doc;
      item.insertText = new vscode.SnippetString(`${name}($1)`);
      if (word) item.range = word;
      items.push(item);
    }
    for (const kw of ['and', 'or', 'not', 'in', 'true', 'false', 'null']) {
      const item = new vscode.CompletionItem(kw, vscode.CompletionItemKind.Keyword);
      if (word) item.range = word;
      items.push(item);
    }
    return items;
  }
}
