/**
 * Detection folds side by side in worker threads (Node), behind core's synchronous `FoldRunner`:
 * the report's detector trains one boosted classifier per cross-validation fold (3 on every
 * table), and they are independent. The calling thread posts all but one fold to idle workers,
 * runs the rest itself, then blocks (Atomics.wait) until each worker's answer is on its port
 * (`receiveMessageOnPort`), so the report stays one synchronous call. Each fold runs core's
 * `runFold` on the same inputs, so the score and gains are the same numbers as in one thread.
 *
 * Workers are started early (`startFoldPool`, before the fit) so their start-up overlaps the fit,
 * are unref'd (they never keep the process alive), and a worker that fails hands its fold back to
 * the calling thread. On one core there is no pool: folds run in turn (as with the environment
 * variable SYNTH_STUDIO_THREADS=1).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import {
  type BinnedMatrix,
  type BoostParams,
  type FoldJob,
  type FoldResult,
  runFold,
  type FoldRunner,
} from '../core/quality/detection';

interface Slot {
  worker: Worker;
  port: MessagePort;
  /** 0 while a fold runs; the worker sets 1 once its answer is on the port. */
  done: Int32Array;
  broken: boolean;
}

/** The message a fold worker gets: where to answer, and the fold. */
export interface FoldRequest {
  x: BinnedMatrix;
  label: Uint8Array;
  job: FoldJob;
  params: Partial<BoostParams>;
}

export type FoldReply = { result: FoldResult } | { error: string };

/** Least time the calling thread waits for a worker's fold before running it itself. */
const MIN_WAIT_MS = 30_000;

/**
 * A fold runner over `threads - 1` workers (the calling thread is the last), at most `maxWorkers`;
 * undefined with one thread. `script` is the bundled worker (dist/fold-worker.js).
 */
export function startFoldPool(
  script = path.join(__dirname, 'fold-worker.js'),
  options: { threads?: number; maxWorkers?: number } = {},
): FoldRunner | undefined {
  const threads = options.threads ?? (Number(process.env.SYNTH_STUDIO_THREADS) || availableParallelism());
  const count = Math.min(options.maxWorkers ?? 2, threads - 1);
  // Not bundled (core run from its sources, as in the unit tests): folds run in turn.
  if (count < 1 || !existsSync(script)) return undefined;
  const slots: Slot[] = [];
  for (let i = 0; i < count; i++) {
    const done = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(script, { workerData: { port: port2, done }, transferList: [port2] });
    worker.unref();
    port1.unref();
    const slot: Slot = { worker, port: port1, done, broken: false };
    worker.on('error', () => (slot.broken = true));
    worker.on('exit', () => (slot.broken = true));
    slots.push(slot);
  }
  return (x, label, jobs, params) => {
    const results: (FoldResult | undefined)[] = new Array(jobs.length);
    // Jobs 1.. go to workers while there are, job 0 and any left over run here.
    const posted: { slot: Slot; j: number }[] = [];
    const idle = slots.filter((s) => !s.broken);
    for (let j = 1; j < jobs.length && posted.length < idle.length; j++) {
      const slot = idle[posted.length];
      Atomics.store(slot.done, 0, 0);
      const request: FoldRequest = { x, label, job: jobs[j], params };
      slot.port.postMessage(request);
      posted.push({ slot, j });
    }
    const remote = new Set(posted.map((p) => p.j));
    const started = Date.now();
    for (let j = 0; j < jobs.length; j++) if (!remote.has(j)) results[j] = runFold(x, label, jobs[j], params);
    // A worker's fold is as large as this thread's: one that takes far longer has failed (a
    // crash is only reported to an event loop, and this thread is blocked).
    const deadline = Date.now() + Math.max(MIN_WAIT_MS, 4 * (Date.now() - started));
    for (const { slot, j } of posted) {
      const reply = wait(slot, deadline);
      results[j] = reply && 'result' in reply ? reply.result : runFold(x, label, jobs[j], params);
      if (!reply || 'error' in reply) slot.broken = true;
    }
    return results as FoldResult[];
  };
}

function wait(slot: Slot, deadline: number): FoldReply | undefined {
  for (;;) {
    const got = receiveMessageOnPort(slot.port);
    if (got) return got.message as FoldReply;
    if (slot.broken || Date.now() > deadline) return undefined;
    // Woken when the worker has answered; the timeout lets a crashed worker be noticed.
    Atomics.wait(slot.done, 0, 0, 200);
  }
}
