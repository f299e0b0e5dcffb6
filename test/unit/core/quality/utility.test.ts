import { describe, expect, it } from 'vitest';
import { chanceGini, chooseTarget, utilitySection } from '../../../../src/core/quality/utility';
import { lcg, table } from './helpers';

function population(n: number, seed: number): ReturnType<typeof table> {
  const rnd = lcg(seed);
  const age: number[] = [];
  const plan: string[] = [];
  const churn: string[] = [];
  const spend: number[] = [];
  for (let i = 0; i < n; i++) {
    age.push(18 + Math.floor(rnd() * 60));
    plan.push(['basic', 'plus', 'pro'][Math.floor(rnd() * 3)]);
    const risk = (age[i] < 30 ? 0.6 : 0.15) + (plan[i] === 'basic' ? 0.2 : 0);
    churn.push(rnd() < risk ? 'yes' : 'no');
    spend.push(age[i] * 2 + (plan[i] === 'pro' ? 50 : 0) + rnd() * 10);
  }
  return table({ age, plan, churn, spend });
}

describe('target choice', () => {
  it('takes the column asked for, with the task from its type', () => {
    const t = population(50, 1);
    expect(chooseTarget(t, { target: 'spend' })).toMatchObject({
      column: 'spend',
      task: 'regression',
      chosenBy: 'option',
    });
    expect(chooseTarget(t, { target: 'plan', targetSource: 'blueprint' })).toMatchObject({
      column: 'plan',
      task: 'multiclass',
      chosenBy: 'blueprint',
    });
    expect(chooseTarget(t, { target: 'nope' })).toEqual({
      skipped: 'the target "nope" is not a column of the real table',
    });
  });
  it('infers y, target, label, class, outcome or churn first, else a target-like name, else the last binary column', () => {
    expect(chooseTarget(population(50, 1))).toMatchObject({
      column: 'churn',
      task: 'binary',
      chosenBy: 'name',
      classes: ['no', 'yes'],
    });
    const t = table({ Class: ['a', 'b', 'c', 'a'], y: ['0', '1', '1', '0'], z: ['u', 'v', 'u', 'v'] });
    expect(chooseTarget(t)).toMatchObject({ column: 'y', task: 'binary' });
    // bank-full.csv's header (UCI Bank Marketing): four binary columns; "default" (1.8% yes) is a
    // flag named like a target, "y" is the outcome. The strong name wins.
    const n = 8;
    const yn = (k: number): string[] => Array.from({ length: n }, (_, i) => (i % k === 0 ? 'yes' : 'no'));
    const bank = table({
      age: Array.from({ length: n }, (_, i) => 30 + i),
      job: ['admin.', 'technician', 'services', 'admin.', 'retired', 'services', 'admin.', 'technician'],
      default: yn(7),
      housing: yn(2),
      loan: yn(3),
      poutcome: ['unknown', 'failure', 'success', 'other', 'unknown', 'unknown', 'failure', 'unknown'],
      y: yn(4),
    });
    expect(chooseTarget(bank)).toMatchObject({ column: 'y', chosenBy: 'name', reason: 'inferred: a column named "y"' });
    expect(chooseTarget(table({ OUTCOME: ['a', 'b', 'c'], default: ['no', 'yes', 'no'] }))).toMatchObject({
      column: 'OUTCOME',
      task: 'multiclass',
    });
    // No strong name: a weaker target-like name (binary first), else the last binary column.
    expect(chooseTarget(table({ species: ['a', 'b', 'c'], sex: ['f', 'm', 'f'] }))).toMatchObject({
      column: 'species',
      chosenBy: 'name',
    });
    expect(
      chooseTarget(table({ a: ['u', 'v', 'w'], b: ['p', 'q', 'p'], c: ['x', 'y', 'z'], n: [1, 2, 3] })),
    ).toMatchObject({
      column: 'b',
      chosenBy: 'last-binary',
    });
    expect(chooseTarget(table({ a: ['u', 'v', 'w'], b: ['p', 'q', 'r'], n: [1, 2, 3] }))).toMatchObject({
      column: 'b',
      chosenBy: 'last-categorical',
    });
  });
  it('says where a named target came from', () => {
    const t = population(50, 1);
    expect(chooseTarget(t, { target: 'plan', targetSource: 'setting' })).toMatchObject({
      chosenBy: 'setting',
      reason: 'from the synthStudio.target setting',
    });
    expect(chooseTarget(t, { target: 'plan', targetSource: 'picked' })).toMatchObject({
      chosenBy: 'picked',
      reason: 'picked in the report',
    });
  });
  it('says why there is none', () => {
    expect(chooseTarget(table({ n: [1, 2, 3] }))).toHaveProperty(
      'skipped',
      expect.stringMatching(/no categorical column/),
    );
    expect(chooseTarget(table({ one: ['a', 'a'] }))).toHaveProperty('skipped');
    expect(chooseTarget(table({ c: [1, 1, 1] }), { target: 'c' })).toHaveProperty(
      'skipped',
      'the target "c" has fewer than two distinct values',
    );
  });
});

describe('TSTR vs TRTR', () => {
  const train = population(1500, 1);
  const holdout = population(500, 2);
  it('retains everything when the synthetic rows are the training rows', () => {
    const { report } = utilitySection(train, holdout, train);
    expect(report.retained).toBe(1);
    expect(report.score).toBe(1);
    expect(report.headline).toBe('gini');
    expect(report.target).toMatchObject({ column: 'churn', positiveClass: 'yes' });
    expect(report.models.map((m) => m.name)).toEqual(['logistic regression', 'random forest']);
    for (const m of report.models) {
      expect(m.tstr).toEqual(m.trtr);
      expect(Object.keys(m.tstr).sort()).toEqual(['accuracy', 'f1', 'precision', 'recall', 'rocAuc']);
      expect((m.trtr as { rocAuc: number }).rocAuc).toBeGreaterThan(0.65);
    }
  });
  it('loses utility when the synthetic rows break the relationship', () => {
    const broken = population(1500, 3);
    const churn = broken.columns.find((c) => c.name === 'churn')!;
    if (churn.storage !== 'categorical') throw new Error('churn');
    const rnd = lcg(9);
    for (let i = 0; i < churn.codes.length; i++)
      churn.codes[i] = rnd() < 0.3 ? churn.levels.indexOf('yes') : churn.levels.indexOf('no');
    const { report } = utilitySection(train, holdout, broken);
    expect(report.retained!).toBeLessThan(0.6);
  });
  it('does not count skill a model trained on real rows shows by chance', () => {
    // A target the features do not predict: the real-trained models' Gini on 60 held-out rows is
    // noise, and a ratio of two noises said "174% of the skill" (utility 100%) before.
    const noise = (n: number, seed: number): ReturnType<typeof table> => {
      const rnd = lcg(seed);
      const cols: Record<string, number[] | string[]> = {};
      for (let j = 0; j < 6; j++) cols[`x${j}`] = Array.from({ length: n }, () => Math.floor(rnd() * 6));
      cols.label = Array.from({ length: n }, () => (rnd() < 0.5 ? 'a' : 'b'));
      return table(cols);
    };
    const { report } = utilitySection(noise(240, 1), noise(60, 2), noise(300, 3), { target: 'label' });
    expect(report.score).toBeNull();
    expect(report.meaning).toMatch(/that chance reaches on 60 held-out rows/);
  });
  it('the chance Gini is twice the null standard error of the (macro) AUC, doubled (by hand)', () => {
    // Binary, 30 and 30 rows: Var(AUC) = (30 + 30 + 1) / (12 * 30 * 30) (Mann-Whitney U under no
    // skill), so 2 * SE(Gini) = 4 * sqrt(61 / 10800) = 0.300617
    const binary = Int32Array.from({ length: 60 }, (_, i) => (i < 30 ? 0 : 1));
    expect(chanceGini(binary, 2)).toBeCloseTo(4 * Math.sqrt(61 / 10800), 12);
    expect(chanceGini(binary, 2)).toBeCloseTo(0.300617, 6);
    // Three classes of 10, 20, 30 rows (one-vs-rest): variances 61/6000, 61/9600, 61/10800; the
    // macro average's is their sum over 9: 2 * SE(Gini) = 4 * sqrt(0.0221690 / 9) = 0.198523.
    const three = Int32Array.from({ length: 60 }, (_, i) => (i < 10 ? 0 : i < 30 ? 1 : 2));
    expect(chanceGini(three, 3)).toBeCloseTo(0.198523, 6);
  });
  it('measures R² and MAE for a numeric target', () => {
    const { report } = utilitySection(train, holdout, train, { target: 'spend' });
    expect(report.headline).toBe('r2');
    expect(report.target?.task).toBe('regression');
    const lin = report.models[0];
    expect(lin.name).toBe('linear regression (ridge)');
    expect((lin.trtr as { r2: number }).r2).toBeGreaterThan(0.95);
    expect(lin.retained).toBe(1);
  });
  it('is skipped without a holdout or a target', () => {
    expect(
      utilitySection(
        train,
        table({ age: [], plan: [], churn: [], spend: [] }, { plan: 'category', churn: 'category' }),
        train,
      ).report.skipped,
    ).toMatch(/no holdout/);
    const nums = table({ a: [1, 2, 3], b: [3, 4, 5] });
    expect(utilitySection(nums, nums, nums).report.skipped).toMatch(/no categorical column/);
  });
});
