import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../../src/core/csv/read';
import { fitBlueprint } from '../../../../src/core/fit';
import { cholesky, fromRows } from '../../../../src/core/stats/matrix';
import { fitText, fitted, labels, numbers } from './methods';

describe('copula: category orders', () => {
  it('orders education by education-num (adult), so the copula carries their exact relation', () => {
    const { fit, synthetic } = fitted('adult-2000.csv', 'copula');
    const spec = fit.blueprint.columns.find((c) => c.name === 'education')!;
    if (spec.distribution?.kind !== 'categorical') throw new Error('education is not categorical');
    // "other" pools the levels seen in fewer than 5 rows (not a level of the real rows).
    const order = Object.keys(spec.distribution.probabilities).filter((l) => l !== 'other');
    // Mean education-num per level in the real rows, in the chosen order: monotone.
    const edu = labels(fit.train, 'education');
    const num = (fit.train.columns.find((c) => c.name === 'education-num') as { values: Float64Array }).values;
    const mean = (level: string) => {
      let s = 0;
      let n = 0;
      edu.forEach((l, i) => {
        if (l === level) {
          s += num[i];
          n++;
        }
      });
      return s / n;
    };
    const means = order.map(mean);
    const increasing = means.every((m, i) => i === 0 || m >= means[i - 1]);
    const decreasing = means.every((m, i) => i === 0 || m <= means[i - 1]);
    expect(increasing || decreasing).toBe(true);
    // And the synthetic rows keep much of the mapping (a copula blurs the edges of narrow levels;
    // at random, with these level shares, about 16% of the rows would agree).
    const sEdu = labels(synthetic, 'education');
    const sNum = (synthetic.columns.find((c) => c.name === 'education-num') as { values: Float64Array }).values;
    let agree = 0;
    sEdu.forEach((l, i) => {
      if (l !== null && Math.abs(sNum[i] - mean(l)) < 0.5) agree++;
    });
    expect(agree / sEdu.length).toBeGreaterThan(0.5);
  });

  it('keeps a relabelling mostly consistent (titanic: class is pclass in words; at random, 41% would agree)', () => {
    const { synthetic } = fitted('titanic.csv', 'copula');
    const pclass = labels(synthetic, 'pclass');
    const cls = labels(synthetic, 'class');
    const map: Record<string, string> = { '1': 'First', '2': 'Second', '3': 'Third' };
    let agree = 0;
    pclass.forEach((p, i) => {
      if (p !== null && map[p] === cls[i]) agree++;
    });
    expect(agree / pclass.length).toBeGreaterThan(0.7);
  });
});

describe('copula: segments', () => {
  it('fits a mixture on penguins whose weights sum to 1 and whose segments are big enough', () => {
    const { fit } = fitted('penguins.csv', 'copula');
    const model = fit.blueprint.model!;
    if (model.kind !== 'gaussianCopula') throw new Error('not a copula');
    expect(model.segments!.length).toBeGreaterThanOrEqual(2);
    expect(model.segments!.reduce((s, g) => s + g.weight, 0)).toBeCloseTo(1, 4);
    for (const seg of model.segments!) expect(seg.rows).toBeGreaterThanOrEqual(60);
  });

  it('keeps the species clusters: flipper length per species close to the real one', () => {
    const { fit, synthetic } = fitted('penguins.csv', 'copula');
    const meanBy = (t: typeof synthetic, species: string) => {
      const s = labels(t, 'species');
      const f = (t.columns.find((c) => c.name === 'flipper_length_mm') as { values: Float64Array }).values;
      let sum = 0;
      let n = 0;
      s.forEach((l, i) => {
        if (l === species && !Number.isNaN(f[i])) {
          sum += f[i];
          n++;
        }
      });
      return sum / n;
    };
    for (const sp of ['Adelie', 'Chinstrap', 'Gentoo'])
      expect(Math.abs(meanBy(synthetic, sp) - meanBy(fit.table, sp))).toBeLessThan(4);
  });

  it('stays a single copula on a table too small to split (messy: 40 rows fitted)', () => {
    const { fit } = fitted('messy.csv', 'copula');
    const model = fit.blueprint.model!;
    if (model.kind !== 'gaussianCopula') throw new Error('not a copula');
    expect(model.segments).toBeUndefined();
  });
});

describe('copula: correlation matrices are valid as written', () => {
  it('more columns than rows (a singular estimate) still gives a positive definite matrix', () => {
    const header = Array.from({ length: 60 }, (_, i) => `c${i}`).join(',');
    const rows = Array.from({ length: 40 }, (_, r) =>
      Array.from({ length: 60 }, (_, c) => ((r * 31 + c * 17) % 97) / 7)
        .map((x) => x.toFixed(2))
        .join(','),
    );
    const { fit } = fitText(`${header}\n${rows.join('\n')}\n`, 'copula');
    const model = fit.blueprint.model!;
    if (model.kind !== 'gaussianCopula') throw new Error('not a copula');
    expect(cholesky(fromRows(model.correlation), model.variables.length, 0)).toBeDefined();
  });

  it('outliers stay as rare as in the data (tail steps of minGroupSize rows)', () => {
    // 1000 values in 0..10 and two outliers at 500: the top quantile step spans only the top rows.
    const csv = 'x\n' + Array.from({ length: 1000 }, (_, i) => ((i * 7) % 1000) / 100).join('\n') + '\n500\n500\n';
    const fit = fitBlueprint(readCsv(new TextEncoder().encode(csv)), { holdout: 0, maxQuantiles: 50 });
    const { synthetic } = { synthetic: fitText(csv, 'copula', { holdout: 0, maxQuantiles: 50 }).synthetic };
    const spec = fit.blueprint.columns[0];
    if (spec.distribution?.kind !== 'empirical') throw new Error('not empirical');
    expect(spec.distribution.probabilities).toBeDefined();
    const big = numbers(synthetic, 'x').filter((x) => x > 20).length;
    expect(big).toBeLessThanOrEqual(6);
  });
});
