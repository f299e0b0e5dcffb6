/**
 * Report benchmark: the full quality report (fidelity, validity, privacy, utility,
 * distinguishability and the panel data) for a CSV against its synthetic twin, and the "linear
 * in rows" check: the same report on 25%, 50% and 100% of the rows, printed as ratios to the 100%
 * time measured in the same process (the machine's speed cancels out).
 *
 * Run alone with test/bench/run-report.ts (see there), or call `benchReport` from the main
 * benchmark.
 */
import { readFileSync } from 'node:fs';
import { readCsv } from '../../src/core/csv/read';
import { fitBlueprint } from '../../src/core/fit';
import { concatTables, generateChunks } from '../../src/core/generate';
import { buildReport } from '../../src/core/quality/report';
import { stringifyReport } from '../../src/core/quality/serialize';
import { Rng } from '../../src/core/random';
import { takeRows, type Table } from '../../src/core/table';

export interface ReportBench {
  file: string;
  rows: number;
  columns: number;
  /** First report in the process (cold JIT), milliseconds. */
  firstMs: number;
  /** Median of the repeats, milliseconds. */
  medianMs: number;
  /** Median milliseconds per part of the report. */
  parts: Record<string, number>;
  /** report.json size in bytes (compact serialisation) and as one-line JSON (the webview payload). */
  jsonBytes: number;
  payloadBytes: number;
  /** Median time at 25% and 50% of the rows divided by the time at 100% (linear: about 0.25 and 0.5). */
  ratios: { quarter: number; half: number };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface Twin {
  table: Table;
  train: Table;
  holdout: Table;
  synthetic: Table;
}

/** Fit and generate a synthetic twin (default settings: seed 42, 20% holdout). */
export function twinOf(bytes: Uint8Array, fileName: string): Twin {
  const raw = readCsv(bytes, { fileName });
  const fit = fitBlueprint(raw, {});
  const chunks: Table[] = [];
  generateChunks(fit.blueprint, {}, (c) => chunks.push(c));
  return { table: fit.table, train: fit.train, holdout: fit.holdout, synthetic: concatTables(chunks) };
}

/** The same split and synthetic rows, cut to a fraction of each table's rows (seeded, in row order). */
function fraction(t: Twin, f: number): Twin {
  const rng = new Rng(99);
  const cut = (x: Table): Table => {
    const k = Math.round(x.rowCount * f);
    const idx = Array.from(rng.permutation(x.rowCount).subarray(0, k)).sort((a, b) => a - b);
    return takeRows(x, idx);
  };
  const train = cut(t.train);
  const holdout = cut(t.holdout);
  return { table: concatTables([train, holdout]), train, holdout, synthetic: cut(t.synthetic) };
}

function run(t: Twin, timings?: Record<string, number>): { ms: number; report: ReturnType<typeof buildReport> } {
  const start = performance.now();
  const report = buildReport(t.table, t.synthetic, {
    train: t.train,
    holdout: t.holdout,
    realName: 'real',
    syntheticName: 'synthetic',
    timings,
  });
  return { ms: performance.now() - start, report };
}

export function benchReport(file: string, repeats = 5, scaling = true): ReportBench {
  const twin = twinOf(readFileSync(file), file.split(/[\\/]/).pop()!);
  const first = run(twin);
  const times: number[] = [];
  const partTimes: Record<string, number[]> = {};
  for (let i = 0; i < repeats; i++) {
    const timings: Record<string, number> = {};
    times.push(run(twin, timings).ms);
    for (const [k, v] of Object.entries(timings)) (partTimes[k] ??= []).push(v);
  }
  const base = {
    file,
    rows: twin.table.rowCount,
    columns: twin.table.columns.length,
    firstMs: first.ms,
    medianMs: median(times),
    parts: Object.fromEntries(Object.entries(partTimes).map(([k, v]) => [k, median(v)])),
    jsonBytes: new TextEncoder().encode(stringifyReport(first.report)).length,
    payloadBytes: new TextEncoder().encode(JSON.stringify(first.report)).length,
  };
  if (!scaling) return { ...base, ratios: { quarter: NaN, half: NaN } };
  // Linear in rows: interleave the sizes so that machine noise hits them alike.
  const quarter = fraction(twin, 0.25);
  const half = fraction(twin, 0.5);
  const q: number[] = [];
  const h: number[] = [];
  const f: number[] = [];
  run(quarter);
  run(half);
  for (let i = 0; i < repeats; i++) {
    q.push(run(quarter).ms);
    h.push(run(half).ms);
    f.push(run(twin).ms);
  }
  const full = median(f);
  return { ...base, ratios: { quarter: median(q) / full, half: median(h) / full } };
}

export function formatReportBench(b: ReportBench): string {
  const name = b.file.split(/[\\/]/).pop();
  const parts = Object.entries(b.parts)
    .map(([k, v]) => `${k} ${v.toFixed(0)}`)
    .join(', ');
  return [
    `report  ${name} (${b.rows.toLocaleString('en-US')} x ${b.columns}) vs its synthetic twin: first ${b.firstMs.toFixed(0)} ms, median ${b.medianMs.toFixed(0)} ms`,
    `        parts (median ms): ${parts}`,
    ...(Number.isNaN(b.ratios.quarter)
      ? []
      : [
          `        rows 25% / 50% / 100%: time ratios ${b.ratios.quarter.toFixed(2)} / ${b.ratios.half.toFixed(2)} / 1.00 (linear: 0.25 / 0.50 / 1.00; below linear where parts work on capped samples)`,
        ]),
    `        report.json ${(b.jsonBytes / 1024).toFixed(0)} KB, webview payload (one-line JSON) ${(b.payloadBytes / 1024).toFixed(0)} KB`,
  ].join('\n');
}
