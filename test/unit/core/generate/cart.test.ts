import { describe, expect, it } from 'vitest';
import { compileTree } from '../../../../src/core/generate/cart';
import { outputFor } from '../../../../src/core/generate/marginals';
import type { Column, NumericColumn } from '../../../../src/core/table';
import { fitted } from '../fit/methods';

/**
 * Block routing (generate/cart.ts `routeBlock`): a block's rows walk each tree together,
 * partitioned node by node, and must reach the leaf the row-by-row walk (`route`) gives each of
 * them: on fitted trees that split on numbers, missing values, levels and calendar parts, with
 * each row's real values as the predictors.
 */
describe('cart routing', () => {
  for (const file of ['adult-2000.csv', 'metro-300.csv', 'taxis-200.csv', 'messy.csv']) {
    it(`routeBlock sends every row of ${file} to the leaf route gives it`, () => {
      const { fit, synthetic } = fitted(file, 'cart', { holdout: 0 });
      const bp = fit.blueprint;
      if (bp.model?.kind !== 'cart') throw new Error('not cart');
      const specs = bp.columns;
      const index = new Map(specs.map((s, i) => [s.name, i] as const));
      const outputs = specs.map((s) => outputFor(s));
      // The synthetic table holds every column in the blueprint's order, with missing values.
      const columns: Column[] = specs.map((s) => synthetic.columns.find((c) => c.name === s.name)!);
      let splits = 0;
      let checked = 0;
      for (const name of bp.model.order) {
        const c = index.get(name)!;
        const tree = compileTree(bp.model.trees[name], c, specs, outputs, index);
        if ('column' in bp.model.trees[name]) splits++;
        // Two blocks: from row 0, and an offset block to check `start`.
        for (const start of [0, Math.floor(synthetic.rowCount / 3)]) {
          const m = synthetic.rowCount - start;
          const leafOf = new Int32Array(m).fill(-1);
          tree.routeBlock(columns, start, m, leafOf);
          for (let i = 0; i < m; i++) expect(leafOf[i]).toBe(tree.route(columns, start + i));
          checked += m;
        }
      }
      expect(splits).toBeGreaterThan(2);
      expect(checked).toBeGreaterThan(0);
      // Some numeric predictor is missing somewhere (messy.csv), so the missing branches are walked.
      if (file === 'messy.csv')
        expect(
          columns.some((col) => col.storage === 'numeric' && (col as NumericColumn).values.some((v) => v !== v)),
        ).toBe(true);
    });
  }
});
