import { describe, expect, it } from 'vitest';
import { gradeOf } from '../../../../src/core/quality/score';
import { combineScores, DEFAULT_WEIGHTS, gradeOfParts, resolveWeights } from '../../../../src/core/quality/score';

const part = (score: number | null, skipped?: string): { score: number | null; meaning: string; skipped?: string } => ({
  score,
  meaning: 'm',
  ...(skipped ? { skipped } : {}),
});

describe('overall score', () => {
  it('weights fidelity 0.4, utility 0.4, privacy 0.2 by default', () => {
    expect(DEFAULT_WEIGHTS).toEqual({ fidelity: 0.4, utility: 0.4, privacy: 0.2 });
    const r = combineScores({ fidelity: part(0.9), utility: part(0.5), privacy: part(1) });
    expect(r.score).toBeCloseTo(0.4 * 0.9 + 0.4 * 0.5 + 0.2 * 1, 12);
    expect(r.notes).toEqual([]);
    expect(r.breakdown.utility).toEqual({ score: 0.5, weight: 0.4, appliedWeight: 0.4, meaning: 'm' });
  });
  it('renormalises over the parts that could be computed, and says so', () => {
    const r = combineScores({ fidelity: part(0.9), utility: part(null, 'no holdout'), privacy: part(0.6) });
    // weights 0.4 and 0.2 renormalised to 2/3 and 1/3
    expect(r.score).toBeCloseTo((0.4 * 0.9 + 0.2 * 0.6) / 0.6, 6);
    expect(r.breakdown.utility.appliedWeight).toBe(0);
    expect(r.breakdown.fidelity.appliedWeight).toBeCloseTo(2 / 3, 6);
    expect(r.notes[0]).toBe(
      'Score: left out utility (no holdout); the remaining weights were renormalised to fidelity 0.67, privacy 0.33.',
    );
    const only = combineScores({ fidelity: part(0.8), utility: part(null), privacy: part(null) });
    expect(only.score).toBe(0.8);
  });
  it('takes custom weights and rejects bad ones', () => {
    expect(
      combineScores({ fidelity: part(1), utility: part(0), privacy: part(0) }, { fidelity: 1, utility: 0, privacy: 0 })
        .score,
    ).toBe(1);
    expect(
      combineScores({ fidelity: part(0.5), utility: part(null), privacy: part(null) }, { fidelity: 0 }).score,
    ).toBe(0.5);
    expect(() => resolveWeights({ privacy: -1 })).toThrow(/privacy weight/);
    expect(() => resolveWeights({ utility: Number.NaN })).toThrow();
  });
  it('grades A+ >= 90, A >= 80, B+ >= 70, B >= 60, C >= 50, F below', () => {
    expect([0.9, 0.8999, 0.8, 0.7, 0.6, 0.5, 0.4999, 0].map(gradeOf)).toEqual([
      'A+',
      'A',
      'A',
      'B+',
      'B',
      'C',
      'F',
      'F',
    ]);
  });
});

describe('the grade of the parts', () => {
  const breakdown = (f: number | null, u: number | null, p: number | null) =>
    combineScores({ fidelity: part(f), utility: part(u, u === null ? 'no target' : undefined), privacy: part(p) });

  it('is A, with a note naming the part, when an A+ score hides a part under 0.9', () => {
    // Titanic's cart twin: 0.4 x 0.95 + 0.4 x 0.96 + 0.2 x 0.84 = 0.932, A+ by the score alone.
    const r = breakdown(0.95, 0.96, 0.84);
    expect(r.score).toBeCloseTo(0.932, 12);
    expect(gradeOfParts(r.score, r.breakdown)).toEqual({
      grade: 'A',
      note: 'Grade: A, not A+ (score 93.2): A+ asks 90 or more of every part, and privacy 84.0 falls short.',
    });
    const two = breakdown(0.89, 1, 0.85);
    expect(gradeOfParts(two.score, two.breakdown).note).toMatch(/fidelity 89\.0, privacy 85\.0 fall short\.$/);
  });

  it('stays A+ when every part that counts is 0.9 or more, and leaves other grades alone', () => {
    const r = breakdown(0.9, 0.95, 1);
    expect(gradeOfParts(r.score, r.breakdown)).toEqual({ grade: 'A+' });
    // A part left out of the score (no target) does not hold the grade back.
    const skipped = breakdown(0.95, null, 0.92);
    expect(gradeOfParts(skipped.score, skipped.breakdown)).toEqual({ grade: 'A+' });
    // 0.4 x 0.9 + 0.4 x 0.9 + 0.2 x 0.6 = 0.84: A by the score, whatever its parts.
    const a = breakdown(0.9, 0.9, 0.6);
    expect(gradeOfParts(a.score, a.breakdown)).toEqual({ grade: 'A' });
  });
});
