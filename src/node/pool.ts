/**
 * Worker threads (Node) for the independent, pure parts of a synthesize or generate, behind core's
 * synchronous hooks: the fit's trees (`TreeRunner`: each column's tree grows on its own from the
 * prepared columns, `growTree`), the report detector's folds (`FoldRunner`: one boosted
 * classifier per cross-validation fold, `runFold`) and a generation run's chunks (`ChunkRunner`:
 * each chunk made and written from its row range alone, `chunkMaker`). The calling thread posts
 * part of the jobs to idle workers, runs the rest itself, then blocks (Atomics.wait) until each
 * worker's answer is on its port (`receiveMessageOnPort`), so the fit, the report and the writing
 * stay synchronous calls. The jobs run core's own pure functions on the same inputs and their
 * results are put back in the jobs' order, so every number and byte is the one-thread one.
 *
 * Workers are started early (`startPool`, before the fit) so their start-up overlaps reading the
 * input, are unref'd (they never keep the process alive), and a worker that fails hands its jobs
 * back to the calling thread. On one core there is no pool: jobs run in turn (as with the
 * environment variable SYNTH_STUDIO_THREADS=1).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { CartNode } from '../core/blueprint/models';
import {
  type CartOptions,
  growTree,
  type Prepared,
  type TreeJob,
  type TreeRunner,
  useTreeRunner,
} from '../core/fit/cart';
import {
  type BinnedMatrix,
  type BoostParams,
  type FoldJob,
  type FoldResult,
  type FoldRunner,
  runFold,
  useFoldRunner,
} from '../core/quality/detection';
import { type ChunkJob, type ChunkResult, type ChunkRunner, useChunkRunner } from '../core/chunks';
import type { RowRange } from '../core/generate';
import { dict } from '../core/util/dict';

interface Slot {
  worker: Worker;
  port: MessagePort;
  /** How many answers the worker has put on the port (it counts up after each, and wakes us). */
  done: Int32Array;
  broken: boolean;
  /** Requests posted whose answers have not been taken off the port yet. */
  due: number;
  /** The generation job this worker last compiled (sent once per run; not kept alive here). */
  job?: WeakRef<ChunkJob>;
}

/** What a pool worker is sent: folds of a detection score, trees of a fit, or chunks of a generation run. */
export type PoolRequest =
  | { kind: 'folds'; x: BinnedMatrix; label: Uint8Array; jobs: FoldJob[]; params: Partial<BoostParams> }
  | {
      kind: 'trees';
      columns: Prepared[];
      jobs: TreeJob[];
      /** The jobs in the order they are claimed; `next[0]` counts the claims (shared by the threads). */
      order: number[];
      next: Int32Array;
      rows: number;
      options: CartOptions;
    }
  | { kind: 'chunks'; job?: ChunkJob; ranges: RowRange[] };

export type PoolReply =
  { folds: FoldResult[] } | { trees: CartNode[]; jobs: number[] } | { chunks: ChunkResult[] } | { error: string };

export interface Pool {
  folds: FoldRunner;
  trees: TreeRunner;
  chunks: ChunkRunner;
  /** Generation chunks written from a worker's answer, since the pool started (benches, tests). */
  chunksFromWorkers(): number;
}

/** Run core's trees, folds and generation chunks on `pool` (undefined: in turn, in this thread). */
export function usePool(pool: Pool | undefined): void {
  useFoldRunner(pool?.folds);
  useTreeRunner(pool?.trees);
  useChunkRunner(pool?.chunks);
}

/** Least time the calling thread waits for a worker before running its jobs itself. */
const MIN_WAIT_MS = 30_000;

/**
 * A pool of `threads - 1` workers (the calling thread is the last), at most `maxWorkers`;
 * undefined with one thread. `script` is the bundled worker (dist/pool-worker.js).
 */
export function startPool(
  script = path.join(__dirname, 'pool-worker.js'),
  options: { threads?: number; maxWorkers?: number } = {},
): Pool | undefined {
  const threads = options.threads ?? (Number(process.env.SYNTH_STUDIO_THREADS) || availableParallelism());
  const count = Math.min(options.maxWorkers ?? 2, threads - 1);
  // Not bundled (core run from its sources, as in the unit tests): jobs run in turn.
  if (count < 1 || !existsSync(script)) return undefined;
  const slots: Slot[] = [];
  for (let i = 0; i < count; i++) {
    const done = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(script, { workerData: { port: port2, done }, transferList: [port2] });
    worker.unref();
    port1.unref();
    const slot: Slot = { worker, port: port1, done, broken: false, due: 0 };
    worker.on('error', () => (slot.broken = true));
    worker.on('exit', () => (slot.broken = true));
    slots.push(slot);
  }

  /**
   * Post the workers' groups of jobs now and return what, when called, runs this thread's group
   * (`groups[0]`) and gives every job's result in order, a failed worker's jobs run here after
   * all. Between the two, this thread is free for other work (the report's other sections).
   */
  function start<R>(
    groups: number[][],
    request: (group: number[]) => PoolRequest,
    unpack: (reply: PoolReply) => R[] | undefined,
    here: (j: number) => R,
  ): () => R[] {
    fresh();
    const idle = slots.filter((s) => !s.broken);
    // Group 0 runs here; group g > 0 goes to the (g - 1)th idle worker.
    const posted: { slot: Slot; group: number[] }[] = [];
    groups.slice(1).forEach((group, g) => {
      if (group.length === 0) return;
      const slot = idle[g];
      send(slot, request(group));
      posted.push({ slot, group });
    });
    // A call stopped before it took every answer leaves them on the ports: the next call takes
    // them off first (`fresh`).
    return () => {
      const results: R[] = [];
      const started = Date.now();
      for (const j of groups[0]) results[j] = here(j);
      // A worker's share is about this thread's: one that takes far longer has failed (a crash
      // is only reported to an event loop, and this thread is blocked).
      const deadline = Date.now() + Math.max(MIN_WAIT_MS, 4 * (Date.now() - started));
      for (const { slot, group } of posted) {
        const reply = wait(slot, deadline);
        const got = reply ? unpack(reply) : undefined;
        if (!got || got.length !== group.length) slot.broken = true;
        group.forEach((j, k) => (results[j] = got && got.length === group.length ? got[k] : here(j)));
      }
      return results;
    };
  }

  /**
   * Answers a stopped call left due (cancelled in the middle, or a report stopped between starting
   * its folds and finishing them) are taken off the ports before the next call posts anything:
   * the one place that does it, so that a cancel returns at once.
   */
  function fresh(): void {
    for (const slot of slots) if (slot.due > 0) settle(slot, slot.due);
  }

  let fromWorkers = 0;

  /**
   * Jobs 0..n-1 claimed from one shared counter in `order` (costliest first, as far as known):
   * each idle worker is sent the jobs once (`request(next)`) and claims the next one itself
   * (`Atomics.add` on `next`), as this thread does, so no thread sits idle while a job is left
   * (posted one at a time, a worker waited for this thread to finish its own job before it got
   * the next). Each worker answers once, with the jobs it ran; results in the jobs' order; a job
   * a failed worker claimed runs here.
   */
  function claim<R>(
    order: number[],
    request: (next: Int32Array) => PoolRequest,
    unpack: (reply: PoolReply) => { jobs: number[]; results: R[] } | undefined,
    here: (j: number) => R,
  ): R[] {
    fresh();
    const results: R[] = new Array<R>(order.length);
    const ran = new Uint8Array(order.length);
    const next = new Int32Array(new SharedArrayBuffer(4));
    const posted = slots.filter((s) => !s.broken);
    for (const slot of posted) send(slot, request(next));
    try {
      for (let k = Atomics.add(next, 0, 1); k < order.length; k = Atomics.add(next, 0, 1)) {
        const j = order[k];
        results[j] = here(j);
        ran[j] = 1;
      }
    } finally {
      // Stopped here (cancelled): the workers claim no further job.
      Atomics.store(next, 0, order.length);
    }
    for (const slot of posted) {
      const reply = wait(slot, Date.now() + MIN_WAIT_MS);
      const got = reply ? unpack(reply) : undefined;
      if (!got) slot.broken = true;
      else
        got.jobs.forEach((j, k) => {
          results[j] = got.results[k];
          ran[j] = 1;
        });
    }
    order.forEach((j) => {
      if (!ran[j]) results[j] = here(j);
    });
    return results;
  }

  /**
   * Jobs 0..n-1 of equal cost for this thread and the idle workers: this thread keeps the last
   * floor(n / ways) (it has other work meanwhile), the workers take the others in turn.
   */
  const deal = (n: number): number[][] => {
    const workers = slots.filter((s) => !s.broken).length;
    if (workers === 0) return [Array.from({ length: n }, (_, j) => j)];
    const mine = Math.floor(n / (workers + 1));
    const groups: number[][] = [Array.from({ length: mine }, (_, k) => n - mine + k)];
    for (let w = 0; w < workers; w++) groups.push([]);
    for (let j = 0; j < n - mine; j++) groups[1 + (j % workers)].push(j);
    return groups;
  };

  /**
   * A generation run's chunks, emitted in order. Each worker keeps `AHEAD` chunks posted, the
   * next ones not yet handed out, so it never waits for this thread's writing; this thread
   * writes what is ready, and while the next chunk to write is still in a worker, makes the
   * next unassigned chunk itself (at most `HELD` made chunks wait to be written), or, while
   * that worker has not answered once (starting up), that very chunk. A worker gets
   * the job (blueprint, options) with its first chunk of a run and compiles it once; one that
   * fails has its chunks made here.
   */
  function pipeline(
    job: ChunkJob,
    ranges: RowRange[],
    here: (range: RowRange) => ChunkResult,
    emit: (result: ChunkResult) => void,
  ): void {
    fresh();
    const AHEAD = 2;
    const HELD = 8;
    const made = new Map<number, ChunkResult>();
    const owner: (Slot | undefined)[] = [];
    const queued = new Map<Slot, number[]>();
    const answered = new Set<Slot>();
    let assign = 0;
    let next = 0;
    const post = (slot: Slot): void => {
      const queue = queued.get(slot) ?? [];
      queued.set(slot, queue);
      while (!slot.broken && queue.length < AHEAD && assign < ranges.length) {
        const j = assign++;
        const compile = slot.job?.deref() !== job;
        slot.job = new WeakRef(job);
        owner[j] = slot;
        queue.push(j);
        send(slot, { kind: 'chunks', ...(compile ? { job } : {}), ranges: [ranges[j]] });
      }
    };
    const take = (slot: Slot, reply: PoolReply | undefined): void => {
      const queue = queued.get(slot)!;
      const j = queue.shift()!;
      const got = reply && 'chunks' in reply && reply.chunks.length === 1 ? reply.chunks[0] : undefined;
      if (got) {
        answered.add(slot);
        // Made here meanwhile (the worker was still starting): already written.
        if (j >= next) {
          made.set(j, got);
          fromWorkers++;
        }
      } else {
        // A failed worker: its chunks are made here, in order, when their turn comes.
        slot.broken = true;
        for (const k of [j, ...queue]) owner[k] = undefined;
        queue.length = 0;
      }
    };
    const drain = (): void => {
      for (const slot of slots) {
        const queue = queued.get(slot);
        while (queue?.length) {
          const got = receive(slot);
          if (!got) break;
          take(slot, got);
          post(slot);
        }
      }
    };
    // The first chunk is this thread's: the workers have a blueprint to compile first.
    assign = 1;
    for (const slot of slots) if (!slot.broken) post(slot);
    while (next < ranges.length) {
      drain();
      const ready = made.get(next);
      if (ready) {
        made.delete(next);
        emit(ready);
        next++;
        continue;
      }
      const slot = owner[next];
      if (!slot) {
        // Not handed out (or handed back by a failed worker): made here, now.
        if (next >= assign) assign = next + 1;
        emit(here(ranges[next]));
        next++;
        continue;
      }
      if (made.size < HELD && assign < ranges.length) {
        const j = assign++;
        made.set(j, here(ranges[j]));
        continue;
      }
      if (!answered.has(slot)) {
        // The worker has not answered yet (it is starting, compiling the blueprint): this
        // thread makes the chunk too rather than wait; the worker's copy is dropped.
        emit(here(ranges[next]));
        next++;
        continue;
      }
      take(slot, wait(slot, Date.now() + MIN_WAIT_MS));
      post(slot);
    }
  }

  return {
    // Folds: the workers' start at once, this thread's when their results are asked for.
    folds: (x, label, jobs, params) =>
      start(
        deal(jobs.length),
        (group) => ({ kind: 'folds', x, label, jobs: group.map((j) => jobs[j]), params }),
        (reply) => ('folds' in reply ? reply.folds : undefined),
        (j) => runFold(x, label, jobs[j], params),
      ),
    // Trees are claimed from one counter, those with the most predictors first (one of a fit's
    // trees can take a third of its time: dealt in turn, one thread had 60-70% of the work).
    trees: (columns, jobs, rows, options) => {
      const order = jobs
        .map((_, j) => j)
        .sort((a, b) => jobs[b].predictors.length - jobs[a].predictors.length || b - a);
      return claim(
        order,
        (next) => ({ kind: 'trees', columns, jobs, order, next, rows, options }),
        (reply) =>
          'trees' in reply && reply.trees.length === reply.jobs.length
            ? { jobs: reply.jobs, results: reply.trees.map((t) => nullPrototypes(t)) }
            : undefined,
        (j) => growTree(columns, jobs[j], rows, options),
      );
    },
    chunks: {
      run: (job, ranges, here, emit) => pipeline(job, ranges, here, emit),
    },
    chunksFromWorkers: () => fromWorkers,
  };
}

/** Take `count` answers due from a worker off its port, unread (a worker that does not answer is broken). */
function settle(slot: Slot, count: number): void {
  for (let k = 0; k < count && !slot.broken; k++) if (!wait(slot, Date.now() + MIN_WAIT_MS)) slot.broken = true;
}

function send(slot: Slot, request: PoolRequest): void {
  slot.port.postMessage(request);
  slot.due++;
}

/** The worker's next answer if it is on the port. */
function receive(slot: Slot): PoolReply | undefined {
  const got = receiveMessageOnPort(slot.port);
  if (!got) return undefined;
  slot.due--;
  return got.message as PoolReply;
}

function wait(slot: Slot, deadline: number): PoolReply | undefined {
  for (;;) {
    // The count is read before the port is looked at: an answer posted after the look has
    // counted up by the time Atomics.wait compares, which then returns at once.
    const seen = Atomics.load(slot.done, 0);
    const got = receive(slot);
    if (got) return got;
    if (slot.broken || Date.now() > deadline) return undefined;
    // Woken when the worker has answered; the timeout lets a crashed worker be noticed.
    Atomics.wait(slot.done, 0, seen, 200);
  }
}

/**
 * A tree as the fit makes it: the objects keyed by user text (a leaf's level `probabilities`, a
 * number leaf's `values`) have no prototype (`dict`), which a structured clone does not keep; the
 * other objects are plain.
 */
function nullPrototypes<T>(value: T, key?: string): T {
  if (Array.isArray(value)) return value.map((v) => nullPrototypes(v)) as T;
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  const out: Record<string, unknown> = key === 'probabilities' || key === 'values' ? dict() : {};
  for (const [k, v] of Object.entries(value)) out[k] = nullPrototypes(v, k);
  return out as T;
}
