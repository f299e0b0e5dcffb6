import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBlueprint } from '../../../../src/core/blueprint/parse';
import { TEMPLATES, templateText } from '../../../../src/core/blueprint/templates';
import { checkConstraints } from '../../../../src/core/constraints/check';
import { generateTable } from '../../../../src/core/generate';

describe('templates', () => {
  it('each has a categorical dependence, an explained logistic target and constraints', () => {
    for (const t of TEMPLATES) {
      const bp = t.blueprint;
      const kinds = bp.columns.map((c) => c.distribution?.kind);
      expect(
        kinds.some((k) => k === 'conditional' || k === 'bands'),
        t.id,
      ).toBe(true);
      const target = bp.columns.find((c) => c.name === bp.target)!;
      expect(target.distribution?.kind, t.id).toBe('logistic');
      expect(target.description, t.id).toBeTruthy();
      expect(bp.constraints!.length, t.id).toBeGreaterThanOrEqual(3);
      expect(parseBlueprint(templateText(t)).problems, t.id).toEqual([]);
    }
  });

  for (const t of TEMPLATES) {
    it(`${t.id}: every constraint holds for any seed (property test)`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
          const bp = { ...t.blueprint, seed, rows: 300 };
          const results = checkConstraints(bp, generateTable(bp));
          for (const r of results) {
            expect(r.skipped, `${t.id} seed ${seed}: ${r.expr}`).toBeUndefined();
            expect(r.violations, `${t.id} seed ${seed}: ${r.expr} broken at rows ${r.firstRows.join(', ')}`).toBe(0);
          }
        }),
        { numRuns: 12 },
      );
    });
  }
});
