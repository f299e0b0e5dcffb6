import { promises as fsp } from 'node:fs';
import * as vscode from 'vscode';
import { SynthError } from '../core/errors';
import { MAX_INPUT_BYTES, mebibytes } from '../core/limits';
import { fileError, removeTemp, replaceFiles } from '../node/replace';

/** `vscode.workspace.fs` adapted to what the commands need (works for remote and virtual folders). */

/**
 * The size of a local file read as a stream (`synthesizeFile`: no size limit), with `readBytes`'
 * messages for a missing file or a folder.
 */
export async function inputSize(uri: vscode.Uri): Promise<number> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) throw vscode.FileSystemError.FileIsADirectory(uri);
    return stat.size;
  } catch (e) {
    throw readError(e, uri);
  }
}

export async function readBytes(uri: vscode.Uri): Promise<Uint8Array> {
  const name = vscode.workspace.asRelativePath(uri);
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_INPUT_BYTES)
      throw new SynthError(
        'file/too-large',
        `${name} is ${mebibytes(stat.size)}; files are read into memory, and the limit is ${mebibytes(MAX_INPUT_BYTES)}.`,
        { file: name },
        'Use a sample of the rows.',
      );
    return await vscode.workspace.fs.readFile(uri);
  } catch (e) {
    throw readError(e, uri);
  }
}

function readError(e: unknown, uri: vscode.Uri): SynthError {
  const name = vscode.workspace.asRelativePath(uri);
  if (e instanceof SynthError) return e;
  if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound')
    return new SynthError('file/not-found', `${name} does not exist.`, { file: name });
  if (e instanceof vscode.FileSystemError && e.code === 'FileIsADirectory')
    return new SynthError('file/is-directory', `${name} is a folder, not a file.`, { file: name });
  return new SynthError('file/read', `${name} could not be read: ${(e as Error).message}`, { file: name });
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

/** New bytes for a file, or (`file:` only) a flushed temporary sibling to rename over it (`replaceFiles`). */
export type UriWrite = { uri: vscode.Uri; data: string | Uint8Array } | { uri: vscode.Uri; temp: string };

/**
 * Replace files as one step without ever deleting one. `workspace.fs.rename(..., { overwrite })`
 * deletes the target before it renames (VS Code's file service does a move that way), so a crash
 * there would lose a hand-edited blueprint. Files on a local disk (`file:`) therefore go through
 * Node's rename, which replaces atomically; other schemes keep a copy of the old file until the
 * new one is in place. If anything fails, every target holds its old or its new content, and the
 * error says which.
 */
export async function writeAllAtomic(writes: UriWrite[]): Promise<void> {
  if (writes.every((w) => w.uri.scheme === 'file')) {
    await replaceFiles(
      writes.map((w) => ('temp' in w ? { path: w.uri.fsPath, temp: w.temp } : { path: w.uri.fsPath, data: w.data })),
      { elsewhere: 'move the CSV to a folder you can write to' },
    );
    return;
  }
  const withData = writes.flatMap((w) => ('data' in w ? [w] : []));
  // A temporary is a local file; it is only written for local targets.
  if (withData.length !== writes.length)
    throw new Error('writeAllAtomic: a temporary for a target that is not a local file');
  await replaceWithBackups(withData);
}

/** For schemes without an atomic replace: new bytes first, old ones kept until the swap is done. */
async function replaceWithBackups(writes: { uri: vscode.Uri; data: string | Uint8Array }[]): Promise<void> {
  const fs = vscode.workspace.fs;
  const nonce = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const sibling = (uri: vscode.Uri, kind: string): vscode.Uri =>
    vscode.Uri.joinPath(uri, '..', `.${uri.path.split('/').pop() ?? 'output'}.${nonce}.${kind}`);
  const temps: { temp: vscode.Uri; backup: vscode.Uri; target: vscode.Uri; hadOld: boolean }[] = [];
  const name = (u: vscode.Uri): string => vscode.workspace.asRelativePath(u);
  try {
    for (const w of writes) {
      const t = {
        temp: sibling(w.uri, 'tmp'),
        backup: sibling(w.uri, 'bak'),
        target: w.uri,
        hadOld: await exists(w.uri),
      };
      temps.push(t);
      await fs.writeFile(t.temp, typeof w.data === 'string' ? encoder.encode(w.data) : w.data);
    }
  } catch (e) {
    await Promise.all(temps.map((t) => Promise.resolve(fs.delete(t.temp)).catch(() => undefined)));
    throw writeError(e, temps[temps.length - 1]?.target ?? writes[0].uri, 'nothing was changed');
  }
  const done: vscode.Uri[] = [];
  for (let i = 0; i < temps.length; i++) {
    const t = temps[i];
    try {
      // A copy, not a move: the target stays in place while the backup is made.
      if (t.hadOld) await fs.copy(t.target, t.backup, { overwrite: true });
      await fs.rename(t.temp, t.target, { overwrite: true });
      if (t.hadOld) await Promise.resolve(fs.delete(t.backup)).catch(() => undefined);
      done.push(t.target);
    } catch (e) {
      // Put the old file back if the swap lost it; if even that fails, the copy stays and is named.
      let kept: string | undefined;
      if (t.hadOld && !(await exists(t.target)) && (await exists(t.backup))) {
        try {
          await fs.rename(t.backup, t.target, { overwrite: false });
        } catch {
          kept = name(t.backup);
        }
      } else await Promise.resolve(fs.delete(t.backup)).catch(() => undefined);
      const rest = temps.slice(i);
      await Promise.all(rest.map((r) => Promise.resolve(fs.delete(r.temp)).catch(() => undefined)));
      const replaced = done.length
        ? `${done.map(name).join(', ')} ${done.length === 1 ? 'was' : 'were'} replaced; `
        : '';
      const previous = `${rest.map((r) => name(r.target)).join(', ')} ${rest.length === 1 ? 'keeps its' : 'keep their'} previous content`;
      throw writeError(
        e,
        t.target,
        kept
          ? `${replaced}the previous content of ${name(t.target)} is in ${kept}`
          : done.length
            ? `${replaced}${previous}`
            : 'nothing was changed',
      );
    }
  }
}

function writeError(e: unknown, uri: vscode.Uri, outcome: string): SynthError {
  const name = vscode.workspace.asRelativePath(uri);
  const code =
    e instanceof vscode.FileSystemError
      ? e.code === 'NoPermissions'
        ? 'EACCES'
        : e.code === 'FileIsADirectory'
          ? 'EISDIR'
          : e.code === 'FileNotADirectory'
            ? 'ENOTDIR'
            : undefined
      : (e as NodeJS.ErrnoException)?.code;
  const base = fileError(
    Object.assign(new Error((e as Error)?.message ?? String(e)), { code }),
    name,
    'write to another folder',
    'file',
  );
  return new SynthError(base.code, `${base.message}; ${outcome}.`, base.location, base.hint);
}

export function siblingUri(uri: vscode.Uri, name: string): vscode.Uri {
  return vscode.Uri.joinPath(uri, '..', name);
}

/**
 * Rename a temporary written in full (by the worker) over its target: the target goes from its
 * old bytes to its new ones in one step.
 */
export async function commitTemp(temp: string, target: string): Promise<void> {
  try {
    await fsp.rename(temp, target);
  } catch (e) {
    await removeTemp(temp);
    throw fileError(e, target, 'move the output to a folder you can write to', 'file');
  }
}
