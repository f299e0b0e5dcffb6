import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../src/core/random';
import { QuantileSketch } from '../../../../src/core/stats/sketch';

/** Rank of v in sorted: how many values are <= v (the exact answer a sketch approximates). */
function rankOf(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Largest gap between the rank asked and the true rank of the value returned, over 199 ranks. */
function worstRankError(values: Float64Array, sketch: QuantileSketch): number {
  const sorted = Float64Array.from(values).sort();
  let worst = 0;
  for (let i = 1; i < 200; i++) {
    const q = i / 200;
    const v = sketch.quantile(q);
    // The value's rank range among equal values: [first index of v, last index of v + 1].
    const hi = rankOf(sorted, v);
    let lo = hi;
    while (lo > 0 && sorted[lo - 1] === v) lo--;
    const target = q * sorted.length;
    const err = target < lo ? lo - target : target > hi ? target - hi : 0;
    worst = Math.max(worst, err);
  }
  return worst;
}

describe('QuantileSketch', () => {
  it('is exact below k values', () => {
    const s = new QuantileSketch(64);
    for (let i = 0; i < 63; i++) s.add(62 - i);
    expect(s.count).toBe(63);
    expect(s.quantile(0.5)).toBe(31);
    expect(s.min).toBe(0);
    expect(s.max).toBe(62);
  });

  it('keeps the rank error within the stated bound H n / k, H = log2(n / k) + 1', () => {
    const rng = new Rng(3);
    const n = 200_000;
    const k = 256;
    const values = Float64Array.from({ length: n }, () => rng.normal() * 10 + (rng.next() < 0.3 ? 100 : 0));
    const s = new QuantileSketch(k);
    for (const v of values) s.add(v);
    const bound = (Math.log2(n / k) + 1) * (n / k);
    const err = worstRankError(values, s);
    expect(err).toBeLessThanOrEqual(bound);
    // Much better than the worst case in practice (the alternating offsets cancel).
    expect(err / n).toBeLessThan(0.01);
    const weighted = s.weighted();
    expect(weighted.weights.reduce((a, b) => a + b, 0)).toBe(n);
  });

  it('keeps an atom: 92% zeros come back as about 92% of the spread', () => {
    const rng = new Rng(5);
    const s = new QuantileSketch(512);
    for (let i = 0; i < 100_000; i++) s.add(rng.next() < 0.92 ? 0 : 1 + rng.next() * 1000);
    const spread = s.spread(1000);
    const zeros = spread.filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThanOrEqual(910);
    expect(zeros).toBeLessThanOrEqual(930);
    expect(spread[999]).toBe(s.max);
  });

  it('merges: two halves describe the whole stream within the bound', () => {
    const rng = new Rng(9);
    const n = 100_000;
    const values = Float64Array.from({ length: n }, () => rng.next() * 1e12);
    const a = new QuantileSketch(256);
    const b = new QuantileSketch(256);
    values.forEach((v, i) => (i % 2 ? a : b).add(v));
    a.merge(b);
    expect(a.count).toBe(n);
    const bound = (Math.log2(n / 256) + 2) * (n / 256);
    expect(worstRankError(values, a)).toBeLessThanOrEqual(bound);
  });

  it('ignores NaN and gives the same sketch for the same stream', () => {
    const make = (): Float64Array => {
      const s = new QuantileSketch(64);
      for (let i = 0; i < 10_000; i++) s.add(i % 7 === 0 ? NaN : (i * 7919) % 1000);
      return s.spread(50);
    };
    expect(make()).toEqual(make());
  });
});
