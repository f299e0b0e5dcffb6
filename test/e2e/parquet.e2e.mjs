// Parquet in a real VS Code: right-click a .parquet file in the explorer -> Synthesize writes the
// blueprint and the synthetic CSV, fitted with the Parquet file's column types.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, explorerContextMenu, notifications, openFolder, startSession, waitFor } from './codeServer.mjs';

const SOURCE = 'customers.parquet';
const BLUEPRINT = 'customers.synth.json';
const SYNTHETIC = 'customers.synthetic.csv';

export default {
  title: 'Synthesize a Parquet file',
  timeout: 180_000,

  async setup() {
    const s = await startSession('parquet', { vsix: join(ROOT, 'dist', 'synth-studio.vsix') });
    const ws = s.sb.workspace;
    // A real Parquet file, written by the CLI from the churn template (integers, doubles,
    // categories, booleans, text).
    const cli = (args) => execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { cwd: ws });
    cli(['new', 'churn', '--out', 'template.synth.json']);
    cli(['generate', 'template.synth.json', '--rows', '600', '--out', SOURCE, '--quiet']);
    rmSync(join(ws, 'template.synth.json'));
    s.path = (f) => join(ws, f);
    await openFolder(s.page, s.server.url, ws, { waitForFile: SOURCE });
    return s;
  },

  tests: [
    {
      name: 'right-click customers.parquet > Synthesize writes the blueprint and the synthetic CSV',
      async fn(s) {
        await explorerContextMenu(s.page, SOURCE, 'Synthesize');
        try {
          await waitFor(() => existsSync(s.path(BLUEPRINT)) && existsSync(s.path(SYNTHETIC)), {
            timeout: 90_000,
            interval: 200,
            message: `${BLUEPRINT} and ${SYNTHETIC} on disk`,
          });
        } catch (e) {
          const toasts = await notifications(s.page);
          throw new Error(
            `${e.message}; notifications: ${toasts.join(' | ') || 'none'}; workspace: ${readdirSync(s.sb.workspace).join(', ')}`,
          );
        }
        const blueprint = JSON.parse(readFileSync(s.path(BLUEPRINT), 'utf8'));
        assert.equal(blueprint.source.path, SOURCE);
        const types = Object.fromEntries(blueprint.columns.map((c) => [c.name, c.type]));
        // The template's types, kept through Parquet: tenure_months is an integer, monthly_charges
        // a number, contract a category, churn a boolean.
        assert.equal(types.tenure_months, 'integer', JSON.stringify(types));
        assert.equal(types.monthly_charges, 'number', JSON.stringify(types));
        assert.equal(types.contract, 'category', JSON.stringify(types));
        assert.equal(types.churn, 'boolean', JSON.stringify(types));
        const lines = readFileSync(s.path(SYNTHETIC), 'utf8').trimEnd().split('\n');
        assert.equal(lines.length, 601, `synthetic CSV has ${lines.length - 1} rows, expected 600`);
      },
    },
  ],

  async teardown(s, { failed }) {
    if (!s) return;
    if (failed) console.log(`    sandbox kept for a look: ${s.sb.dir} (code-server log: ${s.server?.log})`);
    await s.stop({ keep: failed });
  },
};
