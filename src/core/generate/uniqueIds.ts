/**
 * Identifiers of a `unique` column in its shapes (`distribution.kind: "shape"`, or the default
 * shape), made from the global row number alone: row g's value is a keyed permutation of g over
 * the shape's values, so no two rows share one, whatever process, chunk or shard makes them, and
 * a sharded run's parts, concatenated, are the single run (the plan contract: no state across
 * blocks). A set of the values made so far could do neither: each part would only know its own.
 *
 * Definition, for row g of a run with seed s and a column with shapes S_1..S_k (weights w_i) and
 * a prefix: the shape is S_i with probability w_i / Σw by a hash of (s, column, g); the shape's
 * `9` positions take digits and `A` / `a` positions upper / lower case letters, V values in all
 * (at most 2^52); the row's index among them is π(g mod V), π a four-round Feistel permutation
 * keyed by (s, column) over the smallest power of four at least V, walked until it lands below V
 * (cycle walking, Black and Rogaway 2002). Rows past the shape's V values (g ≥ V) get `-q`
 * appended, q = floor(g / V): the values stay distinct when the table outgrows the shape.
 * A shuffled sequence (`shuffle` = n) gives row g the sequence's value number
 * n x floor(g / n) + π(g mod n), π a Feistel permutation of 0..n-1 keyed the same way. Sequences
 * in row order, patterns and personal data are unique by the row number already (`rules.ts`,
 * `pii.ts`).
 */
import type { Blueprint, ColumnSpec, SequenceDistribution } from '../blueprint/types';
import { mix32 } from '../random';
import type { Table, TextColumn } from '../table';
import { DEFAULT_SHAPE, FORMULA_LEAD, sequenceValue, uniqueShaped } from './marginals';
import type { Plan } from './plan';

/** The plan with its unique shaped identifiers made from the row number (missing cells kept). */
export function withUniqueIds(blueprint: Blueprint, plan: Plan, seed: number): Plan {
  const columns = blueprint.columns.flatMap((spec, c) =>
    uniqueShaped(spec) ? [{ c, value: uniqueText(spec, seed, c) }] : [],
  );
  if (columns.length === 0) return plan;
  return {
    ...plan,
    generate(n, offset, rng): Table {
      const table = plan.generate(n, offset, rng);
      const out = table.columns.slice();
      for (const { c, value } of columns) {
        const col = table.columns[c] as TextColumn;
        out[c] = { ...col, values: col.values.map((v, r) => (v === null ? null : value(offset + r))) };
      }
      return { rowCount: table.rowCount, columns: out };
    },
  };
}

interface Shape {
  text: string;
  /** Radix of each position (10 digits, 26 letters, 1 a literal character). */
  radix: number[];
  /** Values of the shape, at most 2^52. */
  size: number;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const MAX_SIZE = 2 ** 52;

/** Row number -> the column's value (see the definition above). */
export function uniqueText(spec: ColumnSpec, seed: number, column: number): (g: number) => string {
  const key = mix32(mix32((Math.floor(Math.abs(seed)) ^ 0x2545f491) >>> 0) ^ Math.imul(column + 1, 0x9e3779b1));
  if (spec.distribution?.kind === 'sequence') return shuffledSequence(spec.distribution, key);
  const dist = spec.distribution?.kind === 'shape' ? spec.distribution : undefined;
  const listed = dist?.shapes.filter((s) => s.shape.length > 0 && s.weight > 0) ?? [];
  const weighted = listed.length ? listed : [{ shape: DEFAULT_SHAPE, weight: 1 }];
  const prefix = dist?.prefix ?? '';
  const shapes: Shape[] = weighted.map(({ shape }) => {
    const radix = Array.from(shape, (ch) => (ch === '9' ? 10 : ch === 'A' || ch === 'a' ? 26 : 1));
    let size = 1;
    for (const b of radix) size = Math.min(MAX_SIZE, size * b);
    return { text: shape, radix, size };
  });
  const cumulative: number[] = [];
  let total = 0;
  for (const s of weighted) cumulative.push((total += s.weight));
  const perms = shapes.map((s, i) => feistel(s.size, mix32(key ^ Math.imul(i + 1, 0x85ebca6b))));
  return (g) => {
    const lo = g >>> 0;
    const hi = Math.floor(g / 4294967296) >>> 0;
    let i = 0;
    if (shapes.length > 1) {
      const u = (mix32(mix32(key ^ lo) ^ hi) / 4294967296) * total;
      while (i < shapes.length - 1 && u >= cumulative[i]) i++;
    }
    const s = shapes[i];
    let x = perms[i](g % s.size);
    const q = Math.floor(g / s.size);
    let out = '';
    // The last position varies fastest, as a number is written.
    for (let p = s.text.length - 1; p >= 0; p--) {
      const b = s.radix[p];
      const ch = s.text[p];
      if (b === 1) {
        out = ch + out;
        continue;
      }
      const d = x % b;
      x = (x - d) / b;
      out = (b === 10 ? String(d) : ch === 'A' ? LETTERS[d].toUpperCase() : LETTERS[d]) + out;
    }
    // As the shape generator: no value starts with what a spreadsheet would run. A shape's
    // leading characters are its own literals, the same in all its values: still distinct.
    const text = (prefix + out).replace(FORMULA_LEAD, '');
    return q > 0 ? `${text}-${q}` : text;
  };
}

/**
 * A shuffled sequence (`shuffle` = n): row g takes the sequence's value number
 * n x floor(g / n) + π(g mod n), π the keyed permutation of 0..n-1: each block of n rows holds
 * that block's n values, once each, in an order the seed decides.
 */
function shuffledSequence(d: SequenceDistribution, key: number): (g: number) => string {
  const n = Math.max(1, Math.floor(d.shuffle ?? 1));
  const perm = feistel(n, mix32(key ^ 0x5bd1e995));
  const q = d.quantiles;
  const usable = q !== undefined && q.length >= 2 && q.every((x) => Math.abs(x) < 2 ** 36);
  const spread = usable ? spreadOf(q, n) : undefined;
  return (g) => {
    const r = g % n;
    if (!spread) return sequenceValue(d, g - r + perm(r));
    return String(spread.value(perm(r)) + ((g - r) / n) * spread.span);
  };
}

/**
 * Value number k (0..n-1) of a block read off `quantiles` q_0..q_m: t = k x m / (n - 1), i =
 * floor(t), q_i + floor((t - i)(q_i+1 - q_i)). Each step is first widened to at least 1.001 (n - 1) / m
 * past the one before, so that consecutive ranks are at least 1.001 apart (the thousandth
 * outweighs the rounding of values below 2^36) and their whole parts never equal: unique within
 * the block. A later block b
 * adds b x `span` (the block's whole range plus one): unique across blocks.
 */
function spreadOf(quantiles: readonly number[], n: number): { value: (k: number) => number; span: number } {
  const m = quantiles.length - 1;
  const gap = (1.001 * (n - 1)) / m;
  const q = quantiles.slice();
  for (let i = 1; i <= m; i++) q[i] = Math.max(q[i], q[i - 1] + gap);
  const value = (k: number): number => {
    if (n <= 1) return Math.floor(q[0]);
    const t = (k * m) / (n - 1);
    const i = Math.min(m - 1, Math.floor(t));
    return Math.floor(q[i] + (t - i) * (q[i + 1] - q[i]));
  };
  return { value, span: Math.floor(q[m]) - Math.floor(q[0]) + 1 };
}

/**
 * A keyed permutation of 0..size-1: a balanced Feistel network over 2h bits (4^h ≥ size, h ≤ 26,
 * so every half fits in 32-bit integer arithmetic), applied again until the value is below size.
 */
function feistel(size: number, key: number): (x: number) => number {
  if (size <= 1) return () => 0;
  let h = 1;
  while (4 ** h < size) h++;
  const half = 2 ** h;
  const mask = half - 1;
  const keys = [0, 1, 2, 3].map((r) => mix32(key ^ Math.imul(r + 1, 0x27d4eb2f)));
  const once = (x: number): number => {
    let left = Math.floor(x / half);
    let right = x % half;
    for (const k of keys) {
      const f = mix32((right ^ k) >>> 0) & mask;
      const next = (left ^ f) & mask;
      left = right;
      right = next;
    }
    return left * half + right;
  };
  return (x) => {
    let y = once(x);
    while (y >= size) y = once(y);
    return y;
  };
}
