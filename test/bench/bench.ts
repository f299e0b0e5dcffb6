/**
 * `npm run bench`: how long each stage of `synthesize` takes on real tables, and peak memory.
 * Each dataset runs in a fresh child process so that its peak RSS is its own. Timings on a shared
 * machine are noisy: every stage is also printed as a multiple of a baseline measured in the
 * same process (papaparse alone reading the same text), which moves with the machine's speed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import Papa from 'papaparse';
import { readCsv } from '../../src/core/csv/read';
import { toTable } from '../../src/core/csv/convert';
import { inferColumns } from '../../src/core/csv/infer';
import { writeCsvChunks } from '../../src/core/csv/write';
import { fitBlueprint } from '../../src/core/fit';
import { generateTable } from '../../src/core/generate';
import { buildReport } from '../../src/core/quality/report';
import { benchReport, formatReportBench } from './report';

const ROOT = path.join(__dirname, '..');
const SHARED = path.join(ROOT, '..', 'shared', 'datasets');
const DATASETS = ['adult.csv', 'diamonds.csv'];
const REPEATS = 3;

interface Result {
  file: string;
  rows: number;
  columns: number;
  baseline: number;
  parse: number;
  fit: number;
  generate: number;
  write: number;
  report: number;
  total: number;
  maxRssMb: number;
  score: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
}

function child(file: string): Result {
  const bytes = new Uint8Array(readFileSync(file));
  const text = new TextDecoder().decode(bytes);
  const runs: Omit<Result, 'file' | 'maxRssMb'>[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const [, baseline] = time(() => Papa.parse(text, { header: false, skipEmptyLines: true }));
    const [raw, parseRead] = time(() => readCsv(bytes, { fileName: path.basename(file) }));
    const [, parseType] = time(() => toTable(raw, inferColumns(raw)));
    const [fit, fitMs] = time(() => fitBlueprint(raw, { name: 'bench' }));
    const [synthetic, generate] = time(() => generateTable(fit.blueprint));
    const [, write] = time(() => {
      const parts: string[] = [];
      writeCsvChunks(synthetic, fit.blueprint.columns, {}, (s) => parts.push(s));
      return parts.join('');
    });
    // The full report, as synthesize builds it: privacy and utility against the holdout.
    const [report, reportMs] = time(() =>
      buildReport(fit.table, synthetic, { train: fit.train, holdout: fit.holdout }),
    );
    const parse = parseRead + parseType;
    // fitBlueprint infers and converts again internally; count that once, under parse.
    const fitOnly = Math.max(0, fitMs - parseType);
    runs.push({
      rows: raw.rowCount,
      columns: raw.header.length,
      baseline,
      parse,
      fit: fitOnly,
      generate,
      write,
      report: reportMs,
      total: parse + fitOnly + generate + write + reportMs,
      score: report.score,
    });
  }
  const pick = (k: keyof (typeof runs)[number]): number => median(runs.map((r) => r[k] as number));
  return {
    file: path.basename(file),
    rows: runs[0].rows,
    columns: runs[0].columns,
    baseline: pick('baseline'),
    parse: pick('parse'),
    fit: pick('fit'),
    generate: pick('generate'),
    write: pick('write'),
    report: pick('report'),
    total: pick('total'),
    score: runs[0].score,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

function main(): void {
  if (process.argv[2] === '--child') {
    process.stdout.write(JSON.stringify(child(process.argv[3])));
    return;
  }
  if (process.argv[2] === '--report-child') {
    // The quality report alone, in a fresh process: first (cold) run, median, parts, scaling.
    process.stdout.write(formatReportBench(benchReport(process.argv[3], 5, process.argv[4] !== '--no-scaling')));
    return;
  }
  const files = DATASETS.map((d) => path.join(SHARED, d)).filter((f) => existsSync(f));
  if (files.length === 0) {
    console.log(`No datasets at ${SHARED}; benchmarking the bundled fixture instead.`);
    files.push(path.join(ROOT, 'test', 'fixtures', 'adult-2000.csv'));
  }
  const results = files.map(
    (f) =>
      JSON.parse(
        execFileSync(process.execPath, ['--expose-gc', __filename, '--child', f], {
          encoding: 'utf8',
          maxBuffer: 1 << 24,
        }),
      ) as Result,
  );
  const s = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;
  const x = (ms: number, base: number): string => `${(ms / base).toFixed(1)}x`;
  console.log(
    `synthesize, stage by stage (median of ${REPEATS} runs; "x" = multiple of papaparse alone on the same text)\n`,
  );
  const head = [
    'dataset',
    'rows x cols',
    'papaparse',
    'parse+type',
    'fit',
    'generate',
    'write',
    'report',
    'total',
    'peak RSS',
    'quality',
  ];
  const rows = results.map((r) => [
    r.file,
    `${r.rows.toLocaleString('en-US')} x ${r.columns}`,
    s(r.baseline),
    `${s(r.parse)} (${x(r.parse, r.baseline)})`,
    `${s(r.fit)} (${x(r.fit, r.baseline)})`,
    `${s(r.generate)} (${x(r.generate, r.baseline)})`,
    `${s(r.write)} (${x(r.write, r.baseline)})`,
    `${s(r.report)} (${x(r.report, r.baseline)})`,
    `${s(r.total)} (${x(r.total, r.baseline)})`,
    `${r.maxRssMb.toFixed(0)} MB`,
    r.score.toFixed(3),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  console.log('\nReference: SDV GaussianCopula fit+sample on adult.csv took about 9 s on this kind of machine.');
  // The quality report: the full report against a synthetic twin, and linear in rows.
  const reportFiles: [string, boolean][] = [
    ['adult.csv', true],
    ['bank-full.csv', false],
  ];
  const present = reportFiles
    .map(([f, scaling]) => [path.join(SHARED, f), scaling] as const)
    .filter(([f]) => existsSync(f));
  if (present.length)
    console.log(
      '\nquality report (fidelity, validity, privacy, utility, distinguishability, panel data), fresh process each:',
    );
  for (const [f, scaling] of present) {
    console.log(
      execFileSync(
        process.execPath,
        ['--expose-gc', __filename, '--report-child', f, ...(scaling ? [] : ['--no-scaling'])],
        { encoding: 'utf8', maxBuffer: 1 << 24 },
      ),
    );
  }
  console.log('Reference: SDMetrics QualityReport alone took 1.2 s on adult.csv here, plus 3 s to import.');
  // The report panel: payload size and time to the first chart, in Chromium.
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'test', 'bench', 'panel.mjs')], { stdio: 'inherit' });
  } catch {
    process.exitCode = 1;
  }
}

main();
