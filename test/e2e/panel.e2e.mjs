// The report panel and the side view in a real VS Code: every tab with drawn charts (in
// a light and a dark theme, screenshots of each), a column picked and its chart redrawn, another
// closest-record pair, a chart saved as SVG and PNG, the view state kept when the panel is hidden
// and after a window reload, the side view following the active file and opening the full report,
// a CSV full of markup shown as text, and the exported HTML report working offline with every tab.
//
// Screenshots go to test/e2e/screenshots/; with SYNTH_DOCS_SCREENSHOTS=1 the tab pictures go to
// docs/images/ (panel-<tab>-<light|dark>.png, side-view-<light|dark>.png) for the README.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import {
  ROOT,
  debug,
  explorerContextMenu,
  explorerRow,
  notifications,
  openFolder,
  runCommand,
  screenshot,
  screenshotPath,
  sleep,
  startSession,
  waitFor,
  webviewFrame,
} from './codeServer.mjs';

const SOURCE = 'taxis.csv';
const MARKUP = 'markup.csv';
const BLUEPRINT = 'taxis.synth.json';
const TABS = ['overview', 'columns', 'pairs', 'target', 'time', 'validity', 'privacy', 'utility', 'data'];
const DOCS = !!process.env.SYNTH_DOCS_SCREENSHOTS;
// Theme ids (settings.json) and the labels the theme picker shows for them.
const THEMES = { light: 'Default Light Modern', dark: 'Default Dark Modern', hc: 'Default High Contrast' };
const THEME_LABELS = { light: 'Light Modern', dark: 'Dark Modern', hc: 'Dark High Contrast' };

function docsPath(name) {
  return DOCS ? join(ROOT, 'docs', 'images', `${name}.png`) : screenshotPath(name);
}

/** The colour theme the workbench starts with (user settings, read when the workbench loads). */
function startTheme(s, theme) {
  const file = join(s.sb.userData, 'User', 'settings.json');
  const settings = JSON.parse(readFileSync(file, 'utf8'));
  settings['workbench.colorTheme'] = THEMES[theme];
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
}

/** Switch the colour theme as a user does: "Preferences: Color Theme", then the theme's name. */
async function setTheme(s, theme) {
  const page = s.page;
  const name = THEME_LABELS[theme];
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = (label) =>
    page
      .locator('.quick-input-list .monaco-list-row', {
        has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }),
      })
      .first();
  await waitFor(
    async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill('>Preferences: Color Theme');
      return row('Preferences: Color Theme')
        .waitFor({ state: 'visible', timeout: 3000 })
        .then(
          () => true,
          () => false,
        );
    },
    { timeout: 30_000, message: '"Preferences: Color Theme" in the command palette' },
  );
  await row('Preferences: Color Theme').click();
  await waitFor(async () => (await input.inputValue()) === '' || !(await input.inputValue()).startsWith('>'), {
    timeout: 10_000,
    message: 'the theme picker',
  });
  await input.fill(name);
  const choice = page
    .locator('.quick-input-list .monaco-list-row', {
      has: page.locator('.label-name', { hasText: new RegExp(`(^|\\s)${name}$`) }),
    })
    .first();
  await choice.waitFor({ state: 'visible', timeout: 10_000 }).catch(async () => {
    throw new Error(
      `no "${name}" in the theme picker; it shows: ${(await page.locator('.quick-input-list .monaco-list-row .label-name').allTextContents()).slice(0, 12).join(' | ')}`,
    );
  });
  await choice.click();
  await input.waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Hide notification toasts (they float over the webview in screenshots). */
async function clearNotifications(page) {
  await runCommand(page, 'Notifications: Clear All Notifications').catch(() => undefined);
}

/** The report panel's frame, once it has rendered a report (optionally one whose title matches). */
async function panel(page, { title, timeout = 60_000 } = {}) {
  const frame = await webviewFrame(page, '#app[data-rendered="true"] #report-tabs', { timeout });
  if (title) {
    await waitFor(async () => title.test((await frame.locator('h1').first().textContent()) ?? ''), {
      timeout,
      message: `the panel to show a report titled ${title}`,
    });
  }
  return frame;
}

/** The side view's frame. */
async function sideView(page, selector = '#app[data-mode="view"][data-rendered]', timeout = 30_000) {
  return webviewFrame(page, selector, { timeout });
}

/** The outer webview iframe (in the workbench page) that holds `frame`. */
async function outerIframe(frame) {
  return frame.parentFrame().frameElement();
}

async function openTab(frame, tab) {
  await frame.locator(`#tab-${tab}`).click();
  await frame.locator(`#view-${tab} .tab-body`).waitFor({ state: 'visible', timeout: 15_000 });
  await waitFor(async () => (await frame.locator('#report-tabs').getAttribute('activeid')) === `tab-${tab}`, {
    timeout: 5000,
    message: `the ${tab} tab to become active`,
  });
}

/**
 * Charts of a tab and what they drew: data marks (Vega's role-mark groups) with an area, on SVG;
 * canvas charts count as drawn when the canvas has a size.
 */
async function tabCharts(frame, tab) {
  return frame.evaluate(
    (tab) =>
      [...document.querySelectorAll(`#view-${tab} .chart`)].map((c) => {
        const svg = c.querySelector('svg');
        const canvas = c.querySelector('canvas');
        const marks = svg
          ? [...svg.querySelectorAll('g.role-mark > path, g.role-mark > rect, g.role-mark > line, g.role-mark > text')]
          : [];
        const box = (svg ?? canvas)?.getBoundingClientRect();
        return {
          id:
            c.id ||
            c.getAttribute('data-column') ||
            c.getAttribute('data-feature') ||
            c.getAttribute('data-heatmap') ||
            c.getAttribute('aria-label')?.slice(0, 40),
          rendered: c.getAttribute('data-rendered'),
          width: box ? Math.round(box.width) : 0,
          height: box ? Math.round(box.height) : 0,
          visibleMarks: svg
            ? marks.filter((m) => {
                const b = m.getBBox();
                return b.width > 0.5 || b.height > 0.5;
              }).length
            : canvas
              ? 1
              : 0,
          label: c.getAttribute('aria-label') ?? '',
        };
      }),
    tab,
  );
}

/**
 * Show the whole tab (the window made as tall as the page), wait until every chart drew, check
 * each drew something, and take its picture.
 */
async function shootTab(s, frame, tab, name) {
  await openTab(frame, tab);
  const viewport = s.page.viewportSize();
  await sleep(300);
  // Charts grow the page as they draw: grow the window with it until every chart is drawn and the
  // page's height holds still.
  const chrome = viewport.height - (await (await outerIframe(frame)).boundingBox()).height;
  let last = 0;
  try {
    const charts = await waitFor(
      async () => {
        // The content's height, not the document's (which is at least the window's).
        const height = await frame.evaluate(() =>
          Math.ceil(document.getElementById('app').getBoundingClientRect().bottom + window.scrollY + 36),
        );
        if (Math.abs(height - last) > 2) {
          last = height;
          await s.page.setViewportSize({
            width: viewport.width,
            height: Math.min(6000, Math.ceil(height + chrome + 4)),
          });
          await sleep(400);
          return undefined;
        }
        const c = await tabCharts(frame, tab);
        return c.every((x) => x.rendered) ? c : undefined;
      },
      { timeout: 45_000, interval: 300, message: `every chart of the ${tab} tab to be drawn` },
    ).catch(async (e) => {
      throw new Error(`${e.message}: ${JSON.stringify(await tabCharts(frame, tab))}`);
    });
    const bad = charts.filter(
      (c) =>
        c.rendered === 'error' || (c.rendered === 'true' && (c.visibleMarks === 0 || c.width < 60 || c.height < 30)),
    );
    assert.deepEqual(bad, [], `${tab}: charts drawn empty, too small or failed`);
    assert.ok(
      charts.every((c) => c.label.length > 10),
      `${tab}: a chart without a text alternative`,
    );
    await sleep(600);
    await (await outerIframe(frame)).screenshot({ path: name });
    debug(`${tab}: ${charts.length} charts`);
    return charts;
  } finally {
    await s.page.setViewportSize(viewport);
  }
}

/** Pick `value` in a toolkit dropdown the way a user does: open it, click the option. */
async function pick(frame, dropdown, optionText) {
  await frame.locator(dropdown).click();
  const option = frame.locator(`${dropdown} vscode-option`, { hasText: optionText }).first();
  await option.waitFor({ state: 'visible', timeout: 5000 });
  await option.click();
}

/** Accept the (simple, in-workbench) save dialog with the path it proposes. */
async function acceptSaveDialog(page) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  const proposed = await input.inputValue();
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 10_000 });
  return proposed;
}

/** The side view's picture, with the Explorer's file tree collapsed so the view gets the height. */
async function shootSideView(s, name) {
  const folders = s.page.locator('.sidebar .pane-header[aria-label^="Explorer Section"]').first();
  await folders.click();
  try {
    await sleep(800);
    const side = await sideView(s.page, '#app[data-mode="view"] #side-score');
    await (await outerIframe(side)).screenshot({ path: name });
  } finally {
    await folders.click();
    await sleep(300);
  }
}

async function expandSideView(page) {
  const header = page.locator('.pane-header', { hasText: /Synth Quality/i }).first();
  await header.waitFor({ timeout: 20_000 }).catch(() => {
    throw new Error('no "Synth Quality" view in the Explorer');
  });
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  return header;
}

export default {
  title: 'Report panel and side view in the workbench',
  timeout: 240_000,

  async setup() {
    const s = await startSession('panel', {
      vsix: join(ROOT, 'dist', 'synth-studio.vsix'),
      seed: { 'test/fixtures/taxis-200.csv': SOURCE, 'test/fixtures/markup.csv': MARKUP },
    });
    startTheme(s, 'light');
    s.path = (f) => join(s.sb.workspace, f);
    s.dialogs = [];
    s.page.on('response', (r) => {
      if (r.status() >= 400) debug(`HTTP ${r.status()} ${r.url()}`);
    });
    s.page.on('dialog', (d) => {
      s.dialogs.push(d.message());
      void d.dismiss();
    });
    // Chromium reports every CSP violation on the console of the frame where it happened (the
    // webviews' nested frames included, where an init script's listener would not reach).
    s.cspViolations = [];
    s.page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text()))
        s.cspViolations.push({ text: m.text(), url: m.location()?.url ?? '' });
    });
    await openFolder(s.page, s.server.url, s.sb.workspace, { waitForFile: SOURCE });
    return s;
  },

  tests: [
    {
      name: 'Synthesize opens the report panel; the side view shows the same score',
      async fn(s) {
        await expandSideView(s.page);
        const emptyView = await sideView(s.page);
        debug('side view before:', await emptyView.locator('#app').textContent());
        await explorerContextMenu(s.page, SOURCE, 'Synthesize');
        await waitFor(() => existsSync(s.path(BLUEPRINT)), { timeout: 90_000, message: `${BLUEPRINT} on disk` });
        const frame = await panel(s.page, { title: /taxis\.csv/ });
        s.score = (await frame.locator('#overall-score').textContent()).trim();
        assert.match(s.score, /^\d{1,3}(\.\d{1,2})?%$/);
        // One editor group for the panel: the pictures show it at the workbench's width.
        await runCommand(s.page, 'View: Single Column Editor Layout');
        const side = await sideView(s.page, '#app[data-mode="view"] #side-score');
        assert.equal(
          (await side.locator('#side-score').textContent()).trim(),
          s.score,
          'side view and panel disagree on the score',
        );
        assert.equal(
          (await side.locator('#side-grade').textContent()).trim(),
          (await frame.locator('#grade').textContent()).trim(),
        );
        const columns = await side.locator('.side-column').count();
        assert.equal(columns, 14, `side view lists ${columns} columns, taxis has 14`);
        assert.match(await side.locator('#side-violations').textContent(), /^\d[\d,]* violations?$/);
      },
    },
    {
      name: 'every tab renders its charts (light theme), each one drawn, with screenshots',
      timeout: 300_000,
      async fn(s) {
        await clearNotifications(s.page);
        const frame = await panel(s.page);
        await waitFor(async () => (await frame.evaluate(() => document.body.className)).includes('vscode-light'), {
          timeout: 20_000,
          message: 'the light theme in the webview',
        });
        s.chartCounts = {};
        for (const tab of TABS) {
          const t = Date.now();
          const charts = await shootTab(s, frame, tab, docsPath(`panel-${tab}-light`));
          s.chartCounts[tab] = charts.length;
          debug(`${tab} in ${Date.now() - t} ms`);
        }
        for (const tab of TABS.filter((t) => t !== 'data'))
          assert.ok(s.chartCounts[tab] > 0, `the ${tab} tab has no chart`);
        const rows = await frame.locator('#preview-table tbody tr').count();
        assert.equal(rows, 20, `the Data tab previews ${rows} rows`);
        await shootSideView(s, docsPath('side-view-light'));
      },
    },
    {
      name: 'Columns: picking a column redraws its chart; Privacy: "Another one" shows another pair',
      async fn(s) {
        const frame = await panel(s.page);
        await openTab(frame, 'columns');
        const chart = frame.locator('#column-chart');
        await frame.locator('#column-chart[data-rendered="true"] svg').waitFor({ timeout: 20_000 });
        const before = { column: await chart.getAttribute('data-column'), svg: await chart.locator('svg').innerHTML() };
        const target = before.column === 'fare' ? 'tip' : 'fare';
        await pick(frame, '#column-picker', `${target} ·`);
        await waitFor(async () => (await frame.locator('#column-chart').getAttribute('data-column')) === target, {
          timeout: 10_000,
          message: `the chart to show ${target}`,
        });
        await frame.locator('#column-chart[data-rendered="true"] svg').waitFor({ timeout: 20_000 });
        const after = await frame.locator('#column-chart svg').innerHTML();
        assert.notEqual(after, before.svg, 'the column chart did not change');
        assert.match(
          await frame.locator('#column-chart').getAttribute('aria-label'),
          new RegExp(`Histogram of ${target}`),
        );
        assert.equal((await frame.locator('.column-detail h2').textContent()).trim(), target);
        assert.ok(await frame.locator('#box-chart').count(), `no box plot for the numeric column ${target}`);
        s.column = target;

        await openTab(frame, 'privacy');
        const pair = frame.locator('.pair');
        const first = {
          row: await pair.getAttribute('data-synthetic-row'),
          counter: await frame.locator('#pair-counter').textContent(),
        };
        assert.match(first.counter, /^Pair 1 of \d+$/);
        assert.ok(
          (await frame.locator('.pair-table tr.differs').count()) > 0 ||
            (await frame.locator('.pair-table tr.same').count()) > 0,
        );
        await frame.locator('#another-pair').click();
        await waitFor(async () => (await frame.locator('#pair-counter').textContent()) !== first.counter, {
          timeout: 5000,
          message: 'the pair counter to move',
        });
        assert.match(await frame.locator('#pair-counter').textContent(), /^Pair 2 of \d+$/);
        const second = await frame.locator('.pair').getAttribute('data-synthetic-row');
        assert.notEqual(second, first.row, '"Another one" showed the same synthetic record');
        assert.match(await frame.locator('.pair-description').textContent(), /closest real record|match/i);
        // Keyboard: the button is a control like any other.
        await frame.locator('#another-pair').focus();
        await s.page.keyboard.press('Enter');
        await waitFor(async () => /^Pair 3 of/.test(await frame.locator('#pair-counter').textContent()), {
          timeout: 5000,
          message: 'Enter on "Another one" to move to pair 3',
        });
        await (await outerIframe(frame)).screenshot({ path: screenshotPath('panel-privacy-another-pair') });
      },
    },
    {
      name: 'a chart saved as SVG and as PNG through the save dialog',
      async fn(s) {
        const frame = await panel(s.page);
        await openTab(frame, 'overview');
        const fig = frame.locator('.chart-figure', { has: frame.locator('#column-scores') });
        await frame.locator('#column-scores[data-rendered="true"]').waitFor({ timeout: 20_000 });
        await fig.hover();
        await fig.locator('.chart-actions button', { hasText: 'SVG' }).click();
        const svgPath = await acceptSaveDialog(s.page);
        await waitFor(() => existsSync(s.path('shape-score-per-column.svg')), {
          timeout: 15_000,
          message: `the SVG on disk (dialog proposed ${svgPath})`,
        });
        const svg = readFileSync(s.path('shape-score-per-column.svg'), 'utf8');
        assert.match(svg, /^<svg/);
        assert.match(svg, /Shape score per column/, 'the exported SVG has no title');
        assert.match(svg, /pickup_zone|dropoff_zone|fare/, 'the exported SVG has no column labels');
        await fig.hover();
        await fig.locator('.chart-actions button', { hasText: 'PNG' }).click();
        await acceptSaveDialog(s.page);
        await waitFor(() => existsSync(s.path('shape-score-per-column.png')), {
          timeout: 15_000,
          message: 'the PNG on disk',
        });
        const png = readFileSync(s.path('shape-score-per-column.png'));
        assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'not a PNG');
        assert.ok(png.length > 5000, `PNG of ${png.length} bytes`);
      },
    },
    {
      name: 'the tab and column survive hiding the panel and reloading the window',
      timeout: 180_000,
      async fn(s) {
        let frame = await panel(s.page);
        await openTab(frame, 'columns');
        assert.equal((await frame.locator('.column-detail h2').textContent()).trim(), s.column);
        // Hide: open a file in the panel's editor group, then come back to the panel's tab.
        await explorerRow(s.page, SOURCE).dblclick();
        await s.page
          .locator(`.editor-group-container.active .tab.active`, { hasText: SOURCE })
          .waitFor({ timeout: 20_000 });
        await sleep(500);
        await s.page.locator('.tabs-container .tab', { hasText: 'Report: taxis.csv' }).first().click();
        frame = await panel(s.page);
        assert.equal(
          await frame.locator('#report-tabs').getAttribute('activeid'),
          'tab-columns',
          'the tab was lost when the panel was hidden',
        );
        assert.equal(
          (await frame.locator('.column-detail h2').textContent()).trim(),
          s.column,
          'the column was lost when the panel was hidden',
        );
        // Reload the window: the serializer brings the panel back with its state.
        await runCommand(s.page, 'Developer: Reload Window');
        await s.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        await s.page
          .locator('.tabs-container .tab', { hasText: 'Report: taxis.csv' })
          .first()
          .click({ timeout: 60_000 });
        frame = await panel(s.page, { timeout: 60_000 });
        assert.equal(
          await frame.locator('#report-tabs').getAttribute('activeid'),
          'tab-columns',
          'the tab was lost in the reload',
        );
        assert.equal(
          (await frame.locator('.column-detail h2').textContent()).trim(),
          s.column,
          'the column was lost in the reload',
        );
        await frame.locator('#column-chart[data-rendered="true"] svg').waitFor({ timeout: 30_000 });
      },
    },
    {
      name: 'a dark theme re-themes the charts; every tab again in dark, with screenshots',
      timeout: 300_000,
      async fn(s) {
        const frame = await panel(s.page);
        await openTab(frame, 'overview');
        // Charts draw when they come into view; the chart sits below the score breakdown.
        await frame.locator('#column-scores').scrollIntoViewIfNeeded();
        await frame.locator('#column-scores[data-rendered="true"] svg').waitFor({ timeout: 20_000 });
        const labelFill = () =>
          frame.evaluate(() =>
            document.querySelector('#column-scores svg .role-axis-label text')?.getAttribute('fill'),
          );
        const lightFill = await labelFill();
        await setTheme(s, 'dark');
        await clearNotifications(s.page);
        await waitFor(async () => (await frame.evaluate(() => document.body.className)).includes('vscode-dark'), {
          timeout: 20_000,
          message: 'the dark theme in the webview',
        });
        await waitFor(
          async () => {
            const f = await labelFill();
            return f && f !== lightFill;
          },
          { timeout: 15_000, message: `the chart's axis labels to change colour with the theme (were ${lightFill})` },
        );
        for (const tab of TABS) await shootTab(s, frame, tab, docsPath(`panel-${tab}-dark`));
        await shootSideView(s, docsPath('side-view-dark'));
        // High contrast, once: charts follow it too.
        await setTheme(s, 'hc');
        await waitFor(
          async () => (await frame.evaluate(() => document.body.className)).includes('vscode-high-contrast'),
          { timeout: 20_000, message: 'the high-contrast theme in the webview' },
        );
        await shootTab(s, frame, 'overview', screenshotPath('panel-overview-high-contrast'));
        await setTheme(s, 'light');
        await waitFor(async () => (await frame.evaluate(() => document.body.className)).includes('vscode-light'), {
          timeout: 20_000,
          message: 'the light theme again',
        });
      },
    },
    {
      name: 'the side view follows the active file; a CSV full of markup renders as text; "Open Full Report"',
      timeout: 180_000,
      async fn(s) {
        await expandSideView(s.page);
        await explorerRow(s.page, MARKUP).dblclick();
        let side = await sideView(s.page, '#app[data-mode="view"][data-rendered="empty"]');
        assert.match(await side.locator('#app').textContent(), /No quality report for markup\.csv yet/);
        await explorerContextMenu(s.page, MARKUP, 'Synthesize');
        const frame = await panel(s.page, { title: /markup\.csv/, timeout: 90_000 });
        side = await sideView(s.page, '#app[data-mode="view"] #side-score');
        await waitFor(async () => (await side.locator('.side-file').textContent()) === MARKUP, {
          timeout: 20_000,
          message: 'the side view to show markup.csv',
        });
        assert.equal(
          (await side.locator('#side-score').textContent()).trim(),
          (await frame.locator('#overall-score').textContent()).trim(),
        );
        assert.ok(
          (await side.locator('.side-col-name').allTextContents()).includes('<img src=x onerror=alert(1)>'),
          'the side view does not show the markup header as text',
        );

        // Markup in headers and cells is text in every tab: no element made from it, no script run.
        for (const tab of TABS) {
          await openTab(frame, tab);
          await sleep(400);
          const injected = await frame.evaluate(() =>
            [...document.querySelectorAll('#app img, #app script, #app b, #app iframe, #app [onerror]')].map((e) =>
              e.outerHTML.slice(0, 80),
            ),
          );
          assert.deepEqual(injected, [], `${tab}: elements made from the data's markup`);
        }
        await openTab(frame, 'data');
        await pick(frame, '#data-side', 'Real');
        await waitFor(async () => (await frame.locator('#preview-table').getAttribute('data-side')) === 'real', {
          timeout: 5000,
          message: 'the real rows in the preview',
        });
        const heads = await frame.locator('#preview-table thead .col-name').allTextContents();
        assert.deepEqual(heads.slice(0, 3), [
          '<img src=x onerror=alert(1)>',
          '<script>alert("h")</script>',
          'price.usd[0]',
        ]);
        const cells = await frame.locator('#preview-table tbody td').allTextContents();
        assert.ok(
          cells.includes('<b>bold</b>') && cells.includes('</td></tr><tr><td>'),
          'markup cells are not shown literally',
        );
        await (await outerIframe(frame)).screenshot({ path: screenshotPath('panel-markup-data') });
        await openTab(frame, 'columns');
        await frame.locator('#column-chart[data-rendered="true"] svg').waitFor({ timeout: 20_000 });
        // A chart's tooltip is text too (src/webview/tooltip.ts; vega-tooltip wrote it as markup).
        // The largest bar: the first may be an empty bin's, which has no area to hover.
        const bars = frame.locator('#column-chart svg .mark-rect path');
        let widest = 0;
        let area = -1;
        for (let i = 0; i < (await bars.count()); i++) {
          const box = await bars.nth(i).boundingBox();
          if (box && box.width * box.height > area) [widest, area] = [i, box.width * box.height];
        }
        await bars.nth(widest).hover({ force: true });
        await frame.locator('#vg-tooltip-element.visible').waitFor({ timeout: 10_000 });
        const tip = await frame.evaluate(() => {
          const box = document.getElementById('vg-tooltip-element');
          return { text: box.textContent, made: box.querySelectorAll('img, script, b, h2, [onerror]').length };
        });
        assert.equal(tip.made, 0, `the tooltip made elements from the data: ${tip.text}`);
        assert.ok(tip.text.length > 0, 'the tooltip is empty');
        await (await outerIframe(frame)).screenshot({ path: screenshotPath('panel-markup-tooltip') });
        assert.deepEqual(s.dialogs, [], `a script from the data ran: ${s.dialogs.join(' | ')}`);

        // Follow the blueprint of the first report, then open its full report from the side view.
        await explorerRow(s.page, BLUEPRINT).dblclick();
        side = await sideView(s.page, '#app[data-mode="view"] #side-score');
        await waitFor(async () => (await side.locator('.side-file').textContent()) === BLUEPRINT, {
          timeout: 20_000,
          message: 'the side view to follow taxis.synth.json',
        });
        assert.equal((await side.locator('#side-score').textContent()).trim(), s.score);
        await (await outerIframe(side)).screenshot({ path: screenshotPath('side-view-blueprint') });
        await side.locator('#open-report').click();
        await panel(s.page, { title: /taxis\.csv/, timeout: 30_000 });
        await screenshot(s.page, 'panel-workbench-with-side-view');
      },
    },
    {
      name: 'Export HTML writes one offline page: every tab works, charts download, no CSP violation',
      timeout: 180_000,
      async fn(s) {
        const frame = await panel(s.page, { title: /taxis\.csv/ });
        await frame.locator('#export-html').click();
        await acceptSaveDialog(s.page);
        const html = s.path('taxis.report.html');
        await waitFor(() => existsSync(html), { timeout: 20_000, message: 'taxis.report.html on disk' });
        const browser = await chromium.launch({
          executablePath: '/usr/bin/chromium',
          headless: true,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
        });
        try {
          const page = await browser.newPage({ viewport: { width: 1280, height: 5000 }, acceptDownloads: true });
          const problems = [];
          page.on('console', (m) => {
            if (m.type() === 'error') problems.push(m.text());
          });
          page.on('pageerror', (e) => problems.push(e.message));
          page.on('request', (r) => {
            if (!r.url().startsWith('file:') && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
              problems.push(`network request: ${r.url()}`);
          });
          await page.addInitScript(() =>
            document.addEventListener('securitypolicyviolation', (e) =>
              console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sample ?? ''}`),
            ),
          );
          await page.goto(`file://${html}`);
          await page.locator('#app[data-rendered="true"]').waitFor({ timeout: 20_000 });
          assert.match(
            await page.locator('#kpi-time .kpi-value').textContent(),
            /^\d+(\.\d)? s$/,
            'the exported report lost the time taken',
          );
          for (const tab of TABS) {
            await page.locator(`#tab-${tab}`).click();
            await page.locator(`#view-${tab} .tab-body`).waitFor({ state: 'visible' });
            await waitFor(
              async () =>
                page.evaluate(
                  (tab) =>
                    [...document.querySelectorAll(`#view-${tab} .chart`)].every(
                      (c) => c.getAttribute('data-rendered') === 'true' || c.getAttribute('data-rendered') === 'empty',
                    ),
                  tab,
                ),
              { timeout: 30_000, message: `the exported page's ${tab} charts` },
            );
          }
          await page.locator('#tab-overview').click();
          const fig = page.locator('.chart-figure', { has: page.locator('#column-scores') });
          await fig.hover();
          const [download] = await Promise.all([
            page.waitForEvent('download'),
            fig.locator('.chart-actions button', { hasText: 'PNG' }).click(),
          ]);
          assert.equal(download.suggestedFilename(), 'shape-score-per-column.png');
          assert.deepEqual(problems, [], 'the exported page reported problems');
        } finally {
          await browser.close();
        }
      },
    },
    {
      name: 'no Content-Security-Policy violation in the panel or the side view',
      async fn(s) {
        // Our webviews' policy is the only one with a nonce and no 'unsafe-inline' for styles.
        const ours = () => s.cspViolations.filter((v) => /webview/i.test(v.url) || /'nonce-[^']+'/.test(v.text));
        assert.deepEqual(ours(), [], `CSP violations in the webviews (all seen: ${JSON.stringify(s.cspViolations)})`);
        // The check itself: an inline style attribute in the panel is refused, and seen here.
        const frame = await panel(s.page);
        await frame.evaluate(() => {
          const probe = document.createElement('div');
          probe.setAttribute('style', 'color: red');
          document.body.appendChild(probe);
        });
        await waitFor(() => ours().some((v) => /style/i.test(v.text)), {
          timeout: 5000,
          message: `the inline-style violation to be seen (seen: ${JSON.stringify(s.cspViolations)}); otherwise the check above proves nothing`,
        });
        debug(`the probe's violation: ${JSON.stringify(ours())}`);
      },
    },
  ],

  async teardown(s, { failed }) {
    if (failed && s?.cspViolations?.length)
      console.log(
        `    CSP violations seen:\n      ${s.cspViolations.map((v) => `${v.text} @ ${v.url}`).join('\n      ')}`,
      );
    if (!s) return;
    if (failed) {
      console.log(`    sandbox kept for a look: ${s.sb.dir} (code-server log: ${s.server?.log})`);
      if (s.consoleErrors?.length)
        console.log(`    browser console errors (last 10):\n      ${s.consoleErrors.slice(-10).join('\n      ')}`);
      const toasts = s.page ? await notifications(s.page).catch(() => []) : [];
      if (toasts.length) console.log(`    notifications: ${toasts.join(' | ')}`);
    }
    await s.stop({ keep: failed });
  },
};
