/**
 * Messages between the extension host and the worker thread that runs fit, generate and report.
 * The host sends one `Job` per worker; the worker answers with `progress` messages and then
 * exactly one `done` or `failed`. Cancelling terminates the worker. A worker writes one file at
 * most, into the temporary the host named (`tempPath`): Generate's output, or the synthetic rows
 * of a local file synthesized as a stream; the host renames it over its target after `done` (the
 * synthetic rows together with the blueprint) and removes it after a failure or Cancel, so no
 * output is ever half-written.
 */
import type { Method } from '../core/blueprint/types';
import type { Problem } from '../core/errors';
import type { GenerateOutput, Stage, SynthesizeOutput } from '../core/pipeline';

/** What Synthesize is asked, however the source is read. */
export interface SynthesizeSettings {
  fileName: string;
  rows?: number;
  seed?: number;
  method?: Method;
  holdout?: number;
  previousBlueprint?: string;
  allowFormulas?: boolean;
  /** The synthStudio.target setting (the blueprint records it). */
  target?: string;
  targetSource?: 'setting';
}

export type Job =
  /** A source that is not a local file (a remote or virtual folder): its bytes, fitted in memory. */
  | ({ kind: 'synthesize'; csv: Uint8Array } & SynthesizeSettings)
  /**
   * A local file, read by the worker as a stream in one pass (`synthesizeFile`, as the CLI does);
   * the synthetic rows go into `tempPath`, a new file next to `syntheticPath`.
   */
  | ({
      kind: 'synthesizeFile';
      sourcePath: string;
      syntheticPath: string;
      tempPath: string;
      /** The synthStudio.sample setting: rows the model is fitted on when the file has more. */
      sampleRows?: number;
    } & SynthesizeSettings)
  | {
      kind: 'generate';
      blueprintText: string;
      fileName: string;
      rows?: number;
      seed?: number;
      sourceCsv?: Uint8Array;
      /**
       * Instead of `sourceCsv`, a local source larger than its blueprint's sample: the worker reads
       * it in one pass into the samples the blueprint was fitted on (`sampleSourceFile`).
       */
      sourceFile?: { path: string; name: string; sampleRows?: number; holdout: number; seed: number };
      allowFormulas?: boolean;
      /** Generate only rows meeting this condition (Generate with condition…). */
      where?: string;
      /** The report's target: picked in the report, or the setting when the blueprint names none. */
      target?: string;
      targetSource?: 'setting' | 'picked';
      /**
       * Write the output here, chunk by chunk (a new file: the host's temporary sibling of the
       * output), instead of returning it; the result's `outputText` is then empty.
       */
      tempPath?: string;
    };

/** What the worker sends back: the pipeline's output minus what the host does not need. */
export type SynthesizeResult = { kind: 'synthesize' } & Pick<
  SynthesizeOutput,
  | 'blueprint'
  | 'blueprintText'
  | 'csvText'
  | 'constraints'
  | 'sourceViolations'
  | 'report'
  | 'names'
  | 'warnings'
  | 'timings'
>;

/** A local file synthesized as a stream: the synthetic rows are in the job's `tempPath`, not in `csvText`. */
export type SynthesizeFileResult = {
  kind: 'synthesizeFile';
  streamed: boolean;
  sourceRows: number;
  sampleRows?: number;
} & Omit<SynthesizeResult, 'kind' | 'csvText'>;

/** `bytesWritten`: the size of the output written into `tempPath`. */
export type GenerateResult = { kind: 'generate'; bytesWritten?: number } & GenerateOutput;

export type JobResult = SynthesizeResult | SynthesizeFileResult | GenerateResult;

/** How far the pass over a source read as a stream has got. */
export interface ReadProgress {
  bytes: number;
  totalBytes: number;
  /** Data rows read (a Parquet file's count only once its row groups are decoded). */
  rows: number;
}

export type FromWorker =
  /** `totalRows`: the rows being generated, when the worker knows them (a source synthesized as a stream). */
  | { type: 'progress'; stage: Stage; fraction: number; read?: ReadProgress; totalRows?: number }
  | { type: 'done'; result: JobResult }
  /** `problem` is set for user-facing errors (bad input); `internal` for bugs. */
  | { type: 'failed'; message: string; problem?: Problem; internal?: string };
