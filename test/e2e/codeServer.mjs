// A real VS Code (code-server) in its own sandbox, driven by Debian's Chromium through
// playwright-core. See shared/E2E.md for why it is done this way and which selectors hold up.
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, codeServerEntry, node24Env, toolPaths } from './tools.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOTS = join(ROOT, 'test', 'e2e', 'screenshots');
export const WORK = join(ROOT, 'test', 'e2e', '.work');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'git.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
};

// Process groups still alive; killed on any exit of the test process, even a crash.
const liveGroups = new Set();
process.on('exit', () => {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** Progress lines of the helpers, shown with SYNTH_E2E_DEBUG=1. */
export function debug(...args) {
  if (process.env.SYNTH_E2E_DEBUG) console.error('    [debug]', ...args);
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Poll `fn` until it returns a truthy value; throw `message` (plus the last error) on timeout. */
export async function waitFor(fn, { timeout = 30_000, interval = 250, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let lastError;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > end) {
      throw new Error(
        `Timed out after ${(timeout / 1000).toFixed(0)} s waiting for ${message}${lastError ? ` (last error: ${String(lastError.message ?? lastError).split('\n')[0]})` : ''}`,
      );
    }
    await sleep(interval);
  }
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

function tail(file, chars = 4000) {
  try {
    const s = readFileSync(file, 'utf8');
    return s.slice(-chars);
  } catch {
    return '(no log)';
  }
}

/** A fresh sandbox folder: everything code-server writes stays inside it. */
export function makeSandbox(name) {
  // Under the OS temp dir, not the repo: the workspace must not sit inside another git repo.
  const dir = mkdtempSync(join(tmpdir(), `synth-e2e-${name}-`));
  const p = {
    dir,
    userData: join(dir, 'user-data'),
    extensions: join(dir, 'extensions'),
    config: join(dir, 'config.yaml'),
    tmp: join(dir, 'tmp'),
    xdgConfig: join(dir, 'xdg', 'config'),
    xdgData: join(dir, 'xdg', 'data'),
    xdgCache: join(dir, 'xdg', 'cache'),
    workspace: join(dir, 'workspace'),
    log: join(dir, 'code-server.log'),
  };
  for (const d of [
    p.userData,
    p.extensions,
    p.tmp,
    p.xdgConfig,
    p.xdgData,
    p.xdgCache,
    p.workspace,
    join(p.userData, 'User'),
  ])
    mkdirSync(d, { recursive: true });
  writeFileSync(p.config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  writeFileSync(join(p.userData, 'User', 'settings.json'), `${JSON.stringify(QUIET_SETTINGS, null, 2)}\n`);
  return p;
}

function sandboxEnv(sb) {
  const env = node24Env(toolPaths());
  for (const k of Object.keys(env)) if (/^(VSCODE_|ELECTRON_)/.test(k)) delete env[k];
  Object.assign(env, {
    TMPDIR: sb.tmp,
    XDG_CONFIG_HOME: sb.xdgConfig,
    XDG_DATA_HOME: sb.xdgData,
    XDG_CACHE_HOME: sb.xdgCache,
    // No extension gallery: the machine is offline, and lookups only add errors and noise.
    EXTENSIONS_GALLERY: '{}',
  });
  // code-server reads these from the environment; none may leak in from the caller's.
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  return env;
}

function commonArgs(sb) {
  return ['--config', sb.config, '--user-data-dir', sb.userData, '--extensions-dir', sb.extensions];
}

/** `code-server --install-extension` into the sandbox's extensions dir. */
export function installVsix(sb, vsix) {
  if (!existsSync(vsix)) throw new Error(`${vsix} does not exist: run \`npm run package\` first.`);
  const paths = toolPaths();
  const r = spawnSync(paths.node, [codeServerEntry(paths), ...commonArgs(sb), '--install-extension', vsix, '--force'], {
    env: sandboxEnv(sb),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0)
    throw new Error(
      `code-server --install-extension ${vsix} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}\n${r.stderr}`,
    );
  return r.stdout.trim();
}

/**
 * Start code-server in the sandbox (own process group) and wait for /healthz.
 * Returns { url, port, pid, stop() }.
 */
export async function startCodeServer(sb, { extraArgs = [], timeout = 60_000 } = {}) {
  const paths = toolPaths();
  const entry = codeServerEntry(paths);
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const fd = openSync(sb.log, 'a');
    const child = spawn(
      paths.node,
      [
        entry,
        ...commonArgs(sb),
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--auth',
        'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--ignore-last-opened',
        ...extraArgs,
      ],
      { cwd: sb.dir, env: sandboxEnv(sb), detached: true, stdio: ['ignore', fd, fd] },
    );
    closeSync(fd);
    liveGroups.add(child.pid);
    let exited = null;
    child.on('exit', (code, signal) => {
      exited = signal ?? `exit ${code}`;
    });
    const url = `http://127.0.0.1:${port}`;
    const stop = async () => {
      if (!liveGroups.has(child.pid)) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const end = Date.now() + 5000;
      while (exited === null && Date.now() < end) await sleep(100);
      try {
        process.kill(-child.pid, 'SIGKILL'); // the rest of the group (extension host, watchers)
      } catch {
        // already gone
      }
      liveGroups.delete(child.pid);
    };
    try {
      await waitFor(
        async () => {
          if (exited !== null) throw Object.assign(new Error(`code-server exited (${exited})`), { fatal: true });
          const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
          return r.status === 200;
        },
        { timeout, interval: 200, message: `code-server /healthz on ${url}` },
      );
      return { url, port, pid: child.pid, log: sb.log, stop };
    } catch (e) {
      await stop();
      const bindFailed = /EADDRINUSE/.test(tail(sb.log));
      if (bindFailed && attempt < 3) continue; // lost the port race; try another
      throw new Error(`${e.message}\n--- tail of ${sb.log} ---\n${tail(sb.log)}`);
    }
  }
}

/** Chromium (Debian's) through playwright-core; one page with a workbench-sized viewport. */
export async function launchBrowser() {
  // The runner owns the signals: it tears down (browser, then code-server, then the sandbox) itself.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const consoleErrors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  return { browser, context, page, consoleErrors };
}

/** Copy samples into a workspace folder. */
export function seedWorkspace(sb, files) {
  for (const [from, to] of Object.entries(files)) copyFileSync(resolve(ROOT, from), join(sb.workspace, to));
}

/** Open the workbench on `folder` and wait until the Explorer shows its files. */
export async function openFolder(page, url, folder, { waitForFile, timeout = 60_000 } = {}) {
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`, { timeout });
  await page.locator('.monaco-workbench').waitFor({ timeout });
  if (waitForFile) await explorerRow(page, waitForFile).waitFor({ timeout });
}

export function explorerRow(page, name) {
  return page
    .locator('.explorer-folders-view .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRe(name)}$`) }) });
}

/**
 * Open `name` from the Explorer and wait until it is the active editor. A double-click can be lost
 * under load (the row re-rendered between the clicks, or the first click only selecting it): while
 * the editor has not shown, the row is found afresh and double-clicked again every `retry` ms.
 */
export async function openEditor(page, name, { timeout = 45_000, retry = 8_000 } = {}) {
  const editor = page.locator(`.editor-group-container.active .monaco-editor[data-uri$="${name}"]`);
  const deadline = Date.now() + timeout;
  for (;;) {
    await explorerRow(page, name).dblclick({ timeout: Math.max(1_000, deadline - Date.now()) });
    const left = deadline - Date.now();
    const shown = await editor
      .waitFor({ timeout: Math.max(1, Math.min(retry, left)) })
      .then(() => true)
      .catch(() => false);
    if (shown) return editor;
    if (Date.now() >= deadline) throw new Error(`${name} did not open in the active editor group within ${timeout} ms`);
    debug(`openEditor: ${name} not shown yet, double-clicking again`);
  }
}

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Run a command from the palette by its full label ("Category: Title"). The palette's list is
 * built when it opens, so a command registered a moment ago may be missing: close and reopen.
 */
export async function runCommand(page, label, { timeout = 30_000 } = {}) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const end = Date.now() + timeout;
  let seen = '';
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${label}`);
    const rows = page.locator('.quick-input-list .monaco-list-row');
    // Exact label match, so "Synth Studio: Generate" never runs a longer "Synth Studio: Generate X".
    const row = rows
      .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRe(label)}$`) }) })
      .first();
    if (
      await row.waitFor({ state: 'visible', timeout: 3000 }).then(
        () => true,
        () => false,
      )
    ) {
      await row.click();
      // Not retried from here on: the command may have run.
      await input.waitFor({ state: 'hidden', timeout: 5000 });
      return;
    }
    seen = (await rows.allTextContents().catch(() => [])).slice(0, 5).join(' | ');
    debug(`attempt ${attempt}: "${label}" not in the command palette yet`);
    if (Date.now() > end) {
      await page.keyboard.press('Escape');
      throw new Error(
        `Command "${label}" did not appear in the command palette within ${timeout / 1000} s (${attempt} tries; the list showed: ${seen || 'nothing'})`,
      );
    }
    await sleep(500);
  }
}

/**
 * Open the quick fixes of the problem whose row in the Problems panel shows `problem`, and return
 * the action row showing `action` (visible), with retry: a double click on the row moves the focus
 * to the editor at the problem, but on a loaded machine Ctrl+. can land while the focus is still
 * in the panel (seen: the hover tooltip of the row, no menu). So each try waits until the editor
 * has the focus, presses Ctrl+., and gives the menu a few seconds before trying again.
 */
export async function quickFix(page, problem, action, { timeout = 30_000 } = {}) {
  const end = Date.now() + timeout;
  let seen = '';
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Escape');
    const row = page.locator('.markers-panel .monaco-list-row').filter({ hasText: problem }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await row.dblclick();
    const focused = await waitFor(
      () => page.evaluate(() => !!document.activeElement?.closest('.editor-instance .monaco-editor')),
      { timeout: 5000, message: 'the editor to take the focus' },
    ).then(
      () => true,
      () => false,
    );
    if (focused) {
      await page.keyboard.press('Control+.');
      const item = page
        .locator('.action-widget .monaco-list-row, .context-view .action-item')
        .filter({ hasText: action })
        .first();
      if (
        await item.waitFor({ state: 'visible', timeout: 5000 }).then(
          () => true,
          () => false,
        )
      )
        return item;
      seen = (
        await page
          .locator('.action-widget, .context-view')
          .allTextContents()
          .catch(() => [])
      ).join(' | ');
    }
    debug(`attempt ${attempt}: no "${action}" quick fix yet (editor focused: ${focused})`);
    if (Date.now() > end)
      throw new Error(
        `no "${action}" quick fix for "${problem}" within ${timeout / 1000} s (${attempt} tries; the menu showed: ${seen || 'nothing'})`,
      );
  }
}

/** Right-click `fileName` in the Explorer and choose `item` from the context menu, with retry. */
export async function explorerContextMenu(page, fileName, item, { timeout = 30_000 } = {}) {
  const end = Date.now() + timeout;
  let seen = '';
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Escape');
    const row = explorerRow(page, fileName);
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await row.click({ button: 'right' });
    const entries = page.locator('.context-view .monaco-menu .action-item a.action-menu-item');
    const entry = entries
      .filter({ has: page.locator('.action-label', { hasText: new RegExp(`^${escapeRe(item)}$`) }) })
      .first();
    try {
      // The menu is built whole when it opens: once it shows, the item is there or it is not.
      await entries.first().waitFor({ state: 'visible', timeout: 5000 });
      if ((await entry.count()) === 0) throw new Error('not in this menu');
      // A click that lands right after the menu opened is sometimes dropped by the workbench's
      // menu (seen here: the menu stays open with the item focused and nothing runs). Hover first,
      // then click; if the menu is still open, the item is focused and Enter runs it once.
      await entry.hover();
      await sleep(150);
      await entry.click();
      const menu = page.locator('.context-view .monaco-menu');
      if (
        !(await menu.waitFor({ state: 'hidden', timeout: 2000 }).then(
          () => true,
          () => false,
        ))
      ) {
        debug(`context menu still open after clicking "${item}"; pressing Enter on the focused item`);
        await page.keyboard.press('Enter');
        await menu.waitFor({ state: 'hidden', timeout: 3000 });
      }
      return;
    } catch {
      seen = (await entries.allTextContents().catch(() => []))
        .map((s) => s.trim())
        .filter(Boolean)
        .join(' | ');
      debug(`attempt ${attempt}: "${item}" not in the context menu of ${fileName} yet`);
    }
    if (Date.now() > end) {
      await page.keyboard.press('Escape');
      throw new Error(
        `"${item}" did not appear in the Explorer context menu of ${fileName} within ${timeout / 1000} s (${attempt} tries; the menu showed: ${seen || 'nothing'})`,
      );
    }
    await sleep(500);
  }
}

/** The (nested) webview frame that contains `selector`. */
export async function webviewFrame(page, selector, { timeout = 30_000 } = {}) {
  return waitFor(
    async () => {
      for (const f of page.frames()) {
        if (f === page.mainFrame()) continue;
        try {
          if (await f.$(selector)) return f;
        } catch {
          // frame navigated away or detached while we looked
        }
      }
      return undefined;
    },
    { timeout, message: `a webview frame containing ${selector}` },
  );
}

export function screenshotPath(name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, `${name}.png`);
}

export async function screenshot(page, name) {
  const file = screenshotPath(name);
  await page.screenshot({ path: file });
  return file;
}

/** The text of all visible notification toasts (for error messages in failures). */
export async function notifications(page) {
  return (
    await page
      .locator('.notifications-toasts .notification-toast .notification-list-item-message')
      .allTextContents()
      .catch(() => [])
  ).map((s) => s.trim());
}

/**
 * One sandboxed code-server plus browser; `stop()` tears both down (idempotent) and removes the
 * sandbox unless `keep` (kept on failure for a look at the logs).
 */
export async function startSession(name, { vsix, extraArgs = [], seed = {} } = {}) {
  const sb = makeSandbox(name);
  const cleanups = [];
  const stop = async ({ keep = false } = {}) => {
    while (cleanups.length) {
      const c = cleanups.pop();
      await c().catch(() => undefined);
    }
    if (!keep) rmSync(sb.dir, { recursive: true, force: true });
  };
  try {
    seedWorkspace(sb, seed);
    if (vsix) installVsix(sb, vsix);
    const server = await startCodeServer(sb, { extraArgs });
    cleanups.push(server.stop);
    const b = await launchBrowser();
    cleanups.push(() => b.browser.close());
    return { sb, server, ...b, stop };
  } catch (e) {
    await stop({ keep: true });
    throw e;
  }
}
