/// <reference types="mocha" />
/**
 * The extension inside a real VS Code extension host: commands are registered, and Synthesize and
 * Generate write their files when executed the way menus and other extensions execute them.
 * Expects a workspace folder holding penguins.csv (344 rows, 7 columns), from samples/.
 */
import * as assert from 'node:assert/strict';
import Papa from 'papaparse';
import * as vscode from 'vscode';

const EXTENSION_ID = 'synth-studio.synth-studio';
const SOURCE = 'penguins.csv';
const SOURCE_ROWS = 344;
const SOURCE_COLUMNS = 7;

function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration tests need a workspace folder (with penguins.csv in it)');
  return folder.uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function readCsv(uri: vscode.Uri): Promise<{ header: string[]; rows: string[][] }> {
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  assert.deepEqual(parsed.errors, [], `${uri.path} does not parse as CSV`);
  return { header: parsed.data[0], rows: parsed.data.slice(1) };
}

async function readJson(
  uri: vscode.Uri,
): Promise<{ rows: number; columns: { name: string }[] } & Record<string, unknown>> {
  return JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
}

function reportTabOpen(title: string): boolean {
  return vscode.window.tabGroups.all.some((g) =>
    g.tabs.some((t) => t.label === title && t.input instanceof vscode.TabInputWebview),
  );
}

describe('Synth Studio in the extension host', () => {
  let extension: vscode.Extension<unknown>;
  // A name no earlier run used: Synthesize asks (modally) before overwriting existing outputs.
  const base = `penguins-it-${Date.now().toString(36)}`;
  const csv = (): vscode.Uri => vscode.Uri.joinPath(root(), `${base}.csv`);
  const blueprint = (): vscode.Uri => vscode.Uri.joinPath(root(), `${base}.synth.json`);
  const synthetic = (): vscode.Uri => vscode.Uri.joinPath(root(), `${base}.synthetic.csv`);
  let sourceHeader: string[];

  before(async () => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `extension ${EXTENSION_ID} is not loaded`);
    extension = found;
    await extension.activate();
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(root(), SOURCE), csv());
    sourceHeader = (await readCsv(csv())).header;
  });

  after(async () => {
    for (const uri of [csv(), blueprint(), synthetic()])
      await Promise.resolve(vscode.workspace.fs.delete(uri)).catch(() => undefined);
  });

  it('registers every command declared in package.json', async () => {
    const declared = (extension.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    assert.ok(declared.length >= 3, `package.json declares ${declared.length} commands`);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      declared.filter((c) => !registered.has(c)),
      [],
      'declared but not registered',
    );
  });

  it('synthStudio.synthesize on a CSV writes the blueprint and the synthetic CSV and opens the report', async () => {
    assert.equal(await exists(blueprint()), false, 'blueprint exists before the test');
    assert.equal(await exists(synthetic()), false, 'synthetic CSV exists before the test');

    await vscode.commands.executeCommand('synthStudio.synthesize', csv());

    assert.ok(await exists(blueprint()), `${base}.synth.json was not written`);
    assert.ok(await exists(synthetic()), `${base}.synthetic.csv was not written`);
    const out = await readCsv(synthetic());
    assert.deepEqual(out.header, sourceHeader);
    assert.equal(out.rows.length, SOURCE_ROWS);
    const bp = await readJson(blueprint());
    assert.equal(bp.columns.length, SOURCE_COLUMNS);
    assert.deepEqual(
      bp.columns.map((c) => c.name),
      sourceHeader,
    );
    assert.ok(reportTabOpen(`Report: ${base}.csv`), `no "Report: ${base}.csv" webview tab after Synthesize`);
  });

  it('synthStudio.generate on the blueprint rewrites the synthetic CSV from the blueprint', async () => {
    assert.ok(await exists(blueprint()), 'needs the blueprint from the previous test');
    // Ask for a row count Synthesize would never produce, so the new CSV provably comes from Generate.
    const bp = await readJson(blueprint());
    const rows = 123;
    await vscode.workspace.fs.writeFile(
      blueprint(),
      new TextEncoder().encode(JSON.stringify({ ...bp, rows }, null, 2)),
    );
    const before = await vscode.workspace.fs.stat(synthetic());

    await vscode.commands.executeCommand('synthStudio.generate', blueprint());

    const after = await vscode.workspace.fs.stat(synthetic());
    assert.ok(after.mtime >= before.mtime, 'synthetic CSV mtime went backwards');
    const out = await readCsv(synthetic());
    assert.deepEqual(out.header, sourceHeader);
    assert.equal(out.rows.length, rows, `Generate wrote ${out.rows.length} rows, the blueprint asks for ${rows}`);
  });
});
