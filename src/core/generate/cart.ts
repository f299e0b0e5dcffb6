import type { CartAlong, CartLeaf, CartModel, CartNode } from '../blueprint/models';
import { parsePartName, parsePositionName, partOf, type CalendarPart } from '../blueprint/calendar';
import type { Blueprint, ColumnSpec } from '../blueprint/types';
import { isCounter } from '../blueprint/types';
import type { Rng } from '../random';
import type { CategoricalColumn, Column, NumericColumn, Table, TextColumn } from '../table';
import { storageOf } from '../table';
import {
  ascendingInverse,
  type AscendingInverse,
  categoricalInverse,
  firstAbove,
  jitter,
  numericInverse,
  outputFor,
  percentileRange,
  quantilePoints,
  readValue,
  textGenerator,
  type Output,
} from './marginals';
import { STRATUM_ROWS, type Plan } from './plan';
import { applyRates, compileRates } from './rates';
import { sortedFill } from './sorted';

/**
 * Generation from sequential trees. Within each block of `STRATUM_ROWS` rows, the columns of
 * `order` are made one after the other: every row of the block goes down the column's tree with
 * the values already made for it, and each leaf then draws values for the rows it received. Those
 * draws are stratified (as in the copula): the leaf's n rows get missing with exactly its missing
 * share (up to one row), and their values at percentiles (i + jitter) / n in shuffled order, so a
 * leaf reproduces its distribution instead of a noisy sample of it. Columns outside `order`
 * (identifiers, text, columns with nothing to model) are drawn on their own from their marginal.
 */
export function compileCart(blueprint: Blueprint, model: CartModel, rows?: number): Plan {
  const specs = blueprint.columns;
  const index = new Map(specs.map((s, i) => [s.name, i] as const));
  const outputs = specs.map((spec) => outputFor(spec));
  const ordered = model.order.map((name) => index.get(name)).filter((i): i is number => i !== undefined);
  const rest = specs.map((_, i) => i).filter((i) => !ordered.includes(i));
  // Compiled once (text generators remember the identifiers they made); each chunk passes its columns.
  const trees = ordered.map((c) => compileTree(model.trees[specs[c].name] ?? { rows: 0 }, c, specs, outputs, index));
  const rates = ordered.map((c) => compileRates(model, specs[c].name, specs));
  const others = rest.map((c) => independent(specs[c], c, outputs[c]));
  // Columns made in row order (`sorted`, in a run of `rows` rows), in place of their trees.
  const sorted = ordered.map((c) => sortedFill(specs[c], rows));
  const restSorted = rest.flatMap((c) => {
    const fill = sortedFill(specs[c], rows);
    return fill ? [{ c, fill }] : [];
  });
  const place = usesPosition(model) ? positionColumn(rows) : undefined;
  // Rows made in order (a sorted column, the rows' place in their trees' splits): a block holds
  // the rows of its part of the run, not a sample of all of them, so its numbers are not mapped
  // back onto the whole marginal (that spread an early block's values over the whole run's:
  // nass.corn's yields of 1866 took 2002's, detection 0.97 -> 0.15).
  const inOrder = place !== undefined || sorted.some((f) => f !== undefined) || restSorted.length > 0;
  return {
    generate(n: number, offset: number, rng: Rng): Table {
      const columns = outputs.map((o) => o.allocate(n));
      const states = rates.map((r) => (r ? new Int8Array(n).fill(-1) : undefined));
      if (place) columns.push(place(n, offset, rng));
      for (let start = 0; start < n; start += STRATUM_ROWS) {
        const m = Math.min(STRATUM_ROWS, n - start);
        trees.forEach((tree, t) => {
          const fill = sorted[t];
          if (fill) fill((columns[tree.column] as NumericColumn).values, start, m, offset + start);
          else fillColumn(tree, columns, start, m, rng, states[t], inOrder);
        });
        // A rate's base may be made after its column (a sum's gap): rates are applied last.
        trees.forEach((tree, t) => {
          if (rates[t]) applyRates(rates[t], states[t]!, columns[tree.column] as NumericColumn, columns, start, m);
        });
        for (let r = start; r < start + m; r++) for (const other of others) other(columns, r, offset + r, rng);
        for (const { c, fill } of restSorted) fill((columns[c] as NumericColumn).values, start, m, offset + start);
      }
      return { rowCount: n, columns: place ? columns.slice(0, specs.length) : columns };
    },
  };
}

export interface CompiledTree {
  column: number;
  /** The column's own quantile function (numbers), which each block is mapped back onto. */
  marginal?: AscendingInverse;
  /**
   * The leaf (index into `leaves`) each of rows[0..m - 1] of the chunk reaches, into
   * leafOf[0..m - 1]; without `rows`, the rows base..base + m - 1.
   */
  route: (columns: Column[], rows: Int32Array | undefined, m: number, leafOf: Int32Array, base?: number) => void;
  leaves: CompiledLeaf[];
  /** Scratch for a block's rows per leaf (leaves + 1) and where the next goes (leaves). */
  counts: Int32Array;
  next: Int32Array;
}

export interface CompiledLeaf {
  missing: number;
  /** Value (numbers) or output code (categories) at percentile u. */
  draw: (u: number) => number;
  /**
   * Numbers whose leaf follows an earlier column (`along`): the value at percentile u for row r,
   * given that row's value of the column. Without it (or where a caller cannot supply the row),
   * `draw` is the leaf's distribution over all its rows.
   */
  drawAt?: (u: number, columns: Column[], r: number, rng: Rng) => number;
  /**
   * Numbers of a tree mapped back onto its marginal (`CompiledTree.marginal`): the percentile of
   * the column that `draw(u)` reads its value at (and `rankAt` for `drawAt`). The mapping needs only
   * the order of a block's draws and their ties, so such a tree's leaves give percentiles and
   * `calibrate` reads the marginal along them, sorted, in one walk.
   */
  rank?: (u: number) => number;
  rankAt?: (u: number, columns: Column[], r: number, rng: Rng) => number;
  /** Numbers with rates: cumulative shares of the leaf's present rows holding each rate (`rated`). */
  rated?: Float64Array;
  /**
   * Numbers with rates and exact values: the value at percentile u of a row that may hold a rate,
   * where the rate cannot be applied (a condition on the column); without it, `draw`.
   */
  drawAll?: (u: number) => number;
}

/**
 * Rows m of a block, from `start`: route them, group them by leaf, let each leaf fill its rows.
 * With `state` (a column with rates), each leaf's present rows also draw, stratified, which rate
 * they hold (-1: none) by the leaf's `rated` shares; the value drawn for a row holding a rate is
 * a placeholder for the columns after it until the rate is applied. Such a column is not mapped
 * back onto its marginal: its leaves describe only the rows holding no rate. Nor is any column of
 * a run made `inOrder` (its block is one part of the run, not a sample of all of it).
 */
function fillColumn(
  tree: CompiledTree,
  columns: Column[],
  start: number,
  m: number,
  rng: Rng,
  state?: Int8Array,
  inOrder = false,
): void {
  const leafOf = LEAF_OF;
  tree.route(columns, undefined, m, leafOf, start);
  const counts = tree.counts;
  counts.fill(0);
  for (let i = 0; i < m; i++) counts[leafOf[i] + 1]++;
  for (let l = 0; l < tree.leaves.length; l++) counts[l + 1] += counts[l];
  const grouped = GROUPED;
  const next = tree.next;
  next.set(counts.subarray(0, tree.leaves.length));
  for (let i = 0; i < m; i++) grouped[next[leafOf[i]]++] = start + i;
  const out = columns[tree.column];
  // Mapped back onto the column's marginal: the leaves give percentiles, read off it at the end.
  const ranks = out.storage === 'numeric' && tree.marginal !== undefined && !state && !inOrder;
  for (let l = 0; l < tree.leaves.length; l++) {
    const from = counts[l];
    const g = counts[l + 1] - from;
    if (g === 0) continue;
    const leaf = tree.leaves[l];
    // Stratified missingness: the rows whose stratified draw falls in the top `missing` share.
    const missingDraw = leaf.missing > 0 ? stratified(g, rng, MISSING_DRAW) : MISSING_DRAW;
    let present = g;
    if (leaf.missing > 0) {
      present = 0;
      for (let j = 0; j < g; j++) if (!(missingDraw[j] >= 1 - leaf.missing)) present++;
    }
    const valueDraw = stratified(present, rng, VALUE_DRAW);
    if (state && leaf.rated)
      drawRates(leaf.rated, stratified(present, rng, RATE_DRAW), grouped, from, g, missingDraw, leaf.missing, state);
    const draw = (ranks && leaf.rank) || leaf.draw;
    const drawAt = ranks ? leaf.rankAt : leaf.drawAt;
    let k = 0;
    for (let j = 0; j < g; j++) {
      const r = grouped[from + j];
      const isMissing = leaf.missing > 0 && missingDraw[j] >= 1 - leaf.missing;
      if (out.storage === 'numeric')
        out.values[r] = isMissing ? NaN : drawAt ? drawAt(valueDraw[k++], columns, r, rng) : draw(valueDraw[k++]);
      else if (out.storage === 'categorical') out.codes[r] = isMissing ? -1 : draw(valueDraw[k++]);
    }
  }
  if (ranks) calibrate(out.values, start, m, tree.marginal!, rng);
}

/** The rate each present row of a leaf's group holds: the first whose cumulative share passes its draw. */
function drawRates(
  rated: Float64Array,
  draws: Float64Array,
  grouped: Int32Array,
  from: number,
  g: number,
  missingDraw: Float64Array,
  missing: number,
  state: Int8Array,
): void {
  let k = 0;
  for (let j = 0; j < g; j++) {
    if (missing > 0 && missingDraw[j] >= 1 - missing) continue;
    const u = draws[k++];
    let rate = -1;
    for (let i = 0; i < rated.length; i++)
      if (u < rated[i]) {
        rate = i;
        break;
      }
    state[grouped[from + j]] = rate;
  }
}

/**
 * Quantile mapping of a numeric column over a block: the rows keep the order of their values
 * (ties broken at random) and take the column's own quantiles at stratified percentiles. Each
 * tree draws from leaves reached with already synthetic predictors, so small errors compound
 * along `order`; mapping each column back onto its blueprint marginal stops that drift, while
 * every row keeps its rank, and so the relations the trees made. The leaves give percentiles
 * (`CompiledLeaf.rank`), whose order is the values' order; rows of one value are then shuffled
 * among their places. (Kept in the percentiles' order instead, penguins' DCR share rose from
 * 0.553 to 0.590 over 15 seeds: a value's rows spilling onto its neighbours' values followed
 * their leaves' ranks.)
 */
function calibrate(values: Float64Array, start: number, m: number, marginal: AscendingInverse, rng: Rng): void {
  // Sort keys: the percentile to 2^-40, then the row's place in the block (m <= STRATUM_ROWS =
  // 2^12), both in one whole number below 2^52, so one native sort of doubles orders the rows.
  const keys = CAL_KEYS;
  let p = 0;
  for (let i = 0; i < m; i++) {
    const u = values[start + i];
    if (u === u) keys[p++] = Math.floor(u * 1099511627776) * STRATUM_ROWS + i;
  }
  if (p === 0) return;
  const sorted = keys.subarray(0, p).sort();
  const order = CAL_ORDER;
  const at = CAL_AT;
  const own = CAL_OWN;
  for (let k = 0; k < p; k++) {
    const i = sorted[k] % STRATUM_ROWS;
    order[k] = i;
    at[k] = values[start + i];
  }
  marginal(at, p, own);
  if (p === 1) {
    values[start + order[0]] = own[0];
    return;
  }
  for (let a = 0; a < p;) {
    let b = a + 1;
    while (b < p && own[b] === own[a]) b++;
    for (let k = b - 1; k > a; k--) {
      const j = a + Math.floor((rng.nextUint32() * (k - a + 1)) / 4294967296);
      const t = order[k];
      order[k] = order[j];
      order[j] = t;
    }
    a = b;
  }
  for (let k = 0; k < p; k++) at[k] = (k + jitter(rng)) / p;
  marginal(at, p, own);
  for (let k = 0; k < p; k++) values[start + order[k]] = own[k];
}

/**
 * n uniforms, one in each of the strata [i/n, (i+1)/n), in random order, written into `u` (at
 * least n long; the leaves' draws reuse a block's buffers instead of allocating per leaf).
 */
function stratified(n: number, rng: Rng, u: Float64Array): Float64Array {
  if (n === 0) return u;
  // The strata in random order: Fisher-Yates with one 32-bit draw a swap (multiply-shift,
  // floor(x (i + 1) / 2^32), whose bias is at most (i + 1) / 2^32: under 1e-6 in a block).
  const perm = PERMUTATION;
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor((rng.nextUint32() * (i + 1)) / 4294967296);
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  for (let i = 0; i < n; i++) u[i] = (perm[i] + jitter(rng)) / n;
  return u;
}

/** Scratch for `stratified`: a block's rows at most (generation runs one block at a time). */
const PERMUTATION = new Uint32Array(STRATUM_ROWS);
/** Scratch for `fillColumn` (each row's leaf, the rows grouped by leaf) and `calibrate`. */
const LEAF_OF = new Int32Array(STRATUM_ROWS);
const GROUPED = new Int32Array(STRATUM_ROWS);
const CAL_KEYS = new Float64Array(STRATUM_ROWS);
const CAL_ORDER = new Int32Array(STRATUM_ROWS);
const CAL_OWN = new Float64Array(STRATUM_ROWS);
const CAL_AT = new Float64Array(STRATUM_ROWS);
const MISSING_DRAW = new Float64Array(STRATUM_ROWS);
const VALUE_DRAW = new Float64Array(STRATUM_ROWS);
const RATE_DRAW = new Float64Array(STRATUM_ROWS);

/**
 * A tree compiled for generation: `route` walks a flat copy of its nodes with a list of rows of
 * the chunk's output columns (a split reads its predictor's values, already made, and sends each
 * row left or right) and gives each row the index of the leaf it reaches; each leaf is compiled
 * to its draw.
 */
export function compileTree(
  node: CartNode,
  c: number,
  specs: ColumnSpec[],
  outputs: Output[],
  index: Map<string, number>,
): CompiledTree {
  const leaves: CompiledLeaf[] = [];
  // The tree as flat arrays, node 0 the root, walked in a loop: a closure per node cost a call per
  // level (23% of generating adult's rows in a profile).
  const kind: number[] = [];
  const col: number[] = [];
  const threshold: number[] = [];
  const missingLeft: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const leafId: number[] = [];
  const parts: (CalendarPart | undefined)[] = [];
  const goesLeft: (Uint8Array | undefined)[] = [];
  const add = (k: number): number => {
    kind.push(k);
    col.push(-1);
    threshold.push(NaN);
    missingLeft.push(0);
    left.push(-1);
    right.push(-1);
    leafId.push(-1);
    parts.push(undefined);
    goesLeft.push(undefined);
    return kind.length - 1;
  };
  // Leaves are numbered in the order they are met, left subtree first (as the blueprint lists them).
  const build = (nd: CartNode): number => {
    if (!('column' in nd)) {
      const n = add(LEAF);
      leafId[n] = leaves.length;
      leaves.push(compileLeaf(nd, specs[c], outputs[c], specs, index));
      return n;
    }
    const n = add(LEFT);
    // The rows' place beside a counter (`id@row`): read off the position column past the
    // blueprint's (`positionColumn`).
    const counter = index.has(nd.column) ? undefined : parsePositionName(nd.column);
    if (counter !== undefined && isCounter(specs[index.get(counter) ?? -1]?.distribution)) {
      left[n] = build(nd.left);
      right[n] = build(nd.right);
      kind[n] = NUMBER;
      col[n] = specs.length;
      threshold[n] = typeof nd.le === 'number' ? nd.le : NaN;
      return n;
    }
    // A calendar part (`date_time@hour`) is read off its datetime column as generated.
    const part = index.has(nd.column) ? undefined : parsePartName(nd.column);
    const p = index.get(part ? part.column : nd.column);
    left[n] = build(nd.left);
    right[n] = build(nd.right);
    if (p === undefined) return n;
    col[n] = p;
    missingLeft[n] = nd.missing === 'left' ? 1 : 0;
    const storage = storageOf(specs[p].type);
    if (part && storage === 'numeric' && nd.le === undefined) kind[n] = PRESENT;
    else if (part && storage === 'numeric') {
      kind[n] = PART;
      parts[n] = part.part;
      threshold[n] = typeof nd.le === 'number' ? nd.le : NaN;
    } else if (storage === 'numeric') {
      if (nd.le === undefined) kind[n] = PRESENT;
      else {
        kind[n] = NUMBER;
        threshold[n] = readValue(specs[p], nd.le);
      }
    } else if (storage === 'categorical') {
      kind[n] = LEVELS;
      const set = new Set(nd.in ?? []);
      // Slot 0 for a missing value (code -1), then the levels' codes shifted by one (a code past
      // them goes right).
      goesLeft[n] = Uint8Array.from(['', ...outputs[p].levels], (l, i) =>
        i === 0 ? missingLeft[n] : set.has(l) ? 1 : 0,
      );
    }
    return n;
  };
  build(node);
  const kinds = Uint8Array.from(kind);
  const cols = Int32Array.from(col);
  const thresholds = Float64Array.from(threshold);
  const missingLefts = Uint8Array.from(missingLeft);
  const lefts = Int32Array.from(left);
  const rights = Int32Array.from(right);
  const leafIds = Int32Array.from(leafId);
  // The rows walk the tree together: each split sends its segment of the rows (their positions
  // in `list`, partitioned in place) to its two children, so a node's kind is read once per node,
  // not once per row and level (a closure per node and row was 23% of generating adult's rows).
  let scratch = new Int32Array(STRATUM_ROWS);
  const stack: number[] = [];
  const route = (columns: Column[], list: Int32Array | undefined, m: number, leafOf: Int32Array, base = 0): void => {
    if (scratch.length < m) scratch = new Int32Array(m);
    const rows = scratch;
    for (let i = 0; i < m; i++) rows[i] = i;
    stack.length = 0;
    stack.push(0, 0, m);
    while (stack.length) {
      const b = stack.pop()!;
      const a = stack.pop()!;
      const n = stack.pop()!;
      if (a >= b) continue;
      const k = kinds[n];
      if (k === LEAF) {
        const id = leafIds[n];
        for (let i = a; i < b; i++) leafOf[rows[i]] = id;
        continue;
      }
      // Rows going left first: [a, mid) left, [mid, b) right.
      let mid = a;
      if (k === NUMBER || k === PART) {
        const x = (columns[cols[n]] as NumericColumn).values;
        const t = thresholds[n];
        const part = parts[n];
        // Branch-free: every row is swapped to `mid`, which moves on only past a left one (the
        // rows in [mid, i] all go right; a leaf's rows are later taken in row order, so the
        // order within a side does not matter). Missing values fail every comparison: with
        // them on the left, a row goes left unless its value is above the threshold (none is
        // above a threshold that is not a number: then only the missing ones go left).
        if (missingLefts[n] === 1 && t !== t)
          for (let i = a; i < b; i++) {
            const r = rows[i];
            const x0 = x[list === undefined ? base + r : list[r]];
            rows[i] = rows[mid];
            rows[mid] = r;
            mid += +(x0 !== x0);
          }
        else if (missingLefts[n] === 1)
          for (let i = a; i < b; i++) {
            const r = rows[i];
            const x0 = x[list === undefined ? base + r : list[r]];
            rows[i] = rows[mid];
            rows[mid] = r;
            mid += +!((k === PART ? partOf(part!, x0) : x0) > t);
          }
        else
          for (let i = a; i < b; i++) {
            const r = rows[i];
            const x0 = x[list === undefined ? base + r : list[r]];
            rows[i] = rows[mid];
            rows[mid] = r;
            mid += +((k === PART ? partOf(part!, x0) : x0) <= t);
          }
      } else if (k === PRESENT) {
        const x = (columns[cols[n]] as NumericColumn).values;
        for (let i = a; i < b; i++) {
          const r = rows[i];
          const v = x[list === undefined ? base + r : list[r]];
          rows[i] = rows[mid];
          rows[mid] = r;
          mid += +(v === v);
        }
      } else if (k === LEVELS) {
        const codes = (columns[cols[n]] as CategoricalColumn).codes;
        const left = goesLeft[n]!;
        for (let i = a; i < b; i++) {
          const r = rows[i];
          const code = codes[list === undefined ? base + r : list[r]];
          rows[i] = rows[mid];
          rows[mid] = r;
          mid += left[code + 1] | 0;
        }
      } else mid = b;
      stack.push(rights[n], mid, b, lefts[n], a, mid);
    }
  };
  // Leaves with exact `values` already give the column its values' shares (and no percentile); a
  // calibration to the marginal would move rows between neighbouring values.
  const calibrated =
    storageOf(specs[c].type) === 'numeric' && specs[c].distribution && leaves.every((l) => l.rank !== undefined);
  return {
    column: c,
    route,
    leaves,
    counts: new Int32Array(leaves.length + 1),
    next: new Int32Array(leaves.length),
    ...(calibrated ? { marginal: ascendingInverse(specs[c]) } : {}),
  };
}

/** Whether a tree of the model splits on the rows' place (`counter@row`). */
export function usesPosition(model: CartModel): boolean {
  const splits = (node: CartNode): boolean =>
    'column' in node && (parsePositionName(node.column) !== undefined || splits(node.left) || splits(node.right));
  return Object.values(model.trees).some(splits);
}

/**
 * The column of the rows' places that a tree's `counter@row` splits read, put past the
 * blueprint's columns: row g of a run of `total` rows at (g + 0.5) / total; with no total (a
 * condition or a rebalance, whose rows are drawn and kept in no order), a uniform draw per row.
 */
export function positionColumn(total: number | undefined): (n: number, offset: number, rng: Rng) => NumericColumn {
  return (n, offset, rng) => {
    const values = new Float64Array(n);
    for (let r = 0; r < n; r++) values[r] = total ? (offset + r + 0.5) / total : rng.next();
    return { storage: 'numeric', name: '@row', type: 'number', values };
  };
}

/** Node kinds of a flat tree: a leaf, a split on a number, on presence, on levels, on a calendar part, or always left. */
const LEAF = 0;
const NUMBER = 1;
const PRESENT = 2;
const LEVELS = 3;
const PART = 4;
const LEFT = 5;

/**
 * A leaf's missing share and its value at a percentile: a numeric leaf reads its ranks (or the
 * column's own distribution when it has none), a categorical leaf its level probabilities.
 */
function compileLeaf(
  leaf: CartLeaf,
  spec: ColumnSpec,
  output: Output,
  specs: ColumnSpec[],
  index: Map<string, number>,
): CompiledLeaf {
  const missing = Math.min(1, Math.max(0, leaf.missing ?? 0));
  const storage = storageOf(spec.type);
  if (storage === 'numeric') {
    let total = 0;
    const rated = leaf.rated?.length ? Float64Array.from(leaf.rated, (x) => (total += Math.max(0, x))) : undefined;
    const ranked = leaf.ranks?.length ? leaf.ranks : undefined;
    const exact = leaf.values && !ranked ? valuesInverse(spec, leaf.values) : undefined;
    const free = 1 - Math.min(1, total);
    // A condition on a rated column cannot apply rates: its rows holding one are drawn like its
    // other rows instead (see ratedInverse).
    const drawAll = leaf.values && rated ? ratedInverse(spec, leaf.values, ranked ?? [], free) : undefined;
    if (exact) return { missing, draw: exact, ...(rated ? { rated } : {}), ...(drawAll ? { drawAll } : {}) };
    const column = numericInverse(spec);
    const plainRank = ranked ? leafRank(ranked) : (u: number) => u;
    const plain = (u: number): number => column(plainRank(u));
    const alongRank = leaf.along && ranked ? alongRanks(ranked, leaf.along, specs, index, plainRank) : undefined;
    const along = alongRank
      ? (u: number, cols: Column[], r: number, rng: Rng): number => column(alongRank(u, cols, r, rng))
      : undefined;
    const mixed = leaf.values && ranked ? mixedInverse(spec, leaf.values, ranked) : undefined;
    // Beside exact values, the ranks describe the rows at none of them: their draws skip those
    // values' rank intervals, which the values already give their shares.
    const rest = mixed ? leafInverse(spec, ranked!, atomGaps(spec, leaf.values!)) : plain;
    const draw = mixed ? (u: number) => mixed(u, rest) : plain;
    const drawAt = along
      ? mixed
        ? (u: number, cols: Column[], r: number, rng: Rng) => mixed(u, (v) => along(v, cols, r, rng))
        : along
      : undefined;
    return {
      missing,
      draw,
      ...(drawAt ? { drawAt } : {}),
      ...(mixed ? {} : { rank: plainRank, ...(alongRank ? { rankAt: alongRank } : {}) }),
      ...(rated ? { rated } : {}),
      ...(drawAll ? { drawAll } : {}),
    };
  }
  if (storage !== 'categorical') return { missing: 1, draw: () => NaN };
  const levels = output.levels;
  const column = categoricalInverse(spec);
  const own = leaf.distribution?.kind === 'categorical' ? leaf.distribution.probabilities : undefined;
  const weights = Float64Array.from(levels, (level) => {
    if (own) return Math.max(0, own[level] ?? 0);
    const k = column.levels.indexOf(level);
    return k < 0 ? 0 : column.cumulative[k] - (k > 0 ? column.cumulative[k - 1] : 0);
  });
  const cumulative = new Float64Array(levels.length);
  let total = 0;
  for (let i = 0; i < levels.length; i++) cumulative[i] = total += weights[i];
  if (total <= 0) return { missing: 1, draw: () => -1 };
  return {
    missing,
    draw: (u) => firstAbove(cumulative, u * total),
  };
}

/**
 * A leaf's exact values (few-valued number columns) at a percentile: the values in ascending
 * order, each taking its share of (0, 1), so the draw is monotone in u (conditions pull it back).
 * Undefined when no value reads as a number with a positive share.
 */
function valuesInverse(spec: ColumnSpec, values: Record<string, number>): ((u: number) => number) | undefined {
  const points = sharesOf(spec, values);
  if (points.length === 0) return undefined;
  const xs = Float64Array.from(points, (p) => p[0]);
  const cumulative = new Float64Array(points.length);
  let total = 0;
  points.forEach((p, i) => (cumulative[i] = total += p[1]));
  return (u) => xs[firstAbove(cumulative, u * total)];
}

/**
 * A leaf holding exact values beside its ranks (a rated column's free rows, `values` the share of
 * each): at percentile u, either one of the values or, through `rest` at a percentile of its own,
 * a value of the ranks. The values sit among the ranks' steps at their percentile rank in the
 * column's marginal, so the draw rises with u.
 */
function mixedInverse(
  spec: ColumnSpec,
  values: Record<string, number>,
  ranks: number[],
): ((u: number, rest: (v: number) => number) => number) | undefined {
  const placed = placeValues(spec, values);
  if (!placed) return undefined;
  const { xs, shares, scale, rhos, rest } = placed;
  // Value j takes [start[j], start[j] + its share) of (0, 1): the ranks' mass below its
  // percentile rank plus the values before it (before[j]).
  const m = xs.length;
  const before = new Float64Array(m + 1);
  const start = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    start[j] = ranksBelow(ranks, rhos[j]) * rest + before[j];
    before[j + 1] = before[j] + shares[j] * scale;
  }
  const restOf = (u: number, j: number): number => (rest > 0 ? Math.min(1, Math.max(0, (u - before[j]) / rest)) : 0.5);
  return (u, draw) => {
    for (let j = 0; j < m; j++) {
      if (u < start[j]) return draw(restOf(u, j));
      if (u < start[j] + before[j + 1] - before[j]) return xs[j];
    }
    return draw(restOf(u, m));
  };
}

/**
 * A leaf's exact values beside its ranks, placed in the column's marginal: the values ascending,
 * their shares (times `scale`, so that they sum to at most 1), each one's percentile rank (the
 * middle of its interval, `percentileRange`), and the share left to the ranks. Undefined without
 * an empirical marginal or a value with a positive share.
 */
function placeValues(
  spec: ColumnSpec,
  values: Record<string, number>,
): { xs: Float64Array; shares: Float64Array; scale: number; rhos: Float64Array; rest: number } | undefined {
  const points = quantilePoints(spec, spec.distribution);
  const atoms = sharesOf(spec, values);
  if (!points || atoms.length === 0) return undefined;
  const sum = atoms.reduce((a, [, share]) => a + share, 0);
  const range: [number, number] = [0, 0];
  return {
    xs: Float64Array.from(atoms, (a) => a[0]),
    shares: Float64Array.from(atoms, (a) => a[1]),
    scale: sum > 1 ? 1 / sum : 1,
    rhos: Float64Array.from(atoms, ([x]) => {
      percentileRange(points, x, range);
      return (range[0] + range[1]) / 2;
    }),
    rest: 1 - Math.min(1, sum),
  };
}

/** A leaf's exact values with their positive shares, in ascending order. */
function sharesOf(spec: ColumnSpec, values: Record<string, number>): (readonly [number, number])[] {
  return Object.entries(values)
    .map(([key, share]) => [readValue(spec, key), Math.max(0, Number(share) || 0)] as const)
    .filter(([x, share]) => Number.isFinite(x) && share > 0)
    .sort((a, b) => a[0] - b[0]);
}

/** Share of a leaf's rank draws below percentile rank rho (each of its steps holds the same share, linear within). */
function ranksBelow(ranks: number[], rho: number): number {
  const k = ranks.length - 1;
  if (k < 1) return rho > ranks[0] ? 1 : 0;
  if (rho <= ranks[0]) return 0;
  if (rho >= ranks[k]) return 1;
  let i = 0;
  while (i < k - 1 && ranks[i + 1] <= rho) i++;
  const w = ranks[i + 1] - ranks[i];
  return (i + (w > 0 ? (rho - ranks[i]) / w : 1)) / k;
}

/**
 * A rated leaf with exact values where rates cannot be applied (a condition on the column): its
 * free rows (share `free`) as `mixedInverse`, its rows holding a rate spread as its ranks (or,
 * with no ranks, evenly over its values' span of percentile ranks), since their values are a rate
 * of a base not made yet. The mixture's distribution in percentile rank rho of the marginal,
 * G(rho) = free · (rest · ranksBelow(rho) + values below rho) + (1 - free) · ratedBelow(rho),
 * rises with rho and jumps at each value; its inverse is read off a table of its breakpoints.
 * (The marginal itself for those rows lost the link to earlier columns: fare mean 19 under
 * `tip > 5` on taxis, real 35.)
 */
function ratedInverse(
  spec: ColumnSpec,
  values: Record<string, number>,
  leafRanks: number[],
  free: number,
): ((u: number) => number) | undefined {
  const placed = placeValues(spec, values);
  if (!placed) return undefined;
  const { xs, shares, scale } = placed;
  const column = numericInverse(spec);
  const f = Math.min(1, Math.max(0, free));
  // Percentile ranks with the values' atoms cut out (as `leafInverse` draws the rest): the
  // values come only from their jumps, not again from the smooth part inside their intervals.
  const gaps = atomGaps(spec, values);
  const closed = (rho: number): number => (gaps ? gaps.close(rho) : rho);
  const rhos = placed.rhos.map(closed);
  const rest = placed.rest;
  const one = closed(1);
  const ranks = leafRanks.map(closed);
  // Breakpoints: 0, 1, the leaf's ranks, the values' percentile ranks (each with its jump).
  const jumps = new Map<number, { x: number; mass: number }>();
  xs.forEach((x, i) => {
    const j = jumps.get(rhos[i]);
    if (j) j.mass += f * shares[i] * scale;
    else jumps.set(rhos[i], { x, mass: f * shares[i] * scale });
  });
  // A leaf of one rank holds its rest at that rank: a jump too.
  if (ranks.length === 1 && rest > 0) {
    const j = jumps.get(ranks[0]);
    if (j) j.mass += f * rest;
    else {
      const rho = gaps ? gaps.open(ranks[0]) : ranks[0];
      jumps.set(ranks[0], { x: column(Math.min(1 - 1e-12, Math.max(1e-12, rho))), mass: f * rest });
    }
  }
  const at = Float64Array.from(
    [...new Set([0, one, ...(ranks.length > 1 ? ranks : []), ...jumps.keys()])].sort((a, b) => a - b),
  );
  const before = new Float64Array(at.length);
  const after = new Float64Array(at.length);
  // Rows holding a rate: as the leaf's ranks when it has steps, else evenly over its values' span.
  const keys = [...jumps.keys()];
  const lo = Math.min(...keys);
  const hi = Math.max(...keys);
  const span = (rho: number): number =>
    hi > lo ? Math.min(1, Math.max(0, (rho - lo) / (hi - lo))) : rho >= lo ? 1 : 0;
  const ratedBelow = ranks.length > 1 ? (rho: number) => ranksBelow(ranks, rho) : span;
  const smooth = (rho: number): number =>
    f * rest * (ranks.length > 1 ? ranksBelow(ranks, rho) : 0) + (1 - f) * ratedBelow(rho);
  let jumped = 0;
  for (let i = 0; i < at.length; i++) {
    before[i] = smooth(at[i]) + jumped;
    jumped += jumps.get(at[i])?.mass ?? 0;
    after[i] = smooth(at[i]) + jumped;
  }
  const jumpTo = at.map((rho) => jumps.get(rho)?.x ?? NaN);
  const top = after[at.length - 1];
  return (v) => {
    const u = v * top;
    let lo = 0;
    let hi = at.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (before[mid] <= u) lo = mid;
      else hi = mid - 1;
    }
    if (u < after[lo] && jumpTo[lo] === jumpTo[lo]) return jumpTo[lo];
    const next = Math.min(at.length - 1, lo + 1);
    const w = before[next] - after[lo];
    const c = w > 0 ? at[lo] + ((u - after[lo]) / w) * (at[next] - at[lo]) : at[lo];
    return column(Math.min(1 - 1e-12, Math.max(1e-12, gaps ? gaps.open(c) : c)));
  };
}

/**
 * A numeric leaf's percentile at v: uniformly between two neighbouring leaf ranks (each step holds
 * the same share of the leaf's rows). Its value is the column's own distribution read there.
 */
function leafRank(ranks: number[]): (v: number) => number {
  const k = ranks.length - 1;
  const only = Math.min(1 - 1e-12, Math.max(1e-12, ranks[0] ?? 0.5));
  if (k < 1) return () => only;
  const r = Float64Array.from(ranks);
  return (v) => {
    const pos = v * k;
    const i = Math.min(k - 1, Math.floor(pos));
    return Math.min(1 - 1e-12, Math.max(1e-12, r[i] + (pos - i) * (r[i + 1] - r[i])));
  };
}

/** The value of `leafRank` beside exact values: steps interpolated with the atoms' rank intervals cut out. */
function leafInverse(spec: ColumnSpec, ranks: number[], gaps?: AtomGaps): (v: number) => number {
  const column = numericInverse(spec);
  const k = ranks.length - 1;
  if (k < 1) return () => column(Math.min(1 - 1e-12, Math.max(1e-12, ranks[0] ?? 0.5)));
  const r = Float64Array.from(ranks, (x) => (gaps ? gaps.close(x) : x));
  return (v) => {
    const pos = v * k;
    const i = Math.min(k - 1, Math.floor(pos));
    const u = r[i] + (pos - i) * (r[i + 1] - r[i]);
    return column(Math.min(1 - 1e-12, Math.max(1e-12, gaps ? gaps.open(u) : u)));
  };
}

/**
 * The percentile-rank intervals of a leaf's exact values that are atoms of the column's marginal
 * (a value repeated over several of its quantiles) cut out of (0, 1): `close` maps a rank onto
 * the line without them (a rank inside one goes to its start), `open` maps back onto ranks
 * outside them.
 */
interface AtomGaps {
  close: (rho: number) => number;
  open: (c: number) => number;
}

function atomGaps(spec: ColumnSpec, values: Record<string, number>): AtomGaps | undefined {
  const points = quantilePoints(spec, spec.distribution);
  if (!points) return undefined;
  const { p, q } = points;
  const exact = new Set(sharesOf(spec, values).map(([x]) => x));
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i + 1 < q.length; i++)
    if (q[i + 1] === q[i] && p[i + 1] > p[i] && exact.has(q[i])) {
      if (b.length && b[b.length - 1] === p[i]) b[b.length - 1] = p[i + 1];
      else {
        a.push(p[i]);
        b.push(p[i + 1]);
      }
    }
  if (a.length === 0) return undefined;
  const removed = new Float64Array(a.length + 1);
  for (let j = 0; j < a.length; j++) removed[j + 1] = removed[j] + b[j] - a[j];
  // Start of gap j on the closed line.
  const at = Float64Array.from(a, (x, j) => x - removed[j]);
  return {
    close: (rho) => {
      let k = 0;
      while (k < a.length && b[k] <= rho) k++;
      return k < a.length && a[k] < rho ? at[k] : rho - removed[k];
    },
    open: (c) => {
      // Past every gap starting at or before c.
      let lo = 0;
      let hi = at.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (at[mid] <= c) lo = mid + 1;
        else hi = mid;
      }
      return c + removed[lo];
    },
  };
}

/**
 * A numeric leaf along earlier columns: the percentile of row r at v is the row's percentile rank
 * in each (by the distributional transform of its blueprint marginal, as the fit ranked the
 * training rows) through the leaf's plane, plus a residual between two neighbouring residual
 * quantiles at v, kept within the leaf's first and last rank. Rows missing a term's column take
 * `plain(v)`. Undefined when the plane cannot be read (a predictor not numeric).
 */
function alongRanks(
  ranks: number[],
  along: CartAlong,
  specs: ColumnSpec[],
  index: Map<string, number>,
  plain: (u: number) => number,
): CompiledLeaf['rankAt'] {
  if (!along.residuals.length) return undefined;
  const terms: { p: number; points: { p: Float64Array; q: Float64Array }; slope: number }[] = [];
  for (const term of along.terms) {
    const p = index.get(term.column);
    if (p === undefined || storageOf(specs[p].type) !== 'numeric') return undefined;
    const points = quantilePoints(specs[p], specs[p].distribution);
    if (!points) return undefined;
    terms.push({ p, points, slope: term.slope });
  }
  const lo = ranks[0];
  const hi = ranks[ranks.length - 1];
  const res = Float64Array.from(along.residuals);
  const k = res.length - 1;
  const range: [number, number] = [0, 0];
  return (v, cols, r, rng) => {
    let u = along.intercept;
    for (const t of terms) {
      const x = (cols[t.p] as NumericColumn).values[r];
      if (x !== x) return plain(v);
      percentileRange(t.points, x, range);
      u += t.slope * (range[0] + (range[1] - range[0]) * rng.next());
    }
    if (k > 0) {
      const pos = v * k;
      const i = Math.min(k - 1, Math.floor(pos));
      u += res[i] + (pos - i) * (res[i + 1] - res[i]);
    } else u += res[0];
    return Math.min(1 - 1e-12, Math.max(1e-12, Math.min(hi, Math.max(lo, u))));
  };
}

/** A column outside the trees, drawn on its own from its marginal. */
function independent(
  spec: ColumnSpec,
  c: number,
  output: Output,
): (columns: Column[], r: number, globalRow: number, rng: Rng) => void {
  const missing = spec.missing ?? 0;
  const isMissing = (rng: Rng): boolean => missing > 0 && (missing >= 1 || rng.next() < missing);
  const storage = storageOf(spec.type);
  if (storage === 'numeric') {
    const inverse = numericInverse(spec);
    return (cols, r, _g, rng) => {
      (cols[c] as NumericColumn).values[r] = isMissing(rng) ? NaN : inverse(rng.nextOpen());
    };
  }
  if (storage === 'categorical') {
    const inv = categoricalInverse(spec);
    const index = new Map(output.levels.map((l, i) => [l, i] as const));
    const toOutput = Int32Array.from(inv.levels, (l) => index.get(l) ?? -1);
    return (cols, r, _g, rng) => {
      const code = inv.pick(rng.nextOpen());
      (cols[c] as CategoricalColumn).codes[r] = isMissing(rng) || code < 0 ? -1 : toOutput[code];
    };
  }
  const text = textGenerator(spec);
  return (cols, r, g, rng) => {
    (cols[c] as TextColumn).values[r] = isMissing(rng) ? null : text(g, rng);
  };
}
