import { describe, expect, it } from 'vitest';
import type { CartNode } from '../../../../src/core/blueprint/models';
import { fitted, labels } from './methods';

describe('cart: sequential trees', () => {
  const { fit, synthetic } = fitted('titanic.csv', 'cart');
  const model = fit.blueprint.model!;
  if (model.kind !== 'cart') throw new Error('not cart');

  it('has one tree per modelled column, splitting only on columns generated before it', () => {
    expect(Object.keys(model.trees).sort()).toEqual([...model.order].sort());
    const position = new Map(model.order.map((c, i) => [c, i]));
    for (const [target, tree] of Object.entries(model.trees)) {
      const walk = (n: CartNode): void => {
        if (!('column' in n)) return;
        expect(position.get(n.column)!).toBeLessThan(position.get(target)!);
        expect(n.le !== undefined || n.in !== undefined || n.missing === 'right').toBe(true);
        walk(n.left);
        walk(n.right);
      };
      walk(tree);
    }
  });

  it('stores readable splits: thresholds in column units, level names for categories', () => {
    const text = JSON.stringify(model.trees);
    expect(text).toMatch(/"column":"(sex|who|adult_male|class|pclass)","in":\["/);
    expect(text).toMatch(/"column":"(age|fare)","le":\d/);
  });

  it('reproduces exact relations between columns (alive is survived in words, class is pclass)', () => {
    const survived = labels(synthetic, 'survived');
    const alive = labels(synthetic, 'alive');
    let agree = 0;
    survived.forEach((s, i) => {
      if ((s === '1' && alive[i] === 'yes') || (s === '0' && alive[i] === 'no')) agree++;
    });
    expect(agree / survived.length).toBeGreaterThan(0.97);
    const pclass = labels(synthetic, 'pclass');
    const cls = labels(synthetic, 'class');
    const map: Record<string, string> = { '1': 'First', '2': 'Second', '3': 'Third' };
    let same = 0;
    pclass.forEach((p, i) => {
      if (p !== null && map[p] === cls[i]) same++;
    });
    expect(same / pclass.length).toBeGreaterThan(0.97);
  });

  it('keeps missingness tied to its causes (deck is mostly missing outside first class)', () => {
    const deck = labels(synthetic, 'deck');
    const cls = labels(synthetic, 'class');
    const rate = (c: string) => {
      let n = 0;
      let m = 0;
      cls.forEach((x, i) => {
        if (x === c) {
          n++;
          if (deck[i] === null) m++;
        }
      });
      return m / n;
    };
    expect(rate('First')).toBeLessThan(0.45);
    expect(rate('Third')).toBeGreaterThan(0.85);
  });
});
