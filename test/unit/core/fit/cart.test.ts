import { describe, expect, it } from 'vitest';
import type { CartNode } from '../../../../src/core/blueprint/models';
import { fitText, fitted, labels } from './methods';
import { defaultCartOptions } from '../../../../src/core/fit/cart';
import { fitBlueprint } from '../../../../src/core/fit';
import { readCsv } from '../../../../src/core/csv/read';
import { generateTable } from '../../../../src/core/generate';
import { detectTables } from '../../../../src/core/quality/detection';
import { comparableColumns } from '../../../../src/core/quality/tables';
import { fixture } from '../../helpers';

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

describe('cart: leaf size', () => {
  // min(45, √n / 2) x min(1, (20 / columns)^0.75), at least minGroupSize; the expected sizes
  // worked out by hand (digits: 18.96 x 0.4131 = 7.83; adult one-hot: 40 x 0.2823 = 11.29).
  it('keeps √n / 2 up to 45 on tables of up to 20 columns, and shrinks it on wider ones', () => {
    expect(defaultCartOptions(26_049, 5, 15).minLeaf).toBe(45);
    expect(defaultCartOptions(713, 5, 12).minLeaf).toBe(13);
    expect(defaultCartOptions(713, 5, 20).minLeaf).toBe(13);
    expect(defaultCartOptions(1_438, 5, 65).minLeaf).toBe(8);
    expect(defaultCartOptions(6_400, 5, 108).minLeaf).toBe(11);
    expect(defaultCartOptions(200, 5, 100).minLeaf).toBe(5);
  });

  it('a wide table gets finer leaves, never below minGroupSize rows', () => {
    // 40 columns of 1,000 rows, each a noisy copy of one hidden value: the narrow version (its
    // first 10 columns) keeps leaves of 16 rows, the wide one of 9 (15.8 x (20/40)^0.75 = 9.4).
    let state = 3;
    const u = (): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 4294967296;
    };
    const rows: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const hidden = u();
      rows.push(Array.from({ length: 40 }, () => (hidden + 0.2 * u()).toFixed(4)).join(','));
    }
    const header = Array.from({ length: 40 }, (_, j) => `c${j}`).join(',');
    const wide = `${header}\n${rows.join('\n')}\n`;
    const narrow = wide
      .split('\n')
      .map((line) => line.split(',').slice(0, 10).join(','))
      .join('\n');
    const smallest = (csv: string): number => {
      const { blueprint } = fitBlueprint(readCsv(new TextEncoder().encode(csv)), { method: 'cart', holdout: 0 });
      const model = blueprint.model!;
      if (model.kind !== 'cart') throw new Error(model.kind);
      const sizes: number[] = [];
      const walk = (n: CartNode): void => {
        if ('column' in n) {
          walk(n.left);
          walk(n.right);
        } else sizes.push(n.rows);
      };
      for (const tree of Object.values(model.trees)) walk(tree);
      return Math.min(...sizes);
    };
    expect(smallest(narrow)).toBeGreaterThanOrEqual(16);
    const wideLeaf = smallest(wide);
    expect(wideLeaf).toBeGreaterThanOrEqual(5);
    expect(wideLeaf).toBeLessThan(16);
  });
});

describe('cart: which splits count on a small table', () => {
  // A 2,200-row random sample of diamonds (test/fixtures/README.md). Under 2,000 training rows a
  // split must lower the impurity by 2/n of the root's, which stopped price and size given carat
  // deep in the trees; a split strong within its own node (nodeGain / m of it) now counts too.
  // Scored by the report's detector, synthetic rows (as many as the training rows) against the
  // training rows: 0.82 with the root test alone, 0.997 with both (issue 10's protocol; detect.py
  // on the same split in the bench: 0.79 -> 1.00).
  it('keeps the near-deterministic relations of a small table: detection >= 0.95, 0.82 without the node test', () => {
    const detection = (nodeGain?: number): number => {
      const fit = fitBlueprint(readCsv(fixture('diamonds-2200.csv'), { fileName: 'diamonds-2200.csv' }), {
        ...(nodeGain === undefined ? {} : { cart: { nodeGain } }),
      });
      const synthetic = generateTable(fit.blueprint, { source: fit.table, rows: fit.train.rowCount });
      return detectTables(fit.train, synthetic, comparableColumns(fit.train, synthetic)).score;
    };
    expect(detection()).toBeGreaterThanOrEqual(0.95);
    expect(detection(0)).toBeLessThan(0.9);
  });
});

describe('cart: categories of many classes', () => {
  // 3,000 rows: 300 codes of 10 rows each, codes c000-c149 in group A and c150-c299 in group B
  // except every 20th row, which takes a code of the other group (so group is no function of
  // code). The code's tree has 300 classes, more than splits are searched over (128).
  const rows = ['group,code'];
  for (let i = 0; i < 3000; i++) {
    const code = Math.floor(i / 10);
    const home = code < 150 ? 'A' : 'B';
    const group = i % 20 === 0 ? (home === 'A' ? 'B' : 'A') : home;
    rows.push(`${group},c${String(code).padStart(3, '0')}`);
  }
  const { fit, synthetic } = fitText(rows.join('\n'), 'cart');
  const model = fit.blueprint.model!;
  if (model.kind !== 'cart') throw new Error('not cart');

  it('still splits on what the classes follow, and its leaves keep every class', () => {
    const tree = model.trees.code;
    expect('column' in tree && tree.column).toBe('group');
    const leafLevels = new Set<string>();
    const walk = (n: CartNode): void => {
      if ('column' in n) {
        walk(n.left);
        walk(n.right);
      } else if (n.distribution?.kind === 'categorical')
        Object.keys(n.distribution.probabilities).forEach((l) => leafLevels.add(l));
    };
    walk(tree);
    const spec = fit.blueprint.columns.find((c) => c.name === 'code')!;
    if (spec.distribution?.kind !== 'categorical') throw new Error('code is not a category');
    const levels = Object.keys(spec.distribution.probabilities);
    expect(levels.length).toBeGreaterThan(250);
    expect([...leafLevels].sort()).toEqual([...levels].sort());
    // The real rows keep 95% of codes in their group; drawn without the split it would be 50%.
    const group = labels(synthetic, 'group');
    const code = labels(synthetic, 'code');
    let home = 0;
    code.forEach((c, i) => {
      if ((Number(c!.slice(1)) < 150 ? 'A' : 'B') === group[i]) home++;
    });
    expect(home / code.length).toBeGreaterThan(0.9);
  });
});
