import * as vscode from 'vscode';
import { getLocation } from 'jsonc-parser';
import { parseBlueprint } from '../../core/blueprint/parse';
import { describeError } from '../../core/errors';
import { formatExpr, parseExpr } from '../../core/expr';
import { explainLogistic } from '../../core/generate/logistic';
import { BLUEPRINTS } from './selector';

/**
 * Hover on a column's name or distribution kind: a logistic target shows its formula in
 * readable form and its expected rate; a derived column shows its formula. Text from the file
 * only ever goes into code blocks of an untrusted MarkdownString.
 */
export class BlueprintHover implements vscode.HoverProvider {
  static register(): vscode.Disposable {
    return vscode.languages.registerHoverProvider(BLUEPRINTS, new BlueprintHover());
  }

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const text = doc.getText();
    const location = getLocation(text, doc.offsetAt(position));
    const path = location.path;
    if (path[0] !== 'columns' || typeof path[1] !== 'number') return undefined;
    const onName = path.length === 3 && path[2] === 'name';
    const onKind = path.length === 4 && path[2] === 'distribution' && path[3] === 'kind';
    if (!onName && !onKind) return undefined;
    const parsed = parseBlueprint(text, doc.uri.path);
    const column = parsed.blueprint?.columns?.[path[1]];
    const dist = column?.distribution;
    if (!column || !dist) return undefined;
    const md = new vscode.MarkdownString();
    md.isTrusted = false;
    md.supportHtml = false;
    if (dist.kind === 'logistic') {
      md.appendMarkdown(`**${escape(column.name)}**: logistic target\n\n`);
      if (parsed.problems.some((p) => p.severity === 'error')) {
        md.appendMarkdown('Fix the errors in the blueprint to see its formula and expected rate.');
      } else {
        try {
          const ex = explainLogistic(parsed.blueprint!, column.name);
          md.appendCodeblock(ex.formula, 'text');
          md.appendMarkdown(
            `Expected rate ≈ **${(ex.expectedRate * 100).toFixed(1)}%** (mean of the model's probability over ${ex.samples.toLocaleString('en-US')} rows drawn from the columns it reads)${dist.rate !== undefined ? `; intercept ${ex.intercept.toFixed(4)} solved for rate ${dist.rate}` : ''}.`,
          );
        } catch (e) {
          md.appendMarkdown(escape(describeError(e)));
        }
      }
      return new vscode.Hover(md);
    }
    if (dist.kind === 'derived' && typeof dist.expr === 'string') {
      const parsedExpr = parseExpr(dist.expr);
      md.appendMarkdown(`**${escape(column.name)}**: derived\n\n`);
      md.appendCodeblock(`${column.name} = ${parsedExpr.expr ? formatExpr(parsedExpr.expr) : dist.expr}`, 'text');
      return new vscode.Hover(md);
    }
    return undefined;
  }
}

function escape(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!<>|&]/g, (c) => `\\${c}`);
}
