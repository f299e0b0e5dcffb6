import { describe, expect, it } from 'vitest';
import { generateTable } from '../../../../src/core/generate';
import { generateFromText, synthesize } from '../../../../src/core/pipeline';
import { fixture, synthError as error } from '../../helpers';
import { fitted, numbers } from '../fit/methods';

describe('augment', () => {
  it('keeps the target exactly, jitters the other numbers', () => {
    // tips: `tip` as the target. Every synthetic tip is a training row's tip, unchanged; total_bill
    // takes values that no row has.
    const { fit, synthetic } = fitted('tips.csv', 'augment', { target: 'tip' });
    expect(fit.blueprint.target).toBe('tip');
    const realTips = new Set(numbers(fit.train, 'tip'));
    for (const t of numbers(synthetic, 'tip')) expect(realTips.has(t)).toBe(true);
    const realBills = new Set(numbers(fit.train, 'total_bill'));
    const moved = numbers(synthetic, 'total_bill').filter((b) => !realBills.has(b)).length;
    expect(moved).toBeGreaterThan(20);
  });

  it('guesses a target from the usual names and positions', () => {
    expect(fitted('titanic.csv', 'augment').fit.blueprint.target).toBe('survived');
    expect(fitted('adult-2000.csv', 'augment').fit.blueprint.target).toBe('income');
  });

  it('the blueprint holds only noise settings, no rows', () => {
    const { fit } = fitted('penguins.csv', 'augment');
    expect(fit.blueprint.model).toEqual({
      kind: 'augment',
      noise: expect.any(Number),
      move: expect.any(Number),
      flip: expect.any(Number),
      target: 'sex',
    }); // the last column, a category
  });

  it('generation without the source says so clearly', () => {
    const { fit } = fitted('penguins.csv', 'augment');
    expect(error(() => generateTable(fit.blueprint)).code).toBe('generate/augment-needs-source');
    const out = synthesize({ csv: fixture('penguins.csv'), fileName: 'penguins.csv', method: 'augment' });
    expect(
      error(() => generateFromText({ blueprintText: out.blueprintText, fileName: 'penguins.synth.json' })).code,
    ).toBe('generate/augment-needs-source');
  });

  it('refuses a source that changed since fitting', () => {
    const out = synthesize({ csv: fixture('penguins.csv'), fileName: 'penguins.csv', method: 'augment' });
    const changed = new TextEncoder().encode(new TextDecoder().decode(fixture('penguins.csv')).replace('39.1', '39.2'));
    const e = error(() =>
      generateFromText({ blueprintText: out.blueprintText, fileName: 'penguins.synth.json', sourceCsv: changed }),
    );
    expect(e.code).toBe('generate/augment-source-changed');
    expect(e.message).toContain('penguins.csv');
  });
});
