import * as vscode from 'vscode';
import { getLocation, parseTree, findNodeAtLocation } from 'jsonc-parser';
import { valueTypeOf } from '../../core/blueprint/graph';
import { FUNCTIONS, formatName } from '../../core/expr';
import type { ColumnType } from '../../core/table';
import { DISTRIBUTION_KEYS } from '../../core/blueprint/validateDistribution';
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
    if (location.isAtPropertyKey) return distributionKeys(doc, text, location);
    if (!location.previousNode || location.previousNode.type !== 'string' || !isExpressionPath(location.path))
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

/**
 * Property names inside an existing `distribution` object: the parameters of its `kind` not
 * written yet (else the editor falls back to words of the file, such as "10A").
 */
function distributionKeys(
  doc: vscode.TextDocument,
  text: string,
  location: ReturnType<typeof getLocation>,
): vscode.CompletionItem[] | undefined {
  const path = location.path;
  if (path.length !== 4 || path[0] !== 'columns' || typeof path[1] !== 'number' || path[2] !== 'distribution')
    return undefined;
  const tree = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const dist = tree && findNodeAtLocation(tree, path.slice(0, 3));
  if (!dist || dist.type !== 'object') return undefined;
  const kind = findNodeAtLocation(dist, ['kind'])?.value;
  const keys = typeof kind === 'string' && Object.hasOwn(DISTRIBUTION_KEYS, kind) ? DISTRIBUTION_KEYS[kind] : ['kind'];
  const written = new Set((dist.children ?? []).map((p) => p.children?.[0]?.value as unknown));
  const node = location.previousNode;
  const range =
    node && node.type === 'string'
      ? new vscode.Range(doc.positionAt(node.offset), doc.positionAt(node.offset + node.length))
      : undefined;
  return keys
    .filter((k) => !written.has(k) || (node?.type === 'string' && node.value === k))
    .map((k) => {
      const item = new vscode.CompletionItem(k, vscode.CompletionItemKind.Property);
      item.detail = typeof kind === 'string' ? `${kind} distribution` : 'distribution';
      item.insertText = new vscode.SnippetString(`"${k}": $0`);
      item.filterText = `"${k}"`;
      if (range) item.range = range;
      return item;
    });
}
