// Generate at scale in a real VS Code: the worker writes the rows into a temporary next to the
// output as they are made, the progress notification shows rows done, rows/s and time left, and
// Cancel (clicked mid-run) leaves the old output byte for byte and no temporary behind; a run
// let finish replaces the output with every row.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, explorerContextMenu, notifications, openFolder, sleep, startSession, waitFor } from './codeServer.mjs';

const BLUEPRINT = 'big.synth.json';
const OUTPUT = 'big.csv';

/** Set the template's row count and output path (its text has comments: edited as text). */
function setBlueprint(file, rows) {
  const text = readFileSync(file, 'utf8')
    .replace(/"rows": \d+/, `"rows": ${rows}`)
    .replace(/"path": "[^"]*synthetic\.csv"|"path": "big\.csv"/, `"path": "${OUTPUT}"`);
  writeFileSync(file, text);
}

/** Temporaries of a write into the workspace (`.big.csv.PID-XXXXXXXX.tmp`). */
const temps = (ws) => readdirSync(ws).filter((f) => f.endsWith('.tmp'));

export default {
  title: 'Generate streams to disk, with rows/s, time left and Cancel',
  timeout: 420_000,

  async setup() {
    const s = await startSession('generate-stream', { vsix: join(ROOT, 'dist', 'synth-studio.vsix') });
    const ws = s.sb.workspace;
    const cli = (args) => execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { cwd: ws });
    // The churn template, set to write 5,000,000 rows into big.csv: long enough to cancel mid-run.
    cli(['new', 'churn', '--out', BLUEPRINT]);
    setBlueprint(join(ws, BLUEPRINT), 5_000_000);
    // The output as an earlier run left it (10 rows): Cancel must leave exactly these bytes.
    cli(['generate', BLUEPRINT, '--rows', '10', '--out', OUTPUT, '--quiet']);
    s.old = readFileSync(join(ws, OUTPUT));
    s.ws = ws;
    await openFolder(s.page, s.server.url, ws, { waitForFile: BLUEPRINT });
    return s;
  },

  tests: [
    {
      name: 'progress shows rows done, rows/s and time left; Cancel leaves the old output and no temporary',
      timeout: 240_000,
      async fn(s) {
        await explorerContextMenu(s.page, BLUEPRINT, 'Generate');
        const toast = s.page.locator('.notifications-toasts .notification-toast').filter({ hasText: 'rows/s' });
        try {
          await toast.first().waitFor({ state: 'visible', timeout: 120_000 });
        } catch (e) {
          throw new Error(`${e.message}; notifications: ${(await notifications(s.page)).join(' | ') || 'none'}`);
        }
        const text = (await toast.first().textContent()) ?? '';
        assert.match(text, /Generating rows… [\d,]+ of 5,000,000 \([\d,]+ rows\/s, about .+ left\)/, text);
        // Mid-run: the rows are going into a temporary, the output is untouched.
        await waitFor(() => temps(s.ws).length === 1, { timeout: 30_000, message: 'a temporary being written' });
        assert.deepEqual(readFileSync(join(s.ws, OUTPUT)), s.old);
        await toast.first().hover();
        await toast.first().locator('.monaco-button', { hasText: 'Cancel' }).click();
        await waitFor(() => temps(s.ws).length === 0, { timeout: 30_000, message: 'the temporary removed' });
        await sleep(2000);
        assert.deepEqual(readFileSync(join(s.ws, OUTPUT)), s.old, 'the old output, byte for byte');
        assert.deepEqual(temps(s.ws), []);
      },
    },
    {
      name: 'a run let finish replaces the output with every row',
      timeout: 150_000,
      async fn(s) {
        setBlueprint(join(s.ws, BLUEPRINT), 150_000);
        await explorerContextMenu(s.page, BLUEPRINT, 'Generate');
        try {
          await waitFor(async () => (await notifications(s.page)).some((n) => n.startsWith('Generated 150,000 rows')), {
            timeout: 120_000,
            message: 'the Generated notification',
          });
        } catch (e) {
          throw new Error(`${e.message}; notifications: ${(await notifications(s.page)).join(' | ') || 'none'}`);
        }
        const lines = readFileSync(join(s.ws, OUTPUT), 'utf8').trimEnd().split('\n');
        assert.equal(lines.length, 150_001);
        // The same bytes the CLI writes for this blueprint and seed.
        const cliOut = execFileSync(
          process.execPath,
          [join(ROOT, 'dist', 'cli.js'), 'generate', BLUEPRINT, '--out', 'cli.csv', '--quiet'],
          { cwd: s.ws },
        );
        assert.equal(cliOut.length, 0);
        assert.deepEqual(readFileSync(join(s.ws, OUTPUT)), readFileSync(join(s.ws, 'cli.csv')));
        assert.deepEqual(temps(s.ws), []);
      },
    },
  ],

  async teardown(s, { failed }) {
    if (!s) return;
    if (failed) console.log(`    sandbox kept for a look: ${s.sb.dir} (code-server log: ${s.server?.log})`);
    await s.stop({ keep: failed });
  },
};
