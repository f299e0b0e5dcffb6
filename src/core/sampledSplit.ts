/**
 * The seeded samples a large source is known by: each data row is held out or not by a seeded
 * hash of its number (`heldOutByHash`), and each side keeps a reservoir sample (Vitter's algorithm
 * R). Synthesize fits and reports on them (`synthesizeStream.ts`); Generate and Show Quality
 * Report read the source again into the same samples (`SourceSampler`), so their report compares
 * the very rows Synthesize's did, without the source in memory.
 */
import type { RawTable } from './csv/read';
import { CsvStreamReader, detached } from './csv/stream';
import { throwIfAborted } from './errors';
import { heldOutByHash } from './holdout';
import { Rng } from './random';
import { takeRows, type Table } from './table';

export type Cells = (string | null)[];

/** Rows as columns (`width` of them): one pass over the rows, each read once. */
export function columnsOf(rows: readonly Cells[], width: number): Cells[] {
  const columns: Cells[] = [];
  for (let c = 0; c < width; c++) columns.push(new Array<string | null>(rows.length));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < width; c++) columns[c][r] = row[c];
  }
  return columns;
}

/** Rows kept by Vitter's algorithm R: each row offered so far is in with the same chance. */
class Reservoir {
  readonly rows: Cells[] = [];
  readonly index: number[] = [];
  offered = 0;
  constructor(
    private readonly size: number,
    private readonly rng: Rng,
  ) {}

  offer(cells: Cells, row: number): void {
    const t = this.offered++;
    if (t < this.size) {
      this.rows.push(own(cells));
      this.index.push(row);
      return;
    }
    const j = Math.floor(this.rng.next() * (t + 1));
    if (j < this.size) {
      this.rows[j] = own(cells);
      this.index[j] = row;
    }
  }

  /** The kept rows in file order. */
  inOrder(): Cells[] {
    const order = this.index.map((_, i) => i).sort((a, b) => this.index[a] - this.index[b]);
    return order.map((i) => this.rows[i]);
  }
}

/** A copy of a row's cells that does not keep the chunk of text they were cut from alive. */
function own(cells: Cells): Cells {
  const out: Cells = new Array<string | null>(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    out[i] = c === null ? c : detached(c);
  }
  return out;
}

/**
 * Training and held-out reservoirs of a source's rows: `sampleRows` training rows, and held-out
 * rows in the share a whole-file split would have (sampleRows x holdout / (1 - holdout)).
 */
export class SampledSplit {
  private readonly train: Reservoir;
  private readonly held: Reservoir;
  /** Training rows offered (all of them, not only those kept). */
  trainRows = 0;

  constructor(
    sampleRows: number,
    private readonly holdout: number,
    private readonly seed: number,
  ) {
    const rng = new Rng((seed ^ 0x2545f491) >>> 0);
    this.train = new Reservoir(sampleRows, rng.fork());
    this.held = new Reservoir(
      Math.max(1, Math.round((sampleRows * holdout) / Math.max(1e-9, 1 - holdout))),
      rng.fork(),
    );
  }

  /** Offer data row `index` (0-based); returns true when it is a training row. */
  offer(cells: Cells, index: number): boolean {
    if (heldOutByHash(index, this.holdout, this.seed)) {
      this.held.offer(cells, index);
      return false;
    }
    this.trainRows++;
    this.train.offer(cells, index);
    return true;
  }

  /** The kept rows of each side, in file order. */
  samples(): { train: Cells[]; held: Cells[] } {
    return { train: this.train.inOrder(), held: this.held.inOrder() };
  }
}

/**
 * The training and held-out sides of a sample table whose first `trainCount` rows are the
 * training sample and the rest the held-out one (as `SampledSplit.samples` lists them).
 */
export function splitSampleTable(real: Table, trainCount: number): { train: Table; holdout: Table } {
  const rows = (from: number, to: number): Int32Array => Int32Array.from({ length: to - from }, (_, i) => from + i);
  return { train: takeRows(real, rows(0, trainCount)), holdout: takeRows(real, rows(trainCount, real.rowCount)) };
}

/** A source read again into the samples its blueprint was fitted and reported on. */
export interface SourceSample {
  /** The kept training rows, then the kept held-out rows, as cells. */
  raw: RawTable;
  /** How many of `raw`'s rows are training rows (the rest are held out). */
  trainCount: number;
  /** Data rows in the source, and training rows among them. */
  rows: number;
  trainRows: number;
  /** The source's SHA-256, when it was read from a file (hex). */
  sha256?: string;
}

/**
 * Read a source (CSV bytes chunk by chunk, or a Parquet file's row groups) into the samples
 * `SampledSplit` keeps, with the seed, holdout and sample size of its blueprint's `source`.
 */
export class SourceSampler {
  private readonly reader: CsvStreamReader;
  private readonly split: SampledSplit;

  constructor(
    fileName: string,
    settings: { sampleRows: number; holdout: number; seed: number },
    private readonly signal?: AbortSignal,
  ) {
    this.split = new SampledSplit(settings.sampleRows, settings.holdout, settings.seed);
    this.reader = new CsvStreamReader(fileName, (cells) => this.split.offer(cells, this.reader.rows - 1));
  }

  get rowsRead(): number {
    return this.reader.rows;
  }

  push(bytes: Uint8Array): void {
    throwIfAborted(this.signal);
    this.reader.push(bytes);
  }

  /** Rows already cut into cells, column by column (a Parquet row group); never mixed with `push`. */
  pushRows(header: string[], columns: Cells[], rows: number): void {
    throwIfAborted(this.signal);
    if (!this.reader.header) this.reader.useHeader(header);
    for (let r = 0; r < rows; r++) {
      const cells: Cells = new Array<string | null>(columns.length);
      for (let c = 0; c < columns.length; c++) cells[c] = columns[c][r];
      this.reader.rows++;
      this.split.offer(cells, this.reader.rows - 1);
    }
  }

  /** The samples, once every byte or row group was given (`parquet`: rows came through `pushRows`). */
  finish(parquet = false): SourceSample {
    if (!parquet) this.reader.end();
    const header = this.reader.header ?? [];
    const { train, held } = this.split.samples();
    const rows = [...train, ...held];
    return {
      raw: {
        header,
        columns: columnsOf(rows, header.length),
        rowCount: rows.length,
        delimiter: parquet ? ',' : this.reader.delimiter,
        newline: parquet ? '\n' : this.reader.newline,
        warnings: this.reader.warnings,
      },
      trainCount: train.length,
      rows: this.reader.rows,
      trainRows: this.split.trainRows,
    };
  }
}
