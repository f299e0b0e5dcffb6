import { describe, expect, it } from 'vitest';
import type { CartLeaf, CartNode } from '../../../../src/core/blueprint/models';
import { validateBlueprint } from '../../../../src/core/blueprint/validate';
import { generateTable } from '../../../../src/core/generate';
import { Rng } from '../../../../src/core/random';
import type { NumericColumn, Table } from '../../../../src/core/table';
import { column, fitText, labels } from './methods';

/**
 * Few-valued number columns in `cart` (fit/cart.ts `discreteValues`): a number column with at
 * most 64 frequent values is a categorical target, its leaves store `values` (the share of each
 * value) and generation draws those values exactly. The tables are built here; the expected sets
 * and shares are the construction's.
 */

/** Calls made on weekdays only: month A on days 1-5 and 15-19, month B on 8-12 and 22-26. */
const DAYS: Record<string, number[]> = {
  A: [1, 2, 3, 4, 5, 15, 16, 17, 18, 19],
  B: [8, 9, 10, 11, 12, 22, 23, 24, 25, 26],
};

function callsTable(rows: number, seed: number, extra: string[] = []): string {
  const rng = new Rng(seed);
  const lines = ['month,day,minutes'];
  for (let i = 0; i < rows; i++) {
    const month = i % 2 === 0 ? 'A' : 'B';
    const day = DAYS[month][Math.floor(rng.next() * 10)];
    lines.push(`${month},${day},${(rng.next() * 30).toFixed(1)}`);
  }
  return `${[...lines, ...extra].join('\n')}\n`;
}

function leaves(node: CartNode): CartLeaf[] {
  return 'column' in node ? [...leaves(node.left), ...leaves(node.right)] : [node];
}

const days = (t: Table): Float64Array => (column(t, 'day') as NumericColumn).values;

describe('cart: few-valued number columns drawn as exact values', () => {
  it('draws only the days the training rows hold, each month on its own days', () => {
    const { fit, synthetic } = fitText(callsTable(3000, 1), 'cart', { holdout: 0 });
    const model = fit.blueprint.model;
    if (model?.kind !== 'cart') throw new Error('not cart');
    const dayLeaves = leaves(model.trees.day);
    expect(dayLeaves.length).toBeGreaterThan(1);
    for (const leaf of dayLeaves) {
      expect(leaf.values, JSON.stringify(leaf)).toBeDefined();
      expect(leaf.ranks).toBeUndefined();
    }
    const month = labels(synthetic, 'month');
    const day = days(synthetic);
    const seen = new Set<number>();
    let own = 0;
    for (let i = 0; i < day.length; i++) {
      seen.add(day[i]);
      if (DAYS[month[i]!].includes(day[i])) own++;
    }
    // Only days the table has (no day between two of them, as ranks interpolated gave).
    expect([...seen].sort((a, b) => a - b)).toEqual([...DAYS.A, ...DAYS.B].sort((a, b) => a - b));
    // The other month's days come only from the leaves' shrinkage toward their parent (0.25
    // pseudo-rows per value).
    expect(own / day.length).toBeGreaterThan(0.97);
  });

  it('keeps each value at its share (10% per day of the month) within sampling error', () => {
    const { synthetic } = fitText(callsTable(3000, 2), 'cart', { holdout: 0 });
    const month = labels(synthetic, 'month');
    const day = days(synthetic);
    for (const m of ['A', 'B']) {
      const rows = [...day.keys()].filter((i) => month[i] === m);
      for (const d of DAYS[m]) {
        const share = rows.filter((i) => day[i] === d).length / rows.length;
        // 10% each by construction; 4 binomial standard errors at 1,500 rows is 3.1 points.
        expect(Math.abs(share - 0.1), `${m} day ${d}`).toBeLessThan(0.031);
      }
    }
  });

  it('never writes a value held by fewer than minGroupSize rows: it counts as the nearest frequent one', () => {
    // One row on day 31, three on day 6: both rarer than the 5 rows a group needs.
    const csv = callsTable(3000, 3, ['A,31,4.0', 'B,6,2.0', 'B,6,3.0', 'B,6,4.5']);
    const { fit, synthetic } = fitText(csv, 'cart', { holdout: 0 });
    const model = fit.blueprint.model;
    if (model?.kind !== 'cart') throw new Error('not cart');
    const keys = new Set(leaves(model.trees.day).flatMap((l) => Object.keys(l.values ?? {})));
    expect(keys.has('31')).toBe(false);
    expect(keys.has('6')).toBe(false);
    const made = new Set(days(synthetic));
    expect(made.has(31)).toBe(false);
    expect(made.has(6)).toBe(false);
  });

  it('keeps ranks for a column with more than 64 frequent values', () => {
    const rng = new Rng(4);
    const lines = ['group,amount'];
    for (let i = 0; i < 4000; i++) lines.push(`${i % 3},${1 + Math.floor(rng.next() * 200)}`);
    const { fit } = fitText(`${lines.join('\n')}\n`, 'cart', { holdout: 0 });
    const model = fit.blueprint.model;
    if (model?.kind !== 'cart') throw new Error('not cart');
    for (const leaf of leaves(model.trees.amount)) expect(leaf.values).toBeUndefined();
  });

  it('conditional generation draws the allowed values only, at the shares generate-and-discard gives', () => {
    const { fit } = fitText(callsTable(3000, 5), 'cart', { holdout: 0 });
    const conditioned = generateTable(fit.blueprint, { rows: 4000, where: 'day >= 15 and day <= 18' });
    const day = days(conditioned);
    expect(new Set(day)).toEqual(new Set([15, 16, 17, 18]));
    // Month B has no day from 15 to 18 (its days are 8-12 and 22-26): the rows are month A's, up
    // to the leaves' shrinkage toward their parent.
    const month = labels(conditioned, 'month');
    expect(month.filter((m) => m === 'A').length / month.length).toBeGreaterThan(0.95);
  });

  it('validation names the path of bad values: a category leaf, a key that is not a number, a share out of range', () => {
    const { fit } = fitText(callsTable(600, 6), 'cart', { holdout: 0 });
    const bp = JSON.parse(JSON.stringify(fit.blueprint));
    const leaf = leaves(bp.model.trees.day).find((l) => l.values)!;
    leaf.values = { ten: 0.5, '3': 1.5 };
    const monthLeaf = leaves(bp.model.trees.month ?? { rows: 1 })[0] as CartLeaf & { values?: unknown };
    monthLeaf.values = { '1': 1 };
    const problems = validateBlueprint(bp).filter((p) => p.severity === 'error');
    const text = problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('\n');
    expect(text).toMatch(/model\.trees\.day\.[a-z.]*values\.ten: "ten" is not a whole number/);
    expect(text).toMatch(/model\.trees\.day\.[a-z.]*values\.3: The share of "3" must be a number from 0 to 1/);
    expect(text).toMatch(/model\.trees\.month[a-z.]*\.values: "values" is for number and integer columns/);
  });
});
