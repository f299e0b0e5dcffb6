/**
 * Fresh values for a category's pooled rare level (generate/rareValues.ts). Written as one label
 * ("other"), the rows of a column's many rare values are one value the source never has, which
 * a classifier picks out at once: ../shared/tools/detect.py on openintro's seattlepets (52,519
 * pets, a quarter of them with a name seen fewer than 5 times) scored the synthetic rows 0.61,
 * and 0.95 with fresh names; gt's films 0.40 -> 0.60 (lists of languages and countries), the
 * shared taxis.csv 0.86 -> 0.92 (zones), all measured with the CLI at seed 42.
 */
import { describe, expect, it } from 'vitest';
import { parseBlueprint } from '../../../../src/core/blueprint/parse';
import type { Blueprint } from '../../../../src/core/blueprint/types';
import { readCsv } from '../../../../src/core/csv/read';
import { writeCsv } from '../../../../src/core/csv/write';
import { fitBlueprint } from '../../../../src/core/fit';
import { BLOCK_ROWS, concatTables, generateTable } from '../../../../src/core/generate';
import { freshValueMaker } from '../../../../src/core/generate/rareValues';
import { synthesize } from '../../../../src/core/pipeline';
import { distinguishabilitySection } from '../../../../src/core/quality/distinguishability';
import { Rng } from '../../../../src/core/random';
import type { CategoricalColumn, Table } from '../../../../src/core/table';
import { faker } from '@faker-js/faker';
import { bytes, fixture } from '../../helpers';

const COMMON = [
  'Lucy', 'Charlie', 'Luna', 'Bella', 'Max', 'Daisy', 'Molly', 'Jack', 'Lily', 'Stella', 'Buddy', 'Oliver',
  'Lola', 'Sadie', 'Bailey', 'Chloe', 'Rosie', 'Cooper', 'Penny', 'Sophie', 'Zoe', 'Milo', 'Leo', 'Toby',
  'Coco', 'Ruby', 'Gracie', 'Oscar', 'Riley', 'Maggie',
]; // prettier-ignore

const codesOf = (t: Table, name: string): string[] => {
  const col = t.columns.find((c) => c.name === name) as CategoricalColumn;
  return Array.from(col.codes, (c) => (c < 0 ? '' : col.levels[c]));
};

describe('freshValueMaker', () => {
  it('makes names like the levels, none of them, as many distinct as asked, the same for a seed', () => {
    const make = freshValueMaker([...COMMON, 'other'], 'other')!;
    const draw = (seed: number): string[] => {
      const rng = new Rng(seed);
      const used = new Set<string>();
      return Array.from({ length: 300 }, () => {
        const v = make(rng, used);
        used.add(v);
        return v;
      });
    };
    const made = draw(1);
    expect(draw(1)).toEqual(made);
    expect(made.filter((v) => COMMON.includes(v) || v === 'other')).toEqual([]);
    expect(new Set(made).size).toBe(300);
    // Within the levels' lengths (3 to 7 characters), a capital first as in every level.
    for (const v of made) expect(v).toMatch(/^[A-Z][a-z]{2,6}$/);
  });

  it('makes lists of the levels’ items, each item once', () => {
    const levels = ['en', 'fr', 'it', 'es', 'de', 'ja', 'en,fr', 'fr,en', 'it,fr', 'en,es', 'fr,de', 'ja,en', 'other'];
    const make = freshValueMaker(levels, 'other')!;
    const rng = new Rng(3);
    const used = new Set<string>();
    const made = Array.from({ length: 10 }, () => {
      const v = make(rng, used);
      used.add(v);
      return v;
    });
    for (const v of made) expect(levels).not.toContain(v);
    // Lists of the items, each once (a few may come from the character model, when the lists run out).
    const lists = made.filter((v) => {
      const items = v.split(',');
      return (
        items.every((x) => ['en', 'fr', 'it', 'es', 'de', 'ja'].includes(x)) && new Set(items).size === items.length
      );
    });
    expect(lists.length / made.length).toBeGreaterThan(0.8);
  });

  it('has nothing to learn from without another level, and gives the label when nothing new comes', () => {
    expect(freshValueMaker(['other'], 'other')).toBeUndefined();
    // One level of one character: every draw is that level.
    const make = freshValueMaker(['a', 'other'], 'other')!;
    expect(make(new Rng(1), new Set())).toBe('other');
  });

  it('never starts a value like a spreadsheet formula', () => {
    const make = freshValueMaker(['=SUM(A1)', '=B2', '+C3', 'other'], 'other')!;
    const rng = new Rng(5);
    for (let i = 0; i < 50; i++) expect(make(rng, new Set())).not.toMatch(/^[=+\-@]/);
  });
});

describe("a category of many rare values, fitted and generated (Seattle's pet breeds)", () => {
  const csv = fixture('pets-3000.csv');
  const out = synthesize({ csv, fileName: 'pets.csv', holdout: 0.2, seed: 42 });
  const spec = out.blueprint.columns.find((c) => c.name === 'primary_breed')!;
  const fit = fitBlueprint(readCsv(csv), { holdout: 0.2, seed: 42 });
  const common = new Set(Object.keys((spec.distribution as { probabilities: Record<string, number> }).probabilities));

  it('is marked in the blueprint, which names no rare value, and its rows get fresh names', () => {
    expect(spec.rareLevel).toBe('other');
    // Breeds seen once in the sample are not in the blueprint (a rare one: "Pointer, German Wirehaired").
    expect(out.blueprintText).not.toContain('Wirehaired');
    expect(out.warnings.map((w) => w.message)).toContainEqual(
      expect.stringContaining('generated as fresh values made like the column\'s other values (level "other"'),
    );
    const names = codesOf(generateTable(out.blueprint, { rows: 3000 }), 'primary_breed').filter((n) => n !== '');
    const fresh = names.filter((n) => !common.has(n));
    // The rare share of the training rows (counted here on them), within a few points.
    const train = codesOf(fit.train, 'primary_breed').filter((n) => n !== '');
    const counts = new Map<string, number>();
    for (const n of train) counts.set(n, (counts.get(n) ?? 0) + 1);
    const rareShare = train.filter((n) => counts.get(n)! < 5).length / train.length;
    expect(Math.abs(fresh.length / names.length - rareShare)).toBeLessThan(0.05);
    expect(names.filter((n) => n === 'other').length).toBe(0);
    expect(new Set(fresh).size / fresh.length).toBeGreaterThan(0.9);
    // The report counts no fresh name as a value outside the column's categories.
    expect(out.report.validity.columns.find((c) => c.name === 'primary_breed')?.categories?.outside).toBe(0);
    expect(parseBlueprint(out.blueprintText, 'pets.synth.json').problems.filter((p) => p.severity === 'error')).toEqual(
      [],
    );
  });

  it('depends on the row blocks alone: a sharded run, concatenated, is the single run', () => {
    const rows = 2 * BLOCK_ROWS + 77;
    const whole = generateTable(out.blueprint, { rows });
    const parts = [1, 2, 3].map((index) => generateTable(out.blueprint, { rows, shard: { index, count: 3 } }));
    expect(writeCsv(concatTables(parts), out.blueprint.columns)).toBe(writeCsv(whole, out.blueprint.columns));
  });
});

describe('names of which many are rare', () => {
  // 48 first names on 30 rows each and 1,200 others once each, all from faker's English lists
  // (one population of names, as a register's common and rare names are), in a shuffled order.
  const { female = [], male = [] } = faker.definitions.person.first_name;
  const all = [...new Set([...female, ...male])].sort();
  const common = all.filter((_, i) => i % 60 === 0).slice(0, 48);
  const rare = all
    .filter((_, i) => i % 60 !== 0)
    .filter((_, i) => i % 2 === 0)
    .slice(0, 1200);
  const names = [...common.flatMap((n) => Array<string>(30).fill(n)), ...rare];
  const order = names.map((_, i) => (i * 7919) % names.length);
  const csv = bytes(
    `name,kind,age\n${order.map((i) => `${names[i]},${i % 3 ? 'dog' : 'cat'},${1 + (i % 14)}`).join('\n')}\n`,
  );
  const fit = fitBlueprint(readCsv(csv), { holdout: 0.2, seed: 42 });

  it('are harder to tell from the real rows as fresh names than as one label', () => {
    const spec = fit.blueprint.columns.find((c) => c.name === 'name')!;
    expect(spec.rareLevel).toBe('other');
    const withLabel: Blueprint = {
      ...fit.blueprint,
      columns: fit.blueprint.columns.map((c) => (c.name === 'name' ? { ...c, rareLevel: undefined } : c)),
    };
    const rows = fit.train.rowCount;
    const fresh = distinguishabilitySection(fit.train, generateTable(fit.blueprint, { rows })).report;
    const label = distinguishabilitySection(fit.train, generateTable(withLabel, { rows })).report;
    // "other" on a third of the rows gives them away (0.54 here); fresh names sort among the real
    // ones (0.86).
    expect(label.features[0].column).toBe('name');
    expect(label.score!).toBeLessThan(0.7);
    expect(fresh.score!).toBeGreaterThan(label.score! + 0.2);
  });
});
