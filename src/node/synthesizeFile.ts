/**
 * `synthesize` on a file on disk, read as a stream in one pass (a CSV chunk by chunk, a Parquet
 * file row group by row group): see core/synthesizeStream.ts. The synthetic rows of a source
 * larger than the sample go to `syntheticPath` through a temporary that only `commit` renames.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { asyncBufferFromFile } from 'hyparquet';
import { readParquetGroups } from '../core/csv/parquet';
import { SynthesizeStream, type StreamSynthesizeInput, type StreamSynthesizeOutput } from '../core/synthesizeStream';
import { streamFile, type StreamingFile } from './replace';

export interface FileSynthesis extends StreamSynthesizeOutput {
  /** The synthetic rows written so far (when `streamed`): commit it with the other outputs, or abort. */
  synthetic?: StreamingFile;
}

/** Read a file's bytes as a stream of 4 MiB chunks. */
async function eachChunk(file: string, f: (chunk: Buffer) => void): Promise<void> {
  for await (const chunk of createReadStream(file, { highWaterMark: 4 << 20 }) as AsyncIterable<Buffer>) f(chunk);
}

export async function synthesizeFile(
  file: string,
  parquet: boolean,
  input: StreamSynthesizeInput,
  syntheticPath: string,
  elsewhere: string,
): Promise<FileSynthesis> {
  const job = new SynthesizeStream(input);
  const hash = createHash('sha256');
  if (parquet) {
    await eachChunk(file, (chunk) => hash.update(chunk));
    await readParquetGroups(await asyncBufferFromFile(file), input.fileName, (header, columns, rows) =>
      job.pushRows(header, columns, rows),
    );
  } else
    await eachChunk(file, (chunk) => {
      hash.update(chunk);
      job.push(chunk);
    });
  let synthetic: StreamingFile | undefined;
  try {
    const out = job.finish(
      () => hash.digest('hex'),
      (data) => {
        synthetic ??= streamFile(syntheticPath, elsewhere);
        synthetic.write(data);
      },
    );
    return { ...out, ...(synthetic ? { synthetic } : {}) };
  } catch (e) {
    (synthetic as StreamingFile | undefined)?.abort();
    throw e;
  }
}
