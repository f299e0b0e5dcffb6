// VS Code's Synthesize without VS Code: the extension's worker (dist/worker.js) run on a file the
// way the extension host runs it, in this process, which stands for the host. Prints the wall time
// and this process's peak RSS (host and worker thread together: the worker is a thread).
//
//   npm run bench:worker -- FILE.csv               a local file: the worker reads it as a stream
//   npm run bench:worker -- FILE.csv --in-memory   the path remote folders take (and every file
//                                                  before streaming): the host reads the bytes
//                                                  whole and hands them to the worker
//   npm run bench:worker -- FILE.csv --rows N      generate N rows (the synthStudio.rows setting)
//                                                  instead of as many as the source has
//   npm run bench:worker -- --make FILE.csv ROWS   write adult-2000's rows over and over into FILE.csv
//   npm run bench:worker -- FILE.csv --keep DIR    keep the blueprint (DIR/blueprint.synth.json)
//   npm run bench:worker -- --generate BLUEPRINT FILE.csv [--in-memory]
//                                                  VS Code's Generate of that blueprint with FILE.csv
//                                                  as its source: a blueprint fitted on a sample
//                                                  reads it again into its samples; --in-memory
//                                                  hands the worker the source's bytes whole (the
//                                                  path before, and a virtual file system's)
//
// Run each mode in its own process (peak RSS is per process). The outputs go to a temporary
// folder that is removed at the end.
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';

const ROOT = join(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);

/** Run one job in the extension's worker (dist/worker.js), as the host does; resolves with its result. */
function runWorker(job) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(ROOT, 'dist', 'worker.js'), { workerData: job });
    worker.on('message', (m) => {
      if (m.type === 'done') resolve(m.result);
      if (m.type === 'failed') reject(new Error(m.message));
    });
    worker.on('error', reject);
  });
}

if (args[0] === '--make') {
  const [, file, rowsText] = args;
  const rows = Number(rowsText);
  const text = readFileSync(join(ROOT, 'test', 'fixtures', 'adult-2000.csv'), 'utf8');
  const cut = text.indexOf('\n') + 1;
  const lines = text.slice(cut).trimEnd().split('\n');
  const fd = openSync(file, 'w');
  writeSync(fd, text.slice(0, cut));
  for (let done = 0; done < rows; done += lines.length)
    writeSync(fd, `${lines.slice(0, Math.min(lines.length, rows - done)).join('\n')}\n`);
  closeSync(fd);
  console.log(`${file}: ${rows.toLocaleString('en-US')} rows, ${(statSync(file).size / 1e6).toFixed(1)} MB`);
  process.exit(0);
}

if (args[0] === '--generate') {
  const [, blueprintFile, source] = args;
  const text = readFileSync(blueprintFile, 'utf8');
  const bp = JSON.parse(text);
  const out = mkdtempSync(join(tmpdir(), 'synth-worker-bench-'));
  const tempPath = join(out, '.rows.csv.tmp');
  const started = performance.now();
  // As commands.ts builds the job: the source's path and the blueprint's sample settings, or its bytes.
  const job = {
    kind: 'generate',
    blueprintText: text,
    fileName: basename(blueprintFile),
    allowFormulas: false,
    tempPath,
    ...(args.includes('--in-memory')
      ? { sourceCsv: new Uint8Array(readFileSync(source)) }
      : {
          sourceFile: {
            path: source,
            name: basename(source),
            sampleRows: bp.source.sample,
            holdout: bp.source.holdout,
            seed: bp.seed,
          },
        }),
  };
  const result = await runWorker(job);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `generate ${args.includes('--in-memory') ? '(source in memory)' : '(source read into its samples)'}: ${bp.rows.toLocaleString('en-US')} rows, source ${(statSync(source).size / 1e6).toFixed(1)} MB, in ${seconds.toFixed(1)} s, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB; report score ${result.report ? result.report.score.toFixed(3) : 'none'}; output ${(statSync(tempPath).size / 1e6).toFixed(1)} MB`,
  );
  rmSync(out, { recursive: true, force: true });
  process.exit(0);
}

const rowsAt = args.indexOf('--rows');
const rows = rowsAt >= 0 ? Number(args[rowsAt + 1]) : undefined;
const keepAt = args.indexOf('--keep');
// The one argument that is neither a flag nor a flag's value.
const file = args.find(
  (a, i) => !a.startsWith('--') && !(rowsAt >= 0 && i === rowsAt + 1) && !(keepAt >= 0 && i === keepAt + 1),
);
if (!file) {
  console.error('usage: worker-synthesize.mjs FILE.csv [--in-memory] [--rows N] | --make FILE.csv ROWS');
  process.exit(2);
}
const inMemory = args.includes('--in-memory');
const fileName = basename(file);
const out = mkdtempSync(join(tmpdir(), 'synth-worker-bench-'));
const syntheticPath = join(out, fileName.replace(/\.(csv|tsv|parquet)$/i, '.synthetic.csv'));
const tempPath = join(out, `.${basename(syntheticPath)}.tmp`);
// The extension's defaults (package.json: synthStudio.seed, method, holdout, allowFormulas).
const settings = { fileName, seed: 42, method: 'cart', holdout: 0.2, allowFormulas: false, ...(rows ? { rows } : {}) };

const started = performance.now();
const job = inMemory
  ? { kind: 'synthesize', csv: new Uint8Array(readFileSync(file)), ...settings }
  : { kind: 'synthesizeFile', sourcePath: file, syntheticPath, tempPath, ...settings };
const result = await runWorker(job);
// What the host writes: the blueprint, and the rows (from the worker's temporary, or its text).
writeFileSync(join(out, 'blueprint.synth.json'), result.blueprintText);
if (inMemory) writeFileSync(syntheticPath, result.csvText);
else renameSync(tempPath, syntheticPath);
const seconds = (performance.now() - started) / 1000;
const rss = process.resourceUsage().maxRSS / 1024;
console.log(
  `${inMemory ? 'in memory' : 'as a stream'}: ${fileName} (${(statSync(file).size / 1e6).toFixed(1)} MB, ${result.blueprint.source.rows.toLocaleString('en-US')} rows${rows ? `, ${rows.toLocaleString('en-US')} generated` : ''}) in ${seconds.toFixed(1)} s, peak RSS ${Math.round(rss)} MB; synthetic ${(statSync(syntheticPath).size / 1e6).toFixed(1)} MB`,
);
if (keepAt >= 0) writeFileSync(join(args[keepAt + 1], 'blueprint.synth.json'), result.blueprintText);
rmSync(out, { recursive: true, force: true });
