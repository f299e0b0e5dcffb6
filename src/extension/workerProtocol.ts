/**
 * Messages between the extension host and the worker thread that runs fit, generate and report.
 * The host sends one `Job` per worker; the worker answers with `progress` messages and then
 * exactly one `done` or `failed`. Cancelling terminates the worker. A worker writes one file at
 * most: Generate's output, into the temporary the host named (`tempPath`); the host renames it
 * over the output after `done` and removes it after a failure or Cancel, so the output is never
 * half-written.
 */
import type { Method } from '../core/blueprint/types';
import type { Problem } from '../core/errors';
import type { GenerateOutput, Stage, SynthesizeOutput } from '../core/pipeline';

export type Job =
  | {
      kind: 'synthesize';
      csv: Uint8Array;
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
  | {
      kind: 'generate';
      blueprintText: string;
      fileName: string;
      rows?: number;
      seed?: number;
      sourceCsv?: Uint8Array;
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

/** `bytesWritten`: the size of the output written into `tempPath`. */
export type GenerateResult = { kind: 'generate'; bytesWritten?: number } & GenerateOutput;

export type JobResult = SynthesizeResult | GenerateResult;

export type FromWorker =
  | { type: 'progress'; stage: Stage; fraction: number }
  | { type: 'done'; result: JobResult }
  /** `problem` is set for user-facing errors (bad input); `internal` for bugs. */
  | { type: 'failed'; message: string; problem?: Problem; internal?: string };
