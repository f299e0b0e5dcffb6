/**
 * Worker thread entry: runs one job from core and posts progress and the result. Never imports
 * `vscode` (workers cannot) and never touches the file system: bytes in, text out.
 */
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { describeError, SynthError } from '../core/errors';
import { generateFromText, synthesize, type Stage } from '../core/pipeline';
import { useNativeSha256 } from '../core/util/sha256';
import type { FromWorker, Job, JobResult } from './workerProtocol';

// Node's SHA-256 for the source fingerprint: same digest as core's portable one, faster.
useNativeSha256((bytes) => createHash('sha256').update(bytes).digest('hex'));

function post(message: FromWorker): void {
  parentPort?.postMessage(message);
}

function run(job: Job): JobResult {
  let lastPost = 0;
  const onProgress = (stage: Stage, fraction: number): void => {
    const now = Date.now();
    if (now - lastPost < 100 && fraction < 1) return;
    lastPost = now;
    post({ type: 'progress', stage, fraction });
  };
  if (job.kind === 'synthesize') {
    const out = synthesize({ ...job, onProgress });
    return {
      kind: 'synthesize',
      blueprint: out.blueprint,
      blueprintText: out.blueprintText,
      csvText: out.csvText,
      constraints: out.constraints,
      sourceViolations: out.sourceViolations,
      report: out.report,
      names: out.names,
      warnings: out.warnings,
      timings: out.timings,
    };
  }
  return { kind: 'generate', ...generateFromText({ ...job, onProgress }) };
}

try {
  post({ type: 'done', result: run(workerData as Job) });
} catch (e) {
  if (e instanceof SynthError) post({ type: 'failed', message: describeError(e), problem: e.toProblem() });
  else
    post({ type: 'failed', message: (e as Error)?.message ?? String(e), internal: (e as Error)?.stack ?? String(e) });
}
