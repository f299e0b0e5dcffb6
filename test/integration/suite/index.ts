/**
 * Entry of the integration suite, by the @vscode/test-electron convention: the extension host
 * loads this file (bundled to JS, see test/e2e/integration.e2e.mjs) and awaits `run()`; a
 * rejection means failure. It runs the same way inside code-server (test/e2e) and inside a
 * downloaded VS Code (runTest.ts).
 */
import Mocha from 'mocha';
import { format } from 'node:util';

/** Prefix of every reporter line, so a runner can pick them out of the host's other console output. */
export const LINE_PREFIX = '[mocha] ';

export async function run(): Promise<void> {
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    console.log(
      format(...args)
        .split('\n')
        .map((l) => LINE_PREFIX + l)
        .join('\n'),
    );
  };
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 120_000 });
  // Define describe/it as globals before the test files load (what `mocha.addFile` would do):
  // the files are bundled into this one, so they are imported lazily, after this line.
  mocha.suite.emit('pre-require', globalThis, 'synth-studio-integration', mocha);
  await import('./extension.test');
  await import('./language.test');
  await import('./files.test');
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} integration test${failures === 1 ? '' : 's'} failed.`);
}
