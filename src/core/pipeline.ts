/**
 * The jobs users run, end to end on bytes and text: synthesize (CSV -> blueprint, synthetic CSV,
 * report), generate (blueprint -> CSV), compare (two CSVs -> report). The CLI and the extension's
 * worker both call these; neither re-implements any step.
 */
import { parseBlueprint } from './blueprint/parse';
import { serializeBlueprint } from './blueprint/serialize';
import type { Blueprint, ColumnSpec, Constraint, Method, OutputFormat } from './blueprint/types';
import { checkConstraints, type ConstraintCheck } from './constraints/check';
import { findRawViolations, type SourceViolations } from './constraints/source';
import { createWriter, defaultOutputPath } from './export';
import { toTable, type ColumnReading, type ConversionIssue } from './csv/convert';
import { inferColumns } from './csv/infer';
import { decodeText, readCsv, type RawTable } from './csv/read';
import { restoreFormula } from './csv/write';
import { SynthError, throwIfAborted, type AbortSignalLike, type Problem } from './errors';
import { fitBlueprint } from './fit';
import { fittedSplit } from './holdout';
import { chunkMaker, chunkRunner, type ChunkJob, type ChunkResult } from './chunks';
import { chunkRanges, concatTables, shardRange, type Shard } from './generate';
import { resolveRebalance } from './generate/condition';
import {
  comparedRows,
  conditioningNotes,
  conditioningReport,
  controlSummary,
  type ControlSummary,
} from './generate/control';
import type { DesignReport, QualityReport } from './quality/types';
import { buildReport, type ReportOptions } from './quality/report';
import { designReport } from './quality/design';
import type { ScoreWeights } from './quality/score';
import { stringifyReport } from './quality/serialize';
import type { DeclaredColumn } from './quality/validity';
import { parseDatetime } from './csv/datetime';
import { takeRows, type Table } from './table';
import { splitSampleTable, type SourceSample } from './sampledSplit';
import { checkTarget } from './target';
import { sha256Hex } from './util/sha256';
import { baseNameOf, outputNames, type OutputNames } from './names';
import { checkPii, piiNote } from './pii/check';
import { groupThousands } from './util/format';
import { MAX_ROWS, MAX_SHARDED_ROWS } from './limits';

export type Stage = 'read' | 'fit' | 'generate' | 'report';
export { outputNames, type OutputNames } from './names';
export { describeControl } from './generate/control';

export interface JobOptions {
  signal?: AbortSignalLike;
  /**
   * Write CSV cells that start with = + - @ (or a tab or carriage return) as they are. By default
   * such a text cell gets a leading ' so that a spreadsheet shows it instead of running it as a
   * formula (OWASP's advice against CSV injection); numbers such as -5 are never changed.
   */
  allowFormulas?: boolean;
  /** Called with the current stage and its fraction done (0..1). */
  onProgress?: (stage: Stage, fraction: number) => void;
}

export interface SynthesizeInput extends JobOptions {
  /** The source file's bytes (a CSV, or a Parquet file whose rows come in `raw`). */
  csv: Uint8Array;
  /** The rows already read (a Parquet file, read by `readParquet`, which is asynchronous). */
  raw?: RawTable;
  /** The source's SHA-256, when `csv` is not its bytes (a Parquet file read as a stream). */
  sha256?: string;
  /** The CSV's file name, e.g. `penguins.csv` (messages and relative paths). */
  fileName: string;
  rows?: number;
  seed?: number;
  method?: Method;
  holdout?: number;
  minGroupSize?: number;
  /**
   * The target column: `augment` keeps it unchanged, the report's utility part predicts it
   * (default: the blueprint's, else guessed from names like `target`, `label`, `y`).
   */
  target?: string;
  /** Where `target` came from (default: the command line's `--target`). */
  targetSource?: 'option' | 'setting';
  /**
   * The text of the blueprint this run replaces, if any: the constraints the user wrote in it
   * (those not marked `fitted`) are kept in the new blueprint.
   */
  previousBlueprint?: string;
  /**
   * Where the blueprint will find the source CSV, relative to the blueprint's folder (default: the
   * file name, for a blueprint written next to its CSV).
   */
  sourcePath?: string;
  /** Weights of the report's overall score (defaults fidelity 0.4, utility 0.4, privacy 0.2). */
  weights?: Partial<ScoreWeights>;
}

export interface SynthesizeOutput {
  blueprint: Blueprint;
  blueprintText: string;
  csvText: string;
  /** The fitted blueprint's constraints checked on the synthetic rows. */
  constraints: ConstraintCheck[];
  /** Cells of the source CSV that break the fitted schema (type, bounds, categories), first ones located. */
  sourceViolations: SourceViolations;
  report: QualityReport;
  reportText: string;
  /** File names the outputs should get, next to each other. */
  names: OutputNames;
  warnings: Problem[];
  issues: ConversionIssue[];
  /** Milliseconds per stage. */
  timings: Record<Stage, number>;
}

/**
 * The constraints a user wrote in a blueprint (not `fitted` ones), read leniently: a blueprint
 * that does not parse gives none (the user was asked before it was replaced).
 */
export function userConstraints(blueprintText: string): Constraint[] {
  const constraints = parseBlueprint(blueprintText, 'previous.synth.json').blueprint?.constraints;
  if (!Array.isArray(constraints)) return [];
  return constraints.filter(
    (c): c is Constraint => typeof c === 'object' && c !== null && typeof c.expr === 'string' && c.fitted !== true,
  );
}

export function synthesize(input: SynthesizeInput): SynthesizeOutput {
  const timings: Record<Stage, number> = { read: 0, fit: 0, generate: 0, report: 0 };
  const names = outputNames(input.fileName);
  const base = baseNameOf(input.fileName);
  let t = performance.now();
  input.onProgress?.('read', 0);
  const raw = input.raw ?? readCsv(input.csv, { fileName: input.fileName });
  const sha256 = input.sha256 ?? sha256Hex(input.csv);
  timings.read = performance.now() - t;
  throwIfAborted(input.signal);
  // A workspace setting names a column of some tables, not all: elsewhere it is not used.
  const askedTarget =
    input.targetSource === 'setting' && input.target !== undefined && !raw.header.includes(input.target)
      ? undefined
      : input.target;

  t = performance.now();
  input.onProgress?.('fit', 0);
  const fit = withFile(input.fileName, () =>
    fitBlueprint(raw, {
      method: input.method,
      holdout: input.holdout,
      seed: input.seed,
      rows: input.rows,
      minGroupSize: input.minGroupSize,
      target: askedTarget,
      name: base,
      sourcePath: input.sourcePath ?? input.fileName.split(/[\\/]/).pop(),
      sourceSha256: sha256,
      outputPath: names.synthetic,
      keepConstraints: input.previousBlueprint !== undefined ? userConstraints(input.previousBlueprint) : undefined,
      signal: input.signal,
    }),
  );
  const blueprintText = serializeBlueprint(fit.blueprint);
  timings.fit = performance.now() - t;

  t = performance.now();
  const { table: synthetic, text: csvText } = generateAndWrite(
    fit.blueprint,
    {
      source: fit.table,
      signal: input.signal,
      onProgress: (f) => input.onProgress?.('generate', f),
      allowFormulas: input.allowFormulas,
    },
    raw.delimiter,
    raw.newline,
  );
  const constraints = checkConstraints(fit.blueprint, synthetic);
  // The CSV parsed at the start, not parsed again; its text is decoded again only to locate findings.
  const sourceViolations = findRawViolations(
    raw,
    () => (input.raw ? '' : decodeText(input.csv, input.fileName).text),
    fit.blueprint.columns,
    { bounds: false },
  );
  timings.generate = performance.now() - t;

  t = performance.now();
  const target = askedTarget ?? fit.blueprint.target;
  const report = buildReport(fit.table, synthetic, {
    realName: input.fileName.split(/[\\/]/).pop(),
    syntheticName: names.synthetic,
    generator: { method: fit.blueprint.method, seed: fit.blueprint.seed },
    constraints,
    train: fit.train,
    holdout: fit.holdout,
    noHoldoutReason:
      fit.holdout.rowCount === 0
        ? fit.blueprint.source?.holdout
          ? 'too few rows to hold any out'
          : 'fitted on all rows (holdout 0)'
        : undefined,
    ...(target !== undefined
      ? { target, targetSource: askedTarget !== undefined ? (input.targetSource ?? 'option') : ('blueprint' as const) }
      : {}),
    weights: input.weights,
    schema: declaredColumns(fit.blueprint.columns),
    signal: input.signal,
    onProgress: (f) => input.onProgress?.('report', f),
  });
  addPiiCheck(report, fit.table, synthetic, fit.blueprint.columns);
  timings.report = performance.now() - t;
  // Cells the inference already reported (typos, infinities read as missing) are not reported twice.
  const reported = new Set(
    fit.warnings
      .filter((w) => w.code === 'csv/not-a-number' || w.code === 'csv/infinite')
      .map((w) => /^Column "(.*?)": /.exec(w.message)?.[1]),
  );
  const warnings = [
    ...fit.warnings,
    ...issueWarnings(
      fit.issues.filter((i) => !(i.kind === 'not-a-number' && reported.has(i.column))),
      input.fileName,
    ),
  ];
  // A column read as text or identifiers although it looked numeric is flagged in the report too.
  for (const w of fit.warnings)
    if (w.code === 'csv/looks-numeric' || w.code === 'csv/infinite' || w.code === 'csv/dates-as-category')
      report.notes.push(`${w.message} ${w.hint ?? ''}`.trim());
  return {
    blueprint: fit.blueprint,
    blueprintText,
    csvText,
    constraints,
    sourceViolations,
    report,
    reportText: stringifyReport(report),
    names,
    warnings,
    issues: fit.issues,
    timings,
  };
}

export interface GenerateInput extends JobOptions {
  blueprintText: string;
  fileName: string;
  rows?: number;
  seed?: number;
  /** The source CSV's bytes, when available: a report against it is then built too. */
  sourceCsv?: Uint8Array;
  /**
   * Instead of `sourceCsv`, for a source larger than its blueprint's sample: the source read again
   * into the seeded samples the blueprint was fitted on (`SourceSampler`); the report compares
   * them, as Synthesize's did, with the first `source.sample` generated rows.
   */
  sourceSample?: SourceSample;
  /** Only rows meeting this condition (overrides the blueprint's `output.where`). */
  where?: string;
  /** Shares of a category's levels, `y=0.5` or `segment=A:0.5,B:0.5` (overrides `output.rebalance`). */
  rebalance?: string;
  /** The report's target, instead of the blueprint's (the report's picker), or when it names none (a setting). */
  target?: string;
  targetSource?: 'option' | 'setting' | 'picked';
  /**
   * Hand the output to this sink chunk by chunk instead of returning it (`outputText` is then
   * empty): memory does not grow with the rows; the report compares the first `keepRows` rows.
   */
  sink?: (data: string | Uint8Array) => void;
  /** With `sink`: rows kept for the report and the control summary's checks (default 200,000). */
  keepRows?: number;
}

/** Rows `generateFromText` keeps for its report when the output goes to a sink. */
export const DEFAULT_KEEP_ROWS = 200_000;

export interface GenerateOutput {
  blueprint: Blueprint;
  /** The output file's text, in the blueprint's `output.format` (empty for Parquet: see `outputBytes`). */
  outputText: string;
  /** The output file's bytes, for a binary format (Parquet). */
  outputBytes?: Uint8Array;
  outputFormat: OutputFormat;
  /** Same text as `outputText` (kept for callers written before other formats existed). */
  csvText: string;
  /** Each constraint of the blueprint checked on the generated rows. */
  constraints: ConstraintCheck[];
  /** Cells of the source CSV that break the blueprint's schema (when the source was given). */
  sourceViolations?: SourceViolations;
  /** Warnings found while validating the blueprint. */
  problems: Problem[];
  report?: QualityReport;
  /** A rules blueprint without a source: its rows checked against what it declares (quality/design.ts). */
  design?: DesignReport;
  /** True when the source bytes no longer match the blueprint's fingerprint. */
  staleSource?: boolean;
  /** The condition and rebalance the rows were made with, and the shares achieved. */
  control?: ControlSummary;
  timings: Record<Stage, number>;
}

/** Parse a blueprint (errors stop with the first one, located), then generate its rows. */
export function generateFromText(input: GenerateInput): GenerateOutput {
  const timings: Record<Stage, number> = { read: 0, fit: 0, generate: 0, report: 0 };
  let t = performance.now();
  const parsed = parseBlueprint(input.blueprintText, input.fileName);
  const blueprint = blueprintOrThrow(parsed, input.fileName);
  const problems = parsed.problems;
  timings.read = performance.now() - t;
  t = performance.now();
  const delimiter = blueprint.source?.delimiter ?? ',';
  const newline = blueprint.source?.newline === 'crlf' ? '\r\n' : '\n';
  let staleSource: boolean | undefined;
  let real: Table | undefined;
  let sourceRaw: RawTable | undefined;
  const sample = input.sourceSample;
  if (sample && blueprint.source) {
    staleSource =
      blueprint.source.sha256 !== '' && sample.sha256 !== undefined && sample.sha256 !== blueprint.source.sha256;
    real = toTable(sample.raw, blueprint.columns.map(readingOf)).table;
  } else if (input.sourceCsv && blueprint.source) {
    staleSource = blueprint.source.sha256 !== '' && sha256Hex(input.sourceCsv) !== blueprint.source.sha256;
    sourceRaw = readCsv(input.sourceCsv, { fileName: blueprint.source.path });
    real = toTable(sourceRaw, blueprint.columns.map(readingOf)).table;
  }
  if (blueprint.model?.kind === 'augment') {
    // Augmentation jitters the source's rows: it needs exactly the file the blueprint was fitted on.
    const where = blueprint.source?.path ?? 'the source CSV';
    if (!real)
      throw new SynthError(
        'generate/augment-needs-source',
        `Method "augment" needs the source CSV ${where}, and it was not found.`,
        { file: input.fileName, jsonPath: 'source.path' },
        'Put the source CSV where "source.path" says (relative to the blueprint), or refit with method "copula" or "cart".',
      );
    if (staleSource)
      throw new SynthError(
        'generate/augment-source-changed',
        `The source CSV ${where} changed since the blueprint was fitted (its SHA-256 differs), so "augment" would jitter rows the blueprint does not describe.`,
        { file: input.fileName, jsonPath: 'source.sha256' },
        'Refit the blueprint from the current CSV (synthesize --method augment).',
      );
  }
  const options: StreamOptions = {
    rows: input.rows,
    seed: input.seed,
    source: real,
    where: input.where,
    rebalance: input.rebalance,
    signal: input.signal,
    onProgress: (f) => input.onProgress?.('generate', f),
    allowFormulas: input.allowFormulas,
  };
  let table: Table;
  let text = '';
  let bytes: Uint8Array | undefined;
  let control: ControlSummary | undefined;
  let constraints: ConstraintCheck[];
  let rowsMade: number;
  if (input.sink) {
    const keep = input.keepRows ?? (sample ? (blueprint.source?.sample ?? DEFAULT_KEEP_ROWS) : DEFAULT_KEEP_ROWS);
    const out = streamRows(blueprint, options, delimiter, newline, input.sink, keep);
    table = out.table ?? { rowCount: 0, columns: [] };
    rowsMade = out.rows;
    control = controlSummaryOfCounts(blueprint, out.levelCounts, out.rows, input);
    constraints = out.constraints;
  } else {
    ({ table, text, bytes } = generateAndWrite(blueprint, options, delimiter, newline));
    rowsMade = table.rowCount;
    control = controlSummary(blueprint, table, input);
    constraints = checkConstraints(blueprint, table);
  }
  timings.generate = performance.now() - t;
  let sourceViolations: SourceViolations | undefined;
  let report: QualityReport | undefined;
  if (real && blueprint.source) {
    t = performance.now();
    const sourcePath = blueprint.source.path;
    // A sampled source's cells are not all at hand: its problems were said when it was synthesized.
    if (sourceRaw && input.sourceCsv) {
      const sourceCsv = input.sourceCsv;
      sourceViolations = findRawViolations(sourceRaw, () => decodeText(sourceCsv, sourcePath).text, blueprint.columns, {
        bounds: blueprint.method === 'rules',
      });
    }
    // The rows held out when the blueprint was fitted: the same seeded split as fitting made (a
    // sampled source: its two reservoirs).
    const split = sample
      ? splitSampleTable(real, sample.trainCount)
      : fittedSplit(real, blueprint.source.holdout, blueprint.seed, blueprint.source.sample !== undefined);
    // Rows made under a condition or with rebalanced shares are compared with real rows alike.
    const compared = control ? comparedRows(real, split, control, blueprint) : { real, filtered: real, ...split };
    report = buildReport(compared.real, table, {
      realName: blueprint.source.path,
      syntheticName: defaultOutputPath(blueprint),
      generator: { method: blueprint.method, seed: input.seed ?? blueprint.seed },
      constraints,
      train: compared.train,
      holdout: compared.holdout,
      noHoldoutReason: blueprint.source.holdout > 0 ? 'too few rows to hold any out' : 'fitted on all rows (holdout 0)',
      ...(input.target !== undefined &&
      !(input.targetSource === 'setting' && !real.columns.some((c) => c.name === input.target))
        ? { target: input.target, targetSource: input.targetSource ?? 'option' }
        : blueprint.target !== undefined
          ? { target: blueprint.target, targetSource: 'blueprint' as const }
          : {}),
      schema: declaredColumns(blueprint.columns),
      signal: input.signal,
      onProgress: (f) => input.onProgress?.('report', f),
    });
    addPiiCheck(report, real, table, blueprint.columns);
    if (control) {
      report.conditioning = conditioningReport(real, compared.filtered, table, control);
      report.notes.push(...conditioningNotes(report.conditioning));
    }
    if (table.rowCount < rowsMade)
      report.notes.push(
        `The synthetic side of this report is the first ${groupThousands(table.rowCount)} of the ${groupThousands(rowsMade)} rows written.`,
      );
    if (sample)
      report.notes.unshift(
        `Large source: ${groupThousands(sample.rows)} rows were read as a stream. This report uses the seeded random samples the blueprint was fitted on (${groupThousands(split.train.rowCount)} training rows, ${groupThousands(split.holdout.rowCount)} held-out rows, held out by a seeded hash of the row number), as Synthesize's report did.`,
      );
    else if (split.holdout.rowCount > 0)
      report.notes.push(
        `Holdout: the ${groupThousands(split.holdout.rowCount)} source rows held out when the blueprint was fitted (the split is recreated from the blueprint's seed ${blueprint.seed} and holdout ${blueprint.source.holdout}; if the seed was edited since fitting, privacy and utility compare against rows the model saw).`,
      );
    timings.report = performance.now() - t;
  }
  let design: DesignReport | undefined;
  if (!report && blueprint.method === 'rules') {
    t = performance.now();
    design = designReport(blueprint, table, {
      fileName: input.fileName,
      seed: input.seed ?? blueprint.seed,
      constraints,
      ...(control
        ? {
            conditioned: [
              control.where ? `under the condition ${control.where}` : '',
              control.rebalance ? `with rebalanced shares of ${control.rebalance.column}` : '',
            ]
              .filter(Boolean)
              .join(' and '),
          }
        : {}),
    });
    timings.report = performance.now() - t;
  }
  return {
    blueprint,
    outputText: text,
    ...(bytes ? { outputBytes: bytes } : {}),
    outputFormat: blueprint.output?.format ?? 'csv',
    csvText: text,
    constraints,
    ...(sourceViolations ? { sourceViolations } : {}),
    problems: problems.filter((p) => p.severity !== 'error'),
    ...(report ? { report } : {}),
    ...(design ? { design } : {}),
    ...(staleSource !== undefined ? { staleSource } : {}),
    ...(control ? { control } : {}),
    timings,
  };
}

function blueprintOrThrow(parsed: ReturnType<typeof parseBlueprint>, fileName: string): Blueprint {
  const error = parsed.problems.find((p) => p.severity === 'error');
  if (error || !parsed.blueprint) {
    const p: Problem = error ?? {
      severity: 'error',
      message: 'The blueprint could not be read.',
      code: 'blueprint/invalid',
      line: 1,
      column: 1,
    };
    const more = parsed.problems.filter((x) => x.severity === 'error').length - 1;
    throw new SynthError(
      p.code,
      `${p.message}${more > 0 ? ` (and ${more} more error${more === 1 ? '' : 's'})` : ''}`,
      { file: fileName, line: p.line, column: p.column, jsonPath: p.jsonPath },
      'Run "synth-studio validate" to list every problem.',
    );
  }
  return parsed.blueprint;
}

export interface CompareInput extends JobOptions {
  real: Uint8Array;
  realName: string;
  synthetic: Uint8Array;
  syntheticName: string;
  /** Real rows the generator never saw (privacy's DCR share and utility need them). */
  holdout?: Uint8Array;
  holdoutName?: string;
  /** Target column for utility (default: inferred). */
  target?: string;
  weights?: Partial<ScoreWeights>;
}

/**
 * Report on two CSVs: the first (the real training rows, or any reference table) defines the
 * column types; the second, and the holdout when given, are read the same way. Works for two
 * synthetic tables too (e.g. two methods' outputs): the metrics are distances between tables.
 */
export function compare(input: CompareInput): { report: QualityReport; reportText: string; warnings: Problem[] } {
  input.onProgress?.('read', 0);
  const realRaw = readCsv(input.real, { fileName: input.realName });
  const warnings: Problem[] = [...realRaw.warnings];
  const inferred = inferColumns(realRaw, {}, warnings);
  const real = toTable(realRaw, inferred).table;
  const readOther = (bytes: Uint8Array, name: string, role: string): { table: Table; issues: ConversionIssue[] } => {
    // Synthetic files were written with formulas neutralised (a leading '): compare their values.
    const raw =
      role === 'synthetic'
        ? withFormulasRestored(readCsv(bytes, { fileName: name }))
        : readCsv(bytes, { fileName: name });
    warnings.push(...raw.warnings);
    const missingCols = inferred.filter((c) => !raw.header.includes(c.name)).map((c) => c.name);
    if (missingCols.length === inferred.length) {
      throw new SynthError(
        'report/no-common-columns',
        `${name} shares no column with ${input.realName}.`,
        { file: name, line: 1 },
        role === 'synthetic'
          ? 'Compare a synthetic CSV with the real CSV it imitates.'
          : "The holdout must have the real CSV's columns.",
      );
    }
    if (missingCols.length)
      warnings.push({
        severity: 'warning',
        code: 'report/missing-columns',
        file: name,
        line: 1,
        message: `${name} lacks column${missingCols.length === 1 ? '' : 's'} ${missingCols.map((c) => `"${c}"`).join(', ')}.`,
      });
    const readings = role === 'holdout' ? inferred : inferred.filter((c) => raw.header.includes(c.name));
    const result = toTable(raw, readings);
    warnings.push(...issueWarnings(result.issues, name));
    return result;
  };
  const { table: synthetic, issues } = readOther(input.synthetic, input.syntheticName, 'synthetic');
  const holdout = input.holdout
    ? readOther(input.holdout, input.holdoutName ?? 'holdout.csv', 'holdout').table
    : undefined;
  checkTarget(
    input.target,
    real.columns.map((c) => c.name),
    input.realName,
  );
  throwIfAborted(input.signal);
  const options: ReportOptions = {
    realName: input.realName,
    syntheticName: input.syntheticName,
    ...(holdout ? { holdout, holdoutName: input.holdoutName } : { noHoldoutReason: 'no --holdout file was given' }),
    ...(input.target !== undefined ? { target: input.target, targetSource: 'option' as const } : {}),
    weights: input.weights,
    syntheticIssues: issues,
    signal: input.signal,
    onProgress: (f) => input.onProgress?.('report', f),
  };
  const report = buildReport(real, synthetic, options);
  return { report, reportText: stringifyReport(report), warnings };
}

/** The privacy part's check of personal-data columns, and its note. */
export function addPiiCheck(report: QualityReport, real: Table, synthetic: Table, columns: ColumnSpec[]): void {
  const checks = checkPii(real, synthetic, columns);
  if (!checks.length) return;
  report.privacy.pii = checks;
  const note = piiNote(checks);
  if (note) report.notes.push(note);
}

/** What validity checks against: the blueprint's types, bounds, categories and missing rates. */
export function declaredColumns(columns: ColumnSpec[]): DeclaredColumn[] {
  return columns.map((c) => {
    const bound = (v: number | string | undefined): number | undefined => {
      if (v === undefined) return undefined;
      if (typeof v === 'number') return v;
      const ms = c.format ? parseDatetime(v, c.format) : NaN;
      return Number.isNaN(ms) ? undefined : ms;
    };
    const levels = c.distribution?.kind === 'categorical' ? Object.keys(c.distribution.probabilities) : undefined;
    return {
      name: c.name,
      type: c.type,
      ...(bound(c.min) !== undefined ? { min: bound(c.min) } : {}),
      ...(bound(c.max) !== undefined ? { max: bound(c.max) } : {}),
      ...(levels ? { levels } : {}),
      ...(levels && c.rareLevel !== undefined && c.type === 'category' ? { freshLevels: true } : {}),
      ...(c.missing ? { missing: true } : {}),
      ...(c.pii ? { pii: c.pii } : {}),
    };
  });
}

export function readingOf(spec: ColumnSpec): ColumnReading {
  const levels = spec.distribution?.kind === 'categorical' ? Object.keys(spec.distribution.probabilities) : undefined;
  return {
    name: spec.name,
    type: spec.type,
    ...(spec.format ? { format: spec.format } : {}),
    ...(levels ? { levels } : {}),
  };
}

export interface StreamOptions {
  rows?: number;
  seed?: number;
  source?: Table;
  where?: string;
  rebalance?: string;
  shard?: Shard;
  signal?: AbortSignalLike;
  onProgress?: (f: number) => void;
  allowFormulas?: boolean;
}

interface Streamed {
  /** The generated rows, when asked to keep them (in-memory callers); else undefined. */
  table?: Table;
  constraints: ConstraintCheck[];
  /** Rows per level of the rebalanced column, summed over chunks (when there is a rebalance). */
  levelCounts?: Map<string, number>;
  /** Rows this run (or shard) wrote. */
  rows: number;
}

/** Refuse a row count above `MAX_ROWS` at once, naming the limit. */
export function checkRowCount(rows: number): void {
  if (!(rows <= MAX_ROWS))
    throw new SynthError(
      'generate/too-many-rows',
      `${groupThousands(rows)} rows were asked for; the limit of one run (or one part) is ${groupThousands(MAX_ROWS)}.`,
      {},
      'Generate in several runs with different seeds, or split one run into parts with --shard K/N on several machines.',
    );
}

/**
 * Generate the rows chunk by chunk and hand each chunk's output (in the blueprint's format) to
 * `sink` as soon as it is written. Constraint checks and the rebalanced shares are summed chunk by
 * chunk, so nothing grows with the row count unless `keepTable` asks for the rows.
 */
export function streamRows(
  blueprint: Blueprint,
  options: StreamOptions,
  delimiter: string,
  newline: '\n' | '\r\n',
  sink: (data: string | Uint8Array) => void,
  keepTable: boolean | number,
): Streamed {
  // Rows kept for the caller: all of them, none, or the first `keepTable` (a report's sample).
  const keep = keepTable === true ? Infinity : keepTable === false ? 0 : keepTable;
  const rows = options.rows ?? blueprint.rows;
  const seed = options.seed ?? blueprint.seed;
  const range = shardRange(rows, options.shard);
  checkRowCount(range.end - range.start);
  const first = !options.shard || options.shard.index === 1;
  const part = {
    first,
    last: !options.shard || options.shard.index === options.shard.count,
    rowsBefore: range.start,
    totalRows: rows,
  };
  const rebalance = options.rebalance ?? blueprint.output?.rebalance;
  const rebalanceColumn =
    rebalance !== undefined
      ? resolveRebalance(rebalance, blueprint, { label: 'rebalance', location: {} }).column
      : undefined;
  const parquet = (blueprint.output?.format ?? 'csv') === 'parquet';
  const job: ChunkJob = {
    blueprint,
    rows,
    seed,
    where: options.where,
    rebalance: options.rebalance,
    source: options.source,
    start: range.start,
    first,
    delimiter,
    newline,
    allowFormulas: options.allowFormulas,
    tables: parquet,
    keep: Math.min(keep, range.end - range.start),
    rebalanceColumn,
  };
  // Parquet is written here, in order (row groups and the footer are one file's); the text
  // formats come written with each chunk, and only the end is written here.
  const writer = createWriter(blueprint, {
    delimiter,
    newline,
    seed,
    rows,
    allowFormulas: options.allowFormulas,
    part: parquet ? part : { ...part, first: false },
  });
  const here = chunkMaker(job, options.signal);
  const ranges = chunkRanges(range.start, range.end, CHUNK_ROWS);
  const chunks: Table[] = [];
  let kept = 0;
  const levelCounts = rebalanceColumn !== undefined ? new Map<string, number>() : undefined;
  let constraints: ConstraintCheck[] | undefined;
  let written = 0;
  const emit = (chunk: ChunkResult): void => {
    throwIfAborted(options.signal);
    if (kept < keep && chunk.table) {
      const n = Math.min(chunk.rows, keep - kept);
      chunks.push(
        n < chunk.rows
          ? takeRows(
              chunk.table,
              Int32Array.from({ length: n }, (_, i) => i),
            )
          : chunk.table,
      );
      kept += n;
    }
    constraints = constraints
      ? mergeChecks(constraints, chunk.constraints, chunk.start - range.start)
      : chunk.constraints;
    if (levelCounts)
      for (const [level, n] of chunk.levels ?? []) levelCounts.set(level, (levelCounts.get(level) ?? 0) + n);
    written += chunk.rows;
    sink(chunk.text ?? writer.chunk(chunk.table!));
    if (range.end > range.start)
      options.onProgress?.(Math.min(1, (chunk.start + chunk.rows - range.start) / (range.end - range.start)));
  };
  // A short run is made here, in turn; a long one by the runner (side by side, with threads).
  if (ranges.length < THREADED_CHUNKS) for (const r of ranges) emit(here(r));
  else chunkRunner().run(job, ranges, here, emit);
  sink(writer.end());
  return {
    ...(keep > 0 ? { table: concatTables(chunks) } : {}),
    constraints: constraints ?? [],
    ...(levelCounts ? { levelCounts } : {}),
    rows: written,
  };
}

/**
 * Rows per chunk of a streamed run (two blocks): what one thread makes, writes and hands on at a
 * time. Measured on 1M rows of adult's blueprint (one thread / two): 65,536-row chunks 6.3 s, 319
 * MB / 5.0 s, 444 MB; 8,192 rows 5.4 s, 204 MB / 4.1 s, 265 MB (the chunk stays in the caches).
 */
const CHUNK_ROWS = 8192;

/**
 * Chunks a run needs before other threads make some (262,144 rows): a worker first compiles the
 * blueprint (sent to it whole), which a shorter run does not pay back. Measured with the CLI on
 * adult's blueprint, one thread against two, alternated: 100,000 rows 1.2 vs 1.4 s, 250,000 rows
 * 1.8 vs 1.8 s, 500,000 rows 2.9-3.6 vs 2.5-2.7 s; synthesize adult.csv's 32,561 rows 0.3 vs 0.6 s.
 */
const THREADED_CHUNKS = 32;

/** Constraint checks of consecutive chunks as one: counts summed, first rows kept in order. */
function mergeChecks(
  acc: ConstraintCheck[],
  next: ConstraintCheck[],
  offset: number,
  maxExamples = 5,
): ConstraintCheck[] {
  return acc.map((a, i) => {
    const b = next[i];
    if (!b || a.skipped) return a;
    return {
      ...a,
      violations: a.violations + b.violations,
      rows: a.rows + b.rows,
      firstRows: [...a.firstRows, ...b.firstRows.map((r) => r + offset)].slice(0, maxExamples),
    };
  });
}

/** Generate the rows and write them in the blueprint's output format, all in memory. */
function generateAndWrite(
  blueprint: Blueprint,
  options: StreamOptions,
  delimiter: string,
  newline: '\n' | '\r\n',
): { table: Table; text: string; bytes?: Uint8Array; constraints: ConstraintCheck[] } {
  const parts: (string | Uint8Array)[] = [];
  const out = streamRows(blueprint, options, delimiter, newline, (d) => parts.push(d), true);
  if (parts.every((p): p is string => typeof p === 'string'))
    return { table: out.table!, text: parts.join(''), constraints: out.constraints };
  return { table: out.table!, text: '', bytes: concatBytes(parts as Uint8Array[]), constraints: out.constraints };
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export interface GenerateStreamInput extends Omit<GenerateInput, 'sourceCsv'> {
  /** The source CSV (only `augment` blueprints read it: they jitter its rows). */
  sourceCsv?: Uint8Array;
  /** Write only part `index` of `count` (`generate --shard K/N`). */
  shard?: Shard;
  /** The source's rows already read (a Parquet source of an `augment` blueprint). */
  sourceRaw?: RawTable;
  /** Overrides the blueprint's `output.format` (`--out rows.parquet`). */
  format?: OutputFormat;
}

export interface GenerateStreamOutput {
  blueprint: Blueprint;
  outputFormat: OutputFormat;
  constraints: ConstraintCheck[];
  problems: Problem[];
  control?: ControlSummary;
  /** Rows this run wrote (one part's rows with `shard`). */
  rows: number;
  /** Rows [start, end) of the whole run this run wrote. */
  range: { start: number; end: number };
  timings: Record<Stage, number>;
}

/**
 * Generate from a blueprint's text straight to `sink`, chunk by chunk (text chunks for CSV, JSON
 * and JSON Lines, bytes for Parquet): memory stays at one chunk whatever the row count. No report
 * (that needs every row in memory; `generateFromText` makes one).
 */
export function generateStream(
  input: GenerateStreamInput,
  sink: (data: string | Uint8Array) => void,
): GenerateStreamOutput {
  const timings: Record<Stage, number> = { read: 0, fit: 0, generate: 0, report: 0 };
  let t = performance.now();
  const parsed = parseBlueprint(input.blueprintText, input.fileName);
  const read = blueprintOrThrow(parsed, input.fileName);
  const blueprint = input.format ? { ...read, output: { ...read.output, format: input.format } } : read;
  const rows = input.rows ?? blueprint.rows;
  checkShard(input.shard);
  if (input.shard && rows > MAX_SHARDED_ROWS)
    throw new SynthError(
      'generate/too-many-rows',
      `${groupThousands(rows)} rows were asked for; the limit of a run split into parts is ${groupThousands(MAX_SHARDED_ROWS)}.`,
      {},
      'Ask for fewer rows.',
    );
  checkRowCount(shardRange(rows, input.shard).end - shardRange(rows, input.shard).start);
  timings.read = performance.now() - t;
  t = performance.now();
  let source: Table | undefined;
  if (blueprint.model?.kind === 'augment')
    source = augmentSource(blueprint, input.sourceCsv, input.fileName, input.sourceRaw);
  const out = streamRows(
    blueprint,
    {
      rows: input.rows,
      seed: input.seed,
      source,
      where: input.where,
      rebalance: input.rebalance,
      shard: input.shard,
      signal: input.signal,
      onProgress: (f) => input.onProgress?.('generate', f),
      allowFormulas: input.allowFormulas,
    },
    blueprint.source?.delimiter ?? ',',
    blueprint.source?.newline === 'crlf' ? '\r\n' : '\n',
    sink,
    false,
  );
  const control = controlSummaryOfCounts(blueprint, out.levelCounts, out.rows, input);
  timings.generate = performance.now() - t;
  return {
    blueprint,
    outputFormat: blueprint.output?.format ?? 'csv',
    constraints: out.constraints,
    problems: parsed.problems.filter((p) => p.severity !== 'error'),
    ...(control ? { control } : {}),
    rows: out.rows,
    range: shardRange(rows, input.shard),
    timings,
  };
}

/** A shard that is not a part of a whole: refused with what to write instead. */
function checkShard(shard: Shard | undefined): void {
  if (!shard) return;
  if (!(Number.isInteger(shard.count) && shard.count >= 1 && Number.isInteger(shard.index) && shard.index >= 1))
    throw new SynthError(
      'generate/bad-shard',
      `--shard ${shard.index}/${shard.count} is not a part of a whole: K and N must be whole numbers with 1 <= K <= N.`,
      {},
      'Write --shard 1/4 for the first of four parts.',
    );
  if (shard.index > shard.count)
    throw new SynthError(
      'generate/bad-shard',
      `--shard ${shard.index}/${shard.count}: there is no part ${shard.index} of ${shard.count} (K must be at most N).`,
      {},
      `Parts are numbered 1 to ${shard.count}.`,
    );
}

/** The source table an `augment` blueprint jitters, read and checked against its fingerprint. */
function augmentSource(
  blueprint: Blueprint,
  sourceCsv: Uint8Array | undefined,
  fileName: string,
  sourceRaw: RawTable | undefined,
): Table {
  const where = blueprint.source?.path ?? 'the source CSV';
  if (!sourceCsv || !blueprint.source)
    throw new SynthError(
      'generate/augment-needs-source',
      `Method "augment" needs the source CSV ${where}, and it was not found.`,
      { file: fileName, jsonPath: 'source.path' },
      'Put the source CSV where "source.path" says (relative to the blueprint), or refit with method "copula" or "cart".',
    );
  if (blueprint.source.sha256 !== '' && sha256Hex(sourceCsv) !== blueprint.source.sha256)
    throw new SynthError(
      'generate/augment-source-changed',
      `The source CSV ${where} changed since the blueprint was fitted (its SHA-256 differs), so "augment" would jitter rows the blueprint does not describe.`,
      { file: fileName, jsonPath: 'source.sha256' },
      'Refit the blueprint from the current CSV (synthesize --method augment).',
    );
  const raw = sourceRaw ?? readCsv(sourceCsv, { fileName: blueprint.source.path });
  return toTable(raw, blueprint.columns.map(readingOf)).table;
}

/** `controlSummary` from level counts summed over chunks. */
function controlSummaryOfCounts(
  blueprint: Blueprint,
  counts: Map<string, number> | undefined,
  rows: number,
  input: { where?: string; rebalance?: string },
): ControlSummary | undefined {
  const empty: Table = { rowCount: 0, columns: [] };
  const summary = controlSummary(blueprint, empty, input);
  if (!summary?.rebalance || !counts) return summary;
  summary.rebalance.classes = summary.rebalance.classes.map((c) => {
    const n = counts.get(c.level) ?? 0;
    return { ...c, rows: n, achieved: rows ? n / rows : 0 };
  });
  return summary;
}

/** A CSV read back with the leading ' of neutralised formula cells removed (see `neutralizeFormula`). */
function withFormulasRestored(raw: RawTable): RawTable {
  const fix = (cells: (string | null)[]): (string | null)[] =>
    cells.some((c) => c !== null && c.charCodeAt(0) === 39)
      ? cells.map((c) => (c === null ? c : restoreFormula(c)))
      : cells;
  return { ...raw, header: raw.header.map(restoreFormula), columns: raw.columns.map(fix) };
}

/** Run `f`; a located error that does not name its file gets `fileName`. */
export function withFile<T>(fileName: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof SynthError && !e.location.file)
      throw new SynthError(e.code, e.message, { ...e.location, file: fileName }, e.hint);
    throw e;
  }
}

export function issueWarnings(issues: ConversionIssue[], fileName: string): Problem[] {
  return issues.map((i) => ({
    severity: 'warning' as const,
    code: `csv/${i.kind}`,
    file: fileName,
    line: i.firstRow + 2,
    message: `Column "${i.column}": ${i.count} value${i.count === 1 ? '' : 's'} ${i.kind === 'unknown-category' ? 'not among the known categories' : i.kind === 'not-a-date' ? 'not readable as dates' : 'not readable as numbers'} (first "${i.firstValue}" on line ${i.firstRow + 2})${i.kind === 'unknown-category' ? '' : '; read as missing'}.`,
  }));
}
