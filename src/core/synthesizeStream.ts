/**
 * `synthesize` on a CSV read as a stream of byte chunks, in one pass, without holding its rows:
 * the way the CLI and the extension synthesize every CSV.
 *
 * - A source of at most `sampleRows` data rows (100,000 by default) is synthesized exactly as
 *   `synthesize` does (its bytes are kept until the row after the sample's last arrives): the same
 *   blueprint, rows and report, byte for byte.
 * - A larger source is read once. Each data row is held out or not by a seeded hash of its number
 *   (`heldOutByHash`); training rows feed exact counts per column (missing cells, category
 *   levels, and the values of number and datetime columns, counted by the id the reader gives
 *   each distinct cell; past the reader's table of a column, a quantile sketch,
 *   `stats/sketch.ts`), and a seeded reservoir sample of `sampleRows` of them (Vitter's algorithm R); held-out rows feed a
 *   reservoir of their own. The dependence model (`cart`, `copula`) is fitted on the training
 *   reservoir through `fitBlueprint`, then each column's marginal is replaced by the one counted
 *   over every training row; the synthetic rows go to a sink chunk by chunk, and the report
 *   compares the reservoirs with the first synthetic rows.
 */
import type { ColumnSpec } from './blueprint/types';
import { serializeBlueprint } from './blueprint/serialize';
import { toTable } from './csv/convert';
import { parseDatetime } from './csv/datetime';
import { inferColumns, type InferredColumn } from './csv/infer';
import { parseNumber, patternToNumberFormat, type NumberFormat } from './csv/numbers';
import type { RawTable } from './csv/read';
import { CsvStreamReader, skippedWarning, type CellTable } from './csv/stream';
import { SynthError, throwIfAborted, type Problem } from './errors';
import { fitBlueprint, marginalOptions } from './fit';
import {
  codeValue,
  describeColumn,
  levelProbabilities,
  nearest,
  rareLevels,
  type MarginalOptions,
} from './fit/marginals';
import { MAX_ROWS } from './limits';
import { baseNameOf, outputNames } from './names';
import {
  addPiiCheck,
  declaredColumns,
  issueWarnings,
  streamRows,
  synthesize,
  userConstraints,
  withFile,
  type SynthesizeInput,
  type SynthesizeOutput,
  type Stage,
} from './pipeline';
import { buildReport } from './quality/report';
import { stringifyReport } from './quality/serialize';
import { columnsOf, SampledSplit, splitSampleTable, type Cells } from './sampledSplit';
import { QuantileSketch, spreadRanks, valuesAtRanks } from './stats/sketch';
import { storageOf } from './table';
import { groupThousands } from './util/format';
import { roundTo } from './util/round';

/** Rows of the reservoir sample the dependence model and the report are fitted on. */
export const DEFAULT_SAMPLE_ROWS = 100_000;

/** Points a sketch is spread into to describe a column (`describeColumn` then picks its quantiles). */
const SPREAD_POINTS = 100_000;

/** Distinct levels counted per category column; past it the column keeps its sample's shares. */
const MAX_LEVELS = 100_000;

export interface StreamSynthesizeInput extends Omit<SynthesizeInput, 'csv' | 'raw' | 'sha256'> {
  /** Rows of the reservoir sample (default 100,000); a source with at most this many rows is fitted whole. */
  sampleRows?: number;
  /** The source's size in bytes, for progress while reading. */
  totalBytes?: number;
  /** Told the number of rows about to be generated (a source larger than the sample), for progress. */
  onGenerateRows?: (rows: number) => void;
}

export interface StreamSynthesizeOutput extends SynthesizeOutput {
  /**
   * True when the source was larger than the sample: the synthetic rows went to the sink and
   * `csvText` is empty.
   */
  streamed: boolean;
  /** Data rows read from the source, and the reservoir's size (when `streamed`). */
  sourceRows: number;
  sampleRows?: number;
}

/**
 * What one column's training cells add up to over the whole source. Cells the reader's table of
 * the column holds (`CellTable`, most of them) are counted by id, exactly; the others (a column
 * with more distinct cells than the table takes) go to a quantile sketch or a map of levels.
 */
interface ColumnStat {
  type: InferredColumn['type'];
  table: CellTable;
  missing: number;
  /** Training cells per id of `table`. */
  counts: number[];
  /** Numbers and datetimes: each id's value (NaN: not readable), and the cells beyond the table. */
  values?: number[];
  sketch?: QuantileSketch;
  parse?: (cell: string) => number;
  memo?: Map<string, number>;
  /** Categories and booleans: the cells beyond the table (undefined once past MAX_LEVELS). */
  levels?: Map<string, number>;
  bad?: { count: number; line: number; value: string };
}

function columnStat(c: InferredColumn, table: CellTable): ColumnStat {
  const storage = storageOf(c.type);
  const stat: ColumnStat = { type: c.type, table, missing: 0, counts: [] };
  if (storage === 'numeric') {
    const format = c.format;
    if (c.type === 'datetime') stat.parse = (cell) => parseDatetime(cell, format ?? 'YYYY-MM-DD');
    else {
      const fmt: NumberFormat | undefined = format ? patternToNumberFormat(format) : undefined;
      stat.parse = (cell) => parseNumber(cell, fmt);
    }
    stat.values = [];
    stat.sketch = new QuantileSketch();
    stat.memo = new Map();
  } else if (storage === 'categorical') stat.levels = new Map();
  return stat;
}

/** Count one training cell: `id` in the column's table, or -1 with the cell itself. */
function countCell(stat: ColumnStat, id: number, cell: string | null, line: number): void {
  if (id < 0) return addCell(stat, cell, line);
  const table = stat.table;
  if (table.cells[id] === null) {
    stat.missing++;
    return;
  }
  // A text column counts its missing cells only.
  if (!stat.values && !stat.levels) return;
  const counts = stat.counts;
  while (counts.length <= id) counts.push(0);
  const values = stat.values;
  if (values) {
    while (values.length <= id) {
      const text = table.cells[values.length];
      values.push(text === null ? NaN : stat.parse!(text));
    }
    if (Number.isNaN(values[id])) {
      badCell(stat, table.texts[id], line);
      return;
    }
  }
  counts[id]++;
}

function addCell(stat: ColumnStat, cell: string | null, line: number): void {
  if (cell === null) {
    stat.missing++;
    return;
  }
  if (stat.sketch) {
    let v = stat.memo!.get(cell);
    if (v === undefined) {
      v = stat.parse!(cell);
      if (stat.memo!.size < 50_000) stat.memo!.set(cell, v);
    }
    if (Number.isNaN(v)) badCell(stat, cell, line);
    else stat.sketch.add(v);
    return;
  }
  if (stat.levels) {
    const n = stat.levels.get(cell);
    if (n !== undefined) stat.levels.set(cell, n + 1);
    else if (stat.levels.size < MAX_LEVELS) stat.levels.set(cell, 1);
    else stat.levels = undefined;
  }
}

/** A number or datetime cell that could not be read: counted as missing, the first one named. */
function badCell(stat: ColumnStat, value: string, line: number): void {
  stat.missing++;
  if (stat.bad) stat.bad.count++;
  else stat.bad = { count: 1, line, value };
}

/**
 * The `m` points a numeric column's training cells spread into (`QuantileSketch.spread`): exact
 * when every cell was counted by id, else from the sketch with the counted values added.
 */
function spreadColumn(stat: ColumnStat, m: number): Float64Array {
  const ids: number[] = [];
  for (let id = 0; id < stat.counts.length; id++) if (stat.counts[id] > 0) ids.push(id);
  const values = stat.values!;
  const sketch = stat.sketch!;
  if (sketch.count > 0) {
    for (const id of ids) for (let k = 0; k < stat.counts[id]; k++) sketch.add(values[id]);
    return sketch.spread(m);
  }
  ids.sort((a, b) => values[a] - values[b]);
  return valuesAtRanks(
    Float64Array.from(ids, (id) => values[id]),
    Float64Array.from(ids, (id) => stat.counts[id]),
    spreadRanks(m),
  );
}

/** Training cells of a numeric column that were read as numbers. */
function numericCount(stat: ColumnStat): number {
  let n = stat.sketch!.count;
  for (const c of stat.counts) n += c;
  return n;
}

/** A category column's levels with their training counts (undefined past MAX_LEVELS beyond the table). */
function levelCounts(stat: ColumnStat): Map<string, number> | undefined {
  if (!stat.levels) return undefined;
  const out = new Map(stat.levels);
  stat.counts.forEach((n, id) => {
    const cell = stat.table.cells[id];
    if (n > 0 && cell !== null) out.set(cell, (out.get(cell) ?? 0) + n);
  });
  return out;
}

/** `synthesize` fed chunk by chunk (see the file's comment). */
export class SynthesizeStream {
  private readonly reader: CsvStreamReader;
  private readonly sampleRows: number;
  private readonly seed: number;
  private readonly holdout: number;
  /** The source's bytes, while it may still fit the sample. */
  private bytes: Uint8Array[] | undefined = [];
  private bytesRead = 0;
  /** "\n" and "\r" bytes so far, until the bytes are read as a stream (`parsing`). */
  private newlines = 0;
  private returns = 0;
  private parsing = false;
  /** The first rows, until the source turns out larger than the sample. */
  private first: { cells: Cells; ids: Int32Array; line: number }[] | undefined = [];
  private streamTypes: InferredColumn[] = [];
  private stats: ColumnStat[] = [];
  private split: SampledSplit;
  private started = performance.now();
  /** Rows came through `pushRows` (Parquet). */
  private rowsMode = false;

  constructor(private readonly input: StreamSynthesizeInput) {
    this.sampleRows = input.sampleRows ?? DEFAULT_SAMPLE_ROWS;
    if (!(Number.isInteger(this.sampleRows) && this.sampleRows >= 1))
      throw new SynthError(
        'synthesize/sample',
        `The sample size must be a whole number of rows, at least 1 (got ${this.sampleRows}).`,
        {},
        `Use the default, ${groupThousands(DEFAULT_SAMPLE_ROWS)}.`,
      );
    this.seed = input.seed ?? 42;
    this.holdout = input.holdout ?? 0.2;
    this.split = new SampledSplit(this.sampleRows, this.holdout, this.seed);
    this.reader = new CsvStreamReader(input.fileName, (cells, line) => this.row(cells, line));
    input.onProgress?.('read', 0);
  }

  /** Data rows read so far (while only bytes are kept, their line breaks less the header's). */
  get rowsRead(): number {
    return this.parsing || this.rowsMode ? this.reader.rows : Math.max(0, this.lineBreaks() - 1);
  }

  /**
   * Feed the next bytes of the source. While the source may still fit the sample (at most
   * `sampleRows` line breaks, so at most that many data rows) only its bytes are kept: such a
   * source is synthesized from them at the end by `synthesize`, which reads them once (and reads
   * Windows-1252 too). Past that, the bytes kept are read as a stream and the rest follows.
   */
  push(bytes: Uint8Array): void {
    throwIfAborted(this.input.signal);
    this.bytesRead += bytes.length;
    if (this.bytes) this.bytes.push(bytes.slice());
    if (this.parsing) withFile(this.input.fileName, () => this.reader.push(bytes));
    else {
      this.newlines += countByte(bytes, 10);
      this.returns += countByte(bytes, 13);
      if (this.lineBreaks() > this.sampleRows) {
        this.parsing = true;
        const kept = this.bytes!;
        withFile(this.input.fileName, () => {
          for (const b of kept) this.reader.push(b);
        });
      }
    }
    if (this.input.totalBytes) this.input.onProgress?.('read', Math.min(1, this.bytesRead / this.input.totalBytes));
  }

  /** Line breaks so far: "\n" or "\r" whichever is more (a "\r\n" file has as many of each). */
  private lineBreaks(): number {
    return Math.max(this.newlines, this.returns);
  }

  /**
   * Feed rows already cut into cells (a Parquet file's row group, `readParquetGroups`), column by
   * column; instead of `push`, never mixed with it.
   */
  pushRows(header: string[], columns: Cells[], rows: number): void {
    throwIfAborted(this.input.signal);
    this.bytes = undefined;
    this.rowsMode = true;
    if (!this.reader.header) this.reader.useHeader(header);
    for (let r = 0; r < rows; r++) {
      const cells: Cells = new Array<string | null>(columns.length);
      for (let c = 0; c < columns.length; c++) cells[c] = columns[c][r];
      this.reader.rows++;
      // Parquet cells are counted one by one (their missing values are null already, no markers).
      this.reader.ids.fill(-1);
      // A Parquet row has no line: its number (1-based) stands in, as the header's line would.
      this.row(cells, this.reader.rows + 1);
    }
  }

  private row(cells: Cells, line: number): void {
    const index = this.reader.rows - 1;
    if (this.first) {
      this.first.push({ cells: cells.slice(), ids: this.reader.ids.slice(), line });
      if (this.first.length <= this.sampleRows) return;
      this.startStreaming();
      return;
    }
    this.feed(cells, this.reader.ids, index, line);
  }

  /** The source has more rows than the sample: from here on, nothing is kept but the reservoirs and counts. */
  private startStreaming(): void {
    if (this.input.method === 'augment')
      throw new SynthError(
        'synthesize/augment-too-large',
        `${this.input.fileName} has more than ${groupThousands(this.sampleRows)} rows; method "augment" jitters every real row, so it needs the whole table in memory.`,
        { file: this.input.fileName },
        'Use method "cart" (the default) or "copula", which fit on a sample and count the rest, or augment a sample of the rows.',
      );
    const first = this.first!;
    this.first = undefined;
    this.bytes = undefined;
    // Types (and formats) from the first rows, for counting; the fit infers its own from the sample.
    const header = this.reader.header!;
    const raw: RawTable = {
      header,
      columns: columnsOf(
        first.map((r) => r.cells),
        header.length,
      ),
      rowCount: first.length,
      delimiter: this.reader.delimiter,
      newline: this.reader.newline,
      warnings: [],
    };
    this.streamTypes = inferColumns(raw, { minGroupSize: this.input.minGroupSize ?? 5 });
    this.stats = this.streamTypes.map((c, i) => columnStat(c, this.reader.tables[i]));
    first.forEach((r, i) => this.feed(r.cells, r.ids, i, r.line));
  }

  private feed(cells: Cells, ids: Int32Array, index: number, line: number): void {
    if (!this.split.offer(cells, index)) return;
    const stats = this.stats;
    for (let c = 0; c < stats.length; c++) countCell(stats[c], ids[c], cells[c], line);
  }

  /**
   * The source has ended: fit, generate and report. `sha256` gives the source's fingerprint;
   * `sink` receives the synthetic rows of a source larger than the sample (a smaller one's are
   * returned in `csvText`).
   */
  finish(sha256: () => string, sink: (data: string | Uint8Array) => void): StreamSynthesizeOutput {
    if (this.rowsMode && this.first) {
      // A Parquet file that fits the sample: synthesized as the whole table, as before.
      const first = this.first;
      this.first = undefined;
      const header = this.reader.header!;
      const raw: RawTable = {
        header,
        columns: columnsOf(
          first.map((r) => r.cells),
          header.length,
        ),
        rowCount: first.length,
        delimiter: ',',
        newline: '\n',
        warnings: [],
      };
      const out = synthesize({ ...this.input, csv: new Uint8Array(0), raw, sha256: sha256() });
      return { ...out, streamed: false, sourceRows: first.length };
    }
    if (!this.rowsMode && !this.parsing) {
      // Never more line breaks than the sample has rows: synthesized from the bytes, read once.
      const out = synthesize({ ...this.input, csv: concat(this.bytes!) });
      this.bytes = undefined;
      return { ...out, streamed: false, sourceRows: out.blueprint.source?.rows ?? 0 };
    }
    if (!this.rowsMode) withFile(this.input.fileName, () => this.reader.end());
    if (this.bytes) {
      const bytes = concat(this.bytes);
      this.bytes = undefined;
      this.first = undefined;
      const out = synthesize({ ...this.input, csv: bytes });
      return { ...out, streamed: false, sourceRows: this.reader.rows };
    }
    return this.finishStreamed(sha256(), sink);
  }

  private finishStreamed(sha256: string, sink: (data: string | Uint8Array) => void): StreamSynthesizeOutput {
    const input = this.input;
    const timings: Record<Stage, number> = { read: performance.now() - this.started, fit: 0, generate: 0, report: 0 };
    const names = outputNames(input.fileName);
    const header = this.reader.header!;
    const rawOf = (rows: Cells[]): RawTable => ({
      header,
      columns: columnsOf(rows, header.length),
      rowCount: rows.length,
      delimiter: this.reader.delimiter,
      newline: this.reader.newline,
      warnings: [],
      ...(this.reader.sourceHeader ? { sourceHeader: this.reader.sourceHeader } : {}),
    });
    const { train: trainSample, held: heldSample } = this.split.samples();
    const trainRaw = { ...rawOf(trainSample), warnings: this.reader.warnings };
    const sourceRows = this.reader.rows;
    const askedTarget =
      input.targetSource === 'setting' && input.target !== undefined && !header.includes(input.target)
        ? undefined
        : input.target;

    let t = performance.now();
    input.onProgress?.('fit', 0);
    const rows = input.rows ?? Math.min(sourceRows, MAX_ROWS);
    const fit = withFile(input.fileName, () =>
      fitBlueprint(trainRaw, {
        method: input.method,
        holdout: 0,
        seed: this.seed,
        rows,
        minGroupSize: input.minGroupSize,
        target: askedTarget,
        name: baseNameOf(input.fileName),
        sourcePath: input.sourcePath ?? input.fileName.split(/[\\/]/).pop(),
        sourceSha256: sha256,
        outputPath: names.synthetic,
        keepConstraints: input.previousBlueprint !== undefined ? userConstraints(input.previousBlueprint) : undefined,
        sourceRows,
        signal: input.signal,
      }),
    );
    const blueprint = fit.blueprint;
    const minGroupSize = blueprint.privacy?.minGroupSize ?? 5;
    blueprint.columns = blueprint.columns.map((spec, i) =>
      this.wholeMarginal(spec, fit.inferred[i], i, minGroupSize, marginalOptions(blueprint.method, minGroupSize)),
    );
    blueprint.source = {
      path: blueprint.source!.path,
      sha256: blueprint.source!.sha256,
      rows: sourceRows,
      trainRows: this.split.trainRows,
      holdout: this.holdout,
      sample: this.sampleRows,
      ...(this.reader.delimiter !== ',' ? { delimiter: this.reader.delimiter } : {}),
      ...(this.reader.newline === '\r\n' ? { newline: 'crlf' as const } : {}),
    };
    const blueprintText = serializeBlueprint(blueprint);
    timings.fit = performance.now() - t;

    t = performance.now();
    input.onGenerateRows?.(blueprint.rows);
    const out = streamRows(
      blueprint,
      {
        signal: input.signal,
        onProgress: (f) => input.onProgress?.('generate', f),
        allowFormulas: input.allowFormulas,
      },
      this.reader.delimiter,
      this.reader.newline,
      sink,
      this.sampleRows,
    );
    const synthetic = out.table!;
    timings.generate = performance.now() - t;

    t = performance.now();
    // The report compares the reservoirs (training, then held-out rows) with the first synthetic rows.
    const real = toTable(rawOf([...trainSample, ...heldSample]), fit.inferred).table;
    const { train: trainTable, holdout: heldTable } = splitSampleTable(real, trainSample.length);
    const target = askedTarget ?? blueprint.target;
    const report = buildReport(real, synthetic, {
      realName: input.fileName.split(/[\\/]/).pop(),
      syntheticName: names.synthetic,
      generator: { method: blueprint.method, seed: blueprint.seed },
      constraints: out.constraints,
      train: trainTable,
      holdout: heldTable,
      ...(heldTable.rowCount === 0 ? { noHoldoutReason: 'fitted on all rows (holdout 0)' } : {}),
      ...(target !== undefined
        ? {
            target,
            targetSource: askedTarget !== undefined ? (input.targetSource ?? 'option') : ('blueprint' as const),
          }
        : {}),
      weights: input.weights,
      schema: declaredColumns(blueprint.columns),
      signal: input.signal,
      onProgress: (f) => input.onProgress?.('report', f),
    });
    addPiiCheck(report, real, synthetic, blueprint.columns);
    report.notes.unshift(
      `Large source: ${groupThousands(sourceRows)} rows were read as a stream. The model and this report use seeded random samples (${groupThousands(trainTable.rowCount)} training rows, ${groupThousands(heldTable.rowCount)} held-out rows, held out by a seeded hash of the row number) and the first ${groupThousands(synthetic.rowCount)} of the ${groupThousands(out.rows)} synthetic rows; missing rates, category shares and quantiles were counted over all ${groupThousands(this.split.trainRows)} training rows.`,
    );
    timings.report = performance.now() - t;

    const warnings: Problem[] = [...fit.warnings, ...issueWarnings(fit.issues, input.fileName)];
    const skipped = skippedWarning(this.reader.skipped, header.length, input.fileName);
    if (skipped) warnings.unshift(skipped);
    for (const w of this.badCells()) warnings.push(w);
    if (input.rows === undefined && sourceRows > MAX_ROWS)
      warnings.push({
        severity: 'info',
        code: 'synthesize/rows-capped',
        message: `The source has ${groupThousands(sourceRows)} rows; ${groupThousands(MAX_ROWS)} (the limit of one run) were generated.`,
        hint: 'Generate more from the blueprint with generate --shard K/N.',
      });
    return {
      blueprint,
      blueprintText,
      csvText: '',
      constraints: out.constraints,
      sourceViolations: { cells: [], total: 0, byColumn: {}, missingColumns: [] },
      report,
      reportText: stringifyReport(report),
      names,
      warnings,
      issues: fit.issues,
      timings,
      streamed: true,
      sourceRows,
      sampleRows: this.sampleRows,
    };
  }

  /**
   * A column's marginal counted over every training row in place of its sample's: the missing
   * rate, category shares (rare levels pooled as the fit pooled them) and quantiles from the
   * column's sketch. A column whose sample was typed otherwise than the first rows keeps its
   * sample's description.
   */
  private wholeMarginal(
    spec: ColumnSpec,
    inferred: InferredColumn,
    i: number,
    minGroupSize: number,
    marginals: MarginalOptions,
  ): ColumnSpec {
    const stat = this.stats[i];
    const n = this.split.trainRows;
    if (!stat || stat.type !== spec.type || n === 0 || spec.missing === 1) return spec;
    const out: ColumnSpec = { ...spec };
    const missing = roundTo(stat.missing / n, 6);
    if (missing > 0) out.missing = missing;
    else delete out.missing;
    if (spec.pii || !spec.distribution) return out;
    if (stat.values && spec.distribution.kind === 'empirical') {
      const count = numericCount(stat);
      if (count < minGroupSize) return out;
      const values = spreadColumn(stat, Math.min(SPREAD_POINTS, count));
      const described = describeColumn(
        { storage: 'numeric', name: spec.name, type: spec.type as 'integer' | 'number' | 'datetime', values },
        inferred,
        marginals,
      );
      if (described.distribution) out.distribution = described.distribution;
      if (described.min !== undefined) out.min = described.min;
      if (described.max !== undefined) out.max = described.max;
      return out;
    }
    const levels = levelCounts(stat);
    if (levels && spec.distribution.kind === 'categorical') {
      const named = Object.keys(spec.distribution.probabilities);
      // Levels the sample pooled (or never saw) count towards the one label the fit invented, if any.
      const invented = named.filter((l) => !levels.has(l));
      if (invented.length > 1) return out;
      const counts = named.map((l) => levels.get(l) ?? 0);
      const known = new Set(named);
      if (invented.length === 1) {
        let rest = 0;
        for (const [level, count] of levels) if (!known.has(level)) rest += count;
        counts[named.indexOf(invented[0])] = rest;
      } else {
        // Number codes: the levels the sample pooled count towards the nearest named one, as
        // in memory (`nearestKept`).
        const at = named.map(codeValue);
        if (at.every(Number.isFinite))
          for (const [level, count] of levels) {
            const v = codeValue(level);
            if (!known.has(level) && Number.isFinite(v)) counts[nearest(at, v)] += count;
          }
      }
      out.distribution = {
        kind: 'categorical',
        probabilities: levelProbabilities(named, counts, rareLevels(counts, minGroupSize), minGroupSize),
      };
      return out;
    }
    return out;
  }

  /** Cells of number and datetime columns that could not be read, per column, with the first line. */
  private badCells(): Problem[] {
    const out: Problem[] = [];
    this.stats.forEach((s, i) => {
      if (!s.bad) return;
      const name = this.streamTypes[i].name;
      out.push({
        severity: 'warning',
        code: s.type === 'datetime' ? 'csv/not-a-date' : 'csv/not-a-number',
        file: this.input.fileName,
        line: s.bad.line,
        message: `Column "${name}": ${groupThousands(s.bad.count)} value${s.bad.count === 1 ? '' : 's'} not readable as ${s.type === 'datetime' ? 'dates' : 'numbers'} (first "${s.bad.value}" on line ${s.bad.line}); read as missing.`,
      });
    });
    return out;
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** How many bytes of `bytes` are `b`. */
function countByte(bytes: Uint8Array, b: number): number {
  let n = 0;
  for (let i = bytes.indexOf(b); i >= 0; i = bytes.indexOf(b, i + 1)) n++;
  return n;
}
