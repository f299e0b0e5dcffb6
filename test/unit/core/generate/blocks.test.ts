/**
 * Block seeding and shards (generate/index.ts) and the streaming pipeline (generateStream): the
 * parts of a run, made separately, are the run; so are the chunks a sink receives; constraint
 * checks and rebalanced shares summed over chunks equal those of the whole table.
 */
import { describe, expect, it } from 'vitest';
import { serializeBlueprint } from '../../../../src/core/blueprint/serialize';
import { findTemplate } from '../../../../src/core/blueprint/templates';
import { writeCsv } from '../../../../src/core/csv/write';
import { BLOCK_ROWS, generateTable, shardRange } from '../../../../src/core/generate';
import { generateFromText, generateStream } from '../../../../src/core/pipeline';
import { concatTables } from '../../../../src/core/generate';
import { fitted } from '../fit/methods';

describe('shardRange', () => {
  it('deals whole blocks into contiguous parts that cover the run exactly once', () => {
    for (const rows of [0, 1, BLOCK_ROWS, 10 * BLOCK_ROWS + 7, 123_457])
      for (const count of [1, 2, 3, 7, 40]) {
        let next = 0;
        for (let index = 1; index <= count; index++) {
          const r = shardRange(rows, { index, count });
          expect(r.start).toBe(next);
          expect(r.end).toBeGreaterThanOrEqual(r.start);
          if (r.end < rows) expect(r.end % BLOCK_ROWS).toBe(0);
          next = r.end;
        }
        expect(next).toBe(rows);
      }
    // 10 blocks in 4 parts: floor(10k/4) = 0, 2, 5, 7, 10 blocks.
    expect([1, 2, 3, 4].map((index) => shardRange(10 * BLOCK_ROWS, { index, count: 4 }).start / BLOCK_ROWS)).toEqual([
      0, 2, 5, 7,
    ]);
  });
});

describe.each(['copula', 'cart'] as const)('blocks of %s', (method) => {
  it('shards made separately are the whole run, and the rows do not depend on the chunk size', () => {
    const { blueprint } = fitted('adult-2000.csv', method).fit;
    const rows = 3 * BLOCK_ROWS + 100;
    const whole = generateTable(blueprint, { rows });
    const parts = [1, 2, 3].map((index) => generateTable(blueprint, { rows, shard: { index, count: 3 } }));
    const csv = (t: Parameters<typeof writeCsv>[0]): string => writeCsv(t, blueprint.columns);
    expect(csv(concatTables(parts))).toBe(csv(whole));
    expect(csv(generateTable(blueprint, { rows, chunkSize: 1 }))).toBe(csv(whole));
    // Another seed: other rows.
    expect(csv(generateTable(blueprint, { rows, seed: blueprint.seed + 1 }))).not.toBe(csv(whole));
  });
});

describe('columns made in row order (sorted)', () => {
  it.each(['copula', 'cart'] as const)(
    '%s: shards made separately are the whole run, the column in order over all of it; a condition draws by the model',
    (method) => {
      const { blueprint: fittedBlueprint } = fitted('adult-2000.csv', method).fit;
      // fnlwgt ascending, hours-per-week descending, by hand (the fit sets it beside a counter).
      const blueprint = {
        ...fittedBlueprint,
        columns: fittedBlueprint.columns.map((c) =>
          c.name === 'fnlwgt'
            ? { ...c, sorted: 'ascending' as const }
            : c.name === 'hours-per-week'
              ? { ...c, sorted: 'descending' as const }
              : c,
        ),
      };
      const rows = 2 * BLOCK_ROWS + 100;
      const whole = generateTable(blueprint, { rows });
      const parts = [1, 2, 3].map((index) => generateTable(blueprint, { rows, shard: { index, count: 3 } }));
      const csv = (t: Parameters<typeof writeCsv>[0]): string => writeCsv(t, blueprint.columns);
      expect(csv(concatTables(parts))).toBe(csv(whole));
      expect(csv(generateTable(blueprint, { rows, chunkSize: 1 }))).toBe(csv(whole));
      const values = (name: string): Float64Array => {
        const col = whole.columns.find((c) => c.name === name)!;
        if (col.storage !== 'numeric') throw new Error('numbers expected');
        return col.values;
      };
      const fnlwgt = values('fnlwgt');
      const hours = values('hours-per-week');
      for (let r = 1; r < rows; r++) {
        expect(fnlwgt[r]).toBeGreaterThanOrEqual(fnlwgt[r - 1]);
        expect(hours[r]).toBeLessThanOrEqual(hours[r - 1]);
      }
      // Row g of N takes the quantile at (g + 0.5) / N: the middle row is near the training rows'
      // median, the first and last rows near their least and greatest values.
      const train = fitted('adult-2000.csv', method).fit.train.columns.find((c) => c.name === 'fnlwgt')!;
      if (train.storage !== 'numeric') throw new Error('numbers expected');
      const real = Float64Array.from(train.values).sort();
      expect(Math.abs(fnlwgt[rows >> 1] / real[real.length >> 1] - 1)).toBeLessThan(0.03);
      expect(fnlwgt[0]).toBeLessThan(real[Math.floor(real.length * 0.01)]);
      expect(fnlwgt[rows - 1]).toBeGreaterThan(real[Math.floor(real.length * 0.99)]);
      // Under a condition the rows are the model's, in no order, and every one meets it.
      const under = generateTable(blueprint, { rows: 500, where: 'sex == "Female"' });
      const w = under.columns.find((c) => c.name === 'fnlwgt')!;
      if (w.storage !== 'numeric') throw new Error('numbers expected');
      expect(Array.from(w.values).some((v, r) => r > 0 && v < w.values[r - 1])).toBe(true);
    },
  );
});

describe('generateStream', () => {
  const churn = findTemplate('churn')!.blueprint;
  const text = serializeBlueprint({ ...churn, rows: 2 * BLOCK_ROWS + 11 });

  it('hands the sink the same bytes generateFromText returns, with constraint counts summed over chunks', () => {
    const parts: string[] = [];
    const out = generateStream({ blueprintText: text, fileName: 'c.synth.json' }, (d) => parts.push(d as string));
    const whole = generateFromText({ blueprintText: text, fileName: 'c.synth.json' });
    expect(parts.join('')).toBe(whole.outputText);
    expect(out.rows).toBe(2 * BLOCK_ROWS + 11);
    expect(out.constraints).toEqual(whole.constraints);
  });

  it('sums a rebalance over chunks to the shares of the whole table', () => {
    const out = generateStream({ blueprintText: text, fileName: 'c.synth.json', rebalance: 'churn=0.5' }, () => {});
    const whole = generateFromText({ blueprintText: text, fileName: 'c.synth.json', rebalance: 'churn=0.5' });
    expect(out.control).toEqual(whole.control);
    expect(out.control?.rebalance?.classes.reduce((a, c) => a + c.rows, 0)).toBe(2 * BLOCK_ROWS + 11);
  });

  it('refuses a part that is not one, and a run above the cap, naming the limit', () => {
    expect(() =>
      generateStream({ blueprintText: text, fileName: 'c.synth.json', shard: { index: 3, count: 2 } }, () => {}),
    ).toThrow(/no part 3 of 2/);
    expect(() =>
      generateStream({ blueprintText: text, fileName: 'c.synth.json', rows: 100_000_001 }, () => {}),
    ).toThrow(/the limit of one run \(or one part\) is 100,000,000/);
  });
});

describe('concatTables', () => {
  it('maps the codes of chunks whose level lists differ (made in other threads) onto one list', () => {
    const col = (levels: string[], codes: number[]) => ({
      rowCount: codes.length,
      columns: [
        {
          storage: 'categorical' as const,
          name: 'k',
          type: 'category' as const,
          levels,
          codes: Int32Array.from(codes),
        },
      ],
    });
    const out = concatTables([col(['a', 'b'], [0, 1]), col(['b', 'c'], [0, 1, -1])]);
    const k = out.columns[0];
    if (k.storage !== 'categorical') throw new Error('not categorical');
    // By hand: a b | b c missing.
    expect(k.levels).toEqual(['a', 'b', 'c']);
    expect(Array.from(k.codes)).toEqual([0, 1, 1, 2, -1]);
    // One shared list: kept as it is.
    const shared = ['x', 'y'];
    const same = concatTables([col(shared, [1]), col(shared, [0])]).columns[0];
    expect(same.storage === 'categorical' && same.levels).toBe(shared);
  });
});
