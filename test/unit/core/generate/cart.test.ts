import { describe, expect, it } from 'vitest';
import type { CartNode } from '../../../../src/core/blueprint/models';
import { parsePartName, partOf } from '../../../../src/core/blueprint/calendar';
import type { ColumnSpec } from '../../../../src/core/blueprint/types';
import { compileTree } from '../../../../src/core/generate/cart';
import { outputFor, readValue } from '../../../../src/core/generate/marginals';
import type { CategoricalColumn, Column, NumericColumn } from '../../../../src/core/table';
import { parseBlueprint } from '../../../../src/core/blueprint/parse';
import { generateTable } from '../../../../src/core/generate';
import { fitted } from '../fit/methods';

/**
 * Routing (generate/cart.ts `route`): the rows walk each compiled tree together, partitioned node
 * by node, and each must reach the leaf that walking the blueprint's own tree for that row gives
 * (the walk below, written here from the blueprint format: `le` on numbers and calendar parts,
 * `in` on levels, `le` absent for present/missing, `missing` says where missing goes, leaves
 * numbered left subtree first). Fitted trees split on numbers, missing values, levels,
 * calendar parts and the rows' place beside a counter; the predictors are the synthetic rows' values.
 */
function walk(node: CartNode, row: number, columns: Column[], specs: ColumnSpec[], leaf = { n: 0 }): number {
  if (!('column' in node)) return leaf.n++;
  // The rows' place beside a counter (`id@row`): the test puts row r of n at (r + 0.5) / n in a
  // column past the blueprint's.
  if (node.column.endsWith('@row') && !specs.some((s) => s.name === node.column)) {
    const places = columns[specs.length];
    if (places.storage !== 'numeric') throw new Error('places expected');
    const leaves = (m: CartNode): number => ('column' in m ? leaves(m.left) + leaves(m.right) : 1);
    if (places.values[row] <= Number(node.le)) return walk(node.left, row, columns, specs, leaf);
    leaf.n += leaves(node.left);
    return walk(node.right, row, columns, specs, leaf);
  }
  const part = specs.some((s) => s.name === node.column) ? undefined : parsePartName(node.column);
  const c = specs.findIndex((s) => s.name === (part ? part.column : node.column));
  const col = columns[c];
  let goLeft: boolean;
  if (col.storage === 'categorical') {
    const code = col.codes[row];
    goLeft = code < 0 ? node.missing === 'left' : (node.in ?? []).includes(col.levels[code]);
  } else if (col.storage === 'numeric') {
    const raw = col.values[row];
    const x = part ? partOf(part.part, raw) : raw;
    if (node.le === undefined) goLeft = x === x;
    else goLeft = x !== x ? node.missing === 'left' : x <= (part ? Number(node.le) : readValue(specs[c], node.le));
  } else goLeft = true;
  // Count the leaves of the left subtree when going right.
  const leaves = (n: CartNode): number => ('column' in n ? leaves(n.left) + leaves(n.right) : 1);
  if (goLeft) return walk(node.left, row, columns, specs, leaf);
  leaf.n += leaves(node.left);
  return walk(node.right, row, columns, specs, leaf);
}

describe('cart routing', () => {
  for (const file of ['adult-2000.csv', 'metro-300.csv', 'taxis-200.csv', 'messy.csv']) {
    it(`route sends every row of ${file} to the leaf the blueprint's tree gives it`, () => {
      const { fit, synthetic } = fitted(file, 'cart', { holdout: 0 });
      const bp = fit.blueprint;
      if (bp.model?.kind !== 'cart') throw new Error('not cart');
      const specs = bp.columns;
      const index = new Map(specs.map((s, i) => [s.name, i] as const));
      const outputs = specs.map((s) => outputFor(s));
      // The synthetic table holds every column in the blueprint's order, with missing values.
      const columns: Column[] = specs.map((s) => synthetic.columns.find((c) => c.name === s.name)!);
      // Past them, the rows' places (read by splits on a counter's `@row`: messy.csv has one).
      const n = synthetic.rowCount;
      const places = Float64Array.from({ length: n }, (_, r) => (r + 0.5) / n);
      columns.push({ storage: 'numeric', name: '@row', type: 'number', values: places });
      let rowSplits = 0;
      let splits = 0;
      let parts = 0;
      for (const name of bp.model.order) {
        const node = bp.model.trees[name];
        const tree = compileTree(node, index.get(name)!, specs, outputs, index);
        if ('column' in node) splits++;
        if (JSON.stringify(node).includes('@')) parts++;
        if (JSON.stringify(node).includes('@row"')) rowSplits++;
        // Every row from 0, then every other row from a third in (a list out of order of rows).
        const third = Math.floor(synthetic.rowCount / 3);
        for (const rows of [
          Int32Array.from({ length: synthetic.rowCount }, (_, i) => i),
          Int32Array.from(
            { length: Math.floor((synthetic.rowCount - third) / 2) },
            (_, i) => synthetic.rowCount - 1 - 2 * i,
          ),
        ]) {
          const leafOf = new Int32Array(rows.length).fill(-1);
          tree.route(columns, rows, rows.length, leafOf);
          for (let k = 0; k < rows.length; k++) expect(leafOf[k]).toBe(walk(node, rows[k], columns, specs));
        }
        // Without a list: the rows from an offset on (as a block of generation is routed).
        const count = synthetic.rowCount - third;
        const leafOf = new Int32Array(count).fill(-1);
        tree.route(columns, undefined, count, leafOf, third);
        for (let k = 0; k < count; k++) expect(leafOf[k]).toBe(walk(node, third + k, columns, specs));
      }
      expect(splits).toBeGreaterThan(2);
      if (file === 'metro-300.csv') expect(parts).toBeGreaterThan(0);
      if (file === 'messy.csv') expect(rowSplits).toBeGreaterThan(0);
    });
  }
});

/**
 * Calibration (generate/cart.ts `calibrate`): a number column's tree gives each row a percentile
 * (its leaf's ranks), and each block of 4,096 rows takes the column's own quantiles at stratified
 * percentiles (k + jitter) / p in the order of those percentiles. Written by hand: x uniform on
 * 0..1000 (empirical quantiles 0 and 1000), its tree splits on g, g = a draws ranks in
 * [0.2, 0.6], g = b in [0.4, 1]. Expected from the definition, not the code: the block's k-th
 * smallest x lies in [1000 k / p, 1000 (k + 1) / p]; every a row below the b rows whose leaf
 * percentiles are above all of a's (the ranks of b above 0.6, so rows of b under a's top are
 * the only ones mixed in).
 */
describe('cart calibration', () => {
  const blueprint = parseBlueprint(
    JSON.stringify({
      version: 1,
      name: 'calibration',
      rows: 4096,
      seed: 3,
      method: 'cart',
      columns: [
        { name: 'g', type: 'category', distribution: { kind: 'categorical', probabilities: { a: 0.5, b: 0.5 } } },
        { name: 'x', type: 'number', min: 0, max: 1000, distribution: { kind: 'empirical', quantiles: [0, 1000] } },
      ],
      model: {
        kind: 'cart',
        order: ['g', 'x'],
        smoothing: 0.25,
        trees: {
          g: { rows: 100, distribution: { kind: 'categorical', probabilities: { a: 0.5, b: 0.5 } } },
          x: {
            column: 'g',
            in: ['a'],
            missing: 'right',
            rows: 100,
            left: { rows: 50, ranks: [0.2, 0.6] },
            right: { rows: 50, ranks: [0.4, 1] },
          },
        },
      },
    }),
  );

  it("maps a block onto the column's quantiles in the order of its leaves' percentiles", () => {
    expect(blueprint.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const table = generateTable(blueprint.blueprint!, { rows: 4096 });
    const g = table.columns[0] as CategoricalColumn;
    const x = (table.columns[1] as NumericColumn).values;
    const p = x.length;
    const sorted = Float64Array.from(x).sort();
    for (let k = 0; k < p; k++) {
      expect(sorted[k]).toBeGreaterThanOrEqual((1000 * k) / p - 1e-9);
      expect(sorted[k]).toBeLessThanOrEqual((1000 * (k + 1)) / p + 1e-9);
    }
    // A row's place in the block is its percentile's place among the block's: the a rows (0.2..0.6)
    // take the lowest places, below every b row past 0.6 (the b rows' top 60%).
    const aLevel = g.levels.indexOf('a');
    const aValues: number[] = [];
    const bValues: number[] = [];
    for (let r = 0; r < p; r++) (g.codes[r] === aLevel ? aValues : bValues).push(x[r]);
    const aMax = Math.max(...aValues);
    const bAbove = bValues.filter((v) => v > aMax).length / bValues.length;
    // b's percentiles are uniform on [0.4, 1]: (1 - 0.6) / 0.6 = 2/3 of them lie above a's 0.6.
    expect(bAbove).toBeGreaterThan(0.6);
    expect(bAbove).toBeLessThan(0.73);
    expect(Math.min(...aValues)).toBeLessThan(10);
  });
});
