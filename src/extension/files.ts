import * as vscode from 'vscode';
import { SynthError } from '../core/errors';

/** `vscode.workspace.fs` adapted to what the commands need (works for remote and virtual folders). */

export async function readBytes(uri: vscode.Uri): Promise<Uint8Array> {
  try {
    return await vscode.workspace.fs.readFile(uri);
  } catch (e) {
    const name = vscode.workspace.asRelativePath(uri);
    if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound')
      throw new SynthError('file/not-found', `${name} does not exist.`, { file: name });
    if (e instanceof vscode.FileSystemError && e.code === 'FileIsADirectory')
      throw new SynthError('file/is-directory', `${name} is a folder, not a file.`, { file: name });
    throw new SynthError('file/read', `${name} could not be read: ${(e as Error).message}`, { file: name });
  }
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

const encoder = new TextEncoder();

/**
 * Write files as one step: every file goes to a hidden temporary sibling first; only when all are
 * written are they renamed over their targets. If anything fails, the temporaries are removed and
 * the targets are untouched.
 */
export async function writeAllAtomic(writes: { uri: vscode.Uri; data: string | Uint8Array }[]): Promise<void> {
  const temps: { temp: vscode.Uri; target: vscode.Uri }[] = [];
  try {
    for (const w of writes) {
      const dir = vscode.Uri.joinPath(w.uri, '..');
      const base = w.uri.path.split('/').pop() ?? 'output';
      const temp = vscode.Uri.joinPath(
        dir,
        `.${base}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`,
      );
      temps.push({ temp, target: w.uri });
      await vscode.workspace.fs.writeFile(temp, typeof w.data === 'string' ? encoder.encode(w.data) : w.data);
    }
    for (const t of temps) await vscode.workspace.fs.rename(t.temp, t.target, { overwrite: true });
  } catch (e) {
    await Promise.all(temps.map((t) => Promise.resolve(vscode.workspace.fs.delete(t.temp)).catch(() => undefined)));
    const name = vscode.workspace.asRelativePath(temps[temps.length - 1]?.target ?? writes[0].uri);
    throw new SynthError(
      'file/write',
      `Could not write ${name}: ${(e as Error).message}`,
      { file: name },
      'Check that the folder is writable.',
    );
  }
}

export function siblingUri(uri: vscode.Uri, name: string): vscode.Uri {
  return vscode.Uri.joinPath(uri, '..', name);
}
