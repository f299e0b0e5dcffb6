import { describe, expect, it } from 'vitest';
import type { CartLeaf, CartNode } from '../../../../src/core/blueprint/models';
import { validateBlueprint } from '../../../../src/core/blueprint/validate';
import { generateTable } from '../../../../src/core/generate';
import { Rng } from '../../../../src/core/random';
import type { NumericColumn, Table } from '../../../../src/core/table';
import { column, fitted, fitText } from './methods';

/**
 * Exact values among a rated column's free rows (fit/cart.ts `freeAtoms`, generate/cart.ts
 * `mixedInverse`, `ratedInverse`): a tip that is a rate of the fare in part of the rows and a round
 * amount in many of the others. The tables are built here with known shares; expected counts
 * are the construction's or were counted with pandas, as each test says.
 */

/** round(x, 2) half up in cents (the test's own arithmetic). */
const cents = (x: number): number => Math.round(x * 100 + 1e-9) / 100;

/**
 * fare: uniform cents 5..60. tip: 20% of the fare in rows i % 2 == 0; in the others a round
 * amount (1, 2, 3 or 5 dollars) when i % 4 == 1, else uniform cents 0.10..9.99.
 */
function tipTable(rows: number, seed: number): string {
  const rng = new Rng(seed);
  const lines = ['fare,tip'];
  for (let i = 0; i < rows; i++) {
    const fare = cents(5 + rng.next() * 55);
    const tip =
      i % 2 === 0
        ? cents(0.2 * fare)
        : i % 4 === 1
          ? [1, 2, 3, 5][Math.floor(rng.next() * 4)]
          : cents(0.1 + rng.next() * 9.89);
    lines.push(`${fare.toFixed(2)},${tip.toFixed(2)}`);
  }
  return `${lines.join('\n')}\n`;
}

function leaves(node: CartNode): CartLeaf[] {
  return 'column' in node ? [...leaves(node.left), ...leaves(node.right)] : [node];
}

const values = (t: Table, name: string): Float64Array => (column(t, name) as NumericColumn).values;

/** Rows whose tip is a whole number of dollars and not 20% of the fare to the cent. */
function roundFree(t: Table): number {
  const fare = values(t, 'fare');
  const tip = values(t, 'tip');
  let n = 0;
  for (let i = 0; i < tip.length; i++)
    if (tip[i] > 0 && Number.isInteger(tip[i]) && tip[i] !== cents(0.2 * fare[i])) n++;
  return n;
}

describe("cart: exact values among a rated column's free rows", () => {
  it('draws round tips as often as the source has them, beside the tips at 20%', () => {
    const rows = 4000;
    const { fit, synthetic } = fitText(tipTable(rows, 3), 'cart', { holdout: 0 });
    const model = fit.blueprint.model;
    if (model?.kind !== 'cart') throw new Error('not cart');
    expect(model.rates?.map((r) => [r.column, r.of, r.values])).toEqual([['tip', 'fare', [0.2]]]);
    const all = leaves(model.trees.tip);
    expect(all.some((l) => l.values && l.rated)).toBe(true);
    // The four round amounts are kept; any other key is a value at least minGroupSize (5) of the
    // source's rows not at 20% hold (uniform cents repeat by chance), so no key names a single row.
    const keys = new Set(all.flatMap((l) => Object.keys(l.values ?? {})));
    expect([...keys]).toEqual(expect.arrayContaining(['1', '2', '3', '5']));
    const fare = values(fit.table, 'fare');
    const tipIn = values(fit.table, 'tip');
    for (const key of keys) {
      let held = 0;
      for (let i = 0; i < tipIn.length; i++) if (tipIn[i] === Number(key) && tipIn[i] !== cents(0.2 * fare[i])) held++;
      expect(held, key).toBeGreaterThanOrEqual(5);
    }
    // By construction 1,000 of 4,000 rows hold a round tip (rows i % 4 == 1), less the few whose
    // 20% of the fare happens to be that amount, plus the uniform tips that fall on whole dollars
    // (9 of 990 cents values, about 9 rows).
    const source = roundFree(fit.table);
    expect(source).toBeGreaterThan(950);
    expect(source).toBeLessThan(1040);
    // Leaves' shares are drawn stratified: the synthetic share within 3 points of the source's.
    // Drawn from ranks alone (the feature off) 697 rows were round, 8 points short (checked).
    expect(Math.abs(roundFree(synthetic) - source) / rows).toBeLessThan(0.03);
    // Tips at 20% as often as before: half the rows by construction.
    const sFare = values(synthetic, 'fare');
    const tip = values(synthetic, 'tip');
    let rated = 0;
    for (let i = 0; i < tip.length; i++) if (tip[i] === cents(0.2 * sFare[i])) rated++;
    expect(Math.abs(rated / rows - 0.5)).toBeLessThan(0.03);
    expect(validateBlueprint(JSON.parse(JSON.stringify(fit.blueprint)))).toEqual([]);
  });

  it('taxis money columns: whole-dollar tips as often as in the source', () => {
    const { fit, synthetic } = fitted('taxis-money-2000.csv', 'cart', { holdout: 0 });
    const tip = values(synthetic, 'tip');
    const whole = (xs: Float64Array): number => xs.filter((x) => x > 0 && Number.isInteger(x)).length;
    // The first 2,000 rows of taxis.csv: 235 tips of a whole number of dollars above 0 (counted
    // with pandas: ((tip > 0) & (tip == tip.round())).sum()).
    expect(whole(values(fit.table, 'tip'))).toBe(235);
    expect(Math.abs(whole(tip) - 235) / 2000).toBeLessThan(0.03);
  });

  it('conditions on the column meet it and keep the round amounts among the rest', () => {
    const { fit } = fitText(tipTable(4000, 4), 'cart', { holdout: 0 });
    const exactly = generateTable(fit.blueprint, { rows: 500, where: 'tip == 3' });
    expect([...values(exactly, 'tip')].every((x) => x === 3)).toBe(true);
    const band = generateTable(fit.blueprint, { rows: 3000, where: 'tip >= 2.5 and tip <= 5' });
    const tip = values(band, 'tip');
    expect([...tip].every((x) => x >= 2.5 && x <= 5)).toBe(true);
    // In the source's band: 3s and 5s are about 2 x 250 of the rows with a tip in [2.5, 5]
    // (round tips 1,000 over four amounts, two in the band; rated tips 0.2 x fare in the band for
    // fares 12.5..25, 23% of 2,000; free uniform tips 2.5/9.89 of 1,000): 500 / (500 + 455 + 253)
    // = 0.414. The rows holding a rate draw from the leaf's ranks there (their rate cannot be
    // applied), with the round amounts' rank intervals cut out: 0.367 measured. Without the cut,
    // the smooth part landed on the round amounts as well: 0.608.
    const round = tip.filter((x) => x === 3 || x === 5).length / tip.length;
    expect(Math.abs(round - 500 / (500 + 455 + 253))).toBeLessThan(0.08);
    // The draw is monotone in u: a narrower band is a subset in distribution (no value outside).
    const narrow = generateTable(fit.blueprint, { rows: 500, where: 'tip > 3 and tip < 5' });
    expect([...values(narrow, 'tip')].every((x) => x > 3 && x < 5)).toBe(true);
  });

  it('validates values beside ranks: shares at most 1 in all, keys numbers of the column', () => {
    const { fit } = fitText(tipTable(2000, 5), 'cart', { holdout: 0 });
    const bp = JSON.parse(JSON.stringify(fit.blueprint));
    const all = leaves(bp.model.trees.tip);
    const mixed = all.find((l) => l.values && l.ranks)!;
    expect(mixed).toBeDefined();
    mixed.values = { '1': 0.8, '2': 0.7, two: 0.1 };
    const problems = validateBlueprint(bp);
    const messages = problems.map((p) => `${p.severity} ${p.path.join('.')} ${p.message}`).join('\n');
    expect(messages).toMatch(/error model\.trees\.tip\.[a-z.]*values\.two "two" is not a number/);
    expect(messages).toMatch(/warning model\.trees\.tip\.[a-z.]*values The shares sum to 1\.6, more than 1/);
  });
});
