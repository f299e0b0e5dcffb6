import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SynthError } from '../../src/core/errors';

export const FIXTURES = path.join(__dirname, '..', 'fixtures');

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(FIXTURES, name)));
}

const made: string[] = [];

/** A fresh folder under the system's temp folder, removed when the test file ends (test/unit/cleanup.ts). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Remove the folders `tempDir` made so far. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Run `fn`, expecting it to throw a SynthError (a user-facing error), and return that error. */
export function synthError(fn: () => unknown): SynthError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SynthError) return e;
    throw e;
  }
  throw new Error('expected a SynthError, but nothing was thrown');
}
