// The main path in a real VS Code: right-click a CSV -> Synthesize -> files on disk + report;
// the overwrite question on a second run; Generate from the command palette on the blueprint.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, watch, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Papa from 'papaparse';
import {
  ROOT,
  explorerContextMenu,
  explorerRow,
  openEditor,
  notifications,
  openFolder,
  runCommand,
  screenshot,
  screenshotPath,
  debug,
  sleep,
  startSession,
  waitFor,
  webviewFrame,
} from './codeServer.mjs';

const SOURCE = 'penguins.csv';
const BLUEPRINT = 'penguins.synth.json';
const SYNTHETIC = 'penguins.synthetic.csv';
const SOURCE_ROWS = 344;
const SOURCE_COLUMNS = 7;

function parseCsv(file) {
  const r = Papa.parse(readFileSync(file, 'utf8'), { skipEmptyLines: true });
  assert.equal(r.errors.length, 0, `${file} does not parse as CSV: ${JSON.stringify(r.errors.slice(0, 3))}`);
  return { header: r.data[0], rows: r.data.slice(1) };
}

function fingerprint(file) {
  const st = statSync(file);
  return {
    mtimeMs: st.mtimeMs,
    ino: st.ino,
    size: st.size,
    sha: createHash('sha256').update(readFileSync(file)).digest('hex'),
  };
}

/**
 * Watch `files` until `done()` holds: stat them as often as the event loop allows and again on
 * every file-system event in their folder. Returns how often they were looked at, the moments
 * one was missing, and the events seen per file (a delete then rename shows as two "rename"
 * events of the target; an atomic rename as one).
 */
async function watchFiles(files, done, { timeout, message }) {
  const t0 = Date.now();
  const missing = [];
  const events = Object.fromEntries(files.map((f) => [basename(f), []]));
  let observations = 0;
  const look = (why) => {
    for (const f of files) {
      observations++;
      if (!existsSync(f)) missing.push(`${basename(f)} missing (${why}, +${Date.now() - t0} ms)`);
    }
  };
  const watcher = watch(dirname(files[0]), (event, name) => {
    if (name && Object.hasOwn(events, name)) events[name].push(event);
    look(`on ${event} of ${name}`);
  });
  try {
    for (;;) {
      look('poll');
      if (done()) break;
      if (Date.now() - t0 > timeout) throw new Error(`Timed out after ${timeout / 1000} s waiting for ${message}`);
      await new Promise((r) => setImmediate(r));
    }
    // Events of the last rename may still be queued.
    await new Promise((r) => setTimeout(r, 50));
    look('after');
  } finally {
    watcher.close();
  }
  return { observations, missing, events };
}

/** Check `fn` throughout `ms` (a window in which something must NOT happen); fail as soon as it does. */
async function holdsFor(fn, ms, message) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!fn()) throw new Error(`Expected throughout ${ms / 1000} s: ${message}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Wait for the files on disk (written by rename, so present means complete), with the UI's errors on timeout. */
async function waitForFiles(s, files, what, timeout = 90_000) {
  try {
    await waitFor(() => files.every((f) => existsSync(join(s.sb.workspace, f))), {
      timeout,
      interval: 200,
      message: what,
    });
  } catch (e) {
    const toasts = await notifications(s.page);
    throw new Error(
      `${e.message}; notifications: ${toasts.length ? toasts.join(' | ') : 'none'}; workspace has: ${readdirSync(s.sb.workspace).join(', ')}`,
    );
  }
}

/** The report webview's frame once it rendered; checks the page, not just that a frame exists. */
async function renderedReport(page, timeout = 60_000) {
  return webviewFrame(page, '#app[data-rendered="true"] #overall-score', { timeout });
}

/**
 * What the charts drew. Data marks are Vega's `g.role-mark` children (legend swatches and axes
 * have other roles), and a mark counts as visible when its box has an area: a chart whose data
 * came out empty or all-zero has none.
 */
async function chartStats(frame) {
  return frame.evaluate(() => {
    const charts = [...document.querySelectorAll('.chart')];
    return charts.map((c) => {
      const svg = c.querySelector('svg');
      const marks = svg ? [...svg.querySelectorAll('g.role-mark > path, g.role-mark > rect, g.role-mark > line')] : [];
      const box = svg?.getBoundingClientRect();
      return {
        tab: c.closest('[role="tabpanel"]')?.id?.replace(/^view-/, '') ?? null,
        column: c.getAttribute('data-column'),
        svg: !!svg,
        canvas: !!c.querySelector('canvas'),
        width: box ? Math.round(box.width) : 0,
        height: box ? Math.round(box.height) : 0,
        marks: marks.length,
        visibleMarks: marks.filter((m) => {
          const b = m.getBBox();
          return b.width > 0.5 && b.height > 0.5;
        }).length,
      };
    });
  });
}

export default {
  title: 'Synthesize and Generate in the workbench',
  timeout: 180_000,

  async setup() {
    const s = await startSession('ui', {
      vsix: join(ROOT, 'dist', 'synth-studio.vsix'),
      seed: { 'samples/penguins.csv': SOURCE },
    });
    s.sourceHeader = parseCsv(join(s.sb.workspace, SOURCE)).header;
    s.path = (f) => join(s.sb.workspace, f);
    await openFolder(s.page, s.server.url, s.sb.workspace, { waitForFile: SOURCE });
    return s;
  },

  tests: [
    {
      name: 'right-click penguins.csv > Synthesize writes the blueprint and the synthetic CSV',
      async fn(s) {
        assert.ok(
          !existsSync(s.path(BLUEPRINT)) && !existsSync(s.path(SYNTHETIC)),
          'outputs exist before the test: the workspace is not fresh',
        );
        await explorerContextMenu(s.page, SOURCE, 'Synthesize');
        await waitForFiles(s, [BLUEPRINT, SYNTHETIC], `${BLUEPRINT} and ${SYNTHETIC} on disk`);

        const csv = parseCsv(s.path(SYNTHETIC));
        assert.deepEqual(csv.header, s.sourceHeader, 'synthetic CSV header differs from the source header');
        assert.equal(
          csv.rows.length,
          SOURCE_ROWS,
          `synthetic CSV has ${csv.rows.length} data rows, expected ${SOURCE_ROWS}`,
        );
        for (const [i, r] of csv.rows.entries())
          assert.equal(r.length, SOURCE_COLUMNS, `synthetic CSV row ${i + 2} has ${r.length} fields`);

        const bp = JSON.parse(readFileSync(s.path(BLUEPRINT), 'utf8'));
        assert.ok(Array.isArray(bp.columns), 'blueprint has no "columns" array');
        assert.equal(bp.columns.length, SOURCE_COLUMNS, `blueprint has ${bp.columns.length} columns`);
        assert.deepEqual(
          bp.columns.map((c) => c.name),
          s.sourceHeader,
          'blueprint column names differ from the CSV header',
        );
        const leftovers = readdirSync(s.sb.workspace).filter((f) => f.endsWith('.tmp'));
        assert.deepEqual(leftovers, [], 'temporary files left behind');
      },
    },
    {
      name: 'the report panel shows the score, the grade and rendered charts',
      async fn(s) {
        const tab = s.page.locator('.tabs-container .tab', { hasText: `Report: ${SOURCE}` });
        await tab
          .first()
          .waitFor({ timeout: 30_000 })
          .catch(() => {
            throw new Error(`no editor tab titled "Report: ${SOURCE}"`);
          });
        const frame = await renderedReport(s.page);
        const score = (await frame.locator('#overall-score').textContent())?.trim() ?? '';
        assert.match(score, /^\d{1,3}(\.\d)?%$/, `#overall-score shows "${score}"`);
        const value = parseFloat(score);
        assert.ok(value >= 0 && value <= 100, `score ${score} out of range`);
        const grade = (await frame.locator('#grade').textContent())?.trim() ?? '';
        assert.match(grade, /^(A\+|A|B\+|B|C|F)$/, `#grade shows "${grade}"`);
        // The Columns tab holds the column picker and a chart per column (the Overview one chart).
        await frame.locator('#tab-columns').click();
        await frame
          .locator('#view-columns #column-picker')
          .waitFor({ timeout: 15_000 })
          .catch(() => {
            throw new Error('no #column-picker in the Columns tab');
          });
        await screenshot(s.page, 'synthesize-1-workbench-after-synth');
        if (process.env.SYNTH_DOCS_SCREENSHOTS) {
          // The README's picture: the workbench right after Synthesize, without the toast over it.
          await runCommand(s.page, 'Notifications: Clear All Notifications');
          await sleep(500);
          await s.page.screenshot({ path: join(ROOT, 'docs', 'images', 'vscode-synthesize.png') });
        }
        // The whole tab: make the window tall enough for the webview to show (and so draw) every chart.
        const viewport = s.page.viewportSize();
        const height = await frame.evaluate(() => document.documentElement.scrollHeight);
        await s.page.setViewportSize({ width: viewport.width, height: Math.min(6000, height + 120) });
        // vega-embed renders asynchronously, charts when they come into view; wait until every chart
        // container of the tab has its SVG (or canvas).
        const charts = await waitFor(
          async () => {
            const c = (await chartStats(frame)).filter((x) => x.tab === 'columns');
            return c.length > 0 && c.every((x) => x.svg || x.canvas) ? c : undefined;
          },
          { timeout: 30_000, message: 'every .chart of the Columns tab to hold an SVG or canvas' },
        ).catch(async (e) => {
          throw new Error(`${e.message}: ${JSON.stringify(await chartStats(frame))}`);
        });
        s.charts = charts;
        debug('charts:', JSON.stringify(charts));
        // Let the last chart paint before the picture: two animation frames of the webview.
        await frame.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        await s.page
          .locator('iframe.webview')
          .first()
          .screenshot({ path: screenshotPath('synthesize-2-report-panel') });
        await s.page.setViewportSize(viewport);
        const empty = charts.filter((c) => c.visibleMarks === 0 || c.width < 20 || c.height < 20);
        assert.deepEqual(empty, [], `charts rendered without data marks: ${JSON.stringify(empty)}`);
        assert.ok(charts.length >= SOURCE_COLUMNS, `${charts.length} charts for ${SOURCE_COLUMNS} columns`);
      },
    },
    {
      name: 'Synthesize again asks before overwriting; Cancel leaves the files untouched',
      async fn(s) {
        const before = { bp: fingerprint(s.path(BLUEPRINT)), csv: fingerprint(s.path(SYNTHETIC)) };
        await explorerContextMenu(s.page, SOURCE, 'Synthesize');
        const dialog = s.page.locator('.monaco-dialog-box');
        await dialog.waitFor({ state: 'visible', timeout: 20_000 }).catch(() => {
          throw new Error('no modal dialog appeared after Synthesize with existing outputs');
        });
        const message = (await dialog.locator('.dialog-message-text').textContent())?.trim() ?? '';
        assert.match(
          message,
          new RegExp(`${BLUEPRINT.replace(/\./g, '\\.')} and ${SYNTHETIC.replace(/\./g, '\\.')} already exist`),
          `dialog says "${message}"`,
        );
        const buttons = (await dialog.locator('.dialog-buttons .monaco-button').allTextContents()).map((b) => b.trim());
        assert.ok(buttons.includes('Overwrite') && buttons.includes('Cancel'), `dialog buttons: ${buttons.join(', ')}`);
        await screenshot(s.page, 'synthesize-3-overwrite-modal');
        await dialog.locator('.dialog-buttons .monaco-button', { hasText: /^Cancel$/ }).click();
        await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
        // A wrongly-continuing job would write within this window (Synthesize of this file takes
        // well under 1 s); the files are checked all along it, so a change fails at once.
        await holdsFor(
          () =>
            JSON.stringify([fingerprint(s.path(BLUEPRINT)), fingerprint(s.path(SYNTHETIC))]) ===
            JSON.stringify([before.bp, before.csv]),
          2500,
          `${BLUEPRINT} and ${SYNTHETIC} unchanged after Cancel`,
        );
        const toasts = await notifications(s.page);
        assert.ok(
          !toasts.some((t) => /^Synthesizing/.test(t)),
          `a Synthesize job started after Cancel: ${toasts.join(' | ')}`,
        );
      },
    },
    {
      name: 'Synthesize again, Overwrite: the blueprint is refitted and keeps a constraint written in it',
      async fn(s) {
        const file = s.path(BLUEPRINT);
        const edited = JSON.parse(readFileSync(file, 'utf8'));
        edited.constraints = [
          ...(edited.constraints ?? []),
          { expr: 'body_mass_g >= 2700', description: 'written by hand' },
        ];
        edited.seed = 7; // the refit writes the extension's seed again: shows the file was rewritten
        writeFileSync(file, JSON.stringify(edited, null, 2));
        const before = fingerprint(file);
        await explorerContextMenu(s.page, SOURCE, 'Synthesize');
        const dialog = s.page.locator('.monaco-dialog-box');
        await dialog.waitFor({ state: 'visible', timeout: 20_000 });
        const detail = (await dialog.locator('.dialog-message-detail').textContent())?.trim() ?? '';
        assert.match(detail, /constraints you wrote in it are kept/, `dialog detail says "${detail}"`);
        const csvFile = s.path(SYNTHETIC);
        const csvBefore = fingerprint(csvFile);
        await dialog.locator('.dialog-buttons .monaco-button', { hasText: /^Overwrite$/ }).click();
        // Strict: the blueprint and the CSV must exist at every moment of the replace (VS Code's
        // rename with overwrite deletes the target first; a crash there would lose the user's file).
        const changed = (f, old) => {
          try {
            const st = statSync(f);
            return st.ino !== old.ino || st.mtimeMs !== old.mtimeMs || st.size !== old.size;
          } catch {
            return false;
          }
        };
        const watched = await watchFiles([file, csvFile], () => changed(file, before) && changed(csvFile, csvBefore), {
          timeout: 90_000,
          message: `${BLUEPRINT} and ${SYNTHETIC} to be replaced`,
        }).catch(async (e) => {
          throw new Error(`${e.message}; notifications: ${(await notifications(s.page)).join(' | ') || 'none'}`);
        });
        debug('overwrite watch:', JSON.stringify({ observations: watched.observations, events: watched.events }));
        assert.deepEqual(watched.missing, [], `a file was missing during the replace (${watched.observations} looks)`);
        assert.ok(watched.observations > 20, `only ${watched.observations} looks at the files during the replace`);
        for (const [name, events] of Object.entries(watched.events))
          assert.ok(
            events.filter((e) => e === 'rename').length <= 1,
            `${name} was removed and put back instead of replaced in one rename (events: ${events.join(', ')})`,
          );
        assert.deepEqual(
          readdirSync(s.sb.workspace).filter((f) => f.endsWith('.tmp')),
          [],
          'temporary files left behind',
        );
        const refit = JSON.parse(readFileSync(file, 'utf8'));
        assert.equal(refit.seed, 42, 'the blueprint was not refitted');
        assert.deepEqual(
          refit.constraints?.filter((c) => !c.fitted),
          [{ expr: 'body_mass_g >= 2700', description: 'written by hand' }],
        );
      },
    },
    {
      name: 'open penguins.synth.json, "Synth Studio: Generate" from the palette rewrites the synthetic CSV',
      async fn(s) {
        const before = fingerprint(s.path(SYNTHETIC));
        // Mark the report on screen: a report rendered by Generate replaces it.
        const oldReport = await renderedReport(s.page);
        const marked = await oldReport.evaluate(() => {
          const el = document.getElementById('overall-score');
          el?.setAttribute('data-e2e-old', '');
          return !!el;
        });
        assert.ok(marked, 'no #overall-score to mark before Generate');
        await explorerRow(s.page, BLUEPRINT).waitFor({ timeout: 30_000 });
        await openEditor(s.page, BLUEPRINT);
        await runCommand(s.page, 'Synth Studio: Generate');
        await waitFor(
          () => {
            const now = fingerprint(s.path(SYNTHETIC));
            return now.mtimeMs !== before.mtimeMs || now.ino !== before.ino;
          },
          { timeout: 60_000, message: `${SYNTHETIC} to be rewritten` },
        ).catch(async (e) => {
          throw new Error(`${e.message}; notifications: ${(await notifications(s.page)).join(' | ') || 'none'}`);
        });
        const csv = parseCsv(s.path(SYNTHETIC));
        assert.deepEqual(csv.header, s.sourceHeader, 'regenerated CSV header differs from the source header');
        assert.equal(csv.rows.length, SOURCE_ROWS, `regenerated CSV has ${csv.rows.length} data rows`);
        await webviewFrame(s.page, '#app[data-rendered="true"] #overall-score:not([data-e2e-old])', {
          timeout: 30_000,
        }).catch((e) => {
          throw new Error(`the report was not re-rendered after Generate: ${e.message}`);
        });
        await screenshot(s.page, 'synthesize-4-after-generate');
      },
    },
    {
      name: 'Cancel on the progress notification stops Synthesize and writes nothing',
      async fn(s) {
        // A table big enough that Synthesize runs for seconds: adult-2000.csv's rows, 150 times (300,000 rows).
        const lines = readFileSync(join(ROOT, 'test', 'fixtures', 'adult-2000.csv'), 'utf8')
          .trimEnd()
          .split('\n');
        const body = lines.slice(1).join('\n');
        writeFileSync(s.path('big.csv'), `${lines[0]}\n${Array.from({ length: 150 }, () => body).join('\n')}\n`);
        await explorerRow(s.page, 'big.csv').waitFor({ timeout: 30_000 });
        await explorerContextMenu(s.page, 'big.csv', 'Synthesize');
        const toast = s.page.locator('.notifications-toasts .notification-toast', { hasText: 'Synthesizing big.csv' });
        await toast.waitFor({ timeout: 20_000 }).catch(() => {
          throw new Error('no "Synthesizing big.csv" progress notification');
        });
        await toast.locator('.monaco-button', { hasText: /^Cancel$/ }).click();
        await waitFor(
          async () =>
            (await notifications(s.page)).some((t) => t.includes('Synthesize cancelled; nothing was written')),
          { timeout: 15_000, message: 'the "Synthesize cancelled" message' },
        );
        // The progress notification closes when the job has settled.
        await waitFor(async () => !(await notifications(s.page)).some((t) => t.startsWith('Synthesizing big.csv')), {
          timeout: 30_000,
          message: 'the "Synthesizing big.csv" progress notification to close',
        });
        // Uncancelled, this job takes 8-13 s on a 2-core machine; one that ignored Cancel would write
        // its files within this window, which is watched all along.
        const wroteNothing = () =>
          readdirSync(s.sb.workspace).filter((f) => f.startsWith('big.') && f !== 'big.csv').length === 0;
        await holdsFor(wroteNothing, 15_000, 'no big.* outputs after Cancel');
        assert.ok(
          !(await notifications(s.page)).some((t) => t.startsWith('Synthesized')),
          'Synthesize reported success after Cancel',
        );
        const written = readdirSync(s.sb.workspace).filter((f) => f.startsWith('big.') && f !== 'big.csv');
        assert.deepEqual(written, [], `files written after Cancel: ${written.join(', ')}`);
        const leftovers = readdirSync(s.sb.workspace).filter((f) => f.endsWith('.tmp'));
        assert.deepEqual(leftovers, [], 'temporary files left behind');
      },
    },
  ],

  async teardown(s, { failed }) {
    if (!s) return;
    if (failed) {
      console.log(`    sandbox kept for a look: ${s.sb.dir} (code-server log: ${s.server?.log})`);
      if (s.consoleErrors?.length)
        console.log(`    browser console errors (last 10):\n      ${s.consoleErrors.slice(-10).join('\n      ')}`);
    }
    await s.stop({ keep: failed });
  },
};
