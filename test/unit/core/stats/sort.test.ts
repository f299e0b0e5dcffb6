import { describe, expect, it } from 'vitest';
import { sortNumbers } from '../../../../src/core/stats/sort';
import { Rng } from '../../../../src/core/random';

describe('sortNumbers', () => {
  it('orders exactly as Float64Array.prototype.sort, by counting or not', () => {
    const rng = new Rng(3);
    const kinds: ((u: number) => number)[] = [
      (u) => Math.floor(u * 100), // small whole numbers: counted
      (u) => Math.floor(u * 1e5) - 5e4, // negative and positive, a range near 3n: counted
      (u) => u, // fractions
      (u) => (u < 0.01 ? -0 : Math.floor(u * 50)), // -0 sorts before 0
      (u) => (u < 0.01 ? NaN : Math.floor(u * 50)), // NaN last
      (u) => 2 ** 53 + Math.floor(u * 100) * 2, // beyond safe integers
      (u) => (u < 0.001 ? Infinity : Math.floor(u * 10)),
      (u) => Math.floor(u * 1e9), // sparse range
    ];
    for (const n of [10, 300, 5000, 40000]) {
      for (const kind of kinds) {
        const a = Float64Array.from({ length: n }, () => kind(rng.next()));
        const got = sortNumbers(a.slice());
        const want = a.slice().sort();
        expect(got.length).toBe(want.length);
        for (let i = 0; i < n; i++) expect(Object.is(got[i], want[i])).toBe(true);
      }
    }
  });
});
