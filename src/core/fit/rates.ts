import type { DifferenceColumn, RateColumn } from '../blueprint/models';
import type { ColumnSpec } from '../blueprint/types';
import { rateValue } from '../generate/rates';
import type { NumericColumn, Table } from '../table';
import { roundTo } from '../util/round';
import { distinctPresent, lowerBound } from '../stats/sort';

/**
 * Rates: a number column that, in part of its rows, is exactly a fixed rate times a base, to the
 * column's decimals: a sales tax of 8.875% of the subtotal, a discount of 10% of the price, a
 * taxi tip of 20% of the fare and surcharges. The base is another number column (`of`), or the
 * rest of a sum the column is a part of (`rest`: a tip that is 20% of total - tip, where total =
 * fare + tip + tolls + surcharge). A model that draws such a column from a leaf's quantiles gets
 * its magnitude right but not the exact arithmetic, and a boosted-tree detector reads the
 * difference off the column's cents (taxis: total alone tells the rows apart with ROC-AUC 0.71;
 * without tip and total the same synthetic table scores detection 0.95, with them 0.62).
 *
 * Found by exact counting. For each pair (column, base), the ratios column / base of the rows
 * where both are positive are binned at 0.001; in each of the 12 fullest bins a sweep finds the
 * rate the most rows hold (`bestRate`; a row holds r when its value is r x base rounded to the
 * column's decimals, `holds`), and of it and its roundings to 1-5 decimals the one most rows hold
 * at some step (the value moved by 0, ±1 or ±2 units of the last decimal: charm prices a cent
 * under a markup) is taken. Each step of it is kept when:
 * - at least max(`minGroupSize`, 0.5% of the column's present rows) hold it;
 * - the column takes more than `FEW_VALUES` distinct values;
 * - it is exact: at least 3x as many rows (plus `minGroupSize`) hold it as are 2 or 3 units
 *   further off (for a step: 2 units either side, the rate itself aside), or hold it with the
 *   base of another row (`chance`). Diamonds' x is 0.994 of
 *   y in many rows because x and y are close, and as many rows are 0.02 mm off that; small
 *   integers over small integers hit 1/4 and its neighbours alike. A real rate is exact only at
 *   itself;
 * - the rows holding it have varied values and bases (`varied`), and it lands on the column's
 *   grid where the column's values go in steps (`onGrid`).
 * The base whose kept rates hold the most rows (at least 2% of the column's present rows) wins,
 * with at most `MAX_RATES` rates. Across columns, rates are taken most held first, and a column
 * with rates is never a base of another (price = 2 x cost makes cost = 0.5 x price too; the
 * first found wins), so applying them in any order gives the same rows. Each row is given the
 * first kept rate it holds (most held first). Row numbers (`skip`) are neither: they say where a
 * row sits, and small integers beside them hit exact multiples (pharmaverse adpp: "rownames =
 * 3300%, 6500%, ... of SRCSEQ in part of the rows").
 */
export interface FoundRate {
  rate: RateColumn;
  /** Per training row: index into `rate.values` of the rate it holds, -1 for none. */
  rowRates: Int8Array;
}

const MAX_RATES = 8;
const MIN_DISTINCT = 10;
const MAX_SHARE = 0.25;
/** Ratio bins tried per (column, base). */
const MAX_BINS = 12;

export function findRates(
  table: Table,
  specs: ColumnSpec[],
  differences: DifferenceColumn[],
  minGroupSize: number,
  skip: ReadonlySet<string> = new Set(),
): FoundRate[] {
  const index = new Map(table.columns.map((c, i) => [c.name, i] as const));
  // A column the model generates as a gap, or swaps with another, holds other values than its own there.
  const gapModelled = new Set(differences.filter((d) => d.mode !== 'repair').map((d) => d.column));
  const repaired = new Set(differences.filter((d) => d.mode === 'repair').flatMap((d) => [d.column, d.from]));
  const plain = (i: number): boolean => {
    const col = table.columns[i];
    const spec = specs[i];
    return (
      col.storage === 'numeric' &&
      (col.type === 'number' || col.type === 'integer') &&
      spec?.distribution !== undefined &&
      !gapModelled.has(col.name) &&
      !repaired.has(col.name) &&
      !skip.has(col.name)
    );
  };
  const found: (FoundRate & { held: number; uses: string[] })[] = [];
  for (let y = 0; y < table.columns.length; y++) {
    if (!plain(y)) continue;
    const decimals = specs[y].type === 'integer' ? 0 : specs[y].decimals;
    if (decimals === undefined) continue;
    const values = (table.columns[y] as NumericColumn).values;
    let present = 0;
    for (const v of values) if (v === v) present++;
    if (distinctPresent(values, FEW_VALUES) <= FEW_VALUES) continue;
    // Each base with the columns it is made of (a sum's rest: the sum's other parts and the sum).
    const bases: { of: string; rest: boolean; base: Float64Array; uses: string[] }[] = [];
    for (let x = 0; x < table.columns.length; x++)
      if (x !== y && plain(x)) {
        const name = table.columns[x].name;
        bases.push({ of: name, rest: false, base: (table.columns[x] as NumericColumn).values, uses: [name] });
      }
    const self = table.columns[y].name;
    for (const d of differences) {
      if (!d.plus?.length || d.mode === 'repair' || ![d.from, ...d.plus].includes(self)) continue;
      const total = (table.columns[index.get(d.column)!] as NumericColumn).values;
      const uses = [d.column, ...[d.from, ...d.plus].filter((p) => p !== self)];
      bases.push({ of: d.column, rest: true, base: total.map((t, r) => t - values[r]), uses });
    }
    let best: (FoundRate & { held: number; uses: string[] }) | undefined;
    for (const b of bases) {
      const rates = ratesOf(values, b.base, decimals, present, minGroupSize);
      const held = rates.reduce((s, r) => s + r.held, 0);
      if (held < Math.max(2 * minGroupSize, 0.02 * present) || (best && held <= best.held)) continue;
      const rowRates = new Int8Array(values.length).fill(-1);
      rates.forEach((r, k) => {
        for (let i = 0; i < values.length; i++)
          if (rowRates[i] < 0 && holds(values[i], b.base[i], r.value, decimals, r.step)) rowRates[i] = k;
      });
      best = {
        rate: {
          column: table.columns[y].name,
          of: b.of,
          ...(b.rest ? { rest: true } : {}),
          values: rates.map((r) => r.value),
          ...(rates.some((r) => r.step !== 0) ? { steps: rates.map((r) => r.step) } : {}),
        },
        rowRates,
        held,
        uses: b.uses,
      };
    }
    if (best) found.push({ rate: best.rate, rowRates: best.rowRates, held: best.held, uses: best.uses });
  }
  // Most held first; a column with rates is never another's base.
  const rated = new Set<string>();
  const bases = new Set<string>();
  const taken: FoundRate[] = [];
  // Ties (price = 1.6 x cost less a cent, cost = 0.625 x price plus a cent) go to the simpler rates.
  const digits = (f: FoundRate): number => f.rate.values.reduce((n, v) => n + decimalsOf(v), 0);
  for (const f of found.sort((a, b) => b.held - a.held || digits(a) - digits(b))) {
    if (bases.has(f.rate.column) || f.uses.some((c) => rated.has(c))) continue;
    rated.add(f.rate.column);
    for (const c of f.uses) bases.add(c);
    taken.push({ rate: f.rate, rowRates: f.rowRates });
  }
  return taken;
}

/**
 * A column of at most `FEW_VALUES` distinct values gets no rate: its leaves draw those values as
 * they are, so there is no arithmetic to keep, and such columns are equal to one another by
 * chance or by a shared ceiling in many rows (digits' pixels, 0-16, "100% of" another pixel in
 * 18 columns, which tied the generated pixels together where the real ones are not).
 */
const FEW_VALUES = 20;

/** Decimal places of a rate as written (0.08875: 5). */
function decimalsOf(v: number): number {
  for (let d = 0; d < 12; d++) if (roundTo(v, d) === v) return d;
  return 12;
}

/**
 * True when `y` is rate r of `base` (both positive) rounded to `decimals`, an exact half rounded
 * either way (sources round halves up, down or to even; generation rounds them up, `rateValue`).
 */
function holds(y: number, base: number, r: number, decimals: number, step = 0): boolean {
  if (!(y > 0 && base > 0)) return false;
  if (step === 0) return Math.abs(y - r * base) <= (0.5 + 1e-6) / 10 ** decimals;
  const f = 10 ** decimals;
  return Math.round(y * f) === Math.round(rateValue(r, base, decimals) * f) + step;
}

/** Steps (in units of the column's last decimal) a column's values may all be multiples of. */
const STEPS = [100, 50, 25, 10, 5, 2];
/** Share of a column's values (or of a rate's values) that must lie on a grid. */
const ON_GRID = 0.9;

/**
 * The coarsest step, in units of 10^-decimals, that at least `ON_GRID` of the column's positive
 * values are multiples of (1 when none: every value is on the column's own decimals). Fares are
 * charged in steps of $0.50, prices end in .99 (step 1 cent), counts are whole.
 */
function gridOf(values: Float64Array, decimals: number): number {
  const f = 10 ** decimals;
  let n = 0;
  const on = new Float64Array(STEPS.length);
  for (const v of values) {
    if (!(v > 0)) continue;
    n++;
    const units = Math.round(v * f);
    for (let k = 0; k < STEPS.length; k++) if (units % STEPS[k] === 0) on[k]++;
  }
  for (let k = 0; k < STEPS.length; k++) if (n > 0 && on[k] >= ON_GRID * n) return STEPS[k];
  return 1;
}

/**
 * Rate r of the column's bases lands on the column's grid (at least `ON_GRID` of the positive
 * bases): generated rows take the rate of any base, and a value off the grid (a fare of $6.15
 * where fares go in steps of $0.50) is one the column never has.
 */
function onGrid(base: Float64Array, r: number, decimals: number, grid: number, step = 0): boolean {
  if (grid === 1) return true;
  const f = 10 ** decimals;
  let n = 0;
  let on = 0;
  for (const b of base) {
    if (!(b > 0)) continue;
    n++;
    if ((Math.round(rateValue(r, b, decimals) * f) + step) % grid === 0) on++;
  }
  return n > 0 && on >= ON_GRID * n;
}

/**
 * The rows holding rate r have varied values and varied bases: at least `MIN_DISTINCT` distinct
 * of each, none in more than `MAX_SHARE` of the rows. A ratio that holds at a few points only is
 * a coincidence of round numbers or of a column's atoms, not a rate (taxis: fare = 5 x distance
 * where short trips cost $2.50 + $2.50 a mile; diamonds: carat = 0.1246 x x in 1,323 rows, 8
 * carats, 0.70-0.72 in 91% of them), and applied to other bases it would make values the column
 * does not have.
 */
function varied(p: Pairs, r: number, decimals: number, step = 0): boolean {
  const ys = new Map<number, number>();
  const bs = new Map<number, number>();
  let held = 0;
  for (let i = 0; i < p.y.length; i++)
    if (holds(p.y[i], p.b[i], r, decimals, step)) {
      held += p.w[i];
      ys.set(p.y[i], (ys.get(p.y[i]) ?? 0) + p.w[i]);
      bs.set(p.b[i], (bs.get(p.b[i]) ?? 0) + p.w[i]);
    }
  return [ys, bs].every((counts) => {
    let most = 0;
    for (const c of counts.values()) most = Math.max(most, c);
    return counts.size >= MIN_DISTINCT && most <= MAX_SHARE * held;
  });
}

/**
 * The rate that most rows of ratio bin `key` (and its neighbours) hold. Row i holds every rate in
 * [(y - h) / b, (y + h) / b], h half a unit of the last decimal; a sweep over those intervals finds
 * the rates (nearly) the most rows share, and of them the one with the fewest decimals (8.875%,
 * not the 8.877% that holds the same rows). Rows a kept rate already holds (`claimed`) are left out.
 */
function bestRate(
  p: Pairs,
  byKey: Map<number, number[]>,
  key: number,
  decimals: number,
  claimed: Uint8Array,
): number | undefined {
  const h = 0.5 / 10 ** decimals;
  const lists = [byKey.get(key - 1), byKey.get(key), byKey.get(key + 1)];
  let n = 0;
  for (const list of lists) if (list) for (const i of list) if (!claimed[i]) n++;
  const at = new Float64Array(2 * n);
  const weight = new Float64Array(2 * n);
  let e = 0;
  for (const list of lists)
    if (list)
      for (const i of list) {
        if (claimed[i]) continue;
        // Closed at both ends, as `holds` is (an exact half may have been rounded either way).
        at[e] = (p.y[i] - h * (1 + 1e-6)) / p.b[i];
        weight[e++] = p.w[i];
        at[e] = (p.y[i] + h * (1 + 1e-6)) / p.b[i];
        weight[e++] = -p.w[i];
      }
  // The distinct end points, sorted, and the weight each adds; the depth between two points is
  // the sum up to the first, whatever order a point's ends come in (counts: exact in doubles).
  const points = Float64Array.from(at).sort();
  let distinct = 0;
  for (let k = 0; k < points.length; k++)
    if (k === 0 || points[k] !== points[distinct - 1]) points[distinct++] = points[k];
  const depth = new Float64Array(distinct);
  for (let k = 0; k < at.length; k++) {
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (points[mid] < at[k]) lo = mid + 1;
      else hi = mid;
    }
    depth[lo] += weight[k];
  }
  // depth[k]: rows holding every rate in [points[k], points[k + 1]).
  let most = 0;
  for (let k = 0; k + 1 < distinct; k++) {
    if (k > 0) depth[k] += depth[k - 1];
    most = Math.max(most, depth[k]);
  }
  // Rates held by nearly the most rows (a few coincidental rows can narrow the deepest range to a
  // sliver beside the true rate); of them, the one with the fewest decimals.
  const floor = most - Math.max(2, 0.02 * most);
  const deep: number[] = [];
  for (let k = 0; k + 1 < distinct; k++) if (depth[k] > 0 && depth[k] >= floor) deep.push(k);
  for (let digits = 1; digits <= 12; digits++) {
    const f = 10 ** digits;
    let found: number | undefined;
    let foundDepth = 0;
    for (const k of deep) {
      const r = roundTo(Math.ceil(points[k] * f) / f, digits);
      if (r < points[k + 1] && r > 0 && (found === undefined || depth[k] > foundDepth)) {
        found = r;
        foundDepth = depth[k];
      }
    }
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The sharp rates of `values` over `base`, most held first (see `findRates`). */
function ratesOf(
  values: Float64Array,
  base: Float64Array,
  decimals: number,
  present: number,
  minGroupSize: number,
): Rate[] {
  const need = Math.max(minGroupSize, 0.005 * present);
  const p = pairsOf(values, base);
  // Rows per ratio bin (of 0.001).
  const bins = new Map<number, number>();
  const keys = new Float64Array(p.y.length);
  for (let i = 0; i < p.y.length; i++) {
    const key = Math.round((p.y[i] / p.b[i]) * 1000);
    keys[i] = key;
    bins.set(key, (bins.get(key) ?? 0) + p.w[i]);
  }
  // A rate piles its rows into its bin (and the next, by rounding): a bin is tried only when it
  // holds at least twice as many rows as any bin 2 or 3 away. A smooth ratio (diamonds' x / y,
  // close to 1 in every row) has no such bin, and costs one pass instead of a dozen.
  const around = (key: number): number => Math.max(...[-3, -2, 2, 3].map((d) => bins.get(key + d) ?? 0));
  const top = [...bins]
    .filter(([key, n]) => n >= need && n >= 2 * around(key))
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, MAX_BINS);
  // Smooth ratios (most pairs of continuous columns) have no bin to try: nothing more to do.
  if (top.length === 0) return [];
  const grid = gridOf(values, decimals);
  // The pairs of the bins tried and their neighbours.
  const byKey = new Map<number, number[]>();
  for (const [key] of top) for (const k of [key - 1, key, key + 1]) byKey.set(k, []);
  for (let i = 0; i < p.y.length; i++) byKey.get(keys[i])?.push(i);
  const kept: Rate[] = [];
  const claimed = new Uint8Array(p.y.length);
  const near = ratioIndex(p);
  const count = (r: number, step: number, fresh = false): number => {
    let n = 0;
    near(r, (Math.abs(step) + 2) / 10 ** decimals, (i) => {
      if ((!fresh || !claimed[i]) && holds(p.y[i], p.b[i], r, decimals, step)) n += p.w[i];
    });
    return n;
  };
  const keep = (r: number, step: number, held: number): void => {
    kept.push({ value: r, step, held });
    near(r, (Math.abs(step) + 2) / 10 ** decimals, (i) => {
      if (holds(p.y[i], p.b[i], r, decimals, step)) claimed[i] = 1;
    });
  };
  const sound = (r: number, step: number): boolean =>
    varied(p, r, decimals, step) && onGrid(base, r, decimals, grid, step);
  for (const [key] of top) {
    const found = bestRate(p, byKey, key, decimals, claimed);
    if (found === undefined) continue;
    // A rate whose value is also moved by a unit in other rows has a sliver beside it where the
    // most rows meet exactly. A rounding of it to 1-5 decimals (the simplest first) replaces it
    // when it holds at least 10% more unclaimed rows at steps 0 and ±1 together; a mere
    // neighbour with steps holds about as many as the rate itself (8.88% with a cent off on large
    // subtotals holds what 8.875% does).
    const score = (c: number): number => count(c, 0, true) + count(c, -1, true) + count(c, 1, true);
    let r = found;
    const own = score(found);
    for (let d = 1; d <= 5; d++) {
      const c = roundTo(found, d);
      if (c > 0 && c !== found && score(c) >= 1.1 * own) {
        r = c;
        break;
      }
    }
    const held = count(r, 0, true);
    const off = Math.max(count(r, -3), count(r, -2), count(r, 2), count(r, 3));
    if (held < need || held < 3 * off + minGroupSize) continue;
    if (held < 3 * chance(values, base, r, decimals) + minGroupSize || !sound(r, 0)) continue;
    keep(r, 0, held);
    // Steps of a kept rate: each at least 3x as often (plus minGroupSize) as any other offset
    // within 3 units, the rate itself aside.
    const offsets = new Map([-3, -2, -1, 1, 2, 3].map((k) => [k, count(r, k)]));
    for (const step of [-1, 1, -2, 2]) {
      const stepHeld = count(r, step, true);
      const others = Math.max(...[...offsets].filter(([k]) => k !== step).map(([, n]) => n));
      if (stepHeld >= need && stepHeld >= 3 * others + minGroupSize && sound(r, step)) keep(r, step, stepHeld);
    }
  }
  return kept.sort((a, b) => b.held - a.held || a.value - b.value || a.step - b.step).slice(0, MAX_RATES);
}

/**
 * The pairs that may hold a rate r within `reach` of it (|value - r x base| <= reach; a row
 * holds r at a step of k units only within k + 2 units), each passed to `visit`: the pairs
 * whose base is below the 5th percentile of the bases, all of them, and of the others, sorted
 * by value / base, those within reach / (that percentile) of r. The same pairs pass the test
 * as in a pass over them all (holds() is still asked); counts are sums of whole weights, the
 * same in any order. On wide tables of similar columns the passes were most of the fit (40
 * columns of 1,000 rows: findRates 8.4 of 9.9 s).
 */
function ratioIndex(p: Pairs): (r: number, reach: number, visit: (i: number) => void) => void {
  const n = p.y.length;
  const bases = Float64Array.from(p.b).sort();
  const floor = n > 0 ? bases[Math.floor(0.05 * (n - 1))] : 0;
  const small: number[] = [];
  const big: number[] = [];
  for (let i = 0; i < n; i++) (p.b[i] < floor ? small : big).push(i);
  const ratioOf = (i: number): number => p.y[i] / p.b[i];
  big.sort((a, b) => ratioOf(a) - ratioOf(b) || a - b);
  const ratios = Float64Array.from(big, ratioOf);
  return (r, reach, visit) => {
    for (const i of small) visit(i);
    const w = (reach / floor) * (1 + 1e-9) + 1e-12;
    for (let k = lowerBound(ratios, r - w); k < big.length && ratios[k] <= r + w; k++) visit(big[k]);
  };
}

/**
 * Rows that hold rate r with their base taken from another row (the row half the table away, or a
 * third; the more of the two): how often r holds by chance between columns of similar values. Two
 * independent whole-number columns of similar range (diabetes' blood pressure and glucose) are
 * equal in 4% of rows, and where one is written with decimals (a few means of three readings),
 * values 0.02 off do not occur, so the neighbours above did not show the chance.
 */
function chance(values: Float64Array, base: Float64Array, r: number, decimals: number): number {
  const n = values.length;
  let most = 0;
  for (const shift of [Math.floor(n / 2), Math.floor(n / 3)]) {
    if (shift === 0) continue;
    let held = 0;
    for (let i = 0; i < n; i++) if (holds(values[i], base[(i + shift) % n], r, decimals)) held++;
    most = Math.max(most, held);
  }
  return most;
}

/**
 * The distinct (value, base) pairs of the rows where both are positive, with how many rows each
 * has: every count above is over rows, but a pair's rows hold the same rates, so each is counted
 * once with its weight (adult's integer columns: a few thousand pairs for 26,000 rows).
 */
interface Pairs {
  y: Float64Array;
  b: Float64Array;
  w: Float64Array;
}

function pairsOf(values: Float64Array, base: Float64Array): Pairs {
  // An open-addressing hash of (value, base) by their bits: a Map of Maps cost a fifth of
  // findRates on adult (30 column pairs of 26,000 rows).
  let cap = 1024;
  while (cap < 2 * values.length) cap *= 2;
  const mask = cap - 1;
  const slotOf = new Int32Array(cap).fill(-1);
  const bits = new Float64Array(2);
  const words = new Int32Array(bits.buffer);
  const y: number[] = [];
  const b: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const x = base[i];
    if (!(v > 0 && x > 0)) continue;
    bits[0] = v;
    bits[1] = x;
    let h = Math.imul(words[0] ^ Math.imul(words[1], 0x9e3779b1), 0x85ebca6b);
    h = Math.imul(h ^ words[2] ^ Math.imul(words[3], 0xc2b2ae35), 0x27d4eb2f);
    let at = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const k = slotOf[at];
      if (k < 0) {
        slotOf[at] = y.length;
        y.push(v);
        b.push(x);
        w.push(1);
        break;
      }
      if (y[k] === v && b[k] === x) {
        w[k]++;
        break;
      }
      at = (at + 1) & mask;
    }
  }
  return { y: Float64Array.from(y), b: Float64Array.from(b), w: Float64Array.from(w) };
}

/** A rate found: `value` of the base, moved by `step` units of the column's last decimal. */
interface Rate {
  value: number;
  step: number;
  held: number;
}
