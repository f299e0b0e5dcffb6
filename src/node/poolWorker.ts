/**
 * A pool worker (see pool.ts): runs each request it is sent (a detection fold, or a share of a
 * fit's trees) with core's pure functions, answers on its port, then wakes the waiting thread.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import { growTree } from '../core/fit/cart';
import { runFold } from '../core/quality/detection';
import type { PoolReply, PoolRequest } from './pool';

const { port, done } = workerData as { port: MessagePort; done: Int32Array };
port.on('message', (request: PoolRequest) => {
  let reply: PoolReply;
  try {
    reply =
      request.kind === 'fold'
        ? { fold: runFold(request.x, request.label, request.job, request.params) }
        : { trees: request.jobs.map((job) => growTree(request.columns, job, request.rows, request.options)) };
  } catch (e) {
    reply = { error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
});
