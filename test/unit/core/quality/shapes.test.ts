import { describe, expect, it } from 'vitest';
import { columnShapesSection, matchColumns } from '../../../../src/core/quality/shapes';
import { table } from './helpers';

describe('dominant value', () => {
  const profileOf = (real: (number | null)[], synthetic: (number | null)[], type: 'number' | 'integer' = 'number') => {
    const r = table({ cost: real }, { cost: type });
    const s = table({ cost: synthetic }, { cost: type });
    return columnShapesSection(r, matchColumns(r, s).pairs).profiles[0];
  };

  it('gives the share of the commonest value on each side and the histogram of the other values', () => {
    // Real: 0 in 8 of 10 present values (the missing one is not counted); synthetic: 0 in 6 of 10.
    const p = profileOf([0, 0, 0, 0, 0, 0, 0, 0, 3, 5, null], [0, 0, 0, 0, 0, 0, 3, 4, 5, 6]);
    expect(p.dominant).toMatchObject({ value: 0, real: 0.8, synthetic: 0.6 });
    const h = p.dominant!.histogram;
    // The other values span 3..6 on both sides together: the histogram starts at 3 and ends at 6.
    expect(h.edges[0]).toBe(3);
    expect(h.edges[h.edges.length - 1]).toBe(6);
    // Real's other values are 3 and 5 (half each), synthetic's 3, 4, 5, 6 (a quarter each).
    expect(h.real.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(h.synthetic.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(h.real[0]).toBe(0.5);
    expect(h.synthetic[0]).toBe(0.25);
  });

  it('is absent when no value holds half the values, or when one other value remains', () => {
    expect(profileOf([0, 0, 0, 0, 1, 2, 3, 4, 5, 6], [0, 1]).dominant).toBeUndefined();
    // 0 and 7 only: the full histogram already shows both bars.
    expect(profileOf([0, 0, 0, 0, 0, 0, 0, 0, 7, 7], [0, 7]).dominant).toBeUndefined();
  });
});
