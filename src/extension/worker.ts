/**
 * Worker thread entry: runs one job from core and posts progress and the result. Never imports
 * `vscode` (workers cannot). Bytes in, text out, except what it writes into the temporary the
 * host named (`tempPath`) as the rows are made: Generate's output, and the synthetic rows of a
 * local file it synthesizes as a stream (read from disk in one pass, as the CLI does:
 * `synthesizeFile`); the host renames it.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { describeError, SynthError } from '../core/errors';
import { generateFromText, synthesize, type Stage } from '../core/pipeline';
import { useNativeSha256 } from '../core/util/sha256';
import { startPool, usePool } from '../node/pool';
import { isParquet, readParquet } from '../core/csv/parquet';
import { sampleSourceFile, synthesizeFile } from '../node/synthesizeFile';
import type { FromWorker, Job, JobResult, ReadProgress, SynthesizeResult } from './workerProtocol';

// Node's SHA-256 for the source fingerprint: same digest as core's portable one, faster.
useNativeSha256((bytes) => createHash('sha256').update(bytes).digest('hex'));
// A fit's trees and the report's detection folds in threads of their own (ended with this worker).
usePool(startPool());

function post(message: FromWorker): void {
  parentPort?.postMessage(message);
}

async function run(job: Job): Promise<JobResult> {
  let lastPost = 0;
  let read: ReadProgress | undefined;
  let totalRows: number | undefined;
  const onProgress = (stage: Stage, fraction: number): void => {
    const now = Date.now();
    if (now - lastPost < 100 && fraction < 1) return;
    lastPost = now;
    post({
      type: 'progress',
      stage,
      fraction,
      ...(stage === 'read' && read ? { read } : {}),
      ...(stage === 'generate' && totalRows !== undefined ? { totalRows } : {}),
    });
  };
  if (job.kind === 'synthesizeFile') {
    const { kind: _, sourcePath, syntheticPath, tempPath, ...settings } = job;
    const out = await synthesizeFile(
      sourcePath,
      // The pass over the source is told by onRead (bytes and rows); the later stages as usual.
      {
        ...settings,
        onProgress: (stage, fraction) => stage !== 'read' && onProgress(stage, fraction),
        onGenerateRows: (rows) => (totalRows = rows),
      },
      {
        syntheticPath,
        temp: tempPath,
        elsewhere: 'move the CSV to a folder you can write to',
        onRead: (bytes, rows, totalBytes) => {
          read = { bytes, rows, totalBytes };
          onProgress('read', bytes / Math.max(1, totalBytes));
        },
      },
    );
    return {
      kind: 'synthesizeFile',
      ...synthesized(out),
      streamed: out.streamed,
      sourceRows: out.sourceRows,
      ...(out.sampleRows !== undefined ? { sampleRows: out.sampleRows } : {}),
    };
  }
  if (job.kind === 'synthesize') {
    // A Parquet file is read here (asynchronously), then fitted like a CSV.
    const raw = isParquet(job.csv) ? await readParquet(job.csv, job.fileName) : undefined;
    const out = synthesize({ ...job, ...(raw ? { raw } : {}), onProgress });
    return { kind: 'synthesize', ...synthesized(out), csvText: out.csvText };
  }
  // A source larger than the blueprint's sample is read again into its samples, not into memory.
  const { sourceFile, ...generate } = job;
  const sourceSample = sourceFile
    ? await sampleSourceFile(sourceFile.path, sourceFile.name, sourceFile, {
        onRead: (bytes, rows, totalBytes) => {
          read = { bytes, rows, totalBytes };
          onProgress('read', bytes / Math.max(1, totalBytes));
        },
      })
    : undefined;
  if (!job.tempPath) return { kind: 'generate', ...generateFromText({ ...generate, sourceSample, onProgress }) };
  // Streamed to disk: memory holds one chunk of output (and the rows the report compares).
  const fd = openSync(job.tempPath, 'wx', 0o666);
  try {
    let bytes = 0;
    const out = generateFromText({
      ...generate,
      sourceSample,
      onProgress,
      sink: (data) => {
        const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        let done = 0;
        while (done < buffer.length) done += writeSync(fd, buffer, done, buffer.length - done);
        bytes += buffer.length;
      },
    });
    fsyncSync(fd);
    return { kind: 'generate', ...out, bytesWritten: bytes };
  } finally {
    closeSync(fd);
  }
}

/** What both ways of synthesizing send back, picked from a bigger output (no rows, no tables). */
function synthesized<T extends Pick<SynthesizeResult, SynthesizedField>>(
  out: T,
): Pick<SynthesizeResult, SynthesizedField> {
  return {
    blueprint: out.blueprint,
    blueprintText: out.blueprintText,
    constraints: out.constraints,
    sourceViolations: out.sourceViolations,
    report: out.report,
    names: out.names,
    warnings: out.warnings,
    timings: out.timings,
  };
}

type SynthesizedField =
  'blueprint' | 'blueprintText' | 'constraints' | 'sourceViolations' | 'report' | 'names' | 'warnings' | 'timings';

run(workerData as Job).then(
  (result) => post({ type: 'done', result }),
  (e: unknown) => {
    if (e instanceof SynthError) post({ type: 'failed', message: describeError(e), problem: e.toProblem() });
    else
      post({ type: 'failed', message: (e as Error)?.message ?? String(e), internal: (e as Error)?.stack ?? String(e) });
  },
);
