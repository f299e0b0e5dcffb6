import { spawnSync } from 'node:child_process';
import { mkdirSync, promises as fsp, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { SynthError } from '../../../src/core/errors';
import { fileError, isInsideFolder, removeStaleTemps, replaceFiles, streamFile } from '../../../src/node/replace';
import { tempDir } from '../helpers';

function folder(): string {
  return tempDir('synth-replace-');
}

/**
 * A second thread that stats `files` in a tight loop until told to stop, counting its looks and
 * the looks that found a file missing. It runs truly in parallel with the replace under test.
 */
function watcher(files: string[]): {
  stop: () => Promise<{ looks: number; missing: number }>;
  /** Looks and missing looks so far (read while the watcher runs). */
  now: () => { looks: number; missing: number };
} {
  // [0] stop flag, [1] looks, [2] missing looks: shared, so the test can wait on the watcher
  // (on a loaded machine its thread may get little time) instead of assuming how fast it runs.
  const flag = new Int32Array(new SharedArrayBuffer(12));
  const worker = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     const { existsSync } = require('node:fs');
     const flag = workerData.flag; let looks = 0, missing = 0;
     while (Atomics.load(flag, 0) === 0) for (const f of workerData.files) { looks++; Atomics.add(flag, 1, 1); if (!existsSync(f)) { missing++; Atomics.add(flag, 2, 1); } }
     parentPort.postMessage({ looks, missing });`,
    { eval: true, workerData: { files, flag } },
  );
  const result = new Promise<{ looks: number; missing: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    now: () => ({ looks: Atomics.load(flag, 1), missing: Atomics.load(flag, 2) }),
    stop: async () => {
      Atomics.store(flag, 0, 1);
      const r = await result;
      await worker.terminate();
      return r;
    },
  };
}

/** The replace VS Code's `workspace.fs.rename(..., { overwrite: true })` does: delete, then rename. */
async function deleteThenRename(file: string, data: string): Promise<void> {
  const temp = `${file}.naive.tmp`;
  await fsp.writeFile(temp, data);
  await fsp.rm(file);
  await new Promise((r) => setImmediate(r)); // the file service's next step is another async call
  await fsp.rename(temp, file);
}

describe('replaceFiles: atomic replace on a real folder', () => {
  it('the watcher sees a file go missing when it is deleted before the rename (the check can fail)', async () => {
    const dir = folder();
    const file = path.join(dir, 'penguins.synth.json');
    writeFileSync(file, 'old');
    const w = watcher([file]);
    // At least 300 replaces, and on until the watcher has looked 1,000 times and seen a gap.
    for (let i = 0; i < 300 || ((w.now().looks < 1000 || w.now().missing === 0) && i < 100_000); i++)
      await deleteThenRename(file, `v${i}`);
    const seen = await w.stop();
    expect(seen.looks).toBeGreaterThan(1000);
    expect(seen.missing).toBeGreaterThan(0);
  });

  it('every target exists at every observation while replaceFiles replaces it, 300 times over', async () => {
    const dir = folder();
    const blueprint = path.join(dir, 'penguins.synth.json');
    const csv = path.join(dir, 'penguins.synthetic.csv');
    writeFileSync(blueprint, 'old blueprint');
    writeFileSync(csv, 'old,csv\n');
    const w = watcher([blueprint, csv]);
    // At least 300 replaces, and on until the watcher has looked 1,000 times.
    let i = 0;
    for (; i < 300 || (w.now().looks < 1000 && i < 100_000); i++)
      await replaceFiles([
        { path: blueprint, data: `blueprint ${i}` },
        { path: csv, data: `csv,${i}\n` },
      ]);
    const seen = await w.stop();
    expect(seen.looks).toBeGreaterThan(1000);
    expect(seen.missing).toBe(0);
    expect(readFileSync(blueprint, 'utf8')).toBe(`blueprint ${i - 1}`);
    expect(readFileSync(csv, 'utf8')).toBe(`csv,${i - 1}\n`);
    expect(readdirSync(dir).sort()).toEqual(['penguins.synth.json', 'penguins.synthetic.csv']);
  });

  it('a rename failing part-way leaves each target old or new, never missing, and says which', async () => {
    const dir = folder();
    const a = path.join(dir, 'a.synth.json');
    const b = path.join(dir, 'b.synthetic.csv');
    writeFileSync(a, 'old a');
    writeFileSync(b, 'old b');
    let error: unknown;
    try {
      await replaceFiles(
        [
          { path: a, data: 'new a' },
          { path: b, data: 'new b' },
        ],
        {
          // After the first rename, b turns into a folder with a file in it: its rename must fail.
          afterRename: (target) => {
            if (target !== a) return;
            rmSync(b);
            mkdirSync(b);
            writeFileSync(path.join(b, 'keep.txt'), 'x');
          },
        },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SynthError);
    expect((error as SynthError).message).toMatch(
      /a\.synth\.json was replaced; b\.synthetic\.csv keeps its previous content/,
    );
    expect(readFileSync(a, 'utf8')).toBe('new a');
    expect(readFileSync(path.join(b, 'keep.txt'), 'utf8')).toBe('x');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a write that fails before the renames changes nothing and leaves no temporary', async () => {
    const dir = folder();
    const a = path.join(dir, 'a.csv');
    writeFileSync(a, 'old a');
    const blocker = path.join(dir, 'blocker');
    writeFileSync(blocker, 'a file where a folder should be');
    await expect(
      replaceFiles([
        { path: a, data: 'new a' },
        { path: path.join(blocker, 'b.csv'), data: 'new b' },
      ]),
    ).rejects.toThrow(/blocker.*is a file, not a folder; nothing was changed/);
    expect(readFileSync(a, 'utf8')).toBe('old a');
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'blocker']);
  });

  it('renames a temporary written beforehand (streamFile, closed) together with the other files', async () => {
    const dir = folder();
    const rows = path.join(dir, 'rows.csv');
    const blueprint = path.join(dir, 'rows.synth.json');
    writeFileSync(rows, 'old rows');
    writeFileSync(blueprint, 'old blueprint');
    const stream = streamFile(rows);
    stream.write('a,b\n');
    stream.write(new TextEncoder().encode('1,2\n'));
    const temp = stream.close();
    // Closed, not renamed: the target keeps its bytes until the step.
    expect(path.dirname(temp)).toBe(dir);
    expect(readFileSync(temp, 'utf8')).toBe('a,b\n1,2\n');
    expect(readFileSync(rows, 'utf8')).toBe('old rows');
    await replaceFiles([
      { path: blueprint, data: 'new blueprint' },
      { path: rows, temp },
    ]);
    expect(readFileSync(rows, 'utf8')).toBe('a,b\n1,2\n');
    expect(readFileSync(blueprint, 'utf8')).toBe('new blueprint');
    expect(readdirSync(dir).sort()).toEqual(['rows.csv', 'rows.synth.json']);
  });

  it('removes a temporary written beforehand when the step fails before the renames', async () => {
    const dir = folder();
    const rows = path.join(dir, 'rows.csv');
    writeFileSync(rows, 'old rows');
    // The caller named the temporary (as the extension host does for its worker).
    const named = path.join(dir, '.rows.csv.1-0a0b0c0d.tmp');
    const stream = streamFile(rows, 'write elsewhere', named);
    stream.write('new rows');
    expect(stream.close()).toBe(named);
    mkdirSync(path.join(dir, 'out.synth.json'));
    await expect(
      replaceFiles([
        { path: path.join(dir, 'out.synth.json'), data: 'blueprint' },
        { path: rows, temp: named },
      ]),
    ).rejects.toThrow(/is a folder, not a file; nothing was changed/);
    expect(readFileSync(rows, 'utf8')).toBe('old rows');
    expect(readdirSync(dir).sort()).toEqual(['out.synth.json', 'rows.csv']);
  });

  it('keeps the mode of the file it replaces', async () => {
    const dir = folder();
    const a = path.join(dir, 'run.sh');
    writeFileSync(a, 'old', { mode: 0o751 });
    await replaceFiles([{ path: a, data: 'new' }]);
    expect((await fsp.stat(a)).mode & 0o777).toBe(0o751);
  });
});

describe('stale temporaries of killed runs', () => {
  it('are removed on the next write into their folder; those of running processes and other files stay', async () => {
    const dir = folder();
    // A process id that was used and is gone now.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    }).stdout;
    const stale = `.out.csv.${dead}-0a1b2c3d.tmp`;
    const live = `.out.csv.${process.ppid}-0a1b2c3d.tmp`;
    const old = `.out.csv.${process.ppid}-deadbeef.tmp`;
    for (const f of [stale, live, old, '.other.tmp', 'notes.tmp', '.out.csv.x-0a1b2c3d.tmp'])
      writeFileSync(path.join(dir, f), 'partial');
    // A temporary of a running process but two days old is stale too (its writer is not us).
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    await fsp.utimes(path.join(dir, old), twoDaysAgo, twoDaysAgo);
    await replaceFiles([{ path: path.join(dir, 'out.csv'), data: 'a\n' }]);
    expect(readdirSync(dir).sort()).toEqual(
      ['.other.tmp', '.out.csv.x-0a1b2c3d.tmp', live, 'notes.tmp', 'out.csv'].sort(),
    );
    expect(await removeStaleTemps(dir)).toEqual([]);
  });
});

describe('messages for writes that fail', () => {
  const cases: [string, RegExp, RegExp][] = [
    ['ENOSPC', /the disk is full/, /Free some space, or write elsewhere on another disk/],
    ['EDQUOT', /quota/, /Free some space/],
    ['EACCES', /permission denied/, /Make the folder writable \(chmod u\+w\), or write elsewhere/],
    ['EROFS', /read-only/, /write elsewhere/],
    ['EISDIR', /it is a folder, not a file/, /file inside it/],
    ['ENOTDIR', /a folder on its path is a file/, /folder path/],
  ];
  for (const [code, message, hint] of cases)
    it(`${code}: what happened and what to do`, () => {
      const e = fileError(Object.assign(new Error(code), { code }), '/data/out.csv', 'write elsewhere', 'file');
      expect(e.message).toMatch(/^Cannot write \/data\/out\.csv/);
      expect(e.message).toMatch(message);
      expect(e.hint).toMatch(hint);
    });
});

describe('isInsideFolder', () => {
  it('follows symbolic links and .. before deciding', () => {
    const dir = folder();
    const outside = folder();
    mkdirSync(path.join(dir, 'sub'));
    require('node:fs').symlinkSync(outside, path.join(dir, 'link'));
    expect(isInsideFolder(path.join(dir, 'sub', 'x.csv'), dir)).toBe(true);
    expect(isInsideFolder(path.join(dir, 'new', 'deeper', 'x.csv'), dir)).toBe(true);
    expect(isInsideFolder(path.join(dir, 'sub', '..', '..', 'x.csv'), dir)).toBe(false);
    expect(isInsideFolder(path.join(dir, 'link', 'x.csv'), dir)).toBe(false);
    expect(isInsideFolder(dir, dir)).toBe(true);
    expect(isInsideFolder(`${dir}-sibling/x.csv`, dir)).toBe(false);
  });
});
