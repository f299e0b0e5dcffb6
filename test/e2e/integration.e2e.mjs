// The integration suite (test/integration/suite, mocha, the @vscode/test-electron convention) run
// inside code-server's extension host: code-server started with the smoke-test driver, the suite
// passed in the `payload` URL, the result read from window.codeAutomationExit (shared/E2E.md).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { build } from 'esbuild';
import { ROOT, WORK, debug, startSession, waitFor } from './codeServer.mjs';

const SUITE_DIR = join(WORK, 'suite');
const SUITE = join(SUITE_DIR, 'index.js');

/** Bundle the TypeScript suite into one JS file; `vscode` comes from the host, mocha from node_modules. */
async function buildSuite() {
  await build({
    entryPoints: [join(ROOT, 'test', 'integration', 'suite', 'index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    outfile: SUITE,
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

export default {
  title: 'Integration suite in the extension host',
  timeout: 180_000,

  async setup() {
    await buildSuite();
    const s = await startSession('it', {
      extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
      seed: { 'samples/penguins.csv': 'penguins.csv' },
    });
    return s;
  },

  tests: [
    {
      name: 'mocha suite passes (commands registered, synthesize and generate by command)',
      async fn(s) {
        // The extension host's console.log reaches the page as ('%c INFO', 'color: ...', format, ...args).
        const pending = [];
        s.page.on('console', (m) => {
          pending.push(
            Promise.all(m.args().map((a) => a.jsonValue().catch(() => undefined))).then(
              // Only forwarded log calls ('%c' form) carry the suite's output; browser noise does not.
              (vals) => (typeof vals[0] === 'string' && vals[0].startsWith('%c') ? format(...vals.slice(2)) : ''),
              () => '',
            ),
          );
        });
        const consoleLines = async () => {
          const l = (await Promise.all(pending)).filter(Boolean);
          l.forEach((x) => debug(`console: ${x.slice(0, 200)}`));
          return l;
        };
        let resolveExit;
        const exited = new Promise((r) => {
          resolveExit = r;
        });
        await s.page.exposeFunction('codeAutomationExit', (code, logs) => {
          resolveExit({ code, logs });
        });
        const payload = JSON.stringify([
          ['extensionDevelopmentPath', `vscode-remote://remote${ROOT}`],
          ['extensionTestsPath', `vscode-remote://remote${SUITE}`],
        ]);
        await s.page.goto(
          `${s.server.url}/?folder=${encodeURIComponent(s.sb.workspace)}&payload=${encodeURIComponent(payload)}`,
        );
        let result;
        try {
          result = await Promise.race([
            exited,
            waitFor(() => false, {
              timeout: 150_000,
              message: 'the workbench to call codeAutomationExit (the suite to finish)',
            }),
          ]);
        } catch (e) {
          throw new Error(
            `${e.message}\n  extension host output so far:\n    ${mochaOutput(await consoleLines()).join('\n    ') || '(none)'}`,
          );
        }
        const { code, logs } = result;
        // The workbench hands over its log files; keep them for a look when something fails.
        const logDir = join(WORK, 'integration-logs');
        mkdirSync(logDir, { recursive: true });
        for (const l of Array.isArray(logs) ? logs : []) {
          if (l?.relativePath && typeof l.contents === 'string') {
            const file = join(logDir, l.relativePath.replace(/[\\/]/g, '__'));
            writeFileSync(file, l.contents);
          }
        }
        const out = mochaOutput(await consoleLines());
        console.log(`    ${out.join('\n    ')}`);
        assert.equal(code, 0, `the suite exited with code ${code} (logs: ${logDir})`);
        assert.ok(
          out.some((l) => /\d+ passing/.test(l)),
          'the suite reported no passing tests',
        );
        assert.ok(!out.some((l) => /\d+ failing/.test(l)), 'the suite reported failing tests');
      },
    },
  ],

  async teardown(s, { failed }) {
    if (!s) return;
    if (failed) console.log(`    sandbox kept for a look: ${s.sb.dir} (code-server log: ${s.server?.log})`);
    await s.stop({ keep: failed });
  },
};

/** Mocha's reporter lines (the suite prefixes them) among everything the page logged. */
function mochaOutput(lines) {
  return lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.startsWith('[mocha] '))
    .map((l) => l.slice('[mocha] '.length).replace(/\s+$/, ''))
    .filter((l, i, all) => l || (i > 0 && all[i - 1]));
}
