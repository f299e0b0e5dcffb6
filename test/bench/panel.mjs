// The report panel's part of `npm run bench`: for bank-full.csv (45,211 x 17), the size
// of the message the extension posts to the panel, and the time from opening the webview to its
// first rendered chart, in Chromium (playwright-core, Debian's /usr/bin/chromium), two ways:
//   webview     a page built like the VS Code webview (the same CSP, dist/webview.js and
//               media/report.css), whose acquireVsCodeApi() stub answers `ready` with the report
//               message, as the extension host does;
//   standalone  the exported report.html (the report embedded in the page).
// Each is the median of REPEATS fresh page loads (a new browser context each: no cache). A small
// report (penguins.csv) is measured the same way as the baseline: the ratio says what size costs.
//
//   node test/bench/panel.mjs [path/to/dataset.csv ...]     (after `node esbuild.mjs`)
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHARED = resolve(ROOT, '..', 'shared', 'datasets');
const REPEATS = Number(process.env.PANEL_BENCH_REPEATS ?? 7);
const TARGET_MS = 1500;
const CHROMIUM = '/usr/bin/chromium';
const TARGET_BYTES = 2 * 1024 * 1024;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Synthesize with the built CLI (default settings): report.json and report.html. */
function makeReport(csv, dir) {
  execFileSync(
    process.execPath,
    [join(ROOT, 'dist', 'cli.js'), 'synthesize', csv, '--out-dir', dir, '--force', '--quiet'],
    { stdio: 'inherit' },
  );
  const base = basename(csv).replace(/\.(csv|tsv)$/i, '');
  return { json: join(dir, `${base}.report.json`), html: join(dir, `${base}.report.html`) };
}

/** A page like the VS Code webview: same CSP and assets; the host's side played by a stub. */
function webviewPage(message, dir) {
  const n = randomBytes(16).toString('base64');
  const script = readFileSync(join(ROOT, 'dist', 'webview.js'), 'utf8').replace(/<\/script/gi, '<\\/script');
  const css = readFileSync(join(ROOT, 'media', 'report.css'), 'utf8');
  const payload = message.replace(/</g, '\\u003c');
  const stub = `window.acquireVsCodeApi = () => ({
  postMessage(m) { if (m.type === 'ready') setTimeout(() => window.postMessage(JSON.parse(document.getElementById('payload').textContent), '*')); },
  getState() { return undefined; },
  setState() {},
});`;
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${n}'; style-src 'nonce-${n}'; img-src data: blob:">
<meta property="csp-nonce" content="${n}"><style nonce="${n}">${css}</style></head>
<body class="vscode-light"><div id="app" data-mode="report"></div>
<script type="application/json" id="payload">${payload}</script>
<script nonce="${n}">${stub}</script>
<script nonce="${n}">${script}</script></body></html>`;
  const file = join(dir, 'webview.html');
  writeFileSync(file, html);
  return file;
}

/** Milliseconds from navigation start to the first chart drawn, and any CSP violation seen. */
async function firstChart(browser, file) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const violations = [];
  const errors = [];
  page.on('console', (m) => {
    if (m.text().startsWith('CSP ')) violations.push(m.text());
    else if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP ${e.violatedDirective} ${e.blockedURI}`),
    );
    document.addEventListener(
      'chart-rendered',
      () => {
        if (window.__firstChart === undefined) window.__firstChart = performance.now();
      },
      true,
    );
  });
  await page.goto(`file://${file}`);
  await page.waitForFunction(() => window.__firstChart !== undefined, undefined, { timeout: 30_000 });
  const ms = await page.evaluate(() => window.__firstChart);
  await context.close();
  return { ms, violations, errors };
}

async function measure(browser, file) {
  const runs = [];
  const problems = new Set();
  await firstChart(browser, file); // warm the browser process itself, not the page
  for (let i = 0; i < REPEATS; i++) {
    const r = await firstChart(browser, file);
    runs.push(r.ms);
    for (const v of [...r.violations, ...r.errors]) problems.add(v);
  }
  return { median: median(runs), min: Math.min(...runs), max: Math.max(...runs), problems: [...problems] };
}

const datasets = process.argv.slice(2).length ? process.argv.slice(2) : [join(SHARED, 'bank-full.csv')];
const present = datasets.filter((f) => existsSync(f));
if (present.length === 0) {
  console.log(`report panel: no dataset found (${datasets.join(', ')}); skipped.`);
  process.exit(0);
}
if (!existsSync(CHROMIUM)) {
  console.log(`report panel: no Chromium at ${CHROMIUM} (apt-get install chromium); skipped.`);
  process.exit(0);
}
const work = mkdtempSync(join(tmpdir(), 'synth-panel-bench-'));
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
let failed = false;
try {
  const baselineReport = makeReport(join(ROOT, 'test', 'fixtures', 'penguins.csv'), join(work, 'baseline'));
  const baseMessage = JSON.stringify({
    type: 'report',
    report: JSON.parse(readFileSync(baselineReport.json, 'utf8')),
    context: { seconds: 1 },
  });
  const baseline = await measure(browser, webviewPage(baseMessage, join(work, 'baseline')));
  console.log(
    `\nreport panel: first chart after opening (median of ${REPEATS} fresh page loads, Chromium headless; targets: < ${TARGET_MS} ms, payload < 2 MB)\n`,
  );
  const rows = [['dataset', 'payload (message)', 'webview: first chart', 'standalone: first chart', 'vs penguins.csv']];
  rows.push([
    'penguins.csv (baseline)',
    `${Buffer.byteLength(baseMessage).toLocaleString('en-US')} B`,
    `${baseline.median.toFixed(0)} ms (${baseline.min.toFixed(0)}-${baseline.max.toFixed(0)})`,
    '',
    '1.00x',
  ]);
  for (const csv of present) {
    const dir = join(work, basename(csv));
    const t = Date.now();
    const r = makeReport(csv, dir);
    const synthSeconds = (Date.now() - t) / 1000;
    const message = JSON.stringify({
      type: 'report',
      report: JSON.parse(readFileSync(r.json, 'utf8')),
      context: { seconds: synthSeconds },
    });
    const bytes = Buffer.byteLength(message);
    const webview = await measure(browser, webviewPage(message, dir));
    const standalone = await measure(browser, r.html);
    rows.push([
      basename(csv),
      `${bytes.toLocaleString('en-US')} B = ${(bytes / 1024 / 1024).toFixed(2)} MB`,
      `${webview.median.toFixed(0)} ms (${webview.min.toFixed(0)}-${webview.max.toFixed(0)})`,
      `${standalone.median.toFixed(0)} ms (${standalone.min.toFixed(0)}-${standalone.max.toFixed(0)})`,
      `${(webview.median / baseline.median).toFixed(2)}x`,
    ]);
    for (const p of [...webview.problems, ...standalone.problems]) console.log(`  problem on the page: ${p}`);
    if (webview.problems.length || standalone.problems.length) failed = true;
    if (webview.median > TARGET_MS || bytes > TARGET_BYTES) {
      console.log(`  ${basename(csv)}: over target (${webview.median.toFixed(0)} ms, ${bytes} bytes)`);
      failed = true;
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(rows[0]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) console.log(line(r));
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
if (failed) process.exitCode = 1;
