import * as vscode from 'vscode';
import { findNodeAtLocation } from 'jsonc-parser';
import { parseBlueprint } from '../../core/blueprint/parse';
import { describeError } from '../../core/errors';
import { explainLogistic, type LogisticExplanation } from '../../core/generate/logistic';
import { defaultOutputPath } from '../../core/export';
import { BLUEPRINTS, isBlueprint, rangeOf } from './selector';

class RateLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly uri: vscode.Uri,
    readonly version: number,
    readonly column: string,
    readonly index: number,
  ) {
    super(range);
  }
}

/**
 * Lenses on a blueprint: "Generate N rows" and "Quality report" above it, and on each logistic
 * target its expected rate before any generation (click to set the rate you want).
 */
export class BlueprintCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly cache = new Map<string, LogisticExplanation | string>();

  static register(): vscode.Disposable {
    const provider = new BlueprintCodeLens();
    return vscode.Disposable.from(
      vscode.languages.registerCodeLensProvider(BLUEPRINTS, provider),
      provider.changed,
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (isBlueprint(e.document)) provider.cache.clear();
      }),
    );
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const parsed = parseBlueprint(doc.getText(), doc.uri.path);
    const bp = parsed.blueprint;
    if (!bp || !parsed.tree) return [];
    const nameNode = findNodeAtLocation(parsed.tree, ['name'])?.parent ?? parsed.tree;
    const top = rangeOf(doc, nameNode.offset, 0);
    const rows = typeof bp.rows === 'number' ? bp.rows.toLocaleString('en-US') : '';
    const lenses: vscode.CodeLens[] = [
      new vscode.CodeLens(top, {
        title: `$(play) Generate ${rows} rows`,
        tooltip: `Generate into ${typeof bp.name === 'string' ? defaultOutputPath(bp) : 'the output file'}`,
        command: 'synthStudio.generate',
        arguments: [doc.uri],
      }),
      new vscode.CodeLens(top, {
        title: '$(filter) Generate with condition…',
        tooltip:
          'Generate only rows meeting a condition (e.g. y == "yes" and age >= 65), drawn from the model given it',
        command: 'synthStudio.generateWithCondition',
        arguments: [doc.uri],
      }),
    ];
    if (bp.source?.path || bp.method === 'rules')
      lenses.push(
        new vscode.CodeLens(top, {
          title: '$(graph) Quality report',
          tooltip: bp.source?.path
            ? `Generate in memory and compare with ${bp.source.path}`
            : "Generate in memory and check the rows against the blueprint's ranges, categories, constraints and rates",
          command: 'synthStudio.showReport',
          arguments: [doc.uri],
        }),
      );
    if (bp.method === 'rules' && Array.isArray(bp.columns)) {
      bp.columns.forEach((c, i) => {
        if (c?.distribution?.kind !== 'logistic') return;
        const node = findNodeAtLocation(parsed.tree!, ['columns', i]);
        if (node) lenses.push(new RateLens(rangeOf(doc, node.offset, 0), doc.uri, doc.version, c.name, i));
      });
    }
    return lenses;
  }

  resolveCodeLens(lens: vscode.CodeLens): vscode.CodeLens {
    if (!(lens instanceof RateLens)) return lens;
    const key = `${lens.uri.toString()}#${lens.version}#${lens.column}`;
    let found = this.cache.get(key);
    if (found === undefined) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === lens.uri.toString());
      const parsed = doc ? parseBlueprint(doc.getText(), doc.uri.path) : undefined;
      const error = parsed?.problems.find((p) => p.severity === 'error');
      if (!parsed?.blueprint || error) found = 'fix the errors in the blueprint first';
      else {
        try {
          found = explainLogistic(parsed.blueprint, lens.column);
        } catch (e) {
          found = describeError(e);
        }
      }
      this.cache.set(key, found);
    }
    lens.command =
      typeof found === 'string'
        ? { title: `expected ${lens.column} rate: ${found}`, command: '' }
        : {
            title: `expected ${lens.column} rate ≈ ${(found.expectedRate * 100).toFixed(1)}%`,
            tooltip: `${found.formula}\nClick to set the rate you want (the intercept is solved for it).`,
            command: 'synthStudio.setTargetRate',
            arguments: [lens.uri, lens.index],
          };
    return lens;
  }
}
