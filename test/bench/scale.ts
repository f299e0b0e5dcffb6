/**
 * Generation and synthesis at scale, measured as a user runs them: the built CLI as a child
 * process per run, peak RSS read from that process (a preload script prints
 * `process.resourceUsage().maxRSS` at its exit), wall time, rows/s and MB/s written.
 *
 * 1. `generate` from adult's blueprint (fitted by the default method on adult.csv, or on the 2,000-row fixture
 *    when the full file is absent) to CSV and to Parquet: 1M and 10M rows (100M with --100m).
 * 2. The generator's and each writer's share, in this process on 1M rows: generating alone, then
 *    generating and writing CSV, then Parquet.
 * 3. `synthesize` on 1M- and 10M-row CSVs the bench generates first (read as a stream, fitted on
 *    the default 100,000-row sample).
 *
 *   npm run bench:scale [-- --100m] [-- --skip-synthesize] [-- --skip-10m-synthesize] [-- --synthesize-only]
 *     [-- --shares-only]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBlueprint } from '../../src/core/blueprint/parse';
import { createWriter } from '../../src/core/export';
import { generateChunks } from '../../src/core/generate';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const args = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
const probe = join(dir, 'probe.js');
writeFileSync(
  probe,
  "process.on('exit', () => { require('fs').writeSync(2, `\\nmaxRSS ${process.resourceUsage().maxRSS}\\n`); });\n",
);

const full = '/work/shared/datasets/adult.csv';
const source = existsSync(full) ? full : join(ROOT, 'test', 'fixtures', 'adult-2000.csv');
copyFileSync(source, join(dir, 'adult.csv'));
execFileSync(process.execPath, [CLI, 'synthesize', 'adult.csv', '--rows', '10', '--quiet'], { cwd: dir });
const blueprintFile = join(dir, 'adult.synth.json');
const blueprintText = readFileSync(blueprintFile, 'utf8');

interface Run {
  seconds: number;
  rssMB: number;
  code: number;
}

function cli(argv: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--require', probe, CLI, ...argv], { cwd: dir, encoding: 'utf8', env });
  const seconds = (performance.now() - t) / 1000;
  const m = /maxRSS (\d+)/.exec(r.stderr);
  if (r.status !== 0) process.stderr.write(r.stderr);
  return { seconds, rssMB: m ? Number(m[1]) / 1024 : NaN, code: r.status ?? -1 };
}

const fmt = (n: number, d = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

const method = /"method": "(\w+)"/.exec(blueprintText)?.[1] ?? '?';
console.log(`adult blueprint fitted on ${source} (${method}); node ${process.version}; one process per run`);
console.log('');
// Each run twice, side by side: in one thread (SYNTH_STUDIO_THREADS=1, the per-core rate) and
// with the pool's workers (the default on this machine's cores).
const cores = availableParallelism();
console.log(`| run | threads | rows | wall s | rows/s | MB written | MB/s | peak RSS MB |`);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
const synthesizeOnly = args.includes('--synthesize-only');
const sizes =
  synthesizeOnly || args.includes('--shares-only')
    ? []
    : [1_000_000, 10_000_000, ...(args.includes('--100m') ? [100_000_000] : [])];
for (const rows of sizes)
  for (const ext of ['csv', 'parquet'])
    for (const threads of cores > 1 ? [1, cores] : [1]) {
      const out = `rows.${ext}`;
      const r = cli(['generate', 'adult.synth.json', '--rows', String(rows), '--out', out, '--force', '--quiet'], {
        ...process.env,
        SYNTH_STUDIO_THREADS: String(threads),
      });
      const mb = r.code === 0 ? statSync(join(dir, out)).size / 1e6 : NaN;
      console.log(
        `| generate ${ext} | ${threads} | ${fmt(rows)} | ${fmt(r.seconds, 1)} | ${fmt(rows / r.seconds)} | ${fmt(mb)} | ${fmt(mb / r.seconds, 1)} | ${fmt(r.rssMB)} |`,
      );
      rmSync(join(dir, out), { force: true });
    }

// The generator's and the writers' shares, in this process.
const blueprint = parseBlueprint(blueprintText, 'adult.synth.json').blueprint!;
const SHARE_ROWS = 1_000_000;
const timeOnce = (format: 'none' | 'csv' | 'parquet'): number => {
  const bp = format === 'none' ? blueprint : { ...blueprint, output: { ...blueprint.output, format } };
  const writer = format === 'none' ? undefined : createWriter(bp, { rows: SHARE_ROWS });
  const t = performance.now();
  generateChunks(bp, { rows: SHARE_ROWS, chunkSize: 8192 }, (chunk) => {
    writer?.chunk(chunk);
  });
  writer?.end();
  return (performance.now() - t) / 1000;
};
// The best of two, the formats alternated: the first run of a process also compiles the code.
const best: Record<string, number> = {};
for (let k = 0; k < 2 && !synthesizeOnly; k++)
  for (const f of ['none', 'csv', 'parquet'] as const) best[f] = Math.min(best[f] ?? Infinity, timeOnce(f));
const timeIt = (format: 'none' | 'csv' | 'parquet'): number => best[format];
if (!synthesizeOnly) {
  const gen = timeIt('none');
  const csv = timeIt('csv');
  const pq = timeIt('parquet');
  console.log('');
  console.log(`Shares on ${fmt(SHARE_ROWS)} rows in one process:`);
  console.log('');
  console.log(`| stage | s | rows/s | share of generate+write |`);
  console.log('|---|---:|---:|---:|');
  console.log(`| generate only | ${fmt(gen, 2)} | ${fmt(SHARE_ROWS / gen)} | |`);
  console.log(
    `| CSV writer | ${fmt(csv - gen, 2)} | ${fmt(SHARE_ROWS / (csv - gen))} | ${fmt((100 * (csv - gen)) / csv)}% of ${fmt(csv, 2)} s |`,
  );
  console.log(
    `| Parquet writer | ${fmt(pq - gen, 2)} | ${fmt(SHARE_ROWS / (pq - gen))} | ${fmt((100 * (pq - gen)) / pq)}% of ${fmt(pq, 2)} s |`,
  );
}

if (!args.includes('--skip-synthesize')) {
  // synthesize (default method) on inputs the bench writes first from adult's blueprint: read as a stream,
  // fitted on a 100,000-row sample (the default), as many rows generated as the input has.
  console.log('');
  console.log('| run | input rows | input MB | wall s | rows/s | MB/s read | peak RSS MB |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  const synthSizes = args.includes('--skip-10m-synthesize') ? [1_000_000] : [1_000_000, 10_000_000];
  // The 1M-row input is generated; the 10M-row one is its rows ten times over (quicker to make,
  // and the same shape of work for the reader).
  cli(['generate', 'adult.synth.json', '--rows', '1000000', '--out', 'input-1000000.csv', '--force', '--quiet']);
  const base = readFileSync(join(dir, 'input-1000000.csv'), 'utf8');
  const body = base.slice(base.indexOf('\n') + 1);
  for (const rows of synthSizes) {
    const input = `input-${rows}.csv`;
    if (rows !== 1_000_000) {
      writeFileSync(join(dir, input), base);
      for (let i = 1; i < rows / 1_000_000; i++) appendFileSync(join(dir, input), body);
    }
    const mb = statSync(join(dir, input)).size / 1e6;
    const r = cli(['synthesize', input, '--out-dir', `fit-${rows}`, '--force', '--quiet']);
    console.log(
      `| synthesize (read, fit, generate as many, report) | ${fmt(rows)} | ${fmt(mb)} | ${fmt(r.seconds, 1)} | ${fmt(rows / r.seconds)} | ${fmt(mb / r.seconds, 1)} | ${fmt(r.rssMB)} |`,
    );
    if (rows !== 1_000_000) rmSync(join(dir, input), { force: true });
    rmSync(join(dir, `fit-${rows}`), { recursive: true, force: true });
  }
}
rmSync(dir, { recursive: true, force: true });
