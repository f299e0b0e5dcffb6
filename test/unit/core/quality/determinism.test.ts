/**
 * The report is a function of the real table, the synthetic table and the seed: Synthesize and a
 * later Generate on the unchanged blueprint (which writes the same CSV bytes) give the same
 * numbers, and so do two runs of either.
 */
import { describe, expect, it } from 'vitest';
import { generateFromText, synthesize } from '../../../../src/core/pipeline';
import type { QualityReport } from '../../../../src/core/quality/types';
import { fixture } from '../../helpers';

/** The numbers of a report (what a person compares between runs). */
function numbers(r: QualityReport): Record<string, unknown> {
  return {
    score: r.score,
    scores: r.scores,
    fidelity: r.fidelity,
    validity: r.validity.score,
    privacy: { dcrShare: r.privacy.dcrShare, score: r.privacy.score, copies: r.privacy.exactCopies },
    utility: { retained: r.utility.retained, models: r.utility.models, target: r.utility.target?.column },
    distinguishability: r.distinguishability,
    columns: r.columns,
  };
}

describe('report determinism', () => {
  for (const file of ['taxis-200.csv', 'adult-2000.csv', 'titanic.csv']) {
    it(`${file}: Synthesize and Generate on its unchanged blueprint give the same report numbers`, () => {
      const csv = fixture(file);
      const s = synthesize({ csv, fileName: file });
      const g = generateFromText({ blueprintText: s.blueprintText, fileName: 'x.synth.json', sourceCsv: csv });
      expect(g.csvText).toBe(s.csvText);
      const again = generateFromText({ blueprintText: s.blueprintText, fileName: 'x.synth.json', sourceCsv: csv });
      expect(numbers(again.report!)).toEqual(numbers(g.report!));
      expect(numbers(g.report!)).toEqual(numbers(s.report));
    });
  }
});
