/// <reference types="mocha" />
/**
 * Blueprints as a language inside a real extension host: a template from the command, its
 * diagnostics (none), an unknown column's diagnostic at its characters and the quick fix that
 * corrects it, CodeLens with the expected rate, hover with the formula, completion inside
 * expressions, the prevalence knob, and constraint violations shown on the constraint after
 * Generate.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration tests need a workspace folder');
  return folder.uri;
}

async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeout = 20_000): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > end) throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Synth Studio');
}

describe('Blueprint language features in the extension host', () => {
  let uri: vscode.Uri;
  let doc: vscode.TextDocument;
  const folder = (): vscode.Uri => vscode.Uri.joinPath(root(), `lang-it-${Date.now().toString(36)}`);
  let dir: vscode.Uri;

  before(async () => {
    dir = folder();
    await vscode.workspace.fs.createDirectory(dir);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await Promise.resolve(vscode.workspace.fs.delete(dir, { recursive: true })).catch(() => undefined);
  });

  it('New Blueprint from Template writes the loan template into the folder and opens it, free of problems', async () => {
    const written = await vscode.commands.executeCommand<vscode.Uri>('synthStudio.newFromTemplate', dir, 'loan');
    assert.ok(written, 'the command returned no file');
    uri = written;
    assert.equal(uri.path.split('/').pop(), 'loan_approval.synth.json');
    doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'jsonc', 'blueprints should open as JSON with comments');
    await new Promise((r) => setTimeout(r, 800));
    assert.deepEqual(
      ours(uri).map((d) => d.message),
      [],
    );
  });

  it('an unknown column in a constraint is diagnosed at its characters; the quick fix corrects it', async () => {
    const text = doc.getText();
    const at = text.indexOf('"installment > 0"') + 1;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'installment'.length)), 'instalment');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const d = await until('the unknown-column diagnostic', () =>
      ours(uri).find((x) => x.code === 'expr/unknown-column'),
    );
    assert.equal(d.message, 'Unknown column "instalment". Did you mean "installment"?');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual(
      [d.range.start.line, d.range.start.character, d.range.end.character],
      [doc.positionAt(at).line, doc.positionAt(at).character, doc.positionAt(at).character + 'instalment'.length],
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Change to "installment"'), titles.join(' | '));
    assert.ok(titles.includes('Add column "instalment" (number)'), titles.join(' | '));
    const fix = actions.find((a) => a.title === 'Change to "installment"')!;
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.ok(doc.getText().includes('"installment > 0"'));
    await until('the diagnostic to go', () => (ours(uri).length === 0 ? true : undefined));
  });

  it('CodeLens offers Generate and shows the expected approval rate; hover shows the formula', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(
      titles.some((t) => t.includes('Generate 5,000 rows')),
      titles.join(' | '),
    );
    // The template asks for rate 0.62 and the intercept is solved for it.
    assert.ok(titles.includes('expected approved rate ≈ 62.0%'), titles.join(' | '));
    const name = doc.getText().indexOf('"name": "approved"') + '"name": "'.length + 2;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      doc.positionAt(name),
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /logit\(p\) = \d+\.\d+ \+ 0\.90\*\(\(credit_score - 650\) \/ 50\) - 6\.00\*debt_to_income/);
    assert.match(text, /Expected rate ≈ \*\*62\.0%\*\*/);
  });

  it('completion inside an expression offers columns and functions', async () => {
    const at = doc.getText().indexOf('"installment > 0"') + 1;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      uri,
      doc.positionAt(at),
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const l of ['credit_score', 'loan_amount', 'round', 'clip'])
      assert.ok(labels.includes(l), `"${l}" not offered`);
  });

  it('the prevalence knob writes the requested rate', async () => {
    const index = 10; // approved
    await vscode.commands.executeCommand('synthStudio.setTargetRate', uri, index, 0.5);
    assert.match(doc.getText(), /"rate": 0\.5,/);
  });

  it('after Generate, a broken constraint is diagnosed on the constraint with the counts', async () => {
    const text = doc.getText();
    const at = text.indexOf('"credit_score >= 300 and credit_score <= 850"') + 1;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      uri,
      new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'credit_score >= 300'.length)),
      'credit_score >= 650',
    );
    assert.ok(await vscode.workspace.applyEdit(edit));
    await doc.save();
    await vscode.commands.executeCommand('synthStudio.generate', uri);
    const d = await until(
      'the constraint-violation diagnostic',
      () => ours(uri).find((x) => x.code === 'data/constraint-violated'),
      60_000,
    );
    assert.match(
      d.message,
      /^\d[\d,]* of 5,000 rows break `credit_score >= 650 and credit_score <= 850`; first at row \d/,
    );
    assert.equal(d.range.start.line, doc.positionAt(at).line);
    const out = vscode.Uri.joinPath(dir, 'loan_approval.synthetic.csv');
    const csv = new TextDecoder()
      .decode(await vscode.workspace.fs.readFile(out))
      .trim()
      .split('\n');
    const col = csv[0].split(',').indexOf('credit_score');
    const below = csv.slice(1).filter((l) => Number(l.split(',')[col]) < 650).length;
    assert.ok(
      d.message.startsWith(`${below.toLocaleString('en-US')} of 5,000 rows`),
      `${d.message} (counted ${below} in the CSV)`,
    );
  });
});
