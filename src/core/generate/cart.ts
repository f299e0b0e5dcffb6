import type { CartLeaf, CartModel, CartNode } from '../blueprint/models';
import type { Blueprint, ColumnSpec } from '../blueprint/types';
import type { Rng } from '../random';
import type { CategoricalColumn, Column, NumericColumn, Table, TextColumn } from '../table';
import { storageOf } from '../table';
import { categoricalInverse, numericInverse, outputFor, readValue, textGenerator, type Output } from './marginals';
import type { Plan } from './plan';

/**
 * Generation from sequential trees: for each row, the columns of `order` are drawn one after the
 * other, each from the leaf its tree reaches with the values already drawn for that row. Columns
 * outside `order` (identifiers, text, columns with nothing to model) are drawn on their own from
 * their marginal.
 */
export function compileCart(blueprint: Blueprint, model: CartModel): Plan {
  const specs = blueprint.columns;
  const index = new Map(specs.map((s, i) => [s.name, i] as const));
  const outputs = specs.map((spec) => outputFor(spec));
  const ordered = model.order.map((name) => index.get(name)).filter((i): i is number => i !== undefined);
  const rest = specs.map((_, i) => i).filter((i) => !ordered.includes(i));
  // Compiled once (text generators remember the identifiers they made); each chunk passes its columns.
  const steps = ordered.map((c) => compileTree(model.trees[specs[c].name] ?? { rows: 0 }, c, specs, outputs, index));
  const others = rest.map((c) => independent(specs[c], c, outputs[c]));
  return {
    generate(n: number, offset: number, rng: Rng): Table {
      const columns = outputs.map((o) => o.allocate(n));
      for (let r = 0; r < n; r++) {
        for (let i = 0; i < steps.length; i++) steps[i](columns, r, rng);
        for (let i = 0; i < others.length; i++) others[i](columns, r, offset + r, rng);
      }
      return { rowCount: n, columns };
    },
  };
}

type Step = (columns: Column[], r: number, rng: Rng) => void;

/**
 * A tree as nested closures over this chunk's output columns: a split reads its predictor's value
 * at row r (already drawn) and goes left or right; a leaf draws the target's value.
 */
function compileTree(node: CartNode, c: number, specs: ColumnSpec[], outputs: Output[], index: Map<string, number>): Step {
  const compile = (nd: CartNode): Step => {
    if (!('column' in nd)) return leafSampler(nd, c, specs[c], outputs[c]);
    const p = index.get(nd.column);
    const left = compile(nd.left);
    const right = compile(nd.right);
    if (p === undefined) return left;
    const missingLeft = nd.missing === 'left';
    const storage = storageOf(specs[p].type);
    if (storage === 'numeric') {
      if (nd.le === undefined) {
        return (cols, r, rng) => {
          const x = (cols[p] as NumericColumn).values[r];
          return x !== x ? right(cols, r, rng) : left(cols, r, rng);
        };
      }
      const t = readValue(specs[p], nd.le);
      return (cols, r, rng) => {
        const x = (cols[p] as NumericColumn).values[r];
        if (x !== x) return missingLeft ? left(cols, r, rng) : right(cols, r, rng);
        return x <= t ? left(cols, r, rng) : right(cols, r, rng);
      };
    }
    if (storage === 'categorical') {
      const set = new Set(nd.in ?? []);
      const goesLeft = Uint8Array.from(outputs[p].levels, (l) => (set.has(l) ? 1 : 0));
      return (cols, r, rng) => {
        const code = (cols[p] as CategoricalColumn).codes[r];
        if (code < 0) return missingLeft ? left(cols, r, rng) : right(cols, r, rng);
        return goesLeft[code] ? left(cols, r, rng) : right(cols, r, rng);
      };
    }
    return left;
  };
  return compile(node);
}

/**
 * A leaf's draw: missing with the leaf's missing share, else a value from the leaf's distribution
 * (the column's own when the leaf has none).
 */
function leafSampler(leaf: CartLeaf, c: number, spec: ColumnSpec, output: Output): Step {
  const missing = leaf.missing ?? 0;
  const isMissing = (rng: Rng): boolean => missing > 0 && (missing >= 1 || rng.next() < missing);
  const storage = storageOf(spec.type);
  if (storage === 'numeric') {
    const inverse = leaf.ranks?.length ? leafInverse(spec, leaf.ranks) : numericInverse(spec);
    return (cols, r, rng) => {
      (cols[c] as NumericColumn).values[r] = isMissing(rng) ? NaN : inverse(rng.nextOpen());
    };
  }
  if (storage === 'categorical') {
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
    return (cols, r, rng) => {
      const codes = (cols[c] as CategoricalColumn).codes;
      if (isMissing(rng) || total <= 0) { codes[r] = -1; return; }
      const u = rng.next() * total;
      let lo = 0;
      let hi = levels.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (u < cumulative[mid]) hi = mid;
        else lo = mid + 1;
      }
      codes[r] = lo;
    };
  }
  return () => undefined;
}

/**
 * Draw from a numeric leaf: a percentile rank uniformly between two neighbouring leaf ranks (each
 * step holds the same share of the leaf's rows), read off the column's own distribution.
 */
function leafInverse(spec: ColumnSpec, ranks: number[]): (v: number) => number {
  const column = numericInverse(spec);
  const k = ranks.length - 1;
  if (k < 1) return () => column(Math.min(1 - 1e-12, Math.max(1e-12, ranks[0] ?? 0.5)));
  const r = Float64Array.from(ranks);
  return (v) => {
    const pos = v * k;
    const i = Math.min(k - 1, Math.floor(pos));
    const u = r[i] + (pos - i) * (r[i + 1] - r[i]);
    return column(Math.min(1 - 1e-12, Math.max(1e-12, u)));
  };
}

/** A column outside the trees, drawn on its own from its marginal. */
function independent(spec: ColumnSpec, c: number, output: Output): (columns: Column[], r: number, globalRow: number, rng: Rng) => void {
  const missing = spec.missing ?? 0;
  const isMissing = (rng: Rng): boolean => missing > 0 && (missing >= 1 || rng.next() < missing);
  const storage = storageOf(spec.type);
  if (storage === 'numeric') {
    const inverse = numericInverse(spec);
    return (cols, r, _g, rng) => { (cols[c] as NumericColumn).values[r] = isMissing(rng) ? NaN : inverse(rng.nextOpen()); };
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
  return (cols, r, g, rng) => { (cols[c] as TextColumn).values[r] = isMissing(rng) ? null : text(g, rng); };
}
