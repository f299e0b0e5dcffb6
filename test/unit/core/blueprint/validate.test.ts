import { describe, expect, it } from 'vitest';
import {
  applyEdits,
  normalizeProbabilities,
  quickFixes,
  repairCorrelation,
} from '../../../../src/core/blueprint/fixes';
import { parseBlueprint } from '../../../../src/core/blueprint/parse';
import { serializeBlueprint } from '../../../../src/core/blueprint/serialize';
import { TEMPLATES, templateText } from '../../../../src/core/blueprint/templates';
import type { Blueprint } from '../../../../src/core/blueprint/types';
import { fromRows, minEigenvalue } from '../../../../src/core/stats/matrix';
import { generateTable } from '../../../../src/core/generate';

function base(extra: Partial<Blueprint> = {}): Blueprint {
  return {
    version: 1,
    name: 't',
    method: 'rules',
    rows: 10,
    seed: 1,
    columns: [
      { name: 'age', type: 'integer', min: 18, max: 90, distribution: { kind: 'uniform', low: 18, high: 90 } },
      {
        name: 'plan',
        type: 'category',
        distribution: { kind: 'categorical', probabilities: { basic: 0.5, pro: 0.5 } },
      },
    ],
    ...extra,
  };
}

/** 1-based line and column of the first occurrence of `needle` (optionally after `after`). */
function positionOf(text: string, needle: string, after = ''): { line: number; column: number } {
  const offset = text.indexOf(needle, after ? text.indexOf(after) : 0);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

describe('blueprint validation, located', () => {
  it('offers to swap min and max (and low and high) when the lower is above the upper', () => {
    const bp = base();
    bp.columns[0] = { ...bp.columns[0], min: 90, max: 18, distribution: { kind: 'uniform', low: 90, high: 18 } };
    const text = serializeBlueprint(bp);
    const problems = parseBlueprint(text, 'x.synth.json').problems.filter((p) => p.code === 'blueprint/min-max');
    expect(problems).toHaveLength(2);
    let fixed = text;
    for (const p of problems) {
      const [fix] = quickFixes(text, p);
      expect(fix.title).toMatch(/^Swap (min and max|low and high) \(90 ↔ 18\)$/);
      expect(fix.preferred).toBe(true);
      fixed = applyEdits(fixed, fix.edits);
      // Each fix edits its own object: apply them one after the other on fresh text.
      break;
    }
    const second = parseBlueprint(fixed, 'x.synth.json').problems.filter((p) => p.code === 'blueprint/min-max');
    expect(second).toHaveLength(1);
    fixed = applyEdits(fixed, quickFixes(fixed, second[0])[0].edits);
    const after = parseBlueprint(fixed, 'x.synth.json');
    expect(after.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(after.blueprint!.columns[0]).toMatchObject({ min: 18, max: 90, distribution: { low: 18, high: 90 } });
  });

  it('reports a misspelled property once, at the property, as the error the missing one would be', () => {
    const text = serializeBlueprint(base()).replace('"type": "integer"', '"typ": "integer"');
    const problems = parseBlueprint(text, 'x.synth.json').problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      severity: 'error',
      code: 'blueprint/unknown-property',
      message: 'Unknown property "typ"; did you mean "type"?',
      ...positionOf(text, '"typ"'),
    });
    expect(problems[0].hint).toMatch(/^Without it, "type" is missing: Column type must be one of/);
    const rows = parseBlueprint(serializeBlueprint(base()).replace('"rows"', '"rowz"'), 'x.synth.json').problems;
    expect(rows.map((p) => p.code)).toEqual(['blueprint/unknown-property']);
    // Both there: the misspelling and the bad value are two mistakes.
    const both = parseBlueprint(
      serializeBlueprint(base()).replace('"type": "integer"', '"type": "int", "typ": "integer"'),
      'x.synth.json',
    ).problems;
    expect(both.map((p) => p.code).sort()).toEqual(['blueprint/enum', 'blueprint/unknown-property']);
  });

  it('every template is free of problems', () => {
    for (const t of TEMPLATES) expect(parseBlueprint(templateText(t), `${t.id}.synth.json`).problems).toEqual([]);
  });

  it('puts an unknown column in a constraint at its exact characters, escapes in the JSON string included', () => {
    const text = serializeBlueprint(base({ constraints: [{ expr: 'plan = "pro" and agee > 20' }] }));
    const p = parseBlueprint(text, 'x.synth.json').problems;
    expect(p).toHaveLength(1);
    // In the file the string reads "plan = \"pro\" and agee > 20": the escapes shift "agee" by two.
    expect(p[0]).toMatchObject({
      severity: 'error',
      code: 'expr/unknown-column',
      jsonPath: 'constraints[0].expr',
      length: 4,
      ...positionOf(text, 'agee'),
    });
    expect(p[0].message).toBe('Unknown column "agee". Did you mean "age"?');
    expect(p[0].data).toMatchObject({ name: 'agee', suggestion: 'age', expectedType: 'number' });
  });

  it('points a syntax error at the character', () => {
    const text = serializeBlueprint(base({ constraints: [{ expr: 'age >= 18 and' }] }));
    const p = parseBlueprint(text).problems[0];
    expect(p.code).toBe('expr/syntax');
    expect(p.message).toMatch(
      /^Expected a value after "and", found the end of the expression\. \(character 14 of "age >= 18 and"\)$/,
    );
    const at = positionOf(text, 'age >= 18 and');
    expect(p).toMatchObject({ line: at.line, column: at.column + 13 });
  });

  it('finds dependency cycles, min > max, probabilities that do not sum to 1, and a constraint that can never hold', () => {
    const bp = base({ constraints: [{ expr: 'age > 95' }, { expr: "plan = 'enterprise'" }] });
    bp.columns.push(
      { name: 'a', type: 'number', distribution: { kind: 'derived', expr: 'b + 1' } },
      { name: 'b', type: 'number', min: 5, max: 1, distribution: { kind: 'derived', expr: 'a * 2' } },
    );
    (bp.columns[1].distribution as { probabilities: Record<string, number> }).probabilities = { basic: 0.5, pro: 0.3 };
    const problems = parseBlueprint(serializeBlueprint(bp)).problems;
    const byCode = (c: string) => problems.filter((p) => p.code === c);
    expect(byCode('blueprint/cycle')[0].message).toBe('Columns depend on each other in a cycle: "a" -> "b" -> "a".');
    expect(byCode('blueprint/min-max')[0].jsonPath).toBe('columns[3].min');
    expect(byCode('blueprint/probabilities-sum')[0].message).toBe(
      'Column "plan": probabilities sum to 0.8, not 1; they are rescaled when generating.',
    );
    const never = byCode('blueprint/constraint-unsatisfiable');
    expect(never.map((p) => p.jsonPath)).toEqual(['constraints[0].expr', 'constraints[1].expr']);
    expect(never[0].message).toBe(
      'Constraint `age > 95` can never hold: age lies in [18, 90] (from its bounds and distribution).',
    );
    expect(never[1].message).toBe('Constraint `plan = \'enterprise\'` can never hold: plan is one of "basic", "pro".');
  });

  it('flags a distribution that does not fit the column type, and rules-only kinds in a fitted blueprint', () => {
    const bp = base();
    bp.columns[1].distribution = { kind: 'poisson', lambda: 2 };
    let p = parseBlueprint(serializeBlueprint(bp)).problems;
    expect(p[0].message).toBe('Column "plan" is category; a "poisson" distribution is for integer or number columns.');
    const fitted = base({ method: 'copula' });
    fitted.columns.push({ name: 'x', type: 'number', distribution: { kind: 'derived', expr: 'age * 2' } });
    p = parseBlueprint(serializeBlueprint(fitted)).problems;
    expect(p.find((x) => x.code === 'blueprint/rules-only')!.message).toBe(
      'Column "x": a "derived" distribution needs method "rules"; this blueprint uses "copula".',
    );
  });

  it('takes "rareLevel" naming a level of a category; flags another name, ignores it on a number', () => {
    const bp = base();
    bp.columns[1] = {
      ...bp.columns[1],
      rareLevel: 'other',
      distribution: { kind: 'categorical', probabilities: { basic: 0.5, pro: 0.3, other: 0.2 } },
    };
    expect(parseBlueprint(serializeBlueprint(bp)).problems).toEqual([]);
    // A rules blueprint makes fresh plans in place of "other": about 20% of the rows, none "other".
    const plan = generateTable(bp, { rows: 2000 }).columns[1];
    if (plan.storage !== 'categorical') throw new Error('categories expected');
    const made = Array.from(plan.codes, (c) => plan.levels[c]);
    const fresh = made.filter((v) => v !== 'basic' && v !== 'pro');
    expect(fresh.length / 2000).toBeGreaterThan(0.17);
    expect(fresh.length / 2000).toBeLessThan(0.23);
    bp.columns[1].rareLevel = 'others';
    let p = parseBlueprint(serializeBlueprint(bp)).problems;
    expect(p.map((x) => [x.code, x.jsonPath, x.message])).toEqual([
      [
        'blueprint/unknown-level',
        'columns[1].rareLevel',
        'Column "plan": "rareLevel" names "others", which is not one of the column\'s levels.',
      ],
    ]);
    bp.columns[1].rareLevel = undefined;
    bp.columns[0].rareLevel = 'other';
    p = parseBlueprint(serializeBlueprint(bp)).problems;
    expect(p.map((x) => [x.severity, x.code, x.message])).toEqual([
      ['warning', 'blueprint/ignored', 'Column "age" is integer: "rareLevel" is ignored.'],
    ]);
  });

  it('takes a whole "shuffle" on a sequence, which a rules blueprint generates shuffled; flags any other value', () => {
    const bp = base();
    bp.columns.unshift({ name: 'id', type: 'id', distribution: { kind: 'sequence', start: 1, step: 1, shuffle: 10 } });
    expect(parseBlueprint(serializeBlueprint(bp)).problems).toEqual([]);
    // Ten rows, one block of ten: the values 1..10 once each, not in row order for this seed.
    const id = generateTable(bp, { rows: 10 }).columns[0];
    if (id.storage !== 'text') throw new Error('text expected');
    const made = id.values.map(Number);
    expect([...made].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(made).not.toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    bp.columns[0].distribution = { kind: 'sequence', start: 1, step: 1, shuffle: 10, quantiles: [1, 3, 2] };
    expect(parseBlueprint(serializeBlueprint(bp)).problems.map((x) => [x.code, x.jsonPath])).toEqual([
      ['blueprint/type', 'columns[0].distribution.quantiles'],
    ]);
    bp.columns[0].distribution = { kind: 'sequence', start: 1, step: 1, quantiles: [1, 2, 3] };
    expect(parseBlueprint(serializeBlueprint(bp)).problems.map((x) => [x.severity, x.code])).toEqual([
      ['warning', 'blueprint/ignored'],
    ]);
    for (const shuffle of [0, 2.5, '10']) {
      bp.columns[0].distribution = { kind: 'sequence', start: 1, step: 1, shuffle: shuffle as number };
      const p = parseBlueprint(serializeBlueprint(bp)).problems;
      expect(p.map((x) => [x.code, x.jsonPath])).toEqual([['blueprint/type', 'columns[0].distribution.shuffle']]);
    }
  });

  it('takes "sorted" ascending or descending on numbers and datetimes; flags any other value, ignores it on a category', () => {
    const bp = base();
    bp.columns[0].sorted = 'ascending';
    expect(parseBlueprint(serializeBlueprint(bp)).problems).toEqual([]);
    (bp.columns[0] as { sorted?: string }).sorted = 'up';
    let p = parseBlueprint(serializeBlueprint(bp)).problems;
    expect(p.map((x) => [x.code, x.message])).toEqual([
      ['blueprint/enum', 'Column "age": "sorted" must be "ascending" or "descending".'],
    ]);
    bp.columns[0].sorted = undefined;
    bp.columns[1].sorted = 'descending';
    p = parseBlueprint(serializeBlueprint(bp)).problems;
    expect(p.map((x) => [x.severity, x.code, x.message])).toEqual([
      ['warning', 'blueprint/ignored', 'Column "plan" is category: "sorted" is ignored.'],
    ]);
    // A rules blueprint makes the column in row order: age rises over the run, from near 18 to near 90.
    bp.columns[1].sorted = undefined;
    bp.columns[0].sorted = 'ascending';
    const age = generateTable(bp, { rows: 1000 }).columns[0];
    if (age.storage !== 'numeric') throw new Error('numbers expected');
    for (let r = 1; r < 1000; r++) expect(age.values[r]).toBeGreaterThanOrEqual(age.values[r - 1]);
    expect([age.values[0], age.values[999]]).toEqual([18, 90]);
  });

  it('warns when the source CSV changed since fitting (stale fingerprint) or is missing', () => {
    const bp = base({
      method: 'copula',
      source: { path: 'data.csv', sha256: 'a'.repeat(64), rows: 1, trainRows: 1, holdout: 0 },
    });
    const text = serializeBlueprint(bp);
    const stale = parseBlueprint(text, 'x', { sourceSha256: 'b'.repeat(64) }).problems.find(
      (p) => p.code === 'blueprint/stale-source',
    )!;
    expect(stale.jsonPath).toBe('source.sha256');
    expect(stale.message).toMatch(/"data\.csv" changed since this blueprint was fitted/);
    expect(
      parseBlueprint(text, 'x', { sourceSha256: 'a'.repeat(64) }).problems.some(
        (p) => p.code === 'blueprint/stale-source',
      ),
    ).toBe(false);
    expect(
      parseBlueprint(text, 'x', { sourceSha256: null }).problems.some((p) => p.code === 'blueprint/source-missing'),
    ).toBe(true);
  });

  it('warns when pairwise correlations cannot hold together', () => {
    const bp = base({ correlations: [] });
    bp.columns.push({ name: 'c', type: 'number', distribution: { kind: 'normal', mean: 0, sd: 1 } });
    // r(age,plan)... use three numeric columns: 0.9, 0.9, -0.9 is impossible (determinant < 0).
    bp.columns[1] = { name: 'd', type: 'number', distribution: { kind: 'normal', mean: 0, sd: 1 } };
    bp.correlations = [
      { columns: ['age', 'c'], r: 0.9 },
      { columns: ['age', 'd'], r: 0.9 },
      { columns: ['c', 'd'], r: -0.9 },
    ];
    const text = serializeBlueprint(bp);
    const p = parseBlueprint(text).problems.find((x) => x.code === 'blueprint/correlations-not-psd')!;
    expect(p).toBeDefined();
    const fixed = applyEdits(text, quickFixes(text, p)[0].edits);
    expect(parseBlueprint(fixed).problems).toEqual([]);
  });
});

describe('quick fixes', () => {
  it('normalises probabilities to sum exactly to 1 (to 6 decimals)', () => {
    const out = normalizeProbabilities({ a: 1, b: 1, c: 1 });
    expect(out).toEqual({ a: 0.333334, b: 0.333333, c: 0.333333 });
    const bp = base();
    (bp.columns[1].distribution as { probabilities: Record<string, number> }).probabilities = { basic: 2, pro: 6 };
    const text = serializeBlueprint(bp);
    const problem = parseBlueprint(text).problems[0];
    const fixed = applyEdits(text, quickFixes(text, problem)[0].edits);
    expect(JSON.parse(fixed).columns[1].distribution.probabilities).toEqual({ basic: 0.25, pro: 0.75 });
  });

  it('repairs a correlation matrix to a valid one close to it', () => {
    const bad = [
      [1, 0.9, 0.9],
      [0.9, 1, -0.9],
      [0.9, -0.9, 1],
    ];
    expect(minEigenvalue(fromRows(bad), 3)).toBeLessThan(0);
    const good = repairCorrelation(bad);
    expect(minEigenvalue(fromRows(good), 3)).toBeGreaterThanOrEqual(-1e-9);
    for (let i = 0; i < 3; i++) expect(good[i][i]).toBe(1);
    expect(good[0][1]).toBe(good[1][0]);
  });

  it('adds a missing column of the type its use suggests, and corrects a misspelt one', () => {
    const text = serializeBlueprint(base({ constraints: [{ expr: "tier = 'gold' or agee > 20" }] }));
    const problems = parseBlueprint(text).problems;
    const tier = problems.find((p) => p.data?.name === 'tier')!;
    const add = quickFixes(text, tier).find((f) => f.title.startsWith('Add column'))!;
    expect(add.title).toBe('Add column "tier" (category)');
    const agee = problems.find((p) => p.data?.name === 'agee')!;
    const fixed = applyEdits(applyEdits(text, add.edits), []);
    const both = applyEdits(
      fixed,
      quickFixes(
        fixed,
        parseBlueprint(fixed).problems.find((p) => p.data?.name === 'agee')!,
      )[0].edits,
    );
    expect(quickFixes(text, agee)[0].title).toBe('Change to "age"');
    expect(parseBlueprint(both).problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(JSON.parse(both).constraints[0].expr).toBe("tier = 'gold' or age > 20");
  });
});
