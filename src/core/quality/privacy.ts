/**
 * Privacy against a holdout. Distances are SDMetrics' (`calculate_dcr` in
 * sdmetrics.single_table.privacy.dcr_utils): for two rows, the mean over columns of a per-column
 * distance in [0, 1]: numbers and datetimes |a - b| / (max - min of the real training column),
 * capped at 1; categories 0 when equal and 1 otherwise; two missing values are at distance 0, one
 * missing at 1. Identifiers and free text are left out (they are generated fresh, never copied).
 *
 * Searches are exact (`NeighbourIndex`) over every training row; only the query rows are sampled
 * above `maxQueries`.
 */
import { quantileSorted } from '../stats/quantile';
import { lowerBound, presentRange, upperBound } from '../stats/sort';
import { cellText, comparableColumns } from './tables';
import { round6 } from '../util/round';
import { Rng } from '../random';
import type { Column, ColumnType, Table } from '../table';
import type { ClosestPair, DistanceStats, PrivacyReport } from './types';
import { NeighbourIndex, type EncodedTable } from './neighbors';
import { sampleIndices } from './sample';
import { groupThousands, percent } from '../util/format';

export interface PrivacyOptions {
  /** Synthetic rows, and holdout rows, checked by nearest-neighbour search (a seeded sample above this). */
  maxQueries?: number;
  /** Training rows searched (a seeded sample above this). */
  maxReference?: number;
  /** Closest-record pairs shown. */
  pairs?: number;
  seed?: number;
}

export const DEFAULT_MAX_QUERIES = 1000;
export const DEFAULT_MAX_REFERENCE = 250_000;
const DCR_BINS = 20;

/**
 * Encode tables for distances: numbers scaled by 1/range of `scaleFrom`'s column (a constant
 * column by 1), categories as codes into one level index shared by all tables; NaN missing.
 */
export function encodeTables(tables: Table[], names: string[], scaleFrom: Table): EncodedTable[] {
  const out: EncodedTable[] = tables.map((t) => ({ rows: t.rowCount, columns: [], categorical: [] }));
  for (const name of names) {
    const ref = scaleFrom.columns.find((c) => c.name === name)!;
    if (ref.storage === 'numeric') {
      const [min, max] = presentRange(ref.values);
      const range = max > min ? max - min : 1;
      tables.forEach((t, k) => {
        const col = t.columns.find((c) => c.name === name) as Extract<Column, { storage: 'numeric' }>;
        const v = new Float64Array(t.rowCount);
        for (let i = 0; i < t.rowCount; i++) v[i] = col.values[i] / range;
        out[k].columns.push(v);
        out[k].categorical.push(false);
      });
    } else {
      const index = new Map<string, number>();
      tables.forEach((t, k) => {
        const col = t.columns.find((c) => c.name === name) as Extract<Column, { storage: 'categorical' }>;
        const map = col.levels.map((l) => {
          let i = index.get(l);
          if (i === undefined) {
            i = index.size;
            index.set(l, i);
          }
          return i;
        });
        const v = new Float64Array(t.rowCount);
        for (let i = 0; i < t.rowCount; i++) v[i] = col.codes[i] < 0 ? NaN : map[col.codes[i]];
        out[k].columns.push(v);
        out[k].categorical.push(true);
      });
    }
  }
  return out;
}

function subset(t: EncodedTable, rows: ArrayLike<number>): EncodedTable {
  return {
    rows: rows.length,
    categorical: t.categorical,
    columns: t.columns.map((c) => Float64Array.from(rows, (r) => c[r])),
  };
}

/** P(X < Y) + ½ P(X = Y) for independent draws from two samples (Mann-Whitney U / (n·m)). */
export function probabilityLess(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length === 0 || y.length === 0) return NaN;
  const ys = Float64Array.from(y).sort();
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const below = lowerBound(ys, v);
    const notAbove = upperBound(ys, v);
    total += ys.length - notAbove + (notAbove - below) / 2;
  }
  return total / (x.length * ys.length);
}

/**
 * DCR share: how often a synthetic row's closest real record is a training row rather than a
 * holdout row, against how often it would be for fresh data, as a share in 0..1 (0.5: as for fresh
 * data; 1: every synthetic row sits on a training row). The holdout test of Platzer & Reutterer
 * ("Holdout-based empirical assessment of mixed-type synthetic data", Frontiers in Big Data, 2021),
 * corrected for unequal split sizes as ../shared/tools/judge.py does: a fresh row's closest record
 * among `trainRows` + `holdoutRows` exchangeable rows is a training row with probability q =
 * trainRows / (trainRows + holdoutRows); with p the observed share (a tie counts q, its fresh-data
 * value; judge.py counts ½), the odds ratio (p / (1 - p)) / (q / (1 - q)) is mapped back to a share:
 * p (1 - q) / (p (1 - q) + (1 - p) q). `toTrain[i]` and `toHoldout[i]` are synthetic row i's
 * distances to its closest training and holdout rows.
 */
export function dcrShare(
  toTrain: ArrayLike<number>,
  toHoldout: ArrayLike<number>,
  trainRows: number,
  holdoutRows: number,
): number {
  if (!(trainRows > 0) || !(holdoutRows > 0)) return NaN;
  const q = trainRows / (trainRows + holdoutRows);
  const p = closerShare(toTrain, toHoldout, q);
  return (p * (1 - q)) / (p * (1 - q) + (1 - p) * q);
}

/** Share of rows with toTrain[i] < toHoldout[i], a tie counting `tie` (NaN without rows). */
function closerShare(toTrain: ArrayLike<number>, toHoldout: ArrayLike<number>, tie: number): number {
  const m = Math.min(toTrain.length, toHoldout.length);
  let closer = 0;
  for (let i = 0; i < m; i++) closer += toTrain[i] < toHoldout[i] ? 1 : toTrain[i] === toHoldout[i] ? tie : 0;
  return m === 0 ? NaN : closer / m;
}

/**
 * Nearest-neighbour distance ratio of one row: distance to its closest reference row over the
 * distance to its second closest (Zhao et al., "CTAB-GAN", 2021, and synthcity's NNDR). Near 0:
 * the row sits much closer to one real row than to any other (a possible disclosure); near 1: it
 * sits among several real rows. 0/0 (two identical closest rows at distance 0) counts as 1.
 */
export function nndr(d1: number, d2: number): number {
  if (d2 === 0) return 1;
  if (!Number.isFinite(d2)) return NaN;
  return d1 / d2;
}

export interface DcrSearch {
  /** DCR (0..1) of each checked synthetic row to the training rows. */
  syntheticToTrain: Float64Array;
  /** Its second-nearest distance, for NNDR. */
  syntheticSecond: Float64Array;
  /** Index (in the train table) of each checked synthetic row's closest training row. */
  closestTrain: Int32Array;
  /** DCR of each checked synthetic row to the holdout rows (empty without a holdout). */
  syntheticToHoldout: Float64Array;
  /** DCR of each checked holdout row to the training rows: the fresh-data baseline. */
  holdoutToTrain: Float64Array;
  holdoutSecond: Float64Array;
  /** Index (in the synthetic table) of each checked synthetic row. */
  syntheticRows: Int32Array;
  sizes: { synthetic: number; holdout: number; train: number; holdoutReference: number };
  columns: string[];
}

/** Nearest-neighbour searches for the DCR and NNDR metrics (exact, over the sampled rows). */
export function searchDcr(train: Table, holdout: Table, synthetic: Table, options: PrivacyOptions = {}): DcrSearch {
  const names = comparableColumns(train, holdout, synthetic);
  return searchEncoded(names, encodeTables([train, holdout, synthetic], names, train), options);
}

function searchEncoded(names: string[], [tr, ho, sy]: EncodedTable[], options: PrivacyOptions): DcrSearch {
  const rng = new Rng(options.seed ?? 7);
  const maxQuery = options.maxQueries ?? DEFAULT_MAX_QUERIES;
  const maxRef = options.maxReference ?? DEFAULT_MAX_REFERENCE;
  const m = names.length;
  const synthIdx = pick(sy.rows, maxQuery, rng);
  const holdIdx = pick(ho.rows, maxQuery, rng);
  const trainIdx = pick(tr.rows, maxRef, rng);
  const trainRef = trainIdx.length === tr.rows ? tr : subset(tr, trainIdx);
  const holdRef = ho.rows > maxRef ? subset(ho, pick(ho.rows, maxRef, rng)) : ho;
  const trainIndex = new NeighbourIndex(trainRef);
  const holdIndex = ho.rows ? new NeighbourIndex(holdRef) : undefined;
  const scale = m === 0 ? 0 : 1 / m;

  const syntheticToTrain = new Float64Array(synthIdx.length);
  const syntheticSecond = new Float64Array(synthIdx.length);
  const closestTrain = new Int32Array(synthIdx.length);
  const syntheticToHoldout = new Float64Array(holdIndex ? synthIdx.length : 0);
  synthIdx.forEach((r, i) => {
    const n = trainIndex.search(sy, r, 2);
    syntheticToTrain[i] = n.d1 * scale;
    syntheticSecond[i] = n.d2 * scale;
    closestTrain[i] = n.i1 < 0 ? -1 : trainRef === tr ? n.i1 : trainIdx[n.i1];
    if (holdIndex) syntheticToHoldout[i] = holdIndex.search(sy, r, 1).d1 * scale;
  });
  const holdoutToTrain = new Float64Array(holdIdx.length);
  const holdoutSecond = new Float64Array(holdIdx.length);
  holdIdx.forEach((r, i) => {
    const n = trainIndex.search(ho, r, 2);
    holdoutToTrain[i] = n.d1 * scale;
    holdoutSecond[i] = n.d2 * scale;
  });
  return {
    syntheticToTrain,
    syntheticSecond,
    closestTrain,
    syntheticToHoldout,
    holdoutToTrain,
    holdoutSecond,
    syntheticRows: Int32Array.from(synthIdx),
    sizes: {
      synthetic: synthIdx.length,
      holdout: holdIdx.length,
      train: trainRef.rows,
      holdoutReference: holdIndex ? holdRef.rows : 0,
    },
    columns: names,
  };
}

export interface ExactCopyResult {
  /** Share of synthetic rows identical to some training row on every compared column. */
  rate: number;
  count: number;
  /**
   * How often the real data repeats itself. With a holdout: the share of holdout rows identical to
   * a training row (fresh data copies no more than this). Without: the share of training rows
   * identical to another training row. NaN when there are no rows to measure it on.
   */
  baselineRate: number;
  baseline: 'holdout' | 'within-real';
  /** Indices of up to 20 synthetic rows that are exact copies. */
  firstRows: number[];
}

/** Exact copies of training rows among synthetic rows (all rows, hashed), with the real data's own repeat rate. */
export function exactCopies(train: Table, holdout: Table, synthetic: Table): ExactCopyResult {
  const names = comparableColumns(train, holdout, synthetic);
  return copiesEncoded(encodeTables([train, holdout, synthetic], names, train));
}

function copiesEncoded([tr, ho, sy]: EncodedTable[]): ExactCopyResult {
  // Training rows chained by hash in typed arrays (an open hash table: head per slot, next per
  // row), instead of a Map of arrays: no allocation per row.
  const trainHashes = hashRows(tr);
  let size = 1;
  while (size < tr.rows * 2) size *= 2;
  const mask = size - 1;
  const head = new Int32Array(size).fill(-1);
  const next = new Int32Array(tr.rows);
  chainRows(trainHashes, mask, head, next);
  const copies = (t: EncodedTable, hashes: Float64Array, i: number, self = -1): boolean => {
    const h = hashes[i];
    for (let j = head[slotOf(h, mask)]; j >= 0; j = next[j])
      if (trainHashes[j] === h && j !== self && sameRow(t, i, tr, j)) return true;
    return false;
  };
  const synthHashes = hashRows(sy);
  let count = 0;
  const firstRows: number[] = [];
  for (let i = 0; i < sy.rows; i++) {
    if (copies(sy, synthHashes, i)) {
      count++;
      if (firstRows.length < 20) firstRows.push(i);
    }
  }
  let base = 0;
  let baseRows = 0;
  let baseline: 'holdout' | 'within-real' = 'holdout';
  if (ho.rows > 0) {
    const hh = hashRows(ho);
    for (let i = 0; i < ho.rows; i++) if (copies(ho, hh, i)) base++;
    baseRows = ho.rows;
  } else {
    baseline = 'within-real';
    for (let i = 0; i < tr.rows; i++) if (copies(tr, trainHashes, i, i)) base++;
    baseRows = tr.rows;
  }
  return {
    rate: sy.rows ? count / sy.rows : 0,
    count,
    baselineRate: baseRows ? base / baseRows : NaN,
    baseline,
    firstRows,
  };
}

/** The hash-table slot of a row hash (its low bits). */
function slotOf(h: number, mask: number): number {
  return (h % 1048576) & mask;
}

/** Link each row into its slot's chain (rows in descending order along a chain). */
function chainRows(hashes: Float64Array, mask: number, head: Int32Array, next: Int32Array): void {
  for (let i = 0; i < hashes.length; i++) {
    const s = slotOf(hashes[i], mask);
    next[i] = head[s];
    head[s] = i;
  }
}

const hashScratch = new Float64Array(1);
const hashWords = new Uint32Array(hashScratch.buffer);

/** A 52-bit hash of each row's encoded values (NaN and -0 normalised), for bucketing equal rows. */
function hashRows(t: EncodedTable): Float64Array {
  const out = new Float64Array(t.rows);
  for (let i = 0; i < t.rows; i++) {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (const col of t.columns) {
      const v = col[i];
      hashScratch[0] = v !== v ? 1.5e308 : v === 0 ? 0 : v;
      h1 = Math.imul(h1 ^ hashWords[0], 0x9e3779b1);
      h1 = Math.imul(h1 ^ hashWords[1], 0x85ebca6b);
      h2 = Math.imul(h2 ^ hashWords[1], 0xc2b2ae35);
      h2 = Math.imul(h2 ^ hashWords[0], 0x27d4eb2f);
      h1 ^= h1 >>> 15;
      h2 ^= h2 >>> 13;
    }
    out[i] = (h1 >>> 0) * 1048576 + ((h2 >>> 0) & 0xfffff);
  }
  return out;
}

function sameRow(a: EncodedTable, i: number, b: EncodedTable, j: number): boolean {
  for (let c = 0; c < a.columns.length; c++) {
    const x = a.columns[c][i];
    const y = b.columns[c][j];
    if (x !== y && !(x !== x && y !== y)) return false;
  }
  return true;
}

/** Summary of a distance sample. */
export function distanceStats(d: ArrayLike<number>): DistanceStats {
  if (d.length === 0) return { mean: NaN, median: NaN, p05: NaN, zeroShare: NaN };
  const s = Float64Array.from(d).sort();
  let sum = 0;
  let zeros = 0;
  for (const v of s) {
    sum += v;
    if (v === 0) zeros++;
  }
  return {
    mean: sum / s.length,
    median: quantileSorted(s, 0.5),
    p05: quantileSorted(s, 0.05),
    zeroShare: zeros / s.length,
  };
}

/** Shares of values per bin of `edges` (last bin closed). */
export function binShares(values: ArrayLike<number>, edges: number[]): number[] {
  const bins = edges.length - 1;
  const out = new Array<number>(bins).fill(0);
  let n = 0;
  const lo = edges[0];
  const width = (edges[bins] - lo) / bins;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    let b = width > 0 ? Math.floor((v - lo) / width) : 0;
    if (b < 0) b = 0;
    if (b >= bins) b = bins - 1;
    out[b]++;
    n++;
  }
  return out.map((c) => (n ? c / n : 0));
}

/** Assemble the privacy section from the searches and the exact-copy check. */
export function privacySection(
  train: Table,
  holdout: Table,
  synthetic: Table,
  options: PrivacyOptions = {},
): { report: PrivacyReport; notes: string[] } {
  const notes: string[] = [];
  const names = comparableColumns(train, holdout, synthetic);
  const encoded = encodeTables([train, holdout, synthetic], names, train);
  const search = searchEncoded(names, encoded, options);
  const copies = copiesEncoded(encoded);
  const hasHoldout = holdout.rowCount > 0;
  const share = hasHoldout
    ? dcrShare(search.syntheticToTrain, search.syntheticToHoldout, search.sizes.train, search.sizes.holdoutReference)
    : NaN;
  const distanceShare = hasHoldout ? probabilityLess(search.syntheticToTrain, search.holdoutToTrain) : NaN;
  // SDMetrics' breakdown counts a tie half (the DCR share counts it at the fresh-data rate).
  const closerToTrain = hasHoldout ? closerShare(search.syntheticToTrain, search.syntheticToHoldout, 0.5) : NaN;
  const protection = Number.isNaN(share) ? NaN : Math.min(1, 2 * (1 - share));
  const baselineRate = copies.baselineRate;
  const excess = Math.max(0, copies.rate - (Number.isNaN(baselineRate) ? 0 : baselineRate));
  const score = Number.isNaN(protection) ? null : protection * (1 - excess);

  if (search.sizes.synthetic < synthetic.rowCount) {
    notes.push(
      `Privacy: distances to the closest record were computed for a random sample of ${fmtInt(search.sizes.synthetic)} of ${fmtInt(synthetic.rowCount)} synthetic rows${hasHoldout ? ` and ${fmtInt(search.sizes.holdout)} of ${fmtInt(holdout.rowCount)} holdout rows` : ''}, each against ${search.sizes.train === train.rowCount ? 'every training row' : `a random sample of ${fmtInt(search.sizes.train)} training rows`} (exact search); exact copies were checked on every row.`,
    );
  }
  if (search.columns.length < train.columns.length) {
    const left = train.columns.filter((c) => !search.columns.includes(c.name)).map((c) => c.name);
    if (left.length)
      notes.push(
        `Privacy: distances leave out ${left.map((c) => `"${c}"`).join(', ')} (identifiers, free text or columns missing from a table).`,
      );
  }

  const all = [search.syntheticToTrain, search.syntheticToHoldout, search.holdoutToTrain];
  let max = 0;
  for (const a of all) for (const v of a) if (v > max) max = v;
  const top = max > 0 ? max : 1;
  const edges = Array.from({ length: DCR_BINS + 1 }, (_, i) => round6((top * i) / DCR_BINS));
  const nndrEdges = Array.from({ length: 11 }, (_, i) => i / 10);
  const synthNndr = Float64Array.from(search.syntheticToTrain, (d, i) => nndr(d, search.syntheticSecond[i]));
  const holdNndr = Float64Array.from(search.holdoutToTrain, (d, i) => nndr(d, search.holdoutSecond[i]));
  const sn = distanceStats(synthNndr.filter((v) => !Number.isNaN(v)));
  const hn = distanceStats(holdNndr.filter((v) => !Number.isNaN(v)));

  const report: PrivacyReport = {
    score: score === null ? null : round6(score),
    meaning:
      score === null
        ? 'Privacy against a holdout was not measured: no rows were held out from fitting.'
        : privacyMeaning(share, copies.rate, baselineRate),
    ...(hasHoldout ? {} : { skipped: 'no holdout: the DCR share needs real rows the generator never saw' }),
    dcrShare: nullable(share),
    exactCopyRate: round6(copies.rate),
    dcr: {
      closerToTrain: nullable(closerToTrain),
      sdmetricsScore: Number.isNaN(closerToTrain) ? null : round6(Math.min(1, 2 * (1 - closerToTrain))),
      distanceShare: nullable(distanceShare),
      protection: nullable(protection),
      syntheticToTrain: roundStats(distanceStats(search.syntheticToTrain)),
      syntheticToHoldout: hasHoldout ? roundStats(distanceStats(search.syntheticToHoldout)) : null,
      holdoutToTrain: hasHoldout ? roundStats(distanceStats(search.holdoutToTrain)) : null,
      histogram: {
        edges,
        syntheticToTrain: binShares(search.syntheticToTrain, edges).map(round6),
        syntheticToHoldout: hasHoldout ? binShares(search.syntheticToHoldout, edges).map(round6) : null,
        holdoutToTrain: hasHoldout ? binShares(search.holdoutToTrain, edges).map(round6) : null,
      },
      sizes: search.sizes,
    },
    nndr: {
      median: nullable(sn.median),
      p05: nullable(sn.p05),
      holdoutMedian: hasHoldout ? nullable(hn.median) : null,
      holdoutP05: hasHoldout ? nullable(hn.p05) : null,
      histogram: {
        edges: nndrEdges,
        synthetic: binShares(synthNndr, nndrEdges).map(round6),
        holdout: hasHoldout ? binShares(holdNndr, nndrEdges).map(round6) : null,
      },
    },
    exactCopies: {
      count: copies.count,
      rate: round6(copies.rate),
      rows: synthetic.rowCount,
      baselineRate: nullable(baselineRate),
      baseline: copies.baseline,
      excessRate: round6(excess),
    },
    closestPairs: closestPairs(train, synthetic, search, options.pairs ?? 10, new Rng((options.seed ?? 7) + 1)),
    columns: search.columns,
  };
  return { report, notes };
}

function privacyMeaning(share: number, copyRate: number, baseline: number): string {
  const copies =
    copyRate > 0
      ? ` ${percent(copyRate)} of synthetic rows copy a training row exactly (real rows repeat at ${percent(Number.isNaN(baseline) ? 0 : baseline)}).`
      : ' No synthetic row copies a training row.';
  if (share <= 0.55)
    return `Synthetic rows are no closer to the training rows than to real rows the generator never saw, as fresh data would be (DCR share ${share.toFixed(2)}, ideal 0.50).${copies}`;
  if (share <= 0.65)
    return `Synthetic rows lean towards the training rows: their closest real record is a training row more often than for fresh data (DCR share ${share.toFixed(2)}, ideal 0.50).${copies}`;
  return `Synthetic rows sit on the training rows: their closest real record is a training row far more often than for fresh data (DCR share ${share.toFixed(2)}, ideal 0.50): the generator may be memorising records.${copies}`;
}

/**
 * A few synthetic rows beside their closest training rows: half the checked rows nearest to a
 * real row (the ones a privacy review looks at first), half a random draw (typical rows).
 */
function closestPairs(
  train: Table,
  synthetic: Table,
  search: DcrSearch,
  count: number,
  rng: Rng,
): PrivacyReport['closestPairs'] {
  const names = search.columns;
  const tCols = names.map((n) => train.columns.find((c) => c.name === n)!);
  const sCols = names.map((n) => synthetic.columns.find((c) => c.name === n)!);
  const ranges = tCols.map((c) => (c.storage === 'numeric' ? presentRange(c.values) : [0, 0]));
  const n = search.sizes.synthetic;
  const byDistance = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => search.syntheticToTrain[a] - search.syntheticToTrain[b] || a - b,
  );
  const chosen: { i: number; kind: 'closest' | 'random' }[] = [];
  const nClosest = Math.ceil(count / 2);
  for (const i of byDistance.slice(0, Math.min(nClosest, n))) chosen.push({ i, kind: 'closest' });
  const rest = byDistance.slice(nClosest);
  const perm = rng.permutation(rest.length);
  for (let k = 0; k < rest.length && chosen.length < count; k++) chosen.push({ i: rest[perm[k]], kind: 'random' });
  const pairs: ClosestPair[] = [];
  for (const { i, kind } of chosen) {
    const sRow = search.syntheticRows[i];
    const tRow = search.closestTrain[i];
    if (tRow < 0) continue;
    const synth = sCols.map((c) => cellText(c, sRow));
    const real = tCols.map((c) => cellText(c, tRow));
    const diffs: { name: string; weight: number; text: string }[] = [];
    const differs = names.map((name, k) => {
      const s = sCols[k];
      const t = tCols[k];
      if (s.storage === 'numeric' && t.storage === 'numeric') {
        const a = s.values[sRow];
        const b = t.values[tRow];
        if (Number.isNaN(a) && Number.isNaN(b)) return false;
        if (Number.isNaN(a) || Number.isNaN(b)) {
          diffs.push({
            name,
            weight: 1,
            text: `in ${name} (${Number.isNaN(b) ? 'missing in the real record' : 'missing in the synthetic one'})`,
          });
          return true;
        }
        if (a === b) return false;
        const [lo, hi] = ranges[k];
        diffs.push({
          name,
          weight: Math.min(1, Math.abs(a - b) / (hi > lo ? hi - lo : 1)),
          text: `by ${differenceText(Math.abs(a - b), t.type)} in ${name}`,
        });
        return true;
      }
      if (synth[k] === real[k]) return false;
      diffs.push({ name, weight: 1, text: `in ${name} (${real[k] ?? 'missing'} instead of ${synth[k] ?? 'missing'})` });
      return true;
    });
    pairs.push({
      kind,
      syntheticRow: sRow,
      realRow: tRow,
      distance: round6(search.syntheticToTrain[i]),
      synthetic: synth,
      real,
      differs,
      description: describePair(diffs, names.length),
    });
  }
  return { columns: names, types: tCols.map((c) => c.type as ColumnType), pairs };
}

function describePair(diffs: { name: string; weight: number; text: string }[], columns: number): string {
  if (diffs.length === 0) return `The closest real record is identical on all ${columns} compared columns.`;
  // Numbers first (largest scaled difference first), then categories and missing values.
  const sorted = [...diffs].sort(
    (a, b) => Number(a.text.startsWith('in ')) - Number(b.text.startsWith('in ')) || b.weight - a.weight,
  );
  const shown = sorted.slice(0, 4).map((d) => d.text);
  const more = sorted.length - shown.length;
  if (more > 0) shown.push(`in ${more} more column${more === 1 ? '' : 's'}`);
  const list = shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
  const same = columns - diffs.length;
  return `The closest real record differs ${list}; ${same === 0 ? 'no column matches' : same === 1 ? 'the other column matches' : `the other ${same} columns match`}.`;
}

const DAY = 86_400_000;

/** "7", "1,240", "0.35", "3 days", "5 hours" ... */
function differenceText(diff: number, type: ColumnType): string {
  if (type === 'datetime') {
    if (diff >= DAY) return plural(round3(diff / DAY), 'day');
    if (diff >= 3_600_000) return plural(round3(diff / 3_600_000), 'hour');
    if (diff >= 60_000) return plural(round3(diff / 60_000), 'minute');
    return plural(round3(diff / 1000), 'second');
  }
  return fmtNumber(diff);
}

function plural(x: number, unit: string): string {
  return `${fmtNumber(x)} ${unit}${x === 1 ? '' : 's'}`;
}

/** A number for people: grouped thousands, up to 3 significant decimals. */
export function fmtNumber(x: number): string {
  if (Number.isInteger(x)) return groupThousands(x);
  const abs = Math.abs(x);
  const digits = abs >= 100 ? 1 : abs >= 1 ? 2 : Math.min(10, 2 - Math.floor(Math.log10(abs)));
  return x.toLocaleString('en-US', { maximumFractionDigits: digits });
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function pick(n: number, k: number, rng: Rng): Int32Array {
  return sampleIndices(n, k, rng);
}

function roundStats(s: DistanceStats): DistanceStats {
  return { mean: round6(s.mean), median: round6(s.median), p05: round6(s.p05), zeroShare: round6(s.zeroShare) };
}

function nullable(x: number): number | null {
  return Number.isNaN(x) ? null : round6(x);
}

function fmtInt(n: number): string {
  return groupThousands(n);
}
