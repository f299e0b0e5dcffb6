/**
 * A pool worker (see pool.ts): runs each request it is sent (a detection fold, a share of a fit's
 * trees, or a generation run's chunk) with core's pure functions, answers on its port, then counts
 * up its answers and wakes the waiting thread.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import { type ChunkResult, chunkMaker } from '../core/chunks';
import { growTree } from '../core/fit/cart';
import type { RowRange } from '../core/generate';
import { runFold } from '../core/quality/detection';
import type { PoolReply, PoolRequest } from './pool';

const { port, done } = workerData as { port: MessagePort; done: Int32Array };
/** The chunk maker of the generation run whose job was last sent (a run sends it once). */
let chunks: ((range: RowRange) => ChunkResult) | undefined;
port.on('message', (request: PoolRequest) => {
  let reply: PoolReply;
  try {
    if (request.kind === 'folds')
      reply = { folds: request.jobs.map((job) => runFold(request.x, request.label, job, request.params)) };
    else if (request.kind === 'trees') {
      // The next tree claimed from the counter this worker shares with the others, until none is left.
      const { columns, jobs, order, next, rows, options } = request;
      const trees = [];
      const ran: number[] = [];
      for (let k = Atomics.add(next, 0, 1); k < order.length; k = Atomics.add(next, 0, 1)) {
        trees.push(growTree(columns, jobs[order[k]], rows, options));
        ran.push(order[k]);
      }
      reply = { trees, jobs: ran };
    } else {
      if (request.job) chunks = chunkMaker(request.job);
      if (!chunks) throw new Error('chunks asked for before their job');
      reply = { chunks: request.ranges.map(chunks) };
    }
  } catch (e) {
    reply = { error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
  Atomics.add(done, 0, 1);
  Atomics.notify(done, 0);
});
