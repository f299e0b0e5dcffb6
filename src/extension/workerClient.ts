import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import { CancelledError, SynthError } from '../core/errors';
import type { Stage } from '../core/pipeline';
import type { FromWorker, Job, JobResult } from './workerProtocol';

const STAGE_LABEL: Record<Stage, string> = {
  read: 'Reading',
  fit: 'Fitting the model',
  generate: 'Generating rows',
  report: 'Measuring quality',
};

/**
 * What the progress notification says while rows are generated: rows done of all, rows per
 * second and time left, once a second of generating has given a rate.
 */
export function rowsMessage(fraction: number, totalRows: number, seconds: number): string {
  const done = Math.round(fraction * totalRows);
  const fmt = (n: number): string => n.toLocaleString('en-US');
  if (!(seconds >= 1) || done === 0) return `Generating rows… ${fmt(done)} of ${fmt(totalRows)}`;
  const rate = done / seconds;
  const left = (totalRows - done) / rate;
  const time =
    left < 60 ? `${Math.ceil(left)} s` : left < 3600 ? `${Math.ceil(left / 60)} min` : `${(left / 3600).toFixed(1)} h`;
  return `Generating rows… ${fmt(done)} of ${fmt(totalRows)} (${fmt(Math.round(rate))} rows/s, about ${time} left)`;
}

/**
 * Run a job on a fresh worker thread, so the extension host stays responsive. Progress goes to
 * `progress` (with `totalRows`, the generate stage shows rows done, rows/s and time left);
 * cancelling `token` terminates the worker at once and rejects with CancelledError.
 */
export function runJob(
  extensionPath: string,
  job: Job,
  progress?: vscode.Progress<{ message?: string; increment?: number }>,
  token?: vscode.CancellationToken,
  totalRows?: number,
): Promise<JobResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(extensionPath, 'dist', 'worker.js'), { workerData: job });
    let settled = false;
    let reported = 0;
    let generateStarted: number | undefined;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      sub?.dispose();
      void worker.terminate();
      fn();
    };
    const sub = token?.onCancellationRequested(() => finish(() => reject(new CancelledError())));
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'progress') {
        // Four stages share the bar equally.
        const order: Stage[] = ['read', 'fit', 'generate', 'report'];
        const overall = ((order.indexOf(m.stage) + m.fraction) / order.length) * 100;
        const increment = Math.max(0, overall - reported);
        reported = Math.max(reported, overall);
        let message = `${STAGE_LABEL[m.stage]}…`;
        if (m.stage === 'generate' && totalRows !== undefined) {
          generateStarted ??= Date.now();
          message = rowsMessage(m.fraction, totalRows, (Date.now() - generateStarted) / 1000);
        }
        progress?.report({ message, increment });
      } else if (m.type === 'done') finish(() => resolve(m.result));
      else if (m.type === 'failed') {
        finish(() => {
          if (m.problem)
            reject(
              new SynthError(
                m.problem.code,
                m.problem.message,
                { file: m.problem.file, line: m.problem.line, column: m.problem.column, jsonPath: m.problem.jsonPath },
                m.problem.hint,
              ),
            );
          else reject(new Error(m.internal ?? m.message));
        });
      }
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) =>
      finish(() => reject(new Error(`The worker stopped unexpectedly (exit code ${code}).`))),
    );
    if (token?.isCancellationRequested) finish(() => reject(new CancelledError()));
  });
}
