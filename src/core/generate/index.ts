import type { Blueprint } from '../blueprint/types';
import { isCounter } from '../blueprint/types';
import { throwIfAborted, type AbortSignalLike } from '../errors';
import { Rng } from '../random';
import type { Column, Table } from '../table';
import { compileAugment } from './augment';
import { compileCart } from './cart';
import { compileCondition, conditionPlan, rebalancePlan, resolveRebalance, type RebalanceInput } from './condition';
import { type Plan, type Restriction, STRATUM_ROWS } from './plan';
import { conditionCart } from './conditionCart';
import { conditionCopula } from './conditionCopula';
import { compileCopula } from './copula';
import { withDifferences } from './differences';
import { withMappings } from './mappings';
import { withMidnights } from './midnights';
import { withPii } from './pii';
import { withProducts } from './products';
import { withRareValues } from './rareValues';
import { compileRules, patternSampler } from './rules';
import { sequenceValue } from './marginals';
import { withSorted } from './sorted';
import { withUniqueIds } from './uniqueIds';

export interface GenerateOptions {
  /** Overrides the blueprint's row count. */
  rows?: number;
  /** Overrides the blueprint's seed. */
  seed?: number;
  /**
   * Rows per chunk passed to `onChunk`, rounded up to whole blocks (`BLOCK_ROWS`); progress and
   * cancellation are checked between blocks. Never changes the rows.
   */
  chunkSize?: number;
  /** Only part `index` (1-based) of `count` equal runs of whole blocks (`shardRange`). */
  shard?: Shard;
  signal?: AbortSignalLike;
  /** Fraction done, 0..1. */
  onProgress?: (fraction: number) => void;
  /** The source table, typed by the blueprint's columns (needed by `augment`, which jitters its rows). */
  source?: Table;
  /** Only rows meeting this condition (overrides the blueprint's `output.where`). */
  where?: string;
  /** Shares of a category's levels, `y=0.5` or `segment=A:0.5,B:0.5` (overrides `output.rebalance`). */
  rebalance?: string;
}

/** Part `index` (1..count) of a run split into `count` parts. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Rows per generation block. Block b (rows b·BLOCK_ROWS up to the next block) draws every random
 * number from its own stream, seeded from the blueprint's seed and b alone (`blockRng`), so a
 * block's rows do not depend on which process, chunk or shard makes them: the parts of a sharded
 * run, concatenated, are the rows of a single run. It equals the stratification block, so a
 * block is also the unit methods stratify their draws in.
 */
export const BLOCK_ROWS = STRATUM_ROWS;

/** The random stream of block `block` of a run with this seed (splitmix-style mixing of both). */
export function blockRng(seed: number, block: number): Rng {
  let h = (Math.floor(Math.abs(seed)) ^ 0x27d4eb2f) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  h = (h + Math.imul(block + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39) >>> 0;
  h = (h ^ (h >>> 15) ^ Math.floor(block / 4294967296)) >>> 0;
  return new Rng(h);
}

/**
 * Rows [start, end) of part `shard.index` of `shard.count` of a run of `rows` rows: the run's
 * blocks dealt into `count` contiguous runs as equal as whole blocks allow (a part may be empty
 * when there are fewer blocks than parts).
 */
export function shardRange(rows: number, shard: Shard | undefined): { start: number; end: number } {
  if (!shard) return { start: 0, end: rows };
  const blocks = Math.ceil(rows / BLOCK_ROWS);
  const first = Math.floor((blocks * (shard.index - 1)) / shard.count);
  const last = Math.floor((blocks * shard.index) / shard.count);
  return { start: Math.min(rows, first * BLOCK_ROWS), end: Math.min(rows, last * BLOCK_ROWS) };
}

/**
 * Generate rows from a blueprint in chunks, calling `onChunk` with each chunk (a `Table` whose
 * columns follow the blueprint) and the index of its first row. Deterministic: the same
 * blueprint, rows and seed give the same values, whatever the chunk size or shard. Only one
 * chunk is held at a time: memory does not grow with the row count.
 */
export function generateChunks(
  blueprint: Blueprint,
  options: GenerateOptions,
  onChunk: (chunk: Table, offset: number) => void,
): void {
  const rows = options.rows ?? blueprint.rows;
  const seed = options.seed ?? blueprint.seed;
  const plan = compileControlled(blueprint, options);
  const { start, end } = shardRange(rows, options.shard);
  for (const range of chunkRanges(start, end, options.chunkSize ?? 8192)) {
    onChunk(makeChunk(plan, seed, range, options.signal), range.start);
    if (end > start) options.onProgress?.(Math.min(1, (range.end - start) / (end - start)));
  }
}

/** Rows [start, end) of a run. */
export interface RowRange {
  start: number;
  end: number;
}

/**
 * The chunks of rows [start, end) (start a whole block): `chunkSize` rows rounded up to whole
 * blocks each, the last one shorter; one empty chunk when there are no rows.
 */
export function chunkRanges(start: number, end: number, chunkSize: number): RowRange[] {
  const step = Math.max(1, Math.ceil(chunkSize / BLOCK_ROWS)) * BLOCK_ROWS;
  if (end <= start) return [{ start, end: start }];
  const out: RowRange[] = [];
  for (let s = start; s < end; s += step) out.push({ start: s, end: Math.min(end, s + step) });
  return out;
}

/**
 * Rows [range.start, range.end) of a run of `plan` with this seed: each block from its own
 * stream (`blockRng`), so a chunk depends on its range alone, whoever makes it and in whatever
 * order. Cancellation is checked between blocks.
 */
export function makeChunk(plan: Plan, seed: number, range: RowRange, signal?: AbortSignalLike): Table {
  if (range.end <= range.start) return plan.generate(0, range.start, blockRng(seed, 0));
  const blocks: Table[] = [];
  for (let offset = range.start; offset < range.end; offset += BLOCK_ROWS) {
    throwIfAborted(signal);
    const n = Math.min(BLOCK_ROWS, range.end - offset);
    blocks.push(plan.generate(n, offset, blockRng(seed, offset / BLOCK_ROWS)));
  }
  return concatTables(blocks);
}

/** Generate the whole table in memory. */
export function generateTable(blueprint: Blueprint, options: GenerateOptions = {}): Table {
  const chunks: Table[] = [];
  generateChunks(blueprint, options, (chunk) => chunks.push(chunk));
  return concatTables(chunks);
}

/**
 * The blueprint's plan with its condition (`where`) and rebalance applied, from the options or
 * else the blueprint's `output`. Errors in either are located at the option or the JSON path.
 */
export function compileControlled(
  blueprint: Blueprint,
  options: Pick<GenerateOptions, 'rows' | 'seed' | 'source' | 'where' | 'rebalance'>,
): Plan {
  const seed = options.seed ?? blueprint.seed;
  return withPii(
    blueprint,
    withUniqueIds(blueprint, withRareValues(blueprint, compileConditioned(blueprint, options)), seed),
    seed,
  );
}

function compileConditioned(
  blueprint: Blueprint,
  options: Pick<GenerateOptions, 'rows' | 'source' | 'where' | 'rebalance'>,
): Plan {
  const where = options.where ?? blueprint.output?.where;
  const rebalance: string | RebalanceInput | undefined = options.rebalance ?? blueprint.output?.rebalance;
  // Sorted columns are made in row order in an unconditioned run of known length only: a
  // condition or a rebalance draws rows of the model and keeps some, in no order.
  const controlled = where !== undefined || rebalance !== undefined;
  const plan = compile(blueprint, options.source, controlled ? undefined : (options.rows ?? blueprint.rows));
  if (!controlled) return plan;
  const whereSource =
    options.where !== undefined
      ? { label: '--where', location: {} }
      : { label: 'output.where', location: { jsonPath: 'output.where' } };
  const restriction: Restriction | undefined =
    where !== undefined ? compileCondition(where, blueprint, whereSource) : undefined;
  const renumber = renumberer(blueprint);
  if (rebalance === undefined) return conditionPlan(plan, restriction!, renumber);
  const resolved = resolveRebalance(
    rebalance,
    blueprint,
    options.rebalance !== undefined
      ? { label: '--rebalance', location: {} }
      : { label: 'output.rebalance', location: { jsonPath: 'output.rebalance' } },
  );
  return rebalancePlan(plan, resolved, restriction, renumber);
}

/**
 * Columns whose values count rows (sequences, patterns) made again for a conditioned block's
 * rows, which may come from several draws: row i of the block gets the value of global row
 * offset + i, as without a condition.
 */
function renumberer(blueprint: Blueprint): ((table: Table, offset: number) => Table) | undefined {
  const counters = blueprint.columns.flatMap((spec, c) => {
    const d = spec.distribution;
    // A shuffled sequence is made from the row number by withUniqueIds, after this.
    if (isCounter(d)) return [{ c, value: (g: number): string => sequenceValue(d, g) }];
    if (d?.kind === 'pattern') {
      const sample = patternSampler(d.pattern, d.start ?? 1, d.step ?? 1);
      return [{ c, value: (g: number): string => String(sample([], undefined as never, NaN, g)) }];
    }
    return [];
  });
  if (!counters.length) return undefined;
  return (table, offset) => {
    const columns = table.columns.slice();
    for (const { c, value } of counters) {
      const col = columns[c];
      if (col.storage !== 'text') continue;
      const values = col.values.map((v, i) => (v === null ? null : value(offset + i)));
      columns[c] = { ...col, values };
    }
    return { rowCount: table.rowCount, columns };
  };
}

/**
 * Precompute what generation needs. Each method's module compiles the blueprint into a `Plan`
 * (mapped columns, if the model has any, read off their category column, and difference columns
 * generated as their gaps and finished here, datetimes moved to midnight in their share); this is
 * the only place that dispatches on the method.
 */
function compile(blueprint: Blueprint, source: Table | undefined, rows?: number): Plan {
  if (blueprint.method === 'rules')
    return withMidnights(blueprint, withSorted(blueprint, compileRules(blueprint), rows));
  return withProducts(blueprint, (bp) =>
    withMappings(bp, (b) =>
      withMidnights(
        b,
        withDifferences(b, (inner) => compileModel(inner, source, rows)),
      ),
    ),
  );
}

/** `rows`: the run's rows, for columns made in row order (`sorted`); undefined: none is. */
function compileModel(blueprint: Blueprint, source: Table | undefined, rows: number | undefined): Plan {
  const model = blueprint.model;
  if (model?.kind === 'cart')
    return { ...compileCart(blueprint, model, rows), condition: (r) => conditionCart(blueprint, model, r) };
  if (model?.kind === 'augment') return compileAugment(blueprint, model, source);
  return { ...withSorted(blueprint, compileCopula(blueprint), rows), condition: (r) => conditionCopula(blueprint, r) };
}

/** Concatenate tables with the same columns. */
export function concatTables(tables: Table[]): Table {
  if (tables.length === 1) return tables[0];
  const rowCount = tables.reduce((a, t) => a + t.rowCount, 0);
  if (tables.length === 0) return { rowCount: 0, columns: [] };
  const columns = tables[0].columns.map((first, c): Column => {
    switch (first.storage) {
      case 'numeric': {
        const values = new Float64Array(rowCount);
        let o = 0;
        for (const t of tables) {
          const col = t.columns[c] as typeof first;
          values.set(col.values, o);
          o += col.values.length;
        }
        return { ...first, values };
      }
      case 'categorical': {
        // Chunks of one plan share their level list; chunks made in other threads each bring a
        // copy, which a rules plan may have grown differently (it appends levels it meets).
        const codes = new Int32Array(rowCount);
        let o = 0;
        if (tables.every((t) => (t.columns[c] as typeof first).levels === first.levels)) {
          for (const t of tables) {
            const col = t.columns[c] as typeof first;
            codes.set(col.codes, o);
            o += col.codes.length;
          }
          return { ...first, codes };
        }
        const levels = first.levels.slice();
        const index = new Map(levels.map((l, i) => [l, i] as const));
        for (const t of tables) {
          const col = t.columns[c] as typeof first;
          if (col.levels === first.levels) codes.set(col.codes, o);
          else {
            const map = col.levels.map((l) => {
              let i = index.get(l);
              if (i === undefined) index.set(l, (i = levels.push(l) - 1));
              return i;
            });
            for (let r = 0; r < col.codes.length; r++) codes[o + r] = col.codes[r] < 0 ? -1 : map[col.codes[r]];
          }
          o += col.codes.length;
        }
        return { ...first, codes, levels: levels.length === first.levels.length ? first.levels : levels };
      }
      case 'text': {
        const values: (string | null)[] = [];
        for (const t of tables) for (const v of (t.columns[c] as typeof first).values) values.push(v);
        return { ...first, values };
      }
    }
  });
  return { rowCount, columns };
}
