/**
 * Sequential trees (cart.ts) conditioned on a restriction. A row is made column by column in the
 * model's order, as without a condition, except that a restricted column draws from its leaf
 * restricted to the allowed levels or values (and missingness), and the row is kept with
 * probability P(leaf meets the restriction) / max over the tree's leaves of that probability.
 * Rows that are not kept are started again. This is exact rejection sampling with an exact bound:
 * the row's density under the condition is the model's times the product of its restricted
 * leaves' probabilities, which the restricted draws and the acceptance supply. A restricted column
 * whose tree is a single leaf (nothing upstream changes its chance) is always kept, so the cost
 * only grows where earlier columns decide how likely the condition is; a restriction no leaf can
 * meet is refused at once. Columns outside the trees draw from their restricted marginals.
 */
import type { CartModel } from '../blueprint/models';
import type { Blueprint } from '../blueprint/types';
import { SynthError } from '../errors';
import type { Rng } from '../random';
import type { CategoricalColumn, Column, NumericColumn, Table, TextColumn } from '../table';
import { storageOf } from '../table';
import { groupThousands } from '../util/format';
import { compileTree, positionColumn, usesPosition, type CompiledTree } from './cart';
import { applyRates, compileRates, type CompiledRates } from './rates';
import {
  FULL_U,
  MAX_DRAWS_PER_ROW,
  allowsLevel,
  drawU,
  levelUSet,
  meeting,
  numericUSet,
  type Meeting,
} from './condition';
import { type ColumnRestriction, type Interval, type Plan, type Restriction, STRATUM_ROWS } from './plan';
import { categoricalInverse, numericInverse, outputFor, textGenerator, type Output } from './marginals';

interface RestrictedTree {
  tree: CompiledTree;
  restriction?: { leaves: Meeting[]; bound: number };
  /** An unrestricted column's rates (a restricted one draws its values as restricted, and keeps them). */
  rates?: CompiledRates;
}

export function conditionCart(blueprint: Blueprint, model: CartModel, restriction: Restriction): Plan {
  const specs = blueprint.columns;
  const index = new Map(specs.map((s, i) => [s.name, i] as const));
  const outputs = specs.map((spec) => outputFor(spec));
  const ordered = model.order.map((name) => index.get(name)).filter((i): i is number => i !== undefined);
  const rest = specs.map((_, i) => i).filter((i) => !ordered.includes(i));
  const trees: RestrictedTree[] = ordered.map((c) => {
    const tree = compileTree(model.trees[specs[c].name] ?? { rows: 0 }, c, specs, outputs, index);
    const r = restriction.columns.get(specs[c].name);
    if (!r) {
      const rates = compileRates(model, specs[c].name, specs);
      return rates ? { tree, rates } : { tree };
    }
    const categorical = storageOf(specs[c].type) === 'categorical';
    const codes = categorical ? codeRestriction(r, outputs[c], specs[c].type === 'boolean') : r;
    const leaves = tree.leaves.map((leaf) => meeting(r, leaf.missing, numericUSet(codes, leaf.drawAll ?? leaf.draw)));
    const bound = Math.max(0, ...leaves.map((l) => l.probability));
    if (!(bound > 0))
      throw new SynthError(
        'condition/impossible',
        `The model cannot produce \`${r.parts.join(' and ')}\`: no leaf of the tree of "${specs[c].name}" has rows meeting it (no training row could produce it).`,
        {},
        'Loosen the condition.',
      );
    return { tree, restriction: { leaves, bound } };
  });
  const others = rest.map((c) => independent(blueprint, c, outputs[c], restriction.columns.get(specs[c].name)));
  // Rows drawn and kept under a condition have no place in a run: a uniform one each.
  const place = usesPosition(model) ? positionColumn(undefined) : undefined;
  return {
    generate(n: number, offset: number, rng: Rng): Table {
      const columns = outputs.map((o) => o.allocate(n));
      // Block by block, so the rows do not depend on how many blocks a call asks for.
      for (let start = 0; start < n; start += STRATUM_ROWS)
        fillBlock(columns, start, Math.min(STRATUM_ROWS, n - start), rng);
      for (let r = 0; r < n; r++) for (const other of others) other(columns, r, offset + r, rng);
      return { rowCount: n, columns };
    },
  };

  function fillBlock(columns: Column[], start: number, n: number, rng: Rng): void {
    let made = 0;
    let attempts = 0;
    const cap = MAX_DRAWS_PER_ROW * Math.max(n, 64);
    while (made < n) {
      const need = n - made;
      const rate = attempts > 0 ? Math.max(made, 1) / attempts : 1;
      const batch = Math.min(65_536, Math.max(need, 256, Math.ceil((need / rate) * 1.1)));
      const candidates = outputs.map((o) => o.allocate(batch));
      if (place) candidates.push(place(batch, 0, rng));
      const alive = candidateRows(trees, candidates, batch, rng);
      attempts += batch;
      const take = Math.min(alive.length, need);
      for (let c = 0; c < columns.length; c++) copyRows(candidates[c], alive, take, columns[c], start + made);
      made += take;
      if (made < n && attempts > cap) throw tooRare(restriction, made, attempts);
    }
  }
}

/**
 * `batch` candidate rows through the trees, column by column (as unconditioned generation goes);
 * at a restricted column each surviving row draws from its leaf restricted and is kept with
 * probability P(leaf meets it) / bound. Returns the rows that survive every restricted column.
 */
function candidateRows(trees: RestrictedTree[], columns: Column[], batch: number, rng: Rng): Int32Array {
  let rows = new Int32Array(batch);
  for (let i = 0; i < batch; i++) rows[i] = i;
  let count = batch;
  const leafOf = new Int32Array(batch);
  const states = trees.map((t) => (t.rates ? new Int8Array(batch).fill(-1) : undefined));
  for (let t = 0; t < trees.length; t++) {
    const { tree, restriction } = trees[t];
    const state = states[t];
    const out = columns[tree.column];
    tree.route(columns, rows, count, leafOf);
    let kept = 0;
    for (let k = 0; k < count; k++) {
      const r = rows[k];
      const l = leafOf[k];
      const leaf = tree.leaves[l];
      let missing: boolean;
      let u: number;
      if (restriction) {
        const m = restriction.leaves[l];
        if (!(rng.next() * restriction.bound < m.probability)) continue;
        missing = m.missingShare > 0 && rng.next() < m.missingShare;
        u = missing ? 0 : drawU(m.present, rng);
      } else {
        missing = leaf.missing > 0 && rng.next() < leaf.missing;
        u = missing ? 0 : rng.nextOpen();
      }
      // A restricted draw was pulled back through the leaf's distribution (`draw`); a free one may
      // follow the row's earlier column.
      if (out.storage === 'numeric')
        out.values[r] = missing
          ? NaN
          : restriction
            ? (leaf.drawAll ?? leaf.draw)(u)
            : leaf.drawAt
              ? leaf.drawAt(u, columns, r, rng)
              : leaf.draw(u);
      else if (out.storage === 'categorical') out.codes[r] = missing ? -1 : leaf.draw(u);
      if (state && leaf.rated && !missing) {
        const v = rng.next();
        state[r] = leaf.rated.findIndex((c) => v < c);
      }
      rows[kept++] = r;
    }
    count = kept;
  }
  trees.forEach((t, i) => {
    if (t.rates) applyRates(t.rates, states[i]!, columns[t.tree.column] as NumericColumn, columns, 0, batch);
  });
  rows = rows.subarray(0, count);
  return rows;
}

function copyRows(from: Column, rows: Int32Array, take: number, to: Column, at: number): void {
  if (from.storage === 'numeric')
    for (let k = 0; k < take; k++) (to as NumericColumn).values[at + k] = from.values[rows[k]];
  else if (from.storage === 'categorical')
    for (let k = 0; k < take; k++) (to as CategoricalColumn).codes[at + k] = from.codes[rows[k]];
}

/** A categorical restriction as allowed output codes (points), so a leaf's monotone draw can be pulled back. */
function codeRestriction(r: ColumnRestriction, output: Output, boolean: boolean): ColumnRestriction {
  if (!r.levels) return { ...r, intervals: undefined };
  const intervals: Interval[] = [];
  output.levels.forEach((level, code) => {
    if (allowsLevel(r, level, boolean)) intervals.push({ lo: code, hi: code, loOpen: false, hiOpen: false });
  });
  return { ...r, levels: undefined, intervals };
}

/** A column outside the trees, from its marginal restricted to what `r` allows. */
function independent(
  blueprint: Blueprint,
  c: number,
  output: Output,
  r: ColumnRestriction | undefined,
): (columns: Column[], row: number, globalRow: number, rng: Rng) => void {
  const spec = blueprint.columns[c];
  const m = spec.missing ?? 0;
  const storage = storageOf(spec.type);
  if (storage === 'text') {
    const text = textGenerator(spec);
    return (cols, row, g, rng) => {
      (cols[c] as TextColumn).values[row] = m > 0 && (m >= 1 || rng.next() < m) ? null : text(g, rng);
    };
  }
  const numeric = storage === 'numeric';
  const inverse = numeric ? numericInverse(spec) : undefined;
  const inv = numeric ? undefined : categoricalInverse(spec);
  const index = new Map(output.levels.map((l, i) => [l, i] as const));
  const toOutput = inv ? Int32Array.from(inv.levels, (l) => index.get(l) ?? -1) : new Int32Array(0);
  const present = !r
    ? FULL_U
    : numeric
      ? numericUSet(r, inverse!)
      : levelUSet(r, inv!.levels, inv!.cumulative, spec.type === 'boolean');
  const meet = r ? meeting(r, m, present) : { probability: 1, missingShare: m, present };
  if (r && !(meet.probability > 0))
    throw new SynthError(
      'condition/impossible',
      `The model cannot produce \`${r.parts.join(' and ')}\` (no training row could produce it).`,
      {},
      'Loosen the condition.',
    );
  return (cols, row, _g, rng) => {
    const missing = meet.missingShare > 0 && (meet.missingShare >= 1 || rng.next() < meet.missingShare);
    const u = missing ? 0 : drawU(meet.present, rng);
    if (numeric) (cols[c] as NumericColumn).values[row] = missing ? NaN : inverse!(u);
    else {
      const code = inv!.pick(u);
      (cols[c] as CategoricalColumn).codes[row] = missing || code < 0 ? -1 : toOutput[code];
    }
  };
}

function tooRare(restriction: Restriction, made: number, attempts: number): SynthError {
  return new SynthError(
    'condition/too-rare',
    `\`${restriction.text}\` is too rare for the model: ${groupThousands(made)} rows made in ${groupThousands(attempts)} attempts.`,
    {},
    'Loosen the condition.',
  );
}
