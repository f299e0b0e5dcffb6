/**
 * Exact nearest-neighbour search under SDMetrics' mixed-type row distance (see `privacy.ts`): the
 * sum over columns of a per-column distance in [0, 1], where categories (and "one value missing")
 * contribute exactly 0 or 1 and numbers min(1, |a - b|) on range-scaled values.
 *
 * Because every categorical mismatch costs a whole 1, the reference rows are indexed by a trie
 * over their categorical values (and which numbers are missing). A search descends the query's
 * own branch first, then branches with more mismatches only while the mismatch count alone is
 * below the best distance found so far; within a leaf (rows agreeing on every categorical value)
 * rows are sorted on their most spread-out number and scanned outwards from the query's value,
 * stopping when that one column's difference already exceeds the bound. The answer is exact: the
 * same distances as a brute-force scan, at a small fraction of its cost on real tables.
 */

/** Columns encoded for distances: numbers pre-scaled by 1/range (NaN missing), categories as level codes (-1 missing). */
export interface EncodedTable {
  rows: number;
  /** Per compared column: scaled numbers, or category codes stored as numbers (NaN missing). */
  columns: Float64Array[];
  categorical: boolean[];
}

interface Leaf {
  kind: 'leaf';
  /** Range [start, end) of this leaf's rows in the index's row order. */
  start: number;
  end: number;
  /** Numeric column (index into `numeric`) the rows are sorted by, or -1. */
  sortColumn: number;
  /** Numeric columns (indices into `numeric`) present in this leaf's rows. */
  present: Int32Array;
}

/** A handful of rows that differ deeper in the key: scanned with the full distance. */
interface Bucket {
  kind: 'bucket';
  start: number;
  end: number;
}

interface Node {
  kind: 'node';
  depth: number;
  keys: Map<number, Child>;
  children: Child[];
}

type Child = Node | Leaf | Bucket;

/** Ranges at most this long stop the trie and are scanned row by row. */
const BUCKET_ROWS = 12;

export interface Neighbours {
  /** Sum distance (not yet divided by the column count) to the nearest and second-nearest rows. */
  d1: number;
  d2: number;
  /** Their row indices in the reference table (-1 if none). */
  i1: number;
  i2: number;
}

export class NeighbourIndex {
  private readonly numeric: number[];
  private readonly keyColumns: { column: number; missingFlag: boolean }[];
  private readonly root: Child;
  /** Row-major scaled numbers of the numeric columns, rows in leaf order. */
  private readonly values: Float64Array;
  /** Row-major key values, rows in leaf order. */
  private readonly keyValues: Int32Array;
  /** Original row index of each position in leaf order. */
  private readonly order: Int32Array;
  private readonly p: number;
  /** 1 for columns that are part of the trie's key. */
  private readonly keyed: Uint8Array;
  readonly columnCount: number;

  constructor(private readonly ref: EncodedTable) {
    const m = ref.columns.length;
    const n = ref.rows;
    this.columnCount = m;
    this.numeric = [];
    for (let c = 0; c < m; c++) if (!ref.categorical[c]) this.numeric.push(c);
    this.p = this.numeric.length;
    // Key columns: every category, and the missing flag of every number that has missing values.
    const keys: { column: number; missingFlag: boolean; values: Int32Array; levels: number }[] = [];
    for (let c = 0; c < m; c++) {
      const missingFlag = !ref.categorical[c];
      const { values, levels, anyMissing } = keyColumn(ref.columns[c], missingFlag);
      if (!missingFlag || anyMissing) keys.push({ column: c, missingFlag, values, levels });
    }
    // Few-valued columns first keep the trie narrow near the root.
    keys.sort((a, b) => a.levels - b.levels || a.column - b.column);
    const K = keys.length;
    this.keyColumns = keys.map(({ column, missingFlag }) => ({ column, missingFlag }));
    this.keyed = new Uint8Array(m);
    for (const key of keys) this.keyed[key.column] = 1;

    // Spread of each numeric column (variance of scaled values): leaves sort on the widest present one.
    const spread = this.numeric.map((c) => variance(ref.columns[c]));
    const byWidth = this.numeric.map((_, k) => k).sort((a, b) => spread[b] - spread[a] || a - b);

    // Rows grouped by key with stable counting sorts (last key first): every leaf and bucket is a
    // contiguous run. Leaves are then sorted on their widest number; buckets need no order.
    let order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    let scratch = new Int32Array(n);
    for (let d = K - 1; d >= 0; d--) {
      countingSortPass(keys[d].values, keys[d].levels, order, scratch);
      [order, scratch] = [scratch, order];
    }

    const build = (lo: number, hi: number, depth: number): Child => {
      if (depth === K) {
        const first = order[lo];
        const present = byWidth.filter((k) => !Number.isNaN(ref.columns[this.numeric[k]][first]));
        const sortColumn = present.length ? present[0] : -1;
        if (sortColumn >= 0 && hi - lo > 1) {
          const col = ref.columns[this.numeric[sortColumn]];
          if (hi - lo <= 32) {
            // Insertion sort: most leaves are small, and it needs no comparator calls.
            for (let i = lo + 1; i < hi; i++) {
              const r = order[i];
              const v = col[r];
              let j = i - 1;
              while (j >= lo && (col[order[j]] > v || (col[order[j]] === v && order[j] > r))) {
                order[j + 1] = order[j];
                j--;
              }
              order[j + 1] = r;
            }
          } else order.subarray(lo, hi).sort((a, b) => col[a] - col[b] || a - b);
        }
        return { kind: 'leaf', start: lo, end: hi, sortColumn, present: Int32Array.from(present) };
      }
      if (hi - lo <= BUCKET_ROWS) return { kind: 'bucket', start: lo, end: hi };
      const values = keys[depth].values;
      const node: Node = { kind: 'node', depth, keys: new Map(), children: [] };
      let a = lo;
      while (a < hi) {
        const v = values[order[a]];
        let b = a + 1;
        while (b < hi && values[order[b]] === v) b++;
        const child = build(a, b, depth + 1);
        node.keys.set(v, child);
        node.children.push(child);
        a = b;
      }
      return node;
    };
    this.root = n ? build(0, n, 0) : { kind: 'bucket', start: 0, end: 0 };
    this.order = order;
    this.values = new Float64Array(n * this.p);
    this.keyValues = new Int32Array(n * K);
    for (let k = 0; k < this.p; k++) scatterColumn(ref.columns[this.numeric[k]], order, this.values, this.p, k);
    for (let d = 0; d < K; d++) scatterKeys(keys[d].values, order, this.keyValues, K, d);
  }

  // Per-query state, reused across searches (no allocation per query or per leaf).
  private q = new Float64Array(0);
  private qPresent = new Uint8Array(0);
  private qKey = new Int32Array(0);
  private cols = new Int32Array(0);
  private base = 0;
  private k: 1 | 2 = 1;
  private exclude = -1;
  private d1 = Infinity;
  private d2 = Infinity;
  private i1 = -1;
  private i2 = -1;

  /**
   * The nearest (and, with `k = 2`, second-nearest) reference rows of row `row` of `query`
   * (encoded like the reference). Distances are sums over columns; divide by `columnCount`.
   * `exclude` skips one reference row (leave-one-out searches of a table against itself).
   */
  search(query: EncodedTable, row: number, k: 1 | 2, exclude = -1): Neighbours {
    const p = this.p;
    if (this.q.length !== p) {
      this.q = new Float64Array(p);
      this.qPresent = new Uint8Array(p);
      this.cols = new Int32Array(p);
    }
    if (this.qKey.length !== this.keyColumns.length) this.qKey = new Int32Array(this.keyColumns.length);
    let base = 0;
    for (let j = 0; j < p; j++) {
      const v = query.columns[this.numeric[j]][row];
      this.q[j] = v;
      this.qPresent[j] = v === v ? 1 : 0;
      // A missing number where the reference never misses one: every reference row is 1 away there.
      if (v !== v && !this.keyed[this.numeric[j]]) base++;
    }
    for (let t = 0; t < this.keyColumns.length; t++) {
      const key = this.keyColumns[t];
      this.qKey[t] = keyValue(query.columns[key.column][row], key.missingFlag);
    }
    this.base = base;
    this.k = k;
    this.exclude = exclude;
    this.d1 = Infinity;
    this.d2 = Infinity;
    this.i1 = -1;
    this.i2 = -1;
    if (this.ref.rows > 0) this.visit(this.root, 0, 0);
    return { d1: this.d1, d2: this.d2, i1: this.i1, i2: this.i2 };
  }

  /** The distance a candidate must beat: the best (k = 1) or second best (k = 2) so far. */
  private bound(): number {
    return this.k === 1 ? this.d1 : this.d2;
  }

  private offer(d: number, pos: number): void {
    const r = this.order[pos];
    if (r === this.exclude) return;
    if (d < this.d1) {
      this.d2 = this.d1;
      this.i2 = this.i1;
      this.d1 = d;
      this.i1 = r;
    } else if (this.k === 2 && d < this.d2) {
      this.d2 = d;
      this.i2 = r;
    }
  }

  private visit(node: Child, mism: number, depth: number): void {
    if (node.kind === 'leaf') {
      this.scanLeaf(node, mism);
      return;
    }
    if (node.kind === 'bucket') {
      this.scanBucket(node, depth, mism);
      return;
    }
    const own = node.keys.get(this.qKey[node.depth]);
    if (own) this.visit(own, mism, depth + 1);
    const children = node.children;
    for (let c = 0; c < children.length; c++) {
      if (mism + 1 + this.base >= this.bound()) return;
      const child = children[c];
      if (child !== own) this.visit(child, mism + 1, depth + 1);
    }
  }

  /** Sum of min(1, |difference|) over the leaf's compared numbers, stopping once it reaches the bound. */
  private numericDistance(pos: number, start: number, nc: number): number {
    const p = this.p;
    const values = this.values;
    const q = this.q;
    const cols = this.cols;
    const bound = this.bound();
    let d = start;
    const o = pos * p;
    for (let t = 0; t < nc; t++) {
      const c = cols[t];
      const diff = values[o + c] - q[c];
      d += diff > 1 ? 1 : diff < -1 ? 1 : diff < 0 ? -diff : diff;
      if (d >= bound) return d;
    }
    return d;
  }

  /** Rows agreeing on every key value: scanned outwards from the query on the sort column. */
  private scanLeaf(leaf: Leaf, mism: number): void {
    const fixed = mism + this.base;
    if (fixed >= this.bound()) return;
    // Numeric columns compared here: present in the leaf's rows and in the query.
    let nc = 0;
    for (let t = 0; t < leaf.present.length; t++) if (this.qPresent[leaf.present[t]]) this.cols[nc++] = leaf.present[t];
    const s = leaf.sortColumn;
    if (s < 0 || !this.qPresent[s]) {
      for (let pos = leaf.start; pos < leaf.end; pos++) {
        const d = this.numericDistance(pos, fixed, nc);
        if (d < this.bound()) this.offer(d, pos);
      }
      return;
    }
    const p = this.p;
    const values = this.values;
    const qs = this.q[s];
    // First position whose sort value is >= the query's.
    let lo = leaf.start;
    let hi = leaf.end;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[mid * p + s] < qs) lo = mid + 1;
      else hi = mid;
    }
    let right = lo;
    let left = lo - 1;
    while (right < leaf.end || left >= leaf.start) {
      let progressed = false;
      if (right < leaf.end) {
        const gap = values[right * p + s] - qs;
        if (fixed + (gap > 1 ? 1 : gap) < this.bound()) {
          const d = this.numericDistance(right, fixed, nc);
          if (d < this.bound()) this.offer(d, right);
          right++;
          progressed = true;
        } else right = leaf.end;
      }
      if (left >= leaf.start) {
        const gap = qs - values[left * p + s];
        if (fixed + (gap > 1 ? 1 : gap) < this.bound()) {
          const d = this.numericDistance(left, fixed, nc);
          if (d < this.bound()) this.offer(d, left);
          left--;
          progressed = true;
        } else left = leaf.start - 1;
      }
      if (!progressed) break;
    }
  }

  /** Rows of a bucket: key mismatches from `depth` on, then every number (missing counts 1 unless both are). */
  private scanBucket(bucket: Bucket, depth: number, mism: number): void {
    const K = this.keyColumns.length;
    const p = this.p;
    const keyValues = this.keyValues;
    const values = this.values;
    const qKey = this.qKey;
    const q = this.q;
    const qPresent = this.qPresent;
    for (let pos = bucket.start; pos < bucket.end; pos++) {
      const bound = this.bound();
      let d = mism + this.base;
      const ko = pos * K;
      for (let t = depth; t < K && d < bound; t++) if (keyValues[ko + t] !== qKey[t]) d++;
      if (d >= bound) continue;
      const o = pos * p;
      for (let j = 0; j < p && d < bound; j++) {
        if (!qPresent[j]) continue; // both missing: 0; one missing: counted in `base` or as a key mismatch
        const x = values[o + j];
        if (x !== x) continue; // missing in the reference: its flag differs from the query's (a key mismatch)
        const diff = x - q[j];
        d += diff > 1 ? 1 : diff < -1 ? 1 : diff < 0 ? -diff : diff;
      }
      if (d < bound) this.offer(d, pos);
    }
  }
}

/** A column's trie key per row (see `keyValue`), how many key values it has, and whether any is missing. */
function keyColumn(
  col: Float64Array,
  missingFlag: boolean,
): { values: Int32Array; levels: number; anyMissing: boolean } {
  const n = col.length;
  const values = new Int32Array(n);
  let levels = 0;
  let anyMissing = false;
  for (let i = 0; i < n; i++) {
    const x = col[i];
    const missing = x !== x;
    const v = missingFlag ? (missing ? 1 : 0) : missing ? 0 : x + 1;
    values[i] = v;
    if (v >= levels) levels = v + 1;
    if (missing) anyMissing = true;
  }
  return { values, levels, anyMissing };
}

/** Variance (divided by the count) of the present values; 0 with fewer than two. */
function variance(col: Float64Array): number {
  let k = 0;
  let s = 0;
  let ss = 0;
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v !== v) continue;
    k++;
    s += v;
    ss += v * v;
  }
  return k > 1 ? ss / k - (s / k) ** 2 : 0;
}

/** One stable counting-sort pass of `order` by `values` (0..levels-1), into `out`. */
function countingSortPass(values: Int32Array, levels: number, order: Int32Array, out: Int32Array): void {
  const count = keyStarts(values, levels, order);
  for (let i = 0; i < order.length; i++) out[count[values[order[i]]]++] = order[i];
}

/** Where each key value's run starts in a stable sort by key. */
function keyStarts(values: Int32Array, levels: number, order: Int32Array): Int32Array {
  const count = new Int32Array(levels + 1);
  for (let i = 0; i < order.length; i++) count[values[order[i]] + 1]++;
  for (let v = 0; v < levels; v++) count[v + 1] += count[v];
  return count;
}

/** out[pos * stride + k] = col[order[pos]]: one column into a row-major matrix in `order`. */
function scatterColumn(col: Float64Array, order: Int32Array, out: Float64Array, stride: number, k: number): void {
  for (let pos = 0; pos < order.length; pos++) out[pos * stride + k] = col[order[pos]];
}

function scatterKeys(col: Int32Array, order: Int32Array, out: Int32Array, stride: number, k: number): void {
  for (let pos = 0; pos < order.length; pos++) out[pos * stride + k] = col[order[pos]];
}

/** Key of a value: numbers by whether they are missing (0/1), categories by code + 1 (0 missing). */
function keyValue(v: number, missingFlag: boolean): number {
  if (missingFlag) return v !== v ? 1 : 0;
  return v !== v ? 0 : v + 1;
}

/**
 * Brute-force reference implementation of the same search (tests compare the index against it).
 * Distances are sums over columns, as in `NeighbourIndex.search`.
 */
export function bruteForceNeighbours(ref: EncodedTable, query: EncodedTable, row: number, exclude = -1): Neighbours {
  const res: Neighbours = { d1: Infinity, d2: Infinity, i1: -1, i2: -1 };
  for (let j = 0; j < ref.rows; j++) {
    if (j === exclude) continue;
    const d = rowDistance(ref, j, query, row);
    if (d < res.d1) {
      res.d2 = res.d1;
      res.i2 = res.i1;
      res.d1 = d;
      res.i1 = j;
    } else if (d < res.d2) {
      res.d2 = d;
      res.i2 = j;
    }
  }
  return res;
}

/** Sum over columns of the per-column distance between row `i` of `a` and row `j` of `b`. */
export function rowDistance(a: EncodedTable, i: number, b: EncodedTable, j: number): number {
  let d = 0;
  for (let c = 0; c < a.columns.length; c++) {
    const x = a.columns[c][i];
    const y = b.columns[c][j];
    const xn = x !== x;
    const yn = y !== y;
    if (xn || yn) d += xn && yn ? 0 : 1;
    else if (a.categorical[c]) d += x === y ? 0 : 1;
    else d += Math.min(1, Math.abs(x - y));
  }
  return d;
}
