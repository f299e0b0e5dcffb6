// Blueprints as a language, in a real VS Code: New Blueprint from Template, its CodeLens (Generate,
// expected rate), an unknown column typed into a constraint shows in the Problems panel at its
// line, the quick fix corrects it, and completion offers the distribution kinds (from the schema).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT,
  openEditor,
  notifications,
  openFolder,
  screenshot,
  quickFix,
  startSession,
  waitFor,
} from './codeServer.mjs';

const BLUEPRINT = 'customer_churn.synth.json';

/** 1-based line of the first line of `text` containing `needle`. */
function lineOf(text, needle) {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `"${needle}" is not in the blueprint`);
  return i + 1;
}

async function goToLine(page, line) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
}

async function problemRows(page) {
  return (
    await page
      .locator('.markers-panel .monaco-list-row')
      .allTextContents()
      .catch(() => [])
  ).map((t) => t.replace(/\s+/g, ' ').trim());
}

export default {
  title: 'Blueprint language features in the workbench',
  timeout: 120_000,

  async setup() {
    // A fitted blueprint whose source CSV changed afterwards (one more row): a stale fingerprint.
    const fitted = mkdtempSync(join(tmpdir(), 'synth-e2e-fit-'));
    execFileSync('cp', [join(ROOT, 'test', 'fixtures', 'penguins.csv'), join(fitted, 'penguins.csv')]);
    execFileSync(process.execPath, [
      join(ROOT, 'dist', 'cli.js'),
      'synthesize',
      join(fitted, 'penguins.csv'),
      '--quiet',
    ]);
    appendFileSync(join(fitted, 'penguins.csv'), 'Adelie,Torgersen,39.1,18.7,181,3750,male\n');
    const s = await startSession('language', {
      vsix: join(ROOT, 'dist', 'synth-studio.vsix'),
      seed: {
        [join(fitted, 'penguins.csv')]: 'penguins.csv',
        [join(fitted, 'penguins.synth.json')]: 'penguins.synth.json',
      },
    });
    s.path = (f) => join(s.sb.workspace, f);
    await openFolder(s.page, s.server.url, s.sb.workspace, { waitForFile: 'penguins.csv' });
    return s;
  },

  tests: [
    {
      name: 'New Blueprint from Template writes the churn template and opens it',
      async fn(s) {
        // Not runCommand(): this command opens a quick pick of its own, so the palette never closes.
        const input = s.page.locator('.quick-input-widget .quick-input-box input');
        await waitFor(
          async () => {
            await s.page.keyboard.press('Escape');
            await s.page.keyboard.press('F1');
            await input.waitFor({ state: 'visible', timeout: 10_000 });
            await input.fill('>Synth Studio: New Blueprint from Template');
            const row = s.page
              .locator('.quick-input-list .monaco-list-row')
              .filter({ hasText: 'New Blueprint from Template' })
              .first();
            if (
              !(await row.waitFor({ state: 'visible', timeout: 3000 }).then(
                () => true,
                () => false,
              ))
            )
              return undefined;
            await s.page.keyboard.press('Enter');
            return true;
          },
          { timeout: 30_000, message: 'the New Blueprint from Template command in the palette' },
        );
        const pick = s.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Customer churn' }).first();
        await pick.waitFor({ state: 'visible', timeout: 15_000 });
        await pick.click();
        await waitFor(() => existsSync(s.path(BLUEPRINT)), { timeout: 30_000, message: `${BLUEPRINT} on disk` }).catch(
          async (e) => {
            throw new Error(`${e.message}; notifications: ${(await notifications(s.page)).join(' | ') || 'none'}`);
          },
        );
        s.editor = s.page.locator(`.editor-group-container.active .monaco-editor[data-uri$="${BLUEPRINT}"]`);
        await s.editor.waitFor({ timeout: 20_000 });
        const bp = JSON.parse(readFileSync(s.path(BLUEPRINT), 'utf8').replace(/^\/\/.*$/gm, ''));
        assert.equal(bp.name, 'customer_churn');
        assert.equal(bp.method, 'rules');
      },
    },
    {
      name: 'CodeLens shows "Generate 5,000 rows" and the expected churn rate',
      async fn(s) {
        const lenses = s.page.locator('.editor-group-container.active .codelens-decoration');
        await waitFor(async () => /Generate 5,000 rows/.test((await lenses.allTextContents()).join(' | ')), {
          timeout: 30_000,
          message: 'the Generate CodeLens',
        });
        // Lenses are resolved when visible: bring the churn column into view.
        await s.editor.click({ position: { x: 200, y: 60 } });
        await goToLine(s.page, lineOf(readFileSync(s.path(BLUEPRINT), 'utf8'), '"name": "churn"'));
        const texts = await waitFor(
          async () => {
            const all = (await lenses.allTextContents()).join(' | ');
            return /Generate 5,000 rows/.test(all) && /expected churn rate ≈ \d+\.\d%/.test(all) ? all : undefined;
          },
          { timeout: 45_000, message: 'the Generate and expected-rate CodeLenses' },
        ).catch(async (e) => {
          throw new Error(`${e.message}; lenses: ${(await lenses.allTextContents()).join(' | ') || 'none'}`);
        });
        // The template asks for 26.5% and the intercept is solved for it.
        assert.match(texts, /expected churn rate ≈ 26\.5%/, texts);
        await screenshot(s.page, 'language-1-template-codelens');
      },
    },
    {
      name: 'an unknown column typed into a constraint appears in the Problems panel at its line',
      async fn(s) {
        const text = readFileSync(s.path(BLUEPRINT), 'utf8');
        s.line = lineOf(text, '"expr": "support_tickets >= 0"');
        await s.editor.click({ position: { x: 200, y: 60 } });
        await goToLine(s.page, s.line);
        await s.page.keyboard.press('End');
        await s.page.keyboard.press('ArrowLeft'); // before the closing quote
        await s.page.keyboard.insertText(' and support_tickt < 30');
        await s.page.keyboard.press('Control+Shift+M');
        const rows = await waitFor(
          async () => {
            const r = await problemRows(s.page);
            return r.some((t) => t.includes('Unknown column "support_tickt"')) ? r : undefined;
          },
          { timeout: 30_000, message: 'the unknown-column problem in the Problems panel' },
        ).catch(async (e) => {
          throw new Error(`${e.message}; rows: ${(await problemRows(s.page)).join(' | ') || 'none'}`);
        });
        const row = rows.find((t) => t.includes('Unknown column "support_tickt"'));
        assert.match(row, /Did you mean "support_tickets"\?/, row);
        // Column: the name starts after `"expr": "support_tickets >= 0 and ` on that line.
        const col =
          text.split('\n')[s.line - 1].indexOf('support_tickets >= 0') + 'support_tickets >= 0 and '.length + 1;
        assert.match(
          row,
          new RegExp(`\\[Ln ${s.line}, Col ${col}\\]`),
          `expected [Ln ${s.line}, Col ${col}] in: ${row}`,
        );
        assert.ok(
          (await s.page.locator('.editor-group-container.active .squiggly-error').count()) > 0,
          'no error squiggle in the editor',
        );
        await screenshot(s.page, 'language-2-unknown-column-problem');
      },
    },
    {
      name: 'the quick fix "Change to support_tickets" corrects the constraint',
      async fn(s) {
        const action = await quickFix(s.page, 'Unknown column "support_tickt"', 'Change to "support_tickets"');
        await action.click();
        await s.page.keyboard.press('Control+S');
        await waitFor(
          () => readFileSync(s.path(BLUEPRINT), 'utf8').includes('support_tickets >= 0 and support_tickets < 30'),
          { timeout: 15_000, message: 'the corrected constraint saved to disk' },
        );
        await waitFor(async () => !(await problemRows(s.page)).some((t) => t.includes('support_tickt')), {
          timeout: 15_000,
          message: 'the problem to disappear',
        });
      },
    },
    {
      name: 'completion on a distribution "kind" offers the distribution kinds',
      async fn(s) {
        const text = readFileSync(s.path(BLUEPRINT), 'utf8');
        const line = lineOf(text, '"kind": "pattern"');
        await s.editor.click({ position: { x: 200, y: 60 } });
        await goToLine(s.page, line);
        await s.page.keyboard.press('End');
        await s.page.keyboard.press('ArrowLeft'); // before the comma
        await s.page.keyboard.press('ArrowLeft'); // before the closing quote
        for (let i = 0; i < 'pattern'.length; i++) await s.page.keyboard.press('Backspace');
        await s.page.keyboard.press('Control+Space');
        const labels = await waitFor(
          async () => {
            const l = (
              await s.page
                .locator('.suggest-widget .monaco-list-row .label-name')
                .allTextContents()
                .catch(() => [])
            ).map((t) => t.replace(/"/g, '').trim());
            return l.includes('normal') && l.includes('lognormal') ? l : undefined;
          },
          { timeout: 20_000, message: 'distribution kinds in the suggestion list' },
        ).catch(async (e) => {
          throw new Error(
            `${e.message}; suggestions: ${
              (
                await s.page
                  .locator('.suggest-widget .monaco-list-row')
                  .allTextContents()
                  .catch(() => [])
              ).join(' | ') || 'none'
            }`,
          );
        });
        // The list is virtualised: only the rows in view exist, so check those (alphabetical, from the schema's enum).
        for (const k of ['bands', 'conditional', 'derived', 'logistic', 'normal'])
          assert.ok(labels.includes(k), `"${k}" missing from the suggestions: ${labels.join(', ')}`);
        assert.ok(labels.length >= 8, `only ${labels.length} suggestions: ${labels.join(', ')}`);
        await screenshot(s.page, 'language-3-kind-completion');
        await s.page.keyboard.press('Escape');
        await s.page.keyboard.press('Control+Z');
      },
    },
    {
      name: 'a fitted blueprint whose source CSV changed shows the stale-source warning on source.sha256, with "Refit from source"',
      async fn(s) {
        await s.page.keyboard.press('Escape');
        await openEditor(s.page, 'penguins.synth.json');
        await s.page.keyboard.press('Control+Shift+M');
        const text = readFileSync(s.path('penguins.synth.json'), 'utf8');
        const line = text.split('\n').findIndex((l) => l.includes('"sha256"')) + 1;
        const rows = await waitFor(
          async () => {
            const r = await problemRows(s.page);
            return r.some((t) => t.includes('changed since this blueprint was fitted')) ? r : undefined;
          },
          { timeout: 30_000, message: 'the stale-source warning' },
        ).catch(async (e) => {
          throw new Error(`${e.message}; rows: ${(await problemRows(s.page)).join(' | ') || 'none'}`);
        });
        const row = rows.find((t) => t.includes('changed since this blueprint was fitted'));
        assert.match(row, new RegExp(`\\[Ln ${line}, Col \\d+\\]`), row);
        // No other problem: in particular the schema loads (the file's $schema must not point VS Code at an unreachable URL).
        const others = rows.filter((t) => t.includes('penguins.synth.json') === false && !t.includes('changed since'));
        assert.deepEqual(
          others.filter((t) => /schema/i.test(t)),
          [],
          `schema problems: ${others.join(' | ')}`,
        );
        await screenshot(s.page, 'language-4-stale-source');
        await quickFix(s.page, 'changed since this blueprint was fitted', 'Refit from source');
        await s.page.keyboard.press('Escape');
      },
    },
  ],

  async teardown(s, { failed }) {
    if (!s) return;
    if (failed) console.log(`    sandbox kept for a look: ${s.sb.dir} (code-server log: ${s.server?.log})`);
    await s.stop({ keep: failed });
  },
};
