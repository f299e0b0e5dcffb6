/**
 * Messages between the extension host and the worker thread that runs fit, generate and report.
 * The host sends one `Job` per worker; the worker answers with `progress` messages and then
 * exactly one `done` or `failed`. Cancelling terminates the worker (nothing is written by it:
 * the host writes outputs only after `done`).
 */
import type { Blueprint } from '../core/blueprint/types';
import type { Problem } from '../core/errors';
import type { Method } from '../core/blueprint/types';
import type { OutputNames, Stage } from '../core/pipeline';
import type { QualityReport } from '../core/quality/model';

export type Job =
  | { kind: 'synthesize'; csv: Uint8Array; fileName: string; rows?: number; seed?: number; method?: Method; holdout?: number }
  | { kind: 'generate'; blueprintText: string; fileName: string; rows?: number; seed?: number; sourceCsv?: Uint8Array };

export interface SynthesizeResult {
  kind: 'synthesize';
  blueprint: Blueprint;
  blueprintText: string;
  csvText: string;
  report: QualityReport;
  names: OutputNames;
  warnings: Problem[];
  timings: Record<Stage, number>;
}

export interface GenerateResult {
  kind: 'generate';
  blueprint: Blueprint;
  csvText: string;
  problems: Problem[];
  report?: QualityReport;
  staleSource?: boolean;
  timings: Record<Stage, number>;
}

export type JobResult = SynthesizeResult | GenerateResult;

export type FromWorker =
  | { type: 'progress'; stage: Stage; fraction: number }
  | { type: 'done'; result: JobResult }
  /** `problem` is set for user-facing errors (bad input); `internal` for bugs. */
  | { type: 'failed'; message: string; problem?: Problem; internal?: string };
