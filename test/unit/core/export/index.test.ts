import { describe, expect, it } from 'vitest';
import { findTemplate } from '../../../../src/core/blueprint/templates';
import type { Blueprint } from '../../../../src/core/blueprint/types';
import { checkConstraints, describeViolation } from '../../../../src/core/constraints/check';
import { defaultOutputPath } from '../../../../src/core/export';
import { generateTable } from '../../../../src/core/generate';
import { generateFromText } from '../../../../src/core/pipeline';
import { serializeBlueprint } from '../../../../src/core/blueprint/serialize';

const churn = findTemplate('churn')!.blueprint;

function generate(format: NonNullable<Blueprint['output']>['format'], rows = 50): string {
  const bp: Blueprint = { ...churn, rows, output: { format } };
  return generateFromText({ blueprintText: serializeBlueprint(bp), fileName: 'c.synth.json' }).outputText;
}

describe('export formats', () => {
  it('JSON: an array of typed row objects, the same rows as the CSV', () => {
    const rows = JSON.parse(generate('json')) as Record<string, unknown>[];
    expect(rows).toHaveLength(50);
    const csvLines = generate('csv').trim().split('\n');
    expect(Object.keys(rows[0])).toEqual(csvLines[0].split(','));
    const first = csvLines[1].split(',');
    expect(rows[0].customer_id).toBe(first[0]);
    expect(rows[0].tenure_months).toBe(Number(first[4]));
    expect(typeof rows[0].churn).toBe('boolean');
    expect(rows[0].churn).toBe(first[10] === 'Yes');
  });

  it('JSON Lines: one object per line; bundle: the blueprint that made the rows, and the rows', () => {
    const lines = generate('jsonl', 20).trim().split('\n');
    expect(lines).toHaveLength(20);
    expect(JSON.parse(lines[19]).customer_id).toBe('CUST-00020');
    const bundle = JSON.parse(generate('bundle', 5));
    expect(bundle.blueprint.name).toBe('customer_churn');
    expect(bundle.blueprint.columns).toEqual(JSON.parse(JSON.stringify(churn.columns)));
    expect(bundle.generator).toMatchObject({ tool: 'synth-studio', method: 'rules', seed: 42, rows: 5 });
    expect(bundle.rows).toHaveLength(5);
    expect(JSON.parse(generate('json', 0))).toEqual([]);
  });

  it('names the default output after the format', () => {
    expect(defaultOutputPath({ name: 'x', output: { format: 'jsonl' } })).toBe('x.synthetic.jsonl');
    expect(defaultOutputPath({ name: 'x', output: { format: 'bundle' } })).toBe('x.synthetic.bundle.json');
    expect(defaultOutputPath({ name: 'x' })).toBe('x.synthetic.csv');
  });
});

describe('constraint checker', () => {
  it('counts the rows that break a constraint and says where the first ones are', () => {
    const bp: Blueprint = {
      ...churn,
      rows: 1000,
      constraints: [{ expr: 'tenure_months <= 60' }, { expr: 'total_charges >= 0' }, { expr: 'nope > 1' }],
    };
    const table = generateTable(bp);
    const [tenure, total, broken] = checkConstraints(bp, table);
    const values = (table.columns.find((c) => c.name === 'tenure_months') as { values: Float64Array }).values;
    const expected = [...values].filter((v) => v > 60).length;
    expect(tenure.violations).toBe(expected);
    expect(tenure.firstRows[0]).toBe([...values].findIndex((v) => v > 60));
    expect(total.violations).toBe(0);
    expect(broken.skipped).toMatch(/Unknown column "nope"/);
    expect(
      describeViolation({ index: 0, expr: 'discount_pct <= 100', violations: 12, rows: 1000, firstRows: [56] }),
    ).toBe('12 of 1,000 rows break `discount_pct <= 100`; first at row 57.');
  });
});
