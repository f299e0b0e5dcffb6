import { SynthError } from './errors';

/**
 * The target column a user named (`--target`, the synthesize option) must be a column of the table
 * read from `file`: checked once, before fitting or comparing.
 */
export function checkTarget(target: string | undefined, names: readonly string[], file: string): void {
  if (target === undefined || names.includes(target)) return;
  throw new SynthError(
    'target/unknown',
    `There is no column "${target}" in ${file}.`,
    { file, line: 1 },
    `Pick one of: ${names.join(', ')}.`,
  );
}
