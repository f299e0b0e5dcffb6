/**
 * Runs the integration suite in a downloaded desktop VS Code with @vscode/test-electron, for
 * machines that can download VS Code (this project's own machines cannot: there the same suite
 * runs inside code-server, `npm run test:integration`, see test/e2e/integration.e2e.mjs).
 *
 *   npm run build
 *   npx esbuild test/integration/runTest.ts --bundle --platform=node --format=cjs \
 *     --packages=external --outfile=test/e2e/.work/runTest.js && node test/e2e/.work/runTest.js
 *
 * It bundles the suite itself (the extension host loads plain JS) and gives VS Code a fresh
 * workspace holding samples/penguins.csv.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { build } from 'esbuild';

/** The repository root: run from it, or set SYNTH_STUDIO_ROOT (the script may be bundled anywhere). */
function repoRoot(): string {
  return path.resolve(process.env.SYNTH_STUDIO_ROOT ?? process.cwd());
}

async function main(): Promise<number> {
  const root = repoRoot();
  const suite = path.join(root, 'test', 'e2e', '.work', 'suite', 'index.js');
  await build({
    entryPoints: [path.join(root, 'test', 'integration', 'suite', 'index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    outfile: suite,
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  const workspace = mkdtempSync(path.join(tmpdir(), 'synth-studio-it-'));
  copyFileSync(path.join(root, 'samples', 'penguins.csv'), path.join(workspace, 'penguins.csv'));
  try {
    return await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: suite,
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`Integration tests failed to run: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
