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
 * Run a job on a fresh worker thread, so the extension host stays responsive. Progress goes to
 * `progress`; cancelling `token` terminates the worker at once and rejects with CancelledError.
 */
export function runJob(
  extensionPath: string,
  job: Job,
  progress?: vscode.Progress<{ message?: string; increment?: number }>,
  token?: vscode.CancellationToken,
): Promise<JobResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(extensionPath, 'dist', 'worker.js'), { workerData: job });
    let settled = false;
    let reported = 0;
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
        progress?.report({ message: `${STAGE_LABEL[m.stage]}…`, increment });
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
