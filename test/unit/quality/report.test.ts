import { describe, expect, it } from 'vitest';
import { toTable } from '../../../src/core/csv/convert';
import { inferColumns } from '../../../src/core/csv/infer';
import { readCsv } from '../../../src/core/csv/read';
import { buildReport } from '../../../src/core/quality/report';
import { gradeOf } from '../../../src/core/quality/model';
import type { Table } from '../../../src/core/table';
import { fixture } from '../helpers';

function load(name: string): Table {
  const raw = readCsv(fixture(name));
  return toTable(raw, inferColumns(raw)).table;
}

describe('buildReport', () => {
  const penguins = load('penguins.csv');

  it('scores a table against itself as perfect', () => {
    const r = buildReport(penguins, penguins);
    expect(r.score).toBe(1);
    expect(r.fidelity.columnShapes).toBe(1);
    expect(r.fidelity.pairTrends).toBe(1);
    expect(r.grade).toBe('A+');
    // 7 scored columns -> 21 pairs; 4 numeric columns -> 6 CorrelationSimilarity pairs.
    expect(r.fidelity.pairs).toHaveLength(21);
    expect(r.fidelity.pairs.filter((p) => p.metric === 'CorrelationSimilarity')).toHaveLength(6);
    expect(r.fidelity.columns.species).toEqual({ metric: 'TVComplement', score: 1 });
    expect(r.fidelity.columns.body_mass_g).toEqual({ metric: 'KSComplement', score: 1 });
  });

  it('keeps column shapes but loses pair trends when a column is shuffled', () => {
    const mass = penguins.columns.find((c) => c.name === 'body_mass_g')!;
    if (mass.storage !== 'numeric') throw new Error('numeric expected');
    const reversed = Float64Array.from(mass.values).reverse();
    const synth: Table = { rowCount: penguins.rowCount, columns: penguins.columns.map((c) => (c === mass ? { ...mass, values: reversed } : c)) };
    const r = buildReport(penguins, synth);
    expect(r.fidelity.columnShapes).toBe(1);
    expect(r.fidelity.pairTrends).toBeLessThan(0.95);
    const pair = r.fidelity.pairs.find((p) => p.columns.join() === 'flipper_length_mm,body_mass_g')!;
    // numpy.corrcoef(flipper_length_mm, body_mass_g) over the 342 penguins rows with both present
    // = 0.8712017673060111; reversing one column breaks the relation.
    expect(pair.real).toBeCloseTo(0.8712017673060111, 6);
    expect(pair.score).toBeCloseTo(1 - Math.abs(pair.real! - pair.synthetic!) / 2, 6);
  });

  it('leaves identifiers and text out of the scores and says why', () => {
    const messy = load('messy.csv');
    const r = buildReport(messy, messy);
    expect(r.fidelity.columns.customer_id).toBeUndefined();
    expect(r.fidelity.excluded.find((e) => e.column === 'customer_id')?.reason).toMatch(/identifier/);
  });

  it('grades on the issue\'s scale', () => {
    expect([0.95, 0.9, 0.85, 0.7, 0.65, 0.5, 0.49].map(gradeOf)).toEqual(['A+', 'A+', 'A', 'B+', 'B', 'C', 'F']);
  });
});
