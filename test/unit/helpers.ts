import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SynthError } from '../../src/core/errors';

export const FIXTURES = path.join(__dirname, '..', 'fixtures');

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(FIXTURES, name)));
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
