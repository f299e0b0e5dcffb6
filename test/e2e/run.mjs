// Runs every test/e2e/*.e2e.mjs in sequence against a real VS Code (code-server) in Chromium.
//
//   node test/e2e/run.mjs               all of them
//   node test/e2e/run.mjs synthesize    only files whose name contains "synthesize"
//
// Each file default-exports { title, timeout?, setup(), tests: [{ name, timeout?, fn(state) }],
// teardown(state, { failed }) }. Tests in a file are steps of one scenario: after a failure the
// rest of that file is skipped. teardown always runs (and kills code-server's process group).
// Exit code: 0 when every test passed, 1 otherwise.
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { screenshot } from './codeServer.mjs';
import { ensureTools } from './tools.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, s) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
const green = (s) => paint(32, s);
const red = (s) => paint(31, s);
const dim = (s) => paint(2, s);
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${secs(ms)}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

let currentTeardown;
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, async () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${sig}: tearing down`);
    if (currentTeardown)
      await withTimeout(currentTeardown(), 20_000, 'teardown').catch((e) => console.error(e.message));
    process.exit(130);
  });
}

const started = Date.now();
const results = [];

const tTools = Date.now();
try {
  const tools = await ensureTools();
  console.log(
    dim(
      `tools ready in ${secs(Date.now() - tTools)} (node ${tools.node.version}, code-server ${tools.codeServer.version}; ${tools.paths.dir})`,
    ),
  );
} catch (e) {
  console.error(red(`e2e tools are not ready: ${e.message}`));
  process.exit(1);
}

const files = readdirSync(HERE)
  .filter((f) => f.endsWith('.e2e.mjs'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(red(`no e2e test files${filters.length ? ` matching ${filters.join(', ')}` : ''} in ${HERE}`));
  process.exit(1);
}

for (const file of files) {
  const mod = (await import(pathToFileURL(join(HERE, file)).href)).default;
  const title = mod.title ?? basename(file);
  console.log(`\n${title} ${dim(`(${file})`)}`);
  const tFile = Date.now();
  let state;
  let failed = false;
  // Runs once, from the end of the file or from a signal, whichever comes first.
  let teardownOnce;
  const teardown = () =>
    (teardownOnce ??= Promise.resolve().then(() => mod.teardown?.(state, { failed: failed && !interrupted })));
  currentTeardown = teardown;
  const setup = Promise.resolve().then(() => mod.setup?.());
  try {
    state = await withTimeout(setup, mod.setupTimeout ?? 180_000, `${title}: setup`);
    console.log(dim(`  setup ${secs(Date.now() - tFile)}`));
  } catch (e) {
    failed = true;
    // A setup that timed out may still finish later: tear down what it started then.
    setup.then(
      (late) => mod.teardown?.(late, { failed: true }),
      () => undefined,
    );
    console.log(red(`  ✗ setup: ${e.message}`));
    results.push({ file, name: 'setup', ok: false, error: e.message });
  }
  for (const test of mod.tests ?? []) {
    if (interrupted) break;
    if (failed) {
      console.log(dim(`  - ${test.name} (skipped: an earlier step failed)`));
      results.push({ file, name: test.name, ok: false, skipped: true });
      continue;
    }
    const t = Date.now();
    try {
      await withTimeout(
        Promise.resolve().then(() => test.fn(state)),
        test.timeout ?? mod.timeout ?? 90_000,
        `"${test.name}"`,
      );
      console.log(`  ${green('✓')} ${test.name} ${dim(secs(Date.now() - t))}`);
      results.push({ file, name: test.name, ok: true });
    } catch (e) {
      failed = true;
      if (interrupted) break;
      let shot = '';
      if (state?.page) {
        const name = `FAIL-${basename(file, '.e2e.mjs')}-${test.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`;
        shot = await screenshot(state.page, name).then(
          (p) => `\n    screenshot: ${p}`,
          () => '',
        );
      }
      console.log(
        `  ${red('✗')} ${test.name} ${dim(secs(Date.now() - t))}\n    ${red(String(e?.message ?? e).replace(/\n/g, '\n    '))}${shot}`,
      );
      results.push({ file, name: test.name, ok: false, error: e?.message });
    }
  }
  try {
    await withTimeout(teardown(), 30_000, `${title}: teardown`);
  } catch (e) {
    console.log(red(`  teardown failed: ${e.message}`));
  }
  currentTeardown = undefined;
  if (interrupted) break;
  console.log(dim(`  ${title}: ${secs(Date.now() - tFile)}`));
}

if (interrupted) {
  console.error('interrupted');
  process.exit(130);
}
const passed = results.filter((r) => r.ok).length;
const skipped = results.filter((r) => r.skipped).length;
const failedCount = results.length - passed - skipped;
const ok = failedCount === 0 && skipped === 0 && passed > 0;
// The failures again at the end: CI keeps only the tail of a long log, so a failure near the
// start must still be readable there.
for (const r of results.filter((x) => !x.ok && !x.skipped)) {
  console.log(red(`✗ ${r.file}: ${r.name}\n    ${String(r.error ?? '').replace(/\n/g, '\n    ')}`));
}
console.log(
  `\n${ok ? green('all passed') : red('FAILED')}: ${passed} passed, ${failedCount} failed, ${skipped} skipped in ${secs(Date.now() - started)}`,
);
process.exit(ok ? 0 : 1);
