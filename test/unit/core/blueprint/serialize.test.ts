import { describe, expect, it } from 'vitest';
import { parseBlueprint } from '../../../../src/core/blueprint/parse';
import { serializeBlueprint, stringify } from '../../../../src/core/blueprint/serialize';
import { synthesize } from '../../../../src/core/pipeline';
import { fixture } from '../../helpers';

describe('blueprint text', () => {
  for (const [file, method] of [
    ['adult-2000.csv', 'copula'],
    ['titanic.csv', 'cart'],
  ] as const) {
    it(`${file} (${method}): the model is compact, after the columns and constraints, and the text round-trips`, () => {
      const out = synthesize({ csv: fixture(file), fileName: file, method });
      const text = out.blueprintText;
      const parsed = parseBlueprint(text, 'x.synth.json');
      expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(parsed.blueprint).toEqual(JSON.parse(JSON.stringify(out.blueprint)));
      expect(serializeBlueprint(parsed.blueprint!)).toBe(text);
      const lines = text.split('\n');
      const modelAt = lines.indexOf('  "model": {');
      expect(modelAt).toBeGreaterThan(0);
      // Everything a person reviews comes before the model.
      expect(lines.slice(modelAt).some((l) => l.startsWith('  "columns"') || l.startsWith('  "constraints"'))).toBe(
        false,
      );
      // A segment's column, a distribution, a tree leaf: one line each, not one line per level.
      const modelLines = lines.length - modelAt;
      const expanded = stringify(out.blueprint.model, '  ').split('\n').length;
      expect(modelLines).toBeLessThan(expanded * (method === 'copula' ? 0.5 : 0.8));
    });
  }
});
