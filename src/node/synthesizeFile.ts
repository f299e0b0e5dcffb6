/**
 * `synthesize` on a file on disk, read as a stream in one pass (a CSV chunk by chunk, a Parquet
 * file row group by row group): see core/synthesizeStream.ts. The one way the CLI and the VS Code
 * worker synthesize a local file. The synthetic rows (streamed as they are made when the source is
 * larger than the sample, else the whole CSV text) end in a flushed temporary sibling of their
 * target, which the caller renames together with the blueprint (`replaceFiles`' `{ path, temp }`).
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { asyncBufferFromFile } from 'hyparquet';
import { SynthError } from '../core/errors';
import { isParquet, readParquetGroups } from '../core/csv/parquet';
import {
  DEFAULT_SAMPLE_ROWS,
  SynthesizeStream,
  type StreamSynthesizeInput,
  type StreamSynthesizeOutput,
} from '../core/synthesizeStream';
import { SourceSampler, type SourceSample } from '../core/sampledSplit';
import { streamFile, type StreamingFile } from './replace';

export interface FileSynthesis extends StreamSynthesizeOutput {
  /**
   * The synthetic rows, written and flushed into this temporary sibling of `syntheticPath`: rename
   * it with the other outputs (`replaceFiles`), or remove it.
   */
  syntheticTemp: string;
}

export interface SynthesizeFileOptions {
  /** Where the synthetic rows go in the end. */
  syntheticPath: string;
  /** How to write elsewhere, for messages ("choose another --out-dir"). */
  elsewhere: string;
  /**
   * The temporary's path (`tempNameFor(syntheticPath)`), when the caller must be able to remove
   * it: a worker thread that may be terminated mid-write.
   */
  temp?: string;
  /** Bytes and data rows read so far, as the source is read. */
  onRead?: (bytes: number, rows: number, totalBytes: number) => void;
}

/** Read a file's bytes as a stream of 4 MiB chunks. */
async function eachChunk(file: string, f: (chunk: Buffer) => void): Promise<void> {
  for await (const chunk of createReadStream(file, { highWaterMark: 4 << 20 }) as AsyncIterable<Buffer>) f(chunk);
}

/** True when a file starts and ends as a Parquet file does ("PAR1"). */
export async function startsAsParquet(file: string, size: number): Promise<boolean> {
  if (size < 12) return false;
  const handle = await fs.open(file, 'r');
  try {
    // The first and last 6 bytes stand for the file in isParquet's check of both ends.
    const ends = new Uint8Array(12);
    await handle.read(ends, 0, 6, 0);
    await handle.read(ends, 6, 6, size - 6);
    return isParquet(ends);
  } finally {
    await handle.close();
  }
}

export async function synthesizeFile(
  file: string,
  input: StreamSynthesizeInput,
  options: SynthesizeFileOptions,
): Promise<FileSynthesis> {
  const totalBytes = input.totalBytes ?? (await readable(() => fs.stat(file), input.fileName)).size;
  const job = new SynthesizeStream({ ...input, totalBytes });
  const { sha256 } = await readInto(file, input.fileName, totalBytes, job, (bytes, rows, parquet) => {
    // A CSV's progress is told by the job as its bytes arrive; a Parquet file's while it is hashed.
    if (parquet && rows === 0) input.onProgress?.('read', bytes / Math.max(1, totalBytes));
    options.onRead?.(bytes, rows, totalBytes);
  });
  let synthetic: StreamingFile | undefined;
  const open = (): StreamingFile => (synthetic ??= streamFile(options.syntheticPath, options.elsewhere, options.temp));
  try {
    const out = job.finish(
      () => sha256,
      (data) => open().write(data),
    );
    // A source within the sample: its rows came back as text, written the same way.
    if (!out.streamed) open().write(out.csvText);
    return { ...out, syntheticTemp: open().close() };
  } catch (e) {
    (synthetic as StreamingFile | undefined)?.abort();
    throw e;
  }
}

/**
 * Read a blueprint's source file again, in one pass, into the seeded samples it was fitted and
 * reported on (`source.sample`, `source.holdout`, the blueprint's seed), with its SHA-256: what
 * Generate and Show Quality Report compare generated rows with when the source is larger than the
 * sample. Memory holds the samples, not the file.
 */
export async function sampleSourceFile(
  file: string,
  fileName: string,
  settings: { sampleRows?: number; holdout: number; seed: number },
  options: { signal?: AbortSignal; onRead?: (bytes: number, rows: number, totalBytes: number) => void } = {},
): Promise<SourceSample> {
  const totalBytes = (await readable(() => fs.stat(file), fileName)).size;
  const sampler = new SourceSampler(
    fileName,
    { sampleRows: settings.sampleRows ?? DEFAULT_SAMPLE_ROWS, holdout: settings.holdout, seed: settings.seed },
    options.signal,
  );
  const { sha256, parquet } = await readInto(file, fileName, totalBytes, sampler, (bytes, rows) =>
    options.onRead?.(bytes, rows, totalBytes),
  );
  return { ...sampler.finish(parquet), sha256 };
}

/** What reads a source's rows: CSV bytes chunk by chunk, or a Parquet file's row groups. */
interface RowSink {
  push(bytes: Uint8Array): void;
  pushRows(header: string[], columns: (string | null)[][], rows: number): void;
  readonly rowsRead: number;
}

/**
 * One pass over a source file into `sink`, the bytes hashed on the way: a CSV's chunks go to the
 * sink as they are read; a Parquet file is hashed first, then read row group by row group (byte
 * ranges on demand). `onRead` hears bytes read, rows so far and whether the file is Parquet.
 * Returns the file's SHA-256 (hex) and whether it is Parquet.
 */
async function readInto(
  file: string,
  name: string,
  totalBytes: number,
  sink: RowSink,
  onRead: (bytes: number, rows: number, parquet: boolean) => void,
): Promise<{ sha256: string; parquet: boolean }> {
  const parquet = await readable(() => startsAsParquet(file, totalBytes), name);
  const hash = createHash('sha256');
  let bytes = 0;
  await readable(
    () =>
      eachChunk(file, (chunk) => {
        hash.update(chunk);
        if (!parquet) sink.push(chunk);
        bytes += chunk.length;
        onRead(bytes, sink.rowsRead, parquet);
      }),
    name,
  );
  if (parquet)
    await readParquetGroups(await asyncBufferFromFile(file), name, (header, columns, n) => {
      sink.pushRows(header, columns, n);
      onRead(bytes, sink.rowsRead, parquet);
    });
  return { sha256: hash.digest('hex'), parquet };
}

/** Run a read of the source, turning "not found" and friends into one-line messages. */
async function readable<T>(f: () => Promise<T>, name: string): Promise<T> {
  try {
    return await f();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    // Bad input (a SynthError) and bugs go on as they are; only the file system's errors are said here.
    if (e instanceof SynthError || typeof code !== 'string' || !(e as NodeJS.ErrnoException).syscall) throw e;
    if (code === 'ENOENT') throw new SynthError('file/not-found', `${name} does not exist.`, { file: name });
    if (code === 'EISDIR')
      throw new SynthError('file/is-directory', `${name} is a folder, not a file.`, { file: name }, 'Give a file.');
    if (code === 'EACCES' || code === 'EPERM')
      throw new SynthError(
        'file/permission',
        `${name} cannot be read (permission denied).`,
        { file: name },
        'Make it readable, or synthesize a copy you can read.',
      );
    throw new SynthError('file/read', `${name} could not be read: ${(e as Error).message}.`, { file: name });
  }
}
