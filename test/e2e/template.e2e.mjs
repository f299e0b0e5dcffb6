// A template blueprint's report (issue 13, item 3), in a real VS Code: New Blueprint from Template
// writes the churn template; Generate opens its design report (no score: there is no source data)
// with validity (constraints, declared ranges), the declared churn rate against the achieved one,
// and the generated table's columns and pairs; the side view shows that report, not "Press
// Generate"; after another blueprint's report, "Show Quality Report" with the churn template
// active shows the churn template's report.
//
// Screenshots go to test/e2e/screenshots/; with SYNTH_DOCS_SCREENSHOTS=1 to docs/images/
// (design-<tab>-<light|dark>.png; SYNTH_E2E_THEME=dark for dark).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT,
  debug,
  openEditor,
  notifications,
  openFolder,
  runCommand,
  screenshotPath,
  startSession,
  waitFor,
  webviewFrame,
} from './codeServer.mjs';

const BLUEPRINT = 'customer_churn.synth.json';
const OUTPUT = 'customer_churn.synthetic.csv';
const OTHER = 'retail.synth.json';
const DOCS = !!process.env.SYNTH_DOCS_SCREENSHOTS;
const THEME = process.env.SYNTH_E2E_THEME === 'dark' ? 'dark' : 'light';

function docsPath(name) {
  return DOCS ? join(ROOT, 'docs', 'images', `${name}.png`) : screenshotPath(name);
}

/** The report panel's frame once it shows a report whose title matches `title`. */
async function panel(page, title, { timeout = 90_000 } = {}) {
  const frame = await webviewFrame(page, '#app[data-rendered="true"] #report-tabs', { timeout });
  await waitFor(async () => title.test((await frame.locator('.report-header h1').textContent()) ?? ''), {
    timeout,
    message: `the panel to show the report titled ${title}`,
  });
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

async function visibleChartsDrawn(frame, tab) {
  await waitFor(
    async () =>
      frame.evaluate((tab) => {
        const charts = [...document.querySelectorAll(`#view-${tab} .chart`)].filter(
          (c) => c.getBoundingClientRect().top < window.innerHeight,
        );
        return charts.length > 0 && charts.every((c) => c.hasAttribute('data-rendered'));
      }, tab),
    { timeout: 30_000, message: `the visible charts of ${tab}` },
  );
}

/** The Explorer with the side view, for the docs. */
async function screenshotSide(page) {
  // The folder's section collapsed, so the view has the height to show itself whole.
  const folder = page.locator('.pane-header', { hasText: /workspace/i }).first();
  const open = (await folder.getAttribute('aria-expanded')) === 'true';
  if (open) await folder.click();
  await page.waitForTimeout(500);
  await page.locator('.part.sidebar').screenshot({ path: docsPath(`design-side-view-${THEME}`) });
  if (open) await folder.click();
}

async function shot(frame, name) {
  await (await frame.frameElement()).screenshot({ path: docsPath(`${name}-${THEME}`) });
}

export default {
  title: "A template blueprint's report: validity, declared rates, EDA, side view",
  timeout: 300_000,

  async setup() {
    const s = await startSession('template', { vsix: join(ROOT, 'dist', 'synth-studio.vsix') });
    s.path = (f) => join(s.sb.workspace, f);
    const settingsFile = join(s.sb.userData, 'User', 'settings.json');
    const settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
    settings['workbench.colorTheme'] = THEME === 'dark' ? 'Default Dark Modern' : 'Default Light Modern';
    writeFileSync(settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
    // A second rules blueprint: its report must never stand in for the churn template's.
    execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'new', 'retail', '--out', s.path(OTHER)]);
    await openFolder(s.page, s.server.url, s.sb.workspace, { waitForFile: OTHER });
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
        await waitFor(() => existsSync(s.path(BLUEPRINT)), { timeout: 30_000, message: `${BLUEPRINT} on disk` });
        await s.page
          .locator(`.editor-group-container.active .monaco-editor[data-uri$="${BLUEPRINT}"]`)
          .waitFor({ timeout: 20_000 });
      },
    },
    {
      name: 'Generate opens the design report: no score, validity, the declared churn rate, columns and pairs',
      timeout: 150_000,
      async fn(s) {
        await runCommand(s.page, 'Synth Studio: Generate');
        await waitFor(() => existsSync(s.path(OUTPUT)), { timeout: 90_000, message: OUTPUT });
        const frame = await panel(s.page, /customer_churn\.synth\.json \(rules, no source data\)/);
        await runCommand(s.page, 'Notifications: Clear All Notifications').catch(() => undefined);
        // No invented score, and the tabs that need real rows are absent.
        assert.equal(await frame.locator('#overall-score').count(), 0, 'a score on a report without real data');
        assert.match(await frame.locator('#without-source').textContent(), /no source CSV/);
        const tabs = await frame.evaluate(() => [...document.querySelectorAll('[role="tab"]')].map((t) => t.id));
        debug('design tabs:', tabs.join(', '));
        for (const absent of ['tab-privacy', 'tab-utility', 'tab-target'])
          assert.ok(!tabs.includes(absent), `${absent} shown without real data`);
        // The template's 5 constraints and 11 columns hold on the 5,000 rows.
        assert.match(await frame.locator('#design-checks').textContent(), /^\s*(\d+)\/\1\s*$/);
        assert.match(await frame.locator('#design-verdict').textContent(), /all 5 constraints hold/);
        await shot(frame, 'design-overview');

        await openTab(frame, 'validity');
        const constraints = await frame.locator('#design-constraints tbody tr').allTextContents();
        assert.equal(constraints.length, 5, constraints.join(' | '));
        assert.ok(constraints.some((t) => /total_charges >= monthly_charges/.test(t)));
        const columns = await frame.locator('#design-columns tbody tr').allTextContents();
        const tenure = columns.find((t) => t.startsWith('tenure_months'));
        assert.match(tenure ?? '', /^tenure_months1 … 72, whole1 … 720/, `tenure_months row: ${tenure}`);
        await shot(frame, 'design-validity');

        await openTab(frame, 'rates');
        const rates = await frame.locator('#design-rates tbody tr').allTextContents();
        const churn = rates.find((t) => /churn = Yes/.test(t));
        debug('churn rate row:', churn);
        // Declared 26.5%; achieved on 5,000 rows within 3 standard errors (3 x 0.62 points).
        assert.match(churn ?? '', /^churn = Yes · target26\.5%\d+\.\d%± 2\.\d%-?\d\.\d\d$/, `churn row: ${churn}`);
        const title = await frame
          .locator('#design-rates tbody th span', { hasText: 'churn = Yes' })
          .getAttribute('title');
        assert.match(title, /columns\[10\]\.distribution\.rate; achieved on 5,000 rows .*; within tolerance/, title);
        assert.match(await frame.locator('#view-rates').textContent(), /√\(p\(1 − p\)\/n\)/);
        await shot(frame, 'design-rates');

        await openTab(frame, 'columns');
        await visibleChartsDrawn(frame, 'columns');
        assert.equal(await frame.locator('#view-columns #column-chart[data-rendered="true"]').count(), 1);
        await shot(frame, 'design-columns');

        await openTab(frame, 'pairs');
        await visibleChartsDrawn(frame, 'pairs');
        assert.equal(await frame.locator('#view-pairs [data-heatmap="synthetic"][data-rendered="true"]').count(), 1);
      },
    },
    {
      name: 'the side view shows the template\'s report (checks, the churn rate), not "Press Generate"',
      async fn(s) {
        await openEditor(s.page, BLUEPRINT);
        const header = s.page.locator('.pane-header', { hasText: /Synth Quality/i }).first();
        await header.waitFor({ timeout: 20_000 });
        if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
        const side = await webviewFrame(s.page, '#app[data-mode="view"] #side-checks', { timeout: 30_000 });
        await screenshotSide(s.page);
        const text = await side.locator('#app').textContent();
        debug('side view:', text.replace(/\s+/g, ' '));
        assert.doesNotMatch(text, /Press Generate/);
        assert.match(await side.locator('#side-target').textContent(), /churn = Yes: \d+\.\d% \(declared 26\.5%\)/);
        assert.match(text, /No source data/);
      },
    },
    {
      name: "Show Quality Report with the template active shows its report, not another blueprint's",
      timeout: 150_000,
      async fn(s) {
        // Another blueprint's report becomes the newest.
        await openEditor(s.page, OTHER);
        await runCommand(s.page, 'Synth Studio: Generate');
        await panel(s.page, /retail\.synth\.json \(rules, no source data\)/);
        const side = await webviewFrame(s.page, '#app[data-mode="view"] #side-checks', { timeout: 30_000 });
        await waitFor(async () => /retail/.test(await side.locator('.side-file').textContent()), {
          timeout: 20_000,
          message: 'the side view to follow the retail report',
        });
        await runCommand(s.page, 'Notifications: Clear All Notifications').catch(() => undefined);
        await openEditor(s.page, BLUEPRINT);
        await runCommand(s.page, 'Synth Studio: Show Quality Report');
        await panel(s.page, /customer_churn\.synth\.json/);
        const errors = (await notifications(s.page)).filter((t) => /failed|no source CSV/i.test(t));
        assert.deepEqual(errors, []);
      },
    },
  ],

  async teardown(s, { failed }) {
    if (!s) return;
    if (failed) console.log(`    sandbox kept for a look: ${s.sb.dir} (code-server log: ${s.server?.log})`);
    await s.stop({ keep: failed });
  },
};
