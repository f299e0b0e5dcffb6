/**
 * Replacing files on a local disk without ever losing one: the CLI and the extension host (for
 * `file:` URIs) both write through here. Each new file is written to a temporary sibling
 * (`.NAME.PID-HEX.tmp`), flushed, and renamed over its target: `rename` replaces atomically on
 * POSIX (and replaces an existing file on Windows), so at every moment the target holds either
 * its old bytes or its new ones, never nothing.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  promises as fs,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import * as path from 'node:path';
import { SynthError } from '../core/errors';

/**
 * One file to replace: its new bytes, or a temporary sibling already written and flushed
 * (`StreamingFile.close`), which is renamed with the others and removed if the step fails.
 */
export type PendingWrite = { path: string; data: string | Uint8Array } | { path: string; temp: string };

export interface ReplaceOptions {
  /** How to write elsewhere, for messages ("--out-dir DIR", "another folder"). */
  elsewhere?: string;
  /** Called after each rename (tests observe the targets between steps). */
  afterRename?: (target: string) => void | Promise<void>;
}

/** Temporary files written by `replaceFiles` and not yet renamed (removed on exit by the CLI). */
export const pendingTemps = new Set<string>();

/** `.penguins.synth.json.12345-0a1b2c3d.tmp`: the target's name, the writing process, a nonce. */
const TEMP_NAME = /^\.(.+)\.(\d+)-[0-9a-f]{8}\.tmp$/;

export function tempNameFor(target: string): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
}

/** True when a process with this id runs (a process of another user counts as running). */
function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const DAY_MS = 86_400_000;

/**
 * Remove temporaries of ours that a killed run left in `dir`: the process that wrote them is
 * gone, or they are more than a day old. Files of running processes (another window writing at
 * this moment) and every other file are left alone. Returns the names removed.
 */
export async function removeStaleTemps(dir: string, now = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    if (pendingTemps.has(file)) continue;
    try {
      const st = await fs.lstat(file);
      if (!st.isFile()) continue;
      if (processAlive(Number(m[2])) && now - st.mtimeMs < DAY_MS) continue;
      await fs.rm(file, { force: true });
      removed.push(name);
    } catch {
      // Another run may have removed it first; nothing to do.
    }
  }
  return removed;
}

/**
 * Replace several files as one step. Every new file is written and flushed to a temporary
 * sibling first; a failure there leaves every target as it was. Only then are the temporaries
 * renamed over their targets, one by one; should a rename fail part-way (a file locked on
 * Windows, a folder made read-only meanwhile), each target still holds its old or its new bytes,
 * and the error says which were replaced and which were not.
 */
export async function replaceFiles(writes: PendingWrite[], options: ReplaceOptions = {}): Promise<void> {
  const elsewhere = options.elsewhere ?? 'write to another folder';
  const temps: { temp: string; target: string }[] = [];
  // Temporaries written beforehand are this step's from now on: kept from the stale-file sweep, removed on failure.
  for (const w of writes) if ('temp' in w) pendingTemps.add(w.temp);
  const dirs = new Set(writes.map((w) => path.dirname(path.resolve(w.path))));
  for (const dir of dirs) {
    try {
      await fs.mkdir(dir, { recursive: true });
    } catch (e) {
      await removeTemps(writes.flatMap((w) => ('temp' in w ? [{ temp: w.temp }] : [])));
      throw unchanged(fileError(e, dir, elsewhere, 'folder'));
    }
    await removeStaleTemps(dir);
  }
  let current = writes[0]?.path ?? '';
  try {
    for (const w of writes) {
      current = path.resolve(w.path);
      const st = await fs.stat(current).catch(() => undefined);
      if ('temp' in w) {
        temps.push({ temp: w.temp, target: current });
        if (st?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
        continue;
      }
      if (st?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      const temp = tempNameFor(current);
      pendingTemps.add(temp);
      temps.push({ temp, target: current });
      const handle = await fs.open(temp, 'wx', st ? st.mode & 0o777 : 0o666);
      try {
        await handle.writeFile(w.data);
        // On disk before the rename: a crash right after it must not leave an empty file.
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
  } catch (e) {
    // Prewritten temporaries not reached yet go too: the caller handed them over.
    const reached = new Set(temps.map((t) => t.temp));
    const rest = writes.flatMap((w) => ('temp' in w && !reached.has(w.temp) ? [{ temp: w.temp }] : []));
    await removeTemps([...temps, ...rest]);
    throw unchanged(fileError(e, current, elsewhere, 'file'));
  }
  const done: string[] = [];
  for (let i = 0; i < temps.length; i++) {
    const t = temps[i];
    try {
      await fs.rename(t.temp, t.target);
      pendingTemps.delete(t.temp);
      done.push(t.target);
      await options.afterRename?.(t.target);
    } catch (e) {
      const rest = temps.slice(i);
      await removeTemps(rest);
      const base = fileError(e, t.target, elsewhere, 'file');
      if (done.length === 0) throw unchanged(base);
      throw new SynthError(
        base.code,
        `${base.message}. ${describeList(done, 'was', 'were')} replaced; ${describeList(
          rest.map((r) => r.target),
          'keeps its',
          'keep their',
        )} previous content.`,
        base.location,
        base.hint,
      );
    }
  }
}

function unchanged(e: SynthError): SynthError {
  return new SynthError(e.code, `${e.message}; nothing was changed.`, e.location, e.hint);
}

/** Remove a temporary a cancelled or failed write left (none is fine). */
export async function removeTemp(temp: string): Promise<void> {
  await removeTemps([{ temp }]);
}

async function removeTemps(temps: { temp: string }[]): Promise<void> {
  await Promise.all(temps.map((t) => fs.rm(t.temp, { force: true }).catch(() => undefined)));
  for (const t of temps) pendingTemps.delete(t.temp);
}

function describeList(files: string[], one: string, many: string): string {
  return `${files.map((f) => path.basename(f)).join(', ')} ${files.length === 1 ? one : many}`;
}

/** A write failure as a message that says what happened and what to do. */
export function fileError(e: unknown, file: string, elsewhere: string, kind: 'file' | 'folder'): SynthError {
  if (e instanceof SynthError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  const where = { file };
  switch (code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new SynthError(
        'file/permission',
        `Cannot write ${file}: permission denied${code === 'EROFS' ? ' (the disk is read-only)' : ''}`,
        where,
        `Make the folder writable (chmod u+w), or ${elsewhere}.`,
      );
    case 'ENOSPC':
    case 'EDQUOT':
      return new SynthError(
        'file/disk-full',
        `Cannot write ${file}: the disk is full${code === 'EDQUOT' ? ' (your quota is used up)' : ''}`,
        where,
        `Free some space, or ${elsewhere} on another disk.`,
      );
    case 'EISDIR':
      return new SynthError(
        'file/is-directory',
        `Cannot write ${file}: it is a folder, not a file`,
        where,
        'Give the path of a file inside it (for example its name plus .csv).',
      );
    case 'EEXIST':
    case 'ENOTDIR':
      return new SynthError(
        'file/not-a-folder',
        kind === 'folder'
          ? `Cannot write into ${file}: it, or a folder above it, is a file, not a folder`
          : `Cannot write ${file}: a folder on its path is a file`,
        where,
        `Give a folder path (or one that does not exist yet), or ${elsewhere}.`,
      );
    case 'ENAMETOOLONG':
      return new SynthError(
        'file/name-too-long',
        `Cannot write ${file}: the name is too long`,
        where,
        'Use a shorter name.',
      );
    default:
      return new SynthError(
        'file/write',
        `Cannot write ${file}: ${(e as Error)?.message ?? String(e)}`,
        where,
        `Check the folder, or ${elsewhere}.`,
      );
  }
}

/** The path with every existing folder on it resolved through symbolic links. */
function realPath(p: string): string {
  const rest: string[] = [];
  let head = p;
  for (;;) {
    try {
      return path.join(realpathSync(head), ...rest.reverse());
    } catch {
      const parent = path.dirname(head);
      if (parent === head) return p;
      rest.push(path.basename(head));
      head = parent;
    }
  }
}

/** True when `target` lies inside `folder` (or is it), symbolic links followed. */
export function isInsideFolder(target: string, folder: string): boolean {
  const r = path.relative(realPath(path.resolve(folder)), realPath(path.resolve(target)));
  return r === '' || (r !== '..' && !r.startsWith(`..${path.sep}`) && !path.isAbsolute(r));
}

/** A file being written in pieces (`streamFile`): written to its temporary until `commit`. */
export interface StreamingFile {
  /** Append to the temporary (synchronously: the generator waits, memory does not pile up). */
  write(data: string | Uint8Array): void;
  /** Bytes written so far. */
  readonly bytes: number;
  /** Flush, close and rename the temporary over the target. */
  commit(): void;
  /**
   * Flush and close the temporary and leave it for a later rename with other files
   * (`replaceFiles`' `{ path, temp }`); returns its path.
   */
  close(): string;
  /** Close and remove the temporary; the target keeps what it had. */
  abort(): void;
}

/**
 * Write one file in pieces, atomically: the pieces go to a temporary sibling (as `replaceFiles`
 * does), which is flushed and renamed over the target only by `commit`, so a failure or Ctrl-C
 * part-way leaves the target as it was (an error removes the temporary; one left by a kill is
 * removed by the next `removeStaleTemps` in that folder).
 */
export function streamFile(
  target: string,
  elsewhere = 'write to another folder',
  /** The temporary's path, when the caller named it (to remove it should this thread be stopped). */
  temp = tempNameFor(path.resolve(target)),
): StreamingFile {
  const file = path.resolve(target);
  const dir = path.dirname(file);
  let fd: number;
  try {
    mkdirSync(dir, { recursive: true });
    const st = statSyncOrUndefined(file);
    if (st?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    pendingTemps.add(temp);
    fd = openSync(temp, 'wx', st ? Number(st.mode) & 0o777 : 0o666);
  } catch (e) {
    pendingTemps.delete(temp);
    throw unchanged(fileError(e, file, elsewhere, 'file'));
  }
  let bytes = 0;
  let open = true;
  const close = (): void => {
    if (open) closeSync(fd);
    open = false;
  };
  const abort = (): void => {
    try {
      close();
    } catch {
      // Closing a broken descriptor: the temporary is removed below anyway.
    }
    rmSync(temp, { force: true });
    pendingTemps.delete(temp);
  };
  const guard = (f: () => void): void => {
    try {
      f();
    } catch (e) {
      abort();
      throw unchanged(fileError(e, file, elsewhere, 'file'));
    }
  };
  return {
    write(data) {
      guard(() => {
        const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        let done = 0;
        while (done < buffer.length) done += writeSync(fd, buffer, done, buffer.length - done);
        bytes += buffer.length;
      });
    },
    get bytes() {
      return bytes;
    },
    commit() {
      guard(() => {
        fsyncSync(fd);
        close();
        renameSync(temp, file);
        pendingTemps.delete(temp);
      });
    },
    close() {
      guard(() => {
        fsyncSync(fd);
        close();
      });
      return temp;
    },
    abort,
  };
}

function statSyncOrUndefined(p: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}
