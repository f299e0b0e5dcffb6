/**
 * `npm run bench:stages [-- FILE.csv --method copula|cart --repeats N]`: where the time of one
 * `synthesize` goes, stage by stage, in one process (medians of N runs after a warm-up run).
 *
 * Two measurements per run:
 * - the real `synthesize()` call plus what the CLI does after it (report.json text, HTML page),
 *   timed as a whole: this is what a user waits for, minus process start-up and file writes;
 * - the same steps taken one by one (mirroring `synthesize` in src/core/pipeline.ts), each timed,
 *   with the report's own per-part timings.
 * The machine is shared: the load average is printed, and stage shares of the total are what to
 * compare between runs. Each run is made twice, alternated: the fit's trees and the report's
 * detection folds in turn in one thread, then in worker threads as the CLI and VS Code run them.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import * as path from 'node:path';
import { serializeBlueprint } from '../../src/core/blueprint/serialize';
import { checkConstraints } from '../../src/core/constraints/check';
import { findRawViolations } from '../../src/core/constraints/source';
import { readCsv } from '../../src/core/csv/read';
import { createWriter } from '../../src/core/export';
import { fitBlueprint } from '../../src/core/fit';
import { concatTables, generateChunks } from '../../src/core/generate';
import { renderReportHtml } from '../../src/core/quality/html';
import { buildReport } from '../../src/core/quality/report';
import { type Pool, startPool, usePool } from '../../src/node/pool';
import { stringifyReport } from '../../src/core/quality/serialize';
import { declaredColumns, synthesize } from '../../src/core/pipeline';
import type { Method } from '../../src/core/blueprint/types';
import type { Table } from '../../src/core/table';
import { sha256Hex, useNativeSha256 } from '../../src/core/util/sha256';
import { createHash } from 'node:crypto';

const ROOT = path.join(__dirname, '..');
const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const file =
  args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1].startsWith('--'))) ??
  path.join(ROOT, '..', 'shared', 'datasets', 'adult.csv');
const method = flag('method', 'copula') as Method;
const repeats = Number(flag('repeats', '7'));

// As the CLI does: Node's SHA-256 for the fingerprint and the HTML nonce.
useNativeSha256((b) => createHash('sha256').update(b).digest('hex'));

const script = readFileSync(path.join(ROOT, 'dist', 'webview.js'), 'utf8');
const css = readFileSync(path.join(ROOT, 'media', 'report.css'), 'utf8');
const bytes = new Uint8Array(readFileSync(file));
const fileName = path.basename(file);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function once(): Record<string, number> {
  const t: Record<string, number> = {};
  let clock = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    t[name] = now - clock;
    clock = now;
  };
  // Whole, as the CLI runs it.
  const out = synthesize({ csv: bytes, fileName, method });
  renderReportHtml(out.report, script, css);
  lap('TOTAL synthesize+html');
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
  clock = performance.now();
  // Step by step.
  const raw = readCsv(bytes, { fileName });
  lap('read: parse');
  const sha = sha256Hex(bytes);
  lap('read: sha256');
  const fit = fitBlueprint(raw, { method, name: 'x', sourceSha256: sha });
  lap('fit');
  serializeBlueprint(fit.blueprint);
  lap('fit: serialize blueprint');
  const chunks: Table[] = [];
  const text: (string | Uint8Array)[] = [];
  const writer = createWriter(fit.blueprint, {
    delimiter: raw.delimiter,
    newline: raw.newline,
    seed: fit.blueprint.seed,
    rows: fit.blueprint.rows,
  });
  generateChunks(fit.blueprint, { source: fit.table }, (chunk) => {
    chunks.push(chunk);
    text.push(writer.chunk(chunk));
  });
  text.push(writer.end());
  const synthetic = concatTables(chunks);
  text.join('');
  lap('generate+write');
  const constraints = checkConstraints(fit.blueprint, synthetic);
  lap('constraints');
  findRawViolations(raw, () => '', fit.blueprint.columns, { bounds: false });
  lap('source check');
  const parts: Record<string, number> = {};
  const report = buildReport(fit.table, synthetic, {
    train: fit.train,
    holdout: fit.holdout,
    constraints,
    schema: declaredColumns(fit.blueprint.columns),
    generator: { method: fit.blueprint.method, seed: fit.blueprint.seed },
    timings: parts,
  });
  lap('report');
  stringifyReport(report);
  lap('report.json text');
  renderReportHtml(report, script, css);
  lap('report.html');
  for (const [k, v] of Object.entries(parts)) t[`  report: ${k}`] = v;
  return t;
}

// Two ways to run the fit's trees and the report's detection folds, alternated run by run: in
// turn in this thread, and in worker threads as the CLI and VS Code run them (src/node/pool.ts).
const pool = startPool(path.join(ROOT, 'dist', 'pool-worker.js'));
const modes: [string, Pool | undefined][] = [
  ['one thread', undefined],
  ...(pool ? [['workers', pool] as [string, Pool]] : []),
];
const load = loadavg()[0];
once(); // warm-up (JIT)
const runs = modes.map((): Record<string, number>[] => []);
for (let i = 0; i < repeats; i++)
  modes.forEach(([, runner], m) => {
    usePool(runner);
    runs[m].push(once());
  });
const keys = Object.keys(runs[0][0]);
const order = [keys[0], ...keys.slice(1).filter((k) => !k.startsWith('  ')), ...keys.filter((k) => k.startsWith('  '))];
console.log(
  `${fileName}, method ${method}: median of ${repeats} runs after a warm-up; load average ${load.toFixed(2)} -> ${loadavg()[0].toFixed(2)}; ${availableParallelism()} threads`,
);
console.log(`${'stage'.padEnd(34)} ${modes.map(([name]) => name.padStart(14)).join('')}`);
const sums = modes.map(() => 0);
for (const k of order) {
  const ms = runs.map((r) => median(r.map((x) => x[k])));
  if (!k.startsWith('  ') && !k.startsWith('TOTAL')) ms.forEach((m, i) => (sums[i] += m));
  console.log(`${k.padEnd(34)} ${ms.map((m) => `${m.toFixed(1)} ms`.padStart(14)).join('')}`);
}
console.log(`${'sum of steps'.padEnd(34)} ${sums.map((m) => `${m.toFixed(1)} ms`.padStart(14)).join('')}`);
