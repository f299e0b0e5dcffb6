/// <reference types="mocha" />
/**
 * Replacing outputs inside a real extension host (issue 16): VS Code's rename with `overwrite`
 * deletes the target before it renames, so `writeAllAtomic` must never go through a moment where
 * a user's file is gone without its new bytes (file: URIs) or without a copy of the old ones
 * (other schemes), and a failure part-way must leave each target old or new.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { writeAllAtomic } from '../../../src/extension/files';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** An in-memory file system that records every operation and checks the invariant at each delete. */
class MemFs implements vscode.FileSystemProvider {
  readonly files = new Map<string, Uint8Array>();
  readonly log: string[] = [];
  /** Deletes of a target at a moment when neither its new bytes nor a copy of its old ones existed. */
  readonly unsafeDeletes: string[] = [];
  failRenameTo?: string;
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;

  constructor(private readonly targets: Map<string, string>) {}

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  stat(uri: vscode.Uri): vscode.FileStat {
    if (uri.path === '/' || uri.path === '') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const f = this.files.get(uri.path);
    if (!f) throw vscode.FileSystemError.FileNotFound(uri);
    return { type: vscode.FileType.File, ctime: 0, mtime: Date.now(), size: f.length };
  }
  readDirectory(): [string, vscode.FileType][] {
    return [...this.files.keys()].map((p) => [p.slice(1), vscode.FileType.File]);
  }
  createDirectory(): void {}
  readFile(uri: vscode.Uri): Uint8Array {
    const f = this.files.get(uri.path);
    if (!f) throw vscode.FileSystemError.FileNotFound(uri);
    return f;
  }
  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    this.log.push(`write ${uri.path}`);
    this.files.set(uri.path, content);
  }
  delete(uri: vscode.Uri): void {
    this.log.push(`delete ${uri.path}`);
    const next = this.targets.get(uri.path);
    if (next !== undefined) {
      const contents = [...this.files.entries()].filter(([p]) => p !== uri.path).map(([, c]) => dec.decode(c));
      const old = dec.decode(this.files.get(uri.path) ?? new Uint8Array());
      if (!contents.includes(next) || !contents.includes(old)) this.unsafeDeletes.push(uri.path);
    }
    this.files.delete(uri.path);
  }
  rename(from: vscode.Uri, to: vscode.Uri, options: { overwrite: boolean }): void {
    this.log.push(`rename ${from.path} -> ${to.path}`);
    if (to.path === this.failRenameTo) {
      this.failRenameTo = undefined; // once: putting the old file back must work
      throw vscode.FileSystemError.NoPermissions(to);
    }
    if (this.files.has(to.path) && !options.overwrite) throw vscode.FileSystemError.FileExists(to);
    const f = this.files.get(from.path);
    if (!f) throw vscode.FileSystemError.FileNotFound(from);
    this.files.delete(from.path);
    this.files.set(to.path, f);
  }
}

describe('writeAllAtomic', () => {
  let registration: vscode.Disposable | undefined;
  afterEach(() => registration?.dispose());

  function memfs(scheme: string, initial: Record<string, string>, next: Record<string, string>): MemFs {
    const fs = new MemFs(new Map(Object.entries(next)));
    for (const [p, c] of Object.entries(initial)) fs.files.set(p, enc.encode(c));
    registration = vscode.workspace.registerFileSystemProvider(scheme, fs, { isCaseSensitive: true });
    return fs;
  }

  it('other schemes: no target is deleted before its new bytes and a copy of its old ones exist', async () => {
    const scheme = `synthmem${Date.now().toString(36)}`;
    const fs = memfs(
      scheme,
      { '/a.synth.json': 'old a', '/b.csv': 'old b' },
      { '/a.synth.json': 'new a', '/b.csv': 'new b' },
    );
    await writeAllAtomic([
      { uri: vscode.Uri.parse(`${scheme}:/a.synth.json`), data: 'new a' },
      { uri: vscode.Uri.parse(`${scheme}:/b.csv`), data: 'new b' },
    ]);
    assert.deepEqual(fs.unsafeDeletes, [], `operations: ${fs.log.join('; ')}`);
    assert.equal(dec.decode(fs.files.get('/a.synth.json')), 'new a');
    assert.equal(dec.decode(fs.files.get('/b.csv')), 'new b');
    assert.deepEqual([...fs.files.keys()].sort(), ['/a.synth.json', '/b.csv'], 'temporaries or backups left behind');
  });

  it('other schemes: a rename failing part-way leaves each target old or new and names them', async () => {
    const scheme = `synthmem${Date.now().toString(36)}f`;
    const fs = memfs(scheme, { '/a.synth.json': 'old a', '/b.csv': 'old b' }, {});
    fs.failRenameTo = '/b.csv';
    await assert.rejects(
      writeAllAtomic([
        { uri: vscode.Uri.parse(`${scheme}:/a.synth.json`), data: 'new a' },
        { uri: vscode.Uri.parse(`${scheme}:/b.csv`), data: 'new b' },
      ]),
      (e: Error) => /a\.synth\.json was replaced; .*b\.csv keeps its previous content/.test(e.message),
    );
    assert.equal(dec.decode(fs.files.get('/a.synth.json')), 'new a');
    assert.equal(dec.decode(fs.files.get('/b.csv')), 'old b', `operations: ${fs.log.join('; ')}`);
    assert.deepEqual([...fs.files.keys()].sort(), ['/a.synth.json', '/b.csv'], 'temporaries or backups left behind');
  });

  it('file: URIs are replaced by one rename each, with no temporary left', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'needs a workspace folder');
    const a = vscode.Uri.joinPath(folder, `replace-${Date.now().toString(36)}.csv`);
    await vscode.workspace.fs.writeFile(a, enc.encode('old'));
    await writeAllAtomic([{ uri: a, data: 'new' }]);
    assert.equal(dec.decode(await vscode.workspace.fs.readFile(a)), 'new');
    const names = (await vscode.workspace.fs.readDirectory(folder)).map(([n]) => n);
    assert.deepEqual(
      names.filter((n) => n.endsWith('.tmp')),
      [],
    );
    await vscode.workspace.fs.delete(a);
  });
});
