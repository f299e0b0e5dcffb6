/**
 * A generation run as independent chunk jobs. A chunk (whole blocks of rows) depends on the
 * blueprint, the run's options and its row range alone: each block draws from its own seeded
 * stream, a plan keeps no state across blocks (unique identifiers come from the row number), and
 * a writer can start at any row. So chunks can be made in any order, by any thread, and the
 * bytes are those of one thread making them in turn. `streamRows` (pipeline.ts) hands a run's
 * chunks to the chunk runner, which gives back each one's result in order, to be written; a host
 * with threads makes them side by side (`useChunkRunner`, src/node/pool.ts).
 */
import type { Blueprint } from './blueprint/types';
import { checkConstraints, type ConstraintCheck } from './constraints/check';
import type { AbortSignalLike } from './errors';
import { createWriter } from './export';
import { compileControlled, makeChunk, type RowRange } from './generate';
import { levelsOfRows } from './generate/control';
import type { Table } from './table';

/** What every chunk of a run is made from. */
export interface ChunkJob {
  blueprint: Blueprint;
  /** Rows and seed of the whole run (all parts). */
  rows: number;
  seed: number;
  where?: string;
  rebalance?: string;
  /** The source rows (augment). */
  source?: Table;
  /** First row of this run or part, and whether it starts the file (a header, a JSON opening). */
  start: number;
  first: boolean;
  delimiter: string;
  newline: '\n' | '\r\n';
  allowFormulas?: boolean;
  /** Whether the writer needs the rows themselves (Parquet: a file written in one thread). */
  tables: boolean;
  /** The caller keeps rows [start, start + keep) (a report's sample). */
  keep: number;
  /** The rebalanced column, whose levels are counted. */
  rebalanceColumn?: string;
}

export interface ChunkResult {
  start: number;
  rows: number;
  /** The chunk's text, for the text formats. */
  text?: string;
  /** The rows, when the writer needs them or the caller keeps some. */
  table?: Table;
  /** The blueprint's constraints checked on the chunk (rows counted from the chunk's start). */
  constraints: ConstraintCheck[];
  /** Rows per level of the rebalanced column. */
  levels?: [string, number][];
}

/** Chunk maker of a job: the plan compiled once, then each range made and written on its own. */
export function chunkMaker(job: ChunkJob, signal?: AbortSignalLike): (range: RowRange) => ChunkResult {
  const { blueprint } = job;
  const plan = compileControlled(blueprint, job);
  return (range) => {
    const table = makeChunk(plan, job.seed, range, signal);
    let text: string | undefined;
    if (!job.tables) {
      // A writer that starts at this chunk's row writes what one writing every chunk would.
      const writer = createWriter(blueprint, {
        delimiter: job.delimiter,
        newline: job.newline,
        seed: job.seed,
        rows: job.rows,
        allowFormulas: job.allowFormulas,
        part: {
          first: job.first && range.start === job.start,
          last: false,
          rowsBefore: range.start,
          totalRows: job.rows,
        },
      });
      const out = writer.chunk(table);
      text = typeof out === 'string' ? out : undefined;
    }
    let levels: [string, number][] | undefined;
    if (job.rebalanceColumn !== undefined) {
      const counts = new Map<string, number>();
      for (const level of levelsOfRows(table.columns.find((c) => c.name === job.rebalanceColumn)))
        if (level !== null) counts.set(level, (counts.get(level) ?? 0) + 1);
      levels = [...counts];
    }
    return {
      start: range.start,
      rows: table.rowCount,
      ...(text !== undefined ? { text } : {}),
      ...(text === undefined || range.start < job.start + job.keep ? { table } : {}),
      constraints: checkConstraints(blueprint, table),
      ...(levels ? { levels } : {}),
    };
  };
}

/**
 * Makes a run's chunks and hands each to `emit`, in the ranges' order: `here` makes one in this
 * thread. The default makes them one after the other.
 */
export interface ChunkRunner {
  run(
    job: ChunkJob,
    ranges: RowRange[],
    here: (range: RowRange) => ChunkResult,
    emit: (result: ChunkResult) => void,
  ): void;
}

const inTurn: ChunkRunner = {
  run: (_job, ranges, here, emit) => {
    for (const range of ranges) emit(here(range));
  },
};
let runner: ChunkRunner = inTurn;

/** Set how chunks are made (undefined: one after the other, in this thread). */
export function useChunkRunner(r: ChunkRunner | undefined): void {
  runner = r ?? inTurn;
}

/** The current runner. */
export function chunkRunner(): ChunkRunner {
  return runner;
}
