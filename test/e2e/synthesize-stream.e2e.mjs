// Synthesize a CSV too large for a text document (over VS Code's 50 MB limit) in a real VS Code:
// the worker reads it from disk in one pass, the progress notification shows megabytes and rows
// read, rows/s and time left, then the later stages; Cancel mid-read leaves the old blueprint and
// rows byte for byte and no temporary; a run let finish writes the blueprint (counted over every
// row, fitted on the synthStudio.sample rows, a hand-written constraint kept) and every synthetic row;
// Generate from the blueprint then reads the file again into its samples (not whole); Cancel
// while the rows are being written removes their temporary and keeps the files.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT,
  debug,
  explorerContextMenu,
  openEditor,
  notifications,
  openFolder,
  runCommand,
  screenshot,
  startSession,
  waitFor,
  webviewFrame,
} from './codeServer.mjs';

const SOURCE = 'big.csv';
const BLUEPRINT = 'big.synth.json';
const SYNTHETIC = 'big.synthetic.csv';
/** adult-2000's 2,000 rows this many times over: 556,000 rows, about 60 MB. */
const REPEATS = 278;
const ROWS = 2000 * REPEATS;

/** Temporaries of a write into the workspace (`.big.synthetic.csv.PID-XXXXXXXX.tmp`). */
const temps = (ws) => readdirSync(ws).filter((f) => f.endsWith('.tmp'));

/** Write adult-2000's header once and its rows REPEATS times (one write per copy, no big string). */
function writeBigCsv(file) {
  const text = readFileSync(join(ROOT, 'test', 'fixtures', 'adult-2000.csv'), 'utf8');
  const cut = text.indexOf('\n') + 1;
  const body = Buffer.from(text.slice(cut).endsWith('\n') ? text.slice(cut) : `${text.slice(cut)}\n`);
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, text.slice(0, cut));
    for (let i = 0; i < REPEATS; i++) writeSync(fd, body);
  } finally {
    closeSync(fd);
  }
}

/** Lines of a file, counted in chunks (the synthetic file is too large to split as one string). */
function countLines(file) {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(1 << 20);
  let lines = 0;
  try {
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;)
      for (let i = 0; i < n; i++) if (buf[i] === 10) lines++;
  } finally {
    closeSync(fd);
  }
  return lines;
}

/** The extension host of this code-server (a process of its group), for its peak memory. */
function extensionHostPid(serverPid) {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp === serverPid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('extensionHost'))
        return Number(pid);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

const peakRss = (pid) => /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];

/** Choose Overwrite in the modal that asks before replacing the outputs of an earlier run. */
async function overwrite(page) {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 30_000 });
  await dialog.locator('.dialog-buttons .monaco-button', { hasText: /^Overwrite$/ }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
}

/** synthStudio.sample in the user's settings (the default is 100,000). */
const SAMPLE = 60_000;

export default {
  title: 'Synthesize a CSV over the editor limit as a stream, with progress and Cancel',
  timeout: 900_000,

  async setup() {
    const s = await startSession('synthesize-stream', { vsix: join(ROOT, 'dist', 'synth-studio.vsix') });
    const ws = s.sb.workspace;
    s.ws = ws;
    s.path = (f) => join(ws, f);
    // The user's sample size (synthStudio.sample), as the settings UI writes it.
    const settingsFile = join(s.sb.userData, 'User', 'settings.json');
    const settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
    settings['synthStudio.sample'] = SAMPLE;
    writeFileSync(settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
    // The outputs of an earlier run on a smaller big.csv, with a constraint written by hand.
    writeFileSync(s.path(SOURCE), readFileSync(join(ROOT, 'test', 'fixtures', 'adult-2000.csv')));
    execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'synthesize', SOURCE, '--quiet'], { cwd: ws });
    const bp = JSON.parse(readFileSync(s.path(BLUEPRINT), 'utf8'));
    bp.constraints = [...(bp.constraints ?? []), { expr: 'age >= 17', description: 'written by hand' }];
    writeFileSync(s.path(BLUEPRINT), JSON.stringify(bp, null, 2));
    s.old = { blueprint: readFileSync(s.path(BLUEPRINT)), synthetic: readFileSync(s.path(SYNTHETIC)) };
    writeBigCsv(s.path(SOURCE));
    s.sourceBytes = statSync(s.path(SOURCE)).size;
    assert.ok(s.sourceBytes > 50 * 1024 * 1024, `${SOURCE} is ${s.sourceBytes} bytes, not over the editor's 50 MB`);
    await openFolder(s.page, s.server.url, ws, { waitForFile: SOURCE });
    return s;
  },

  tests: [
    {
      name: 'progress shows MB and rows read, rows/s and time left; Cancel mid-read leaves the old files and no temporary',
      timeout: 300_000,
      async fn(s) {
        await explorerContextMenu(s.page, SOURCE, 'Synthesize');
        await overwrite(s.page);
        const toast = s.page.locator('.notifications-toasts .notification-toast').filter({ hasText: 'rows/s' });
        try {
          await toast.first().waitFor({ state: 'visible', timeout: 120_000 });
        } catch (e) {
          throw new Error(`${e.message}; notifications: ${(await notifications(s.page)).join(' | ') || 'none'}`);
        }
        const text = (await toast.first().textContent()) ?? '';
        assert.match(
          text,
          /Synthesizing big\.csv.*Reading… [\d.]+ of 6\d\.\d MB, [\d,]+ rows \([\d,]+ rows\/s, about .+ left\)/,
          text,
        );
        await screenshot(s.page, 'synthesize-stream-1-reading');
        // Mid-read: nothing is written yet, the old files are as they were.
        assert.deepEqual(temps(s.ws), []);
        assert.deepEqual(readFileSync(s.path(BLUEPRINT)), s.old.blueprint);
        await toast.first().hover();
        await toast.first().locator('.monaco-button', { hasText: 'Cancel' }).click();
        // Said once the worker has stopped and any temporary is removed.
        await waitFor(async () => (await notifications(s.page)).some((n) => /^Synthesize cancelled/.test(n)), {
          timeout: 60_000,
          message: 'the "Synthesize cancelled" notification',
        });
        const said = (await notifications(s.page)).find((n) => /^Synthesize cancelled/.test(n));
        assert.equal(said, 'Synthesize cancelled; nothing was written.');
        assert.deepEqual(readFileSync(s.path(BLUEPRINT)), s.old.blueprint, 'the old blueprint, byte for byte');
        assert.deepEqual(readFileSync(s.path(SYNTHETIC)), s.old.synthetic, 'the old rows, byte for byte');
        assert.deepEqual(temps(s.ws), []);
      },
    },
    {
      name: 'a run let finish writes the blueprint and every synthetic row, through the later stages',
      timeout: 600_000,
      async fn(s) {
        // The peak memory of this run alone (Linux: writing 5 to clear_refs resets VmHWM).
        s.host = extensionHostPid(s.server.pid);
        if (s.host) writeFileSync(`/proc/${s.host}/clear_refs`, '5');
        const started = Date.now();
        await explorerContextMenu(s.page, SOURCE, 'Synthesize');
        await overwrite(s.page);
        // The progress messages seen, in order (each new one once).
        const progress = s.page
          .locator('.notifications-toasts .notification-toast')
          .filter({ hasText: 'Synthesizing big.csv' })
          .first();
        const seen = [];
        let generating = '';
        let done;
        try {
          done = await waitFor(
            async () => {
              const text = await progress.textContent({ timeout: 200 }).catch(() => '');
              const stage = /(Reading|Fitting the model|Generating rows|Measuring quality)…/.exec(text ?? '')?.[1];
              if (stage && seen.at(-1) !== stage) seen.push(stage);
              if (stage === 'Generating rows') generating = text;
              return (await notifications(s.page)).find((n) => n.startsWith('Synthesized '));
            },
            { timeout: 540_000, interval: 300, message: 'the Synthesized notification' },
          );
        } catch (e) {
          throw new Error(`${e.message}; notifications: ${(await notifications(s.page)).join(' | ') || 'none'}`);
        }
        const seconds = (Date.now() - started) / 1000;
        if (s.host)
          console.log(`    extension host: ${seconds.toFixed(1)} s, peak RSS ${Math.round(peakRss(s.host) / 1024)} MB`);
        debug('stages seen:', seen.join(' > '));
        assert.match(
          done,
          new RegExp(`^Synthesized ${ROWS.toLocaleString('en-US')} rows from big\\.csv: quality`),
          done,
        );
        assert.equal(seen[0], 'Reading', `stages seen: ${seen.join(' > ')}`);
        assert.ok(seen.length >= 2, `only ${seen.join(' > ')} seen before the end`);
        // Generating 556,000 rows takes seconds: seen, with the count the worker told.
        assert.match(generating, /Generating rows… [\d,]+ of 556,000/, `stages seen: ${seen.join(' > ')}`);
        const bp = JSON.parse(readFileSync(s.path(BLUEPRINT), 'utf8'));
        // Read as a stream: every row counted, the model fitted on the sample the setting asks for.
        assert.equal(bp.source.rows, ROWS);
        assert.equal(bp.source.sample, SAMPLE);
        assert.equal(bp.rows, ROWS);
        assert.ok(
          bp.constraints.some((c) => c.expr === 'age >= 17'),
          `the hand-written constraint is gone: ${JSON.stringify(bp.constraints)}`,
        );
        const header = readFileSync(s.path(SOURCE), 'utf8').slice(0, 400).split('\n')[0];
        assert.equal(readFileSync(s.path(SYNTHETIC), 'utf8').slice(0, 400).split('\n')[0], header);
        assert.equal(countLines(s.path(SYNTHETIC)), ROWS + 1, 'the header and every synthetic row');
        assert.deepEqual(temps(s.ws), []);
      },
    },
    {
      name: "Generate from big.synth.json reads big.csv again into the blueprint's samples: Synthesize's rows and report, no 60 MB read whole",
      timeout: 300_000,
      async fn(s) {
        const before = readFileSync(s.path(SYNTHETIC));
        await openEditor(s.page, BLUEPRINT, { timeout: 60_000 });
        await runCommand(s.page, 'Notifications: Clear All Notifications').catch(() => undefined);
        await runCommand(s.page, 'Synth Studio: Generate');
        // Generate's report on a sampled source says so in its first note (Synthesize's says it differently).
        const frame = await webviewFrame(s.page, '#app[data-rendered="true"] #report-tabs', { timeout: 240_000 });
        const note = await waitFor(
          async () => {
            const text =
              (await frame
                .locator('.notes')
                .first()
                .textContent({ timeout: 1000 })
                .catch(() => '')) ?? '';
            return /as Synthesize's report did/.test(text) ? text : undefined;
          },
          { timeout: 240_000, interval: 500, message: "the report's note on the sampled source" },
        ).catch(async (e) => {
          throw new Error(`${e.message}; notifications: ${(await notifications(s.page)).join(' | ') || 'none'}`);
        });
        assert.match(note, /Large source: 556,000 rows were read as a stream\. .*60,000 training rows/, note);
        await screenshot(s.page, 'synthesize-stream-2-generate-report');
        const errors = (await notifications(s.page)).filter((t) => /failed|too large|limit/i.test(t));
        assert.deepEqual(errors, []);
        // The unchanged blueprint and seed make Synthesize's rows again, byte for byte.
        await waitFor(() => temps(s.ws).length === 0, { timeout: 30_000, message: 'the output renamed into place' });
        assert.ok(readFileSync(s.path(SYNTHETIC)).equals(before), 'Generate wrote other rows than Synthesize');
      },
    },
    {
      name: 'Cancel while the synthetic rows are being written removes their temporary and keeps the files',
      timeout: 600_000,
      async fn(s) {
        const before = { blueprint: readFileSync(s.path(BLUEPRINT)), synthetic: readFileSync(s.path(SYNTHETIC)) };
        await explorerContextMenu(s.page, SOURCE, 'Synthesize');
        await overwrite(s.page);
        // The temporary appears once the fit is done and the first rows are generated.
        try {
          await waitFor(() => temps(s.ws).length === 1, {
            timeout: 540_000,
            interval: 200,
            message: 'the temporary of the synthetic rows',
          });
        } catch (e) {
          throw new Error(`${e.message}; notifications: ${(await notifications(s.page)).join(' | ') || 'none'}`);
        }
        const toast = s.page
          .locator('.notifications-toasts .notification-toast')
          .filter({ hasText: 'Synthesizing big.csv' })
          .first();
        await toast.hover();
        await toast.locator('.monaco-button', { hasText: 'Cancel' }).click();
        await waitFor(async () => (await notifications(s.page)).some((n) => /^Synthesize cancelled/.test(n)), {
          timeout: 60_000,
          message: 'the "Synthesize cancelled" notification',
        });
        assert.deepEqual(temps(s.ws), [], 'the temporary removed');
        assert.deepEqual(readFileSync(s.path(BLUEPRINT)), before.blueprint, 'the blueprint, byte for byte');
        assert.deepEqual(readFileSync(s.path(SYNTHETIC)), before.synthetic, 'the rows, byte for byte');
      },
    },
  ],

  async teardown(s, { failed }) {
    if (!s) return;
    if (failed) console.log(`    sandbox kept for a look: ${s.sb.dir} (code-server log: ${s.server?.log})`);
    await s.stop({ keep: failed });
  },
};
