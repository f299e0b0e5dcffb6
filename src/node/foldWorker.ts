/**
 * A detection fold worker (see foldPool.ts): runs `runFold` on each fold it is sent, answers on
 * its port, then wakes the waiting thread.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import { runFold } from '../core/quality/detection';
import type { FoldReply, FoldRequest } from './foldPool';

const { port, done } = workerData as { port: MessagePort; done: Int32Array };
port.on('message', (request: FoldRequest) => {
  let reply: FoldReply;
  try {
    reply = { result: runFold(request.x, request.label, request.job, request.params) };
  } catch (e) {
    reply = { error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
});
