import { accessSync, constants, existsSync, promises as fs, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { SynthError } from '../core/errors';
import { MAX_INPUT_BYTES, mebibytes } from '../core/limits';
import { isInsideFolder, pendingTemps, replaceFiles, type PendingWrite } from '../node/replace';

export type { PendingWrite } from '../node/replace';

/** The size of an input read as a stream (no size limit), with `readInput`'s messages for a missing file. */
export function inputSize(file: string): number {
  try {
    const stat = statSync(file);
    if (stat.isDirectory())
      throw new SynthError(
        'file/is-directory',
        `${file} is a folder, not a file.`,
        { file },
        'Give the path of a file.',
      );
    return stat.size;
  } catch (e) {
    throw inputError(e, file);
  }
}

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
    if (stat.size > MAX_INPUT_BYTES)
      throw new SynthError(
        'file/too-large',
        `${file} is ${mebibytes(stat.size)}; files are read into memory, and the limit is ${mebibytes(MAX_INPUT_BYTES)}.`,
        { file },
        'Use a sample of the rows (for example the first million: head -n 1000001).',
      );
    return new Uint8Array(await fs.readFile(file));
  } catch (e) {
    throw inputError(e, file);
  }
}

function inputError(e: unknown, file: string): SynthError {
  if (e instanceof SynthError) return e;
  {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      return new SynthError(
        'file/not-found',
        `${file} does not exist.`,
        { file },
        'Check the path (it is relative to the current folder).',
      );
    if (code === 'EACCES' || code === 'EPERM')
      return new SynthError(
        'file/permission',
        `${file} cannot be read (permission denied).`,
        { file },
        'Make it readable (chmod u+r), or give a copy you can read.',
      );
    if (code === 'ENOTDIR')
      return new SynthError('file/not-found', `${file} does not exist: a folder on its path is a file.`, { file });
    return new SynthError('file/read', `${file} could not be read: ${(e as Error).message}.`, { file });
  }
}

let cleanupInstalled = false;

/** On exit and on Ctrl-C, remove the temporaries of a write in progress. */
export function installCleanup(): void {
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
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      cleanup();
      process.exit(130);
    });
  }
}

/**
 * Write several files as one step (see `replaceFiles`): a failure (or Ctrl-C) before the renames
 * leaves every target as it was and no temporary behind.
 */
export async function writeAllAtomic(writes: PendingWrite[], elsewhere?: string): Promise<void> {
  installCleanup();
  await replaceFiles(writes, { elsewhere: elsewhere ?? 'write elsewhere' });
}

export function exists(file: string): boolean {
  return existsSync(file);
}

/** One file a command is about to write. */
export interface PlannedOutput {
  path: string;
  /** The option that chooses it, for messages: "--out FILE", "--out-dir DIR". */
  option: string;
  /** When the path comes from a blueprint, the folder it must stay in (the blueprint's). */
  confinedTo?: string;
  /** Where the blueprint says it, for messages: `"../x.csv" (its "output.path")`. */
  written?: string;
  /** Why replacing it matters, after "already exists": " and may hold your edits". */
  note?: string;
}

/**
 * Check where a command will write, before any work is done: nothing existing is replaced
 * without `--force`, a path from a blueprint stays inside the blueprint's folder unless `--force`,
 * and a path that cannot be written (a folder, a file where a folder should be, no permission)
 * is refused with what to do.
 */
export function checkOutputs(outputs: PlannedOutput[], force: boolean, display: (p: string) => string): void {
  for (const o of outputs) {
    const target = path.resolve(o.path);
    const st = statOrUndefined(target);
    if (st?.isDirectory() || /[/\\]$/.test(o.path))
      throw new SynthError(
        'cli/out-is-directory',
        `${display(target)} is a folder; the output must be a file path; nothing was written.`,
        { file: display(target) },
        `Give a file path with ${o.option} (for example ${display(path.join(target, 'synthetic.csv'))}).`,
      );
    // The nearest folder that exists must be a folder, and writable.
    let dir = path.dirname(target);
    let dirStat = statOrUndefined(dir);
    while (!dirStat && path.dirname(dir) !== dir) {
      dir = path.dirname(dir);
      dirStat = statOrUndefined(dir);
    }
    if (dirStat && !dirStat.isDirectory())
      throw new SynthError(
        'cli/not-a-folder',
        `${display(dir)} is a file, so ${display(target)} cannot be written inside it; nothing was written.`,
        { file: display(dir) },
        `Choose another ${o.option}, one whose folders are folders (or do not exist yet).`,
      );
    if (dirStat && !writable(dir))
      throw new SynthError(
        'cli/permission',
        `${display(dir)} is not writable (permission denied), so ${display(target)} cannot be written; nothing was written.`,
        { file: display(dir) },
        `Make it writable (chmod u+w ${display(dir)}), or choose another ${o.option}.`,
      );
    if (o.confinedTo && !force && !isInsideFolder(target, o.confinedTo))
      throw new SynthError(
        'cli/outside-folder',
        `The blueprint's output path ${o.written ?? JSON.stringify(o.path)} points outside the blueprint's folder (to ${target}); nothing was written. A shared blueprint must not write elsewhere on your disk.`,
        {},
        `Pass ${o.option} to choose where the rows go, or --force to write there anyway.`,
      );
    if (st && !force)
      throw new SynthError(
        'cli/exists',
        `${display(target)} already exists${o.note ?? ''}; nothing was written.`,
        { file: display(target) },
        `Pass --force to replace it, or ${o.option} to write elsewhere.`,
      );
  }
}

function statOrUndefined(p: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
