/**
 * Conditional generation (`where`) and rebalancing. "Drawn from the conditional distribution" is
 * checked against an independent reference: rows generated without a condition and filtered by
 * it (generate-and-discard, which is the definition of the conditional distribution), compared
 * on shares and means within a stated number of standard errors of both samples.
 */
import { describe, expect, it } from 'vitest';
import { churn } from '../../../../src/core/blueprint/templates/churn';
import type { Blueprint } from '../../../../src/core/blueprint/types';
import { validateBlueprint } from '../../../../src/core/blueprint/validate';
import { readCsv } from '../../../../src/core/csv/read';
import { fitBlueprint } from '../../../../src/core/fit';
import { generateTable } from '../../../../src/core/generate';
import { conditionProblems, exactCounts, rowsMeeting, compileCondition } from '../../../../src/core/generate/condition';
import type { Table } from '../../../../src/core/table';
import { fixture, synthError } from '../../helpers';
import { column, labels, numbers } from '../fit/methods';

const SOURCE = { label: '--where', location: {} };

function fitFile(file: string, method: 'copula' | 'cart') {
  return fitBlueprint(readCsv(fixture(file), { fileName: file }), { method }).blueprint;
}

const adult = { copula: fitFile('adult-2000.csv', 'copula'), cart: fitFile('adult-2000.csv', 'cart') };

/** Share of rows whose `name` is `level`, and its standard error. */
function share(t: Table, name: string, level: string): { p: number; se: number } {
  const l = labels(t, name);
  const p = l.filter((x) => x === level).length / l.length;
  return { p, se: Math.sqrt((p * (1 - p)) / l.length) };
}

function mean(xs: number[]): { m: number; se: number } {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
  return { m, se: Math.sqrt(v / xs.length) };
}

/** Rows of an unconditioned table meeting a condition: the reference conditional sample. */
function filtered(blueprint: Blueprint, where: string, rows: number, seed = 7): Table {
  const all = generateTable(blueprint, { rows, seed });
  const keep = rowsMeeting(all, compileCondition(where, blueprint, SOURCE));
  const columns = all.columns.map((c) => {
    if (c.storage === 'numeric') return { ...c, values: Float64Array.from(keep, (r) => c.values[r]) };
    if (c.storage === 'categorical') return { ...c, codes: Int32Array.from(keep, (r) => c.codes[r]) };
    return { ...c, values: Array.from(keep, (r) => c.values[r]) };
  });
  return { rowCount: keep.length, columns };
}

describe.each(['copula', 'cart'] as const)('where, method %s', (method) => {
  const blueprint = adult[method];
  const where = 'sex == "Female" and age >= 50';

  it('makes exactly the rows asked, every one meeting the condition', () => {
    for (const rows of [1, 4095, 4097, 10_000]) {
      const t = generateTable(blueprint, { rows, where });
      expect(t.rowCount).toBe(rows);
      expect(rowsMeeting(t, compileCondition(where, blueprint, SOURCE)).length).toBe(rows);
      expect(labels(t, 'sex').every((s) => s === 'Female')).toBe(true);
      expect(Math.min(...numbers(t, 'age'))).toBeGreaterThanOrEqual(50);
    }
  });

  it('draws the other columns from their distribution given the condition (vs generate-and-discard)', () => {
    const conditioned = generateTable(blueprint, { rows: 8000, where });
    const reference = filtered(blueprint, where, 120_000);
    expect(reference.rowCount).toBeGreaterThan(3000);
    // Income share and mean hours, within 4 combined standard errors (a false alarm ~1 in 15,000).
    const a = share(conditioned, 'income', '>50K');
    const b = share(reference, 'income', '>50K');
    expect(Math.abs(a.p - b.p)).toBeLessThan(4 * Math.hypot(a.se, b.se));
    const w1 = share(conditioned, 'marital-status', 'Widowed');
    const w2 = share(reference, 'marital-status', 'Widowed');
    expect(Math.abs(w1.p - w2.p)).toBeLessThan(4 * Math.hypot(w1.se, w2.se));
    // Numbers: unconditioned cart maps each block's numbers onto the column's marginal after the
    // trees (cart.ts, calibrate), which conditioned rows cannot; their tails differ a little
    // (mean age given age >= 50: 57.9 vs 58.6), a known limit stated in docs/engine.md.
    if (method === 'copula') {
      const h1 = mean(numbers(conditioned, 'hours-per-week'));
      const h2 = mean(numbers(reference, 'hours-per-week'));
      expect(Math.abs(h1.m - h2.m)).toBeLessThan(4 * Math.hypot(h1.se, h2.se));
      const g1 = mean(numbers(conditioned, 'age'));
      const g2 = mean(numbers(reference, 'age'));
      expect(Math.abs(g1.m - g2.m)).toBeLessThan(4 * Math.hypot(g1.se, g2.se));
    }
  });

  it('is the same for the same seed and chunking, and blocks do not depend on each other', () => {
    const a = generateTable(blueprint, { rows: 9000, where, seed: 3 });
    const b = generateTable(blueprint, { rows: 9000, where, seed: 3, chunkSize: 4096 });
    expect(numbers(b, 'age')).toEqual(numbers(a, 'age'));
    expect(labels(b, 'income')).toEqual(labels(a, 'income'));
    const c = generateTable(blueprint, { rows: 9000, where, seed: 4 });
    expect(numbers(c, 'age')).not.toEqual(numbers(a, 'age'));
  });

  it('keeps a residual across columns and a condition on a mapped column', () => {
    const t = generateTable(blueprint, { rows: 3000, where: '`education-num` >= 14 and `hours-per-week` > age' });
    const edu = numbers(t, 'education-num');
    const hours = numbers(t, 'hours-per-week');
    const age = numbers(t, 'age');
    expect(edu.every((e) => e >= 14)).toBe(true);
    expect(hours.every((h, i) => h > age[i])).toBe(true);
    // Where education-num is read off education (a mapping), only the levels that map to 14 and above.
    const model = blueprint.model;
    if (model && model.kind !== 'augment' && model.mappings?.some((m) => m.column === 'education-num'))
      expect(new Set(labels(t, 'education'))).toEqual(new Set(['Masters', 'Prof-school', 'Doctorate']));
  });

  it('handles missing and not missing', () => {
    const missing = generateTable(blueprint, { rows: 500, where: 'is_missing(occupation)' });
    expect(labels(missing, 'occupation').every((x) => x === null)).toBe(true);
    const present = generateTable(blueprint, {
      rows: 500,
      where: 'not is_missing(occupation) and occupation != "Sales"',
    });
    expect(labels(present, 'occupation').every((x) => x !== null && x !== 'Sales')).toBe(true);
  });

  it('meets a condition the model gives about 0.05% in seconds, not by discarding', () => {
    const where = 'income == ">50K" and sex == "Female" and age >= 60 and `hours-per-week` >= 50';
    const reference = filtered(blueprint, where, 100_000);
    // The condition is rare in the model: under 0.3% of unconditioned rows.
    expect(reference.rowCount / 100_000).toBeLessThan(0.003);
    const t = generateTable(blueprint, { rows: 5000, where });
    expect(rowsMeeting(t, compileCondition(where, blueprint, SOURCE)).length).toBe(5000);
  });

  it('says at once when a part cannot hold, naming it', () => {
    const cases: [string, RegExp][] = [
      ['agee >= 65', /Unknown column "agee". Did you mean "age"\?/],
      ['sex == "Femal"', /"Femal" is not a level of "sex"/],
      ['age >= 200', /age >= 200/],
      ['age > 60 and age < 30', /`age > 60` and `age < 30` cannot both hold/],
      ['email == "x"', /Unknown column "email"/],
    ];
    for (const [where, message] of cases) {
      const e = synthError(() => generateTable(blueprint, { rows: 10, where }));
      expect(e.message).toMatch(message);
      expect(e.message).toContain('--where');
    }
    const level = conditionProblems('sex == "Femal"', blueprint)[0];
    expect(level).toMatchObject({ code: 'unknown-level', suggestion: 'Female', start: 8, end: 13 });
  });
});

describe('where, impossible in the model', () => {
  it('names parts no copula segment produces together (penguins: Gentoo live on Biscoe only)', () => {
    const penguins = fitFile('penguins.csv', 'copula');
    const e = synthError(() =>
      generateTable(penguins, { rows: 10, where: 'species == "Gentoo" and island == "Dream"' }),
    );
    expect(e.code).toBe('condition/impossible');
    expect(e.message).toContain('species == "Gentoo"');
    expect(e.message).toContain('island == "Dream"');
  });

  it('refuses a condition that contradicts a constraint', () => {
    const blueprint: Blueprint = {
      ...structuredClone(churn.blueprint),
      constraints: [{ expr: 'monthly_charges <= 100' }],
    } as Blueprint;
    const e = synthError(() => generateTable(blueprint, { rows: 10, where: 'monthly_charges > 110' }));
    expect(e.message).toMatch(/contradicts the blueprint's constraint `monthly_charges <= 100`/);
  });
});

describe('where, rules blueprints', () => {
  const blueprint = structuredClone(churn.blueprint) as Blueprint;

  it('conditions a logistic target and a conditional column, matching generate-and-discard', () => {
    const where = 'churn and contract == "two-year"';
    const t = generateTable(blueprint, { rows: 4000, where });
    expect(t.rowCount).toBe(4000);
    expect(labels(t, 'contract').every((c) => c === 'two-year')).toBe(true);
    const reference = filtered(blueprint, where, 200_000);
    const a = mean(numbers(t, 'tenure_months'));
    const b = mean(numbers(reference, 'tenure_months'));
    expect(Math.abs(a.m - b.m)).toBeLessThan(4 * Math.hypot(a.se, b.se));
  });

  it('keeps identifiers counting rows, without repeats', () => {
    const t = generateTable(blueprint, { rows: 5000, where: 'tenure_months > 60' });
    const ids = column(t, 'customer_id');
    if (ids.storage !== 'text') throw new Error('id');
    expect(ids.values[0]).toBe('CUST-00001');
    expect(ids.values[4999]).toBe('CUST-05000');
  });

  it('refuses a condition on a derived column, naming what it is computed from', () => {
    const derived = blueprint.columns.find((c) => c.distribution?.kind === 'derived');
    expect(derived).toBeDefined();
    const e = synthError(() => generateTable(blueprint, { rows: 10, where: `${derived!.name} > 0` }));
    expect(e.code).toBe('condition/derived-column');
    expect(e.message).toContain('a condition cannot be drawn for a derived column');
  });
});

describe('rebalance', () => {
  it('gives each level exactly its share per block, the rest drawn given the level', () => {
    const blueprint = adult.copula;
    const t = generateTable(blueprint, { rows: 10_000, rebalance: 'income=0.5' });
    const inc = labels(t, 'income');
    // Blocks of 4,096, 4,096 and 1,808 rows: 2,048 + 2,048 + 904 of each.
    expect(inc.filter((x) => x === '>50K').length).toBe(5000);
    // Rows with >50K look like >50K rows of the model (vs generate-and-discard).
    const rich = filtered(blueprint, 'income == ">50K"', 60_000);
    const mine = generateTable(blueprint, { rows: 6000, where: 'income == ">50K"' });
    const a = mean(numbers(mine, 'age'));
    const b = mean(numbers(rich, 'age'));
    expect(Math.abs(a.m - b.m)).toBeLessThan(4 * Math.hypot(a.se, b.se));
  });

  it('takes several levels, and a condition with it', () => {
    const t = generateTable(adult.cart, {
      rows: 4096,
      rebalance: 'race=White:0.5,Black:0.3,Asian-Pac-Islander:0.2',
      where: 'age >= 30',
    });
    const race = labels(t, 'race');
    expect(race.filter((r) => r === 'White').length).toBe(2048);
    expect(race.filter((r) => r === 'Black').length).toBe(1229);
    expect(race.filter((r) => r === 'Asian-Pac-Islander').length).toBe(819);
    expect(Math.min(...numbers(t, 'age'))).toBeGreaterThanOrEqual(30);
  });

  it('counts by largest remainders', () => {
    expect(exactCounts(4096, [0.5, 0.3, 0.2])).toEqual([2048, 1229, 819]);
    expect(exactCounts(10, [1 / 3, 1 / 3, 1 / 3])).toEqual([4, 3, 3]);
  });

  it('says what is wrong with a rebalance', () => {
    const b = adult.copula;
    const cases: [string, RegExp][] = [
      ['race=White:0.5,Black:0.3', /the shares sum to 0\.8, not 1/],
      ['race=White:0.5,Blak:0.5', /"Blak" is not a level of "race".*/],
      ['age=0.5', /"age" is a integer column; rebalancing sets the shares of a category/],
      ['race=0.5', /"race" has 5 levels; a single share is for a column of two levels/],
      ['incme=0.5', /there is no column "incme"/],
    ];
    for (const [rebalance, message] of cases) {
      const e = synthError(() => generateTable(b, { rows: 10, rebalance }));
      expect(e.message).toMatch(message);
    }
    const many: Blueprint = {
      version: 1,
      name: 'zips',
      method: 'rules',
      rows: 10,
      seed: 1,
      columns: [
        {
          name: 'zip',
          type: 'category',
          distribution: {
            kind: 'categorical',
            probabilities: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`Z${i}`, 1 / 500])),
          },
        },
      ],
    };
    expect(synthError(() => generateTable(many, { rows: 10, rebalance: 'zip=Z1:1' })).message).toMatch(
      /"zip" has 500 levels; rebalancing .* at most 100/,
    );
  });
});

describe('output.where and output.rebalance in a blueprint', () => {
  it('are used by generate, and validated at their place', () => {
    const blueprint = structuredClone(adult.copula);
    blueprint.output = {
      ...blueprint.output,
      where: 'age >= 40',
      rebalance: { column: 'income', shares: { '>50K': 0.5, '<=50K': 0.5 } },
    };
    const t = generateTable(blueprint, { rows: 1000 });
    expect(Math.min(...numbers(t, 'age'))).toBeGreaterThanOrEqual(40);
    expect(labels(t, 'income').filter((x) => x === '>50K').length).toBe(500);
    expect(validateBlueprint(blueprint).filter((p) => p.severity === 'error')).toEqual([]);
    blueprint.output.where = 'sex == "Femal"';
    blueprint.output.rebalance = { column: 'income', shares: { '>50K': 0.6, '<=50K': 0.5 } };
    const problems = validateBlueprint(blueprint).filter((p) => p.severity === 'error');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'condition/unknown-level',
          path: ['output', 'where'],
          span: { start: 8, end: 13 },
          data: { name: 'Femal', suggestion: 'Female' },
        }),
        expect.objectContaining({ code: 'rebalance/shares-sum', path: ['output', 'rebalance', 'shares'] }),
      ]),
    );
  });
});
