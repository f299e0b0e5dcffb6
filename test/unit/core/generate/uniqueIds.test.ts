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

/**
 * Shuffled sequences (`SequenceDistribution.shuffle`): identifiers in no row order. Row g takes
 * value number n x floor(g / n) + π(g mod n) of start + floor(k x step), π a keyed permutation
 * of 0..n-1 (uniqueIds.ts). The expected sets below are the sequence's values, listed by hand.
 */
describe('shuffled sequences', () => {
  const spec = (shuffle: number, step = 1.5): Blueprint['columns'][number] => ({
    name: 'id',
    type: 'id',
    unique: true,
    distribution: { kind: 'sequence', start: 10, step, shuffle },
  });

  it('give each block of n rows that block`s n values once each, in no order', () => {
    // n = 8, start 10, step 1.5: values 10 + floor(k x 1.5) for k = 0..7 are
    // 10, 11, 13, 14, 16, 17, 19, 20; the next block's (k = 8..15) 22, 23, 25, 26, 28, 29, 31, 32.
    const value = uniqueText(spec(8), 42, 0);
    const made = Array.from({ length: 16 }, (_, g) => Number(value(g)));
    expect([...made.slice(0, 8)].sort((a, b) => a - b)).toEqual([10, 11, 13, 14, 16, 17, 19, 20]);
    expect([...made.slice(8)].sort((a, b) => a - b)).toEqual([22, 23, 25, 26, 28, 29, 31, 32]);
    // In no order: 1,000 values are not increasing, and another seed orders them otherwise.
    const big = uniqueText(spec(1000, 1), 42, 0);
    const a = Array.from({ length: 1000 }, (_, g) => Number(big(g)));
    expect(new Set(a).size).toBe(1000);
    expect(Math.min(...a)).toBe(10);
    expect(Math.max(...a)).toBe(1009);
    const rising = a.filter((v, i) => i > 0 && v > a[i - 1]).length;
    expect(rising).toBeGreaterThan(400);
    expect(rising).toBeLessThan(600);
    const other = uniqueText(spec(1000, 1), 43, 0);
    expect(a.filter((v, g) => Number(other(g)) === v).length).toBeLessThan(10);
  });

  it('with quantiles spread each block as they say, widened where ranks would share a value', () => {
    // n = 101, quantiles 0, 10, 1000 (m = 2): steps are widened to 1.001 x 100 / 2 = 50.05, so
    // q = 0, 50.05, 1000. Ranks k <= 50 read floor(k x 1.001) = k: 0..50; k = 51 reads
    // floor(50.05 + 0.02 x 949.95) = 69; k = 100 reads 1000. The next block adds 1000 - 0 + 1.
    const value = uniqueText(
      {
        name: 'id',
        type: 'id',
        distribution: { kind: 'sequence', start: 0, step: 10, shuffle: 101, quantiles: [0, 10, 1000] },
      },
      42,
      0,
    );
    const block = Array.from({ length: 101 }, (_, g) => Number(value(g))).sort((a, b) => a - b);
    expect(block.slice(0, 52)).toEqual([...Array.from({ length: 51 }, (_, k) => k), 69]);
    expect(block[100]).toBe(1000);
    expect(new Set(block).size).toBe(101);
    const next = Array.from({ length: 101 }, (_, g) => Number(value(101 + g))).sort((a, b) => a - b);
    expect(next).toEqual(block.map((v) => v + 1001));
    // Never repeated, whatever the block size and however crowded the quantiles, up to 2^35.
    for (const n of [2, 3, 64, 1000, 4099])
      for (const quantiles of [
        [5, 5, 5],
        [0, 1, 2, 3, 1e6],
        [2 ** 35 - 10, 2 ** 35 - 9, 2 ** 35],
      ]) {
        const v = uniqueText(
          { name: 'id', type: 'id', distribution: { kind: 'sequence', start: 0, step: 2, shuffle: n, quantiles } },
          7,
          0,
        );
        const made = Array.from({ length: 2 * n }, (_, g) => v(g));
        expect(new Set(made).size).toBe(2 * n);
        expect(made.every((x) => Number.isInteger(Number(x)))).toBe(true);
      }
  });

  it('never repeat in a generated table, sharded or not, and the parts concatenated are the run', () => {
    const { blueprint } = fitted('adult-2000.csv', 'cart').fit;
    const bp: Blueprint = { ...blueprint, columns: [spec(3000, 2.25), ...blueprint.columns] };
    const rows = 2 * BLOCK_ROWS + 50;
    const whole = generateTable(bp, { rows });
    const parts = [1, 2, 3].map((index) => generateTable(bp, { rows, shard: { index, count: 3 } }));
    expect(writeCsv(concatTables(parts), bp.columns)).toBe(writeCsv(whole, bp.columns));
    const ids = values(whole, 'id') as string[];
    expect(new Set(ids).size).toBe(rows);
    // The first 3,000 rows hold 10 + floor(k x 2.25) for k < 3,000: at most 10 + 6,747.
    expect(ids.slice(0, 3000).every((v) => Number(v) >= 10 && Number(v) <= 6757)).toBe(true);
    const where = values(generateTable(bp, { rows: 2000, where: 'age >= 60' }), 'id');
    expect(new Set(where).size).toBe(2000);
  });
});
