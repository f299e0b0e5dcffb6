import { describe, expect, it } from 'vitest';
import type { CartLeaf, CartNode, DifferenceColumn } from '../../../../src/core/blueprint/models';
import { validateBlueprint } from '../../../../src/core/blueprint/validate';
import { readCsv } from '../../../../src/core/csv/read';
import { findRates } from '../../../../src/core/fit/rates';
import { fitBlueprint } from '../../../../src/core/fit';
import { generateTable } from '../../../../src/core/generate';
import { Rng } from '../../../../src/core/random';
import type { NumericColumn, Table } from '../../../../src/core/table';
import { column, fitted, fitText } from './methods';

/**
 * Rates (fit/rates.ts, generate/rates.ts): a column that is exactly a rate of a base in part of
 * its rows. The tables are built here with a known rate in a known share of rows; the expected
 * counts are the construction's, recounted with the test's own arithmetic (cents, half up).
 */

/** round(x, 2) half up in cents, computed on its own (not the code's rateValue). */
const cents = (x: number): number => Math.round(x * 100 + 1e-9) / 100;

/** subtotal: uniform cents 5..200; tax: 8.875% of it in rows i % 5 < 3, else uniform cents 0.01..20. */
function taxTable(rows: number, seed: number): { csv: string; rated: number } {
  const rng = new Rng(seed);
  const lines = ['subtotal,tax'];
  let rated = 0;
  for (let i = 0; i < rows; i++) {
    const subtotal = cents(5 + rng.next() * 195);
    const tax = i % 5 < 3 ? cents(0.08875 * subtotal) : cents(0.01 + rng.next() * 19.99);
    if (tax === cents(0.08875 * subtotal)) rated++;
    lines.push(`${subtotal.toFixed(2)},${tax.toFixed(2)}`);
  }
  return { csv: `${lines.join('\n')}\n`, rated };
}

function table(csv: string): Table {
  return fitBlueprint(readCsv(new TextEncoder().encode(csv), { fileName: 't.csv' }), { holdout: 0 }).train;
}

function specsOf(csv: string) {
  return fitBlueprint(readCsv(new TextEncoder().encode(csv), { fileName: 't.csv' }), { holdout: 0, method: 'copula' })
    .blueprint.columns;
}

/**
 * Rows whose tip is 20% of total - tip: step 0 to the cent (an exact half either way), step -1 a
 * cent under (20% rounded half up, less a cent). The test's own arithmetic, as pandas counted it.
 */
function tips20(t: Table, step: 0 | -1): number {
  const y = (column(t, 'tip') as NumericColumn).values;
  const total = (column(t, 'total') as NumericColumn).values;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    const b = total[i] - y[i];
    if (!(y[i] > 0 && b > 0)) continue;
    if (
      step === 0
        ? Math.abs(y[i] - 0.2 * b) <= 0.005000001
        : Math.round(y[i] * 100) === Math.floor(0.2 * b * 100 + 0.5 + 1e-7) - 1
    )
      n++;
  }
  return n;
}

function leaves(node: CartNode): CartLeaf[] {
  return 'column' in node ? [...leaves(node.left), ...leaves(node.right)] : [node];
}

describe('findRates', () => {
  it('finds a tax of 8.875% held in 60% of the rows, and which rows hold it', () => {
    const { csv, rated } = taxTable(3000, 7);
    const t = table(csv);
    const found = findRates(t, specsOf(csv), [], 5);
    expect(found.map((f) => f.rate)).toEqual([{ column: 'tax', of: 'subtotal', values: [0.08875] }]);
    // 1,800 rows by construction plus the uniform taxes that happen to equal 8.875% of their subtotal.
    expect(found[0].rowRates.filter((k) => k === 0).length).toBe(rated);
    expect(rated).toBeGreaterThanOrEqual(1800);
  });

  it('finds a tip that is 20% of the rest of a sum (total - tip)', () => {
    const rng = new Rng(3);
    const lines = ['fare,tip,total'];
    for (let i = 0; i < 2000; i++) {
      const fare = 2.5 + 0.5 * Math.floor(rng.next() * 80);
      const fee = rng.next() < 0.6 ? 3.3 : 3.8;
      // 40% tip 20% of fare + fee, 20% 25% of it, the rest a whole-dollar tip or none.
      const u = rng.next();
      const tip =
        u < 0.4 ? cents(0.2 * (fare + fee)) : u < 0.6 ? cents(0.25 * (fare + fee)) : Math.floor(rng.next() * 4);
      lines.push(`${fare.toFixed(2)},${tip.toFixed(2)},${(fare + fee + tip).toFixed(2)}`);
    }
    const csv = `${lines.join('\n')}\n`;
    const sum: DifferenceColumn = {
      column: 'total',
      from: 'fare',
      plus: ['tip'],
      mode: 'gap',
      gap: { type: 'number' },
    };
    const found = findRates(table(csv), specsOf(csv), [sum], 5);
    expect(found.map((f) => f.rate)).toEqual([{ column: 'tip', of: 'total', rest: true, values: [0.2, 0.25] }]);
  });

  it('keeps no coincidence: close columns, small integers, ratios at a few points, values off a grid', () => {
    const rng = new Rng(11);
    const lines = ['x,y,children,people,distance,fare'];
    for (let i = 0; i < 3000; i++) {
      // y is x plus 0 to 5 hundredths: x / y piles up near 0.99-1 without being a rate.
      const x = cents(4 + rng.next() * 5);
      const y = cents(x + Math.floor(rng.next() * 6) / 100);
      const people = 1 + Math.floor(rng.next() * 6);
      const children = Math.floor(rng.next() * people);
      // Fares in $0.50 steps: $2.50 + $2.50 a mile, so fare = 5 x distance for 1-mile trips only.
      const distance = cents(0.3 + rng.next() * 5);
      const fare = 2.5 + 0.5 * Math.round(distance * 5);
      lines.push(`${x},${y},${children},${people},${distance},${fare.toFixed(1)}`);
    }
    const csv = `${lines.join('\n')}\n`;
    expect(findRates(table(csv), specsOf(csv), [], 5).map((f) => f.rate)).toEqual([]);
  });

  it('keeps no chance equality of whole numbers written with decimals, nor a rate of a column of few values', () => {
    const rng = new Rng(19);
    const lines = ['bp,glucose,pixel,neighbour'];
    let equal = 0;
    let sameShade = 0;
    for (let i = 0; i < 3000; i++) {
      // Blood pressure and glucose: independent whole numbers of similar range; a tenth of the
      // pressures are means of three readings (two decimals), as in sklearn's diabetes table.
      const glucose = 80 + Math.floor(rng.next() * 20);
      const whole = 80 + Math.floor(rng.next() * 25);
      const bp = rng.next() < 0.1 ? Math.round((whole + rng.next()) * 100) / 100 : whole;
      if (bp === glucose) equal++;
      // Two pixels of 0..16, the neighbour the same shade as the pixel in 30% of the rows: a
      // relation, but of columns the leaves draw value by value, with no arithmetic to keep.
      const pixel = Math.floor(rng.next() * 17);
      const neighbour = rng.next() < 0.3 ? pixel : Math.floor(rng.next() * 17);
      if (pixel > 0 && pixel === neighbour) sameShade++;
      lines.push([bp.toFixed(2), glucose, pixel, neighbour].join(','));
    }
    // The coincidences are there to be found: bp = glucose in over 2% of the rows (the least share
    // of rows a rate must hold), a pixel equal to its neighbour in about a third.
    expect(equal).toBeGreaterThan(60);
    expect(sameShade).toBeGreaterThan(800);
    const csv = `${lines.join('\n')}\n`;
    expect(findRates(table(csv), specsOf(csv), [], 5).map((f) => f.rate)).toEqual([]);
  });
});

describe('row numbers', () => {
  it('are no base of a rate, nor a rate of another column: they say where a row sits', () => {
    // A fee of exactly 0.5 x the row number in 60% of the rows, as a table sorted by its fee might
    // have by chance; named rownames (as R writes them), the numbers are row numbers.
    const lines = ['rownames,fee,group'];
    for (let r = 1; r <= 2000; r++)
      lines.push(`${r},${r % 5 < 3 ? (r * 0.5).toFixed(2) : ((r * 37) % 900).toFixed(2)},g${r % 3}`);
    const text = lines.join('\n') + '\n';
    const { fit } = fitText(text, 'cart', { holdout: 0 });
    const model = fit.blueprint.model;
    if (model?.kind !== 'cart') throw new Error('not cart');
    expect(fit.warnings.map((w) => w.code)).toContain('fit/row-numbers');
    expect(model.rates ?? []).toEqual([]);
    // Numbers that are not consecutive (2, 4, 6, ...) are an amount, and the fee is a rate of it.
    const amounts = text.replace('rownames', 'amount').replace(/^(\d+),/gm, (_, r: string) => `${2 * Number(r)},`);
    const { fit: named } = fitText(amounts, 'cart', { holdout: 0 });
    const rated = named.blueprint.model;
    if (rated?.kind !== 'cart') throw new Error('not cart');
    expect(rated.rates?.[0]).toMatchObject({ column: 'fee', of: 'amount' });
    expect(rated.rates?.[0].values).toContain(0.25);
  });
});

describe('cart with rates', () => {
  it('generates the rate in the share of rows the source holds it, to the cent', () => {
    const { csv, rated } = taxTable(3000, 5);
    const { fit, synthetic } = fitText(csv, 'cart', { holdout: 0 });
    const model = fit.blueprint.model;
    if (model?.kind !== 'cart') throw new Error('not cart');
    expect(model.rates).toEqual([{ column: 'tax', of: 'subtotal', values: [0.08875] }]);
    expect(leaves(model.trees.tax).some((l) => l.rated?.length === 1)).toBe(true);
    const subtotal = (column(synthetic, 'subtotal') as NumericColumn).values;
    const tax = (column(synthetic, 'tax') as NumericColumn).values;
    let holding = 0;
    for (let i = 0; i < tax.length; i++) if (tax[i] === cents(0.08875 * subtotal[i])) holding++;
    // Stratified draws per leaf: the share is the source's within 3 points.
    expect(Math.abs(holding / tax.length - rated / 3000)).toBeLessThan(0.03);
    expect(validateBlueprint(JSON.parse(JSON.stringify(fit.blueprint))).filter((p) => p.severity === 'error')).toEqual(
      [],
    );
  });

  it('taxis: tips that are exactly 20% of total - tip come out as often as in the source, and totals still add up', () => {
    const { fit, synthetic } = fitted('taxis-200.csv', 'cart', { holdout: 0 });
    const model = fit.blueprint.model;
    if (model?.kind !== 'cart') throw new Error('not cart');
    const tipRates = model.rates?.find((r) => r.column === 'tip');
    expect(tipRates).toMatchObject({ of: 'total', rest: true });
    expect(tipRates?.values).toContain(0.2);
    const share = (t: Table): number => tips20(t, 0) / t.rowCount;
    // taxis-200: 40 of 200 tips are 20% of total - tip to the cent (counted with pandas:
    // (tip > 0) & (abs(tip - 0.2 * (total - tip)) <= 0.005000001)).
    expect(share(fit.table)).toBeCloseTo(40 / 200, 5);
    expect(Math.abs(share(synthetic) - share(fit.table))).toBeLessThan(0.06);
    // The sum total = fare + tip + tolls + surcharge still holds in every row (the surcharges' values).
    const get = (n: string) => (column(synthetic, n) as NumericColumn).values;
    const [fare, tip, tolls, total] = ['fare', 'tip', 'tolls', 'total'].map(get);
    for (let i = 0; i < total.length; i++)
      expect(cents(total[i] - fare[i] - tip[i] - tolls[i])).toBeGreaterThanOrEqual(0);
  });

  it('taxis money columns: 20% tips and tips a cent under 20% (a rate with a step), as often as in the source', () => {
    const { fit, synthetic } = fitted('taxis-money-2000.csv', 'cart', { holdout: 0 });
    const model = fit.blueprint.model;
    if (model?.kind !== 'cart') throw new Error('not cart');
    const tip = model.rates?.find((r) => r.column === 'tip');
    expect(tip).toMatchObject({ of: 'total', rest: true });
    const entries = tip!.values.map((v, i) => [v, tip!.steps?.[i] ?? 0]);
    expect(entries).toEqual(
      expect.arrayContaining([
        [0.2, 0],
        [0.2, -1],
      ]),
    );
    const count = tips20;
    // The first 2,000 rows of taxis.csv: 534 tips at 20% and 236 a cent under (counted with pandas,
    // same definitions).
    expect([count(fit.table, 0), count(fit.table, -1)]).toEqual([534, 236]);
    expect(Math.abs(count(synthetic, 0) - 534) / 2000).toBeLessThan(0.03);
    expect(Math.abs(count(synthetic, -1) - 236) / 2000).toBeLessThan(0.03);
  });

  it('conditional generation keeps the rates: tips at 20% among fares of $20 or more, as often as generate-and-discard', () => {
    const { fit } = fitted('taxis-money-2000.csv', 'cart', { holdout: 0 });
    const share20 = (t: Table): number => tips20(t, 0) / t.rowCount;
    const conditioned = generateTable(fit.blueprint, { rows: 4000, where: 'fare >= 20' });
    expect(Math.min(...(column(conditioned, 'fare') as NumericColumn).values)).toBeGreaterThanOrEqual(20);
    // Reference: unconditioned rows, those with fare >= 20 kept.
    const all = generateTable(fit.blueprint, { rows: 40_000 });
    const fare = (column(all, 'fare') as NumericColumn).values;
    const keep = [...fare.keys()].filter((i) => fare[i] >= 20);
    const pick = (name: string): NumericColumn => {
      const c = column(all, name) as NumericColumn;
      return { ...c, values: Float64Array.from(keep, (i) => c.values[i]) };
    };
    const reference: Table = { rowCount: keep.length, columns: [pick('tip'), pick('total')] };
    expect(keep.length).toBeGreaterThan(2000);
    const a = share20(conditioned);
    const b = share20(reference);
    expect(a).toBeGreaterThan(0.1);
    // Within 4 combined binomial standard errors.
    expect(Math.abs(a - b)).toBeLessThan(
      4 * Math.hypot(Math.sqrt((a * (1 - a)) / 4000), Math.sqrt((b * (1 - b)) / keep.length)),
    );
  });

  it('refuses leaves whose rated shares do not match the rates, naming the path', () => {
    const { csv } = taxTable(600, 9);
    const { fit } = fitText(csv, 'cart', { holdout: 0 });
    const bp = JSON.parse(JSON.stringify(fit.blueprint));
    const leaf = leaves(bp.model.trees.tax).find((l) => l.rated)!;
    leaf.rated = [0.7, 0.6];
    bp.model.rates[0].of = 'nope';
    const problems = validateBlueprint(bp).filter((p) => p.severity === 'error');
    expect(problems.map((p) => p.path.slice(0, 3).join('.'))).toEqual(
      expect.arrayContaining(['model.rates.0', 'model.trees.tax']),
    );
    expect(problems.map((p) => p.message).join('\n')).toMatch(
      /"nope" is not another number column[\s\S]*"rated" must be 1 share/,
    );
  });
});
