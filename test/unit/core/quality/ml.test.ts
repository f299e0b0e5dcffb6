import { describe, expect, it } from 'vitest';
import { BinEncoder, LinearEncoder } from '../../../../src/core/quality/ml/design';
import { fitForest, predictForest } from '../../../../src/core/quality/ml/forest';
import {
  fitLogistic,
  fitOneVsRest,
  fitRidge,
  predictProba,
  predictRidge,
} from '../../../../src/core/quality/ml/linear';
import { classificationMetrics, regressionMetrics, rocAuc } from '../../../../src/core/quality/ml/metrics';
import { lcg, table } from './helpers';

// Reference values: test/unit/core/quality/reference/scipy_models.py (NumPy 2.4.6, SciPy 1.17.1)
// minimises the same penalised objectives with scipy.optimize.minimize(method="BFGS") or solves
// the ridge normal equations with numpy.linalg.solve, on these rows (x standardised with the
// population standard deviation, c one-hot, intercept unpenalised, λ = 1/n).
const X = [0.5, 1.2, 2.3, 3.1, 0.7, 2.8, 1.9, 3.5, 0.2, 2.2, 1.1, 2.9];
const C = ['a', 'b', 'a', 'c', 'b', 'c', 'a', 'c', 'b', 'a', 'c', 'b'];
const data = table({ x: X, c: C });

describe('linear models', () => {
  it('logistic regression matches scipy (mean log-loss + λ/2 ||w||², λ = 1/n)', () => {
    const y = Int32Array.from([0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 1, 0]);
    const enc = new LinearEncoder(data, ['x', 'c']);
    const d = enc.encode(data);
    const { proba } = predictProba(fitLogistic(d, y), d);
    const expected = [
      0.27112219047854447, 0.19532733592981974, 0.5913010778759994, 0.8562877415649063, 0.14269801438863822,
      0.8261254906745168, 0.516870066580443, 0.8895972759395326, 0.10244388335029875, 0.5729473211237656,
      0.5684647139485499, 0.4668148886166241,
    ];
    expected.forEach((p, i) => expect(proba[2 * i + 1]).toBeCloseTo(p, 6));
  });
  it('one-vs-rest logistic regression matches scipy (three binary fits, sigmoids normalised)', () => {
    const y = Int32Array.from([0, 1, 2, 2, 1, 2, 0, 2, 1, 0, 1, 0]);
    const d = new LinearEncoder(data, ['x', 'c']).encode(data);
    const { proba } = predictProba(fitOneVsRest(d, y, 3), d);
    const expected = [
      [0.4800299607590721, 0.4462321850301725, 0.0737378542107553],
      [0.2817329138882077, 0.6246380735952999, 0.09362901251649239],
      [0.5444985044946183, 0.09731502473108897, 0.35818647077429283],
    ];
    expected.forEach((row, i) => row.forEach((p, k) => expect(proba[3 * i + k]).toBeCloseTo(p, 6)));
  });
  it('ridge regression matches numpy.linalg.solve of the normal equations', () => {
    const y = Float64Array.from([3.0, 4.1, 6.2, 8.0, 3.9, 7.5, 5.0, 9.1, 2.2, 6.0, 4.8, 6.9]);
    const d = new LinearEncoder(data, ['x', 'c']).encode(data);
    const pred = predictRidge(fitRidge(d, y), d);
    const expected = [
      3.198294059891998, 4.261519391261659, 6.003669612174766, 7.968352970054001, 3.4822484045164455, 7.500790378006872,
      5.380252822778596, 8.591769759450171, 2.702977417771232, 5.847815414825725, 4.851269023073147, 6.911040746195385,
    ];
    expected.forEach((p, i) => expect(pred[i]).toBeCloseTo(p, 9));
  });
  // Past 300 coefficients the Newton systems are solved by conjugate gradients, not a Cholesky
  // factor (300 six-level columns took over two minutes). Checked here against the optimum's own
  // definition, computed by plain loops over the dense matrix: the objective's gradient vanishes.
  it('on a design of 363 coefficients, logistic and ridge fits reach their optimum (gradient ~ 0)', () => {
    const n = 400;
    const dense = 2;
    const groups = 30;
    const levels = 12;
    const width = dense + groups * levels;
    const rand = lcg(7);
    const x = Float64Array.from({ length: n * dense }, () => rand() * 2 - 1);
    const slots = new Int32Array(n * groups);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < groups; j++) slots[i * groups + j] = dense + j * levels + Math.floor(rand() * levels);
    const d = { rows: n, dense, x, sparse: groups, slots, width };
    const row = (i: number): Float64Array => {
      const r = new Float64Array(1 + width);
      r[0] = 1;
      for (let j = 0; j < dense; j++) r[1 + j] = x[i * dense + j];
      for (let j = 0; j < groups; j++) r[1 + slots[i * groups + j]] = 1;
      return r;
    };
    const rows = Array.from({ length: n }, (_, i) => row(i));
    const lambda = 1 / n;
    const y = Int32Array.from(rows, (r, i) => (r[1] + (r[1 + dense] ? 1 : 0) + 0.5 * x[i * dense + 1] > 0.3 ? 1 : 0));
    const logistic = fitLogistic(d, y).weights;
    expect(logistic.length).toBe(1 + width);
    const grad = new Float64Array(1 + width);
    rows.forEach((r, i) => {
      let z = 0;
      r.forEach((v, j) => (z += v * logistic[j]));
      const residual = 1 / (1 + Math.exp(-z)) - y[i];
      r.forEach((v, j) => (grad[j] += (residual * v) / n));
    });
    for (let j = 1; j <= width; j++) grad[j] += lambda * logistic[j];
    for (const g of grad) expect(Math.abs(g)).toBeLessThan(1e-6);

    const target = Float64Array.from(rows, (r, i) => 3 * r[1] - 2 * r[1 + dense] + Math.sin(i));
    const ridge = fitRidge(d, target);
    const mean = ridge.yMean!;
    const scale = ridge.yScale!;
    const rg = new Float64Array(1 + width);
    rows.forEach((r, i) => {
      let z = 0;
      r.forEach((v, j) => (z += v * ridge.weights[j]));
      const residual = z - (target[i] - mean) / scale;
      r.forEach((v, j) => (rg[j] += (residual * v) / n));
    });
    for (let j = 1; j <= width; j++) rg[j] += lambda * ridge.weights[j];
    for (const g of rg) expect(Math.abs(g)).toBeLessThan(1e-8);
  });
  it('encodes unseen categories and missing numbers without failing', () => {
    const train = table({ x: [1, 2, null, 4], c: ['a', 'b', 'a', null] });
    const enc = new LinearEncoder(train, ['x', 'c'], { referenceCoding: true });
    // intercept + x + missing(x) + b + missing(c): a is the reference level
    expect(enc.parameters).toBe(5);
    const d = enc.encode(table({ x: [null, 3], c: ['z', 'b'] }));
    expect(d.x[0]).toBe(0); // a missing number sits at the mean ...
    expect(d.x[1]).toBe(1); // ... with its indicator on
    expect(d.x[3]).toBe(0);
    expect(d.slots[0]).toBe(-1); // an unseen level has no slot
    expect(d.slots[1]).toBeGreaterThanOrEqual(0);
  });
});

describe('random forest', () => {
  it('learns a rule on numbers and categories', () => {
    const rnd = lcg(1);
    const n = 600;
    const x: number[] = [];
    const c: string[] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      x.push(rnd() * 10);
      c.push(['p', 'q', 'r'][Math.floor(rnd() * 3)]);
      y.push(x[i] > 6 || c[i] === 'q' ? 1 : 0);
    }
    const t = table({ x, c });
    const enc = new BinEncoder(t, ['x', 'c'], Float64Array.from(y));
    const forest = fitForest(enc.encode(t), Int32Array.from(y), 2, { trees: 10 });
    const proba = predictForest(forest, enc.encode(t));
    const m = classificationMetrics(proba, 2, Int32Array.from(y), 1);
    expect(m.accuracy).toBeGreaterThan(0.97);
  });
  it('regresses a step function', () => {
    const x = Array.from({ length: 200 }, (_, i) => i / 20);
    const y = Float64Array.from(x, (v) => (v < 5 ? 1 : 3));
    const t = table({ x });
    const enc = new BinEncoder(t, ['x'], y);
    const pred = predictForest(fitForest(enc.encode(t), y, 0, { trees: 5 }), enc.encode(t));
    expect(regressionMetrics(pred, y).r2).toBeGreaterThan(0.95);
  });
});

describe('metrics (scikit-learn definitions)', () => {
  it('ROC-AUC is the Mann-Whitney U over n_pos n_neg', () => {
    const s = [0.1, 0.4, 0.35, 0.8, 0.7, 0.2, 0.9, 0.5, 0.5, 0.3];
    const l = [0, 0, 1, 1, 1, 0, 1, 0, 1, 0];
    // scipy.stats.mannwhitneyu(s[l==1], s[l==0]).statistic / (5 * 5) == 0.9 (ties count half)
    expect(rocAuc(s, l)).toBeCloseTo(0.9, 12);
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNaN();
  });
  it('binary precision, recall and F1 of the positive class, by hand', () => {
    // predictions (argmax): 1 1 0 0 1; truth: 1 0 0 1 1 -> tp 2, fp 1, fn 1, tn 1
    const proba = Float64Array.from([0.2, 0.8, 0.4, 0.6, 0.9, 0.1, 0.7, 0.3, 0.1, 0.9]);
    const m = classificationMetrics(proba, 2, Int32Array.from([1, 0, 0, 1, 1]), 1);
    expect(m.accuracy).toBeCloseTo(0.6, 12);
    expect(m.precision).toBeCloseTo(2 / 3, 12);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    expect(m.f1).toBeCloseTo(2 / 3, 12);
    // scores of class 1: .8 .6 .1 .3 .9 -> positives {.8,.3,.9}, negatives {.6,.1}: 5 of 6 pairs ordered
    expect(m.rocAuc).toBeCloseTo(5 / 6, 12);
  });
  it('macro averages over the labels in truth or prediction; no predicted positives gives 0', () => {
    // truth 0 1 2 2; predicted 0 2 2 2 -> class 0: p 1 r 1 f 1; class 1: 0 0 0; class 2: p 2/3 r 1 f 0.8
    const proba = Float64Array.from([1, 0, 0, 0, 0.2, 0.8, 0, 0, 1, 0.1, 0.1, 0.8]);
    const m = classificationMetrics(proba, 3, Int32Array.from([0, 1, 2, 2]));
    expect(m.precision).toBeCloseTo((1 + 0 + 2 / 3) / 3, 12);
    expect(m.recall).toBeCloseTo((1 + 0 + 1) / 3, 12);
    expect(m.f1).toBeCloseTo((1 + 0 + 0.8) / 3, 12);
    const none = classificationMetrics(Float64Array.from([1, 0, 1, 0]), 2, Int32Array.from([1, 0]), 1);
    expect(none.precision).toBe(0);
    expect(none.f1).toBe(0);
  });
  it('R² and MAE by hand', () => {
    // truth 1 2 3 (mean 2, SS_tot 2); pred 1 2 4: SS_res 1 -> R² 0.5; MAE 1/3
    const m = regressionMetrics([1, 2, 4], [1, 2, 3]);
    expect(m.r2).toBeCloseTo(0.5, 12);
    expect(m.mae).toBeCloseTo(1 / 3, 12);
    expect(regressionMetrics([1, 1], [2, 2]).r2).toBeNaN();
  });
});
