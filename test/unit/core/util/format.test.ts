import { describe, expect, it } from 'vitest';
import { groupThousands } from '../../../../src/core/util/format';

describe('groupThousands', () => {
  it("writes whole numbers as toLocaleString('en-US') does", () => {
    const xs = [
      0,
      -0,
      1,
      -1,
      999,
      1000,
      -1000,
      32561,
      1234567,
      -9876543210,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      2 ** 53,
      1e21,
      1.5,
      -2.25,
    ];
    for (let e = 0; e < 16; e++) for (const d of [-1, 0, 1]) xs.push(10 ** e + d, -(10 ** e + d));
    for (const x of xs) expect(groupThousands(x)).toBe(x.toLocaleString('en-US'));
  });
});
