// What a new user hits in VS Code (issue 13), in a real VS Code: the report beside an editor (a
// narrow panel that reflows: tabs wrap, nothing runs off the right edge), the inferred target
// (`y` on a bank-full sample, not `default`) in the Target and Utility tabs with a picker that
// re-runs the report, the same numbers from Generate on the unchanged blueprint as from
// Synthesize, the side view following the newest report and "Open Full Report" revealing the
// panel where it is, a day-only date column shown without clock times, and one problem for one
// misspelled property (JSON syntax errors left to VS Code's own checker).
//
// Screenshots go to test/e2e/screenshots/; with SYNTH_DOCS_SCREENSHOTS=1 the beside-an-editor
// pictures go to docs/images/ (panel-beside-<tab>-<light|dark>.png; SYNTH_E2E_THEME=dark for dark).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT,
  debug,
  explorerContextMenu,
  explorerRow,
  openEditor,
  notifications,
  openFolder,
  runCommand,
  screenshotPath,
  startSession,
  waitFor,
  webviewFrame,
} from './codeServer.mjs';

const SOURCE = 'bank.csv';
const BLUEPRINT = 'bank.synth.json';
const DAYS = 'days.csv';
const DOCS = !!process.env.SYNTH_DOCS_SCREENSHOTS;
// SYNTH_E2E_THEME=dark runs the same steps in Default Dark Modern (for the dark pictures).
const THEME = process.env.SYNTH_E2E_THEME === 'dark' ? 'dark' : 'light';

function docsPath(name) {
  return DOCS ? join(ROOT, 'docs', 'images', `${name}.png`) : screenshotPath(name);
}

/** The report panel's frame once it shows a report (optionally one matching `until`). */
async function panel(page, { until, timeout = 90_000 } = {}) {
  const frame = await webviewFrame(page, '#app[data-rendered="true"] #report-tabs', { timeout });
  if (until) await waitFor(() => until(frame), { timeout, message: 'the panel to show the expected report' });
  return frame;
}

async function openTab(frame, tab) {
  await frame.locator(`#tab-${tab}`).click();
  await waitFor(async () => (await frame.locator('#report-tabs').getAttribute('activeid')) === `tab-${tab}`, {
    timeout: 10_000,
    message: `the ${tab} tab`,
  });
  await frame.locator(`#view-${tab} .tab-body`).waitFor({ state: 'visible', timeout: 15_000 });
}

/** Elements of the panel's page that stick out past its right edge (a clipped layout), and the widths. */
async function overflow(frame) {
  return frame.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [...document.querySelectorAll('#app *')]
      .filter((e) => {
        const b = e.getBoundingClientRect();
        return b.width > 0 && b.right > width + 1 && !e.closest('.grid-scroll');
      })
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className?.baseVal ?? e.className}`);
    return { width, scrollWidth: document.documentElement.scrollWidth, out };
  });
}

async function targetShown(frame) {
  return frame.locator('.target-choice').first().getAttribute('data-target');
}

/** Pick `text` in a toolkit dropdown the way a user does. */
async function pick(frame, dropdown, text) {
  await frame.locator(dropdown).click();
  const option = frame.locator(`${dropdown} vscode-option`, { hasText: text }).first();
  await option.waitFor({ state: 'visible', timeout: 5000 });
  await option.click();
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
  title: 'What a new user hits: target, narrow panel, determinism, side view, dates, problems',
  timeout: 420_000,

  async setup() {
    const s = await startSession('newuser', {
      vsix: join(ROOT, 'dist', 'synth-studio.vsix'),
      seed: { 'test/fixtures/bank-603.csv': SOURCE },
    });
    s.path = (f) => join(s.sb.workspace, f);
    const settingsFile = join(s.sb.userData, 'User', 'settings.json');
    const settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
    settings['workbench.colorTheme'] = THEME === 'dark' ? 'Default Dark Modern' : 'Default Light Modern';
    writeFileSync(settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
    // 150 rows of a day-only date rising with an amount.
    const lines = ['day,amount,visits'];
    for (let i = 0; i < 150; i++)
      lines.push(
        `${new Date(Date.UTC(1997, 0, 1) + i * 2 * 86_400_000).toISOString().slice(0, 10)},${(100 + i * 2.5 + (i % 7)).toFixed(2)},${i % 13}`,
      );
    writeFileSync(s.path(DAYS), `${lines.join('\n')}\n`);
    execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'new', 'churn', '--out', s.path('churn.synth.json')]);
    await openFolder(s.page, s.server.url, s.sb.workspace, { waitForFile: SOURCE });
    return s;
  },

  tests: [
    {
      name: 'Synthesize with the CSV open: the report opens beside it, narrow, and reflows (tabs wrap, nothing clipped)',
      timeout: 180_000,
      async fn(s) {
        await openEditor(s.page, SOURCE);
        await explorerContextMenu(s.page, SOURCE, 'Synthesize');
        await waitFor(() => existsSync(s.path(BLUEPRINT)), { timeout: 120_000, message: `${BLUEPRINT} on disk` });
        const frame = await panel(s.page);
        s.score = (await frame.locator('#overall-score').textContent()).trim();
        // The "Synthesized ..." toast would float over the panel in the pictures.
        await runCommand(s.page, 'Notifications: Clear All Notifications').catch(() => undefined);
        const groups = await s.page.locator('.editor-group-container').count();
        assert.equal(groups, 2, `the report should open beside the CSV (${groups} editor groups)`);
        const o = await overflow(frame);
        debug('panel beside the editor:', JSON.stringify(o));
        assert.ok(o.width <= 700, `the panel is ${o.width} px wide: not the narrow case`);
        // The tab bar wrapped onto more rows, and every tab is inside the panel.
        const tabs = await frame.evaluate(() =>
          [...document.querySelectorAll('[role="tab"]')].map((t) => {
            const b = t.getBoundingClientRect();
            return { id: t.id, top: Math.round(b.top), right: Math.round(b.right) };
          }),
        );
        assert.ok(new Set(tabs.map((t) => t.top)).size > 1, `the tabs did not wrap: ${JSON.stringify(tabs)}`);
        assert.ok(
          tabs.every((t) => t.right <= o.width),
          `a tab past the right edge: ${JSON.stringify(tabs)}`,
        );
        for (const tab of ['overview', 'columns', 'pairs', 'target', 'validity', 'privacy', 'utility', 'data']) {
          await openTab(frame, tab);
          await waitFor(
            async () =>
              frame.evaluate(
                (tab) =>
                  [...document.querySelectorAll(`#view-${tab} .chart`)]
                    .filter((c) => c.getBoundingClientRect().top < window.innerHeight)
                    .every((c) => c.hasAttribute('data-rendered')),
                tab,
              ),
            { timeout: 30_000, message: `the visible charts of ${tab}` },
          );
          const x = await overflow(frame);
          assert.deepEqual(x.out, [], `${tab}: elements past the right edge at ${x.width} px`);
          assert.ok(x.scrollWidth <= x.width + 1, `${tab}: the page scrolls sideways (${x.scrollWidth} > ${x.width})`);
          const charts = await frame.evaluate(
            (tab) =>
              [...document.querySelectorAll(`#view-${tab} .chart[data-rendered="true"] svg`)].map((svg) =>
                Math.round(svg.getBoundingClientRect().right),
              ),
            tab,
          );
          assert.ok(
            charts.every((r) => r <= x.width + 1),
            `${tab}: a chart wider than its container: ${charts}`,
          );
          if (['overview', 'target', 'utility'].includes(tab))
            await (await frame.frameElement()).screenshot({ path: docsPath(`panel-beside-${tab}-${THEME}`) });
        }
      },
    },
    {
      name: 'Target and Utility show the inferred target y (not default) with a picker; no --target wording',
      async fn(s) {
        const frame = await panel(s.page);
        await openTab(frame, 'target');
        assert.equal(await targetShown(frame), 'y');
        const text = await frame.locator('#view-target .target-choice').textContent();
        assert.match(text, /inferred: a column named "y"/);
        assert.match(text, /"target": "y" in the blueprint/);
        assert.doesNotMatch(text, /--target/);
        assert.ok(await frame.locator('#target-picker').count(), 'no target picker in the Target tab');
        await openTab(frame, 'utility');
        assert.equal(await frame.locator('#view-utility .target-choice').getAttribute('data-target'), 'y');
        assert.ok(await frame.locator('#utility-target-picker').count(), 'no target picker in the Utility tab');
        const page = await frame.evaluate(() => document.getElementById('app').textContent);
        assert.doesNotMatch(page, /--target/, 'the panel says --target');
      },
    },
    {
      name: 'a column where one value dominates (pdays: -1 in 83% of rows) offers the other values, with the shares',
      async fn(s) {
        const frame = await panel(s.page);
        await openTab(frame, 'columns');
        await pick(frame, '#column-picker', 'pdays');
        await frame.locator('#values-others').waitFor({ state: 'visible', timeout: 15_000 });
        // The whole histogram first (83% is below the 90% that opens on the rest), with a note.
        assert.match(await frame.locator('#dominant-note').textContent(), /83\.4% of the real values are -1/);
        await frame.locator('#values-others').click();
        await frame
          .locator('#view-columns #column-chart[data-values="others"][data-rendered="true"]')
          .waitFor({ timeout: 20_000 });
        const note = await frame.locator('#dominant-note').textContent();
        debug('dominant note:', note);
        // 503 of the 603 real rows have pdays -1 (counted in the fixture): 83.4%, the other 16.6%.
        assert.match(
          note,
          /^83\.4% of real and \d+\.\d% of synthetic values are -1; showing the other 16\.6% and \d+\.\d%\.$/,
        );
        const axis = await frame.locator('#view-columns #column-chart').textContent();
        assert.match(axis, /share of the values other than -1/);
        await (await frame.frameElement()).screenshot({ path: docsPath(`panel-beside-columns-dominant-${THEME}`) });
      },
    },
    {
      name: 'picking "loan" re-runs the report with that target',
      timeout: 120_000,
      async fn(s) {
        let frame = await panel(s.page);
        await openTab(frame, 'utility');
        await pick(frame, '#utility-target-picker', 'loan');
        frame = await panel(s.page, {
          until: async (f) =>
            (await f
              .locator('#view-utility .target-choice, #view-target .target-choice')
              .first()
              .getAttribute('data-target')
              .catch(() => null)) === 'loan',
        });
        await openTab(frame, 'utility');
        assert.match(await frame.locator('#view-utility .target-choice').textContent(), /picked in the report/);
        assert.match(await frame.locator('#view-utility .intro').first().textContent(), /"loan"/);
      },
    },
    {
      name: 'Generate on the unchanged blueprint: same CSV, same score as Synthesize; the side view follows; Open Full Report reveals the panel',
      timeout: 180_000,
      async fn(s) {
        const csvBefore = readFileSync(s.path('bank.synthetic.csv'), 'utf8');
        await openEditor(s.page, BLUEPRINT);
        await runCommand(s.page, 'Synth Studio: Generate');
        const frame = await panel(s.page, {
          until: async (f) =>
            (await f
              .locator('.target-choice')
              .first()
              .getAttribute('data-target')
              .catch(() => null)) === 'y' && (await f.locator('#overall-score').textContent()).trim() === s.score,
          timeout: 120_000,
        }).catch(async (e) => {
          const f = await panel(s.page);
          throw new Error(
            `${e.message}: shows ${(await f.locator('#overall-score').textContent()).trim()}, Synthesize gave ${s.score}`,
          );
        });
        assert.equal(readFileSync(s.path('bank.synthetic.csv'), 'utf8'), csvBefore, 'Generate wrote other rows');
        assert.equal((await frame.locator('#overall-score').textContent()).trim(), s.score);

        // The side view shows the report of the blueprint just generated.
        const header = s.page.locator('.pane-header', { hasText: /Synth Quality/i }).first();
        if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
        const side = await webviewFrame(s.page, '#app[data-mode="view"] #side-score', { timeout: 30_000 });
        await waitFor(async () => (await side.locator('#side-score').textContent()).trim() === s.score, {
          timeout: 20_000,
          message: 'the side view to show the new report',
        });
        const groups = await s.page.locator('.editor-group-container').count();
        await side.locator('#open-report').click();
        await panel(s.page);
        await waitFor(async () => (await s.page.locator('.tab.active', { hasText: 'Report: bank.csv' }).count()) > 0, {
          timeout: 15_000,
          message: 'the report tab to be revealed',
        });
        assert.equal(
          await s.page.locator('.editor-group-container').count(),
          groups,
          'Open Full Report opened another editor column',
        );
      },
    },
    {
      name: 'a day-only date column: statistics as dates, no clock times',
      timeout: 150_000,
      async fn(s) {
        await explorerContextMenu(s.page, DAYS, 'Synthesize');
        const frame = await panel(s.page, {
          until: async (f) => /days\.csv/.test((await f.locator('h1').first().textContent()) ?? ''),
          timeout: 120_000,
        });
        await openTab(frame, 'columns');
        await pick(frame, '#column-picker', 'day ·');
        await waitFor(async () => (await frame.locator('.column-detail h2').textContent()).trim() === 'day', {
          timeout: 10_000,
          message: 'the day column',
        });
        const stats = await frame.locator('.column-detail table').first().textContent();
        assert.match(stats, /199[78]-\d\d-\d\d/, `no dates in the statistics: ${stats}`);
        assert.doesNotMatch(stats, /\d\d:\d\d:\d\d/, `clock times on a day-only column: ${stats}`);
        assert.doesNotMatch(stats, /\d{3},\d{3},\d{3},\d{3}/, 'epoch milliseconds in the statistics');
      },
    },
    {
      name: "a template blueprint: after Generate the side view shows its design report; Show Quality Report shows that blueprint's report",
      timeout: 120_000,
      async fn(s) {
        await openEditor(s.page, 'churn.synth.json');
        await runCommand(s.page, 'Synth Studio: Generate');
        await waitFor(() => existsSync(s.path('customer_churn.synthetic.csv')), {
          timeout: 90_000,
          message: "customer_churn.synthetic.csv (the template's output.path)",
        });
        // The side view shows the template's own report (checks and its churn rate), not "Press Generate".
        const side = await webviewFrame(s.page, '#app[data-mode="view"] #side-checks', { timeout: 30_000 });
        await waitFor(async () => /churn\.synth\.json/.test(await side.locator('.side-file').textContent()), {
          timeout: 20_000,
          message: 'the side view to show the template report',
        });
        const text = await side.locator('#app').textContent();
        assert.doesNotMatch(text, /Press Generate/);
        assert.match(text, /churn = Yes: \d+\.\d% \(declared 26\.5%\)/);
        await runCommand(s.page, 'Notifications: Clear All Notifications').catch(() => undefined);
        // With the template active, Show Quality Report shows its report (not bank's, the other one).
        await openEditor(s.page, 'churn.synth.json');
        await runCommand(s.page, 'Synth Studio: Show Quality Report');
        await panel(s.page, {
          until: async (f) =>
            /churn\.synth\.json \(rules, no source data\)/.test(await f.locator('h1').first().textContent()),
        });
        const errors = (await notifications(s.page)).filter((t) => /failed|no source CSV/i.test(t));
        assert.deepEqual(errors, []);
      },
    },
    {
      name: 'one misspelled property gives one problem at the property; a JSON syntax error is listed once',
      timeout: 120_000,
      async fn(s) {
        const text = readFileSync(s.path(BLUEPRINT), 'utf8');
        writeFileSync(s.path('typo.synth.json'), text.replace('"type": "integer"', '"typ": "integer"'));
        const broken = text.replace(/("rows": \d+),/, '$1');
        assert.notEqual(broken, text);
        writeFileSync(s.path('syntax.synth.json'), broken);
        await runCommand(s.page, 'View: Close All Editors');
        await waitFor(async () => (await explorerRow(s.page, 'typo.synth.json').count()) > 0, {
          timeout: 20_000,
          message: 'typo.synth.json in the Explorer',
        });
        await openEditor(s.page, 'typo.synth.json');
        await s.page.keyboard.press('Control+Shift+M');
        const line = text.slice(0, text.indexOf('"type": "integer"')).split('\n').length;
        const rows = await waitFor(
          async () => {
            const r = (await problemRows(s.page)).filter((t) => /\[Ln \d+/.test(t));
            return r.some((t) => t.includes('Unknown property "typ"')) ? r : undefined;
          },
          { timeout: 30_000, message: 'the misspelling in the Problems panel' },
        );
        debug('problems:', rows.join(' | '));
        // Ours once; nothing about it from VS Code's JSON checker ("not allowed", "Missing property").
        const about = rows.filter((t) => /"typ"|Column type|not allowed|Missing property/i.test(t));
        assert.equal(about.length, 1, `one misspelling, ${about.length} problems: ${about.join(' | ')}`);
        assert.match(about[0], new RegExp(`\\[Ln ${line},`), about[0]);
        const squiggles = await s.page
          .locator('.editor-group-container.active .squiggly-error, .editor-group-container.active .squiggly-warning')
          .count();
        assert.equal(squiggles, 1, `${squiggles} squiggles for one misspelling`);
        await runCommand(s.page, 'View: Close All Editors');
        await openEditor(s.page, 'syntax.synth.json');
        const syntax = await waitFor(
          async () => {
            const r = (await problemRows(s.page)).filter((t) => /\[Ln \d+/.test(t));
            return r.length > 0 ? r : undefined;
          },
          { timeout: 30_000, message: "VS Code's syntax error in the Problems panel" },
        );
        debug('syntax problems:', syntax.join(' | '));
        assert.equal(syntax.filter((t) => /JSON syntax error/.test(t)).length, 0, `ours too: ${syntax.join(' | ')}`);
        assert.ok(
          syntax.some((t) => /comma/i.test(t)),
          `no syntax error listed: ${syntax.join(' | ')}`,
        );
      },
    },
  ],

  async teardown(s, { failed }) {
    if (!s) return;
    if (failed) console.log(`    sandbox kept for a look: ${s.sb.dir} (code-server log: ${s.server?.log})`);
    await s.stop({ keep: failed });
  },
};
