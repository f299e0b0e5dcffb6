import { describe, expect, it } from 'vitest';
import { parseBlueprint } from '../../../../src/core/blueprint/parse';
import { synthesize } from '../../../../src/core/pipeline';
import { fixture } from '../../helpers';

/** Problems (code @ JSON path) of a fitted blueprint after `edit`. */
function problems(method: 'copula' | 'cart' | 'augment', edit: (b: Record<string, any>) => void): string[] {
  const out = synthesize({ csv: fixture('penguins.csv'), fileName: 'penguins.csv', method });
  const b = JSON.parse(out.blueprintText);
  edit(b);
  return parseBlueprint(JSON.stringify(b, null, 2), 'p.synth.json').problems.map(
    (p) => `${p.severity} ${p.code} ${p.jsonPath ?? ''}`,
  );
}

describe('fitted models are validated', () => {
  it('a cart split on a column generated later is an error at its path', () => {
    const found = problems('cart', (b) => {
      const last = b.model.order[b.model.order.length - 1];
      const tree = b.model.trees[b.model.order[1]];
      b.model.trees[b.model.order[1]] = { column: last, in: ['x'], missing: 'left', left: tree, right: { rows: 10 } };
    });
    expect(found.some((p) => p.startsWith('error blueprint/split-order'))).toBe(true);
  });

  it('cart: unknown columns, bad ranks and bad missing directions are errors', () => {
    const found = problems('cart', (b) => {
      b.model.order.push('nope');
      const first = b.model.order[0];
      b.model.trees[first] = { column: first, missing: 'up', left: { rows: 3, ranks: [0.5, 0.2] }, right: { rows: 2 } };
    });
    expect(found.some((p) => p.startsWith('error blueprint/unknown-column'))).toBe(true);
    expect(found.some((p) => p.startsWith('error blueprint/enum') && p.includes('missing'))).toBe(true);
    expect(found.some((p) => p.startsWith('error blueprint/type') && p.includes('ranks'))).toBe(true);
  });

  it('copula segments: a wrong-sized correlation and weights that do not sum to 1 are reported', () => {
    const found = problems('copula', (b) => {
      b.model.segments[0].correlation = [[1]];
      b.model.segments[0].weight = 5;
    });
    expect(found.some((p) => p.startsWith('error blueprint/correlation-shape') && p.includes('segments'))).toBe(true);
    expect(found.some((p) => p.startsWith('warning blueprint/weights-sum'))).toBe(true);
  });

  it('augment: flip outside 0..1 and an unknown target are errors', () => {
    const found = problems('augment', (b) => {
      b.model.flip = 2;
      b.model.target = 'nope';
    });
    expect(found.some((p) => p.startsWith('error blueprint/range') && p.includes('flip'))).toBe(true);
    expect(found.some((p) => p.startsWith('error blueprint/unknown-column') && p.includes('target'))).toBe(true);
  });

  it('empirical probabilities must rise from 0 to 1, one per quantile', () => {
    const found = problems('copula', (b) => {
      b.columns[2].distribution.probabilities = [0, 0.5, 0.4];
    });
    expect(found.some((p) => p.startsWith('error blueprint/probabilities'))).toBe(true);
  });
});

describe('fitted blueprints of every method match the shipped JSON Schema', () => {
  it.each(['copula', 'cart', 'augment'] as const)('%s', async (method) => {
    const { default: Ajv } = await import('ajv');
    const { readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const schema = JSON.parse(
      readFileSync(path.join(__dirname, '..', '..', '..', '..', 'schemas', 'synth.schema.json'), 'utf8'),
    );
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    ajv.addVocabulary(['enumDescriptions', 'defaultSnippets', 'markdownDescription']);
    const validate = ajv.compile(schema);
    for (const file of ['penguins.csv', 'titanic.csv', 'taxis-200.csv']) {
      const bp = synthesize({ csv: fixture(file), fileName: file, method }).blueprint;
      expect(validate(JSON.parse(JSON.stringify(bp))), `${file}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(
        true,
      );
    }
  });
});

describe('a freshly fitted blueprint is free of problems', () => {
  // taxis has 100+ zones: cart leaves with many levels once wrote probabilities summing to
  // 0.996..1.004 (each rounded to 4 decimals on its own), warned about in the file just written.
  for (const method of ['copula', 'cart'] as const) {
    for (const file of ['taxis-200.csv', 'titanic.csv', 'adult-2000.csv']) {
      it(`${method} on ${file}`, () => {
        const out = synthesize({ csv: fixture(file), fileName: file, method });
        expect(
          parseBlueprint(out.blueprintText, 'x.synth.json').problems.map((p) => `${p.code} ${p.jsonPath ?? ''}`),
        ).toEqual([]);
      });
    }
  }
});

/**
 * Counters (fit/marginals.ts `describeSequence`, generate/marginals.ts `sequenceValue`): an
 * integer identifier is generated as start + row x step, the step being its values' span per row
 * of the whole source. Expected values worked out by hand from the tables below.
 */
describe('identifiers that count the rows', () => {
  const table = (ids: number[]): Uint8Array =>
    new TextEncoder().encode(['id,x', ...ids.map((id, i) => `${id},${(i * 7919) % 101}`)].join('\n') + '\n');

  it('keep step 1 when the source numbers its rows 1..n, whatever the holdout took', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => i + 1);
    const out = synthesize({ csv: table(ids), fileName: 'ids.csv' });
    const spec = out.blueprint.columns.find((c) => c.name === 'id')!;
    expect(spec.distribution).toEqual({ kind: 'sequence', start: 1, step: 1 });
  });

  it('are spaced as the source when it skips numbers, and generated whole, increasing and within its span', () => {
    // 2,000 rows numbered 1, 3, 4, 6, 7, 9, ...: every third number skipped, 3,000 at most, so
    // (3,000 - 1) / (2,000 - 1) = 1.50025 per row (1.5003 to four decimals), when 1 and 3,000
    // are among the training rows (seed 42 keeps both).
    const ids = Array.from({ length: 2000 }, (_, i) => i + 1 + Math.floor((i + 1) / 2));
    expect(ids.slice(0, 5)).toEqual([1, 3, 4, 6, 7]);
    expect(ids[1999]).toBe(3000);
    const out = synthesize({ csv: table(ids), fileName: 'ids.csv', seed: 42 });
    const spec = out.blueprint.columns.find((c) => c.name === 'id')!;
    expect(spec.distribution).toEqual({ kind: 'sequence', start: 1, step: 1.5003 });
    const lines = out.csvText.trim().split('\n').slice(1);
    const made = lines.map((l) => Number(l.split(',')[0]));
    expect(made.length).toBe(2000);
    // Row g: 1 + floor(g x 1.5003): 1, 2, 4, 5, 7, 8, ... and the last, g = 1,999: 1 + 2,999.
    expect(made.slice(0, 6)).toEqual([1, 2, 4, 5, 7, 8]);
    expect(made[1999]).toBe(3000);
    expect(made.every((v, i) => Number.isInteger(v) && (i === 0 || v > made[i - 1]))).toBe(true);
  });

  it('that count down with the rows (newest first) count down from the largest, spaced as the source', () => {
    // The ids of the test above, reversed: 3,000 first and 1 last (rows 0 and 1,999, which seed 42
    // keeps for training, as above), so the step is -1.5003.
    const ids = Array.from({ length: 2000 }, (_, i) => i + 1 + Math.floor((i + 1) / 2)).reverse();
    const out = synthesize({ csv: table(ids), fileName: 'ids.csv', seed: 42 });
    const spec = out.blueprint.columns.find((c) => c.name === 'id')!;
    expect(spec.distribution).toEqual({ kind: 'sequence', start: 3000, step: -1.5003 });
    const made = out.csvText
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[0]));
    // Row g: 3,000 - floor(g x 1.5003): 3000, 2999, 2997, 2996, 2994, 2993, ... and g = 1,999: 1.
    expect(made.slice(0, 6)).toEqual([3000, 2999, 2997, 2996, 2994, 2993]);
    expect(made[1999]).toBe(1);
    expect(made.every((v, i) => Number.isInteger(v) && (i === 0 || v < made[i - 1]))).toBe(true);
    expect(out.warnings.some((w) => w.code === 'fit/shuffled-ids')).toBe(false);
  });

  it('in no row order keep their spread: as many low ones as the source, none repeated', () => {
    // 1,000 ids 1..1,000 and 1,000 more from 1,001 by 10 up to 10,991, in the order
    // (7919 i) mod 2,000: half of them at most 1,000. Spaced evenly over 1..10,991 instead, about
    // 1,000 / 10,991 = 9% of the synthetic ids would be.
    const sorted = Array.from({ length: 2000 }, (_, i) => (i < 1000 ? i + 1 : 1001 + 10 * (i - 1000)));
    const ids = Array.from({ length: 2000 }, (_, i) => sorted[(i * 7919) % 2000]);
    const out = synthesize({ csv: table(ids), fileName: 'ids.csv', seed: 42 });
    const d = out.blueprint.columns.find((c) => c.name === 'id')!.distribution;
    if (d?.kind !== 'sequence') throw new Error('a sequence expected');
    expect(d.shuffle).toBe(2000);
    // 65 order statistics (64 steps of at least 5 of the 1,600-odd training ids), rising.
    expect(d.quantiles).toHaveLength(65);
    expect(d.quantiles!.every((q, i) => i === 0 || q >= d.quantiles![i - 1])).toBe(true);
    const made = out.csvText
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[0]));
    expect(new Set(made).size).toBe(2000);
    const low = made.filter((v) => v <= 1000).length / 2000;
    expect(low).toBeGreaterThan(0.45);
    expect(low).toBeLessThan(0.55);
  });

  it('in no row order are shuffled, unique and within the span (not a counter beside row numbers)', () => {
    // 2,000 ids 1..2,000 in the order (i x 7919) mod 2,000 + 1 (7919 is prime to 2,000, so each
    // once): their correlation with the row's place is about 0, far below IN_ORDER (0.9).
    const ids = Array.from({ length: 2000 }, (_, i) => ((i * 7919) % 2000) + 1);
    expect(new Set(ids).size).toBe(2000);
    const out = synthesize({ csv: table(ids), fileName: 'ids.csv', seed: 42 });
    const spec = out.blueprint.columns.find((c) => c.name === 'id')!;
    // The span is 1,999 over the training rows' 1,600-odd values when 1 and 2,000 are among them
    // (seed 42 keeps both): step 1999 / (2000 - 1) = 1 of the whole source, and 2,000 shuffled.
    expect(spec.distribution).toEqual({ kind: 'sequence', start: 1, step: 1, shuffle: 2000 });
    expect(out.warnings.filter((w) => w.code === 'fit/shuffled-ids').map((w) => w.message)).toEqual([
      'Column "id" numbers the rows in no order (its values do not rise with the rows): it is generated as identifiers over its span, each once, in a random order (distribution.shuffle), not counting up with the rows.',
    ]);
    const made = out.csvText
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[0]));
    expect([...made].sort((a, b) => a - b)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    const rising = made.filter((v, i) => i > 0 && v > made[i - 1]).length;
    expect(rising).toBeGreaterThan(800);
    expect(rising).toBeLessThan(1200);
  });
});
