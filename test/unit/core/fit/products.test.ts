import { describe, expect, it } from 'vitest';
import { keptRelations } from '../../../../src/core/blueprint/models';
import { parseBlueprint } from '../../../../src/core/blueprint/parse';
import { inferColumns } from '../../../../src/core/csv/infer';
import { parseCsvText } from '../../../../src/core/csv/read';
import { toTable } from '../../../../src/core/csv/convert';
import { fitBlueprint } from '../../../../src/core/fit';
import { findProducts } from '../../../../src/core/fit/products';
import { generateTable } from '../../../../src/core/generate';
import { synthesize } from '../../../../src/core/pipeline';
import type { NumericColumn, Table } from '../../../../src/core/table';
import { bytes } from '../../helpers';

/**
 * 600 order lines: a quantity of 1 to about 60, a unit price with cents, the amount (quantity x
 * price, to the cent), a loan-to-price style ratio written from single precision (as R exports a
 * float), and a weight no other column explains. Values computed here, not by the code tested.
 */
function lines(edit?: (row: string[], i: number) => void): string {
  let s = 3;
  const rnd = (): number => (s = (s * 16807) % 2147483647) / 2147483647;
  const rows = Array.from({ length: 600 }, (_, i) => {
    const quantity = 1 + Math.floor(Math.exp(rnd() * 4));
    const price = Math.round((2 + rnd() * 150) * 100) / 100;
    const amount = (Math.round(quantity * price * 100) / 100).toFixed(2);
    const loan = 50 + Math.floor(rnd() * 200);
    const value = 80 + Math.floor(rnd() * 300);
    const ratio = String(Math.fround(loan / value));
    const weight = (rnd() * 20).toFixed(1);
    const row = [String(quantity), price.toFixed(2), amount, String(loan), String(value), ratio, weight];
    edit?.(row, i);
    return row.join(',');
  });
  return `quantity,price,amount,loan,value,ratio,weight\n${rows.join('\n')}\n`;
}

function tableOf(csv: string): { table: Table; specs: ReturnType<typeof fitBlueprint>['blueprint']['columns'] } {
  const raw = parseCsvText(csv);
  const table = toTable(raw, inferColumns(raw)).table;
  return { table, specs: fitBlueprint(raw, { method: 'copula', holdout: 0 }).blueprint.columns };
}

describe('products and quotients of two columns', () => {
  it('are found where they hold in every row, to the column decimals or single precision; a quotient as its product', () => {
    const { table, specs } = tableOf(lines());
    expect(findProducts(table, specs, new Set())).toEqual([
      { column: 'amount', left: 'quantity', op: '*', right: 'price' },
      // The quotient ratio = loan / value as the product it is: loan = value x ratio.
      { column: 'loan', left: 'value', op: '*', right: 'ratio' },
    ]);
  });

  it('are not found when one row breaks them, or a value is missing where its factors are not', () => {
    const broken = tableOf(lines((row, i) => i === 300 && (row[2] = (Number(row[2]) + 0.02).toFixed(2))));
    expect(findProducts(broken.table, broken.specs, new Set()).map((p) => p.column)).toEqual(['loan']);
    const missing = tableOf(lines((row, i) => i === 7 && (row[2] = '')));
    expect(findProducts(missing.table, missing.specs, new Set()).map((p) => p.column)).toEqual(['loan']);
    // Missing where a factor is: the product is still a product (missing propagates).
    const both = tableOf(lines((row, i) => i === 7 && ((row[0] = ''), (row[2] = ''))));
    expect(findProducts(both.table, both.specs, new Set()).map((p) => p.column)).toEqual(['amount', 'loan']);
  });

  it('are computed in every synthetic row, named among the kept relations, and validated', () => {
    const out = synthesize({ csv: bytes(lines()), fileName: 'lines.csv' });
    expect(keptRelations(out.blueprint.model)).toEqual(
      expect.arrayContaining(['amount = quantity x price', 'loan = value x ratio']),
    );
    const synth = parseCsvText(out.csvText);
    const col = (name: string): number[] => (synth.columns[synth.header.indexOf(name)] as string[]).map(Number);
    const [q, p, a] = [col('quantity'), col('price'), col('amount')];
    for (let r = 0; r < q.length; r++) expect(Math.abs(a[r] - q[r] * p[r])).toBeLessThan(0.0051);
    // A condition on the computed column: every row meets it.
    const bp = parseBlueprint(out.blueprintText).blueprint!;
    const big = generateTable(bp, { rows: 200, where: 'amount > 500' });
    const amounts = (big.columns.find((c) => c.name === 'amount') as NumericColumn).values;
    expect(Array.from(amounts).every((v) => v > 500)).toBe(true);
    // A quotient written by hand: price = amount / quantity, to the cent, in every row.
    const byHand = JSON.parse(out.blueprintText) as { model: { products: Record<string, string>[] } };
    byHand.model.products = [{ column: 'price', left: 'amount', op: '/', right: 'quantity' }];
    const quotient = generateTable(parseBlueprint(JSON.stringify(byHand)).blueprint!, { rows: 300 });
    const value = (name: string): Float64Array =>
      (quotient.columns.find((c) => c.name === name) as NumericColumn).values;
    const [hq, hp, ha] = [value('quantity'), value('price'), value('amount')];
    for (let r = 0; r < 300; r++) expect(Math.abs(hp[r] - ha[r] / hq[r])).toBeLessThan(0.0051);
    // The validator: an unknown operator, a factor that is no column, a chain of products.
    const edited = JSON.parse(out.blueprintText) as { model: { products: Record<string, string>[] } };
    edited.model.products = [
      { column: 'amount', left: 'quantity', op: '^', right: 'nothing' },
      { column: 'weight', left: 'amount', op: '*', right: 'price' },
    ];
    const problems = parseBlueprint(JSON.stringify(edited)).problems.map((x) => [x.code, x.message]);
    expect(problems).toEqual(
      expect.arrayContaining([
        ['blueprint/enum', '"op" must be "*" or "/".'],
        ['blueprint/unknown-column', '"nothing" is not a column of this blueprint.'],
        ['blueprint/cycle', '"amount" is computed itself; a product reads generated columns.'],
      ]),
    );
  });
});
