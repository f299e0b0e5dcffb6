import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs, rmSync } from 'node:fs';
import * as path from 'node:path';
import { SynthError } from '../core/errors';

/** Read a file, turning "not found" and friends into one-line messages. */
export async function readInput(file: string): Promise<Uint8Array> {
  try {
    const stat = await fs.stat(file);
    if (stat.isDirectory())
      throw new SynthError(
        'file/is-directory',
        `${file} is a folder, not a file.`,
        { file },
        'Give the path of a file.',
      );
    return new Uint8Array(await fs.readFile(file));
  } catch (e) {
    if (e instanceof SynthError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new SynthError(
        'file/not-found',
        `${file} does not exist.`,
        { file },
        'Check the path (it is relative to the current folder).',
      );
    if (code === 'EACCES')
      throw new SynthError('file/permission', `${file} cannot be read (permission denied).`, { file });
    throw new SynthError('file/read', `${file} could not be read: ${(e as Error).message}.`, { file });
  }
}

export interface PendingWrite {
  path: string;
  data: string | Uint8Array;
}

const pendingTemps = new Set<string>();
let cleanupInstalled = false;

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  const cleanup = (): void => {
    for (const t of pendingTemps) {
      try {
        rmSync(t, { force: true });
      } catch {
        // Nothing more can be done while exiting.
      }
    }
  };
  process.on('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      cleanup();
      process.exit(130);
    });
  }
}

/**
 * Write several files as one step: each goes to a temporary file in its target folder, and only
 * when all are written are they renamed into place. A failure (or Ctrl-C) before the renames
 * leaves no partial output behind.
 */
export async function writeAllAtomic(writes: PendingWrite[]): Promise<void> {
  installCleanup();
  const temps: { temp: string; target: string }[] = [];
  try {
    for (const w of writes) {
      const dir = path.dirname(w.path);
      await fs.mkdir(dir, { recursive: true });
      const temp = path.join(dir, `.${path.basename(w.path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
      pendingTemps.add(temp);
      temps.push({ temp, target: w.path });
      await fs.writeFile(temp, w.data);
    }
    for (const t of temps) {
      await fs.rename(t.temp, t.target);
      pendingTemps.delete(t.temp);
    }
  } catch (e) {
    await Promise.all(temps.map((t) => fs.rm(t.temp, { force: true })));
    for (const t of temps) pendingTemps.delete(t.temp);
    const code = (e as NodeJS.ErrnoException).code;
    const target = temps[temps.length - 1]?.target ?? '';
    if (code === 'EACCES' || code === 'EROFS')
      throw new SynthError(
        'file/write',
        `Cannot write ${target} (permission denied).`,
        { file: target },
        'Choose another output folder with --out-dir.',
      );
    if (code === 'ENOSPC')
      throw new SynthError('file/write', `Cannot write ${target}: the disk is full.`, { file: target });
    throw e;
  }
}

export function exists(file: string): boolean {
  return existsSync(file);
}
