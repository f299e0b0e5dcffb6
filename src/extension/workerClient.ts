import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import { CancelledError, SynthError } from '../core/errors';
import type { Stage } from '../core/pipeline';
import type { FromWorker, Job, JobResult, ReadProgress } from './workerProtocol';

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
  if (!(seconds >= 1) || done === 0) return `Generating rows… ${fmt(done)} of ${fmt(totalRows)}`;
  const rate = done / seconds;
  return `Generating rows… ${fmt(done)} of ${fmt(totalRows)} (${fmt(Math.round(rate))} rows/s, about ${timeLeft((totalRows - done) / rate)} left)`;
}

/**
 * What the progress notification says while a source is read as a stream: megabytes read of
 * all, rows read, and, once a second of reading has given a rate, rows per second (megabytes per
 * second while a Parquet file's bytes are fingerprinted, before its rows are decoded) and the
 * time left at the rate the bytes go.
 */
export function readMessage(read: ReadProgress, seconds: number): string {
  const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
  // Sizes in the unit of the whole: megabytes, gigabytes from 1 GB.
  const size = (bytes: number): string => (read.totalBytes >= 1e9 ? (bytes / 1e9).toFixed(2) : mb(bytes));
  const rows = read.rows > 0 ? `, ${fmt(read.rows)} rows` : '';
  const head = `Reading… ${size(read.bytes)} of ${size(read.totalBytes)} ${read.totalBytes >= 1e9 ? 'GB' : 'MB'}${rows}`;
  if (!(seconds >= 1) || read.bytes === 0) return head;
  const rate = read.rows > 0 ? `${fmt(Math.round(read.rows / seconds))} rows/s` : `${mb(read.bytes / seconds)} MB/s`;
  const left =
    read.bytes < read.totalBytes
      ? `, about ${timeLeft((read.totalBytes - read.bytes) / (read.bytes / seconds))} left`
      : '';
  return `${head} (${rate}${left})`;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function timeLeft(seconds: number): string {
  return seconds < 60
    ? `${Math.ceil(seconds)} s`
    : seconds < 3600
      ? `${Math.ceil(seconds / 60)} min`
      : `${(seconds / 3600).toFixed(1)} h`;
}

/**
 * Run a job on a fresh worker thread, so the extension host stays responsive. Progress goes to
 * `progress` (a source read as a stream shows megabytes and rows read, rows/s and time left; with
 * `totalRows`, or the worker's when it tells them, the generate stage shows rows done, rows/s and
 * time left); cancelling `token`
 * terminates the worker and rejects with CancelledError once it has stopped, so a file it was
 * writing can be removed without the worker writing on.
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
    // The pass over the source starts with the worker.
    const readStarted = Date.now();
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      sub?.dispose();
      void worker.terminate().then(fn, fn);
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
        if (m.stage === 'read' && m.read) {
          message = readMessage(m.read, (Date.now() - readStarted) / 1000);
        }
        const rows = m.totalRows ?? totalRows;
        if (m.stage === 'generate' && rows !== undefined) {
          generateStarted ??= Date.now();
          message = rowsMessage(m.fraction, rows, (Date.now() - generateStarted) / 1000);
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
