/**
 * Unique shaped identifiers (generate/uniqueIds.ts): made from the row number, so they never
 * repeat, across the parts of a sharded run too, and the parts concatenated are the single run.
 * Before, a set of the values made so far kept them apart within one process only: 300,000 rows
 * of a `C99999` column in three parts held 109,691 distinct values and differed from the single
 * run from the first row of part 2 (measured with the CLI on the blueprint below).
 */
import { describe, expect, it } from 'vitest';
import type { Blueprint } from '../../../../src/core/blueprint/types';
import { writeCsv } from '../../../../src/core/csv/write';
import { BLOCK_ROWS, concatTables, generateTable } from '../../../../src/core/generate';
import { uniqueText } from '../../../../src/core/generate/uniqueIds';
import type { Table, TextColumn } from '../../../../src/core/table';
import { fitted } from '../fit/methods';

const values = (t: Table, name: string): (string | null)[] =>
  (t.columns.find((c) => c.name === name) as TextColumn).values;

function customers(method: 'copula' | 'cart'): Blueprint {
  // adult-2000 fitted as a user would, with a unique customer code added by hand.
  const { blueprint } = fitted('adult-2000.csv', method).fit;
  return {
    ...blueprint,
    columns: [
      {
        name: 'customer',
        type: 'id',
        unique: true,
        missing: 0.1,
        distribution: { kind: 'shape', prefix: 'C', shapes: [{ shape: '9999', weight: 1 }] },
      },
      {
        name: 'code',
        type: 'id',
        unique: true,
        distribution: {
          kind: 'shape',
          shapes: [
            { shape: 'AA-99', weight: 3 },
            { shape: 'a9a9', weight: 1 },
          ],
        },
      },
      ...blueprint.columns,
    ],
  };
}

describe.each(['copula', 'cart'] as const)('unique identifiers with %s', (method) => {
  const blueprint = customers(method);
  const rows = 3 * BLOCK_ROWS + 100;

  it('never repeat, in one run and across the parts of a sharded one, which concatenated are the run', () => {
    const whole = generateTable(blueprint, { rows });
    const parts = [1, 2, 3].map((index) => generateTable(blueprint, { rows, shard: { index, count: 3 } }));
    expect(writeCsv(concatTables(parts), blueprint.columns)).toBe(writeCsv(whole, blueprint.columns));
    for (const name of ['customer', 'code']) {
      const present = values(whole, name).filter((v): v is string => v !== null);
      expect(new Set(present).size).toBe(present.length);
    }
    // C + four digits holds 10,000 values; the 12,388 rows' present ones (about 90%) outgrow it.
    const customer = values(whole, 'customer');
    const present = customer.filter((v): v is string => v !== null);
    expect(present.length / rows).toBeGreaterThan(0.88);
    expect(present.length / rows).toBeLessThan(0.92);
    for (const v of present) expect(v).toMatch(/^C\d{4}(-1)?$/);
    expect(present.filter((v) => v.endsWith('-1')).length).toBe(
      customer.filter((v, g) => v !== null && g >= 10_000).length,
    );
    // Both shapes, about 3 : 1.
    const code = values(whole, 'code') as string[];
    const upper = code.filter((v) => /^[A-Z]{2}-\d\d$/.test(v)).length;
    expect(upper + code.filter((v) => /^[a-z]\d[a-z]\d$/.test(v)).length).toBe(rows);
    expect(upper / rows).toBeGreaterThan(0.72);
    expect(upper / rows).toBeLessThan(0.78);
  });

  it('stay unique under a condition, and another seed gives others', () => {
    const where = generateTable(blueprint, { rows: 2 * BLOCK_ROWS, where: 'age >= 60' });
    const present = values(where, 'customer').filter((v) => v !== null);
    expect(new Set(present).size).toBe(present.length);
    const a = values(generateTable(blueprint, { rows: 100 }), 'code');
    const b = values(generateTable(blueprint, { rows: 100, seed: blueprint.seed + 1 }), 'code');
    expect(a.filter((v, i) => v === b[i]).length).toBeLessThan(5);
  });
});

describe('uniqueText', () => {
  it('is a bijection of the rows onto the shape, whatever the seed', () => {
    // Three digits: 1,000 values, every one of them made exactly once by rows 0..999.
    for (const seed of [0, 1, 42, 2 ** 31 + 5]) {
      const value = uniqueText(
        { name: 'x', type: 'id', unique: true, distribution: { kind: 'shape', shapes: [{ shape: '999', weight: 1 }] } },
        seed,
        0,
      );
      const made = Array.from({ length: 1000 }, (_, g) => value(g));
      expect(new Set(made).size).toBe(1000);
      expect(made.every((v) => /^\d{3}$/.test(v))).toBe(true);
      expect(value(1000)).toBe(`${made[0]}-1`);
    }
  });

  it('keeps a value from starting like a spreadsheet formula, and handles a shape beyond 2^52 values', () => {
    const formula = uniqueText(
      {
        name: 'x',
        type: 'id',
        unique: true,
        distribution: { kind: 'shape', prefix: '=', shapes: [{ shape: '99', weight: 1 }] },
      },
      1,
      0,
    );
    expect(Array.from({ length: 100 }, (_, g) => formula(g)).every((v) => /^\d\d$/.test(v))).toBe(true);
    const long = uniqueText(
      {
        name: 'x',
        type: 'text',
        unique: true,
        distribution: { kind: 'shape', shapes: [{ shape: 'AAAAAAAAAAAAAAAAAAAA', weight: 1 }] },
      },
      1,
      0,
    );
    const made = Array.from({ length: 5000 }, (_, g) => long(g));
    expect(new Set(made).size).toBe(5000);
    expect(made.every((v) => /^[A-Z]{20}$/.test(v))).toBe(true);
  });
});
