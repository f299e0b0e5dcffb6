import { describe, expect, it } from 'vitest';
import type { ColumnSpec } from '../../../../src/core/blueprint/types';
import { cellPositions, findSourceViolations } from '../../../../src/core/constraints/source';
import { sourceProblems } from '../../../../src/core/constraints/problems';
import { synthesize } from '../../../../src/core/pipeline';
import { bytes, fixture } from '../../helpers';

const COLUMNS: ColumnSpec[] = [
  { name: 'id', type: 'id', unique: true },
  { name: 'age', type: 'integer', min: 18, max: 90 },
  { name: 'plan', type: 'category', distribution: { kind: 'categorical', probabilities: { basic: 0.5, pro: 0.5 } } },
  { name: 'when', type: 'datetime', format: 'YYYY-MM-DD' },
];

describe('schema violations in a source CSV, at the cell', () => {
  it('finds type, bound, category and uniqueness violations with their line and character column', () => {
    const csv =
      'id,age,plan,when\nA1,30,basic,2024-01-01\n"A,2",17,"gold, ""new""",2024-02-30\n\nA1,4x,pro,2024-03-01\n';
    const v = findSourceViolations(bytes(csv), COLUMNS);
    const at = v.cells.map((c) => `${c.line}:${c.character}+${c.length} ${c.column} ${c.code}`);
    // Line 3: "A,2" takes 5 characters, so age starts at 7 and plan at 10; the empty line 4 is skipped.
    expect(at).toEqual([
      '3:7+2 age below-min',
      '3:10+15 plan unknown-category',
      '3:26+10 when not-a-date',
      '5:1+2 id duplicate',
      '5:4+2 age not-a-number',
    ]);
    expect(v.cells[3].message).toBe('"A1" repeats the value of row 1, but "id" is unique.');
    expect(v.total).toBe(5);
  });

  it('caps the located findings and sums up the rest; bounds are skipped for fitted blueprints', () => {
    const rows = Array.from({ length: 300 }, (_, i) => `X${i},${i % 2 ? 'n/a?' : '5'},basic,2024-01-01`).join('\n');
    const v = findSourceViolations(bytes(`id,age,plan,when\n${rows}\n`), COLUMNS, 'big.csv', { cap: 10 });
    expect(v.cells).toHaveLength(10);
    expect(v.total).toBe(300);
    const problems = sourceProblems(v, 'big.csv');
    expect(problems[0].message).toBe(
      "300 cells break the blueprint's schema; the first 10 are marked (by column: age 300).",
    );
    expect(
      findSourceViolations(bytes(`id,age,plan,when\n${rows}\n`), COLUMNS, 'big.csv', { bounds: false }).total,
    ).toBe(150);
  });

  it('after Synthesize, a clean CSV has no findings (held-out rows outside the fitted bounds are not flagged)', () => {
    expect(synthesize({ csv: fixture('penguins.csv'), fileName: 'penguins.csv' }).sourceViolations.total).toBe(0);
  });

  it('cell positions follow RFC 4180 quoting across lines', () => {
    const text = 'a,b\n"x\ny",2\n3,4\n';
    const p = cellPositions(text, ',', new Set([0, 1]));
    expect(p.get(0)).toEqual([
      { line: 2, character: 1, length: 1 },
      { line: 3, character: 4, length: 1 },
    ]);
    expect(p.get(1)).toEqual([
      { line: 4, character: 1, length: 1 },
      { line: 4, character: 3, length: 1 },
    ]);
  });
});
