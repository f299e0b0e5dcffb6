import { describe, expect, it } from 'vitest';
import { fittedSplit, heldOutByHash } from '../../../src/core/holdout';
import type { Table } from '../../../src/core/table';

describe('heldOutByHash', () => {
  it('holds out about the asked share, the same rows for the same seed, others for another', () => {
    const n = 200_000;
    let held = 0;
    let same = 0;
    for (let r = 0; r < n; r++) {
      const h = heldOutByHash(r, 0.2, 42);
      if (h) held++;
      if (h === heldOutByHash(r, 0.2, 43)) same++;
      expect(heldOutByHash(r, 0.2, 42)).toBe(h);
    }
    // Binomial(200,000, 0.2): sd 179 rows; 5 sd either side.
    expect(Math.abs(held - 40_000)).toBeLessThan(900);
    // Another seed agrees on a row with probability 0.8^2 + 0.2^2 = 0.68.
    expect(Math.abs(same / n - 0.68)).toBeLessThan(0.01);
  });

  it('holds out nothing at 0, and rows past 2^32 too', () => {
    expect(heldOutByHash(5, 0, 1)).toBe(false);
    let held = 0;
    for (let r = 2 ** 32; r < 2 ** 32 + 10_000; r++) if (heldOutByHash(r, 0.5, 1)) held++;
    expect(held).toBeGreaterThan(4500);
    expect(held).toBeLessThan(5500);
  });

  it('is the split fittedSplit recreates for a blueprint fitted from a stream', () => {
    const table: Table = {
      rowCount: 1000,
      columns: [
        { storage: 'numeric', name: 'x', type: 'integer', values: Float64Array.from({ length: 1000 }, (_, i) => i) },
      ],
    };
    const { train, holdout } = fittedSplit(table, 0.3, 7, true);
    const heldRows = [...(holdout.columns[0] as { values: Float64Array }).values];
    expect(heldRows).toEqual(Array.from({ length: 1000 }, (_, i) => i).filter((r) => heldOutByHash(r, 0.3, 7)));
    expect(train.rowCount + holdout.rowCount).toBe(1000);
  });
});
