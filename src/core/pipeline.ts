/**
 * The jobs users run, end to end on bytes and text: synthesize (CSV -> blueprint, synthetic CSV,
 * report), generate (blueprint -> CSV), compare (two CSVs -> report). The CLI and the extension's
 * worker both call these; neither re-implements any step.
 */
import { parseBlueprint } from './blueprint/parse';
import { serializeBlueprint } from './blueprint/serialize';
import type { Blueprint, ColumnSpec, Method } from './blueprint/types';
import { toTable, type ColumnReading, type ConversionIssue } from './csv/convert';
import { inferColumns } from './csv/infer';
import { readCsv } from './csv/read';
import { writeCsvChunks } from './csv/write';
import { SynthError, throwIfAborted, type AbortSignalLike, type Problem } from './errors';
import { fitBlueprint } from './fit';
import { generateChunks, concatTables } from './generate';
import type { QualityReport } from './quality/model';
import { buildReport } from './quality/report';
import type { Table } from './table';
import { sha256Hex } from './util/sha256';

export type Stage = 'read' | 'fit' | 'generate' | 'report';

export interface JobOptions {
  signal?: AbortSignalLike;
  /** Called with the current stage and its fraction done (0..1). */
  onProgress?: (stage: Stage, fraction: number) => void;
}

export interface SynthesizeInput extends JobOptions {
  csv: Uint8Array;
  /** The CSV's file name, e.g. `penguins.csv` (messages and relative paths). */
  fileName: string;
  rows?: number;
  seed?: number;
  method?: Method;
  holdout?: number;
  minGroupSize?: number;
  /** Column `augment` keeps unchanged (default: guessed from names like `target`, `label`, `y`). */
  target?: string;
}

export interface SynthesizeOutput {
  blueprint: Blueprint;
  blueprintText: string;
  csvText: string;
  report: QualityReport;
  reportText: string;
  /** File names the outputs should get, next to each other. */
  names: OutputNames;
  warnings: Problem[];
  issues: ConversionIssue[];
  /** Milliseconds per stage. */
  timings: Record<Stage, number>;
}

export interface OutputNames {
  blueprint: string;
  synthetic: string;
  reportJson: string;
  reportHtml: string;
}

/** `penguins.csv` -> `penguins`; `a.b.csv` -> `a.b`. */
export function baseNameOf(fileName: string): string {
  const name = fileName.split(/[\\/]/).pop() ?? fileName;
  return name.replace(/\.(csv|tsv|txt)$/i, '') || name;
}

export function outputNames(fileName: string): OutputNames {
  const base = baseNameOf(fileName);
  return { blueprint: `${base}.synth.json`, synthetic: `${base}.synthetic.csv`, reportJson: `${base}.report.json`, reportHtml: `${base}.report.html` };
}

export function synthesize(input: SynthesizeInput): SynthesizeOutput {
  const timings: Record<Stage, number> = { read: 0, fit: 0, generate: 0, report: 0 };
  const names = outputNames(input.fileName);
  const base = baseNameOf(input.fileName);
  let t = performance.now();
  input.onProgress?.('read', 0);
  const raw = readCsv(input.csv, { fileName: input.fileName });
  const sha256 = sha256Hex(input.csv);
  timings.read = performance.now() - t;
  throwIfAborted(input.signal);

  t = performance.now();
  input.onProgress?.('fit', 0);
  const fit = fitBlueprint(raw, {
    method: input.method,
    holdout: input.holdout,
    seed: input.seed,
    rows: input.rows,
    minGroupSize: input.minGroupSize,
    target: input.target,
    name: base,
    sourcePath: input.fileName.split(/[\\/]/).pop(),
    sourceSha256: sha256,
    outputPath: names.synthetic,
    signal: input.signal,
  });
  const blueprintText = serializeBlueprint(fit.blueprint);
  timings.fit = performance.now() - t;

  t = performance.now();
  const { table: synthetic, csvText } = generateAndWrite(fit.blueprint, { source: fit.table, signal: input.signal, onProgress: (f) => input.onProgress?.('generate', f) }, raw.delimiter, raw.newline);
  timings.generate = performance.now() - t;

  t = performance.now();
  const report = buildReport(fit.table, synthetic, {
    realName: input.fileName.split(/[\\/]/).pop(),
    syntheticName: names.synthetic,
    generator: { method: fit.blueprint.method, seed: fit.blueprint.seed },
    signal: input.signal,
    onProgress: (f) => input.onProgress?.('report', f),
  });
  timings.report = performance.now() - t;
  const warnings = [...fit.warnings, ...issueWarnings(fit.issues, input.fileName)];
  return { blueprint: fit.blueprint, blueprintText, csvText, report, reportText: `${JSON.stringify(report, null, 2)}\n`, names, warnings, issues: fit.issues, timings };
}

export interface GenerateInput extends JobOptions {
  blueprintText: string;
  fileName: string;
  rows?: number;
  seed?: number;
  /** The source CSV's bytes, when available: a report against it is then built too. */
  sourceCsv?: Uint8Array;
}

export interface GenerateOutput {
  blueprint: Blueprint;
  csvText: string;
  /** Warnings found while validating the blueprint. */
  problems: Problem[];
  report?: QualityReport;
  /** True when the source bytes no longer match the blueprint's fingerprint. */
  staleSource?: boolean;
  timings: Record<Stage, number>;
}

/** Parse a blueprint (errors stop with the first one, located), then generate its rows. */
export function generateFromText(input: GenerateInput): GenerateOutput {
  const timings: Record<Stage, number> = { read: 0, fit: 0, generate: 0, report: 0 };
  let t = performance.now();
  const blueprint = loadBlueprint(input.blueprintText, input.fileName);
  const problems = parseBlueprint(input.blueprintText, input.fileName).problems;
  timings.read = performance.now() - t;
  t = performance.now();
  const delimiter = blueprint.source?.delimiter ?? ',';
  const newline = blueprint.source?.newline === 'crlf' ? '\r\n' : '\n';
  let staleSource: boolean | undefined;
  let real: Table | undefined;
  if (input.sourceCsv && blueprint.source) {
    staleSource = blueprint.source.sha256 !== '' && sha256Hex(input.sourceCsv) !== blueprint.source.sha256;
    real = readWithBlueprint(input.sourceCsv, blueprint.source.path, blueprint.columns).table;
  }
  if (blueprint.model?.kind === 'augment') {
    // Augmentation jitters the source's rows: it needs exactly the file the blueprint was fitted on.
    const where = blueprint.source?.path ?? 'the source CSV';
    if (!real) throw new SynthError('generate/augment-needs-source', `Method "augment" needs the source CSV ${where}, and it was not found.`, { file: input.fileName, jsonPath: 'source.path' }, 'Put the source CSV where "source.path" says (relative to the blueprint), or refit with method "copula" or "cart".');
    if (staleSource) throw new SynthError('generate/augment-source-changed', `The source CSV ${where} changed since the blueprint was fitted (its SHA-256 differs), so "augment" would jitter rows the blueprint does not describe.`, { file: input.fileName, jsonPath: 'source.sha256' }, 'Refit the blueprint from the current CSV (synthesize --method augment).');
  }
  const { table, csvText } = generateAndWrite(blueprint, { rows: input.rows, seed: input.seed, source: real, signal: input.signal, onProgress: (f) => input.onProgress?.('generate', f) }, delimiter, newline);
  timings.generate = performance.now() - t;
  let report: QualityReport | undefined;
  if (real && blueprint.source) {
    t = performance.now();
    report = buildReport(real, table, {
      realName: blueprint.source.path,
      syntheticName: blueprint.output?.path ?? `${blueprint.name}.synthetic.csv`,
      generator: { method: blueprint.method, seed: input.seed ?? blueprint.seed },
      signal: input.signal,
      onProgress: (f) => input.onProgress?.('report', f),
    });
    timings.report = performance.now() - t;
  }
  return { blueprint, csvText, problems: problems.filter((p) => p.severity !== 'error'), ...(report ? { report } : {}), ...(staleSource !== undefined ? { staleSource } : {}), timings };
}

/** Parse and validate; throw the first error as a located `SynthError`. */
export function loadBlueprint(text: string, fileName: string): Blueprint {
  const parsed = parseBlueprint(text, fileName);
  const error = parsed.problems.find((p) => p.severity === 'error');
  if (error || !parsed.blueprint) {
    const p: Problem = error ?? { severity: 'error', message: 'The blueprint could not be read.', code: 'blueprint/invalid', line: 1, column: 1 };
    const more = parsed.problems.filter((x) => x.severity === 'error').length - 1;
    throw new SynthError(p.code, `${p.message}${more > 0 ? ` (and ${more} more error${more === 1 ? '' : 's'})` : ''}`, { file: fileName, line: p.line, column: p.column, jsonPath: p.jsonPath }, 'Run "synth-studio validate" to list every problem.');
  }
  return parsed.blueprint;
}

export interface CompareInput extends JobOptions {
  real: Uint8Array;
  realName: string;
  synthetic: Uint8Array;
  syntheticName: string;
}

/** Report on two CSVs: the first defines the column types, the second is read the same way. */
export function compare(input: CompareInput): { report: QualityReport; reportText: string; warnings: Problem[] } {
  input.onProgress?.('read', 0);
  const realRaw = readCsv(input.real, { fileName: input.realName });
  const warnings: Problem[] = [...realRaw.warnings];
  const inferred = inferColumns(realRaw, {}, warnings);
  const real = toTable(realRaw, inferred).table;
  const synthRaw = readCsv(input.synthetic, { fileName: input.syntheticName });
  const missingCols = inferred.filter((c) => !synthRaw.header.includes(c.name)).map((c) => c.name);
  if (missingCols.length === inferred.length) {
    throw new SynthError('report/no-common-columns', `${input.syntheticName} shares no column with ${input.realName}.`, { file: input.syntheticName, line: 1 }, 'Compare a synthetic CSV with the real CSV it imitates.');
  }
  if (missingCols.length) warnings.push({ severity: 'warning', code: 'report/missing-columns', file: input.syntheticName, line: 1, message: `${input.syntheticName} lacks column${missingCols.length === 1 ? '' : 's'} ${missingCols.map((c) => `"${c}"`).join(', ')}.` });
  const readings = inferred.filter((c) => synthRaw.header.includes(c.name));
  const { table: synthetic, issues } = toTable(synthRaw, readings);
  warnings.push(...issueWarnings(issues, input.syntheticName));
  throwIfAborted(input.signal);
  const report = buildReport(real, synthetic, { realName: input.realName, syntheticName: input.syntheticName, signal: input.signal, onProgress: (f) => input.onProgress?.('report', f) });
  return { report, reportText: `${JSON.stringify(report, null, 2)}\n`, warnings };
}

/** Read a CSV with the column types of a blueprint (for reports against its source). */
export function readWithBlueprint(bytes: Uint8Array, fileName: string, columns: ColumnSpec[]): { table: Table; issues: ConversionIssue[] } {
  const raw = readCsv(bytes, { fileName });
  return toTable(raw, columns.map(readingOf));
}

export function readingOf(spec: ColumnSpec): ColumnReading {
  const levels = spec.distribution?.kind === 'categorical' ? Object.keys(spec.distribution.probabilities) : undefined;
  return { name: spec.name, type: spec.type, ...(spec.format ? { format: spec.format } : {}), ...(levels ? { levels } : {}) };
}

function generateAndWrite(blueprint: Blueprint, options: { rows?: number; seed?: number; source?: Table; signal?: AbortSignalLike; onProgress?: (f: number) => void }, delimiter: string, newline: '\n' | '\r\n'): { table: Table; csvText: string } {
  const chunks: Table[] = [];
  const text: string[] = [];
  let first = true;
  generateChunks(blueprint, { rows: options.rows, seed: options.seed, source: options.source, signal: options.signal, onProgress: options.onProgress }, (chunk) => {
    chunks.push(chunk);
    writeCsvChunks(chunk, blueprint.columns, { delimiter, newline, header: first }, (s) => text.push(s));
    first = false;
  });
  return { table: concatTables(chunks), csvText: text.join('') };
}

function issueWarnings(issues: ConversionIssue[], fileName: string): Problem[] {
  return issues.map((i) => ({
    severity: 'warning' as const,
    code: `csv/${i.kind}`,
    file: fileName,
    line: i.firstRow + 2,
    message: `Column "${i.column}": ${i.count} value${i.count === 1 ? '' : 's'} ${i.kind === 'unknown-category' ? 'not among the known categories' : i.kind === 'not-a-date' ? 'not readable as dates' : 'not readable as numbers'} (first "${i.firstValue}" on line ${i.firstRow + 2})${i.kind === 'unknown-category' ? '' : '; read as missing'}.`,
  }));
}
